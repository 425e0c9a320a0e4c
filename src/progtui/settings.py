"""The user's settings file: config.yaml in the user's config folder (or $PROGTUI_CONFIG).

    theme: high-contrast          # a built-in theme or one dropped into <config>/themes/
    keymap:                       # binding id -> keys, applied with App.set_keymap
      projects.rank_up: ctrl+up
      app.quit: ctrl+q

A broken file never stops the app: every problem is collected and shown once at start.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def config_dir() -> Path:
    import platformdirs

    return platformdirs.user_config_path("progtui")


def config_path() -> Path:
    return Path(os.environ.get("PROGTUI_CONFIG") or config_dir() / "config.yaml")


@dataclass(frozen=True, slots=True)
class Settings:
    theme: str | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    problems: tuple[str, ...] = ()


def load_settings(path: Path | None = None) -> Settings:
    """The settings, or the defaults with the reasons why the file could not be used."""
    import yaml

    path = path or config_path()
    if not path.exists():
        return Settings()
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        return Settings(problems=(f"{path}: cannot be read ({str(exc).splitlines()[0]})",))
    if raw is None:
        return Settings()
    if not isinstance(raw, dict):
        return Settings(problems=(f"{path}: expected a mapping with theme: and keymap:",))
    problems = [f"{path}: unknown setting '{k}'" for k in raw if k not in ("theme", "keymap")]
    theme = raw.get("theme")
    if theme is not None and not isinstance(theme, str):
        problems.append(f"{path}: theme should be a name")
        theme = None
    keymap = raw.get("keymap") or {}
    if not isinstance(keymap, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in keymap.items()
    ):
        problems.append(f"{path}: keymap should map binding ids to keys, like app.quit: ctrl+q")
        keymap = {}
    return Settings(theme, dict(keymap), tuple(problems))
