"""Properties of the schedule on random acyclic programs (hypothesis)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import networkx as nx
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from progtui import domain as d
from progtui.analysis import analyze
from progtui.analysis.impact import impact

BASE = date(2027, 1, 4)


@st.composite
def programs(draw, *, started: bool = True, with_end: bool = True):  # type: ignore[no-untyped-def]
    n = draw(st.integers(1, 12))
    projects = []
    for i in range(n):
        start = BASE + timedelta(days=draw(st.integers(0, 40)))
        while start.weekday() >= 5:
            start += timedelta(days=1)
        end = start + timedelta(days=draw(st.integers(0, 30)))
        while end.weekday() >= 5:
            end += timedelta(days=1)
        kinds = ["approved", "proposed"] + (
            ["active", "done", "cancelled", "on_hold"] if started else []
        )
        status = draw(st.sampled_from(kinds))
        actual_start = actual_end = None
        if status in ("active", "done") or (status == "on_hold" and draw(st.booleans())):
            actual_start = start + timedelta(days=draw(st.integers(-3, 5)))
        if status == "done":
            actual_end = actual_start + timedelta(days=draw(st.integers(0, 20)))  # type: ignore[operator]
        deps = []
        for j in sorted(draw(st.sets(st.integers(0, i - 1), max_size=3)) if i else []):
            deps.append(
                d.Dependency(
                    f"P{j}",
                    draw(st.sampled_from(["FS", "SS", "FF", "SF"])),
                    draw(st.integers(-3, 5)),
                )
            )
        scores = d.Scores(*(draw(st.integers(1, 10)) for _ in range(4)))
        projects.append(
            d.Project(
                key=f"P{i}",
                name=f"P{i}",
                start=start,
                end=end,
                rank=i + 1,
                status=status,
                actual_start=actual_start,
                actual_end=actual_end,
                depends_on=tuple(deps),
                scores=scores,
                milestones=(d.Milestone("M", start + timedelta(days=2)),),
            )
        )
    # ranks need not follow the dependencies: a predecessor may rank below its successor
    shuffled = draw(st.permutations(projects))
    projects = [dataclasses.replace(p, rank=i + 1) for i, p in enumerate(shuffled)]
    end = (
        BASE + timedelta(days=draw(st.integers(10, 120)))
        if with_end and draw(st.booleans())
        else None
    )
    today = BASE + timedelta(days=draw(st.integers(-10, 60)))
    return d.ProgramData(program=d.Program("X", "X", end=end), projects=tuple(projects)), today


def _graph(data: d.ProgramData) -> nx.DiGraph:
    live = {p.key for p in data.projects if p.status != "cancelled"}
    g = nx.DiGraph()
    g.add_nodes_from(live)
    g.add_edges_from(
        (dep.project, p.key)
        for p in data.projects
        if p.key in live
        for dep in p.depends_on
        if dep.project in live
    )
    return g


@settings(max_examples=300, deadline=None)
@given(programs())
def test_dependencies_hold_and_nothing_unstarted_starts_before_today_or_plan(case) -> None:  # type: ignore[no-untyped-def]
    data, today = case
    a = analyze(data, today)
    slots = a.schedule.slots
    for p in data.projects:
        if p.key not in slots or p.status == "done" or p.actual_start is not None:
            continue
        me = slots[p.key]
        assert me.s >= a.t and me.s >= me.planned_s
        for dep in p.depends_on:
            if dep.project not in slots:
                continue
            other = slots[dep.project]
            assert {
                "FS": me.s >= other.f + dep.lag,
                "SS": me.s >= other.s + dep.lag,
                "FF": me.f >= other.f + dep.lag,
                "SF": me.f >= other.s + dep.lag,
            }[dep.type]


@settings(max_examples=200, deadline=None)
@given(programs(started=False, with_end=False))
def test_without_deadline_or_progress_no_float_is_negative_and_something_is_critical(case) -> None:  # type: ignore[no-untyped-def]
    data, today = case
    slots = analyze(data, today).schedule.slots
    assert all(s.total_float >= 0 for s in slots.values())
    assert any(s.critical for s in slots.values())


@settings(max_examples=200, deadline=None)
@given(programs(), st.integers(0, 15), st.data())
def test_a_slip_moves_only_the_project_and_its_descendants_and_never_earlier(
    case, days, pick
) -> None:  # type: ignore[no-untyped-def]
    data, today = case
    live = [p.key for p in data.projects if p.status != "cancelled"]
    assume(live)
    key = pick.draw(st.sampled_from(live))
    result = impact(data, today, key, days)
    allowed = {key} | nx.descendants(_graph(data), key)
    for m in result.projects:
        assert m.key in allowed
        assert m.new_start >= m.old_start and m.new_finish >= m.old_finish
    for ms in result.milestones:
        assert ms.project in allowed and ms.new >= ms.old  # type: ignore[operator]
    if days == 0:
        assert result.projects == () and result.milestones == ()


@settings(max_examples=150, deadline=None)
@given(programs(), st.randoms())
def test_ranks_and_wsjf_do_not_change_the_schedule(case, rnd) -> None:  # type: ignore[no-untyped-def]
    data, today = case
    shuffled = list(data.projects)
    rnd.shuffle(shuffled)
    other = dataclasses.replace(
        data,
        projects=tuple(
            dataclasses.replace(p, rank=i + 1, scores=d.Scores(1, 1, 1, 10))
            for i, p in enumerate(shuffled)
        ),
    )
    assert analyze(other, today).schedule.slots == analyze(data, today).schedule.slots


@settings(max_examples=200, deadline=None)
@given(programs(), st.integers(0, 15), st.data())
def test_incremental_what_if_equals_a_full_recompute(case, days, pick) -> None:  # type: ignore[no-untyped-def]
    from progtui.analysis.calendar import Calendar
    from progtui.analysis.schedule import compute, reforecast

    data, today = case
    live = [p.key for p in data.projects if p.status != "cancelled"]
    assume(live)
    key = pick.draw(st.sampled_from(live))
    cal = Calendar(data.program.holidays)
    t = cal.index(today)
    base = compute(data, cal, t)
    full = compute(data, cal, t, {key: days})
    expected = {
        k: (v.s, v.f)
        for k, v in full.slots.items()
        if (v.s, v.f) != (base.slots[k].s, base.slots[k].f)
    }
    assert reforecast(base.net, base.sf, base.t, key, days) == expected


@settings(max_examples=150, deadline=None)
@given(programs(), st.randoms())
def test_reranking_an_analysis_equals_analysing_the_reranked_program(case, rnd) -> None:  # type: ignore[no-untyped-def]
    """What the app relies on to show a rank move at once, without re-analysing."""
    from progtui.analysis import reranked
    from progtui.reports.status import status

    data, today = case
    order = [p.key for p in data.projects]
    rnd.shuffle(order)
    by_key = {p.key: p for p in data.projects}
    moved = dataclasses.replace(
        data,
        projects=tuple(
            dataclasses.replace(by_key[k], rank=i) for i, k in enumerate(order, start=1)
        ),
    )
    assert status(reranked(analyze(data, today), order)) == status(analyze(moved, today))


@st.composite
def shared_people(draw):  # type: ignore[no-untyped-def]
    """A program whose people also work in up to three other programs (SPEC 6)."""
    people = tuple(
        d.Person(f"u{i}", f"U{i}", capacity=draw(st.sampled_from([0.5, 1.0, 2.0])))
        for i in range(draw(st.integers(1, 4)))
    )

    def span():  # type: ignore[no-untyped-def]
        start = BASE + timedelta(days=draw(st.integers(0, 90)))
        return start, start + timedelta(days=draw(st.integers(0, 60)))

    projects = []
    for i in range(draw(st.integers(1, 5))):
        start, end = span()
        allocs = tuple(
            d.Allocation(pe.key, draw(st.sampled_from([0.1, 0.25, 0.5, 1.0])))
            for pe in people
            if draw(st.booleans())
        )
        status = draw(st.sampled_from(["active", "approved", "cancelled"]))
        projects.append(
            d.Project(
                key=f"P{i}",
                name="P",
                start=start,
                end=end,
                rank=i + 1,
                status=status,
                allocations=allocs,
            )
        )
    elsewhere = []
    for _ in range(draw(st.integers(0, 8))):
        start, end = span()
        program = draw(st.sampled_from(["Q", "R", "S", None]))
        elsewhere.append(
            d.Elsewhere(
                draw(st.sampled_from(people)).key,
                draw(st.sampled_from([0.2, 0.5, 0.6])),
                start,
                end,
                program,
                "Z" if program else None,
            )
        )
    data = d.ProgramData(
        program=d.Program("X", "X", start=BASE, end=BASE + timedelta(days=150)),
        people=people,
        projects=tuple(projects),
        elsewhere=tuple(elsewhere),
    )
    return data


@settings(deadline=None)
@given(shared_people())
def test_a_persons_whole_demand_is_this_programs_plus_each_other_programs(data) -> None:  # type: ignore[no-untyped-def]
    """SPEC 6: demand is the sum over every program; the split adds up to it, month by
    month, and over-allocation is judged on the whole."""
    from progtui.analysis.capacity import is_over

    a = analyze(data, BASE)
    alone = analyze(dataclasses.replace(data, elsewhere=()), BASE)
    for whole, own in zip(a.capacity, alone.capacity, strict=True):
        for m, o in zip(whole.months, own.months, strict=True):
            assert abs(m.own - o.demand) < 1e-9  # the program's share is what it has alone
            assert abs(m.demand - m.own - sum(x for _, x in m.elsewhere)) < 1e-9
            assert m.over == is_over(m.demand, whole.capacity)
