"""Where the shipped data lives: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent


def shipped(name: str) -> Path:
    """The folder *name* (sample_data or themes) of this installation."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"progtui's {name} folder is missing from this installation")


def sample_files() -> list[Path]:
    return sorted(shipped("sample_data").glob("*.yaml"))
