"""What the commands share: the global options, opening the database, and printing, each once.

Nothing heavy at import time: Rich, the store and the reports are imported by the helper that
needs them, so that `--format json` never loads Rich and `--help` loads neither.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from rich.text import Text
    from sqlmodel import Session

    from progtui.domain import ProgramData
    from progtui.store.engine import Database


class Format(StrEnum):
    table = "table"
    json = "json"


# Parameters many commands share.
ProgramArg = Annotated[str, typer.Argument(help="Program key.")]
ProjectArg = Annotated[str, typer.Argument(help="Project key.")]
SourceArg = Annotated[str, typer.Argument(help="Program key, or a program YAML file.")]
FormatOpt = Annotated[Format, typer.Option("--format", help="table or json.")]


@dataclass
class Options:
    """The global options (--db, --today, --theme, --ascii), kept on the root context."""

    db: str | None
    today: date
    theme: str | None
    ascii: bool | None = None  # None: as the terminal's locale says (app/glyphs.py)


def options(ctx: typer.Context) -> Options:
    return ctx.find_root().obj  # type: ignore[no-any-return]


def parse_day(value: str | None, what: str) -> date | None:
    """A YYYY-MM-DD option as a date (None when not given); wrong usage otherwise, a day
    outside the dates a program may hold (domain.EARLIEST_DAY..LATEST_DAY) included."""
    from progtui.domain import day_problem

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"expected a date like 2027-03-15, not {value!r}", param_hint=what
        ) from None
    problem = day_problem(day)
    if problem:
        raise typer.BadParameter(problem, param_hint=what)
    return day


# --- the database ----------------------------------------------------------------------------


_opened: list[Database] = []


def database(ctx: typer.Context, *, create: bool = False, db: str | None = None) -> Database:
    """The database of --db (or *db*), migrated; without create, a missing SQLite file is an
    error of one line."""
    from progtui.store.engine import open_database

    opened = open_database(db or options(ctx).db, create=create)
    _opened.append(opened)
    return opened


def close_databases() -> None:
    """Close every database this process opened (SQLite folds its write-ahead log back in)."""
    while _opened:
        _opened.pop().dispose()


@contextmanager
def session(ctx: typer.Context, *, write: bool = False, create: bool = False) -> Iterator[Session]:
    """One unit of work on the database of --db: a consistent read, or with write one
    all-or-nothing transaction (committed when the block ends without an error)."""
    db = database(ctx, create=create)
    with db.write() if write else db.read() as s:
        yield s


def where(ctx: typer.Context) -> str:
    """The database of --db as a user knows it: a file path, or a URL without the password."""
    from progtui.store.engine import describe, resolve_url

    return describe(resolve_url(options(ctx).db))


def program_data(ctx: typer.Context, program: str) -> ProgramData:
    """A program from the database by key, or straight from a file, YAML or MS Project XML
    (nothing imported; the latter's warnings on stderr). Any path that exists is a file to
    read, whose reader refuses what is not a regular file (/dev/zero, a folder) in one line."""
    if program.endswith((".yaml", ".yml", ".xml")) or Path(program).exists():
        from progtui.interchange import read_any

        data, warnings, _ = read_any(program)
        for w in warnings:
            sys.stderr.write(f"{w}\n")
        return data
    from progtui import services

    with session(ctx) as s:
        return services.export_program(s, program=program)


# --- output ----------------------------------------------------------------------------------


def out(text: str = "") -> None:
    """One line on stdout (data text is the caller's to clean: `text.one_line`)."""
    sys.stdout.write(text + "\n")


def json(obj: Any) -> None:
    """--format json: the shapes of reports.status, laid out one list entry per line."""
    from progtui.reports.status import dumps

    out(dumps(obj))


def table(
    columns: Sequence[str],
    rows: Iterable[Sequence[str | Text]],
    *,
    above: Sequence[str | Text] = (),
    right: Sequence[str] = (),
) -> None:
    """Print the lines *above*, then a table with a header. Every str (headers, cells, lines)
    is data, shown literally on one line without control characters; a Text is printed as it
    is, styles and all (whoever built it cleaned its data). Columns named in *right* are
    right-aligned. Piped into a file or another program, the table gets the width it needs:
    never wrapped or cut."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from progtui.text import one_line

    def literal(value: str | Text) -> Text:
        return value if isinstance(value, Text) else Text(one_line(value))

    grid = Table(box=None, pad_edge=False)
    for name in columns:
        grid.add_column(literal(name), justify="right" if name in right else "left")
    for row in rows:
        grid.add_row(*map(literal, row))
    console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 1000)
    for line in above:
        console.print(literal(line))
    console.print(grid)


def rag(value: str | None) -> Text:
    """A RAG status in its words and colour."""
    from rich.text import Text

    from progtui.reports.look import rag_label, rag_style

    return Text(rag_label(value), style=rag_style(value))


def number(value: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if value is None else fmt.format(value)
