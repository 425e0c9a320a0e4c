"""The plan: project ranks, status transitions, percent complete and actual cost."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, func, select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.analysis.calendar import check_day
from progtui.errors import NotFound, Refused
from progtui.services.audit import audit, show_value
from progtui.services.lookups import find_project
from progtui.store import PRJ


@dataclass(frozen=True, slots=True)
class Moved:
    project: str
    old_rank: int
    new_rank: int


def move(session: Session, *, program: str, project: str, rank: int) -> Moved:
    """Give *project* rank *rank*; the projects in between shift by one. Ranks stay 1..n."""
    pid = store.program_id(session, program, lock=True)
    xid, old, _ = find_project(session, pid, project)
    n = session.execute(select(func.count()).where(PRJ.c.program_id == pid)).scalar_one()
    if not 1 <= rank <= n:
        raise Refused(f"rank must be between 1 and {n}, not {rank}")
    if rank == old:
        return Moved(project, old, rank)
    shift_rank(session, pid, xid, old, rank, n)
    audit(session, program, f"project:{project}", "rank", old, rank)
    return Moved(project, old, rank)


def shift_rank(session: Session, pid: int, xid: int, old: int, rank: int, n: int) -> None:
    """Move project *xid* from rank *old* to *rank* of 1..n; those in between shift by one."""
    # Unique (program, rank) is checked row by row, so park rows in a free range first.
    park = n + 2
    session.execute(update(PRJ).where(PRJ.c.id == xid).values(rank=n + 1))
    lo, hi, step = (rank, old - 1, 1) if rank < old else (old + 1, rank, -1)
    between = and_(PRJ.c.program_id == pid, PRJ.c.rank >= lo, PRJ.c.rank <= hi)
    session.execute(update(PRJ).where(between).values(rank=PRJ.c.rank + park))
    session.execute(
        update(PRJ)
        .where(PRJ.c.program_id == pid, PRJ.c.rank >= park)
        .values(rank=PRJ.c.rank - park + step)
    )
    session.execute(update(PRJ).where(PRJ.c.id == xid).values(rank=rank))


# Where each open status may go (SPEC section 1); on_hold goes back to the status it left.
NEXT_STATUS: dict[d.ProjectStatus, tuple[d.ProjectStatus, ...]] = {
    "proposed": ("approved", "on_hold", "cancelled"),
    "approved": ("active", "on_hold", "cancelled"),
    "active": ("done", "on_hold", "cancelled"),
}


@dataclass(frozen=True, slots=True)
class StatusChanged:
    project: str
    old: str
    new: str


def allowed_statuses(status: d.ProjectStatus, held: str | None) -> tuple[str, ...]:
    if status == "on_hold":
        return (held or "approved", "cancelled")
    return NEXT_STATUS.get(status, ())


def set_status(
    session: Session, *, program: str, project: str, status: str, on: date
) -> StatusChanged:
    """Move a project along the allowed transitions. Becoming active records the actual
    start (on the day given), done records the actual end and 100 %. From on_hold, status
    "back" means the status it left."""
    check_day(on, "--date")
    pid = store.program_id(session, program, lock=True)
    row = session.execute(select(PRJ).where(PRJ.c.program_id == pid, PRJ.c.key == project)).first()
    if row is None:
        raise NotFound(f"no project '{project}' in this program")
    old = row.status
    if old in d.CLOSED_STATUSES:
        raise Refused(f"{project} is {old}: a closed project keeps its status")
    allowed = allowed_statuses(old, row.held_status)
    if status == "back" and old == "on_hold":
        status = allowed[0]
    if status not in allowed:
        raise Refused(f"{project} can go from {old} to {' or '.join(allowed)}, not {status}")
    values: dict[str, object] = {"status": status}
    if status == "on_hold":
        values["held_status"] = old
    elif old == "on_hold":
        values["held_status"] = None
    if status == "active" and row.actual_start is None:
        values["actual_start"] = on
    if status == "done":
        start = row.actual_start or on
        if on < start:
            raise Refused(f"{project} cannot be done on {on}, before it started ({start})")
        values.update(actual_start=start, actual_end=on, percent_complete=100.0)
    session.execute(update(PRJ).where(PRJ.c.id == row.id).values(**values))
    for field in ("status", "held_status", "actual_start", "actual_end", "percent_complete"):
        if field in values and values[field] != getattr(row, field):
            audit(session, program, f"project:{project}", field, getattr(row, field), values[field])
    return StatusChanged(project, old, status)


def _set_number(
    session: Session,
    program: str,
    project: str,
    field: str,
    value: float,
    low: float,
    high: float | None,
    what: str,
) -> tuple[float | None, float]:
    if not math.isfinite(value) or value < low or (high is not None and value > high):
        bounds = f"from {low:g} to {high:g}" if high is not None else f"of {low:g} or more"
        raise Refused(f"{what} must be a number {bounds}, not {show_value(value)}")
    pid = store.program_id(session, program, lock=True)
    row = session.execute(
        select(PRJ.c.id, PRJ.c.status, PRJ.c[field]).where(
            PRJ.c.program_id == pid, PRJ.c.key == project
        )
    ).first()
    if row is None:
        raise NotFound(f"no project '{project}' in this program")
    if row.status == "cancelled":
        raise Refused(f"{project} is cancelled")
    old = row[2]
    if old != value:
        session.execute(update(PRJ).where(PRJ.c.id == row.id).values({field: value}))
        audit(session, program, f"project:{project}", field, old, value)
    return old, value


def set_percent(
    session: Session, *, program: str, project: str, percent: float
) -> tuple[float | None, float]:
    """Percent complete, 0 to 100."""
    return _set_number(
        session, program, project, "percent_complete", percent, 0, 100, "percent complete"
    )


def set_actual_cost(
    session: Session, *, program: str, project: str, amount: float
) -> tuple[float | None, float]:
    """The money spent so far: below 10^13, in whole cents (docs/interchange.md)."""
    if (
        math.isfinite(amount)
        and amount >= 0
        and (amount >= d.MAX_MONEY or round(amount, d.MONEY_DIGITS) != amount)
    ):
        raise Refused(
            f"actual cost must be a number from 0 to less than {d.MAX_MONEY} in whole cents, "
            f"not {amount}"
        )
    return _set_number(session, program, project, "actual_cost", amount, 0, None, "actual cost")
