"""Keys and prompts as a program manager expects them in a meeting: s offers the safe answer
first and confirms closing a project, q never ends a meeting (or a typed form) unrecorded,
prompts show the current value, closed sets are pick lists, keys typed ahead reach the dialog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import platformdirs
from textual import events
from textual.widgets import Input, Label, Static

from conftest import GLOBAL_LAUNCH, TODAY, _db, capture_notes, settled
from progtui import services
from progtui.app.app import ProgtuiApp
from progtui.app.dialogs.ask import Ask
from progtui.app.dialogs.choose import Confirm, Pick
from progtui.app.dialogs.form import Form
from progtui.app.dialogs.leave import Leave
from progtui.app.widgets.pick import MultiPickField, PickField

KEYS = {" ": "space", "%": "percent_sign", "$": "dollar_sign", "\r": "enter", "-": "minus"}


def burst(app: ProgtuiApp, *keys: str) -> None:
    """Keys (names, or characters) all queued at once, as a terminal's read delivers them."""
    for key in keys:
        name = KEYS.get(key, key)
        char = key if len(key) == 1 else {"space": " ", "enter": "\r"}.get(key)
        event = events.Key(name, char)
        event.set_sender(app)
        app.post_message(event)


def project(db: Any, key: str = "DE-REG") -> Any:
    with db.read() as s:
        return next(p for p in services.export_program(s, program="GLX").projects if p.key == key)


def said(app: ProgtuiApp) -> str:
    return str(app.screen.query_one("#error", Static).content)


# --- 3. s ------------------------------------------------------------------------------------


async def test_s_offers_keeping_the_status_first_then_lifecycle_order(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "s")  # DE-REG is active
        assert isinstance(app.screen, Pick)
        picker = app.screen.query_one(PickField)
        assert [v for v, _ in picker.shown] == ["active", "on_hold", "done", "cancelled"]
        assert picker.highlighted() == "active"  # the safe answer is lit, never done
        await pilot.press("enter")
        await settled(pilot)
        assert not isinstance(app.screen, Pick)
        assert project(db).status == "active"  # enter alone changed nothing


async def test_a_closing_status_asks_to_confirm_naming_what_it_changes(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "s", *"done", "enter")
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == (
            "Close DE-REG as done at 100 % (now 45 %) on 2027-03-15 with 2 open milestones "
            "(1 overdue)?"
        )
        await pilot.press("n")  # no: back to the choice, nothing saved
        assert isinstance(app.screen, Pick)
        assert project(db).status == "active"
        await pilot.press("ctrl+u", *"cancel", "enter")
        assert isinstance(app.screen, Confirm)
        assert app.screen.question == (
            "Close DE-REG as cancelled at 45 % with 2 open milestones (1 overdue) and "
            "2 people allocated?"
        )
        await pilot.press("y")
        await settled(pilot)
        assert app.screen is app.main
        assert project(db).status == "cancelled"


# --- 4. quitting -----------------------------------------------------------------------------


def minutes_written(db: Any) -> bool:
    folder = platformdirs.user_data_path("progtui") / "minutes"
    with db.read() as s:
        try:
            services.minutes_of(s, program="GLX")
        except Exception:
            return False
    return folder.exists() and any(folder.iterdir())


async def test_q_in_a_meeting_asks_to_write_the_minutes_discard_or_stay(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY, triage=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press(*"Dana", "enter")
        await settled(pilot)
        assert app.meeting is not None
        await pilot.press("x", "q")
        assert isinstance(app.screen, Leave)
        n = len(app.meeting.items)
        assert app.screen.question.startswith(f"The triage meeting is on (1 of {n} items")
        assert "w: write the minutes and quit · d: discard the meeting and quit · esc: stay" in (
            app.screen.hint
        )
        await pilot.press("escape")  # stay: the meeting goes on
        assert app.screen is app.main and app.meeting is not None and app.return_code is None
        await pilot.press("q", "w")
        await settled(pilot)
        assert app.return_code == 0  # quit, once the minutes are written
    assert minutes_written(db)


async def test_q_in_a_meeting_then_discard_quits_without_minutes(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY, triage=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press(*"Dana", "enter")
        await settled(pilot)
        await pilot.press("q", "d")
        await settled(pilot)
        assert app.return_code == 0
    assert not minutes_written(db)


async def test_quitting_with_a_typed_form_asks_to_save_discard_or_stay(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "e", "end", *" v2", "ctrl+q")
        assert isinstance(app.screen, Leave)
        assert app.screen.question == "Edit project DE-REG: what you typed is not saved."
        await pilot.press("escape")  # stay: the form is there with what was typed
        assert isinstance(app.screen, Form)
        assert app.screen.query_one("#f-name", Input).value == "Germany regulatory approval v2"
        await pilot.press("ctrl+q", "s")
        await settled(pilot)
        assert app.return_code == 0
    assert project(db).name == "Germany regulatory approval v2"


async def test_quitting_with_an_untouched_form_quits_and_discard_saves_nothing(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "percent_sign", *"99", "ctrl+q", "d")
        await settled(pilot)
        assert app.return_code == 0
    assert project(db).percent_complete == 45
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "e", "ctrl+q")  # nothing typed: nothing to lose
        await settled(pilot)
        assert app.return_code == 0


# --- 13. prompts -----------------------------------------------------------------------------


async def test_prompts_show_and_propose_the_current_value(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        for key, question, value in (
            ("percent_sign", "Percent complete of DE-REG (0-100; now 45 %):", "45"),
            ("dollar_sign", "Actual cost of DE-REG so far (now 52000):", "52000"),
            ("m", "Move DE-REG to rank (1–15; now 1):", "1"),
        ):
            await pilot.press("2", key)
            assert isinstance(app.screen, Ask)
            assert app.screen.query_one(Label).content == question
            assert app.screen.query_one(Input).value == value
            assert app.screen.query_one(Input).selected_text == value  # typing replaces it
            await pilot.press("escape")
        await pilot.press("4", "P")
        assert app.screen.query_one(Label).content == "Probability of R2 (1-5; now 4):"
        await pilot.press("escape", "M")
        assert app.screen.query_one(Input).value.startswith("Legal review")


async def test_closed_sets_are_pick_lists_with_type_ahead(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4", "S", *"mit", "enter")  # risk status: typed ahead, picked
        await settled(pilot)
        await pilot.press("2", "e")
        form = app.screen
        assert isinstance(form.query_one("#p-manager"), PickField)
        await pilot.press("enter", "ctrl+u", *"zzz", "ctrl+s")  # not a person: refused
        await settled(pilot)
        assert said(app) == "manager: 'zzz' is none of the choices"
        await pilot.press("ctrl+u", *"bru", "enter", "ctrl+s")  # bruno, picked by typing
        await settled(pilot)
        assert app.screen is app.main
        await pilot.press("a")  # reallocate: person and projects are pick lists too
        assert {p.id for p in app.screen.query(PickField)} == {"p-person", "p-from", "p-to"}
        labels = [str(x.content) for x in app.screen.query(".name").results(Label)]
        assert labels == ["person", "from project", "to project", "FTE", "from day", "to day"]
    assert project(db).manager == "bruno"
    with db.read() as s:
        r2 = next(r for r in services.export_program(s, program="GLX").risks if r.key == "R2")
    assert r2.status == "mitigating"


async def test_a_risks_projects_are_picked_several_with_type_ahead(tmp_path: Path) -> None:
    """The projects a risk threatens are a pick list of several: what is typed after the
    last comma filters the projects not taken yet, a comma (or enter) takes the lit one;
    a part naming no project is refused by name, and nothing is saved."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4")
        app.query_one("#risks-table").select_key("R2")  # FR-REG, FR-PKG
        await pilot.press("e")
        await settled(pilot)
        picker = app.screen.query_one("#p-projects", MultiPickField)
        assert picker.input.value == "FR-REG, FR-PKG"
        picker.input.focus()
        await pilot.press("end", *", de-r")  # the lit project (and only those not taken)
        await pilot.pause()
        shown = [value for value, _ in picker.shown]
        assert shown == ["DE-REG"]
        await pilot.press(*", it-r")  # the comma took DE-REG
        await pilot.pause()
        assert picker.input.value == "FR-REG, FR-PKG, DE-REG, it-r"
        await pilot.press(*", xx-yy", "ctrl+s")
        await settled(pilot)
        assert said(app) == "projects: 'xx-yy' is none of the choices"
        assert risk_projects(db) == ("FR-REG", "FR-PKG")
        await pilot.press(*["backspace"] * 7)  # ", xx-yy": the comma before it took it-r
        await pilot.press(*", es-r")
        await pilot.pause()
        assert [value for value, _ in picker.shown] == ["ES-REG"]
        await pilot.click("#p-projects OptionList", offset=(2, 0))  # clicked: it joins them
        await pilot.pause()
        assert picker.input.value == "FR-REG, FR-PKG, DE-REG, IT-REG, ES-REG"
        assert app.screen.focused is picker.input  # typing goes on in the field
        await pilot.press(*",cx,")  # the comma takes CX-TRN: the list offers the others
        await pilot.pause()
        assert picker.input.value.endswith(", CX-TRN,")
        assert "CX-TRN" not in [value for value, _ in picker.shown]
        await pilot.press(*["backspace"] * 8, "ctrl+s")
        await settled(pilot)
        assert app.screen is app.main
    assert risk_projects(db) == ("FR-REG", "FR-PKG", "DE-REG", "IT-REG", "ES-REG")


def risk_projects(db: Any, key: str = "R2") -> tuple[str, ...]:
    with db.read() as s:
        return next(
            r for r in services.export_program(s, program="GLX").risks if r.key == key
        ).projects


async def test_keys_typed_ahead_reach_the_dialog_not_the_screen_under_it(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        burst(app, "%", *"90", "\r")  # all at once: before the prompt is drawn
        await pilot.pause()
        await settled(pilot)
        assert project(db).percent_complete == 90
        burst(app, "e", "end", *" v2", "ctrl+s")  # the form opens at once, with the screen's
        await pilot.pause()
        await settled(pilot)
        assert app.screen is app.main
        assert project(db).name == "Germany regulatory approval v2"
        assert app.query_one("ContentSwitcher").current == "projects"  # no key fell through
        assert notes == []


async def test_keys_typed_fast_after_tab_land_in_the_field_tab_went_to(tmp_path: Path) -> None:
    """tab, shift+tab and enter move the focus when they arrive: `tab tab backspace 3`
    typed in one burst in R2's form changes its impact 4 to 3, and leaves the title as it
    was (the 3 went into the title, the backspace into the impact). In the link dialog,
    enter moves on at once and takes the completion, and saves, once the field has the
    keys typed before it: a link typed in one burst is saved as typed."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4")
        app.query_one("#risks-table").select_key("R2")
        await pilot.press("e")
        await settled(pilot)
        burst(app, "tab", "tab", "backspace", "3", "shift+tab", "backspace", "2")
        await pilot.pause()
        await settled(pilot)
        form = app.screen
        assert form.query_one("#f-title", Input).value.endswith("re-printing")
        assert form.query_one("#f-probability", Input).value == "2"
        assert form.query_one("#f-impact", Input).value == "3"
        await pilot.press("escape", "1")
        app.query_one("#roadmap-table").select_key("CX-TRN")
        await pilot.press("3")
        await settled(pilot)
        # the completion of es-r, SS typed over FS, 12 over the 0, saved: all in one burst
        burst(app, "a", *"es-r", "enter", "backspace", "backspace", *"SS", "enter")
        burst(app, "backspace", "1", "2", "enter")
        await pilot.pause()
        await settled(pilot)
        assert app.screen is app.main
    with db.read() as s:
        cx = next(
            p for p in services.export_program(s, program="GLX").projects if p.key == "CX-TRN"
        )
    assert [(x.project, x.type, x.lag) for x in cx.depends_on] == [
        ("DE-MKT", "SF", 5),
        ("ES-REG", "SS", 12),
    ]


def test_the_edit_form_holds_what_the_database_would_give(tmp_path: Path) -> None:
    """e fills its form from the snapshot on screen (no read, so it opens at once): the
    same text as services.editing.form_values, for every project, risk and person."""
    from progtui.app.screens.forms import shown_values
    from progtui.services import editing

    db = _db(tmp_path, GLOBAL_LAUNCH)
    with db.read() as s:
        data = services.load_program(s, program="GLX")
        for kind, keys in (
            ("project", [p.key for p in data.projects]),
            ("risk", [r.key for r in data.risks]),
            ("person", [p.key for p in data.people]),
        ):
            for key in keys:
                assert shown_values(data, kind, key) == editing.form_values(
                    s, program="GLX", kind=kind, key=key
                ), (kind, key)
