"""People's time: allocating and reallocating FTE between projects."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

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
    start: date | None = None  # the period moved (None: the allocation's own dates)
    end: date | None = None


def reallocate(
    session: Session,
    *,
    program: str,
    person: str,
    from_project: str,
    to_project: str,
    fte: float,
    today: date,
    start: date | None = None,
    end: date | None = None,
) -> Reallocated:
    """Move *fte* of a person's time from one project to another, for the same period, or
    with *start* / *end*, for that part of it only (from *start*, default today, to *end*,
    default the allocation's end): the source allocation is split around it, and what is
    before today is never rewritten.

    When the person has several allocations on the source, the one running on *start* (or
    today) is used.
    """
    fte = _check_fte(fte)
    check_day(today)
    for day, option in ((start, "--from"), (end, "--to")):
        if day is not None:
            check_day(day, option)
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
        on = start or today
        running = [r for r in rows if (r.start or r.ps) <= on <= (r.end or r.pe)]
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
    if start is not None or end is not None:
        first, last = _part(src, start or max(today, src.start or src.ps), end, today)
        if (first, last) != (src.start or src.ps, src.end or src.pe):
            return _move_part(
                session,
                program,
                person,
                person_id,
                (from_project, src_id),
                (to_project, dst_id),
                src,
                fte,
                first,
                last,
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


def _part(src: Any, first: date, end: date | None, today: date) -> tuple[date, date]:
    """The part of allocation *src* to move: within its period, from today on."""
    s0, e0 = src.start or src.ps, src.end or src.pe
    last = end or e0
    if last < first:
        raise Refused(f"the move would end ({last}) before it starts ({first})")
    if first < today:
        raise Refused(
            f"the move would start on {first}, before today ({today}): the past is not rewritten"
        )
    if first < s0 or last > e0:
        raise Refused(f"the allocation runs {s0}..{e0}: move a part within it, not {first}..{last}")
    return first, last


def _move_part(
    session: Session,
    program: str,
    person: str,
    person_id: int,
    source: tuple[str, int],
    target: tuple[str, int],
    src: Any,
    fte: float,
    first: date,
    last: date,
) -> Reallocated:
    """Split the source allocation around first..last (before and after keep their FTE, the
    part loses *fte*) and give the part's *fte* to the target for first..last."""
    (from_project, src_id), (to_project, dst_id) = source, target
    s0, e0 = src.start or src.ps, src.end or src.pe
    left = round(src.fte - fte, FTE_DIGITS)
    day = timedelta(days=1)
    pieces = [
        (s0, first - day, src.fte),
        (first, last, max(left, 0.0)),
        (last + day, e0, src.fte),
    ]
    session.execute(delete(ALLOC).where(ALLOC.c.id == src.id))
    audit(
        session,
        program,
        f"allocation:{from_project}/{person}@{_period(src.start, src.end)}",
        "fte",
        src.fte,
        0.0,
    )
    for a, b, value in pieces:
        if a <= b and value > 0:
            session.execute(
                insert(ALLOC).values(
                    project_id=src_id, person_id=person_id, fte=value, start=a, end=b
                )
            )
            audit(
                session,
                program,
                f"allocation:{from_project}/{person}@{_period(a, b)}",
                "fte",
                0.0,
                value,
            )
    dst = find_allocation(session, dst_id, person_id, first, last)
    before = dst.fte if dst else 0.0
    after = round(before + fte, FTE_DIGITS)
    _check_capacity(session, person_id, person, after)
    if dst is None:
        session.execute(
            insert(ALLOC).values(
                project_id=dst_id, person_id=person_id, fte=after, start=first, end=last
            )
        )
    else:
        session.execute(update(ALLOC).where(ALLOC.c.id == dst.id).values(fte=after))
    audit(
        session,
        program,
        f"allocation:{to_project}/{person}@{_period(first, last)}",
        "fte",
        before,
        after,
    )
    return Reallocated(
        person, from_project, to_project, fte, max(left, 0.0), after, start=first, end=last
    )
