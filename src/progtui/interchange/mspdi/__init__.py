"""MS Project XML (MSPDI) in: one file becomes one program, with a warning located at its
line and column for everything the mapping cannot carry (docs/interchange-mspdi.md). Out:
writer.py."""

from __future__ import annotations

import os
import re
from pathlib import Path

from progtui import domain as d
from progtui.errors import InvalidFile, Problem
from progtui.gcpause import paused
from progtui.interchange.mspdi.mapper import Level
from progtui.interchange.mspdi.reader import BASELINE_NAME, read
from progtui.interchange.mspdi.xml import KIND, NAMESPACE, is_xml, parse
from progtui.interchange.yaml.checks import build
from progtui.interchange.yaml.source import MAX_BYTES, read_bytes

__all__ = [
    "BASELINE_NAME",
    "KIND",
    "NAMESPACE",
    "Level",
    "default_key",
    "is_xml",
    "read_mspdi",
    "read_mspdi_bytes",
]


def default_key(path: str | os.PathLike[str]) -> str:
    """A program key from a file name: its stem, with what a key may not hold as '-'."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(path).stem).strip("-")[:40]
    return stem or "MSPDI"


def read_mspdi(
    path: str | os.PathLike[str],
    *,
    key: str | None = None,
    level: Level = 1,
    max_bytes: int = MAX_BYTES,
) -> tuple[d.ProgramData, list[Problem]]:
    """Read one MSPDI file: the program and its warnings; raise InvalidFile on errors."""
    data = read_bytes(path, max_bytes=max_bytes, kind=KIND)
    return read_mspdi_bytes(os.fspath(path), data, key=key or default_key(path), level=level)


def read_mspdi_bytes(
    name: str, data: bytes, *, key: str, level: Level = 1
) -> tuple[d.ProgramData, list[Problem]]:
    """Map MSPDI bytes (*name* locates problems) through the YAML format's checks."""
    with paused():  # a million elements: the collector would rescan them again and again
        root = parse(name, data)
        parsed, problems, warnings = read(name, root, key=key, level=level)
        program, more = build(parsed, field_problems=bool(problems))
    problems += more
    if problems or program is None:
        raise InvalidFile(problems or [Problem(name, 1, 1, "the file holds no valid program")])
    return program, sorted(warnings)
