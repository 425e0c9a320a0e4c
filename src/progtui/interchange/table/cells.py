"""One cell's text both ways, with the formula rule of docs/interchange-csv.md (OWASP CSV
injection): a text cell that a spreadsheet would run as a formula is written with a leading
single quote, and the reader takes exactly one leading quote off again."""

from __future__ import annotations

import re
from datetime import date, datetime

from progtui.interchange.table.columns import Cell, Column
from progtui.interchange.yaml.writer import fraction, number

# What a spreadsheet takes for the start of a formula (OWASP), and the quote itself, so that a
# text that starts with a quote reads back unchanged.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
_SIGNED_NUMBER = re.compile(r"[+-](\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def neutralise(text: str) -> str:
    """The text as written to a cell: a quote before one that starts like a formula (or with a
    quote)."""
    return QUOTE + text if text.startswith((*FORMULA_STARTS, QUOTE)) else text


def written(column: Column, value: Cell) -> str:
    """A cell's text in a CSV file: text neutralised, numbers as the YAML writer writes them
    (negative numbers stay numbers), dates in ISO form, nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value) if column.text else value
    if isinstance(value, datetime):
        return value.isoformat(sep="T")
    if isinstance(value, date):
        return value.isoformat()
    if column.fraction:
        return fraction(value)
    return number(value)


def formula_problem(column: Column, cell: str) -> str | None:
    """Why *cell* (as read, before its quote is taken off) is refused as a formula, or None.

    A text cell may not start like a formula unless quoted; a value cell may start with + or -
    only as a signed number."""
    if not cell.startswith(FORMULA_STARTS):
        return None
    if not column.text and cell[0] in "+-" and _SIGNED_NUMBER.fullmatch(cell):
        return None
    shown = cell if len(cell) <= 30 else cell[:29] + "…"
    return (
        f"{column.name}: {shown!r} starts like a spreadsheet formula; "
        "put a single quote (') before it to mean the text"
    )


def unquoted(cell: str) -> str:
    """The cell's value: exactly one leading single quote taken off (the writer's, or the one a
    spreadsheet user types to mean "text")."""
    return cell[1:] if cell.startswith(QUOTE) else cell
