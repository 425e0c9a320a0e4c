"""One function per change a user can make. The command line and the app both call these.

Each takes an open write session (one transaction: all or nothing), checks its rules, raises
Refused with one readable line when a rule is broken, and writes Change rows for the audit
trail in the same transaction as the change.
"""

from __future__ import annotations

import json
import math
import os
import pwd
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, delete, func, insert, select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.errors import NotFound, Refused
from progtui.store import ALLOC, CHG, DA, DEC, P, PER, PRJ, RISK

FTE_DIGITS = 6  # FTE arithmetic is rounded here so 0.5 - 0.2 is stored as 0.3


def current_user() -> str:
    """The operating-system account running this process (from its uid, not the environment)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def now() -> datetime:
    """The server's local wall-clock time, to the second (how decisions and changes are dated)."""
    return datetime.now().replace(microsecond=0)


def show_value(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


BATCH = "progtui.batch"  # session.info keys: this transaction's batch, and what it does
ACTION = "progtui.action"
REVERTS = "progtui.reverts"


def audit(session: Session, program: str, entity: str, field: str, old: object,
          new: object, *, who: str | None = None, when: datetime | None = None,
          data: str | None = None) -> None:
    """Record one change in the audit trail (same transaction as the change).

    Every row written in one transaction shares a batch: one user action, undone as a whole.
    """
    info = session.info
    if BATCH not in info:
        info[BATCH] = uuid.uuid4().hex
    session.execute(insert(CHG).values(
        program_key=program, when=when or now(), who=who or current_user(), entity=entity,
        field=field, old=show_value(old), new=show_value(new), batch=info[BATCH],
        action=info.get(ACTION, "do"), reverts=info.get(REVERTS), data=data))


def check_fresh(session: Session, program: str, seen: int | None) -> None:
    """Refuse this transaction's changes when somebody else changed the same things after
    change *seen* (the newest the caller had on screen): the optimistic concurrency check.

    Same things: the same entity (any field), or the order of projects for a rank move, or
    the program itself (an import). Call it after the change, before the commit."""
    batch = session.info.get(BATCH)
    if seen is None or batch is None:
        return
    mine = session.execute(select(CHG.c.entity, CHG.c.field).where(CHG.c.batch == batch)
                           ).all()
    entities = {m.entity for m in mine} | {"program"}
    later = [CHG.c.program_key == program, CHG.c.id > seen, CHG.c.batch != batch,
             CHG.c.who != current_user()]
    clash = CHG.c.entity.in_(entities)
    if any(m.field == "rank" for m in mine):
        clash = clash | (CHG.c.field == "rank")
    other = session.execute(select(CHG).where(*later, clash).order_by(CHG.c.id.desc())).first()
    if other is not None:
        what = "the order of projects" if other.field == "rank" else other.entity
        raise Refused(f"not saved: {other.who} changed {what} at {other.when:%H:%M:%S} "
                      "since your screen was loaded; it has been reloaded, try again")


# --- import / export ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ImportResult:
    key: str
    projects: int
    replaced: bool


def import_program(session: Session, *, data: d.ProgramData, replace: bool = False,
                   source: str | None = None) -> ImportResult:
    """Store a validated program; an existing one with the same key only with replace."""
    key = data.program.key
    who = current_user()
    if not store.may(data.program.access, data.program.owner, who, write=True):
        raise Refused(f"the access list of {key} leaves you ({who}) out: add yourself to its "
                      "editors, or make yourself its owner")
    existing = session.execute(select(P.c.id).where(P.c.key == key)).scalar()
    if existing is not None:
        if not replace:
            raise Refused(f"program '{key}' already exists; use --replace to replace it")
        store.program_id(session, key, lock=True)
        store.delete_program(session, existing)
    store.save_program(session, data)
    audit(session, key, "program", "import", "replaced" if existing else None,
          f"{source or 'data'} ({len(data.projects)} projects)")
    return ImportResult(key, len(data.projects), existing is not None)


def export_program(session: Session, *, program: str) -> d.ProgramData:
    return store.load_program(session, program)


# --- lookups -----------------------------------------------------------------------------------

def _project(session: Session, pid: int, key: str) -> tuple[int, int, str]:
    row = session.execute(select(PRJ.c.id, PRJ.c.rank, PRJ.c.status)
                          .where(PRJ.c.program_id == pid, PRJ.c.key == key)).first()
    if row is None:
        raise NotFound(f"no project '{key}' in this program")
    return row.id, row.rank, row.status


def _person(session: Session, pid: int, key: str) -> int:
    person = session.execute(select(PER.c.id).where(PER.c.program_id == pid, PER.c.key == key)
                             ).scalar()
    if person is None:
        raise NotFound(f"no person '{key}' in this program")
    return person


# --- reprioritize ------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Moved:
    project: str
    old_rank: int
    new_rank: int


def move(session: Session, *, program: str, project: str, rank: int) -> Moved:
    """Give *project* rank *rank*; the projects in between shift by one. Ranks stay 1..n."""
    pid = store.program_id(session, program, lock=True)
    xid, old, _ = _project(session, pid, project)
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
    session.execute(update(PRJ).where(PRJ.c.program_id == pid, PRJ.c.rank >= park)
                    .values(rank=PRJ.c.rank - park + step))
    session.execute(update(PRJ).where(PRJ.c.id == xid).values(rank=rank))


# --- allocations -------------------------------------------------------------------------------

def _check_fte(fte: float) -> float:
    if not math.isfinite(fte) or fte < 0:
        raise Refused(f"FTE must be a number of 0 or more, not {fte}")
    return round(fte, FTE_DIGITS)


def _period(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "project dates"
    return f"{start or '…'}..{end or '…'}"


def _allocation(session: Session, project_id: int, person_id: int, start: date | None,
                end: date | None) -> Any:
    """The (id, fte) of a person's allocation to a project for exactly this period, if any."""
    return session.execute(select(ALLOC.c.id, ALLOC.c.fte).where(
        ALLOC.c.project_id == project_id, ALLOC.c.person_id == person_id,
        ALLOC.c.start.is_(None) if start is None else ALLOC.c.start == start,
        ALLOC.c.end.is_(None) if end is None else ALLOC.c.end == end)).first()


@dataclass(frozen=True, slots=True)
class Allocated:
    person: str
    project: str
    old_fte: float
    new_fte: float


def allocate(session: Session, *, program: str, person: str, project: str, fte: float,
             start: date | None = None, end: date | None = None) -> Allocated:
    """Set the FTE of *person* on *project* for a period (default: the project's dates).

    FTE 0 removes that allocation.
    """
    fte = _check_fte(fte)
    if start and end and end < start:
        raise Refused(f"the allocation would end ({end}) before it starts ({start})")
    pid = store.program_id(session, program, lock=True)
    person_id = _person(session, pid, person)
    xid, _, status = _project(session, pid, project)
    row = _allocation(session, xid, person_id, start, end)
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
            session.execute(insert(ALLOC).values(project_id=xid, person_id=person_id, fte=fte,
                                                 start=start, end=end))
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


def reallocate(session: Session, *, program: str, person: str, from_project: str,
               to_project: str, fte: float, today: date) -> Reallocated:
    """Move *fte* of a person's time from one project to another, for the same period.

    When the person has several allocations on the source, the one running today is used.
    """
    fte = _check_fte(fte)
    if fte == 0:
        raise Refused("FTE to move must be more than 0")
    if from_project == to_project:
        raise Refused("the source and target project are the same")
    pid = store.program_id(session, program, lock=True)
    person_id = _person(session, pid, person)
    src_id, _, _ = _project(session, pid, from_project)
    dst_id, _, dst_status = _project(session, pid, to_project)
    if dst_status in d.CLOSED_STATUSES:
        raise Refused(f"project {to_project} is {dst_status}; move people to open projects only")
    rows = session.execute(
        select(ALLOC.c.id, ALLOC.c.fte, ALLOC.c.start, ALLOC.c.end, PRJ.c.start.label("ps"),
               PRJ.c.end.label("pe"))
        .join(PRJ, PRJ.c.id == ALLOC.c.project_id)
        .where(ALLOC.c.project_id == src_id, ALLOC.c.person_id == person_id)
        .order_by(ALLOC.c.id)).all()
    if not rows:
        raise Refused(f"{person} has no allocation on {from_project}")
    if len(rows) > 1:
        running = [r for r in rows if (r.start or r.ps) <= today <= (r.end or r.pe)]
        if len(running) != 1:
            raise Refused(f"{person} has {len(rows)} allocations on {from_project}; "
                          "use allocate with --from/--to to say which period")
        rows = running
    src = rows[0]
    if fte > src.fte + 1e-9:
        raise Refused(f"{person} has only {show_value(src.fte)} FTE on {from_project} "
                      f"({_period(src.start, src.end)}), not {show_value(fte)}")
    left = round(src.fte - fte, FTE_DIGITS)
    if left <= 0:
        session.execute(delete(ALLOC).where(ALLOC.c.id == src.id))
    else:
        session.execute(update(ALLOC).where(ALLOC.c.id == src.id).values(fte=left))
    dst = _allocation(session, dst_id, person_id, src.start, src.end)
    before = dst.fte if dst else 0.0
    after = round(before + fte, FTE_DIGITS)
    if dst is None:
        session.execute(insert(ALLOC).values(project_id=dst_id, person_id=person_id, fte=after,
                                             start=src.start, end=src.end))
    else:
        session.execute(update(ALLOC).where(ALLOC.c.id == dst.id).values(fte=after))
    period = _period(src.start, src.end)
    audit(session, program, f"allocation:{from_project}/{person}@{period}", "fte", src.fte, left)
    audit(session, program, f"allocation:{to_project}/{person}@{period}", "fte", before, after)
    return Reallocated(person, from_project, to_project, fte, max(left, 0.0), after)


# --- status, progress, cost ----------------------------------------------------------------------

# Where each open status may go (SPEC section 1); on_hold goes back to the status it left.
NEXT_STATUS = {
    "proposed": ("approved", "on_hold", "cancelled"),
    "approved": ("active", "on_hold", "cancelled"),
    "active": ("done", "on_hold", "cancelled"),
}


@dataclass(frozen=True, slots=True)
class StatusChanged:
    project: str
    old: str
    new: str


def allowed_statuses(status: str, held: str | None) -> tuple[str, ...]:
    if status == "on_hold":
        return (held or "approved", "cancelled")
    return NEXT_STATUS.get(status, ())


def set_status(session: Session, *, program: str, project: str, status: str,
               on: date) -> StatusChanged:
    """Move a project along the allowed transitions. Becoming active records the actual
    start (on the day given), done records the actual end and 100 %. From on_hold, status
    "back" means the status it left."""
    pid = store.program_id(session, program, lock=True)
    row = session.execute(select(PRJ).where(PRJ.c.program_id == pid, PRJ.c.key == project)
                          ).first()
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
            audit(session, program, f"project:{project}", field, getattr(row, field),
                  values[field])
    return StatusChanged(project, old, status)


def _set_number(session: Session, program: str, project: str, field: str, value: float,
                low: float, high: float | None, what: str) -> tuple[float | None, float]:
    if not math.isfinite(value) or value < low or (high is not None and value > high):
        bounds = f"from {low:g} to {high:g}" if high is not None else f"of {low:g} or more"
        raise Refused(f"{what} must be a number {bounds}, not {show_value(value)}")
    pid = store.program_id(session, program, lock=True)
    row = session.execute(select(PRJ.c.id, PRJ.c.status, PRJ.c[field])
                          .where(PRJ.c.program_id == pid, PRJ.c.key == project)).first()
    if row is None:
        raise NotFound(f"no project '{project}' in this program")
    if row.status == "cancelled":
        raise Refused(f"{project} is cancelled")
    old = row[2]
    if old != value:
        session.execute(update(PRJ).where(PRJ.c.id == row.id).values({field: value}))
        audit(session, program, f"project:{project}", field, old, value)
    return old, value


def set_percent(session: Session, *, program: str, project: str,
                percent: float) -> tuple[float | None, float]:
    """Percent complete, 0 to 100."""
    return _set_number(session, program, project, "percent_complete", percent, 0, 100,
                       "percent complete")


def set_actual_cost(session: Session, *, program: str, project: str,
                    amount: float) -> tuple[float | None, float]:
    """The money spent so far."""
    return _set_number(session, program, project, "actual_cost", amount, 0, None, "actual cost")


# --- risks ---------------------------------------------------------------------------------------

def update_risk(session: Session, *, program: str, risk: str, probability: int | None = None,
                impact: int | None = None, status: str | None = None,
                mitigation: str | None = None) -> dict[str, tuple[object, object]]:
    """Change a risk's probability, impact (1-5), status or mitigation; returns what changed."""
    from progtui.text import clean

    for name, value in (("probability", probability), ("impact", impact)):
        if value is not None and not 1 <= value <= 5:
            raise Refused(f"{name} must be from 1 to 5, not {value}")
    if status is not None and status not in d.RISK_STATUSES:
        raise Refused(f"risk status must be {', '.join(d.RISK_STATUSES)}, not {status}")
    pid = store.program_id(session, program, lock=True)
    row = session.execute(select(RISK).where(RISK.c.program_id == pid, RISK.c.key == risk)
                          ).first()
    if row is None:
        raise NotFound(f"no risk '{risk}' in this program")
    wanted: dict[str, object] = {}
    for name, value in (("probability", probability), ("impact", impact), ("status", status)):
        if value is not None:
            wanted[name] = value
    if mitigation is not None:  # '' clears it
        wanted["mitigation"] = clean(mitigation).strip() or None
    changed = {k: (getattr(row, k), v) for k, v in wanted.items() if v != getattr(row, k)}
    if changed:
        session.execute(update(RISK).where(RISK.c.id == row.id)
                        .values({k: new for k, (_, new) in changed.items()}))
        for k, (old, new) in changed.items():
            audit(session, program, f"risk:{risk}", k, old, new)
    return changed


# --- decisions ---------------------------------------------------------------------------------

def decide(session: Session, *, program: str, text: str, about: tuple[str, ...] = (),
           when: datetime | None = None) -> d.Decision:
    """Record a decision, linked to projects, risks, people or objectives by key."""
    from progtui.text import clean

    text = clean(text)
    if not text.strip():
        raise Refused("a decision needs some text")
    pid = store.program_id(session, program, lock=True)
    known: set[str] = set()
    for table in (PRJ, RISK, PER, store.OBJ):
        known.update(session.execute(select(table.c.key).where(table.c.program_id == pid))
                     .scalars())
    for key in about:
        if key not in known:
            raise Refused(f"--about {key}: no project, risk, person or objective with that key")
    decision = d.Decision(when or now(), current_user(), text, tuple(about))
    did = session.execute(insert(DEC).values(program_id=pid, when=decision.when,
                                             who=decision.who, text=decision.text)
                          .returning(DEC.c.id)).scalar_one()
    for key in about:
        session.execute(insert(DA).values(decision_id=did, ref=key))
    audit(session, program, "decision", "text", None, text, who=decision.who, when=decision.when,
          data=json.dumps({"when": decision.when.isoformat(), "who": decision.who,
                           "text": text, "about": list(about)}))
    return decision


# --- benefits ----------------------------------------------------------------------------------

def record_benefit(session: Session, *, program: str, objective: str, value: float,
                   on: date) -> tuple[float | None, float]:
    """Record an objective's value on a day (replacing one recorded that day). The newest
    recorded value is the objective's current one. Returns the day's old value and the new."""
    from progtui.interchange.reader import did_you_mean

    if not math.isfinite(value):
        raise Refused(f"a value must be a number, not {value}")
    pid = store.program_id(session, program, lock=True)
    row = session.execute(select(store.OBJ.c.id, store.OBJ.c.current).where(
        store.OBJ.c.program_id == pid, store.OBJ.c.key == objective)).first()
    if row is None:
        keys = list(session.execute(select(store.OBJ.c.key).where(
            store.OBJ.c.program_id == pid)).scalars())
        raise NotFound(f"no objective '{objective}' in {program}" + did_you_mean(objective, keys))
    old = set_measure(session, row.id, on, value)
    audit(session, program, f"objective:{objective}", f"value {on}", old, value)
    current = latest_measure(session, row.id)
    if current != row.current:
        session.execute(update(store.OBJ).where(store.OBJ.c.id == row.id).values(current=current))
        audit(session, program, f"objective:{objective}", "current", row.current, current)
    return old, value


def set_measure(session: Session, oid: int, on: date, value: float | None) -> float | None:
    """Set (None: remove) an objective's value of a day; return the one it had."""
    ov = store.OV
    old = session.execute(select(ov.c.value).where(ov.c.objective_id == oid, ov.c.day == on)
                          ).scalar()
    if old is not None:
        session.execute(delete(ov).where(ov.c.objective_id == oid, ov.c.day == on))
    if value is not None:
        session.execute(insert(ov).values(objective_id=oid, day=on, value=value))
    return old


def latest_measure(session: Session, oid: int) -> float | None:
    ov = store.OV
    return session.execute(select(ov.c.value).where(ov.c.objective_id == oid)
                           .order_by(ov.c.day.desc()).limit(1)).scalar()


# --- steering reports ----------------------------------------------------------------------------

def steering_report(session: Session, *, program: str, today: date,
                    since: date | None = None, record: bool = True) -> Any:
    """The steering report at *today* (steering.Report), compared with the previous report's
    KPIs; with *record* its KPIs are stored as the next report's previous ones."""
    from progtui.analysis import analyze
    from progtui.steering import Previous, Report

    from progtui.errors import AccessDenied

    try:
        pid = store.program_id(session, program, lock=record)
    except AccessDenied:  # a viewer may read the report; only those who may change it keep it
        if not record:
            raise
        pid, record = store.program_id(session, program), False
    data = store.load_program(session, program)
    a = analyze(data, today)
    last = session.execute(select(store.REP).where(store.REP.c.program_id == pid)
                           .order_by(store.REP.c.id.desc()).limit(1)).first()
    previous = Previous(last.made, last.today, json.loads(last.kpis)) if last else None
    # since the day asked for, else since the previous report was made (wall-clock time, as
    # changes and decisions are dated), else everything
    start = (datetime(since.year, since.month, since.day) if since is not None
             else previous.made if previous is not None else None)
    label = (str(since) if since is not None else
             f"the previous report ({previous.made:%Y-%m-%d %H:%M})" if previous else None)
    rows = tuple(c for c in changes(session, program=program) if start is None or c.when >= start)
    decided = tuple(x for x in data.decisions if start is None or x.when >= start)
    report = Report(a, label, previous, rows, decided)
    if record:
        health = {r.project.key: r.health.rag for r in a.projects if r.health}
        session.execute(insert(store.REP).values(program_id=pid, made=now(), today=today,
                                                 kpis=json.dumps(report.kpis),
                                                 health=json.dumps(health)))
    return report


# --- triage meetings -----------------------------------------------------------------------------

def triage_agenda(session: Session, *, program: str, today: date) -> list[Any]:
    """The agenda (analysis.agenda.Item), with the projects amber in the last two reports."""
    from progtui.analysis import analyze
    from progtui.analysis.agenda import agenda

    pid = store.program_id(session, program)
    last_two = session.execute(select(store.REP.c.health).where(store.REP.c.program_id == pid)
                               .order_by(store.REP.c.id.desc()).limit(2)).scalars().all()
    amber: frozenset[str] = frozenset()
    if len(last_two) == 2 and all(last_two):
        a, b = (json.loads(x) for x in last_two)
        amber = frozenset(k for k, v in a.items() if v == "amber" and b.get(k) == "amber")
    return agenda(analyze(store.load_program(session, program), today), amber)


def save_minutes(session: Session, *, meeting: Any, ended: datetime) -> tuple[int, str]:
    """End a meeting (minutes.Meeting): compose its minutes from the changes and decisions
    made while each item was open, and keep them. Returns the record's id and the text."""
    from progtui.minutes import compose

    pid = store.program_id(session, meeting.program)
    meeting.close(last_change_id(session))
    name = session.execute(select(P.c.name).where(P.c.id == pid)).scalar_one()
    first = min((after for spans in meeting.spans.values() for after, _ in spans), default=0)
    text = compose(meeting, ended, changes(session, program=meeting.program, after=first), name)
    mid = session.execute(insert(store.MEET).values(
        program_id=pid, started=meeting.started.replace(microsecond=0),
        ended=ended.replace(microsecond=0), attendees=", ".join(meeting.attendees),
        minutes=text).returning(store.MEET.c.id)).scalar_one()
    return mid, text


def last_change_id(session: Session) -> int:
    """The newest audit row's id (0 for none): a mark in the trail."""
    return session.execute(select(func.max(CHG.c.id))).scalar() or 0


def minutes_of(session: Session, *, program: str, day: date | None = None) -> str:
    """The last meeting's minutes (of that day, with *day*)."""
    pid = store.program_id(session, program)
    query = select(store.MEET.c.minutes, store.MEET.c.started).where(
        store.MEET.c.program_id == pid).order_by(store.MEET.c.id.desc())
    for text, started in session.execute(query):
        if day is None or started.date() == day:
            return str(text)
    raise NotFound(f"no minutes of {program}" + (f" on {day}" if day else "")
                   + ": end a triage meeting (t in the app) to write some")


# --- baselines ---------------------------------------------------------------------------------

def baseline_data(stored: str) -> d.Baseline:
    """A baseline from its JSON in an audit row (to re-create it on redo or replay)."""
    raw = json.loads(stored)
    day = date.fromisoformat

    def opt(value: str | None) -> date | None:
        return day(value) if value else None

    return d.Baseline(
        raw["name"], day(raw["taken"]),
        tuple(d.BaselineProject(x["project"], day(x["start"]), day(x["end"]), x["budget"],
                                opt(x["forecast_start"]), opt(x["forecast_end"]))
              for x in raw["projects"]),
        tuple(d.BaselineMilestone(x["project"], x["name"], day(x["due"]), opt(x["forecast"]))
              for x in raw["milestones"]))


def take_baseline(session: Session, *, program: str, name: str, today: date) -> d.Baseline:
    """Save the current plan under *name*: each project's planned dates, budget and forecast,
    each milestone's due date and forecast, as the analysis at *today* has them."""
    from dataclasses import asdict

    from progtui.analysis import analyze
    from progtui.text import one_line

    name = one_line(name).strip()
    if not name:
        raise Refused("a baseline needs a name")
    pid = store.program_id(session, program, lock=True)
    if session.execute(select(store.BL.c.id).where(store.BL.c.program_id == pid,
                                                   store.BL.c.name == name)).first():
        raise Refused(f"there is already a baseline '{name}' in {program}")
    a = analyze(store.load_program(session, program), today)
    on = a.calendar.date_of
    baseline = d.Baseline(
        name, today,
        tuple(d.BaselineProject(r.project.key, r.project.start, r.project.end, r.project.budget,
                                on(r.slot.s) if r.slot else None,
                                on(r.slot.f - 1) if r.slot else None) for r in a.projects),
        tuple(d.BaselineMilestone(m.project, m.name, m.due, m.forecast) for m in a.milestones))
    store.save_baseline(session, pid, baseline)
    audit(session, program, f"baseline:{name}", "created", None,
          f"{len(baseline.projects)} projects", data=json.dumps(asdict(baseline), default=str))
    return baseline


def drop_baseline(session: Session, pid: int, name: str) -> None:
    session.execute(delete(store.BL).where(store.BL.c.program_id == pid, store.BL.c.name == name))


# --- the audit trail ---------------------------------------------------------------------------

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
    rows = session.execute(select(CHG).where(CHG.c.program_key == program, CHG.c.id > after)
                           .order_by(CHG.c.id))
    return [ChangeRecord(r.id, r.when, r.who, r.entity, r.field, r.old, r.new, r.batch,
                         r.action, r.data) for r in rows]

