"""The plan: project ranks, status transitions, percent complete, actual cost and the
dependencies between projects."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, delete, func, insert, select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.analysis.calendar import check_day
from progtui.errors import NotFound, Refused
from progtui.services.audit import audit, show_value
from progtui.services.lookups import find_project
from progtui.store import DEP, PRJ


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


# --- dependencies ------------------------------------------------------------------------------

LINK_FIELD = "depends on "  # the audit field of a link: "depends on PRED"; values "FS", "SS+5"


@dataclass(frozen=True, slots=True)
class Linked:
    project: str
    predecessor: str
    old: str | None  # the link's type and lag before ("FS", "SS+5"), None when it was new
    new: str | None  # after; None when it was removed


def _link_text(kind: str, lag: int) -> str:
    return f"{kind}{lag:+d}" if lag else kind


def parse_link(text: str) -> tuple[str, int]:
    """A link's type and lag as written (FS, ss+5, FF -2, SF+0) -> ("FF", -2)."""
    compact = text.replace(" ", "").upper()
    kind, rest = compact[:2], compact[2:]
    if kind not in d.DEPENDENCY_TYPES or (rest and not _is_int(rest)):
        raise Refused(
            f"'{text}' is not a link type: FS, SS, FF or SF, with a lag like +5 or -2 "
            "(working days)"
        )
    lag = int(rest) if rest else 0
    if abs(lag) > d.MAX_WORKING_DAYS:
        raise Refused(f"lag {lag} is beyond ±{d.MAX_WORKING_DAYS} working days")
    return kind, lag


def _is_int(text: str) -> bool:
    return text.lstrip("+-").isdigit() and text.count("+") + text.count("-") <= 1


def set_link(
    session: Session, pid: int, project: str, predecessor: str, value: str | None
) -> str | None:
    """Make *project* depend on *predecessor* with the link *value* ("FS", "SS+5"), or no
    longer (None), refusing a cycle; no audit row. Returns the link before."""
    succ = find_project(session, pid, project)[0]
    pred = find_project(session, pid, predecessor)[0]
    if succ == pred:
        raise Refused(f"{project} cannot depend on itself")
    row = session.execute(
        select(DEP.c.id, DEP.c.type, DEP.c.lag).where(
            DEP.c.predecessor_id == pred, DEP.c.successor_id == succ
        )
    ).first()
    before = None if row is None else _link_text(row.type, row.lag)
    if value is None:
        if row is not None:
            session.execute(delete(DEP).where(DEP.c.id == row.id))
        return before
    kind, lag = parse_link(value)
    if row is None:
        cycle = _cycle_through(session, pid, project, predecessor)
        if cycle:
            raise Refused(
                f"{project} cannot depend on {predecessor}: that would close the cycle "
                + " → ".join(cycle)
            )
        session.execute(
            insert(DEP).values(
                program_id=pid, predecessor_id=pred, successor_id=succ, type=kind, lag=lag
            )
        )
    elif (row.type, row.lag) != (kind, lag):
        session.execute(update(DEP).where(DEP.c.id == row.id).values(type=kind, lag=lag))
    return before


def _cycle_through(session: Session, pid: int, project: str, predecessor: str) -> list[str]:
    """The cycle a new link predecessor -> project would close: [predecessor, project, ...,
    predecessor], or [] when there is none."""
    from progtui.analysis.graph import dependency_graph

    keys = dict(session.execute(select(PRJ.c.id, PRJ.c.key).where(PRJ.c.program_id == pid)).all())
    edges = session.execute(
        select(DEP.c.predecessor_id, DEP.c.successor_id).where(DEP.c.program_id == pid)
    ).all()
    graph = dependency_graph((keys[a], keys[b]) for a, b in edges)
    if project not in graph or predecessor not in graph:
        return []
    import networkx as nx

    try:
        path: list[str] = nx.shortest_path(graph, project, predecessor)
    except nx.NetworkXNoPath:
        return []
    return [predecessor, *path]


def link(
    session: Session, *, program: str, project: str, predecessor: str, kind: str = "FS"
) -> Linked:
    """*project* depends on *predecessor* by *kind* (type and lag: "FS", "SS+5"): a new link,
    or the existing link's type and lag changed. A link closing a cycle is refused, naming it."""
    pid = store.program_id(session, program, lock=True)
    kind = _link_text(*parse_link(kind))
    before = set_link(session, pid, project, predecessor, kind)
    if before != kind:
        audit(session, program, f"project:{project}", LINK_FIELD + predecessor, before, kind)
    return Linked(project, predecessor, before, kind)


def unlink(session: Session, *, program: str, project: str, predecessor: str) -> Linked:
    """*project* no longer depends on *predecessor*."""
    pid = store.program_id(session, program, lock=True)
    before = set_link(session, pid, project, predecessor, None)
    if before is None:
        raise NotFound(f"{project} does not depend on {predecessor}")
    audit(session, program, f"project:{project}", LINK_FIELD + predecessor, before, None)
    return Linked(project, predecessor, before, None)


def parse_links(text: str) -> dict[str, str]:
    """A project's predecessors as typed: "DE-MKT:SS+10, FR-REG" -> {DE-MKT: SS+10, FR-REG: FS}
    (a bare key is FS with no lag; "" is none)."""
    out: dict[str, str] = {}
    for item in (x.strip() for x in text.split(",")):
        if not item:
            continue
        key, _, kind = item.partition(":")
        key = key.strip()
        if not key:
            raise Refused(f"depends_on: '{item}' should be KEY or KEY:TYPE, like DE-PKG:SS+5")
        if key in out:
            raise Refused(f"depends_on: {key} is given twice")
        out[key] = _link_text(*parse_link(kind or "FS"))
    return out


def set_links(session: Session, *, program: str, project: str, links: str) -> list[Linked]:
    """Give *project* exactly the predecessors *links* ("DE-MKT:SS+10, FR-REG"; "" none):
    links missing are removed, new ones added, changed ones changed, all in this transaction."""
    pid = store.program_id(session, program, lock=True)
    wanted = parse_links(links)
    xid = find_project(session, pid, project)[0]
    current = {
        row.key: _link_text(row.type, row.lag)
        for row in session.execute(
            select(PRJ.c.key, DEP.c.type, DEP.c.lag)
            .join(DEP, DEP.c.predecessor_id == PRJ.c.id)
            .where(DEP.c.successor_id == xid, PRJ.c.program_id == pid)  # not other programs'
            .order_by(DEP.c.id)
        )
    }
    done = [
        unlink(session, program=program, project=project, predecessor=key)
        for key in current
        if key not in wanted
    ]
    for key, kind in wanted.items():
        if current.get(key) != kind:
            done.append(link(session, program=program, project=project, predecessor=key, kind=kind))
    return done
