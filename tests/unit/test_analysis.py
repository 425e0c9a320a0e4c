"""Hand-computed cases for every rule of SPEC sections 3 and 4.

Dates in January 2027: Mon 4, Fri 8, Mon 11, Fri 15, Mon 18, Fri 22, Mon 25, Fri 29.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from conftest import cli
from progtui import domain as d
from progtui.analysis import analyze
from progtui.analysis.calendar import Calendar
from progtui.analysis.capacity import capacity
from progtui.analysis.impact import impact
from progtui.analysis.priority import wsjf, wsjf_order
from progtui.interchange import read_program
from progtui.reports import status as report

SPEC_EXAMPLE = Path(__file__).parents[1] / "data" / "spec-example.yaml"
JAN = date(2027, 1, 1)


def J(day: int) -> date:
    return date(2027, 1, day)


DEFAULT_SETTINGS = d.Settings()


def program(
    *projects: d.Project,
    end: date | None = None,
    people=(),
    risks=(),
    objectives=(),
    holidays=(),
    settings=DEFAULT_SETTINGS,
) -> d.ProgramData:  # type: ignore[no-untyped-def]
    ranked = tuple(
        d.Project(**{**{f: getattr(p, f) for f in p.__slots__}, "rank": i + 1})
        for i, p in enumerate(projects)
    )
    return d.ProgramData(
        program=d.Program("P", "Program", end=end, holidays=tuple(holidays)),
        settings=settings,
        people=tuple(people),
        projects=ranked,
        risks=tuple(risks),
        objectives=tuple(objectives),
    )


def P(key: str, start: date, end: date, **kw) -> d.Project:  # type: ignore[no-untyped-def]
    return d.Project(
        key=key, name=key, start=start, end=end, status=kw.pop("status", "approved"), **kw
    )


def slots(data: d.ProgramData, today: date = date(2026, 12, 1)) -> dict[str, tuple]:  # type: ignore[type-arg]
    """(forecast start, forecast finish, late start, late finish, float, critical) per project."""
    a = analyze(data, today)
    out = {}
    for r in a.projects:
        s = r.slot
        if s is None:
            out[r.project.key] = None
            continue
        out[r.project.key] = (
            a.date_of(s.s),
            a.date_of(s.f - 1),
            a.date_of(s.late_s),
            a.date_of(s.late_f - 1) if s.late_f else None,
            s.total_float,
            s.critical,
        )
    return out


# --- the spec's own example ---------------------------------------------------------------


def test_spec_example_status_json() -> None:
    out = report.status(analyze(read_program(SPEC_EXAMPLE), date(2027, 3, 15)))
    assert out["program"] == {
        "key": "GLX",
        "today": "2027-03-15",
        "health": "amber",
        "kpis": {
            "on_time_delivery": 1.0,
            "cost_performance": 1.0126582278481013,
            "utilization": 0.21739130434782608,
            "benefit_realisation": 0.0,
            "risk_exposure": 12,
        },
    }
    assert out["projects"][0] == {
        "key": "DE-REG",
        "rank": 1,
        "status": "active",
        "planned_start": "2027-01-04",
        "planned_finish": "2027-03-26",
        "forecast_start": "2027-01-04",
        "forecast_finish": "2027-03-26",
        "reported_finish": None,  # a synced plan's own finish (none here)
        "late_start": "2027-07-09",
        "late_finish": "2027-09-30",
        "total_float": 133,
        "slip": 0,
        "critical": False,
        "bac": 120000,
        "ev": 30000.0,
        "pv": 100000.0,
        "ac": 30000,
        "cpi": 1.0,
        "spi": 0.3,
        "eac": 120000.0,
        "wsjf": 3.2,
        "exposure": 12,
        "health": "amber",
        "health_overridden": True,
        "health_reasons": ["Waiting for the regulator's slot"],
    }
    assert [(p["key"], p["rank"]) for p in out["projects"]] == [
        ("DE-REG", 1),
        ("EU-SUP", 2),
        ("DE-PKG", 3),
    ]
    done = out["projects"][2]
    assert (
        done["late_start"],
        done["late_finish"],
        done["total_float"],
        done["critical"],
        done["health"],
    ) == (None, None, None, False, None)
    assert out["milestones"] == [
        {
            "project": "DE-REG",
            "name": "Dossier submitted",
            "due": "2027-02-01",
            "done": "2027-01-29",
            "forecast": None,
            "overdue_days": 0,
        }
    ]


def test_status_command_prints_the_json(tmp_path: Path) -> None:
    r = cli("--today", "2027-03-15", "status", str(SPEC_EXAMPLE), "--format", "json")
    assert r.code == 0
    assert json.loads(r.out)["projects"][0]["total_float"] == 133


# --- time -----------------------------------------------------------------------------------


def test_start_on_weekend_and_end_on_holiday_snap_inwards() -> None:
    cal = Calendar([J(15)])
    assert cal.date_of(cal.start_index(date(2027, 1, 2))) == J(4)  # Saturday -> Monday
    assert cal.date_of(cal.end_index(J(15)) - 1) == J(14)  # holiday -> day before
    assert cal.working_days(date(2027, 1, 2), J(15)) == 9
    assert cal.month_working_days(2027, 1) == 20  # 21 weekdays minus the 15th


def test_milestone_overdue_days_count_working_days_after_due_up_to_today() -> None:
    ms = d.Milestone("M", J(8))  # a Friday
    data = program(P("A", J(4), J(29), milestones=(ms,), status="active", actual_start=J(4)))
    a = analyze(data, J(12))  # Tuesday: Mon 11 and Tue 12 are after the due date
    assert a.milestones[0].overdue_days == 2
    assert analyze(data, date(2027, 1, 9)).milestones[0].overdue_days == 1  # Saturday: at least 1


# --- schedule: dependency types -------------------------------------------------------------

A = P("A", J(4), J(15))  # 10 working days
B = dict(start=J(4), end=J(8))  # 5 working days


@pytest.mark.parametrize(
    "kind,lag,start,finish",
    [
        ("FS", 0, J(18), J(22)),
        ("FS", 2, J(20), J(26)),
        ("FS", -2, J(14), J(20)),
        ("SS", 0, J(4), J(8)),
        ("SS", 3, J(7), J(13)),
        ("SS", -3, J(4), J(8)),
        ("FF", 0, J(11), J(15)),
        ("FF", 2, J(13), J(19)),
        ("FF", -2, J(7), J(13)),
        ("SF", 0, J(4), J(8)),
        ("SF", 10, J(11), J(15)),
        ("SF", 12, J(13), J(19)),
    ],
)
def test_dependency_types_and_lags(kind: str, lag: int, start: date, finish: date) -> None:
    b = P("B", depends_on=(d.Dependency("A", kind, lag),), **B)
    got = slots(program(A, b))["B"]
    assert got[:2] == (start, finish)


@pytest.mark.parametrize(
    "kind,lag,a_late_finish",
    [
        # B is 5 days; the program ends Fri 29 so B's late range is Mon 25..Fri 29
        ("FS", 0, J(22)),  # LF(A) = LS(B)
        ("FS", 3, J(19)),
        ("SS", 0, J(29)),  # LF(A) <= LS(B) + d(A) = Mon 25 + 10 -> capped by the program end
        ("FF", 0, J(29)),  # LF(A) <= LF(B)
        ("FF", -2, J(29)),
        ("FF", 2, J(27)),
        ("SF", 0, J(29)),
    ],
)
def test_backward_pass_bounds(kind: str, lag: int, a_late_finish: date) -> None:
    b = P("B", depends_on=(d.Dependency("A", kind, lag),), **B)
    got = slots(program(A, b, end=J(29)))
    assert got["A"][3] == a_late_finish


def test_ss_successor_cannot_free_its_predecessor_from_the_deadline() -> None:
    a = P("A", J(4), J(15))
    b = P("B", J(4), J(8), depends_on=(d.Dependency("A", "SS", 0),))
    got = slots(program(a, b, end=J(15)))
    assert got["A"][3] == J(15) and got["A"][4] == 0 and got["A"][5]


def test_started_project_past_its_planned_finish_runs_until_today() -> None:
    a = P("A", J(4), J(8), status="active", actual_start=J(4))
    data = program(a)
    got = analyze(data, J(20))
    slot = got.projects[0].slot
    assert (got.date_of(slot.s), got.date_of(slot.f - 1), slot.slip) == (J(4), J(20), 8)


def test_not_started_project_cannot_start_before_today() -> None:
    a = P("A", J(4), J(8))
    got = analyze(program(a), J(13))
    slot = got.projects[0].slot
    assert (got.date_of(slot.s), got.date_of(slot.f - 1), slot.slip) == (J(13), J(19), 7)


def test_done_project_reports_actuals_and_no_late_dates() -> None:
    a = P("A", J(4), J(8), status="done", actual_start=J(5), actual_end=J(12))
    b = P("B", J(4), J(8), depends_on=(d.Dependency("A"),))
    got = slots(program(a, b), J(13))
    assert got["A"] == (J(5), J(12), None, None, None, False)
    assert got["B"][:2] == (J(13), J(19))
    out = report.status(analyze(program(a, b), J(13)))["projects"][0]
    assert (out["slip"], out["health"]) == (2, None)


def test_cancelled_predecessor_is_left_out_with_its_links() -> None:
    a = P("A", J(4), J(29), status="cancelled")
    b = P("B", J(4), J(8), depends_on=(d.Dependency("A"),))
    got = slots(program(a, b))
    assert got["A"] is None
    assert got["B"][:2] == (J(4), J(8))
    row = report.status(analyze(program(a, b), J(1)))["projects"][0]
    assert [row[k] for k in ("forecast_start", "ev", "pv", "cpi", "spi", "eac", "health")] == [
        None
    ] * 7


def test_deadline_before_the_forecast_gives_negative_float_and_critical() -> None:
    a = P("A", J(4), J(15))
    b = P("B", J(4), J(8), depends_on=(d.Dependency("A"),))
    got = slots(program(a, b, end=J(20)))
    assert got["B"][4] == -2 and got["B"][5]
    assert got["A"][4] == -2 and got["A"][5]


def test_without_program_end_the_latest_finish_is_the_horizon() -> None:
    a = P("A", J(4), J(15))
    b = P("B", J(4), J(8), depends_on=(d.Dependency("A"),))
    c = P("C", J(4), J(8))
    got = slots(program(a, b, c))
    assert (got["A"][4], got["B"][4], got["C"][4]) == (0, 0, 10)
    assert got["A"][5] and got["B"][5] and not got["C"][5]


def test_milestone_moves_with_its_project_and_never_before_today() -> None:
    a = P("A", J(4), J(15))
    b = P(
        "B",
        J(4),
        J(8),
        depends_on=(d.Dependency("A"),),
        milestones=(d.Milestone("Kick-off", J(4)), d.Milestone("Mid", J(6))),
    )
    got = analyze(program(a, b), J(1))
    assert [(m.name, m.forecast) for m in got.milestones] == [("Kick-off", J(18)), ("Mid", J(20))]
    late = analyze(
        program(
            P(
                "C",
                J(4),
                J(29),
                status="active",
                actual_start=J(4),
                milestones=(d.Milestone("M", J(5)),),
            )
        ),
        J(12),
    )
    assert late.milestones[0].forecast == J(12)


# --- earned value ---------------------------------------------------------------------------


def test_earned_value_with_nothing_spent_and_before_the_start() -> None:
    a = P("A", J(11), J(22), budget=1000.0, percent_complete=10)
    r = analyze(program(a), J(4)).projects[0].ev
    assert (r.ev, r.pv, r.ac, r.cpi, r.spi, r.eac) == (100.0, 0.0, 0, None, None, 1000.0)


def test_earned_value_midway_and_money_spent_for_nothing() -> None:
    a = P(
        "A",
        J(4),
        J(15),
        budget=1000.0,
        percent_complete=0,
        actual_cost=300.0,
        status="active",
        actual_start=J(4),
    )
    r = analyze(program(a), J(11)).projects[0].ev  # 5 of 10 days passed
    assert (r.ev, r.pv, r.cpi, r.spi, r.eac) == (0.0, 500.0, 0.0, 0.0, 1300.0)
    assert analyze(program(P("N", J(4), J(8))), J(5)).projects[0].ev is None  # no budget


# --- priority -------------------------------------------------------------------------------


def test_wsjf_and_its_advice_order() -> None:
    assert wsjf(d.Scores(8, 5, 3, 5)) == 3.2
    assert wsjf(d.Scores(8, 5, None, 5)) is None
    data = program(
        P("A", J(4), J(8), scores=d.Scores(1, 1, 1, 3)),
        P("B", J(4), J(8)),
        P("C", J(4), J(8), scores=d.Scores(9, 9, 9, 3)),
    )
    assert wsjf_order(data.projects) == ["C", "A", "B"]


# --- risks ------------------------------------------------------------------------------------


def test_risk_levels_with_custom_thresholds_and_exposure() -> None:
    risks = (
        d.Risk("R1", "a", 2, 2, ("A",)),
        d.Risk("R2", "b", 3, 3, ("A",)),
        d.Risk("R3", "c", 5, 1, ("A",), status="closed"),
        d.Risk("R4", "d", 1, 2),
    )
    data = program(
        P("A", J(4), J(8)),
        risks=risks,
        settings=d.Settings(risk_medium=3, risk_high=4, risk_critical=9),
    )
    a = analyze(data, J(1))
    assert (a.projects[0].exposure, a.kpis.risk_exposure) == (13, 15)  # R4 is program-wide
    assert a.projects[0].health.rag == "red"  # 9 is critical with these thresholds
    assert a.projects[0].health.reasons == ("risk R2 is critical (9)", "risk R1 is high (4)")


# --- health ---------------------------------------------------------------------------------


JAN_4 = J(4)


def health(p: d.Project, today: date = JAN_4, **kw) -> tuple[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    r = analyze(program(p, **kw), today).projects[0].health
    return r.rag, r.reasons


def test_health_green_when_nothing_is_wrong() -> None:
    assert health(P("A", J(4), J(29))) == ("green", ())


def test_health_by_slip() -> None:
    late = P("A", J(4), J(8), status="active", actual_start=J(4))
    assert health(late, J(11)) == ("amber", ("1 working day late",))
    assert health(late, J(22)) == ("amber", ("10 working days late",))
    assert health(late, J(25)) == ("red", ("11 working days late",))


def test_health_by_cost() -> None:
    def at(cost: float) -> str:
        return health(
            P(
                "A",
                J(4),
                J(29),
                budget=1000.0,
                percent_complete=50,
                actual_cost=cost,
                status="active",
                actual_start=J(4),
            )
        )[0]

    assert (at(500.0), at(525.0), at(526.0), at(550.0), at(551.0)) == (
        "green",
        "green",
        "amber",
        "amber",
        "red",
    )


def test_health_by_overdue_milestone() -> None:
    def overdue(today: date) -> tuple[str, tuple[str, ...]]:
        return health(
            P(
                "A",
                J(4),
                date(2027, 3, 1),
                status="active",
                actual_start=J(4),
                milestones=(d.Milestone("Design", J(8)),),
            ),
            today,
        )

    assert overdue(J(22)) == ("amber", ("milestone 'Design' overdue by 10 working days",))
    assert overdue(J(25)) == ("red", ("milestone 'Design' overdue by 11 working days",))


def test_health_by_over_allocation_this_month() -> None:
    people = (d.Person("ann", "Ann"),)
    running = dict(status="active", actual_start=J(4))
    a = P("A", J(4), J(29), allocations=(d.Allocation("ann", 0.6),), **running)
    b = P("B", J(4), J(29), allocations=(d.Allocation("ann", 0.5),), **running)
    c = P("C", date(2027, 3, 1), date(2027, 3, 31), allocations=(d.Allocation("ann", 0.5),))
    got = analyze(program(a, b, c, people=people), J(11))
    assert [r.health.rag for r in got.projects] == ["amber", "amber", "green"]
    # 1.1 FTE on 20 of January's 21 working days
    assert got.projects[0].health.reasons == ("ann over-allocated this month (105%)",)


def test_ten_times_a_tenth_is_exactly_full_not_over() -> None:
    people = (d.Person("ann", "Ann"),)
    projects = [
        P(
            f"X{i}",
            J(4),
            J(29),
            allocations=(d.Allocation("ann", 0.1),),
            status="active",
            actual_start=J(4),
        )
        for i in range(10)
    ]
    got = analyze(program(*projects, people=people), J(11))
    assert {r.health.rag for r in got.projects} == {"green"}
    month = got.capacity[0].months[0]
    assert (month.month, month.over) == ("2027-01", False)


def test_override_wins_and_counts_for_the_program() -> None:
    p = P(
        "A",
        J(4),
        J(8),
        status="active",
        actual_start=J(4),
        health_override=d.HealthOverride("green", "Customer accepted the delay"),
    )
    a = analyze(program(p), J(29))
    assert (a.projects[0].health.rag, a.projects[0].health.overridden, a.health) == (
        "green",
        True,
        "green",
    )


def test_program_health() -> None:
    late = dict(status="active", actual_start=J(4))
    red_not_critical = P("R", J(4), J(8), **late)
    fine = [P(f"G{i}", date(2027, 3, 1), date(2027, 6, 30)) for i in range(4)]
    a = analyze(program(red_not_critical, *fine, end=date(2027, 12, 31)), date(2027, 2, 1))
    assert a.projects[0].health.rag == "red" and not a.projects[0].slot.critical
    assert a.health == "amber"  # 1 red of 5 is not more than a quarter, and it is not critical
    b = analyze(program(red_not_critical, *fine[:2], end=date(2027, 12, 31)), date(2027, 2, 1))
    assert b.health == "red"  # 1 of 3 is more than a quarter
    c = analyze(program(red_not_critical, *fine, end=date(2027, 1, 29)), date(2027, 2, 1))
    assert c.projects[0].slot.critical and c.health == "red"
    assert analyze(program(*fine), J(4)).health == "green"


# --- capacity -------------------------------------------------------------------------------


def test_capacity_across_a_month_boundary_with_zero_capacity_and_a_holiday_month() -> None:
    people = (d.Person("ann", "Ann", capacity=0.5), d.Person("bob", "Bob", capacity=0.0))
    a = P(
        "A",
        J(25),
        date(2027, 2, 5),
        allocations=(d.Allocation("ann", 0.5), d.Allocation("bob", 0.2)),
    )
    data = d.ProgramData(
        program=d.Program("P", "P", start=J(1), end=date(2027, 2, 28), holidays=(J(26),)),
        people=people,
        projects=(d.Project(**{**{f: getattr(a, f) for f in a.__slots__}, "rank": 1}),),
    )
    loads = {pl.key: pl.months for pl in capacity(data, Calendar(data.program.holidays))}
    jan, feb = loads["ann"]
    # January: 20 working days (21 weekdays - the 26th); A works Mon 25, Wed 27..Fri 29 = 4
    assert (jan.month, jan.demand, jan.utilization, jan.over) == (
        "2027-01",
        0.5 * 4 / 20,
        0.5 * 4 / 20 / 0.5,
        False,
    )
    assert feb.demand == 0.5 * 5 / 20
    assert [(m.utilization, m.over) for m in loads["bob"]] == [(None, True), (None, True)]


def test_capacity_months_start_at_the_earliest_live_project_without_a_program_start() -> None:
    people = (d.Person("ann", "Ann"),)
    early_but_cancelled = P("C", date(2026, 11, 2), date(2026, 11, 30), status="cancelled")
    a = P("A", date(2027, 2, 1), date(2027, 3, 31), allocations=(d.Allocation("ann", 0.5),))
    b = P("B", J(11), J(29))
    loads = analyze(program(early_but_cancelled, a, b, people=people), J(4)).capacity
    assert loads[0].labels == ("2027-01", "2027-02", "2027-03")
    assert loads[0].demand == (0.0, 0.5, 0.5)


def test_capacity_command_json_shape() -> None:
    out = json.loads(cli("capacity", str(SPEC_EXAMPLE), "--format", "json").out)
    assert out["demand_from"] == "file"  # read alone: no other program's demand (SPEC 6)
    alice = out["people"][1]
    assert alice["key"] == "alice" and alice["capacity"] == 1.0
    assert [m["month"] for m in alice["months"]][:3] == ["2027-01", "2027-02", "2027-03"]
    assert alice["months"][2] == {
        "month": "2027-03",
        "demand": 0.5 * 20 / 23,
        "utilization": 0.5 * 20 / 23,
        "over": False,
        "this_program": 0.5 * 20 / 23,
        "elsewhere": [],
    }


# --- what-if --------------------------------------------------------------------------------


def test_impact_moves_successors_and_milestones_not_others() -> None:
    a = P("A", J(4), J(15))
    b = P(
        "B", J(18), J(22), depends_on=(d.Dependency("A"),), milestones=(d.Milestone("Go", J(22)),)
    )
    c = P("C", J(4), J(8))
    data = program(a, b, c)
    i = impact(data, J(1), "A", 3)
    assert report.impact(i) == {
        "project": "A",
        "days": 3,
        "moved": [
            {
                "kind": "project",
                "key": "A",
                "old_start": "2027-01-04",
                "new_start": "2027-01-04",
                "old_finish": "2027-01-15",
                "new_finish": "2027-01-20",
            },
            {
                "kind": "project",
                "key": "B",
                "old_start": "2027-01-18",
                "new_start": "2027-01-21",
                "old_finish": "2027-01-22",
                "new_finish": "2027-01-27",
            },
            {
                "kind": "milestone",
                "project": "B",
                "name": "Go",
                "old": "2027-01-22",
                "new": "2027-01-27",
            },
        ],
        "elsewhere": [],
    }
    assert impact(data, J(1), "A", 0).projects == ()


def test_impact_of_a_done_project_moves_nothing_and_cancelled_is_refused() -> None:
    from progtui.errors import Refused

    a = P("A", J(4), J(8), status="done", actual_start=J(4), actual_end=J(8))
    b = P("B", J(11), J(15), depends_on=(d.Dependency("A"),))
    assert impact(program(a, b), J(1), "A", 5).projects == ()
    with pytest.raises(Refused, match="project X is cancelled"):
        impact(program(P("X", J(4), J(8), status="cancelled")), J(1), "X", 5)


def test_an_analysis_leaves_no_backlog_for_the_collector_and_keeps_what_the_app_froze() -> None:
    """The result is not rescanned by a young collection as soon as the analysis returns (at
    100,000 projects that was a 0.2 s stall); objects the app froze (what it loaded first)
    stay frozen. In a fresh interpreter: the app tests in this one froze what they made."""
    import subprocess
    import sys

    script = """
import gc
from datetime import date
from progtui.analysis import analyze
from progtui.sample import generate

data = generate(projects=500, seed=3)
collections = []
gc.collect()
gc.callbacks.append(lambda phase, info: collections.append(info) if phase == "stop" else None)
a = analyze(data, date(2027, 3, 15))
after = [[] for _ in range(50)]  # the allocations that would set a collection off
gc.callbacks.clear()
assert gc.isenabled() and collections == [], collections
from progtui.gcpause import keep
keep()  # as the app does after its first load
frozen = gc.get_freeze_count()
analyze(data, date(2027, 3, 15))
assert gc.get_freeze_count() > 0.9 * frozen, (gc.get_freeze_count(), frozen)
print("ok", len(a.projects), len(after))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert (run.returncode, run.stdout.strip(), run.stderr) == (0, "ok 500 50", "")


def test_a_slip_or_a_today_beyond_the_calendar_is_refused_in_one_line() -> None:
    """impact GLX DE-REG 99999999999 and --today 9999-12-31 crashed with a traceback."""
    from progtui.errors import Refused

    data = program(P("A", J(4), J(15)), P("B", J(18), J(22), depends_on=(d.Dependency("A"),)))
    with pytest.raises(Refused) as exc:
        impact(data, J(1), "A", 99999999999)
    assert str(exc.value) == "a slip is 0 to 5000 working days, not 99999999999"
    for day in (date(9999, 12, 31), date(1969, 12, 31)):
        with pytest.raises(Refused) as exc:
            analyze(data, day)
        assert str(exc.value) == (
            f"today {day} is outside the dates progtui plans in (1970-01-01 to 2199-12-31)"
        )
        with pytest.raises(Refused):
            impact(data, day, "A", 1)


def test_a_plan_whose_lags_add_up_past_the_calendar_is_refused_not_a_crash() -> None:
    chain = [P("A0", J(4), J(8))]
    for i in range(1, 600):  # each lag within bounds, together some 11,500 years
        chain.append(P(f"A{i}", J(4), J(8), depends_on=(d.Dependency(f"A{i - 1}", "FS", 5000),)))
    from progtui.errors import Refused

    with pytest.raises(Refused) as exc:
        report.status(analyze(program(*chain), J(1)))
    assert str(exc.value) == "the plan runs past the year 9999: its lags add up beyond any calendar"


def test_json_never_holds_nan_or_infinity() -> None:
    """capacity --format json printed Infinity (not JSON) from fte: 1.0e+308."""
    from progtui.errors import ProgtuiError

    with pytest.raises(ProgtuiError) as exc:
        report.dumps({"people": [{"key": "big", "capacity": float("inf")}]})
    assert str(exc.value) == "a number to print is not finite (NaN or infinity): not JSON"
