"""n, e, delete, u and ctrl+r driven by their keys, asserted on the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from conftest import GLOBAL_LAUNCH, TODAY, _db, settled
from progtui import identity, services
from progtui.app.app import ProgtuiApp
from progtui.app.dialogs.choose import Choose, Confirm
from progtui.app.dialogs.form import Form
from progtui.services import editing


async def typed(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press(*("space" if c == " " else c for c in text))


async def fill(pilot, *values: str) -> None:  # type: ignore[no-untyped-def]
    """Type each value into the form's next field (enter moves on; after the last, saves)."""
    for value in values:
        await typed(pilot, value)
        await pilot.press("enter")
    await settled(pilot)


def risk(db, key: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return editing.form_values(s, program="GLX", kind="risk", key=key)


async def test_n_adds_a_risk_through_a_form_that_refuses_as_the_file_would(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4", "n")
        await settled(pilot)
        assert isinstance(app.screen, Form)
        await fill(pilot, "R9", "Courier strike", "9", "4", "alice", "", "", "", "FR-PKG")
        assert isinstance(app.screen, Form)  # refused: still open, with what was typed
        error = str(app.screen.query_one("#error", Static).content)
        assert error == "probability should be less than or equal to 5, got 9"
        assert app.screen.focused is app.screen.query_one("#f-probability", Input)
        await pilot.press("backspace", "2", "ctrl+s")
        await settled(pilot)
        assert not isinstance(app.screen, Form)
        assert risk(db, "R9") == {
            "key": "R9",
            "title": "Courier strike",
            "probability": "2",
            "impact": "4",
            "owner": "alice",
            "status": "open",
            "mitigation": "",
            "due": "",
            "projects": "FR-PKG",
        }
        assert app.query_one("#risks-table").current_key == "R9"  # the new one is selected


async def test_e_edits_the_selected_project_and_escape_changes_nothing(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "e")  # DE-REG, the first
        await settled(pilot)
        form = app.screen
        assert isinstance(form, Form)
        assert form.query_one("#f-key", Input).disabled  # the key cannot change
        assert form.query_one("#f-name", Input).value == "Germany regulatory approval"
        await typed(pilot, " (BfArM)")
        await pilot.press("escape")
        await settled(pilot)
        with db.read() as s:
            assert (
                editing.form_values(s, program="GLX", kind="project", key="DE-REG")["name"]
                == "Germany regulatory approval"
            )
        await pilot.press("e")
        await settled(pilot)
        await typed(pilot, " (BfArM)")
        await pilot.press("ctrl+s")
        await settled(pilot)
        with db.read() as s:
            assert (
                editing.form_values(s, program="GLX", kind="project", key="DE-REG")["name"]
                == "Germany regulatory approval (BfArM)"
            )
        assert app.loaded.data.projects[0].name.endswith("(BfArM)")  # reloaded at once


async def test_delete_asks_which_and_confirms(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)

    def milestones() -> list[str]:
        with db.read() as s:
            p = services.export_program(s, program="GLX").projects[0]
        return [m.name for m in p.milestones]

    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("delete")  # DE-REG: three milestones and two allocations
        await settled(pilot)
        assert isinstance(app.screen, Choose)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")
        await settled(pilot)
        assert len(milestones()) == 3
        await pilot.press("delete", "down", "enter", "y")
        await settled(pilot)
        assert milestones() == ["Dossier submitted", "Approval granted"]
        await pilot.press("4", "delete")  # a risk: straight to the confirmation
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settled(pilot)
        with db.read() as s:
            assert "R2" not in {r.key for r in services.export_program(s, program="GLX").risks}


async def test_u_undoes_and_ctrl_r_redoes_and_a_conflict_names_who(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "J")  # DE-REG to rank 2
        await settled(pilot)
        assert [k for k in app.query_one("#projects-table").keys[:2]] == ["EU-SUP", "DE-REG"]
        await pilot.press("u")
        await settled(pilot)
        assert app.query_one("#projects-table").keys[:2] == ["DE-REG", "EU-SUP"]
        await pilot.press("ctrl+r")
        await settled(pilot)
        assert app.query_one("#projects-table").keys[:2] == ["EU-SUP", "DE-REG"]
        identity.set_user("bob")
        with db.write() as s:
            services.move(s, program="GLX", project="FR-REG", rank=1)
        identity.set_user(None)
        notes: list[str] = []
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        await pilot.press("u")
        await settled(pilot)
        assert notes[0].startswith("cannot undo: the order of projects was changed by bob at ")
        assert notes[1] == "bob changed project:FR-REG rank: 3 → 1"  # and the screen shows it


async def test_other_sessions_changes_show_within_two_seconds_keeping_the_selection(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import time

    from conftest import load
    from progtui.app.widgets.status_line import StatusLine
    from progtui.store.engine import open_database

    mine = open_database(db_url)
    load(mine, GLOBAL_LAUNCH)
    theirs = open_database(db_url)  # another process, as far as the database can tell
    app = ProgtuiApp(mine, today=TODAY)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        await pilot.press("2", "down", "down", "down")  # FR-PKG
        projects = app.query_one("#projects-table")
        assert projects.current_key == "FR-PKG"
        identity.set_user("bob")
        with theirs.write() as s:
            services.move(s, program="GLX", project="IT-REG", rank=1)
        start = time.monotonic()
        while projects.keys[0] != "IT-REG" and time.monotonic() - start < 2:
            await asyncio.sleep(0.05)
        assert projects.keys[0] == "IT-REG", "not shown within 2 s"
        await settled(pilot)
        assert projects.current_key == "FR-PKG"  # the selection stays on the project
        status = app.query_one(StatusLine).text  # who changed what last, and when
        assert "✎ bob " in status and status.endswith("project:IT-REG rank")
        assert notes == ["bob changed project:IT-REG rank: 12 → 1"]
    theirs.dispose()
    mine.dispose()


async def test_a_save_based_on_a_stale_screen_is_refused_naming_who(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bob changes DE-REG between ann's screen load and her keypress (the poll has not run):
    ann's change is refused, nothing of it is written, bob's stays, and the screen reloads."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        monkeypatch.setattr(app.watcher, "changed", lambda: False)  # bob's commit: just now
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        identity.set_user("bob")
        with db.write() as s:
            services.set_percent(s, program="GLX", project="DE-REG", percent=80)
        identity.set_user("ann")
        await pilot.press("2", "percent_sign")
        await pilot.press("9", "0", "enter")  # ann types 90 over the 45 proposed
        await settled(pilot)
        said = str(app.screen.query_one("#error", Static).content)
        assert said.startswith("not saved: bob changed project:DE-REG at ")  # in the prompt
        assert app.screen.query_one(Input).value == "90"  # what ann typed is kept
        with db.read() as s:
            assert services.export_program(s, program="GLX").projects[0].percent_complete == 80
        assert app.loaded.data.projects[0].percent_complete == 80  # reloaded
        await pilot.press("enter")
        await settled(pilot)  # now knowing bob's change: saved
        with db.read() as s:
            assert services.export_program(s, program="GLX").projects[0].percent_complete == 90


async def test_a_burst_of_typing_lands_in_the_right_fields(tmp_path: Path) -> None:
    """Keys typed into a form (or sent by tmux) faster than the app handles them: every enter
    moves on before the next character is read."""
    from textual import events

    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("2", "n")
        await settled(pilot)
        burst = "NEW-1\rRocket [bold]x[/] \\ 🚀\ralice\r2027-01-04\r2027-06-30\r1000\r"
        for char in burst:  # all queued at once, as a terminal's read delivers them
            key = {
                "\r": "enter",
                " ": "space",
                "[": "left_square_bracket",
                "]": "right_square_bracket",
                "/": "slash",
                "\\": "backslash",
                "-": "minus",
            }.get(char, char)
            event = events.Key(key, char)
            event.set_sender(app)
            app.post_message(event)
        await settled(pilot)
        assert not isinstance(app.screen, Form)
        with db.read() as s:
            got = editing.form_values(s, program="GLX", kind="project", key="NEW-1")
        assert (got["name"], got["manager"], got["start"], got["end"], got["budget"]) == (
            "Rocket [bold]x[/] \\ 🚀",
            "alice",
            "2027-01-04",
            "2027-06-30",
            "1000",
        )


async def test_e_on_a_project_edits_its_predecessors(tmp_path: Path) -> None:
    """The project form holds depends_on as typed ("DE-PKG, EU-SUP:SS+5"): changed there,
    the links are made so in the same save, audited and undone with it."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "e")  # DE-REG
        await settled(pilot)
        field = app.screen.query_one("#f-depends_on", Input)
        assert field.value == "DE-PKG, EU-SUP:SS+5"
        field.value = "DE-PKG:FS+2"
        await pilot.press("ctrl+s")
        await settled(pilot)
        with db.read() as s:
            deps = services.load_program(s, program="GLX").projects[0].depends_on
        assert [(x.project, x.type, x.lag) for x in deps] == [("DE-PKG", "FS", 2)]
        await pilot.press("u")
        await settled(pilot)
        with db.read() as s:
            deps = services.load_program(s, program="GLX").projects[0].depends_on
        assert {(x.project, x.type, x.lag) for x in deps} == {
            ("DE-PKG", "FS", 0),
            ("EU-SUP", "SS", 5),
        }
    db.dispose()
