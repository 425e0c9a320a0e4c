"""The audit trail: every change is written with who, when and its batch (one user action,
undone as a whole), in the same transaction as the change; and the stale-screen check."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, insert, select
from sqlmodel import Session

from progtui import store
from progtui.errors import Conflict
from progtui.identity import current_user, now
from progtui.store import CHG
from progtui.text import one_line


def show_value(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


BATCH = "progtui.batch"  # session.info keys: this transaction's batch, and what it does
ACTION = "progtui.action"
REVERTS = "progtui.reverts"
UNDO_REDO = ("undo", "redo")  # the actions besides "do": a batch taken back or made again


def audit(
    session: Session,
    program: str,
    entity: str,
    field: str,
    old: object,
    new: object,
    *,
    who: str | None = None,
    when: datetime | None = None,
    data: str | None = None,
) -> None:
    """Record one change in the audit trail (same transaction as the change).

    Every row written in one transaction shares a batch: one user action, undone as a whole.
    """
    info = session.info
    if BATCH not in info:
        info[BATCH] = uuid.uuid4().hex
    session.execute(
        insert(CHG).values(
            program_key=program,
            when=when or now(),
            who=who or current_user(),
            entity=entity,
            field=field,
            old=show_value(old),
            new=show_value(new),
            batch=info[BATCH],
            action=info.get(ACTION, "do"),
            reverts=info.get(REVERTS),
            data=data,
        )
    )


def check_fresh(session: Session, program: str, seen: int | None, *, order: bool = False) -> None:
    """Refuse this transaction's changes when somebody else changed the same things after
    change *seen* (the newest the caller had on screen): the optimistic concurrency check.

    Same things: the same entity (any field), or the order of projects for a rank move (or
    with *order*: a move, even one that found nothing left to do), or the program itself (an
    import). Call it after the change, before the commit."""
    batch = session.info.get(BATCH)
    if seen is None or (batch is None and not order):
        return
    mine = (
        session.execute(select(CHG.c.entity, CHG.c.field).where(CHG.c.batch == batch)).all()
        if batch is not None
        else []
    )
    entities = {m.entity for m in mine} | {"program"}
    later = [CHG.c.id > seen, CHG.c.who != current_user()]
    if batch is not None:
        later.append(CHG.c.batch != batch)
    clash: ColumnElement[bool] = CHG.c.entity.in_(entities)
    if order or any(m.field == "rank" for m in mine):
        clash = clash | (CHG.c.field == "rank")
    clash = (CHG.c.program_key == program) & clash
    # a person is the organisation's: changed from any program, it is the same person; and
    # the order of programs is the portfolio's, whichever program moved
    people = {e for e in entities if e.startswith("person:")}
    if people:
        clash = clash | CHG.c.entity.in_(people)
    if any(m.field == "portfolio_rank" for m in mine):
        clash = clash | (CHG.c.field == "portfolio_rank")
    other = session.execute(select(CHG).where(*later, clash).order_by(CHG.c.id.desc())).first()
    if other is not None:
        what = (
            "the order of projects"
            if other.field == "rank"
            else "the order of programs"
            if other.field == "portfolio_rank"
            else other.entity
        )
        detail = f" ({other.field}: {_short(other.old)} → {_short(other.new)})"
        if other.field == "rank":
            detail = f" ({other.entity.partition(':')[2]} {other.old} → {other.new})"
        elif other.field == "portfolio_rank":
            detail = f" ({other.program_key} {other.old} → {other.new})"
        when = f"{other.when:%H:%M:%S}"
        head = f"not saved: {other.who} changed {what} at {when}{detail}"
        raise Conflict(
            f"{head} since your screen was loaded; it has been reloaded, try again",
            head=head,
            newest=other.id,
        )


def _short(value: str | None) -> str:
    """A value in a one-line message: on one line, at most 40 characters."""
    text = one_line(value or "") or "—"
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    id: int
    when: datetime
    who: str
    entity: str
    field: str
    old: str | None
    new: str | None
    batch: str | None = None  # one user action
    action: str | None = None  # do, undo or redo
    data: str | None = None  # a created or deleted entity, whole (JSON)


def changes(session: Session, *, program: str, after: int = 0) -> list[ChangeRecord]:
    """The program's audit trail, oldest first (only the changes with an id above *after*)."""
    store.program_id(session, program)
    rows = session.execute(
        select(CHG).where(CHG.c.program_key == program, CHG.c.id > after).order_by(CHG.c.id)
    )
    return [
        ChangeRecord(
            r.id, r.when, r.who, r.entity, r.field, r.old, r.new, r.batch, r.action, r.data
        )
        for r in rows
    ]
