"""ProgramData <-> database rows. Bulk Core statements, so a 10,000-project program stays fast.

Nothing here decides a rule a user could break; that is the interchange's and the services' job.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from typing import Any, cast

from sqlalchemy import ColumnElement, Table, delete, func, insert, select
from sqlalchemy import update as update_
from sqlmodel import Session

from progtui import domain as d
from progtui.domain import may
from progtui.errors import AccessDenied, LinkMissing, NotFound, PersonDisagrees, Refused
from progtui.gcpause import paused
from progtui.identity import current_user
from progtui.store import tables as m


def _t(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined,no-any-return]


P, HOL, OBJ, PER, PRJ = (_t(m.Program), _t(m.Holiday), _t(m.Objective), _t(m.Person), _t(m.Project))
PO, MS, DEP, ALLOC = (_t(m.ProjectObjective), _t(m.Milestone), _t(m.Dependency), _t(m.Allocation))
RISK, RP, DEC, DA, CHG = (
    _t(m.Risk),
    _t(m.RiskProject),
    _t(m.Decision),
    _t(m.DecisionAbout),
    _t(m.Change),
)
ACC = _t(m.ProgramAccess)
BL, BLP, BLM = _t(m.Baseline), _t(m.BaselineProject), _t(m.BaselineMilestone)
OV = _t(m.ObjectiveValue)
REP, MEET = _t(m.Report), _t(m.Meeting)
PPL = _t(m.ProgramPerson)
PERSON_FIELDS = ("name", "role", "capacity", "cost_rate")
# The people of a program as one selectable with its program_id (person columns + program_id),
# in the program's order by `listed`: what services read where a person belongs to a program.
LISTED = (
    select(*PER.c, PPL.c.program_id, PPL.c.id.label("listed"))
    .join(PPL, PPL.c.person_id == PER.c.id)
    .subquery("listed_person")
)


def people_using(session: Session, person_id: int, *, besides: int | None = None) -> list[str]:
    """The keys of the programs that list a person (leaving out program *besides*)."""
    query = (
        select(P.c.key).join(PPL, PPL.c.program_id == P.c.id).where(PPL.c.person_id == person_id)
    )
    if besides is not None:
        query = query.where(P.c.id != besides)
    return list(session.execute(query.order_by(P.c.key)).scalars())


@dataclass(frozen=True, slots=True)
class PersonUpdate:
    """A field of an organisation's person that an import changed (--update-people)."""

    key: str
    field: str
    old: object
    new: object


def save_people(
    session: Session, pid: int, people: Sequence[d.Person], *, update: bool = False
) -> tuple[dict[str, int], list[PersonUpdate]]:
    """List *people* in program *pid*: a key the database knows is that person, who must be
    equal here unless no other program uses them or *update* (then changed for all);
    PersonDisagrees otherwise. Returns person ids by key and what was updated."""
    keys = [x.key for x in people]
    known = {
        r.key: r
        for i in range(0, len(keys), 500)
        for r in session.execute(select(PER).where(PER.c.key.in_(keys[i : i + 500]))).all()
    }
    ids: dict[str, int] = {}
    updates: list[PersonUpdate] = []
    new = []
    for x in people:
        row = known.get(x.key)
        if row is None:
            new.append(x)
            continue
        ids[x.key] = row.id
        differs = [
            (f, getattr(row, f), getattr(x, f))
            for f in PERSON_FIELDS
            if getattr(row, f) != getattr(x, f)
        ]
        if not differs:
            continue
        users = people_using(session, row.id, besides=pid)
        if users and not update:
            field, there, here = differs[0]
            raise PersonDisagrees(x.key, field, here, there, users)
        session.execute(
            update_(PER).where(PER.c.id == row.id).values({f: new_ for f, _, new_ in differs})
        )
        if users:
            updates += [PersonUpdate(x.key, f, old, new_) for f, old, new_ in differs]
    ids.update(
        _insert_keyed(
            session,
            PER,
            [
                dict(
                    key=x.key, name=x.name, role=x.role, capacity=x.capacity, cost_rate=x.cost_rate
                )
                for x in new
            ],
        )
    )
    _insert_plain(session, PPL, [dict(program_id=pid, person_id=ids[k]) for k in keys])
    return ids, updates


def _insert(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert rows, returning their new ids in the order given."""
    if not rows:
        return []
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.execute(stmt, list(rows)).scalars())


def _insert_keyed(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert rows that each have a key; return their new ids by key."""
    return dict(zip((r["key"] for r in rows), _insert(session, table, rows), strict=True))


def _insert_plain(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(table), list(rows))


def program_id(session: Session, key: str, *, lock: bool = False) -> int:
    """The id of program *key*; with lock, also hold its row until the transaction ends."""
    stmt = select(P.c.id).where(P.c.key == key)
    if lock and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    pid: int | None = session.execute(stmt).scalar()
    if pid is None:
        known = [p.key for p in list_programs(session)]
        hint = f" (known: {', '.join(known[:8])})" if known else " (the database holds none yet)"
        raise NotFound(f"no program '{key}'{hint}")
    check_access(session, pid, key, write=lock)
    return pid


def access_of(session: Session, pid: int) -> d.Access | None:
    """The program's access list; None when it has none (open to all). An empty list, which
    has no rows, is told apart by program.access_listed: only the owner may open it."""
    found = _owners_and_access(session, [pid]).get(pid)
    return found[1] if found else None


def readable(session: Session, pids: Collection[int]) -> dict[int, bool]:
    """Whether this account may read each of programs *pids*, in two queries whatever their
    number (access_of and the owner per program took two each: 40 of a load's 70 queries in
    a program sharing people with 19 others)."""
    who = current_user()
    return {
        pid: may(access, owner, who, write=False)
        for pid, (owner, access) in _owners_and_access(session, pids).items()
    }


def _owners_and_access(
    session: Session, pids: Collection[int]
) -> dict[int, tuple[str | None, d.Access | None]]:
    """Each program's owner and access list (as access_of), in two queries."""
    if not pids:
        return {}
    rows = session.execute(
        select(P.c.id, P.c.owner, P.c.access_listed).where(P.c.id.in_(pids))
    ).all()
    lists: dict[int, tuple[list[str], list[str]]] = {pid: ([], []) for pid, _, on in rows if on}
    if lists:
        for pid, account, role in session.execute(
            select(ACC.c.program_id, ACC.c.account, ACC.c.role)
            .where(ACC.c.program_id.in_(lists))
            .order_by(ACC.c.id)
        ).all():
            lists[pid][0 if role == "editor" else 1].append(account)
    return {
        pid: (owner, d.Access(*map(tuple, lists[pid])) if pid in lists else None)
        for pid, owner, _ in rows
    }


def check_access(session: Session, pid: int, key: str, *, write: bool) -> None:
    """Refuse an account the program's access list leaves out (viewers: reading only)."""
    access = access_of(session, pid)
    if access is None:
        return
    owner = session.execute(select(P.c.owner).where(P.c.id == pid)).scalar()
    who = current_user()
    if may(access, owner, who, write=write):
        return
    if who in access.viewers:
        raise AccessDenied(
            f"{who} may only view program {key} (its owner {owner} or an "
            "editor can add you to its editors)"
        )
    raise AccessDenied(
        f"{who} may not open program {key} (not among its owner, editors or viewers)"
    )


def delete_program(session: Session, pid: int) -> None:
    """Remove a program and everything in it (foreign keys cascade)."""
    session.execute(delete(P).where(P.c.id == pid))


def held_status(p: d.Project) -> str | None:
    """Where an imported on_hold project goes back to (files do not say): active when it has
    started, approved otherwise."""
    if p.status != "on_hold":
        return None
    return "active" if p.actual_start else "approved"


def save_program(
    session: Session,
    data: d.ProgramData,
    *,
    update_people: bool = False,
    rank: int | None = None,
) -> tuple[int, list[PersonUpdate]]:
    """Insert a whole program; return its id and the organisation's people it changed
    (*update_people*; see save_people). *rank*: its portfolio rank (a replaced program's);
    a new program comes last. The caller owns the transaction."""
    if rank is None:
        rank = (session.execute(select(func.max(P.c.portfolio_rank))).scalar() or 0) + 1
    with paused():
        return _save(session, data, update_people, rank)


def _save(
    session: Session, data: d.ProgramData, update_people: bool, rank: int
) -> tuple[int, list[PersonUpdate]]:
    p = data.program
    s = data.settings
    (pid,) = _insert(
        session,
        P,
        [
            dict(
                key=p.key,
                name=p.name,
                objective=p.objective,
                owner=p.owner,
                start=p.start,
                end=p.end,
                budget=p.budget,
                currency=p.currency,
                risk_medium=s.risk_medium,
                risk_high=s.risk_high,
                risk_critical=s.risk_critical,
                access_listed=p.access is not None,
                portfolio_rank=rank,
            )
        ],
    )
    _insert_plain(session, HOL, [dict(program_id=pid, day=h) for h in p.holidays])
    if p.access is not None:
        _insert_plain(
            session,
            ACC,
            [
                dict(program_id=pid, account=a, role=role)
                for role, accounts in (("editor", p.access.editors), ("viewer", p.access.viewers))
                for a in accounts
            ],
        )
    obj_ids = _insert_keyed(
        session,
        OBJ,
        [
            dict(
                program_id=pid,
                key=o.key,
                name=o.name,
                unit=o.unit,
                baseline=o.baseline,
                target=o.target,
                current=o.current,
            )
            for o in data.objectives
        ],
    )
    _insert_plain(
        session,
        OV,
        [
            dict(objective_id=obj_ids[o.key], day=x.day, value=x.value)
            for o in data.objectives
            for x in o.history
        ],
    )
    person_ids, updates = save_people(session, pid, data.people, update=update_people)
    project_ids = _insert_keyed(
        session,
        PRJ,
        [
            dict(
                program_id=pid,
                key=x.key,
                name=x.name,
                rank=x.rank,
                manager_id=person_ids.get(x.manager) if x.manager else None,
                status=x.status,
                start=x.start,
                end=x.end,
                actual_start=x.actual_start,
                actual_end=x.actual_end,
                budget=x.budget,
                actual_cost=x.actual_cost,
                percent_complete=x.percent_complete,
                score_value=x.scores.value,
                score_time_criticality=x.scores.time_criticality,
                score_risk_reduction=x.scores.risk_reduction,
                score_effort=x.scores.effort,
                health_rag=x.health_override.rag if x.health_override else None,
                health_reason=x.health_override.reason if x.health_override else None,
                held_status=held_status(x),
                reported_end=x.reported_end,
            )
            for x in data.projects
        ],
    )
    links, milestones, deps, allocs = [], [], [], []
    for x in data.projects:
        xid = project_ids[x.key]
        links += [dict(project_id=xid, objective_id=obj_ids[k]) for k in x.objectives]
        milestones += [
            dict(project_id=xid, name=ms.name, due=ms.due, done=ms.done) for ms in x.milestones
        ]
        deps += [  # links to other programs' projects: link_external, once all are in
            dict(
                program_id=pid,
                predecessor_id=project_ids[dp.project],
                successor_id=xid,
                type=dp.type,
                lag=dp.lag,
            )
            for dp in x.depends_on
            if dp.program is None
        ]
        allocs += [
            dict(
                project_id=xid, person_id=person_ids[a.person], fte=a.fte, start=a.start, end=a.end
            )
            for a in x.allocations
        ]
    _insert_plain(session, PO, links)
    _insert_plain(session, MS, milestones)
    _insert_plain(session, DEP, deps)
    _insert_plain(session, ALLOC, allocs)
    risk_ids = _insert(
        session,
        RISK,
        [
            dict(
                program_id=pid,
                key=r.key,
                title=r.title,
                probability=r.probability,
                impact=r.impact,
                owner_id=person_ids.get(r.owner) if r.owner else None,
                status=r.status,
                mitigation=r.mitigation,
                due=r.due,
            )
            for r in data.risks
        ],
    )
    _insert_plain(
        session,
        RP,
        [
            dict(risk_id=rid, project_id=project_ids[k])
            for rid, r in zip(risk_ids, data.risks, strict=True)
            for k in r.projects
        ],
    )
    dec_ids = _insert(
        session,
        DEC,
        [dict(program_id=pid, when=x.when, who=x.who, text=x.text) for x in data.decisions],
    )
    _insert_plain(
        session,
        DA,
        [
            dict(decision_id=did, ref=k)
            for did, x in zip(dec_ids, data.decisions, strict=True)
            for k in x.about
        ],
    )
    for b in data.baselines:
        save_baseline(session, pid, b)
    return pid, updates


def link_external(session: Session, pid: int, data: d.ProgramData) -> None:
    """Make program *pid*'s links to other programs' projects (LinkMissing for one the
    database does not hold), in the order of the file, after its own."""
    ids = dict(session.execute(select(PRJ.c.key, PRJ.c.id).where(PRJ.c.program_id == pid)).all())
    _insert_plain(
        session,
        DEP,
        [
            dict(
                program_id=pid,
                predecessor_id=_external(session, x.key, i, dp),
                successor_id=ids[x.key],
                type=dp.type,
                lag=dp.lag,
            )
            for x in data.projects
            for i, dp in enumerate(x.depends_on)
            if dp.program is not None
        ],
    )


def _external(session: Session, project: str, index: int, dp: d.Dependency) -> int:
    """The id of another program's project that a dependency names (LinkMissing if none)."""
    other = session.execute(select(P.c.id).where(P.c.key == dp.program)).scalar()
    if other is None:
        raise LinkMissing(
            project,
            index,
            "program",
            f"project {project} depends on program '{dp.program}', which the database does not "
            "hold: import it first, or in the same import",
        )
    found: int | None = session.execute(
        select(PRJ.c.id).where(PRJ.c.program_id == other, PRJ.c.key == dp.project)
    ).scalar()
    if found is None:
        raise LinkMissing(
            project,
            index,
            "project",
            f"project {project} depends on '{dp.project}' of {dp.program}, which has no such "
            "project",
        )
    return found


@dataclass(frozen=True, slots=True)
class Incoming:
    """A link of another program's project to one of this program's (kept across --replace)."""

    program_id: int
    program: str
    successor_id: int
    successor: str
    predecessor: str
    type: str
    lag: int


def links_into(session: Session, pid: int) -> list[Incoming]:
    """The links of other programs' projects to program *pid*'s, in their order."""
    pred, succ = PRJ.alias("pred"), PRJ.alias("succ")
    rows = session.execute(
        select(DEP.c.program_id, P.c.key, succ.c.id, succ.c.key, pred.c.key, DEP.c.type, DEP.c.lag)
        .join(pred, pred.c.id == DEP.c.predecessor_id)
        .join(succ, succ.c.id == DEP.c.successor_id)
        .join(P, P.c.id == DEP.c.program_id)
        .where(pred.c.program_id == pid, DEP.c.program_id != pid)
        .order_by(DEP.c.id)
    ).all()
    return [Incoming(*r) for r in rows]


def relink(session: Session, pid: int, key: str, incoming: list[Incoming]) -> None:
    """Link other programs' projects again to the replaced program *pid*'s, by key; refuse
    the replacement when one of those projects is gone from it."""
    ids = dict(session.execute(select(PRJ.c.key, PRJ.c.id).where(PRJ.c.program_id == pid)).all())
    for x in incoming:
        if x.predecessor not in ids:
            raise Refused(
                f"project {x.successor} of {x.program} depends on {key}'s project "
                f"'{x.predecessor}', which the new {key} does not have: keep it, or remove "
                f"that dependency from {x.program} first"
            )
    _insert_plain(
        session,
        DEP,
        [
            dict(
                program_id=x.program_id,
                predecessor_id=ids[x.predecessor],
                successor_id=x.successor_id,
                type=x.type,
                lag=x.lag,
            )
            for x in incoming
        ],
    )


def check_program_cycles(session: Session, pid: int) -> None:
    """Refuse a cycle through programs (SPEC 6: the portfolio is analysed in topological
    order of programs), named with program keys and a link of each step. Only the cycles
    through program *pid* are looked for."""
    pred, succ = PRJ.alias("pred"), PRJ.alias("succ")
    cross = session.execute(
        select(pred.c.program_id, pred.c.key, succ.c.program_id, succ.c.key)
        .join(DEP, DEP.c.predecessor_id == pred.c.id)
        .join(succ, succ.c.id == DEP.c.successor_id)
        .where(pred.c.program_id != succ.c.program_id)
        .order_by(DEP.c.id)
    ).all()
    if not cross:
        return
    from progtui.analysis.graph import cycles, dependency_graph

    example: dict[tuple[int, int], tuple[str, str]] = {}
    for a, x, b, y in cross:
        example.setdefault((a, b), (x, y))
    keys = dict(session.execute(select(P.c.id, P.c.key)).all())
    graph = dependency_graph((keys[a], keys[b]) for a, b in example)
    for knot in cycles(graph):
        if keys[pid] not in knot:
            continue
        ids = {v: k for k, v in keys.items()}
        steps = []
        for a, b in pairwise(knot):
            x, y = example[(ids[a], ids[b])]
            steps.append(f"{b}/{y} needs {a}/{x}")
        raise Refused(
            "dependency cycle across programs: " + " -> ".join(knot) + f" ({'; '.join(steps)})"
        )


def save_baseline(session: Session, pid: int, b: d.Baseline) -> None:
    (bid,) = _insert(session, BL, [dict(program_id=pid, name=b.name, taken=b.taken)])
    _insert_plain(
        session,
        BLP,
        [
            dict(
                baseline_id=bid,
                project=x.project,
                start=x.start,
                end=x.end,
                budget=x.budget,
                forecast_start=x.forecast_start,
                forecast_end=x.forecast_end,
            )
            for x in b.projects
        ],
    )
    _insert_plain(
        session,
        BLM,
        [
            dict(baseline_id=bid, project=x.project, name=x.name, due=x.due, forecast=x.forecast)
            for x in b.milestones
        ],
    )


def load_baselines(session: Session, pid: int) -> tuple[d.Baseline, ...]:
    ex = session.execute
    out = []
    for b in ex(select(BL).where(BL.c.program_id == pid).order_by(BL.c.id)).all():
        projects = tuple(
            d.BaselineProject(*r)
            for r in ex(
                select(
                    BLP.c.project,
                    BLP.c.start,
                    BLP.c.end,
                    BLP.c.budget,
                    BLP.c.forecast_start,
                    BLP.c.forecast_end,
                )
                .where(BLP.c.baseline_id == b.id)
                .order_by(BLP.c.id)
            )
        )
        milestones = tuple(
            d.BaselineMilestone(*r)
            for r in ex(
                select(BLM.c.project, BLM.c.name, BLM.c.due, BLM.c.forecast)
                .where(BLM.c.baseline_id == b.id)
                .order_by(BLM.c.id)
            )
        )
        out.append(d.Baseline(b.name, b.taken, projects, milestones))
    return tuple(out)


class Kept:
    """Upstream programs as last read for scheduling (and a program's people's allocations in
    other programs), each with its version: the number of
    its audit rows and the newest one's id. Every change to a program is audited under its
    key in the change's own transaction and audit rows are never deleted, so a committed
    change always moves the count (the newest id alone would not: on PostgreSQL a change
    given a lower id may commit after a higher one). A reload after a move then reads only
    what changed: the program itself, not the nineteen programs upstream of it, nor its
    people's allocations in the programs that share them. Safe to share between threads
    (each entry is replaced whole). load_program without one reads all of them."""

    def __init__(self) -> None:
        self._programs: dict[int, tuple[tuple[int, int | None], d.ProgramData]] = {}
        self._elsewhere: dict[int, tuple[object, tuple[d.Elsewhere, ...]]] = {}

    def elsewhere(
        self, session: Session, pid: int, mine: list[int], others: list[int]
    ) -> tuple[d.Elsewhere, ...]:
        """load_elsewhere's allocations of program *pid*'s people (*mine*) in programs
        *others*, read again only once those programs changed or *pid* lists other people:
        they are made of the other programs' data alone (a move here changes none)."""
        key = (tuple(mine), tuple(map(tuple, _versions(session, P.c.id.in_(others)))))
        kept = self._elsewhere.get(pid)
        if kept is None or kept[0] != key:
            kept = (key, _elsewhere(session, mine, others))  # read after the versions
            self._elsewhere[pid] = kept
        return kept[1]

    def upstream(self, session: Session, data: d.ProgramData) -> tuple[d.ProgramData, ...]:
        """The programs *data*'s links reach, directly or through others, nearest first (by
        key within a step), as _load_for_schedule reads them: found from the links of the
        snapshots themselves, and read again only those changed since they were kept."""
        out: list[d.ProgramData] = []
        seen = {data.program.key}
        step = _named(data) - seen
        while step:
            seen |= step
            found = []
            for pid, key, count, newest in _versions(session, P.c.key.in_(step)):
                kept = self._programs.get(pid)
                if kept is None or kept[0] != (count, newest) or kept[1].program.key != key:
                    kept = ((count, newest), _load_for_schedule(session, pid))  # after its version
                    self._programs[pid] = kept
                found.append(kept[1])
            out += found
            step = set().union(*(_named(u) for u in found)) - seen
        return tuple(out)


def _versions(session: Session, which: ColumnElement[bool]) -> Sequence[Any]:
    """(id, key, number of audit rows, newest audit id) of the programs *which* selects, by
    key: a program's version for Kept."""
    return session.execute(
        select(P.c.id, P.c.key, func.count(CHG.c.id), func.max(CHG.c.id))
        .outerjoin(CHG, CHG.c.program_key == P.c.key)
        .where(which)
        .group_by(P.c.id, P.c.key)
        .order_by(P.c.key)
    ).all()


def _named(data: d.ProgramData) -> set[str]:
    """The programs *data*'s links name."""
    return {dp.program for p in data.projects for dp in p.depends_on if dp.program}


def load_program(session: Session, key: str, kept: Kept | None = None) -> d.ProgramData:
    """The whole program as a snapshot (plain frozen data, safe to hand to the UI), with
    what its people carry elsewhere and the programs its links to others reach (*kept*:
    those read before, reused while unchanged)."""
    with paused():
        pid = program_id(session, key)
        kept = kept or Kept()
        data = replace(
            _load(session, pid, load_elsewhere(session, pid, kept)),
            downstream=load_downstream(session, pid),
        )
        return replace(data, upstream=kept.upstream(session, data))


def load_downstream(session: Session, pid: int) -> tuple[d.Downstream, ...]:
    """The links of other programs' projects to program *pid*'s, by program, project and
    predecessor; those of programs this account may not read unnamed."""
    if session.execute(select(P.c.id).where(P.c.id != pid).limit(1)).first() is None:
        return ()  # the only program: none other can depend on it
    pred, succ = PRJ.alias("pred"), PRJ.alias("succ")
    links = session.execute(
        select(P.c.id, P.c.key, succ.c.key, succ.c.name, pred.c.key, DEP.c.type, DEP.c.lag)
        .join(pred, pred.c.id == DEP.c.predecessor_id)
        .join(succ, succ.c.id == DEP.c.successor_id)
        .join(P, P.c.id == DEP.c.program_id)
        .where(pred.c.program_id == pid, DEP.c.program_id != pid)
        .order_by(P.c.key, succ.c.key, pred.c.key, DEP.c.id)
    ).all()
    if not links:
        return ()
    may_read = readable(session, {other for other, *_ in links})
    return tuple(
        d.Downstream(
            predecessor,
            cast(d.DependencyType, kind),
            lag,
            *((program, project, name) if may_read[other] else ()),
        )
        for other, program, project, name, predecessor, kind, lag in links
    )


def downstream_ids(session: Session, pid: int) -> list[int]:
    """The programs whose links to other programs reach program *pid*, directly or through
    others (the mirror of Kept.upstream), nearest first, by id within a step."""
    pred = PRJ.alias("pred")
    seen, todo = {pid}, [pid]
    out: list[int] = []
    while todo:
        rows = session.execute(
            select(DEP.c.program_id)
            .distinct()
            .join(pred, pred.c.id == DEP.c.predecessor_id)
            .where(pred.c.program_id.in_(todo), DEP.c.program_id.not_in(seen))
        ).scalars()
        todo = sorted(set(rows) - seen)
        seen.update(todo)
        out += todo
    return out


def readable_key(session: Session, pid: int) -> str | None:
    """Program *pid*'s key when this account may read it, else None."""
    key = session.execute(select(P.c.key).where(P.c.id == pid)).scalar_one()
    return key if readable(session, [pid])[pid] else None


def _program(session: Session, p: Any) -> d.Program:
    """A program row (with its holidays and access list) as the snapshot's Program."""
    holidays = session.execute(
        select(HOL.c.day).where(HOL.c.program_id == p.id).order_by(HOL.c.day)
    ).scalars()
    return d.Program(
        key=p.key,
        name=p.name,
        objective=p.objective,
        owner=p.owner,
        start=p.start,
        end=p.end,
        budget=p.budget,
        currency=p.currency,
        holidays=tuple(holidays),
        access=access_of(session, p.id),
    )


def _links(session: Session, pid: int, key_of: dict[int, str]) -> dict[int, list[d.Dependency]]:
    """Program *pid*'s dependencies by successor id, in file order; a predecessor in another
    program (SPEC 6) named with its program's key. *key_of*: this program's project keys."""
    rows = session.execute(
        select(DEP.c.predecessor_id, DEP.c.successor_id, DEP.c.type, DEP.c.lag)
        .where(DEP.c.program_id == pid)
        .order_by(DEP.c.id)
    ).all()
    outside = {pred for pred, *_ in rows if pred not in key_of}  # another program's projects
    external = (
        {
            xid: (program, key)
            for xid, key, program in session.execute(
                select(PRJ.c.id, PRJ.c.key, P.c.key)
                .join(P, P.c.id == PRJ.c.program_id)
                .where(PRJ.c.id.in_(outside))
            ).all()
        }
        if outside
        else {}
    )
    deps: dict[int, list[d.Dependency]] = defaultdict(list)
    dependency = d.Dependency
    for pred, succ, kind, lag in rows:
        if pred in external:
            program, key = external[pred]
            deps[succ].append(dependency(key, kind, lag, program))
        else:
            deps[succ].append(dependency(key_of[pred], kind, lag))
    return deps


def _load_for_schedule(session: Session, pid: int) -> d.ProgramData:
    """Program *pid* as far as scheduling it needs, for a program downstream of it: its
    calendar, end, and projects with their dates, status, progress and links (their people,
    allocations, milestones, objectives, risks and decisions left out: a successor's bounds
    never read them, and reading them made a move key in a program with many programs
    upstream ten times slower)."""
    ex = session.execute
    p = ex(select(P).where(P.c.id == pid)).one()
    c = PRJ.c
    projects = ex(
        select(c.id, c.key, c.name, c.start, c.end, c.rank, c.status)
        .add_columns(c.actual_start, c.actual_end, c.budget, c.actual_cost, c.percent_complete)
        .where(c.program_id == pid)
        .order_by(c.rank)
    ).all()
    deps = _links(session, pid, {x[0]: x[1] for x in projects})
    return d.ProgramData(
        program=_program(session, p),
        projects=tuple(
            d.Project(
                key=key,
                name=name,
                start=start,
                end=end,
                rank=rank,
                status=status,
                actual_start=a_start,
                actual_end=a_end,
                budget=budget,
                actual_cost=cost,
                percent_complete=percent,
                depends_on=tuple(deps[xid]),
            )
            for xid, key, name, start, end, rank, status, a_start, a_end, budget, cost, percent in (
                projects
            )
        ),
    )


def _load(
    session: Session, pid: int, elsewhere: tuple[d.Elsewhere, ...] | None = None
) -> d.ProgramData:
    """Program *pid*; *elsewhere* its people's allocations in other programs when the caller
    has them (load_portfolio reads every program's at once)."""
    ex = session.execute
    p = ex(select(P).where(P.c.id == pid)).one()
    objectives = ex(select(OBJ).where(OBJ.c.program_id == pid).order_by(OBJ.c.id)).all()
    obj_key = {o.id: o.key for o in objectives}
    history: dict[int, list[d.Measure]] = defaultdict(list)
    for oid, day, value in ex(
        select(OV.c.objective_id, OV.c.day, OV.c.value)
        .join(OBJ, OBJ.c.id == OV.c.objective_id)
        .where(OBJ.c.program_id == pid)
        .order_by(OV.c.day, OV.c.id)
    ).all():
        history[oid].append(d.Measure(day, value))
    people = ex(select(LISTED).where(LISTED.c.program_id == pid).order_by(LISTED.c.listed)).all()
    person_key = {x.id: x.key for x in people}
    # Named columns, unpacked by position in project() below: a Row's attribute access costs
    # as much as building the Project (0.06 s of 10,000 projects' twenty fields).
    c = PRJ.c
    projects = ex(
        select(
            *(c.id, c.key, c.name, c.start, c.end, c.rank, c.manager_id, c.status),
            *(c.actual_start, c.actual_end, c.budget, c.actual_cost, c.percent_complete),
            *(c.score_value, c.score_time_criticality, c.score_risk_reduction, c.score_effort),
            *(c.health_rag, c.health_reason, c.reported_end),
        )
        .where(c.program_id == pid)
        .order_by(c.rank)
    ).all()
    project_key = {x[0]: x[1] for x in projects}

    in_program = select(PRJ.c.id).where(PRJ.c.program_id == pid).scalar_subquery()
    by_project: dict[str, dict[int, list[Any]]] = {
        k: defaultdict(list) for k in ("obj", "ms", "alloc")
    }
    # Plain tuples from .all(): row-by-row fetching and attribute access cost a third of the
    # load of a 10,000-project program.
    obj_of, ms_of = by_project["obj"], by_project["ms"]
    for xid, oid in ex(
        select(PO.c.project_id, PO.c.objective_id)
        .where(PO.c.project_id.in_(in_program))
        .order_by(PO.c.id)
    ).all():
        obj_of[xid].append(obj_key[oid])
    milestone = d.Milestone
    for xid, name, due, done in ex(
        select(MS.c.project_id, MS.c.name, MS.c.due, MS.c.done)
        .where(MS.c.project_id.in_(in_program))
        .order_by(MS.c.id)
    ).all():
        ms_of[xid].append(milestone(name, due, done))
    dep_of = _links(session, pid, project_key)
    alloc_of, allocation = by_project["alloc"], d.Allocation
    for xid, person, fte, start, end in ex(
        select(ALLOC.c.project_id, ALLOC.c.person_id, ALLOC.c.fte, ALLOC.c.start, ALLOC.c.end)
        .where(ALLOC.c.project_id.in_(in_program))
        .order_by(ALLOC.c.id)
    ).all():
        alloc_of[xid].append(allocation(person_key[person], fte, start, end))

    risks = ex(select(RISK).where(RISK.c.program_id == pid).order_by(RISK.c.id)).all()
    risk_projects: dict[int, list[str]] = defaultdict(list)
    for r in ex(
        select(RP.c.risk_id, RP.c.project_id)
        .join(RISK, RISK.c.id == RP.c.risk_id)
        .where(RISK.c.program_id == pid)
        .order_by(RP.c.id)
    ):
        risk_projects[r.risk_id].append(project_key[r.project_id])
    decisions = ex(select(DEC).where(DEC.c.program_id == pid).order_by(DEC.c.id)).all()
    about: dict[int, list[str]] = defaultdict(list)
    for r in ex(
        select(DA.c.decision_id, DA.c.ref)
        .join(DEC, DEC.c.id == DA.c.decision_id)
        .where(DEC.c.program_id == pid)
        .order_by(DA.c.id)
    ):
        about[r.decision_id].append(r.ref)

    def project(x: Any) -> d.Project:
        xid, key, name, start, end, rank, manager, status, a_start, a_end, budget, cost = x[:12]
        percent, value, time_criticality, risk_reduction, effort, rag, reason, reported = x[12:]
        return d.Project(
            key=key,
            name=name,
            start=start,
            end=end,
            rank=rank,
            manager=person_key.get(manager),
            status=status,
            actual_start=a_start,
            actual_end=a_end,
            budget=budget,
            actual_cost=cost,
            percent_complete=percent,
            objectives=tuple(obj_of[xid]),
            scores=d.Scores(value, time_criticality, risk_reduction, effort),
            health_override=d.HealthOverride(rag, reason) if rag else None,
            depends_on=tuple(dep_of[xid]),
            milestones=tuple(ms_of[xid]),
            allocations=tuple(alloc_of[xid]),
            reported_end=reported,
        )

    return d.ProgramData(
        program=_program(session, p),
        settings=d.Settings(p.risk_medium, p.risk_high, p.risk_critical),
        objectives=tuple(
            d.Objective(
                o.key, o.name, o.target, o.unit, o.baseline, o.current, tuple(history[o.id])
            )
            for o in objectives
        ),
        people=tuple(d.Person(x.key, x.name, x.role, x.capacity, x.cost_rate) for x in people),
        projects=tuple(project(x) for x in projects),
        risks=tuple(
            d.Risk(
                r.key,
                r.title,
                r.probability,
                r.impact,
                tuple(risk_projects[r.id]),
                person_key.get(r.owner_id),
                r.status,
                r.mitigation,
                r.due,
            )
            for r in risks
        ),
        decisions=tuple(d.Decision(x.when, x.who, x.text, tuple(about[x.id])) for x in decisions),
        baselines=load_baselines(session, pid),
        elsewhere=load_elsewhere(session, pid) if elsewhere is None else elsewhere,
    )


def portfolio_rank(session: Session, pid: int) -> int:
    return int(session.execute(select(P.c.portfolio_rank).where(P.c.id == pid)).scalar_one())


def load_portfolio(session: Session) -> list[d.ProgramData]:
    """Every program this account may read, in portfolio rank order, each with what its
    people carry elsewhere; the programs their links reach are shared, not read again.
    The allocations and the links between programs are read once for all of them."""
    return _portfolio(session)[0]


def load_portfolio_organisation(
    session: Session,
) -> tuple[list[d.ProgramData], tuple[d.Person, ...], tuple[d.Elsewhere, ...]]:
    """load_portfolio and load_organisation in one read of the allocations (the Portfolio
    pane shows both)."""
    programs, everyone = _portfolio(session)
    with paused():
        return programs, _people(session), tuple(e for _, _, e in everyone)


def _portfolio(
    session: Session,
) -> tuple[list[d.ProgramData], list[tuple[int, int, d.Elsewhere]]]:
    ids = list(session.execute(select(P.c.id).order_by(P.c.portfolio_rank, P.c.key)).scalars())
    may_read = readable(session, ids)
    readable_ids = [pid for pid in ids if may_read[pid]]
    with paused():
        everyone = _allocations_of(session)
        listed: dict[int, set[int]] = defaultdict(set)
        for program, person in session.execute(select(PPL.c.program_id, PPL.c.person_id)):
            listed[program].add(person)
        pred = PRJ.alias("pred")
        above_of: dict[int, set[int]] = defaultdict(set)  # program -> programs it links to
        for succ_program, pred_program in session.execute(
            select(DEP.c.program_id, pred.c.program_id)
            .distinct()
            .join(pred, pred.c.id == DEP.c.predecessor_id)
            .where(DEP.c.program_id != pred.c.program_id)
        ):
            above_of[succ_program].add(pred_program)

        of_person: dict[int, list[tuple[int, int]]] = defaultdict(list)  # (position, program)
        for i, (program, person, _) in enumerate(everyone):
            of_person[person].append((i, program))

        def elsewhere(pid: int) -> tuple[d.Elsewhere, ...]:
            at = sorted(i for x in listed[pid] for i, program in of_person[x] if program != pid)
            return tuple(everyone[i][2] for i in at)

        loaded = {pid: _load(session, pid, elsewhere(pid)) for pid in readable_ids}
        out = []
        for pid in readable_ids:
            above = _reach(above_of, pid)
            for u in above:
                if u not in loaded:  # one the account may not read: its dates still bound
                    loaded[u] = _load_for_schedule(session, u)
            out.append(
                replace(
                    loaded[pid],
                    upstream=tuple(replace(loaded[u], elsewhere=(), upstream=()) for u in above),
                )
            )
    return out, everyone


def _reach(edges: dict[int, set[int]], pid: int) -> list[int]:
    """The programs *edges* reach from *pid*, directly or through others, nearest first."""
    seen, todo = {pid}, [pid]
    out: list[int] = []
    while todo:
        todo = sorted({u for t in todo for u in edges.get(t, ()) if u not in seen})
        seen.update(todo)
        out += todo
    return out


def load_elsewhere(session: Session, pid: int, kept: Kept | None = None) -> tuple[d.Elsewhere, ...]:
    """The allocations of program *pid*'s people in other programs, to projects that are not
    cancelled, with their dates filled in; programs this account may not read unnamed
    (*kept*: as read before, while those programs are unchanged)."""
    mine = sorted(session.execute(select(PPL.c.person_id).where(PPL.c.program_id == pid)).scalars())
    others = sorted(
        session.execute(
            select(PPL.c.program_id)
            .distinct()
            .where(PPL.c.person_id.in_(mine), PPL.c.program_id != pid)
        ).scalars()
    )  # the programs listing one of its people: none, and there is nothing to read
    if not others:
        return ()
    if kept is not None:
        return kept.elsewhere(session, pid, mine, others)
    return _elsewhere(session, mine, others)


def _elsewhere(session: Session, mine: list[int], others: list[int]) -> tuple[d.Elsewhere, ...]:
    return _allocations(session, ALLOC.c.person_id.in_(mine), PRJ.c.program_id.in_(others))


def load_organisation(session: Session) -> tuple[tuple[d.Person, ...], tuple[d.Elsewhere, ...]]:
    """Every person of the database by key, and every allocation of theirs to a project that
    is not cancelled (named only in the programs this account may read)."""
    return _people(session), _allocations(session)


def _people(session: Session) -> tuple[d.Person, ...]:
    return tuple(
        d.Person(x.key, x.name, x.role, x.capacity, x.cost_rate)
        for x in session.execute(select(PER).order_by(PER.c.key)).all()
    )


def _allocations(session: Session, *where: Any) -> tuple[d.Elsewhere, ...]:
    return tuple(e for _, _, e in _allocations_of(session, *where))


def _allocations_of(session: Session, *where: Any) -> list[tuple[int, int, d.Elsewhere]]:
    """The allocations to projects that are not cancelled, each with its program's and its
    person's id, by program key, project rank and allocation order."""
    rows = session.execute(
        select(
            PER.c.key,
            ALLOC.c.fte,
            func.coalesce(ALLOC.c.start, PRJ.c.start),
            func.coalesce(ALLOC.c.end, PRJ.c.end),
            P.c.id,
            P.c.key,
            PRJ.c.key,
            ALLOC.c.person_id,
        )
        .join(PRJ, PRJ.c.id == ALLOC.c.project_id)
        .join(P, P.c.id == PRJ.c.program_id)
        .join(PER, PER.c.id == ALLOC.c.person_id)
        .where(PRJ.c.status != "cancelled", *where)
        .order_by(P.c.key, PRJ.c.rank, ALLOC.c.id)
    ).all()
    if not rows:
        return []
    may_read = readable(session, {r[4] for r in rows})
    elsewhere = d.Elsewhere
    return [
        (
            other,
            pid,
            elsewhere(person, fte, start, end, *((program, project) if may_read[other] else ())),
        )
        for person, fte, start, end, other, program, project, pid in rows
    ]


@dataclass(frozen=True, slots=True)
class ProgramSummary:
    key: str
    name: str
    owner: str | None
    start: date | None
    end: date | None
    projects: int


def list_programs(session: Session) -> list[ProgramSummary]:
    counts = select(PRJ.c.program_id, func.count().label("n")).group_by(PRJ.c.program_id).subquery()
    rows = session.execute(
        select(P.c.key, P.c.name, P.c.owner, P.c.start, P.c.end, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.program_id == P.c.id)
        .order_by(P.c.key)
    ).all()
    ids = dict(session.execute(select(P.c.key, P.c.id)).all())
    restricted = list(session.execute(select(P.c.id).where(P.c.access_listed)).scalars())
    if restricted:  # leave out the programs this account may not open
        may_read = readable(session, restricted)
        rows = [r for r in rows if may_read.get(ids[r[0]], True)]
    return [ProgramSummary(*r) for r in rows]
