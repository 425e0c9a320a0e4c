"""Spreadsheet tables in and out: CSV (one table a file) and Excel workbooks (a sheet a table),
read through the YAML format's rules (docs/interchange-csv.md)."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Literal

from progtui import domain as d
from progtui.errors import InvalidFile, Problem
from progtui.interchange.table.cells import unquoted
from progtui.interchange.table.columns import STATUS_SHEET, TABLE_NAMES, TABLES
from progtui.interchange.table.csv import dump_csv, key_of_name, looks_like_csv, read_csv
from progtui.interchange.table.reader import Sheet, read_sheets, tidy
from progtui.interchange.table.xlsx import MAGIC, read_xlsx, workbook
from progtui.interchange.yaml.source import MAX_BYTES, decode_utf8, read_bytes

TableFormat = Literal["csv", "xlsx"]
SUFFIXES = (".csv", ".xlsx")

__all__ = [
    "STATUS_SHEET",
    "TABLES",
    "TABLE_NAMES",
    "TableFormat",
    "csv_files",
    "dump_csv",
    "is_table_file",
    "locate_table_person",
    "read_tables",
    "workbook",
    "write_all",
    "write_bytes",
]


def is_table_file(path: str | os.PathLike[str], data: bytes | None = None) -> bool:
    """A CSV or Excel file by its name, or (given its first bytes) by its content: a ZIP
    workbook, or a first line that is one of the tables' header rows."""
    if os.fspath(path).lower().endswith(SUFFIXES):
        return True
    if data is None:
        return False
    if data.startswith(MAGIC):
        return True
    try:
        return looks_like_csv(data[:4096].decode("utf-8", errors="strict").split("\n", 1)[0])
    except UnicodeDecodeError:
        return False


def _default_key(paths: Sequence[str | os.PathLike[str]]) -> str:
    """The program's key from the first file's name: GLX of GLX-projects.csv or GLX.xlsx; of
    a bare projects.csv, its folder's name."""
    first = Path(paths[0])
    stem = first.stem if first.suffix.lower() == ".xlsx" else key_of_name(first.name)
    if not stem:
        stem = first.resolve().parent.name
    return re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-")[:40] or "TABLES"


def read_tables(
    paths: Sequence[str | os.PathLike[str]],
    *,
    key: str | None = None,
    fmt: TableFormat | None = None,
    max_bytes: int = MAX_BYTES,
) -> d.ProgramData:
    """Read one program from its tables (CSV files and workbooks, told apart by content;
    *fmt* "xlsx" takes workbooks only); raise InvalidFile listing every problem at
    FILE:ROW:COLUMN."""
    sheets, problems = _sheets(paths, fmt, max_bytes)
    if problems:
        raise InvalidFile(tidy(problems))
    order = {t: i for i, t in enumerate(TABLE_NAMES)}
    sheets.sort(key=lambda s: order[s.table.name])
    return read_sheets(sheets, key=key or _default_key(paths))


def _sheets(
    paths: Sequence[str | os.PathLike[str]], fmt: TableFormat | None, max_bytes: int
) -> tuple[list[Sheet], list[Problem]]:
    sheets: list[Sheet] = []
    problems: list[Problem] = []
    for path in paths:
        name = os.fspath(path)
        try:
            data = read_bytes(path, max_bytes=max_bytes, kind="CSV or Excel")
            if fmt == "xlsx" or data.startswith(MAGIC) or name.lower().endswith(".xlsx"):
                sheets += read_xlsx(name, data, max_bytes=max_bytes)
            else:
                sheets.append(read_csv(name, decode_utf8(name, data, kind="CSV")))
        except InvalidFile as exc:
            problems += exc.problems
    first: dict[str, str] = {}
    for sheet in sheets:
        t = sheet.table.name
        if t in first:
            problems.append(
                Problem(sheet.name, 1, 1, f"a second {t} table (the first is {first[t]})")
            )
        first.setdefault(t, sheet.name)
    return sheets, problems


def locate_table_person(
    paths: Sequence[str | os.PathLike[str]], person: str, field: str
) -> tuple[str, int, int]:
    """Where the tables write *field* of *person* (FILE, ROW, COLUMN; the person's row when
    the field has no column, the first file's 1:1 when the person is not found): to locate a
    refusal that comes after reading, as ``locate_person`` does for the other formats."""
    sheets, _ = _sheets(paths, None, MAX_BYTES)
    for sheet in sheets:
        if sheet.table.name != "people":
            continue
        header = [h.strip().lower().replace(" ", "_") for h in sheet.header]
        key_col = header.index("key") if "key" in header else 0
        for row, cells in sheet.rows:
            if key_col < len(cells) and unquoted(cells[key_col]) == person:
                col = header.index(field) + 1 if field in header else 1
                return sheet.name, row, col
    return os.fspath(paths[0]), 1, 1


def write_bytes(path: str | os.PathLike[str], content: bytes) -> None:
    """Write *content* atomically: the old file stays whole until the new one is."""
    write_all({Path(path): content})


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file, each atomically, and none unless all could be written out first (the
    old files stay whole until every new one is)."""
    staged: list[tuple[str, Path]] = []
    try:
        for target, content in files.items():
            try:
                mode = target.stat().st_mode & 0o777
            except FileNotFoundError:
                umask = os.umask(0)
                os.umask(umask)
                mode = 0o666 & ~umask
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((tmp, target))
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as fh:
                fh.write(content)
        for tmp, target in staged:
            os.replace(tmp, target)
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise


def csv_files(data: d.ProgramData, folder: str | os.PathLike[str]) -> dict[Path, bytes]:
    """Every table of a program as KEY-TABLE.csv files in *folder* (the names import reads
    back as that program's tables)."""
    return {
        Path(folder) / f"{data.program.key}-{t}.csv": dump_csv(data, t).encode() for t in TABLES
    }


def template(fmt: TableFormat, table: str | None = None) -> bytes:
    """Empty tables with their header rows: one CSV table, or a workbook of all of them."""
    if fmt == "xlsx":
        return workbook(None)
    return dump_csv(None, table or "projects").encode()


def export_bytes(
    data: d.ProgramData, fmt: TableFormat, *, table: str | None = None, today: date | None = None
) -> bytes:
    """A program's table as CSV, or the whole workbook (with the status sheet as of *today*)."""
    if fmt == "xlsx":
        return workbook(data, today=today)
    return dump_csv(data, table or "projects").encode()
