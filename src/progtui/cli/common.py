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
    """The global options (--db, --today, --theme), kept on the root context."""

    db: str | None
    today: date
    theme: str | None


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


def is_file(program: str) -> bool:
    """Whether a PROGRAM argument names a file (read alone) rather than a database's key."""
    return program.endswith((".yaml", ".yml", ".xml")) or Path(program).exists()


# said under a table made from a file: SPEC 6's demand across programs needs the database
FILE_ALONE = "(from the file alone: its people's work in other programs is not counted)"


def program_data(ctx: typer.Context, program: str) -> ProgramData:
    """A program from the database by key, or straight from a file, YAML or MS Project XML
    (nothing imported; the latter's warnings on stderr). Any path that exists is a file to
    read, whose reader refuses what is not a regular file (/dev/zero, a folder) in one line."""
    if is_file(program):
        from progtui.interchange import read_any

        data, warnings, _ = read_any(program)
        for w in warnings:
            sys.stderr.write(f"{w}\n")
        return data
    from progtui import services

    with session(ctx) as s:
        return services.load_program(s, program=program)


# --- output ----------------------------------------------------------------------------------


def out(text: str = "") -> None:
    """One line on stdout (data text is the caller's to clean: `text.one_line`)."""
    sys.stdout.write(text + "\n")


def json(obj: Any) -> None:
    """--format json: the shapes of reports.status, laid out one list entry per line."""
    from progtui.reports.status import dumps

    out(dumps(obj))


@dataclass(frozen=True, slots=True)
class Col:
    """A column of a command's table. Chosen by width as the app's tables are: when the
    terminal is too narrow, the column with the highest *keep* goes first (0: always shown).
    Only a *cut* column (a name, a title) may be cut, at its end with an ellipsis, to no less
    than *least* cells; numbers and dates are never cut. *right*: numbers, right-aligned."""

    name: str
    right: bool = False
    keep: int = 0
    cut: bool = False
    least: int = 12


GAP = 2  # cells between two columns


def output_width() -> int | None:
    """The width tables are laid out for: $COLUMNS when set (so `COLUMNS=80 progtui status |
    less` is laid out for 80), else the terminal's; None (their natural width) in a pipe."""
    import os

    value = os.environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    if sys.stdout.isatty():
        return os.get_terminal_size(sys.stdout.fileno()).columns
    return None


def pick_columns(given: str | None, columns: Sequence[Col]) -> list[str] | None:
    """The columns named by --columns (comma-separated, any case), or None for the choice by
    width; an unknown name is wrong usage, listing the names there are."""
    if given is None:
        return None
    names = {c.name.lower(): c.name for c in columns}
    picked = [w.strip() for w in given.split(",") if w.strip()]
    unknown = [w for w in picked if w.lower() not in names]
    if unknown or not picked:
        raise typer.BadParameter(
            f"no column {', '.join(map(repr, unknown)) or 'given'}: "
            f"choose from {','.join(c.name for c in columns)}",
            param_hint="--columns",
        )
    return [names[w.lower()] for w in picked]


ColumnsOpt = Annotated[
    str | None,
    typer.Option(
        "--columns",
        metavar="A,B,...",
        help="Show these columns, in this order (default: as many as the width allows).",
    ),
]


def month_columns(months: Sequence[str], today: date) -> list[Col]:
    """Columns for months "YYYY-MM", headed "YY-MM" and right-aligned; as the width shrinks
    the month furthest from today's goes first, months gone by before months to come."""

    def keep(month: str) -> int:
        distance = (int(month[:4]) - today.year) * 12 + int(month[5:7]) - today.month
        return 1 + distance if distance >= 0 else 1000 - distance

    return [Col(month[2:], right=True, keep=keep(month)) for month in months]


def layout(
    columns: Sequence[Col], natural: Sequence[int], width: int | None, picked: bool
) -> list[tuple[int, int]]:
    """(index, width) of the columns shown: all at their natural width when *width* is None;
    else cut columns shrink to their least, then (unless the user *picked* them) whole
    columns drop, highest keep first and the rightmost of a tie, until the rest fits. Cut
    columns share what is left over, up to their natural width."""
    shown = list(range(len(columns)))

    def least(i: int) -> int:
        c = columns[i]
        return min(natural[i], max(c.least, len(c.name))) if c.cut else natural[i]

    def need(chosen: list[int]) -> int:
        return sum(least(i) for i in chosen) + GAP * max(len(chosen) - 1, 0)

    if width is None:
        return [(i, natural[i]) for i in shown]
    while not picked and need(shown) > width:
        droppable = [i for i in shown if columns[i].keep > 0]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (columns[i].keep, i)))
    widths = {i: least(i) for i in shown}
    spare = width - need(shown)
    for i in shown:
        if columns[i].cut and spare > 0:
            extra = min(natural[i] - widths[i], spare)
            widths[i] += extra
            spare -= extra
    return [(i, widths[i]) for i in shown]


def flow(line: Text, width: int | None) -> list[Text]:
    """A line broken to fit *width*: between parts separated by two spaces first (a label is
    never parted from its number: "risk exposure 46"), between words in a part that is wider
    than the line."""
    if width is None or line.cell_len <= width:
        return [line]
    lines: list[Text] = []

    def put(piece: Text, sep: str) -> None:
        if lines and lines[-1].cell_len + len(sep) + piece.cell_len <= width:
            lines[-1].append(sep)
            lines[-1].append_text(piece)
        else:
            lines.append(piece)

    for part in line.split("  ", allow_blank=False):
        if part.cell_len <= width:
            put(part, "  ")
            continue
        for n, word in enumerate(part.split(" ", allow_blank=False)):
            put(word, "  " if n == 0 else " ")
    return lines


def table(
    columns: Sequence[str | Col],
    rows: Iterable[Sequence[str | Text]],
    *,
    above: Sequence[str | Text] = (),
    right: Sequence[str] = (),
    picked: Sequence[str] | None = None,
) -> None:
    """Print the lines *above*, then a table with a header, laid out for output_width().

    Every str (headers, cells, lines) is data, shown literally on one line without control
    characters; a Text is printed as it is, styles and all (whoever built it cleaned its
    data). A str column is a Col that is never cut or dropped (right-aligned when named in
    *right*). *picked*: the columns to show, in that order (--columns). Piped into a file or
    another program without $COLUMNS, the table gets the width it needs: never wrapped or
    cut."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from progtui.text import one_line

    def literal(value: str | Text) -> Text:
        return value if isinstance(value, Text) else Text(one_line(value))

    cols = [c if isinstance(c, Col) else Col(c, right=c in right) for c in columns]
    cells = [[literal(v) for v in row] for row in rows]
    order = list(range(len(cols)))
    if picked is not None:
        by_name = {c.name: i for i, c in enumerate(cols)}
        order = [by_name[name] for name in picked]
    chosen_cols = [cols[i] for i in order]
    natural = [
        max([len(cols[i].name), *(row[i].cell_len for row in cells if i < len(row))]) for i in order
    ]
    width = output_width()
    grid = Table(box=None, pad_edge=False, padding=(0, GAP // 2))
    shown = layout(chosen_cols, natural, width, picked is not None)
    for j, w in shown:
        c = chosen_cols[j]
        grid.add_column(
            literal(c.name),
            justify="right" if c.right else "left",
            width=w,
            no_wrap=True,
            overflow="ellipsis" if c.cut else "fold",
        )
    for row in cells:
        grid.add_row(*(row[order[j]] if order[j] < len(row) else Text() for j, _ in shown))
    total = sum(w for _, w in shown) + GAP * max(len(shown) - 1, 0)
    console = Console(highlight=False, soft_wrap=False, width=max(width or 1000, total))
    for line in above:
        for part in flow(literal(line), width):
            console.print(part, soft_wrap=True)
    console.print(grid)


def rag(value: str | None) -> Text:
    """A RAG status in its words and colour."""
    from rich.text import Text

    from progtui.reports.look import rag_label, rag_style

    return Text(rag_label(value), style=rag_style(value))


def number(value: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if value is None else fmt.format(value)
