"""No lost update: every workflow key of the app, with another account changing the same thing
from the command line while its form or prompt is open (and the screen has reloaded to show
it). Saving is refused naming who and when, what was typed stays in the dialog, nothing of it
is written, the other account's change stays; saving again, knowing it, applies it."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from conftest import GLOBAL_LAUNCH, TODAY, _db, cli, settled
from progtui import domain as d
from progtui import identity, services
from progtui.app.app import ProgtuiApp


async def until(condition: Callable[[], bool], seconds: float = 5) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


def glx(db: Any) -> Any:
    with db.read() as s:
        return services.export_program(s, program="GLX")


def project(db: Any, key: str = "DE-REG") -> Any:
    """A project of GLX in the database (or in a loaded program: *db* a ProgramData)."""
    data = db if isinstance(db, d.ProgramData) else glx(db)
    return next(p for p in data.projects if p.key == key)


def risk(db: Any, key: str = "R2") -> Any:
    return next(r for r in glx(db).risks if r.key == key)


@dataclass(frozen=True)
class Case:
    opens: tuple[str, ...]  # the keys that open the dialog, on a fresh app
    types: tuple[str, ...]  # what ann types into it (not yet saved)
    saves: str  # the key that saves it
    bob: tuple[str, ...]  # bob's command line, meanwhile
    what: str  # the entity the refusal names
    theirs: Callable[[Any], bool]  # bob's change, in the database
    ours: Callable[[Any], bool]  # ann's, once saved again


CASES = {
    "e project": Case(
        ("2", "e"),
        ("end", *" v2"),
        "ctrl+s",
        ("edit", "GLX", "project", "DE-REG", "budget=130000"),
        "project:DE-REG",
        lambda db: project(db).budget == 130000,
        lambda db: project(db).name == "Germany regulatory approval v2",
    ),
    "e risk": Case(
        ("4", "e"),
        ("enter", "backspace", "3"),  # title, then probability 4 -> 3
        "ctrl+s",
        ("risk", "GLX", "R2", "-p", "5", "--mitigation", "bob's plan"),
        "risk:R2",
        lambda db: (risk(db).probability, risk(db).mitigation) == (5, "bob's plan"),
        lambda db: risk(db).probability == 3,
    ),
    "%": Case(
        ("2", "percent_sign"),
        tuple("70"),
        "enter",
        ("set-percent", "GLX", "DE-REG", "67"),
        "project:DE-REG",
        lambda db: project(db).percent_complete == 67,
        lambda db: project(db).percent_complete == 70,
    ),
    "$": Case(
        ("2", "dollar_sign"),
        tuple("60000"),
        "enter",
        ("set-cost", "GLX", "DE-REG", "55000"),
        "project:DE-REG",
        lambda db: project(db).actual_cost == 55000,
        lambda db: project(db).actual_cost == 60000,
    ),
    "m": Case(
        ("2", "m"),
        tuple("5"),
        "enter",
        ("move", "GLX", "IT-REG", "1"),
        "the order of projects",
        lambda db: glx(db).projects[0].key == "IT-REG",
        lambda db: [p.key for p in glx(db).projects].index("DE-REG") == 4,
    ),
    "s": Case(
        ("2", "s"),
        tuple("on_hold"),
        "enter",
        ("set-percent", "GLX", "DE-REG", "67"),
        "project:DE-REG",
        lambda db: project(db).percent_complete == 67,
        lambda db: project(db).status == "on_hold",
    ),
    "P": Case(
        ("4", "P"),
        tuple("3"),
        "enter",
        ("risk", "GLX", "R2", "-p", "5"),
        "risk:R2",
        lambda db: risk(db).probability == 5,
        lambda db: risk(db).probability == 3,
    ),
    "I": Case(
        ("4", "I"),
        tuple("2"),
        "enter",
        ("risk", "GLX", "R2", "-i", "5"),
        "risk:R2",
        lambda db: risk(db).impact == 5,
        lambda db: risk(db).impact == 2,
    ),
    "S": Case(
        ("4", "S"),
        tuple("mitigating"),
        "enter",
        ("risk", "GLX", "R2", "--mitigation", "bob's plan"),
        "risk:R2",
        lambda db: risk(db).mitigation == "bob's plan",
        lambda db: risk(db).status == "mitigating",
    ),
    "M": Case(
        ("4", "M"),
        tuple("ann's plan"),
        "enter",
        ("risk", "GLX", "R2", "-p", "5"),
        "risk:R2",
        lambda db: risk(db).probability == 5,
        lambda db: risk(db).mitigation == "ann's plan",
    ),
    "a": Case(
        ("2", "a"),  # DE-REG: alice's first allocation
        ("ctrl+u", *"EU-SUP", "enter", "ctrl+u", *"0.1"),  # to EU-SUP, 0.1 FTE
        "enter",
        ("allocate", "GLX", "alice", "DE-REG", "0.4"),
        "allocation:DE-REG/alice",
        lambda db: {a.person: a.fte for a in project(db).allocations}["alice"] == 0.4,
        lambda db: any(a.person == "alice" for a in project(db, "EU-SUP").allocations),
    ),
    "delete": Case(
        ("4", "delete"),  # R2: one choice, so straight to the confirmation
        (),
        "y",
        ("risk", "GLX", "R2", "-p", "5"),
        "risk:R2",
        lambda db: risk(db).probability == 5,
        lambda db: "R2" not in {r.key for r in glx(db).risks},
    ),
}


@pytest.mark.parametrize("name", list(CASES))
async def test_a_dialog_saved_after_someone_else_changed_it_is_refused_keeping_what_was_typed(
    tmp_path: Path, name: str
) -> None:
    case = CASES[name]
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press(*case.opens)
        await settled(pilot)
        dialog = app.screen
        assert dialog is not app.main
        await pilot.press(*case.types)
        typed = [i.value for i in dialog.query(Input)]
        identity.set_user("bob")
        assert cli("--db", str(tmp_path / "app.db"), *case.bob).code == 0
        identity.set_user(None)
        # the screen under the dialog reloads and shows bob's change
        await until(lambda: bool(app.loaded and app.loaded.changes[-1].who == "bob"))
        await settled(pilot)
        await pilot.press(case.saves)
        await settled(pilot)
        assert app.screen is dialog, "the dialog closed: what was typed is gone"
        said = str(dialog.query_one("#error", Static).content)
        assert said.startswith(f"not saved: bob changed {case.what}"), said
        assert " at " in said and "since you opened this" in said
        assert [i.value for i in dialog.query(Input)] == typed  # kept
        assert case.theirs(db)  # bob's change stays, nothing of ann's written
        await pilot.press(case.saves)  # again, knowing it: applied
        await settled(pilot)
        assert app.screen is app.main
        assert case.ours(db)


async def test_a_move_key_on_a_screen_others_changed_is_refused_naming_who(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """J saves at once: against the screen as it is; bob's move since it was loaded (the poll
    has not run yet) refuses it, and the screen reloads."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        monkeypatch.setattr(app.watcher, "changed", lambda: False)
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(str(message)))
        identity.set_user("bob")
        assert cli("--db", str(tmp_path / "app.db"), "move", "GLX", "IT-REG", "1").code == 0
        identity.set_user(None)
        await pilot.press("2", "J")
        await settled(pilot)
        assert notes[0].startswith("not saved: bob changed the order of projects at "), notes
        assert "(IT-REG 12 → 1)" in notes[0]
        assert [p.key for p in glx(db).projects][:2] == ["IT-REG", "DE-REG"]
        assert app.loaded is not None and app.loaded.data is not None
        assert app.loaded.data.projects[0].key == "IT-REG"  # reloaded


def burst(app: ProgtuiApp, *keys: str) -> None:
    """Keys all queued at once, as a terminal's read delivers quick presses."""
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app.post_message(event)


def ranks_of(db: Any, program: str = "GLX") -> list[str]:
    with db.read() as s:
        return [p.key for p in services.export_program(s, program=program).projects]


async def test_every_quick_press_of_a_move_key_counts(tmp_path: Path) -> None:
    """Six J pressed faster than the saves: DE-REG goes six ranks down, shown at once and
    saved move by move, in order; then K, shift+up and shift+down count the same way."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        burst(app, *["J"] * 6)
        await pilot.pause()
        projects = app.query_one("#projects-table")
        assert projects.keys.index("DE-REG") == 6  # shown at once, before the saves are done
        await settled(pilot)
        assert ranks_of(db).index("DE-REG") == 6
        assert projects.current_key == "DE-REG"
        burst(app, "K", "K", "shift+up", "shift+down", "K")
        await pilot.pause()
        await settled(pilot)
        assert ranks_of(db).index("DE-REG") == 3
        assert projects.keys == ranks_of(db)
    with db.read() as s:
        moves = [(c.old, c.new) for c in services.changes(s, program="GLX") if c.field == "rank"]
    assert moves == [(str(r), str(r + 1)) for r in range(1, 7)] + [
        ("7", "6"),
        ("6", "5"),
        ("5", "4"),
        ("4", "5"),
        ("5", "4"),
    ]


async def test_twenty_quick_presses_on_10_000_projects_move_twenty_ranks(tmp_path: Path) -> None:
    from progtui.interchange import dump_program, read_program_text
    from progtui.sample import generate
    from progtui.store.engine import open_database

    db = open_database(str(tmp_path / "big.db"))
    data = read_program_text("big.yaml", dump_program(generate(projects=10_000, seed=7)))
    with db.write() as s:
        services.import_program(s, data=data)
    key = data.program.key
    first = ranks_of(db, key)[0]
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        burst(app, *["J"] * 20)
        await pilot.pause()
        await settled(pilot)
        assert ranks_of(db, key).index(first) == 20
        assert app.query_one("#projects-table").keys.index(first) == 20


def roadmap_lines(app: ProgtuiApp) -> list[str]:
    table = app.query_one("#roadmap-table")
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_the_roadmap_after_moves_and_others_changes_draws_what_a_fresh_app_draws(
    tmp_path: Path,
) -> None:
    """Lines are kept by what they show, not where: after moves (the rows shift), and after
    bob's change arrives with the poll (IT-PKG's bar longer, IT-REG's after it later, their
    labels and the axis as they were), every line on screen is what an app opened afterwards
    draws; none is left from before."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        before = roadmap_lines(app)
        await pilot.press("J", "J", "down", "K")
        await settled(pilot)
        identity.set_user("bob")
        edit = ("edit", "GLX", "project", "IT-PKG", "end=2027-05-14")
        assert cli("--db", str(tmp_path / "app.db"), *edit).code == 0
        identity.set_user(None)
        await until(lambda: str(project(app.main.loaded.data, "IT-PKG").end) == "2027-05-14")
        await pilot.pause()
        shown = roadmap_lines(app)
    fresh = ProgtuiApp(db, today=TODAY)
    async with fresh.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("down")  # the cursor where the first app left it: row 2
        await settled(pilot)
        assert shown == roadmap_lines(fresh)
    assert shown != before
