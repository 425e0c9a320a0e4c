"""Pure computations over a ProgramData snapshot: no database, no terminal, no printing.

`analyze(data, today)` runs everything a screen or a report reads: schedule, earned value,
health, risks, capacity, priority and KPIs (SPEC sections 3 and 4).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

from progtui import domain as d
from progtui.analysis import capacity as cap
from progtui.analysis import risks as rk
from progtui.analysis.calendar import Calendar, check_day, month_bounds
from progtui.analysis.earned_value import EarnedValue, earned_values
from progtui.analysis.health import Health, program_health, project_health
from progtui.analysis.priority import wsjf
from progtui.analysis.schedule import Bounds, Schedule, Slot, compute
from progtui.analysis.upstream import upstream_bounds
from progtui.gcpause import paused


class ProjectResult(NamedTuple):
    project: d.Project
    slot: Slot | None  # None for cancelled projects
    ev: EarnedValue | None
    wsjf: float | None
    exposure: int
    health: Health | None  # None for closed projects


class MilestoneResult(NamedTuple):
    project: str
    name: str
    due: date
    done: date | None
    forecast: date | None
    overdue_days: int


@dataclass(frozen=True, slots=True)
class Kpis:
    on_time_delivery: float | None
    cost_performance: float | None
    utilization: float | None
    benefit_realisation: float | None
    risk_exposure: int


@dataclass(frozen=True, slots=True)
class Analysis:
    data: d.ProgramData
    today: date
    calendar: Calendar
    t: int
    schedule: Schedule
    projects: tuple[ProjectResult, ...]  # rank order
    milestones: tuple[MilestoneResult, ...]
    health: d.Rag
    kpis: Kpis
    capacity: tuple[cap.PersonLoad, ...]
    milestones_by_project: dict[str, tuple[MilestoneResult, ...]] = field(
        default_factory=dict, repr=False, compare=False
    )
    # the forecasts of other programs' projects that bound this schedule (SPEC 6)
    bounds: Bounds = field(default_factory=dict, repr=False, compare=False)

    def date_of(self, index: int | None) -> date | None:
        return None if index is None else self.calendar.date_of(index)

    def milestones_of(self, project: str) -> tuple[MilestoneResult, ...]:
        return self.milestones_by_project.get(project, ())


def milestone_results(
    data: d.ProgramData, cal: Calendar, sched: Schedule, today: date, t: int
) -> list[MilestoneResult]:
    """Forecast and overdue days of every milestone, in project then file order.

    A milestone not done moves with its project's start and never before today; it is overdue
    when its due date is before today, by the working days after it up to today (at least 1).
    Milestones of cancelled projects have no forecast and are never overdue.
    """
    import numpy as np

    rows: list[tuple[d.Project, d.Milestone]] = []
    shift: list[int] = []  # the project's forecast start minus its planned start; -1e9: cancelled
    for p, slot in zip(data.projects, sched.by_project, strict=True):
        if p.milestones:
            for m in p.milestones:
                rows.append((p, m))
            shift.extend([slot.s - slot.planned_s if slot else _NO_SLOT] * len(p.milestones))
    if not rows:
        return []
    due = np.fromiter((m.due.toordinal() for _, m in rows), np.int64, len(rows))
    open_ = np.fromiter((m.done is None for _, m in rows), bool, len(rows))
    moves = np.array(shift, np.int64)
    scheduled = open_ & (moves != _NO_SLOT)
    forecast = np.maximum(cal.ordinal_indexes(due) + moves, t)
    overdue = np.where(
        scheduled & (due < today.toordinal()),
        np.maximum(cal.end_index(today) - cal.ordinal_indexes(due + 1), 1),
        0,
    )
    date_of = cal.date_of
    forecasts = [
        date_of(x) if ok else None
        for x, ok in zip(forecast.tolist(), scheduled.tolist(), strict=True)
    ]
    new = tuple.__new__
    return [
        new(MilestoneResult, (p.key, m.name, m.due, m.done, when, late))
        for (p, m), when, late in zip(rows, forecasts, overdue.tolist(), strict=True)
    ]


_NO_SLOT = -(10**9)
_PROJECT = itemgetter(0)  # of a MilestoneResult: its project's key (they come grouped)


def analyze(
    data: d.ProgramData,
    today: date,
    *,
    extra: dict[str, int] | None = None,
    bounds: Bounds | None = None,
) -> Analysis:
    """Everything, for one program at one date. *bounds*: the forecasts of other programs'
    projects its links name, when the caller has them (a portfolio analysed in order);
    without, they come from data.upstream."""
    with paused():  # many small objects, no cycles: the collector only costs time here
        return _analyze(data, today, extra, bounds)


def _analyze(
    data: d.ProgramData, today: date, extra: dict[str, int] | None, given: Bounds | None
) -> Analysis:
    check_day(today)
    cal = Calendar(data.program.holidays)
    t = cal.index(today)
    bounds = given if given is not None else upstream_bounds(data, today) if data.upstream else None
    sched = compute(data, cal, t, extra, bounds=bounds)
    exposure, total_exposure = rk.exposure(data)
    risks_by_project: dict[str, list[tuple[str, int, d.RiskLevel]]] = {}
    for r in data.risks:
        if r.status in rk.LIVE:
            value = rk.score(r)
            for key in r.projects:
                risks_by_project.setdefault(key, []).append(
                    (r.key, value, rk.level(value, data.settings))
                )
    milestones = milestone_results(data, cal, sched, today, t)
    by_project = {key: tuple(group) for key, group in groupby(milestones, _PROJECT)}
    overdue: dict[str, list[tuple[str, int]]] = {}
    for m in milestones:
        if m.overdue_days:
            overdue.setdefault(m.project, []).append((m.name, m.overdue_days))

    periods = cap.allocation_periods(data)
    loads = cap.capacity(data, cal, periods)
    label = f"{today.year:04d}-{today.month:02d}"
    column = loads[0].labels.index(label) if loads and label in loads[0].labels else None
    if column is None:
        this_month = cap.month_load(cal, periods, today.year, today.month)
    else:  # the month is in the table already
        this_month = {pl.key: pl.demand[column] for pl in loads if pl.demand[column]}
    capacity_of = {pe.key: pe.capacity for pe in data.people}
    over_now = {
        k: (v / capacity_of[k] if capacity_of[k] else None)
        for k, v in this_month.items()
        if cap.is_over(v, capacity_of[k])
    }
    people_on: dict[str, list[str]] = {}
    if over_now:
        import numpy as np

        month_first, month_last = month_bounds(today.year, today.month)
        over = np.array([key in over_now for key in periods.people], dtype=bool)
        hit = (
            (periods.first < month_last.toordinal())
            & (periods.last >= month_first.toordinal())
            & over[periods.who]
            & (periods.project >= 0)  # this program's projects (not those elsewhere)
        )
        for i, c in zip(periods.project[hit].tolist(), periods.who[hit].tolist(), strict=True):
            people_on.setdefault(data.projects[i].key, []).append(periods.people[c])

    results = []
    new = tuple.__new__  # NamedTuple's own __new__ is Python code; 10,000 of them add up
    closed = d.CLOSED_STATUSES
    no = ()
    evs = earned_values(data.projects, sched.by_project, t)
    for p, slot, ev in zip(data.projects, sched.by_project, evs, strict=True):
        key = p.key
        health = None
        if p.status not in closed:
            people = people_on.get(key)
            health = project_health(
                p,
                slot.f - slot.planned_f if slot else None,
                ev,
                risks_by_project.get(key, no),
                overdue.get(key, no),
                [(k, over_now[k]) for k in dict.fromkeys(people)] if people else no,
            )
        results.append(
            new(ProjectResult, (p, slot, ev, wsjf(p.scores), exposure.get(key, 0), health))
        )
    open_health = [
        (r.health.rag, bool(r.slot and r.slot.critical)) for r in results if r.health is not None
    ]
    kpis = _kpis(data, results, this_month, total_exposure, cal)
    return Analysis(
        data,
        today,
        cal,
        t,
        sched,
        tuple(results),
        tuple(milestones),
        program_health(open_health),
        kpis,
        tuple(loads),
        by_project,
        bounds or {},
    )


def _kpis(
    data: d.ProgramData,
    results: list[ProjectResult],
    this_month: dict[str, float],
    exposure: int,
    cal: Calendar,
) -> Kpis:
    total_capacity = sum(pe.capacity for pe in data.people)
    utilization = sum(this_month.values()) / total_capacity if total_capacity else None
    return Kpis(
        on_time_delivery(results),
        cost_performance(results),
        utilization,
        benefit_realisation(data.objectives),
        exposure,
    )


def on_time_delivery(results: Iterable[ProjectResult]) -> float | None:
    """SPEC 4: done projects whose actual end is no later than planned / done projects."""
    done = [r.project for r in results if r.project.status == "done"]
    if not done:
        return None
    return sum(1 for p in done if p.actual_end is not None and p.actual_end <= p.end) / len(done)


def cost_performance(results: Iterable[ProjectResult]) -> float | None:
    """SPEC 4: Σ EV / Σ AC over the projects (not cancelled) with a budget and AC > 0."""
    spent = [
        r.ev
        for r in results
        if r.ev is not None and r.ev.ac > 0 and r.project.status != "cancelled"
    ]
    ac = sum(e.ac for e in spent)
    return sum(e.ev for e in spent) / ac if ac else None


def benefit_realisation(objectives: Iterable[d.Objective]) -> float | None:
    """SPEC 4: the mean over objectives of (current − baseline) / (target − baseline)."""
    realised = [
        ((o.current if o.current is not None else o.baseline) - o.baseline)
        / (o.target - o.baseline)
        for o in objectives
    ]
    return sum(realised) / len(realised) if realised else None


def reranked(a: Analysis, order: list[str]) -> Analysis:
    """The analysis with projects in a new rank order (*order*: every key, rank 1 first).

    Ranks change nothing that is computed (schedule, money, health, capacity: a property test
    holds this), so this equals analysing the re-ranked program, without the work.
    """
    from dataclasses import replace

    results = {r.project.key: r for r in a.projects}
    new = tuple.__new__
    ranked = []
    for i, key in enumerate(order, start=1):
        r = results[key]
        # a move shifts only the projects between its two ranks: the others are kept as they are
        ranked.append(
            r if r.project.rank == i else new(ProjectResult, (replace(r.project, rank=i), *r[1:]))
        )
    projects = tuple(r.project for r in ranked)
    position = {k: i for i, k in enumerate(order)}
    milestones = tuple(sorted(a.milestones, key=lambda m: position[m.project]))  # stable
    return replace(
        a, data=replace(a.data, projects=projects), projects=tuple(ranked), milestones=milestones
    )  # each project keeps its milestones
