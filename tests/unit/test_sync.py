"""progtui sync: a project manager's MS Project file read as one project's plan, the changes it
brings computed against a snapshot, saved as one audited batch that undo takes back, refused
when someone else changed the project since (docs/interchange-mspdi.md, "Sync")."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, load
from progtui import domain as d
from progtui import identity, services
from progtui.errors import InvalidFile, NotFound, Refused
from progtui.interchange.mspdi.plan import Plan, PlanMilestone, read_plan
from progtui.services import editing, history
from progtui.services.sync import compare

DATA = Path(__file__).parent.parent / "data" / "mspdi"
PLAN = DATA / "de-reg-plan.xml"
SHOWN = [
    "project:DE-REG actual_start: 2027-01-04 → 2027-01-05",
    "project:DE-REG percent_complete: 45 → 46.32",
    "project:DE-REG actual_cost: 52000 → 54000",
    "project:DE-REG reported_end: – → 2027-05-14",
    "milestone:DE-REG/Regulator questions answered due: 2027-03-04 → 2027-03-12",
    "milestone:DE-REG/Approval granted due: 2027-04-30 → 2027-05-14",
]


def glx(database) -> d.ProgramData:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return services.load_program(s, program="GLX")


def de_reg(database) -> d.Project:  # type: ignore[no-untyped-def]
    return next(p for p in glx(database).projects if p.key == "DE-REG")


def stamp(database) -> int:  # type: ignore[no-untyped-def]
    with database.read() as s:
        return services.last_change_id(s)


# --- the plan: the whole file rolls up into the one project ------------------------------------


def test_the_whole_file_rolls_up_into_one_project_with_its_milestone_tasks() -> None:
    plan = read_plan(PLAN)
    assert (plan.start, plan.finish) == (date(2027, 1, 5), date(2027, 5, 14))  # latest Finish
    assert (plan.status, plan.actual_start, plan.actual_end) == ("active", date(2027, 1, 5), None)
    # leaves by duration: (20 days x 100 % + 30 x 80 % + 45 x 0 %) / 95 days
    assert plan.percent_complete == 46.32
    assert plan.actual_cost == 54000.0  # Σ ActualCost, in cents in the file
    assert [(m.name, m.due, m.done, m.line) for m in plan.milestones] == [
        ("Dossier submitted", date(2027, 1, 29), date(2027, 1, 29), 25),
        ("Regulator questions answered", date(2027, 3, 12), None, 44),  # level 2: still one
        ("Notified body audit", date(2027, 4, 9), None, 56),
        ("Approval granted", date(2027, 5, 14), None, 62),
    ]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.xml", "missing.xml:1:1: no such file"),
        ("not-mspdi.xml", "not-mspdi.xml:2:1: not MS Project XML: the root element is"),
        ("malformed.xml", "malformed.xml:4:32: XML syntax: mismatched tag"),
        ("bad-values.xml", "bad-values.xml:6:67: Start: 'someday' is not a date and time"),
        ("billion-laughs.xml", "billion-laughs.xml:2:19: a DTD (<!DOCTYPE ...>, where"),
    ],
)
def test_a_file_that_is_no_plan_is_refused_where_it_is_wrong(name: str, message: str) -> None:
    with pytest.raises(InvalidFile) as exc:
        read_plan(DATA / name)
    assert str(exc.value.problems[0]).removeprefix(f"{DATA}/").startswith(message)


def test_a_file_that_is_not_xml_is_refused_at_its_start(tmp_path: Path) -> None:
    with pytest.raises(InvalidFile) as exc:
        read_plan(GLOBAL_LAUNCH)
    assert str(exc.value) == f"{GLOBAL_LAUNCH}:1:1: not MS Project XML (MSPDI): the file is not XML"


HEAD = '<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project"><Tasks>'
TASK = "<Task><UID>1</UID><OutlineLevel>1</OutlineLevel>{}</Task>"
DAYS = "<Start>2027-01-04T08:00:00</Start><Finish>2027-01-08T17:00:00</Finish>"


@pytest.mark.parametrize(
    ("tasks", "message"),
    [
        ("", "2:1: the plan holds no tasks"),
        (TASK.format("<Name>A</Name>"), "2:1: no task of the plan has its dates"),
        (
            TASK.format(
                DAYS + "<ActualStart>2027-01-06T08:00:00</ActualStart>"
                "<ActualFinish>2027-01-05T17:00:00</ActualFinish>"
            ),
            "2:1: the plan ends (2027-01-05) before it starts (2027-01-06)",
        ),
        (  # a milestone without a date, where it is
            TASK.format(DAYS)
            + TASK.replace("1</UID>", "2</UID>").format("<Milestone>1</Milestone>"),
            "2:187: due: expected a date like 2027-01-04, got None",
        ),
    ],
)
def test_a_plan_the_project_could_not_take_is_refused_in_one_line(
    tmp_path: Path, tasks: str, message: str
) -> None:
    path = tmp_path / "p.xml"
    path.write_text(HEAD + tasks + "</Tasks></Project>")
    with pytest.raises(InvalidFile) as exc:
        read_plan(path)
    assert str(exc.value).startswith(f"{path}:{message}")


def test_without_durations_the_percent_is_the_summary_tasks_else_the_tasks_mean(
    tmp_path: Path,
) -> None:
    two = TASK.format(DAYS + "<PercentComplete>20</PercentComplete>") + TASK.replace(
        "<UID>1", "<UID>2"
    ).format(DAYS + "<PercentComplete>60</PercentComplete>")
    path = tmp_path / "p.xml"
    path.write_text(HEAD + two + "</Tasks></Project>")
    assert read_plan(path).percent_complete == 40
    summary = (
        "<Task><UID>0</UID><OutlineLevel>0</OutlineLevel>"
        "<PercentComplete>35</PercentComplete></Task>"
    )
    path.write_text(HEAD + summary + two + "</Tasks></Project>")
    assert read_plan(path).percent_complete == 35


# --- the changes: the rules ------------------------------------------------------------------


def test_the_changes_are_listed_against_the_snapshot_and_unknown_milestones_not_added(
    database,  # type: ignore[no-untyped-def]
) -> None:
    load(database, GLOBAL_LAUNCH)
    found = services.plan_changes(glx(database), project="DE-REG", path=PLAN)
    assert list(map(str, found.changes)) == SHOWN
    # the dossier was done on the same day in both: nothing to change; the audit is not in GLX
    assert [m.name for m in found.not_matched] == ["Notified body audit"]
    assert found.notes()[0] == (
        f"not matched: the plan's milestone 'Notified body audit' (due 2027-04-09, "
        f"{PLAN}:56:5) is not in DE-REG; not added"
    )
    assert glx(database) == glx(database)  # and nothing was written: the plan is read only
    assert stamp(database) == 1  # the import, alone in the trail


def plan(**kw: object) -> Plan:
    base = Plan(
        file="p.xml",
        name="P",
        start=date(2027, 1, 4),
        finish=date(2027, 3, 26),
        status="active",
        actual_start=date(2027, 1, 6),
        actual_end=None,
        percent_complete=30.0,
        actual_cost=None,
        milestones=(),
    )
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


PROJECT = d.Project(
    key="A",
    name="A",
    start=date(2027, 1, 4),
    end=date(2027, 3, 19),
    status="approved",
    actual_cost=500.0,
    milestones=(
        d.Milestone("Kick-off", date(2027, 1, 4), date(2027, 1, 4)),
        d.Milestone("Design  Review", date(2027, 2, 1)),
        d.Milestone("Handover", date(2027, 3, 19)),
        d.Milestone("Twice", date(2027, 3, 1)),
    ),
)


def changed(p: d.Project, pl: Plan) -> dict[tuple[str, str], object]:
    return {(c.entity, c.field): c.new for c in compare("X", p, pl).changes}


def test_started_in_the_plan_moves_the_project_to_active_with_its_actual_start() -> None:
    assert changed(PROJECT, plan()) == {
        ("project:A", "status"): "active",
        ("project:A", "actual_start"): date(2027, 1, 6),
        ("project:A", "percent_complete"): 30.0,
        ("project:A", "reported_end"): date(2027, 3, 26),
    }  # no cost spent in the plan: progtui's 500 stays


def test_done_in_the_plan_records_the_actual_end_and_100_percent() -> None:
    done = plan(status="done", actual_end=date(2027, 3, 12), percent_complete=98.0, actual_cost=0.5)
    assert changed(PROJECT, done) == {
        ("project:A", "status"): "done",
        ("project:A", "actual_start"): date(2027, 1, 6),
        ("project:A", "actual_end"): date(2027, 3, 12),
        ("project:A", "percent_complete"): 100.0,
        ("project:A", "actual_cost"): 0.5,
        ("project:A", "reported_end"): date(2027, 3, 26),
    }


def test_progress_is_never_taken_back_and_approval_and_holds_stay_the_programs_decisions() -> None:
    active = dataclasses.replace(
        PROJECT, status="active", actual_start=date(2027, 1, 5), percent_complete=40
    )
    not_started = compare("X", active, plan(status="approved", actual_start=None))
    assert {c.field for c in not_started.changes} == {"percent_complete", "reported_end"}
    assert not_started.kept == (
        "status active and its actual dates (the plan shows it not started): "
        "sync never takes progress back",
    )
    held = compare("X", dataclasses.replace(active, status="on_hold"), plan())
    assert {(c.field, c.new) for c in held.changes} >= {("actual_start", date(2027, 1, 6))}
    assert "status" not in {c.field for c in held.changes}
    assert held.kept == (
        "status on_hold (the plan shows it started on 2027-01-06): put it back first",
    )
    proposed = compare("X", dataclasses.replace(PROJECT, status="proposed"), plan())
    assert "status" not in {c.field for c in proposed.changes}
    assert {(c.field, c.new) for c in proposed.changes} >= {("actual_start", date(2027, 1, 6))}
    assert proposed.kept == (
        "status proposed (the plan shows it started on 2027-01-06): approve it first",
    )


def test_milestones_match_by_name_then_regardless_of_case_and_spaces() -> None:
    ms = (
        PlanMilestone("Kick-off", date(2027, 1, 5), date(2027, 1, 5), 1, 1),  # done: due stays
        PlanMilestone("design review", date(2027, 2, 8), None, 2, 1),
        PlanMilestone("Twice", date(2027, 3, 2), None, 3, 1),
        PlanMilestone("Twice", date(2027, 3, 3), None, 4, 1),
        PlanMilestone("Go-live", date(2027, 3, 26), None, 5, 1),
    )
    found = compare("X", PROJECT, plan(milestones=ms))
    assert [str(c) for c in found.changes if c.entity.startswith("milestone")] == [
        "milestone:A/Kick-off done: 2027-01-04 → 2027-01-05",
        "milestone:A/Design  Review due: 2027-02-01 → 2027-02-08",
    ]
    assert [m.name for m in found.not_matched] == ["Go-live"]
    assert found.not_in_plan == ("Handover",)
    assert found.kept == ("milestone 'Twice': its name is in the plan more than once",)


def test_a_milestone_done_in_progtui_but_not_in_the_plan_stays_done() -> None:
    ms = (PlanMilestone("Kick-off", date(2027, 1, 20), None, 1, 1),)
    found = compare("X", PROJECT, plan(milestones=ms))
    assert not [c for c in found.changes if c.entity.startswith("milestone")]
    assert "milestone 'Kick-off' done on 2027-01-04 (not done in the plan)" in found.kept


def test_an_unknown_or_cancelled_project_is_refused(database) -> None:  # type: ignore[no-untyped-def]
    load(database, GLOBAL_LAUNCH)
    with pytest.raises(NotFound, match=r"no project 'DE-RG' in program GLX \(did you mean"):
        services.plan_changes(glx(database), project="DE-RG", path=PLAN)
    with pytest.raises(Refused, match="ES-TV is cancelled: a cancelled project is not synced"):
        services.plan_changes(glx(database), project="ES-TV", path=PLAN)


# --- saving: one batch, undone as a whole; refused when stale ---------------------------------


def test_the_sync_is_one_audited_batch_that_undo_takes_back(database) -> None:  # type: ignore[no-untyped-def]
    load(database, GLOBAL_LAUNCH)
    before, seen = glx(database), stamp(database)
    found = services.plan_changes(before, project="DE-REG", path=PLAN)
    with database.write() as s:
        services.sync_project(s, changes=found, seen=seen)
    p = de_reg(database)
    assert (p.actual_start, p.percent_complete, p.actual_cost, p.reported_end) == (
        date(2027, 1, 5),
        46.32,
        54000.0,
        date(2027, 5, 14),
    )
    assert [(m.name, m.due) for m in p.milestones][1:] == [
        ("Regulator questions answered", date(2027, 3, 12)),
        ("Approval granted", date(2027, 5, 14)),
    ]
    with database.read() as s:
        rows = services.changes(s, program="GLX", after=seen)
    assert [f"{r.entity} {r.field}: {r.old or '–'} → {r.new or '–'}" for r in rows] == SHOWN
    assert len({r.batch for r in rows}) == 1
    with database.write() as s:
        undone = history.undo(s, program="GLX")
    assert undone.changes == 6
    assert glx(database) == before


def test_a_save_after_another_account_changed_the_project_is_refused_saying_who(
    database,  # type: ignore[no-untyped-def]
) -> None:
    load(database, GLOBAL_LAUNCH)
    snapshot, seen = glx(database), stamp(database)
    found = services.plan_changes(snapshot, project="DE-REG", path=PLAN)
    identity.set_user("bob")
    with database.write() as s:  # a milestone's name is enough: it is the project's
        editing.edit(
            s,
            program="GLX",
            kind="milestone",
            key="DE-REG/Dossier submitted",
            values={"done": "2027-01-28"},
        )
    identity.set_user(None)
    after_bob = glx(database)
    with pytest.raises(Refused) as exc, database.write() as s:
        services.sync_project(s, changes=found, seen=seen)
    assert str(exc.value).startswith(
        "not saved: bob changed milestone:DE-REG/Dossier submitted done at "
    )
    assert str(exc.value).endswith("since the changes were listed; nothing was written, sync again")
    assert glx(database) == after_bob


def test_a_value_changed_since_it_was_listed_refuses_the_save(database) -> None:  # type: ignore[no-untyped-def]
    """By the same account (another window): the audit would lie about the old value."""
    load(database, GLOBAL_LAUNCH)
    snapshot, seen = glx(database), stamp(database)
    found = services.plan_changes(snapshot, project="DE-REG", path=PLAN)
    with database.write() as s:
        services.set_percent(s, program="GLX", project="DE-REG", percent=50)
    refused = pytest.raises(Refused, match="percent_complete is 50 now, not 45 as listed")
    with refused, database.write() as s:
        services.sync_project(s, changes=found, seen=seen)
    assert de_reg(database).percent_complete == 50


def test_the_reported_finish_goes_out_to_yaml_and_comes_back(database) -> None:  # type: ignore[no-untyped-def]
    from progtui.interchange import dump_program, read_program_text

    load(database, GLOBAL_LAUNCH)
    found = services.plan_changes(glx(database), project="DE-REG", path=PLAN)
    with database.write() as s:
        services.sync_project(s, changes=found, seen=None)
    text = dump_program(glx(database))
    assert "    reported_end: 2027-05-14\n" in text
    assert read_program_text("glx.yaml", text) == glx(database)
