"""Warnings about a plan's data (analysis.consistency) and the triage agenda's issues and
overdue risks: a broken dependency, progress on a project not started."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from conftest import GLOBAL_LAUNCH, TODAY
from progtui import domain as d
from progtui.analysis import analyze
from progtui.analysis.agenda import agenda
from progtui.analysis.consistency import broken_dependencies, progress_without_start, warnings
from progtui.interchange import read_program


def glx(**changes: dict[str, object]) -> d.ProgramData:
    """The GLX sample with some projects' fields changed: glx(DE_MKT={"status": ...})."""
    data = read_program(GLOBAL_LAUNCH)
    wanted = {k.replace("_", "-"): v for k, v in changes.items()}
    return replace(
        data,
        projects=tuple(
            replace(p, **wanted[p.key]) if p.key in wanted else p for p in data.projects
        ),
    )


def test_a_successor_started_before_its_fs_predecessor_finished_is_a_broken_dependency() -> None:
    a = analyze(read_program(GLOBAL_LAUNCH), TODAY)
    (b,) = broken_dependencies(a)  # FR-REG started 2027-01-18; FR-PKG is still running
    assert (b.successor, b.predecessor, b.started, b.finished) == (
        "FR-REG",
        "FR-PKG",
        date(2027, 1, 18),
        None,
    )
    assert warnings(a, "FR-REG") == [
        "broken dependency: started 2027-01-18, but FS predecessor FR-PKG has not finished "
        "(forecast 2027-03-15)"
    ]
    assert warnings(a, "FR-PKG") == []  # the predecessor is not the one to blame


def test_a_predecessor_that_finished_after_the_start_is_named_with_its_end() -> None:
    done = {"status": "done", "actual_end": date(2027, 2, 26), "percent_complete": 100.0}
    a = analyze(glx(FR_PKG=done), TODAY)
    assert warnings(a, "FR-REG") == [
        "broken dependency: started 2027-01-18, before FS predecessor FR-PKG finished on 2027-02-26"
    ]
    early = {**done, "actual_end": date(2027, 1, 15)}  # finished the Friday before: fine
    assert broken_dependencies(analyze(glx(FR_PKG=early), TODAY)) == []


def test_a_negative_lag_other_link_types_and_cancelled_predecessors_break_nothing() -> None:
    overlap = (d.Dependency("FR-PKG", "FS", -60),)  # may start 60 working days before
    assert broken_dependencies(analyze(glx(FR_REG={"depends_on": overlap}), TODAY)) == []
    together = (d.Dependency("FR-PKG", "SS", 0),)
    assert broken_dependencies(analyze(glx(FR_REG={"depends_on": together}), TODAY)) == []
    gone = analyze(glx(FR_PKG={"status": "cancelled"}), TODAY)
    assert broken_dependencies(gone) == []


def test_percent_complete_on_a_project_not_started_is_a_warning() -> None:
    a = analyze(glx(DE_MKT={"percent_complete": 15.0}), TODAY)
    assert progress_without_start(a, "DE-MKT") == "15% complete but not started (no actual start)"
    assert warnings(a, "DE-MKT") == ["15% complete but not started (no actual start)"]
    assert (a.projects[4].health.rag, a.projects[4].health.reasons) == ("green", ())  # as is
    assert progress_without_start(a, "DE-REG") is None  # started
    started = glx(DE_MKT={"percent_complete": 15.0, "actual_start": date(2027, 3, 1)})
    assert progress_without_start(analyze(started, TODAY), "DE-MKT") is None


def test_the_agenda_lists_issues_overdue_risks_and_data_to_check() -> None:
    data = glx(DE_MKT={"percent_complete": 15.0})
    data = replace(
        data,
        risks=tuple(replace(r, due=date(2027, 3, 14)) if r.key == "R3" else r for r in data.risks),
    )
    items = agenda(analyze(data, TODAY))
    by_key = {i.key: i for i in items}
    assert by_key["R7"].why == "issue: it occurred (15)"  # occurred: an issue now
    assert by_key["R3"].why == "overdue: due 2027-03-14, 1 day ago"  # low, mitigated, late
    assert by_key["DE-MKT"].why == "15% complete but not started (no actual start)"
    kinds = [(i.kind, i.key) for i in items]
    # issues before the risks, the data to check after the people
    assert kinds.index(("risk", "R7")) < kinds.index(("risk", "R2"))
    assert kinds.index(("person", "farid")) < kinds.index(("project", "DE-MKT"))
    assert kinds[-1] == ("project", "DE-MKT")
