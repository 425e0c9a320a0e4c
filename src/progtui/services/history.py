"""Undo, redo and replay: the audit trail read back as changes to apply.

Every write transaction is one batch of Change rows (one user action). Undo reverts the
user's own latest batch that is still in effect, redo re-applies the latest one undone, both
as new audited batches (action undo/redo, naming the batch they revert). An undo or redo is
refused, saying who and when, when somebody else has changed one of its fields since.
Replay applies each row's new value in order, so that an export taken before the changes plus
the log after it gives the final state.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.sql import sqltypes
from sqlmodel import Session

from progtui import store
from progtui.errors import Refused
from progtui.identity import current_user
from progtui.services import editing
from progtui.services.audit import ACTION, REVERTS, audit, show_value
from progtui.services.baselines import baseline_data, drop_baseline
from progtui.services.benefits import set_measure
from progtui.services.lookups import find_allocation, find_person, find_project
from progtui.services.plan import LINK_FIELD, set_link, shift_rank
from progtui.store import ALLOC, CHG, DA, DEC, PRJ


@dataclass(frozen=True, slots=True)
class Reverted:
    action: str  # undo or redo
    summary: str  # the first change, as the log shows it
    changes: int


# --- applying one audited change ---------------------------------------------------------------


def _parse(column: Any, value: str | None) -> Any:
    """A value as the trail wrote it, back in its column's type."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, sqltypes.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sqltypes.Float):
        return float(value)
    if isinstance(kind, sqltypes.Integer):
        return int(value)
    return value


def _rank(session: Session, pid: int, entity: str) -> str | None:
    """A project's rank now, as the trail writes it (None if it is gone)."""
    key = entity.partition(":")[2]
    return show_value(
        session.execute(
            select(PRJ.c.rank).where(PRJ.c.program_id == pid, PRJ.c.key == key)
        ).scalar()
    )


def _allocation(session: Session, pid: int, key: str) -> Any:
    """Find an allocation by the trail's name for it: PROJECT/PERSON@PERIOD."""
    where, _, period = key.partition("@")
    project, _, person = where.partition("/")
    start: date | None = None
    end: date | None = None
    if period != "project dates":
        a, _, b = period.partition("..")
        start = None if a == "…" else date.fromisoformat(a)
        end = None if b == "…" else date.fromisoformat(b)
    xid = find_project(session, pid, project)[0]
    person_id = find_person(session, pid, person)
    row = find_allocation(session, xid, person_id, start, end)
    return row or (xid, person_id, start, end)


def apply(
    session: Session, program: str, pid: int, row: Any, value: str | None, before: str | None
) -> None:
    """Set the field of an audited change to *value* (its old one to undo, new to redo) and
    audit that, from *before*."""
    entity, field = row.entity, row.field
    kind, _, key = entity.partition(":")
    if kind == "program":
        raise Refused("an import cannot be undone: import the earlier file with --replace")
    if kind == "decision":
        _decision(session, pid, row, value)
    elif kind == "objective":
        oid = session.execute(
            select(store.OBJ.c.id).where(store.OBJ.c.program_id == pid, store.OBJ.c.key == key)
        ).scalar()
        if oid is None:
            raise Refused(f"objective {key} is no longer in the program")
        number = None if value is None else float(value)
        if field == "current":
            session.execute(update(store.OBJ).where(store.OBJ.c.id == oid).values(current=number))
        else:  # "value YYYY-MM-DD"
            set_measure(session, oid, date.fromisoformat(field.split()[1]), number)
    elif kind == "baseline":
        if value is None:
            drop_baseline(session, pid, key)
        else:
            store.save_baseline(session, pid, baseline_data(row.data))
    elif field in ("created", "deleted"):
        k = editing.kind_of(kind)
        if value is None:
            editing.remove(session, pid, k, key)
        else:
            stored = json.loads(row.data)
            row_id = stored.pop(editing.ROW_ID, None)
            parent = key.partition("/")[0] if k is editing.MILESTONE else None
            editing.create(session, pid, k, stored, parent=parent, row_id=row_id)
    elif kind == "project" and field == "rank":
        xid, rank, _ = find_project(session, pid, key)
        n = session.execute(select(func.count()).where(PRJ.c.program_id == pid)).scalar_one()
        target = int(value or 0)
        if not 1 <= target <= n:
            raise Refused(f"rank {target} no longer exists (the program has {n} projects)")
        if target != rank:
            shift_rank(session, pid, xid, rank, target, n)
    elif kind == "project" and field.startswith(LINK_FIELD):
        set_link(session, pid, key, field.removeprefix(LINK_FIELD), value)
    elif kind == "allocation":
        found = _allocation(session, pid, key)
        fte = float(value or 0)
        if isinstance(found, tuple):
            if fte:
                xid, person_id, start, end = found
                session.execute(
                    insert(ALLOC).values(
                        project_id=xid, person_id=person_id, fte=fte, start=start, end=end
                    )
                )
        elif fte:
            session.execute(update(ALLOC).where(ALLOC.c.id == found.id).values(fte=fte))
        else:
            session.execute(delete(ALLOC).where(ALLOC.c.id == found.id))
    elif kind in editing.KINDS and field in editing.KINDS[kind].fields:
        editing.change_fields(session, pid, editing.KINDS[kind], key, {field: value or ""})
    elif kind == "project" and field in PRJ.c:
        xid = find_project(session, pid, key)[0]
        session.execute(
            update(PRJ).where(PRJ.c.id == xid).values({field: _parse(PRJ.c[field], value)})
        )
    else:
        raise Refused(f"progtui cannot apply a change of {entity} {field}")
    audit(session, program, entity, field, before, value, data=row.data)


def _decision(session: Session, pid: int, row: Any, value: str | None) -> None:
    if not row.data:
        raise Refused("this decision was recorded by an older progtui and cannot be undone")
    stored = json.loads(row.data)
    when = datetime.fromisoformat(stored["when"])
    if value is None:
        did = session.execute(
            select(DEC.c.id)
            .where(
                DEC.c.program_id == pid,
                DEC.c.when == when,
                DEC.c.who == stored["who"],
                DEC.c.text == stored["text"],
            )
            .order_by(DEC.c.id.desc())
        ).scalar()
        if did is not None:
            session.execute(delete(DEC).where(DEC.c.id == did))
        return
    did = session.execute(
        insert(DEC)
        .values(program_id=pid, when=when, who=stored["who"], text=stored["text"])
        .returning(DEC.c.id)
    ).scalar_one()
    for ref in stored["about"]:
        session.execute(insert(DA).values(decision_id=did, ref=ref))


# --- the user's stacks -------------------------------------------------------------------------


def _stacks(session: Session, program: str, who: str) -> tuple[list[str], list[str]]:
    """The user's batches in effect (oldest first) and those undone (most recent last)."""
    imports = set(
        session.execute(
            select(CHG.c.batch).where(CHG.c.program_key == program, CHG.c.entity == "program")
        ).scalars()
    )
    batches = session.execute(
        select(CHG.c.batch, CHG.c.action, CHG.c.reverts, func.min(CHG.c.id).label("first"))
        .where(CHG.c.program_key == program, CHG.c.who == who, CHG.c.batch.is_not(None))
        .group_by(CHG.c.batch, CHG.c.action, CHG.c.reverts)
        .order_by("first")
    ).all()
    done: list[str] = []
    undone: list[str] = []
    for b in batches:
        if b.batch in imports:
            done.clear()
            undone.clear()
        elif b.action == "undo":
            if b.reverts in done:
                done.remove(b.reverts)
            undone.append(b.reverts)
        elif b.action == "redo":
            if b.reverts in undone:
                undone.remove(b.reverts)
            done.append(b.reverts)
        else:
            done.append(b.batch)
            undone.clear()
    return done, undone


def _since(session: Session, program: str, batch: str) -> int:
    """The id of the last row that applied or reverted *batch* (changes after it conflict)."""
    last: int = session.execute(
        select(func.max(CHG.c.id)).where(
            CHG.c.program_key == program, or_(CHG.c.batch == batch, CHG.c.reverts == batch)
        )
    ).scalar_one()
    return last


def _check_conflicts(
    session: Session,
    program: str,
    pid: int,
    rows: Sequence[Any],
    since: int,
    who: str,
    expect: str,
    verb: str,
) -> None:
    later = and_(CHG.c.program_key == program, CHG.c.id > since)

    def refuse(c: Any, what: str) -> None:
        raise Refused(
            f"cannot {verb}: {what} was changed by {c.who} at {c.when:%Y-%m-%d %H:%M} since"
        )

    imported = session.execute(
        select(CHG).where(later, CHG.c.entity == "program").order_by(CHG.c.id)
    ).first()
    if imported is not None:
        refuse(imported, f"program {program}")
    for row in rows:
        same = CHG.c.entity == row.entity
        if row.field not in ("created", "deleted"):
            same = and_(same, CHG.c.field == row.field)
        other = session.execute(
            select(CHG).where(later, same, CHG.c.who != who).order_by(CHG.c.id)
        ).first()
        if other is not None:
            refuse(other, f"{row.entity} {row.field}")
        if row.field == "rank":
            now = _rank(session, pid, row.entity)
            if now != getattr(row, expect):
                moved = session.execute(
                    select(CHG)
                    .where(later, CHG.c.field == "rank", CHG.c.who != who)
                    .order_by(CHG.c.id.desc())
                ).first()
                if moved is not None:
                    refuse(moved, "the order of projects")
                raise Refused(
                    f"cannot {verb}: {row.entity} is at rank {now} now, not {getattr(row, expect)}"
                )


def _revert(session: Session, program: str, action: str) -> Reverted:
    who = current_user()
    pid = store.program_id(session, program, lock=True)
    done, undone = _stacks(session, program, who)
    stack = done if action == "undo" else undone
    if not stack:
        raise Refused(f"nothing of yours to {action} in {program}")
    batch = stack[-1]
    rows = session.execute(
        select(CHG).where(CHG.c.batch == batch, CHG.c.action == "do").order_by(CHG.c.id)
    ).all()
    if not rows:  # a batch recorded as an undo or redo of an older progtui; not ours to revert
        raise Refused(f"nothing of yours to {action} in {program}")
    expect = "new" if action == "undo" else "old"
    _check_conflicts(
        session, program, pid, rows, _since(session, program, batch), who, expect, action
    )
    session.info[ACTION] = action
    session.info[REVERTS] = batch
    ordered = list(reversed(rows)) if action == "undo" else rows
    for row in ordered:
        target = row.old if action == "undo" else row.new
        apply(session, program, pid, row, target, getattr(row, expect))
    first = rows[0]
    summary = f"{first.entity} {first.field} {first.old or '–'} → {first.new or '–'}"
    return Reverted(action, summary, len(rows))


def undo(session: Session, *, program: str) -> Reverted:
    """Revert this user's latest change to the program that is still in effect."""
    return _revert(session, program, "undo")


def redo(session: Session, *, program: str) -> Reverted:
    """Re-apply this user's latest undone change."""
    return _revert(session, program, "redo")


def replay(session: Session, *, program: str, rows: list[Any]) -> int:
    """Apply the new value of each change, in order (imports are skipped): rebuilds the state
    from an export taken before them. Returns the number applied."""
    pid = store.program_id(session, program, lock=True)
    applied = 0
    for row in rows:
        if row.entity == "program":
            continue
        apply(session, program, pid, row, row.new, row.old)
        applied += 1
    return applied
