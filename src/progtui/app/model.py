"""What the app shows, loaded in one go: the snapshot, its analysis and the program list.

Plain data only (no Textual, no ORM objects); built in a worker thread and handed to the UI.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from progtui import domain as d
from progtui import services
from progtui.analysis import Analysis, analyze
from progtui.errors import ProgtuiError
from progtui.services import ChangeRecord
from progtui.services import changes as changes_of
from progtui.store.engine import Database

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class Loaded:
    programs: tuple[str, ...]
    data: d.ProgramData | None
    analysis: Analysis | None
    changes: tuple[ChangeRecord, ...] = ()
    history: tuple[dict[str, float | None], ...] = ()  # KPIs of past steering reports, oldest first
    names: tuple[str, ...] = ()  # of the programs, as *programs*


def load(
    database: Database, program: str | None, today: date, reuse: services.Reuse | None = None
) -> Loaded:
    """The program (or the first one) with its analysis; no program when the database is
    empty. *reuse*: what the screen's earlier loads read upstream, kept while unchanged."""
    with database.read() as session:
        listed = services.list_programs(session)
        programs = tuple(p.key for p in listed)
        if not programs:
            return Loaded((), None, None)
        key = program if program in programs else programs[0]
        data = services.load_program(session, program=key, reuse=reuse)
        changes = tuple(changes_of(session, program=key))
        history = services.report_history(session, program=key)
    names = tuple(p.name for p in listed)
    analysis = analyze(data, today, bounds=reuse.bounds(data, today) if reuse else None)
    return Loaded(programs, data, analysis, changes, history, names)


@dataclass(frozen=True, slots=True)
class Preview:
    """What a change would do: the analysis after it, or why it would be refused."""

    after: Analysis | None
    refused: str | None


def preview(
    database: Database, program: str, today: date, change: Callable[[Session], object]
) -> Preview:
    """Run *change* (a service call) in a transaction that is rolled back, and analyse the
    result: the same rules and messages as saving it, nothing saved."""
    try:
        with database.dry_run() as session:
            change(session)
            data = services.load_program(session, program=program)
    except ProgtuiError as exc:
        return Preview(None, str(exc))
    return Preview(analyze(data, today), None)
