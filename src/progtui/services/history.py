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
from progtui.services.audit import ACTION, REVERTS, UNDO_REDO, audit, show_value
from progtui.services.baselines import baseline_data, drop_baseline
from progtui.services.benefits import set_measure
from progtui.services.lookups import find_allocation, find_person, find_project
from progtui.services.plan import LINK_FIELD, set_link, shift_rank
from progtui.store import ALLOC, CHG, DA, DEC, PRJ


@dataclass(frozen=True, slots=True)
class Reverted:
    action: str  # undo or redo
    summary: str  # what it did, in words: "FR-REG back to rank 2", "restored risk R3"
    changes: int
    described: int = 1  # how many of the changes the summary names

    @property
    def message(self) -> str:
        """The toast and the command line's answer: "Undo: FR-REG back to rank 2"."""
        more = self.changes - self.described
        tail = f" (and {more} more change{'s' if more != 1 else ''})" if more > 0 else ""
        return f"{self.action.capitalize()}: {self.summary}{tail}"


# --- the trail in words ------------------------------------------------------------------------
# The log pane, `progtui log` and the undo/redo toasts name things as a program manager does:
# a project by its key, other things by kind and key, fields in plain words, never the audit
# trail's column names (percent_complete, project:FR-REG, allocation:A/p@period).

FIELD_WORDS = {
    "percent_complete": "% complete",
    "actual_cost": "actual cost",
    "actual_start": "actual start",
    "actual_end": "actual end",
    "held_status": "status before the hold",
    "fte": "FTE",
    "cost_rate": "cost rate",
    "due": "due date",
    "current": "current value",
    "depends_on": "dependencies",
}


def field_words(field: str) -> str:
    """A field in words: percent_complete is "% complete"; "value 2027-03-31" is "value on
    2027-03-31"."""
    if field.startswith("value "):
        return f"value on {field.removeprefix('value ')}"
    return FIELD_WORDS.get(field, field.replace("_", " "))


def _period(entity: str) -> str:
    """An allocation's period as the trail names it ("" for the project's dates)."""
    period = entity.partition("@")[2]
    return "" if period in ("", "project dates") else period.replace("..", " .. ")


def subject(entity: str) -> str:
    """What a change is about: "FR-REG", "risk R3", "alice on DE-REG", "milestone
    FR-PKG/Artwork approved", "the program"."""
    kind, _, key = entity.partition(":")
    if kind == "project":
        return key
    if kind == "allocation":
        project, _, person = key.partition("@")[0].partition("/")
        return f"{person} on {project}"
    if kind == "program":
        return "the program"
    if kind == "decision":
        return "decision"
    return f"{kind} {key}" if key else kind


def _value(value: str | None) -> str:
    return "not set" if value in (None, "") else str(value)


def describe(
    entity: str, field: str, old: str | None, new: str | None, action: str | None = "do"
) -> tuple[str, str]:
    """One change of the trail as (what, change) in words, for the log pane and `progtui
    log`: ("undo: FR-REG rank", "2 → 3"), ("added risk R9", "Courier strike")."""
    kind = entity.partition(":")[0]
    if kind == "program":
        what, change = "imported the program", _value(new)
        if old == "replaced":
            what = "imported the program, replacing it"
    elif kind == "decision":
        what = "decision" if old is None else "decision withdrawn"
        change = new if new is not None else (old or "")
    elif field == "created":
        what = f"{'saved' if kind == 'baseline' else 'added'} {subject(entity)}"
        change = new or ""
        if new is None:  # an undo of an addition
            what, change = f"removed {subject(entity)}", old or ""
    elif field == "deleted":
        what, change = f"deleted {subject(entity)}", old or ""
        if old is None:  # an undo of a deletion
            what, change = f"restored {subject(entity)}", new or ""
    else:
        what = f"{subject(entity)} {field_words(field)}"
        change = f"{old or '—'} → {new or '—'}"
        period = _period(entity) if kind == "allocation" else ""
        if period:
            change += f" ({period})"
    if action in UNDO_REDO:
        what = f"{action}: {what}"
    return what, change


def _short(text: str | None, width: int = 40) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _phrase(row: Any, action: str) -> str:
    """What undoing (redoing) one row of a batch does, in words."""
    kind = row.entity.partition(":")[0]
    thing = subject(row.entity)
    again = "" if action == "undo" else " again"
    if kind == "decision":
        text = _short(row.new)
        return f"withdrew the decision '{text}'" if action == "undo" else f"recorded '{text}' again"
    if row.field in ("created", "deleted"):
        made = row.field == "created"
        if action == "undo":
            return f"removed {thing}" if made else f"restored {thing}"
        return (
            f"{'saved' if kind == 'baseline' else 'added'} {thing} again"
            if made
            else (f"deleted {thing} again")
        )
    target = row.old if action == "undo" else row.new
    if row.field == "rank":
        return f"{thing} {'back ' if action == 'undo' else ''}to rank {target}{again}"
    if kind == "allocation":
        period = _period(row.entity)
        during = f" ({period})" if period else ""
        back = "back to " if action == "undo" else "to "
        return f"{thing}{during} {back}{_value(target)} FTE{again}"
    back = "back to" if action == "undo" else "to"
    return f"{thing} {field_words(row.field)} {back} {_short(_value(target))}{again}"


def summary(rows: Sequence[Any], action: str) -> tuple[str, int]:
    """A batch undone or redone, in words: both allocations of a reallocation, else the
    first change (Reverted.message counts the rest)."""
    both = len(rows) == 2 and all(r.entity.startswith("allocation:") for r in rows)
    shown = rows if both else rows[:1]
    return "; ".join(_phrase(row, action) for row in shown), len(shown)


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
            plain = subject(row.entity)
            if row.field not in ("created", "deleted"):
                plain += f" {field_words(row.field)}"
            refuse(other, plain)
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
                    f"cannot {verb}: {subject(row.entity)} is at rank {now} now, "
                    f"not {getattr(row, expect)}"
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
    said, described = summary(rows, action)
    return Reverted(action, said, len(rows), described)


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
