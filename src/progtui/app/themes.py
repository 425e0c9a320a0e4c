"""Themes are data: themes/*.yaml (shipped) and <config>/themes/*.yaml (the user's own)."""

from __future__ import annotations

from pathlib import Path

import yaml
from textual.theme import Theme

DEFAULT = "progtui-dark"


def theme_folders() -> list[Path]:
    from progtui.resources import shipped
    from progtui.settings import config_dir

    return [shipped("themes"), config_dir() / "themes"]


def load_themes(folders: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every theme that loads, and one line for each file that does not."""
    themes: list[Theme] = []
    problems: list[str] = []
    for folder in folders if folders is not None else theme_folders():
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict) or "name" not in data or "primary" not in data:
                    raise ValueError("a theme needs at least name: and primary:")
                data["variables"] = {
                    str(k): str(v) for k, v in (data.get("variables") or {}).items()
                }
                themes.append(Theme(**data))
            except (OSError, UnicodeDecodeError, yaml.YAMLError, TypeError, ValueError) as exc:
                problems.append(f"theme {path}: {str(exc).splitlines()[0]}")
    return themes, problems
