"""MS Project XML (MSPDI) in: the mapping, its warnings, its refusals, and MS Project's dates.

The fixtures under tests/data/mspdi/ are written by hand in MSPDI's layout (no file written by
MS Project itself is available here); relaunch.xml's Start and Finish are computed by hand as
MS Project schedules them on its Standard calendar (Mon-Fri 08:00-12:00 and 13:00-17:00, with
the file's holiday on 2027-02-03).
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET  # trusted fixtures only: the expected dates
from datetime import date, datetime
from pathlib import Path

import pytest

from progtui import domain as d
from progtui.analysis import analyze
from progtui.analysis.calendar import Calendar
from progtui.errors import InvalidFile
from progtui.interchange import read_any
from progtui.interchange.mspdi import default_key, read_mspdi

DATA = Path(__file__).parent.parent / "data" / "mspdi"
RELAUNCH = DATA / "relaunch.xml"
NS = {"p": "http://schemas.microsoft.com/project"}
TODAY = date(2027, 1, 11)  # the file's status: Requirements done, Architecture started


def projects(data: d.ProgramData) -> dict[str, d.Project]:
    return {p.key: p for p in data.projects}


def problems(path: Path, **kw: object) -> list[str]:
    with pytest.raises(InvalidFile) as exc:
        read_mspdi(path, **kw)  # type: ignore[arg-type]
    return [str(p) for p in exc.value.problems]


def ms_project_dates(path: Path) -> dict[str, tuple[date, date]]:
    """Start and Finish as the file has them, by project key (T + the task's UID)."""
    out = {}
    for task in ET.parse(path).getroot().iterfind("p:Tasks/p:Task", NS):
        uid = task.findtext("p:UID", namespaces=NS)
        start = datetime.fromisoformat(task.findtext("p:Start", namespaces=NS) or "")
        finish = datetime.fromisoformat(task.findtext("p:Finish", namespaces=NS) or "")
        out[f"T{uid}"] = (start.date(), finish.date())
    return out


# --- the mapping (point 1) -----------------------------------------------------------------


def test_level_one_tasks_become_projects_that_roll_up_their_tasks() -> None:
    data, _ = read_mspdi(RELAUNCH)
    assert data.program.key == "relaunch"
    assert (data.program.name, data.program.start, data.program.currency) == (
        "Website relaunch",
        date(2027, 1, 4),
        "EUR",
    )
    ps = projects(data)
    assert list(ps) == ["T1", "T5", "T8", "T12", "T13"]
    design = ps["T1"]
    assert (design.name, design.start, design.end) == (
        "Design",
        date(2027, 1, 4),
        date(2027, 1, 15),
    )
    # percent complete by duration: (100% x 5 days + 40% x 5 days) / 10 days
    assert (design.status, design.actual_start, design.percent_complete) == (
        "active",
        date(2027, 1, 4),
        70.0,
    )
    assert (design.budget, design.actual_cost) == (3000.0, 1800.0)  # MSPDI money is in cents
    build = ps["T5"]
    assert (build.status, build.budget, build.actual_cost) == ("approved", 5280.0, None)


def test_status_comes_from_the_actuals() -> None:
    data, _ = read_mspdi(RELAUNCH, level="leaf")
    ps = projects(data)
    assert (ps["T2"].status, ps["T2"].actual_start, ps["T2"].actual_end) == (
        "done",
        date(2027, 1, 4),
        date(2027, 1, 8),
    )
    assert (ps["T3"].status, ps["T3"].actual_start) == ("active", date(2027, 1, 11))
    assert ps["T6"].status == "approved"


def test_milestones_join_their_project_or_become_a_one_day_project() -> None:
    ps = projects(read_mspdi(RELAUNCH)[0])
    assert ps["T1"].milestones == (d.Milestone("Design approved", date(2027, 1, 15)),)
    # a level-1 milestone that follows one project only becomes that project's milestone ...
    assert ps["T8"].milestones == (d.Milestone("Go-live", date(2027, 2, 8)),)
    assert "T11" not in ps
    # ... one that follows two becomes a project of its own, on its day
    review = ps["T12"]
    assert (review.name, review.start, review.end) == (
        "Steering review",
        date(2027, 2, 2),
        date(2027, 2, 2),
    )


def test_links_are_lifted_to_projects_merged_to_the_tightest_and_dropped_inside_one() -> None:
    ps = projects(read_mspdi(RELAUNCH)[0])
    assert ps["T1"].depends_on == ()  # Requirements -> Architecture is inside Design
    assert ps["T5"].depends_on == (d.Dependency("T1", "FS", 0),)  # Design approved -> Backend
    # Backend -FS+1d-> Integration test and Frontend -FF+5d-> Acceptance test: FS + 1 binds
    # Test's start a day later than FF + 5 does, so it is kept
    assert ps["T8"].depends_on == (d.Dependency("T5", "FS", 1),)
    assert ps["T12"].depends_on == (d.Dependency("T8", "SS", 0), d.Dependency("T5", "SS", 0))
    assert ps["T13"].depends_on == (d.Dependency("T8", "SF", 5),)


def test_all_four_link_types_and_lags_in_tenths_of_minutes() -> None:
    ps = projects(read_mspdi(RELAUNCH, level="leaf")[0])
    assert ps["T7"].depends_on == (d.Dependency("T6", "SS", 2),)  # LinkLag 9600 = 2 days
    assert ps["T9"].depends_on == (d.Dependency("T6", "FS", 1),)
    assert ps["T10"].depends_on == (d.Dependency("T7", "FF", 5),)
    assert ps["T14"].depends_on == (d.Dependency("T9", "SF", 5),)


def test_level_n_and_leaf() -> None:
    assert len(read_mspdi(RELAUNCH, level=2)[0].projects) == 9
    leaf = read_mspdi(RELAUNCH, level="leaf")[0]
    assert [p.key for p in leaf.projects] == [
        "T2", "T3", "T6", "T7", "T9", "T10", "T12", "T14", "T15",
    ]  # fmt: skip
    # at leaf level the milestones are leaves too: each joins the one task it follows
    assert projects(leaf)["T3"].milestones == (d.Milestone("Design approved", date(2027, 1, 15)),)


def test_work_resources_become_people_and_assignments_allocations() -> None:
    data, _ = read_mspdi(RELAUNCH)
    assert data.people == (
        d.Person("Alice-Moreau", "Alice Moreau", None, 1.0, 400.0),  # 50 an hour x 8 hours
        d.Person("Bob-Lee", "Bob Lee", None, 0.5, 320.0),
    )
    ps = projects(data)
    assert ps["T5"].allocations == (
        d.Allocation("Alice-Moreau", 1.0, date(2027, 1, 18), date(2027, 1, 29)),
        d.Allocation("Bob-Lee", 0.5, date(2027, 1, 20), date(2027, 1, 29)),
    )


def test_a_person_is_keyed_by_name_so_two_plans_share_them(tmp_path: Path) -> None:
    """SPEC section 6: a person key names one person across the database. Without a name
    that gives a key (or when two resources share one) the key is R + the UID."""
    text = RELAUNCH.read_text("utf-8").replace("<Name>Bob Lee</Name>", "<Name>Alice Moreau</Name>")
    text = text.replace(
        "<Name>Alice Moreau</Name><Type>1</Type><MaxUnits>1.00",
        "<Name>***</Name><Type>1</Type><MaxUnits>1.00",
    )
    path = tmp_path / "p.xml"
    path.write_text(text, "utf-8")
    assert [p.key for p in read_mspdi(path)[0].people] == ["R1", "Alice-Moreau"]


def test_calendar_exceptions_become_holidays_and_baseline_zero_a_baseline() -> None:
    data, _ = read_mspdi(RELAUNCH)
    assert data.program.holidays == (date(2027, 2, 3), date(2027, 4, 16))
    (baseline,) = data.baselines
    assert (baseline.name, baseline.taken) == ("MS Project baseline", date(2027, 1, 11))
    assert baseline.projects == (
        d.BaselineProject("T1", date(2027, 1, 4), date(2027, 1, 15), 3000.0),
        d.BaselineProject("T5", date(2027, 1, 18), date(2027, 1, 29), 4780.0),
    )
    assert baseline.milestones == (
        d.BaselineMilestone("T1", "Design approved", date(2027, 1, 15)),
        d.BaselineMilestone("T8", "Go-live", date(2027, 2, 5)),
    )


def test_the_key_comes_from_the_file_name_or_is_given(tmp_path: Path) -> None:
    assert default_key("plans/Q3 plan (v2).xml") == "Q3-plan-v2"
    path = tmp_path / "my plan.xml"
    path.write_bytes(RELAUNCH.read_bytes())
    assert read_mspdi(path)[0].program.key == "my-plan"
    assert read_mspdi(path, key="WEB")[0].program.key == "WEB"


def test_utf16_as_declared_reads_the_same(tmp_path: Path) -> None:
    text = RELAUNCH.read_text("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    path = tmp_path / "relaunch.xml"
    path.write_bytes(text.encode("utf-16"))
    (data, warnings), (expected, expected_warnings) = read_mspdi(path), read_mspdi(RELAUNCH)
    assert data == expected
    assert [w.message for w in warnings] == [w.message for w in expected_warnings]


def test_the_content_decides_the_format() -> None:
    data, warnings, fmt = read_any(RELAUNCH)
    assert (fmt, data) == ("mspdi", read_mspdi(RELAUNCH)[0])
    assert len(warnings) == 1


# --- forecasts against MS Project's own dates (point 3) -------------------------------------


@pytest.mark.parametrize("level", [1, 2, "leaf"])
def test_forecasts_of_tasks_not_started_equal_ms_projects_start_and_finish(
    level: int | str,
) -> None:
    data, _ = read_mspdi(RELAUNCH, level=level)  # type: ignore[arg-type]
    expected = ms_project_dates(RELAUNCH)
    a = analyze(data, TODAY)
    compared = 0
    for r in a.projects:
        if r.project.status != "approved":
            continue
        assert r.slot is not None
        got = (a.date_of(r.slot.s), a.date_of(r.slot.f - 1))
        assert got == expected[r.project.key], r.project.key
        compared += 1
    assert compared == {1: 4, 2: 7, "leaf": 7}[level]
    for m in a.milestones:
        assert m.forecast == m.due  # each on MS Project's Finish of the milestone


def test_the_links_alone_give_ms_projects_dates() -> None:
    """With every task not started moved back to the program's start, the converted links
    (types and lags) push each one to where MS Project scheduled it."""
    data, _ = read_mspdi(RELAUNCH, level="leaf")
    cal = Calendar(data.program.holidays)
    first = cal.index(date(2027, 1, 4))

    def at_start(p: d.Project) -> d.Project:
        if p.status != "approved":
            return p
        width = cal.working_days(p.start, p.end)
        return dataclasses.replace(p, start=cal.date_of(first), end=cal.date_of(first + width - 1))

    moved = dataclasses.replace(data, projects=tuple(at_start(p) for p in data.projects))
    a = analyze(moved, TODAY)
    expected = ms_project_dates(RELAUNCH)
    for r in a.projects:
        if r.project.status == "approved":
            assert r.slot is not None
            got = (a.date_of(r.slot.s), a.date_of(r.slot.f - 1))
            assert got == expected[r.project.key], r.project.key


@pytest.mark.parametrize("level", [1, "leaf"])
def test_a_finish_written_at_the_start_of_a_day_ends_the_day_before(level: int | str) -> None:
    """Seen in files MS Project wrote (bench/msp_real.py): a task ended exactly by a link is
    written with its Finish at 08:00 of the next working day (Test: Tuesday, written to
    Wednesday 08:00; Review: Friday, to Monday 08:00). It works no hour of that day, so its
    project (and its baseline, written the same way) ends the day before and its successor
    starts where MS Project has it."""
    path = DATA / "finish-at-day-start.xml"
    data, warnings = read_mspdi(path, level=level)  # type: ignore[arg-type]
    assert warnings == []
    ps = projects(data)
    assert (ps["T2"].start, ps["T2"].end) == (date(2027, 1, 5), date(2027, 1, 5))
    assert (ps["T4"].start, ps["T4"].end) == (date(2027, 1, 8), date(2027, 1, 8))
    (base,) = [b for b in data.baselines[0].projects if b.project == "T2"]
    assert (base.start, base.end) == (ps["T2"].start, ps["T2"].end)  # the baseline: no slip
    moved = dataclasses.replace(
        data,
        projects=tuple(
            dataclasses.replace(p, start=date(2027, 1, 4), end=date(2027, 1, 4))
            for p in data.projects
        ),
    )
    a = analyze(moved, date(2027, 1, 1))
    got = {r.project.key: a.date_of(r.slot.s) for r in a.projects if r.slot}
    expected = {k: v[0] for k, v in ms_project_dates(path).items()}
    assert got == expected


# --- warnings (point 2) ----------------------------------------------------------------------

WARNINGS = {
    "warn-manual.xml": [
        "7:7: warning: task 1 'A' is manually scheduled; taken at its written dates"
    ],
    "warn-constraint.xml": [
        "7:7: warning: task 1 'A' has the constraint 'start no earlier than' "
        "(2027-01-06T08:00:00), which progtui does not carry (it schedules as soon as possible)"
    ],
    "warn-elapsed.xml": [
        "7:7: warning: task 1 'A' has an elapsed duration; taken as the working days between "
        "its dates"
    ],
    "warn-split.xml": [
        "7:7: warning: task 1 'A' is split: it works 5 days of the 7 from its Start to its "
        "Finish; taken as one stretch from Start to Finish"
    ],
    "warn-task-calendar.xml": [
        "7:7: warning: task 1 'A' has its own calendar (3); progtui works Monday to Friday"
    ],
    "warn-cost-resource.xml": [
        "9:5: warning: cost resource 1 'Travel' is not carried (only work resources become people)"
    ],
    "warn-work-week.xml": [
        "9:9: warning: the project calendar works on Saturday; not carried (progtui works "
        "Monday to Friday)"
    ],
    "warn-calendar.xml": [
        "8:9: warning: a working exception from 2027-01-09 to 2027-01-09 is not carried "
        "(progtui works Monday to Friday)",
        "10:7: warning: non-standard work weeks of the project calendar are not carried "
        "(progtui works Monday to Friday)",
    ],
    "warn-lags.xml": [
        "8:72: warning: an elapsed lag of 7 calendar days is taken as 5 working days",
        "10:72: warning: a lag in percent of the predecessor's duration is not carried; taken as 0",
        "12:72: warning: a lag of 0.5 working days is rounded to 0",
    ],
    "warn-deadline.xml": [
        "7:7: warning: task 1 'A' has a deadline (2027-01-06), which progtui does not carry "
        "(a program has an end, a project none)"
    ],
    "warn-baselines.xml": [
        "8:7: warning: baseline 1 (first here, at task 1 'A') is not carried: only baseline 0 "
        "becomes a progtui baseline",
        "11:7: warning: baseline 10 (first here, at task 2 'B') is not carried: only baseline 0 "
        "becomes a progtui baseline",
    ],
    "warn-day-hours.xml": [
        "10:9: warning: the project calendar's working hours (Thursday 8.5 h, Friday 4 h) differ "
        "from its 8-hour day (MinutesPerDay): lags in days and cost rates are converted at that "
        "day, and MS Project's dates within a day are not followed"
    ],
    "warn-resource-calendar.xml": [  # Ann's calendar is the Standard one: no warning
        "18:7: warning: resource 2 'Bo' has its own calendar (3), which is not carried (progtui "
        "plans people on the program's working days)"
    ],
    "warn-links.xml": [
        "8:7: warning: task 2 follows task '99', which is not in the file",
        "9:7: warning: a link of task 2 to another project file is not carried",
    ],
}


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_what_the_mapping_cannot_carry_is_a_located_warning(name: str) -> None:
    data, warnings = read_mspdi(DATA / name)
    assert [str(w) for w in warnings] == [f"{DATA / name}:{w}" for w in WARNINGS[name]]
    assert data.projects


def test_an_elapsed_lag_is_converted() -> None:
    ps = projects(read_mspdi(DATA / "warn-lags.xml")[0])
    assert ps["T2"].depends_on == (d.Dependency("T1", "FS", 5),)


# --- refusals (point 2) ----------------------------------------------------------------------

REFUSED = {
    "malformed.xml": "4:32: XML syntax: mismatched tag",
    "not-mspdi.xml": (
        "2:1: not MS Project XML: the root element is "
        '<{http://maven.apache.org/POM/4.0.0}project>, not <Project xmlns="'
        'http://schemas.microsoft.com/project">'
    ),
    "billion-laughs.xml": (
        "2:19: a DTD (<!DOCTYPE ...>, where entities are declared) is not allowed in MS Project XML"
    ),
    "external-entity.xml": (
        "2:19: a DTD (<!DOCTYPE ...>, where entities are declared) is not allowed in MS Project XML"
    ),
    "external-dtd.xml": (
        "2:58: a DTD (<!DOCTYPE ...>, where entities are declared) is not allowed in MS Project XML"
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_unsafe_or_foreign_xml_is_refused_in_one_located_line(name: str) -> None:
    assert problems(DATA / name) == [f"{DATA / name}:{REFUSED[name]}"]


def test_a_file_over_50_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    with path.open("wb") as fh:
        fh.truncate(50 * 2**20 + 1)
    assert problems(path) == [f"{path}:1:1: file is 50 MB; the limit is 50 MB"]


def test_an_encoding_other_than_utf8_or_utf16_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin.xml"
    path.write_bytes(RELAUNCH.read_bytes().replace(b"UTF-8", b"ISO-8859-1", 1))
    assert problems(path) == [
        f"{path}:1:1: encoding ISO-8859-1 is not supported: save the file as UTF-8 or UTF-16"
    ]


def test_values_are_checked_by_the_yaml_formats_rules_where_they_were_written() -> None:
    path = DATA / "bad-values.xml"
    assert problems(path) == [
        f"{path}:5:101: end 2027-01-04 is before start 2027-01-08",
        f"{path}:6:67: Start: 'someday' is not a date and time",
    ]


def test_a_cycle_made_by_lifting_links_is_refused_at_the_link() -> None:
    path = DATA / "cycle.xml"
    assert problems(path) == [f"{path}:11:7: dependency cycle: T1 -> T4 -> T1"]


@pytest.mark.parametrize(
    ("start", "finish"),
    [
        ("9999-12-31T08:00:00", "9999-12-31T17:00:00"),
        ("0001-01-02T08:00:00", "0001-01-01T17:00:00"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused_or_read_never_overflow(
    tmp_path: Path, start: str, finish: str
) -> None:
    """Found by bench/fuzz.py: the split check counted the days between a Finish on 0001-01-01
    and its Start by stepping before the first day there is."""
    text = (DATA / "warn-split.xml").read_text()
    text = text.replace("2027-01-04T08:00:00</Start>", f"{start}</Start>")
    text = text.replace("2027-01-12T17:00:00", finish)
    path = tmp_path / "ends.xml"
    path.write_text(text)
    try:
        read_any(path)
    except InvalidFile as exc:
        assert all(p.line >= 1 for p in exc.problems)
