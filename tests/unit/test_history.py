"""Adding, editing and deleting entities; undo and redo; replaying the audit trail."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conftest import GLOBAL_LAUNCH, cli, load, replayed
from progtui import identity, services
from progtui.errors import NotFound, Refused
from progtui.interchange.yaml.writer import dump_program
from progtui.services import editing, history

TODAY = date(2027, 3, 15)
PLAN = Path(__file__).parent.parent / "data" / "mspdi" / "de-reg-plan.xml"  # DE-REG's plan


@pytest.fixture
def glx(database):  # type: ignore[no-untyped-def]
    load(database, GLOBAL_LAUNCH)
    return database


def export(db) -> str:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return dump_program(services.export_program(s, program="GLX"))


def as_user(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    identity.set_user(name)


def run(db, change) -> Any:  # type: ignore[no-untyped-def]
    with db.write() as s:
        return change(s)


# One of every kind of change a user can make, as (description, change).
EVERY_CHANGE = [
    ("move", lambda s: services.move(s, program="GLX", project="ES-DIG", rank=1)),
    (
        "allocate",
        lambda s: services.allocate(s, program="GLX", person="alice", project="ES-REG", fte=0.2),
    ),
    (
        "reallocate",
        lambda s: services.reallocate(
            s,
            program="GLX",
            person="alice",
            from_project="DE-REG",
            to_project="FR-PKG",
            fte=0.3,
            today=TODAY,
        ),
    ),
    (
        "hold",
        lambda s: services.set_status(
            s, program="GLX", project="FR-PKG", status="on_hold", on=TODAY
        ),
    ),
    ("percent", lambda s: services.set_percent(s, program="GLX", project="DE-REG", percent=55)),
    ("cost", lambda s: services.set_actual_cost(s, program="GLX", project="DE-REG", amount=123456)),
    (
        "risk",
        lambda s: services.update_risk(
            s, program="GLX", risk="R1", probability=5, status="open", mitigation=""
        ),
    ),
    (
        "decide",
        lambda s: services.decide(s, program="GLX", text="Go with plan B", about=("DE-REG", "R1")),
    ),
    (
        "add risk",
        lambda s: editing.add(
            s,
            program="GLX",
            kind="risk",
            values={
                "key": "R9",
                "title": "[bold]x[/] \\ 🚀",
                "probability": "2",
                "impact": "4",
                "projects": "FR-PKG, DE-REG",
                "owner": "alice",
            },
        ),
    ),
    (
        "edit risk",
        lambda s: editing.edit(
            s,
            program="GLX",
            kind="risk",
            key="R9",
            values={"projects": "ES-REG", "due": "2027-06-30"},
        ),
    ),
    (
        "add person",
        lambda s: editing.add(
            s,
            program="GLX",
            kind="person",
            values={"key": "zoe", "name": "Zoë Ng", "capacity": "0.8"},
        ),
    ),
    (
        "add project",
        lambda s: editing.add(
            s,
            program="GLX",
            kind="project",
            values={
                "key": "NL-REG",
                "name": "Netherlands approval",
                "manager": "zoe",
                "start": "2027-04-01",
                "end": "2027-09-30",
                "budget": "90000",
            },
        ),
    ),
    (
        "edit project",
        lambda s: editing.edit(
            s,
            program="GLX",
            kind="project",
            key="DE-REG",
            values={"end": "2027-08-31", "budget": ""},
        ),
    ),
    (
        "sync from a project manager's plan",  # its status, actuals, milestones: one batch
        lambda s: services.sync_project(
            s,
            changes=services.plan_changes(
                services.load_program(s, program="GLX"), project="DE-REG", path=PLAN
            ),
            seen=None,
        ),
    ),
    (
        "delete milestone",
        lambda s: editing.remove_entity(
            s, program="GLX", kind="milestone", key="DE-REG/Approval granted"
        ),
    ),
    ("delete risk", lambda s: editing.remove_entity(s, program="GLX", kind="risk", key="R2")),
    (
        "add milestone",
        lambda s: editing.add(
            s,
            program="GLX",
            kind="milestone",
            parent="NL-REG",
            values={"name": "Filed", "due": "2027-05-03"},
        ),
    ),
]


def test_every_change_undoes_to_the_state_before_and_redoes_to_the_state_after(glx) -> None:  # type: ignore[no-untyped-def]
    states = [export(glx)]
    for _, change in EVERY_CHANGE:
        run(glx, change)
        states.append(export(glx))
    assert len(set(states)) == len(states)  # every change changed something
    for before in reversed(states[:-1]):
        run(glx, lambda s: history.undo(s, program="GLX"))
        assert export(glx) == before
    with pytest.raises(Refused, match="nothing of yours to undo in GLX"):
        run(glx, lambda s: history.undo(s, program="GLX"))
    for after in states[1:]:
        run(glx, lambda s: history.redo(s, program="GLX"))
        assert export(glx) == after
    with pytest.raises(Refused, match="nothing of yours to redo in GLX"):
        run(glx, lambda s: history.redo(s, program="GLX"))


def test_undo_and_redo_are_audited_changes(glx) -> None:  # type: ignore[no-untyped-def]
    run(glx, EVERY_CHANGE[3][1])  # FR-PKG on hold: status and held_status in one batch
    run(glx, lambda s: history.undo(s, program="GLX"))
    with glx.read() as s:
        rows = services.changes(s, program="GLX")[1:]
    assert [(r.action, r.field, r.old, r.new) for r in rows] == [
        ("do", "status", "active", "on_hold"),
        ("do", "held_status", None, "active"),
        ("undo", "held_status", "active", None),
        ("undo", "status", "on_hold", "active"),
    ]
    assert len({r.batch for r in rows}) == 2


def test_a_new_change_clears_what_could_be_redone(glx) -> None:  # type: ignore[no-untyped-def]
    run(glx, EVERY_CHANGE[0][1])
    run(glx, lambda s: history.undo(s, program="GLX"))
    run(glx, EVERY_CHANGE[4][1])
    with pytest.raises(Refused, match="nothing of yours to redo"):
        run(glx, lambda s: history.redo(s, program="GLX"))


def test_undo_after_someone_else_changed_the_field_is_refused_naming_them(
    glx, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "ann")
    run(glx, lambda s: services.set_percent(s, program="GLX", project="DE-REG", percent=50))
    as_user(monkeypatch, "bob")
    run(glx, lambda s: services.set_percent(s, program="GLX", project="DE-REG", percent=60))
    as_user(monkeypatch, "ann")
    before = export(glx)
    with pytest.raises(
        Refused,
        match=r"cannot undo: DE-REG % complete was "
        r"changed by bob at \d{4}-\d\d-\d\d \d\d:\d\d since",
    ):
        run(glx, lambda s: history.undo(s, program="GLX"))
    assert export(glx) == before
    # bob's own change is his to undo; then ann's is the one in effect again
    as_user(monkeypatch, "bob")
    run(glx, lambda s: history.undo(s, program="GLX"))
    assert "percent_complete: 50" in export(glx)


def test_undo_of_a_move_after_someone_else_reordered_is_refused(
    glx, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "ann")
    run(glx, lambda s: services.move(s, program="GLX", project="ES-DIG", rank=1))
    as_user(monkeypatch, "bob")
    run(glx, lambda s: services.move(s, program="GLX", project="IT-REG", rank=1))
    as_user(monkeypatch, "ann")
    with pytest.raises(Refused, match="cannot undo: the order of projects was changed by bob"):
        run(glx, lambda s: history.undo(s, program="GLX"))


def test_other_peoples_changes_are_not_mine_to_undo(glx, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "bob")
    run(glx, EVERY_CHANGE[4][1])
    as_user(monkeypatch, "ann")
    with pytest.raises(Refused, match="nothing of yours to undo"):
        run(glx, lambda s: history.undo(s, program="GLX"))


def test_replaying_the_log_on_an_earlier_export_gives_the_final_state(
    glx, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    earlier = export(glx)
    with glx.read() as s:
        mark = services.changes(s, program="GLX")[-1].id
    for i, (_, change) in enumerate(EVERY_CHANGE):
        as_user(monkeypatch, "ann" if i % 2 else "bob")
        run(glx, change)
    as_user(monkeypatch, "bob")
    run(glx, lambda s: history.undo(s, program="GLX"))
    run(glx, lambda s: history.undo(s, program="GLX"))
    run(glx, lambda s: history.redo(s, program="GLX"))
    final = export(glx)
    with glx.read() as s:
        log = services.changes(s, program="GLX", after=mark)

    assert dump_program(replayed(tmp_path, earlier, log)) == final


# --- forms: as strict as the YAML ------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        (
            "risk",
            {"key": "R 9", "title": "x", "probability": "2", "impact": "2"},
            "key may only hold letters, digits, '-' and '_', got 'R 9'",
        ),
        (
            "risk",
            {"key": "R9", "title": "x", "probability": "6", "impact": "2"},
            "probability should be less than or equal to 5, got 6",
        ),
        (
            "risk",
            {"key": "R9", "title": "x", "probability": "2.5", "impact": "2"},
            "probability should be a valid integer, got 2.5",
        ),
        (
            "risk",
            {"key": "R9", "title": "x", "probability": "2"},
            "risk is missing required field 'impact'",
        ),
        (
            "risk",
            {"key": "R9", "title": "x", "probability": "2", "impact": "2", "status": "opn"},
            "status should be 'open', 'mitigating', 'closed' or 'occurred', got 'opn' "
            "(did you mean 'open'?)",
        ),
        (
            "risk",
            {"key": "R1", "title": "x", "probability": "2", "impact": "2"},
            "there is already a risk 'R1' in this program",
        ),
        (
            "risk",
            {"key": "R9", "title": "x", "probability": "2", "impact": "2", "projects": "DE-RGE"},
            "projects: unknown project 'DE-RGE' (did you mean 'DE-REG'?)",
        ),
        (
            "risk",
            {"key": "R9", "title": "x", "probability": "2", "impact": "2", "owner": "alicia"},
            "owner: unknown person 'alicia' (did you mean 'alice'?)",
        ),
        (
            "project",
            {"key": "NL", "name": "x", "start": "2027-05-01", "end": "2027-04-01"},
            "end 2027-04-01 is before start 2027-05-01",
        ),
        (
            "project",
            {"key": "NL", "name": "x", "start": "2027-02-30", "end": "2027-04-01"},
            "start: '2027-02-30' is not a valid date (day is out of range for month)",
        ),
        (
            "project",
            {"key": "NL", "name": "  ", "start": "2027-02-01", "end": "2027-04-01"},
            "project is missing required field 'name'",
        ),
        (
            "project",
            {"key": "NL", "name": "x", "start": "2027-02-01", "end": "2027-04-01", "budget": "-5"},
            "budget should be greater than or equal to 0, got -5",
        ),
        (
            "project",
            {"key": "NL", "name": "x", "start": "2027-02-01", "end": "2027-04-01", "rank": "1"},
            "project has no field 'rank' (fields: key, name, manager, start, end, budget)",
        ),
        (
            "person",
            {"key": "zoe", "name": "Zoë", "capacity": "lots"},
            "capacity should be a valid number, got 'lots'",
        ),
    ],
)
def test_a_form_is_refused_as_the_file_would_be(
    glx, kind: str, values: dict[str, str], message: str
) -> None:  # type: ignore[no-untyped-def]
    before = export(glx)
    with pytest.raises(Refused) as exc:
        run(glx, lambda s: editing.add(s, program="GLX", kind=kind, values=values))
    assert str(exc.value) == message
    assert export(glx) == before


def test_text_fields_are_taken_literally(glx) -> None:  # type: ignore[no-untyped-def]
    run(
        glx,
        lambda s: editing.add(
            s,
            program="GLX",
            kind="person",
            values={"key": "no", "name": "NO", "role": "2027-01-01 [b]\x1b]0;pwned\x07"},
        ),
    )
    with glx.read() as s:
        got = editing.form_values(s, program="GLX", kind="person", key="no")
    assert got == {
        "key": "no",
        "name": "NO",
        "role": "2027-01-01 [b]]0;pwned",
        "capacity": "1",
        "cost_rate": "",
    }


def test_new_project_is_proposed_and_ranked_last(glx) -> None:  # type: ignore[no-untyped-def]
    run(
        glx,
        lambda s: editing.add(
            s,
            program="GLX",
            kind="project",
            values={"key": "NL-REG", "name": "NL", "start": "2027-04-01", "end": "2027-09-30"},
        ),
    )
    with glx.read() as s:
        last = services.export_program(s, program="GLX").projects[-1]
    assert (last.key, last.rank, last.status) == ("NL-REG", 16, "proposed")


def test_edit_keeps_the_key_and_audits_each_field(glx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused, match="the key of a risk cannot change"):
        run(
            glx,
            lambda s: editing.edit(s, program="GLX", kind="risk", key="R1", values={"key": "R7"}),
        )
    changed = run(
        glx,
        lambda s: editing.edit(
            s,
            program="GLX",
            kind="risk",
            key="R1",
            values={"impact": "2", "title": "Regulator backlog"},
        ),
    )
    assert changed == {
        "title": ("Regulator backlog delays German approval", "Regulator backlog"),
        "impact": ("4", "2"),
    }
    assert (
        run(
            glx,
            lambda s: editing.edit(s, program="GLX", kind="risk", key="R1", values={"impact": "2"}),
        )
        == {}
    )


def test_projects_are_cancelled_not_deleted(glx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused, match="projects are cancelled, not deleted"):
        run(glx, lambda s: editing.remove_entity(s, program="GLX", kind="project", key="DE-REG"))
    with pytest.raises(NotFound, match="no milestone 'DE-REG/Nope' in this program"):
        run(
            glx,
            lambda s: editing.remove_entity(s, program="GLX", kind="milestone", key="DE-REG/Nope"),
        )


def test_command_line_add_edit_delete_undo_redo(glx, db_url: str) -> None:  # type: ignore[no-untyped-def]
    db = ("--db", db_url)
    r = cli(
        *db,
        "add",
        "GLX",
        "risk",
        "key=R9",
        "title=Courier strike",
        "probability=2",
        "impact=4",
        "projects=FR-PKG",
    )
    assert (r.code, r.out, r.err) == (0, "added risk R9\n", "")
    r = cli(*db, "edit", "GLX", "risk", "R9", "probability=9")
    assert (r.code, r.err) == (1, "progtui: probability should be less than or equal to 5, got 9\n")
    r = cli(*db, "edit", "GLX", "risk", "R9", "probability=3")
    assert r.out == "R9 probability: 2 -> 3\n"
    r = cli(*db, "delete", "GLX", "milestone", "DE-REG/Approval granted")
    assert r.out == "deleted milestone DE-REG/Approval granted\n"
    r = cli(*db, "undo", "GLX")
    assert r.out == "Undo: restored milestone DE-REG/Approval granted\n"
    r = cli(*db, "undo", "GLX")
    assert r.out == "Undo: risk R9 probability back to 2\n"
    r = cli(*db, "redo", "GLX")
    assert r.out == "Redo: risk R9 probability to 3 again\n"
    assert "probability: 3" in cli(*db, "export", "GLX").out
    r = cli(*db, "add", "GLX", "risk", "title")
    assert (r.code, r.err) == (1, "progtui: 'title' should be FIELD=VALUE, like name='New name'\n")


@pytest.mark.parametrize(
    "fields,message",
    [
        (
            ["project", "key=Z1", "name=Z1", "name=Other", "start=2027-01-04", "end=2027-01-08"],
            "field 'name' is given twice (name=Z1, then name=Other)",
        ),
        (
            ["risk", "key=R9", "title=T", "probability=1", "impact=1", "projects=DE-REG,DE-REG"],
            "projects: duplicate 'DE-REG'",
        ),
        (
            ["milestone", "name=M", "due=2027-03-01"],
            "a milestone needs its project (--project KEY)",
        ),
    ],
)
def test_add_refuses_repeats_and_a_milestone_without_its_project(
    glx, db_url: str, fields: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    """name=Z1 name=Other kept the last, projects=A,A ended in a database error, and a missing
    --project said "no project 'None'"."""
    before = export(glx)
    r = cli("--db", db_url, "add", "GLX", *fields)
    assert (r.code, r.err) == (1, f"progtui: {message}\n")
    assert export(glx) == before
