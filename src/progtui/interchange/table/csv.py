"""CSV files, one table each: UTF-8, a header row, comma-separated (a semicolon or a tab is
recognised from the header row, as some spreadsheets write them)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import PurePath

from progtui import domain as d
from progtui.errors import InvalidFile, Problem
from progtui.interchange.table.cells import written
from progtui.interchange.table.columns import TABLES, Table
from progtui.interchange.table.reader import Sheet
from progtui.text import did_you_mean

KIND = "CSV"
_SEPARATOR = re.compile(r"[-_. ]+")


def dump_csv(data: d.ProgramData | None, table: str) -> str:
    """One table of a program as CSV text (a header row, then a row per entity); without a
    program, the header row alone (the template)."""
    t = TABLES[table]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(t.headers)
    if data is not None:
        cols = t.columns
        w.writerows([written(c, v) for c, v in zip(cols, row, strict=True)] for row in t.rows(data))
    return out.getvalue()


def table_of_name(name: str) -> Table | None:
    """The table a file's name says: projects.csv, GLX-projects.csv, GLX_people.csv."""
    stem = PurePath(name).stem.lower()
    last = _SEPARATOR.split(stem)[-1]
    return TABLES.get(stem) or TABLES.get(last)


def key_of_name(name: str) -> str:
    """What a file's name holds before its table: GLX of GLX-projects.csv, '' of projects.csv."""
    stem = PurePath(name).stem
    t = table_of_name(name)
    if t is None:
        return stem
    return stem[: len(stem) - len(t.name)].rstrip("-_. ") if stem.lower() != t.name else ""


def _normal(header: list[str]) -> set[str]:
    return {h.strip().lower().replace(" ", "_") for h in header if h.strip()}


def table_of_header(header: list[str]) -> Table | None:
    """The one table whose columns the header uses, its required ones all there."""
    names = _normal(header)
    fits = [
        t
        for t in TABLES.values()
        if names <= set(t.headers) and all(c.name in names for c in t.columns if c.required)
    ]
    return fits[0] if len(fits) == 1 else None


def looks_like_csv(text: str) -> bool:
    """True when the first line is the header row of one of the tables."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return table_of_header(next(csv.reader([first], delimiter=_delimiter(first)), [])) is not None


def _delimiter(first_line: str) -> str:
    if "," in first_line:
        return ","
    return ";" if ";" in first_line else "\t" if "\t" in first_line else ","


def read_csv(name: str, text: str) -> Sheet:
    """The table of one CSV file; its name or its header says which (InvalidFile if neither)."""
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first), strict=True)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    header_row = 1
    number = 0
    try:
        for number, cells in enumerate(reader, start=1):
            if not "".join(cells).strip():
                continue
            if header is None:
                header, header_row = cells, number
            else:
                rows.append((number, cells))
    except csv.Error as exc:
        raise InvalidFile([Problem(name, number + 1, 1, f"CSV syntax: {exc}")]) from None
    if header is None:
        raise InvalidFile([Problem(name, 1, 1, "file is empty")])
    table = table_of_name(name) or table_of_header(header)
    if table is None:
        raise InvalidFile(
            [
                Problem(
                    name,
                    header_row,
                    1,
                    "cannot tell which table this is: name the file after it ("
                    + ", ".join(f"{t}.csv" for t in TABLES)
                    + ") or give it that table's header row"
                    + did_you_mean(PurePath(name).stem.lower(), list(TABLES)),
                )
            ]
        )
    return Sheet(name, table, header, rows, header_row)
