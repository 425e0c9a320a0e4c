"""progtui's own YAML format (SPEC section 3): a reader that locates every problem at its
line and column, and a writer whose layout makes export -> import -> export byte-identical."""

from __future__ import annotations

import os

from progtui import domain as d
from progtui.errors import InvalidFile, Problem
from progtui.gcpause import paused
from progtui.interchange.yaml.checks import build
from progtui.interchange.yaml.reader import parse
from progtui.interchange.yaml.source import MAX_BYTES, read_text
from progtui.interchange.yaml.writer import dump_program, write_program

__all__ = ["MAX_BYTES", "dump_program", "read_program", "read_program_text", "write_program"]


def read_program(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> d.ProgramData:
    """Read and validate one program file; raise InvalidFile listing every problem."""
    name = os.fspath(path)
    return read_program_text(name, read_text(path, max_bytes=max_bytes))


def read_program_text(name: str, text: str) -> d.ProgramData:
    """Validate a program file's text (*name* locates its problems)."""
    with paused():
        parsed, problems = parse(name, text)
        data, more = build(parsed, field_problems=bool(problems))
    problems += more
    if problems or data is None:
        raise InvalidFile(problems or [Problem(name, 1, 1, "the file holds no valid program")])
    return data
