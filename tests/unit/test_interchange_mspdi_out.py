"""MS Project XML (MSPDI) out, issue 16 point 4: checked by a real reader, MPXJ (the Java
library behind ProjectLibre and many converters, through its PyPI package and JPype), by
MPXJ's own scheduler (org.mpxj.cpm.MicrosoftScheduler, which schedules as MS Project does),
and by progtui's reader: export -> import gives back what MSPDI carries."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import GLOBAL_LAUNCH, RETAIL, cli
from progtui import domain as d
from progtui.analysis import analyze
from progtui.analysis.calendar import Calendar
from progtui.interchange import choose_baseline, read_mspdi, read_program, write_mspdi
from progtui.interchange.mspdi.writer import dump_mspdi
from progtui.sample import generate

GLX = read_program(GLOBAL_LAUNCH)
SAMPLE = generate(projects=300, seed=5, years=2)
PROGRAMS = {"global-launch": GLX, "retail": read_program(RETAIL), "sample-300": SAMPLE}


@pytest.fixture(scope="module")
def mpxj() -> Iterator[Any]:
    """The JVM, started once for the module (it cannot be restarted in one process)."""
    import jpype
    import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

    if not jpype.isJVMStarted():
        jpype.startJVM(convertStrings=True)
    from org.mpxj.mspdi import MSPDIReader

    yield MSPDIReader


def _working(data: d.ProgramData) -> tuple[Callable[[date], date], Callable[[date], date]]:
    """The first working day on or after a day, the last on or before it: where MS Project
    puts a start and a finish."""
    cal = Calendar(data.program.holidays)
    return (
        lambda day: cal.date_of(cal.start_index(day)),
        lambda day: cal.date_of(cal.end_index(day) - 1),
    )


def _day(moment: Any) -> date | None:
    return None if moment is None else date.fromisoformat(str(moment.toLocalDate()))


def _key(task: Any) -> str:
    """The progtui key of a task: its own, or its summary's (a project's work task)."""
    return str(task.getText(1) or task.getParentTask().getText(1))


def _read(mpxj: Any, tmp_path: Path, data: d.ProgramData, baseline: str | None = None) -> Any:
    path = tmp_path / f"{data.program.key}.xml"
    write_mspdi(data, path, baseline=choose_baseline(data, baseline))
    return mpxj().read(str(path))


def _work_tasks(pf: Any) -> dict[str, Any]:
    return {
        _key(t): t
        for t in pf.getTasks()
        if t.getOutlineLevel() > 0 and not t.getSummary() and not t.getMilestone()
    }


def test_mpxj_finds_every_task_link_resource_assignment_and_holiday(
    mpxj: Any, tmp_path: Path
) -> None:
    pf = _read(mpxj, tmp_path, GLX)
    assert str(pf.getProjectProperties().getProjectTitle()) == GLX.program.name
    work = _work_tasks(pf)
    assert sorted(work) == sorted(p.key for p in GLX.projects)
    cal = pf.getDefaultCalendar()
    on, by = _working(GLX)
    for p in GLX.projects:
        t = work[p.key]
        assert str(t.getName()) == p.name
        assert (_day(t.getStart()), _day(t.getFinish())) == (on(p.start), by(p.end))
        assert float(t.getDuration().getDuration()) == float(
            cal.getWork(t.getStart(), t.getFinish(), t.getDuration().getUnits()).getDuration()
        )
        assert t.getActive() == (p.status != "cancelled")
        assert float(t.getPercentageComplete()) == round(p.percent_complete)
        assert _day(t.getActualStart()) == p.actual_start
        assert _day(t.getActualFinish()) == (p.actual_end if p.status == "done" else None)
        if p.budget is not None:
            assert float(t.getCost()) == p.budget
        links = {
            (_key(r.getPredecessorTask()), str(r.getType()), float(r.getLag().getDuration()))
            for r in t.getPredecessors()
        }
        assert links == {(dep.project, dep.type, float(dep.lag)) for dep in p.depends_on}
        assert all(str(r.getLag().getUnits().name()) == "DAYS" for r in t.getPredecessors())
        # milestones: zero-duration subtasks of the project's summary task, on their due date
        marks = {str(c.getName()): c for c in t.getParentTask().getChildTasks() if c.getMilestone()}
        assert sorted(marks) == sorted(m.name for m in p.milestones)
        for m in p.milestones:
            assert _day(marks[m.name].getFinish()) == on(m.due)
            assert _day(marks[m.name].getActualFinish()) == m.done
    people = {str(r.getText(1)): r for r in pf.getResources() if r.getText(1)}
    assert sorted(people) == sorted(p.key for p in GLX.people)
    for person in GLX.people:
        r = people[person.key]
        assert (str(r.getName()), str(r.getType())) == (person.name, "WORK")
        assert float(r.getMaxUnits()) == pytest.approx(person.capacity * 100)
        rate = r.getStandardRate()
        assert (float(rate.getAmount()), str(rate.getUnits().name())) == (
            person.cost_rate / 8,
            "HOURS",
        )
    assignments = sorted(
        (
            _key(a.getTask()),
            str(a.getResource().getText(1)),
            round(float(a.getUnits()) / 100, 4),
            _day(a.getStart()),
            _day(a.getFinish()),
        )
        for a in pf.getResourceAssignments()
    )
    assert assignments == sorted(
        (p.key, a.person, a.fte, on(a.start or p.start), by(a.end or p.end))
        for p in GLX.projects
        for a in p.allocations
    )
    holidays = sorted(_day(e.getFromDate().atStartOfDay()) for e in cal.getCalendarExceptions())
    assert holidays == sorted(GLX.program.holidays)
    assert all(not e.getWorking() for e in cal.getCalendarExceptions())


def test_the_chosen_baseline_is_baseline_zero(mpxj: Any, tmp_path: Path) -> None:
    (first,) = GLX.baselines
    newest = d.Baseline(
        "Replan", first.taken.replace(year=first.taken.year + 1), first.projects[:3]
    )
    data = dataclasses.replace(GLX, baselines=(first, newest))
    on, by = _working(GLX)
    for name, chosen in ((None, newest), (first.name, first)):
        work = _work_tasks(_read(mpxj, tmp_path, data, name))
        for bp in chosen.projects:
            t = work[bp.project]
            baseline = (_day(t.getBaselineStart()), _day(t.getBaselineFinish()))
            assert baseline == (on(bp.start), by(bp.end))
            if bp.budget is not None:
                assert float(t.getBaselineCost()) == bp.budget
        assert {k for k, t in work.items() if t.getBaselineStart() is not None} == {
            bp.project for bp in chosen.projects
        }


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_mpxjs_scheduler_gives_progtuis_early_start_and_finish(
    mpxj: Any, tmp_path: Path, name: str
) -> None:
    """For every project not started, MPXJ's Microsoft scheduler on the exported file gives
    progtui's forecast start and finish, as of the program's start."""
    from org.mpxj.cpm import MicrosoftScheduler

    data = PROGRAMS[name]
    pf = _read(mpxj, tmp_path, data)
    props = pf.getProjectProperties()
    MicrosoftScheduler().schedule(pf, props.getStartDate())
    work = _work_tasks(pf)
    today = _day(props.getStartDate())
    assert today is not None
    a = analyze(data, today)
    compared = 0
    for r in a.projects:
        p = r.project
        if p.status in ("done", "cancelled") or p.actual_start is not None:
            continue
        assert r.slot is not None
        t = work[p.key]
        ours = (a.date_of(r.slot.s), a.date_of(r.slot.f - 1))
        assert (_day(t.getEarlyStart()), _day(t.getEarlyFinish())) == ours, p.key
        compared += 1
    assert compared >= {"global-launch": 6, "retail": 3, "sample-300": 119}[name]


def _comparable(data: d.ProgramData) -> d.ProgramData:
    """What MSPDI carries of a program (docs/interchange-mspdi.md, "MS Project XML out"):
    dates on working days (where MS Project puts them), the status from the actuals."""
    newest = choose_baseline(data, None)
    on, by = _working(data)

    def project(p: d.Project) -> d.Project:
        closed = p.status in ("done", "cancelled")
        return d.Project(
            key=p.key,
            name=p.name,
            start=on(p.start),
            end=by(p.end),
            status=p.status if closed else "active" if p.actual_start else "approved",
            actual_start=p.actual_start,
            actual_end=p.actual_end,
            budget=p.budget or None,
            actual_cost=p.actual_cost or None,
            percent_complete=round(p.percent_complete),
            depends_on=p.depends_on,
            milestones=tuple(dataclasses.replace(m, due=on(m.due)) for m in p.milestones),
            allocations=tuple(
                sorted(
                    (
                        dataclasses.replace(a, start=on(a.start or p.start), end=by(a.end or p.end))
                        for a in p.allocations
                    ),
                    key=lambda a: (a.person, a.start, a.end),
                )
            ),
        )

    return d.ProgramData(
        program=d.Program(
            key=data.program.key,
            name=data.program.name,
            owner=data.program.owner,
            start=data.program.start,
            currency=data.program.currency,
            holidays=data.program.holidays,
        ),
        people=tuple(dataclasses.replace(p, cost_rate=p.cost_rate) for p in data.people),
        projects=tuple(project(p) for p in data.projects),
        baselines=(
            (
                d.Baseline(
                    "MS Project baseline",
                    date.min,
                    tuple(
                        dataclasses.replace(
                            b,
                            start=on(b.start),
                            end=by(b.end),
                            forecast_start=None,
                            forecast_end=None,
                        )
                        for b in newest.projects
                    ),
                    tuple(
                        dataclasses.replace(m, due=on(m.due), forecast=None)
                        for m in newest.milestones
                        if any(
                            m.name in {x.name for x in p.milestones}
                            for p in data.projects
                            if p.key == m.project
                        )
                    ),
                ),
            )
            if newest
            else ()
        ),
    )


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_export_then_import_gives_back_what_mspdi_carries(tmp_path: Path, name: str) -> None:
    data = PROGRAMS[name]
    path = tmp_path / f"{data.program.key}.xml"
    write_mspdi(data, path, baseline=choose_baseline(data, None))
    back, warnings = read_mspdi(path)
    assert warnings == []
    back = dataclasses.replace(
        back,
        projects=tuple(
            dataclasses.replace(
                p,
                rank=0,
                allocations=tuple(sorted(p.allocations, key=lambda a: (a.person, a.start, a.end))),
            )
            for p in back.projects
        ),
        baselines=tuple(dataclasses.replace(b, taken=date.min) for b in back.baselines),
    )
    want = _comparable(data)
    assert back.program == want.program
    assert back.people == want.people
    assert back.projects == want.projects
    assert back.baselines == want.baselines


def test_the_text_is_escaped_and_control_characters_dropped(tmp_path: Path) -> None:
    p = GLX.projects[0]
    odd = dataclasses.replace(p, name='R&D <phase 1> "quoted" \x07bell')
    data = dataclasses.replace(GLX, projects=(odd, *GLX.projects[1:]))
    path = tmp_path / "odd.xml"
    path.write_text(dump_mspdi(data), "utf-8")
    back, _ = read_mspdi(path)
    assert back.projects[0].name == 'R&D <phase 1> "quoted" bell'


def test_cli_export_mspdi_with_a_baseline_and_refusals(tmp_path: Path) -> None:
    db = str(tmp_path / "g.db")
    assert cli("--db", db, "import", str(GLOBAL_LAUNCH)).code == 0
    out = tmp_path / "glx.xml"
    first = GLX.baselines[0].name
    r = cli("--db", db, "export", "GLX", "--format", "mspdi", "--baseline", first, "-o", str(out))
    assert (r.code, r.out, r.err) == (0, "", "")
    assert out.read_text("utf-8") == dump_mspdi(GLX, baseline=GLX.baselines[0])
    assert cli("--db", db, "export", "GLX", "--format", "mspdi").out == dump_mspdi(
        GLX, baseline=choose_baseline(GLX, None)
    )
    r = cli("--db", db, "export", "GLX", "--format", "mspdi", "--baseline", "nope", "-o", "x")
    names = ", ".join(b.name for b in GLX.baselines)
    assert (r.code, r.err) == (
        1,
        f"progtui: program GLX has no baseline named 'nope' (its baselines: {names})\n",
    )
    r = cli("--db", db, "export", "GLX", "--baseline", first)
    assert r.code == 2 and "'--baseline': is for --format mspdi" in r.err


def test_the_largest_and_smallest_amounts_come_back_exact(tmp_path: Path) -> None:
    """Money in cents up to 10^15 and FTE or capacity of 0.0001 or less are written as plain
    decimals (never 5e-05, which xsd:decimal does not allow) and read back exactly."""
    p = dataclasses.replace(
        GLX.projects[0],
        budget=9_999_999_999_999.99,
        actual_cost=0.01,
        allocations=(d.Allocation(GLX.people[0].key, 0.0001),),
    )
    person = dataclasses.replace(GLX.people[0], cost_rate=0.01, capacity=0.00005)
    data = dataclasses.replace(GLX, people=(person, *GLX.people[1:]), projects=(p,), baselines=())
    text = dump_mspdi(data)
    assert "e-" not in text and "e+" not in text
    path = tmp_path / "GLX.xml"
    path.write_text(text, "utf-8")
    back, _ = read_mspdi(path)
    (q,) = back.projects
    assert (q.budget, q.actual_cost, q.allocations[0].fte) == (9_999_999_999_999.99, 0.01, 0.0001)
    assert (back.people[0].cost_rate, back.people[0].capacity) == (0.01, 0.00005)
