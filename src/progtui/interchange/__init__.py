"""File formats, each a reader (and a writer) that locate every problem: yaml/ (progtui's own),
mspdi/ (MS Project XML) and table/ (CSV files and Excel workbooks)."""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, Any, Literal

from progtui import domain as d
from progtui.errors import Problem
from progtui.interchange.yaml import dump_program, read_program, read_program_text, write_program
from progtui.interchange.yaml.reader import ParsedFile
from progtui.interchange.yaml.source import MAX_BYTES, decode_utf8, read_bytes
from progtui.interchange.yaml.writer import write_atomic

if TYPE_CHECKING:
    from progtui.interchange.mspdi import Level, read_mspdi
    from progtui.interchange.mspdi.writer import choose_baseline, dump_mspdi, write_mspdi
    from progtui.interchange.table import (
        TABLE_NAMES,
        is_table_file,
        locate_table_person,
        read_tables,
    )

# MS Project's and the spreadsheets' modules are imported when a name of theirs is first
# asked for: the app's services import a YAML module (the field rules of a form) before its
# first paint, and importing the XML and workbook readers with it cost a tenth of a second
# of that paint.
_WHERE = {
    "Level": "mspdi",
    "read_mspdi": "mspdi",
    "choose_baseline": "mspdi.writer",
    "dump_mspdi": "mspdi.writer",
    "write_mspdi": "mspdi.writer",
    "TABLE_NAMES": "table",
    "is_table_file": "table",
    "locate_table_person": "table",
    "read_tables": "table",
}


def __getattr__(name: str) -> Any:
    where = _WHERE.get(name)
    if where is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{where}"), name)
    globals()[name] = value
    return value


FileFormat = Literal["yaml", "mspdi", "csv", "xlsx"]

__all__ = [
    "TABLE_NAMES",
    "FileFormat",
    "Level",
    "choose_baseline",
    "dump_mspdi",
    "dump_program",
    "is_table_file",
    "locate_table_person",
    "read_any",
    "read_mspdi",
    "read_program",
    "read_program_text",
    "read_tables",
    "write_atomic",
    "write_mspdi",
    "write_program",
]


def read_any(
    path: str | os.PathLike[str],
    *,
    fmt: FileFormat | None = None,
    key: str | None = None,
    level: Level = 1,
    max_bytes: int = MAX_BYTES,
) -> tuple[d.ProgramData, list[Problem], FileFormat]:
    """Read a program file of either format: the program, its warnings and the format read.

    Without *fmt* the content decides: XML (a '<' first, or a UTF-16 byte-order mark) is read
    as MS Project XML, which refuses any other XML; a workbook (a ZIP file) or a CSV table (a
    .csv name, or a first line that is a table's header row) as a spreadsheet table of one
    program; everything else as YAML. The name's suffix also words the refusals that come
    before any content (a directory, a binary file)."""
    from progtui.interchange.mspdi import KIND as MSPDI_KIND
    from progtui.interchange.mspdi import default_key, is_xml, read_mspdi_bytes
    from progtui.interchange.table import is_table_file, read_tables

    name = os.fspath(path)
    if fmt in ("csv", "xlsx") or (fmt is None and is_table_file(name)):
        program = read_tables(
            [path], key=key, fmt="xlsx" if fmt == "xlsx" else None, max_bytes=max_bytes
        )
        return program, [], _table_format(name, fmt)
    guess = fmt or ("mspdi" if name.lower().endswith((".xml", ".mspdi")) else "yaml")
    kind = MSPDI_KIND if guess == "mspdi" else "YAML"
    data = read_bytes(path, max_bytes=max_bytes, kind=kind)
    if fmt == "mspdi" or (fmt is None and is_xml(data)):
        program, warnings = read_mspdi_bytes(name, data, key=key or default_key(path), level=level)
        return program, warnings, "mspdi"
    if fmt is None and is_table_file(name, data):
        return read_tables([path], key=key, max_bytes=max_bytes), [], _table_format(name, None)
    return read_program_text(name, decode_utf8(name, data, kind=kind)), [], "yaml"


def _table_format(name: str, fmt: FileFormat | None) -> FileFormat:
    if fmt in ("csv", "xlsx"):
        return fmt
    return "xlsx" if name.lower().endswith(".xlsx") else "csv"


def locate_person(
    path: str | os.PathLike[str],
    person: str,
    field: str,
    *,
    fmt: FileFormat,
    key: str | None = None,
    level: Level = 1,
) -> tuple[int, int]:
    """Where a file that was read as *fmt* writes *field* of *person* (its entry, when the
    field is not written; 1:1 when the person is not found): to locate a refusal that comes
    after reading, such as a person who differs from the database's (SPEC 6)."""
    for item in _parsed(path, fmt, key, level).sections.get("people", []):
        if item.key == person:
            return item.at(field)
    return 1, 1


def locate_dependency(
    path: str | os.PathLike[str],
    project: str,
    index: int,
    field: str,
    *,
    fmt: FileFormat,
    key: str | None = None,
    level: Level = 1,
) -> tuple[int, int]:
    """Where a file writes dependency *index* of *project* (to locate a link the database
    cannot resolve, such as another program's project it does not hold)."""
    for item in _parsed(path, fmt, key, level).sections.get("projects", []):
        if item.key == project:
            deps = item.children.get("depends_on", [])
            return deps[index].at(field) if index < len(deps) else item.at()
    return 1, 1


def _parsed(
    path: str | os.PathLike[str], fmt: FileFormat, key: str | None, level: Level
) -> ParsedFile:
    from progtui.interchange.mspdi import default_key
    from progtui.interchange.mspdi.reader import read as read_mspdi_tree
    from progtui.interchange.mspdi.xml import parse as parse_xml
    from progtui.interchange.yaml.reader import parse as parse_yaml

    name = os.fspath(path)
    data = read_bytes(path)
    if fmt == "mspdi":
        root = parse_xml(name, data)
        return read_mspdi_tree(name, root, key=key or default_key(path), level=level)[0]
    return parse_yaml(name, decode_utf8(name, data))[0]
