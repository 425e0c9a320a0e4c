"""Triage meetings: the agenda, and the minutes kept when a meeting ends."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlmodel import Session

from progtui import store
from progtui.analysis import analyze
from progtui.analysis.agenda import Item, agenda
from progtui.errors import NotFound
from progtui.services.audit import ChangeRecord, changes
from progtui.services.steering import recent_reports
from progtui.store import CHG, P


@dataclass
class Meeting:
    """A triage meeting in progress: the agenda, which item is open and since when.

    An item's spans are ranges of the audit trail's change ids (after, up to): what was
    changed or decided while it was open, by anyone, exactly, whatever the clock says."""

    program: str
    attendees: tuple[str, ...]
    items: list[Item]
    started: datetime
    current: int = 0
    opened: int | None = None  # the newest change id when the current item was opened
    discussed: set[int] = field(default_factory=set)
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def open(self, index: int, mark: int) -> None:
        self.close(mark)
        self.current, self.opened = index, mark

    def close(self, mark: int) -> None:
        if self.opened is not None:
            self.spans.setdefault(self.current, []).append((self.opened, mark))
            self.opened = None

    def mark(self) -> None:
        """x: the open item was discussed (again: not)."""
        self.discussed ^= {self.current}

    def item_of(self, change_id: int) -> int | None:
        for index, spans in self.spans.items():
            if any(after < change_id <= upto for after, upto in spans):
                return index
        return None


def triage_agenda(session: Session, *, program: str, today: date) -> list[Item]:
    """The agenda, with the projects amber in the last two reports."""
    last_two = recent_reports(session, store.program_id(session, program), "health", 2)
    amber: frozenset[str] = frozenset()
    if len(last_two) == 2 and all(last_two):
        a, b = (json.loads(x) for x in last_two)
        amber = frozenset(k for k, v in a.items() if v == "amber" and b.get(k) == "amber")
    return agenda(analyze(store.load_program(session, program), today), amber)


Compose = Callable[["Meeting", datetime, list[ChangeRecord], str], str]


def save_minutes(
    session: Session, *, meeting: Meeting, ended: datetime, compose: Compose
) -> tuple[int, str]:
    """End a meeting: *compose* its minutes (reports.minutes.compose) from the changes and
    decisions made while each item was open, and keep them. Returns the record's id and the
    text. Keeping them is a change like any other: a viewer of the program may not."""
    pid = store.program_id(session, meeting.program, lock=True)
    meeting.close(last_change_id(session))
    name = session.execute(select(P.c.name).where(P.c.id == pid)).scalar_one()
    first = min((after for spans in meeting.spans.values() for after, _ in spans), default=0)
    text = compose(meeting, ended, changes(session, program=meeting.program, after=first), name)
    mid = session.execute(
        insert(store.MEET)
        .values(
            program_id=pid,
            started=meeting.started.replace(microsecond=0),
            ended=ended.replace(microsecond=0),
            attendees=", ".join(meeting.attendees),
            minutes=text,
        )
        .returning(store.MEET.c.id)
    ).scalar_one()
    return mid, text


def last_change_id(session: Session) -> int:
    """The newest audit row's id (0 for none): a mark in the trail."""
    return session.execute(select(func.max(CHG.c.id))).scalar() or 0


def minutes_of(session: Session, *, program: str, day: date | None = None) -> str:
    """The last meeting's minutes (of that day, with *day*)."""
    pid = store.program_id(session, program)
    query = (
        select(store.MEET.c.minutes, store.MEET.c.started)
        .where(store.MEET.c.program_id == pid)
        .order_by(store.MEET.c.id.desc())
    )
    for text, started in session.execute(query):
        if day is None or started.date() == day:
            return str(text)
    raise NotFound(
        f"no minutes of {program}"
        + (f" on {day}" if day else "")
        + ": end a triage meeting (t in the app) to write some"
    )
