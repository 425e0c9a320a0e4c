"""The portfolio (SPEC 6): every program of the database analysed once, in dependency order
of programs, and what the Portfolio pane shows of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from progtui import domain as d
from progtui.analysis import (
    Analysis,
    analyze,
    benefit_realisation,
    cost_performance,
    on_time_delivery,
)
from progtui.analysis.capacity import is_over
from progtui.analysis.schedule import Bounds, link_bound
from progtui.analysis.upstream import upstream_bounds


@dataclass(frozen=True, slots=True)
class ProgramRow:
    """One program of the portfolio (SPEC 6): its analysis and what the Portfolio pane and
    `progtui portfolio` show of it."""

    analysis: Analysis
    rank: int
    reasons: tuple[str, ...]  # why its health is what it is
    finish: date | None  # the forecast finish: the last project's
    slip: int | None  # working days the finish is past the program's end (negative: early)
    bac: float
    eac: float
    cpi: float | None
    spi: float | None
    critical: int  # open projects on the critical path
    over: tuple[str, ...]  # its people over-allocated this month, across every program

    @property
    def key(self) -> str:
        return self.analysis.data.program.key


def analyze_portfolio(programs: list[d.ProgramData], today: date) -> list[ProgramRow]:
    """Every program, analysed once in dependency order of programs (the bounds of links to
    other programs from the analyses before it), in the order given (the portfolio rank)."""
    by_key = {p.program.key: p for p in programs}
    order = _program_order(programs)
    done: dict[str, Analysis] = {}
    dates: dict[str, Bounds] = {}  # each analysed program's forecasts, made once
    for key in order:
        data = by_key[key]
        bounds: Bounds = {}
        named = {dp.program: dp.project for p in data.projects for dp in p.depends_on if dp.program}
        if any(other not in done for other in named) and data.upstream:
            bounds.update(upstream_bounds(data, today))  # one not given: from its snapshot
        for other in named:
            if other in done:
                if other not in dates:
                    dates[other] = forecast_dates(done[other])
                bounds.update(dates[other])
        done[key] = analyze(data, today, bounds=bounds)
    return [_row(done[p.program.key], rank) for rank, p in enumerate(programs, start=1)]


def forecast_dates(a: Analysis) -> Bounds:
    """The forecast first and last day of every project of an analysed program, keyed
    (program, project): the bounds its successors in other programs take."""
    key, date_of = a.data.program.key, a.calendar.date_of
    return {
        (key, k): (date_of(s.s), date_of(max(s.f, s.s + 1) - 1))
        for k, s in a.schedule.slots.items()
    }


def _program_order(programs: list[d.ProgramData]) -> list[str]:
    """Program keys in an order where a program comes after those its links name."""
    import networkx as nx

    keys = [p.program.key for p in programs]
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(keys)
    for p in programs:
        for x in p.projects:
            for dp in x.depends_on:
                if dp.program is not None and dp.program in graph and dp.program != p.program.key:
                    graph.add_edge(dp.program, p.program.key)
    return list(nx.lexicographical_topological_sort(graph, key=keys.index))


def _row(a: Analysis, rank: int) -> ProgramRow:
    finish = max((r.slot.f for r in a.projects if r.slot), default=None)
    end = a.data.program.end
    slip = None if finish is None or end is None else finish - a.calendar.end_index(end)
    evs = [r.ev for r in a.projects if r.ev is not None and r.project.status != "cancelled"]
    bac = sum(e.bac for e in evs)
    ev = sum(e.ev for e in evs)
    ac = sum(e.ac for e in evs)
    pv = sum(e.pv for e in evs)
    label = f"{a.today:%Y-%m}"
    over = tuple(
        pl.key
        for pl in a.capacity
        if label in pl.labels and is_over(pl.demand[pl.labels.index(label)], pl.capacity)
    )
    return ProgramRow(
        analysis=a,
        rank=rank,
        reasons=health_reasons(a),
        finish=None if finish is None else a.calendar.date_of(finish - 1),
        slip=slip,
        bac=bac,
        eac=sum(e.eac for e in evs),
        cpi=ev / ac if ac else None,
        spi=ev / pv if pv else None,
        critical=sum(1 for r in a.projects if r.health is not None and r.slot and r.slot.critical),
        over=over,
    )


def health_reasons(a: Analysis) -> tuple[str, ...]:
    """Why the program's health is what it is, in SPEC 4's rule (a red critical project, a
    quarter red, any red or amber), naming the projects."""
    open_ = [r for r in a.projects if r.health is not None]
    red = [r.project.key for r in open_ if r.health and r.health.rag == "red"]
    red_critical = [
        r.project.key
        for r in open_
        if r.health and r.health.rag == "red" and r.slot and r.slot.critical
    ]
    amber = [r.project.key for r in open_ if r.health and r.health.rag == "amber"]
    out: list[str] = []
    if red_critical:
        out.append("red on the critical path: " + ", ".join(red_critical))
    if red and len(red) * 4 > len(open_):
        out.append(f"{len(red)} of {len(open_)} open projects red")
    elif red and not red_critical:
        out.append("red: " + ", ".join(red))
    if amber:
        out.append("amber: " + ", ".join(amber))
    return tuple(out) or ("every open project green",)


@dataclass(frozen=True, slots=True)
class PortfolioKpis:
    """SPEC 6: over every project (and objective) of the programs shown; health red when any
    program is red, amber when any is amber."""

    health: d.Rag
    on_time_delivery: float | None
    cost_performance: float | None
    benefit_realisation: float | None
    risk_exposure: int


def portfolio_kpis(rows: list[ProgramRow]) -> PortfolioKpis:
    rags = {row.analysis.health for row in rows}
    health: d.Rag = "red" if "red" in rags else "amber" if "amber" in rags else "green"
    results = [r for row in rows for r in row.analysis.projects]
    return PortfolioKpis(
        health,
        on_time_delivery(results),
        cost_performance(results),
        benefit_realisation(o for row in rows for o in row.analysis.data.objectives),
        sum(row.analysis.kpis.risk_exposure for row in rows),
    )


@dataclass(frozen=True, slots=True)
class LinkAtRisk:
    """A link to another program's project whose forecast moves the successor past its plan:
    the earliest start the link allows (its type and lag over the predecessor's forecast, in
    the successor's working days) is after the successor's planned start."""

    program: str  # the successor's
    project: str
    pred_program: str
    pred_project: str
    type: d.DependencyType
    lag: int
    pred_finish: date  # the predecessor's forecast finish
    pred_end: date  # and its planned end
    planned_start: date  # the successor's
    earliest_start: date  # what the link allows
    late_days: int  # working days the link alone pushes the successor's start
    finish: date  # the successor's forecast finish
    end: date  # and its planned end


def links_at_risk(rows: list[ProgramRow]) -> list[LinkAtRisk]:
    """Every link between two programs shown whose predecessor's forecast moves the successor
    past its planned start, in the order of the rows, then the successor's rank. Links from
    a done successor (it has happened) or to a cancelled predecessor (it binds nothing) are
    not at risk."""
    by_key = {row.key: row.analysis for row in rows}
    out: list[LinkAtRisk] = []
    for row in rows:
        a = row.analysis
        cal = a.calendar
        for r in a.projects:
            p, slot = r.project, r.slot
            if slot is None or p.status in ("done", "cancelled"):
                continue
            for dep in p.depends_on:
                other = by_key.get(dep.program or "")
                if other is None or dep.program == row.key:
                    continue
                pred = other.schedule.slots.get(dep.project)
                found = next((x for x in other.projects if x.project.key == dep.project), None)
                if pred is None or found is None:
                    continue
                dates = (
                    other.calendar.date_of(pred.s),
                    other.calendar.date_of(max(pred.f, pred.s + 1) - 1),
                )
                earliest = link_bound(cal, dep, dates, slot.planned_f - slot.planned_s)
                if earliest <= slot.planned_s:
                    continue
                out.append(
                    LinkAtRisk(
                        program=row.key,
                        project=p.key,
                        pred_program=other.data.program.key,
                        pred_project=dep.project,
                        type=dep.type,
                        lag=dep.lag,
                        pred_finish=dates[1],
                        pred_end=found.project.end,
                        planned_start=p.start,
                        earliest_start=cal.date_of(earliest),
                        late_days=earliest - slot.planned_s,
                        finish=cal.date_of(slot.f - 1),
                        end=p.end,
                    )
                )
    return out
