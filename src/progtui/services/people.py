"""People's time: allocating and reallocating FTE between projects."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.analysis.calendar import check_day
from progtui.errors import Refused
from progtui.services.audit import audit, show_value
from progtui.services.lookups import find_allocation, find_person, find_project
from progtui.store import ALLOC, PER, PRJ

FTE_DIGITS = 6  # FTE arithmetic is rounded here so 0.5 - 0.2 is stored as 0.3


def _check_fte(fte: float) -> float:
    if not math.isfinite(fte) or fte < 0:
        raise Refused(f"FTE must be a number of 0 or more, not {fte}")
    rounded = round(fte, FTE_DIGITS)
    if rounded == 0 and fte != 0:  # only an exact 0 removes an allocation
        raise Refused(
            f"FTE {fte} is too small: FTE is kept to {FTE_DIGITS} decimals, and 0 would remove "
            "the allocation"
        )
    return rounded


def _check_capacity(session: Session, person_id: int, person: str, fte: float) -> None:
    capacity = session.execute(select(PER.c.capacity).where(PER.c.id == person_id)).scalar_one()
    too_much = d.fte_problem(fte, person, capacity)
    if too_much:
        raise Refused(too_much)


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "project dates"
    return f"{start or '…'}..{end or '…'}"


@dataclass(frozen=True, slots=True)
class Allocated:
    person: str
    project: str
    old_fte: float
    new_fte: float


def allocate(
    session: Session,
    *,
    program: str,
    person: str,
    project: str,
    fte: float,
    start: date | None = None,
    end: date | None = None,
) -> Allocated:
    """Set the FTE of *person* on *project* for a period (default: the project's dates).

    FTE 0 removes that allocation.
    """
    fte = _check_fte(fte)
    for day, option in ((start, "--from"), (end, "--to")):
        if day is not None:
            check_day(day, option)
    if start and end and end < start:
        raise Refused(f"the allocation would end ({end}) before it starts ({start})")
    pid = store.program_id(session, program, lock=True)
    person_id = find_person(session, pid, person)
    _check_capacity(session, person_id, person, fte)
    xid, _, status = find_project(session, pid, project)
    row = find_allocation(session, xid, person_id, start, end)
    old = row.fte if row else 0.0
    entity = f"allocation:{project}/{person}@{_period(start, end)}"
    if fte == 0:
        if row is None:
            raise Refused(f"{person} has no allocation on {project} for {_period(start, end)}")
        session.execute(delete(ALLOC).where(ALLOC.c.id == row.id))
    else:
        if status in d.CLOSED_STATUSES:
            raise Refused(f"project {project} is {status}; allocate people to open projects only")
        if row is None:
            session.execute(
                insert(ALLOC).values(
                    project_id=xid, person_id=person_id, fte=fte, start=start, end=end
                )
            )
        else:
            session.execute(update(ALLOC).where(ALLOC.c.id == row.id).values(fte=fte))
    if fte != old:
        audit(session, program, entity, "fte", old, fte)
    return Allocated(person, project, old, fte)


@dataclass(frozen=True, slots=True)
class Reallocated:
    person: str
    from_project: str
    to_project: str
    fte: float
    left_on_source: float
    now_on_target: float


def reallocate(
    session: Session,
    *,
    program: str,
    person: str,
    from_project: str,
    to_project: str,
    fte: float,
    today: date,
) -> Reallocated:
    """Move *fte* of a person's time from one project to another, for the same period.

    When the person has several allocations on the source, the one running today is used.
    """
    fte = _check_fte(fte)
    check_day(today)
    if fte == 0:
        raise Refused("FTE to move must be more than 0")
    if from_project == to_project:
        raise Refused("the source and target project are the same")
    pid = store.program_id(session, program, lock=True)
    person_id = find_person(session, pid, person)
    src_id, _, _ = find_project(session, pid, from_project)
    dst_id, _, dst_status = find_project(session, pid, to_project)
    if dst_status in d.CLOSED_STATUSES:
        raise Refused(f"project {to_project} is {dst_status}; move people to open projects only")
    rows = session.execute(
        select(
            ALLOC.c.id,
            ALLOC.c.fte,
            ALLOC.c.start,
            ALLOC.c.end,
            PRJ.c.start.label("ps"),
            PRJ.c.end.label("pe"),
        )
        .join(PRJ, PRJ.c.id == ALLOC.c.project_id)
        .where(ALLOC.c.project_id == src_id, ALLOC.c.person_id == person_id)
        .order_by(ALLOC.c.id)
    ).all()
    if not rows:
        raise Refused(f"{person} has no allocation on {from_project}")
    if len(rows) > 1:
        running = [r for r in rows if (r.start or r.ps) <= today <= (r.end or r.pe)]
        if len(running) != 1:
            raise Refused(
                f"{person} has {len(rows)} allocations on {from_project}; "
                "use allocate with --from/--to to say which period"
            )
        rows = running
    src = rows[0]
    if fte > src.fte + 1e-9:
        raise Refused(
            f"{person} has only {show_value(src.fte)} FTE on {from_project} "
            f"({_period(src.start, src.end)}), not {show_value(fte)}"
        )
    left = round(src.fte - fte, FTE_DIGITS)
    if left <= 0:
        session.execute(delete(ALLOC).where(ALLOC.c.id == src.id))
    else:
        session.execute(update(ALLOC).where(ALLOC.c.id == src.id).values(fte=left))
    dst = find_allocation(session, dst_id, person_id, src.start, src.end)
    before = dst.fte if dst else 0.0
    after = round(before + fte, FTE_DIGITS)
    _check_capacity(session, person_id, person, after)
    if dst is None:
        session.execute(
            insert(ALLOC).values(
                project_id=dst_id, person_id=person_id, fte=after, start=src.start, end=src.end
            )
        )
    else:
        session.execute(update(ALLOC).where(ALLOC.c.id == dst.id).values(fte=after))
    period = _period(src.start, src.end)
    audit(session, program, f"allocation:{from_project}/{person}@{period}", "fte", src.fte, left)
    audit(session, program, f"allocation:{to_project}/{person}@{period}", "fte", before, after)
    return Reallocated(person, from_project, to_project, fte, max(left, 0.0), after)
