"""program.access: editors change, viewers read, others cannot open; read-only shown plainly."""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import cli
from progtui import identity, services
from progtui.app.app import ProgtuiApp
from progtui.app.widgets.program_header import ProgramHeader
from progtui.interchange import read_program_text
from progtui.store.engine import open_database

PLAN = Path(__file__).parent.parent / "data" / "mspdi" / "de-reg-plan.xml"  # DE-REG's plan
FILE = """\
program:
  key: ACC
  name: Access test
  owner: dana
  access: {editors: [ann], viewers: [vic]}
people:
  - {key: p1, name: P1}
projects:
  - {key: A, name: A, start: 2027-01-04, end: 2027-02-26}
  - {key: B, name: B, start: 2027-01-04, end: 2027-02-26}
"""


@pytest.fixture
def acc(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path):  # type: ignore[no-untyped-def]
    identity.set_user("ann")
    db = open_database(db_url)
    with db.write() as s:
        services.import_program(s, data=read_program_text("acc.yaml", FILE))
    (tmp_path / "open.yaml").write_text(
        FILE.replace("ACC", "OPEN").replace("  access: {editors: [ann], viewers: [vic]}\n", "")
    )
    assert cli("--db", db_url, "import", str(tmp_path / "open.yaml")).code == 0
    yield db_url
    db.dispose()


def as_user(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    identity.set_user(name)


@pytest.mark.parametrize("who", ["ann", "dana"])
def test_editors_and_the_owner_change_the_program(acc: str, monkeypatch, who: str) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, who)
    r = cli("--db", acc, "move", "ACC", "B", "1")
    assert (r.code, r.err) == (0, "")


def test_viewers_read_but_cannot_change(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "vic")
    assert cli("--db", acc, "export", "ACC").out.startswith("program:\n  key: ACC")
    assert cli("--db", acc, "status", "ACC", "--format", "json").code == 0
    before = cli("--db", acc, "export", "ACC").out
    for command in (
        ["move", "ACC", "B", "1"],
        ["decide", "ACC", "x"],
        ["add", "ACC", "person", "key=p2", "name=P2"],
        ["undo", "ACC"],
    ):
        r = cli("--db", acc, *command)
        assert (r.code, r.err) == (
            1,
            "progtui: vic may only view program ACC (its owner dana "
            "or an editor can add you to its editors)\n",
        ), command
    assert cli("--db", acc, "export", "ACC").out == before


def test_others_cannot_open_it_or_see_it_listed(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "eve")
    r = cli("--db", acc, "export", "ACC")
    assert (r.code, r.err) == (
        1,
        "progtui: eve may not open program ACC (not among its owner, editors or viewers)\n",
    )
    assert "ACC" not in cli("--db", acc, "programs").out
    assert "OPEN" in cli("--db", acc, "programs").out  # a program without a list is open
    r = cli("--db", acc, "move", "OPEN", "B", "1")
    assert r.code == 0


def test_access_round_trips_and_an_import_cannot_lock_out_its_importer(
    acc: str, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "ann")
    out = cli("--db", acc, "export", "ACC").out
    assert "  access: {editors: [ann], viewers: [vic]}\n" in out
    (tmp_path / "again.yaml").write_text(out.replace("editors: [ann]", "editors: [bob]"))
    r = cli("--db", acc, "import", "--replace", str(tmp_path / "again.yaml"))
    assert (r.code, r.err) == (
        1,
        "progtui: the access list of ACC leaves you (ann) out: add "
        "yourself to its editors, or make yourself its owner\n",
    )
    as_user(monkeypatch, "vic")  # a viewer cannot replace it either
    (tmp_path / "mine.yaml").write_text(
        out.replace("viewers: [vic]", "viewers: []").replace("[ann]", "[ann, vic]")
    )
    r = cli("--db", acc, "import", "--replace", str(tmp_path / "mine.yaml"))
    assert r.err.startswith("progtui: vic may only view program ACC")


async def test_the_app_shows_read_only_plainly_and_refuses_changes(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "vic")
    db = open_database(acc)
    app = ProgtuiApp(db, program="ACC")
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        assert str(app.query_one(ProgramHeader).content).startswith(" READ-ONLY  Access test")
        await pilot.press("J")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notes == [
            "vic may only view program ACC (its owner dana or an editor can add you to its editors)"
        ]
    db.dispose()


def test_viewers_may_read_the_steering_report_which_is_then_not_kept(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "vic")
    r = cli("--db", acc, "--today", "2027-01-15", "report", "ACC")
    assert r.code == 0 and r.out.startswith("# Steering report: Access test (ACC)")
    as_user(monkeypatch, "ann")
    first = cli("--db", acc, "--today", "2027-01-22", "report", "ACC").out
    assert "previous report" not in first  # vic's was not kept
    second = cli("--db", acc, "--today", "2027-01-29", "report", "ACC").out
    assert "| KPI | 2027-01-29 | previous report (2027-01-22) | change |" in second


@pytest.mark.parametrize("replace", [[], ["--replace"]])
def test_importing_over_a_hidden_program_says_only_that_its_key_is_taken(
    acc: str, monkeypatch, tmp_path, replace: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """eve may not see ACC: her import of a file keyed ACC must not confirm what ACC is."""
    as_user(monkeypatch, "eve")
    mine = tmp_path / "mine.yaml"
    mine.write_text(FILE.replace("owner: dana", "owner: eve").replace("Access test", "Mine"))
    r = cli("--db", acc, "import", *replace, str(mine))
    assert (r.code, r.err) == (
        1,
        "progtui: the key ACC is taken by a program you (eve) may not see: use another key\n",
    )
    as_user(monkeypatch, "ann")
    assert "  name: Access test\n" in cli("--db", acc, "export", "ACC").out


def test_an_explicitly_empty_access_list_means_the_owner_only(
    db_url: str, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """access: {editors: [], viewers: []} stored nothing, which read as open to all."""
    text = FILE.replace("editors: [ann], viewers: [vic]", "editors: [], viewers: []")
    (tmp_path / "shut.yaml").write_text(text)
    as_user(monkeypatch, "dana")  # the owner
    assert cli("--db", db_url, "import", str(tmp_path / "shut.yaml")).code == 0
    exported = cli("--db", db_url, "export", "ACC").out
    assert "  access: {editors: [], viewers: []}\n" in exported
    assert exported == cli("--db", db_url, "export", "ACC").out
    as_user(monkeypatch, "bob")
    r = cli("--db", db_url, "move", "ACC", "B", "1")
    assert (r.code, r.err) == (
        1,
        "progtui: bob may not open program ACC (not among its owner, editors or viewers)\n",
    )
    assert "ACC" not in cli("--db", db_url, "programs").out


# --- every write, as a viewer and as an outsider -------------------------------------------

VIEWER = (
    "progtui: vic may only view program GLX (its owner dana or an editor can add you to its "
    "editors)\n"
)
OUTSIDER = "progtui: eve may not open program GLX (not among its owner, editors or viewers)\n"

# Every command of the command line, run on GLX by its viewer vic and by eve, who is not on its
# list: "write" is refused to both in one line; "read" is the viewer's, refused to eve; "app"
# opens the app (read-only for vic: its keys are the test below), refused to eve before any
# screen; "none" is about no program of the database. A command missing here fails the test.
COMMANDS: dict[str, list[tuple[str, list[str]]]] = {
    "tui": [("app", ["tui", "GLX"])],
    "triage": [("app", ["triage", "GLX"])],
    "demo": [("none", [])],
    "minutes": [("read", ["minutes", "GLX"])],
    "import": [("write", ["import", "--replace", "{file}"])],
    "export": [
        ("read", ["export", "GLX"]),
        ("read", ["export", "GLX", "--format", "csv", "--table", "risks"]),
    ],
    "validate": [("none", [])],
    "programs": [("none", [])],
    "move": [("write", ["move", "GLX", "FR-PKG", "1"])],
    "allocate": [("write", ["allocate", "GLX", "alice", "DE-REG", "0.5"])],
    "reallocate": [("write", ["reallocate", "GLX", "alice", "DE-REG", "FR-REG", "0.25"])],
    "decide": [("write", ["decide", "GLX", "Fast-track DE-REG"])],
    "set-status": [("write", ["set-status", "GLX", "DE-MKT", "active"])],
    "set-percent": [("write", ["set-percent", "GLX", "FR-PKG", "90"])],
    "set-cost": [("write", ["set-cost", "GLX", "FR-PKG", "1000"])],
    "sync": [
        ("write", ["sync", "GLX", "DE-REG", str(PLAN)]),
        ("read", ["sync", "GLX", "DE-REG", str(PLAN), "--dry-run"]),  # lists, saves nothing
    ],
    "risk": [("write", ["risk", "GLX", "R1", "--probability", "2"])],
    "add": [("write", ["add", "GLX", "risk", "key=R9", "title=x", "probability=2", "impact=2"])],
    "edit": [("write", ["edit", "GLX", "project", "FR-PKG", "name=X"])],
    "delete": [("write", ["delete", "GLX", "risk", "R1"])],
    "undo": [("write", ["undo", "GLX"])],
    "redo": [("write", ["redo", "GLX"])],
    "report": [("read", ["report", "GLX"])],  # a viewer's report is not kept
    "benefit": [("write", ["benefit", "GLX", "REV", "1"]), ("read", ["benefit", "GLX"])],
    "baseline": [("write", ["baseline", "GLX", "March"]), ("read", ["baseline", "GLX"])],
    "log": [("read", ["log", "GLX"])],
    "status": [("read", ["status", "GLX"])],
    "impact": [("read", ["impact", "GLX", "FR-PKG", "5"])],
    "capacity": [("read", ["capacity", "GLX"])],
    "graph": [("read", ["graph", "GLX"])],
    "portfolio": [("none", [])],  # the programs one may read (hidden ones left out)
    "move-program": [("write", ["move-program", "GLX", "1"])],
    "people": [("none", [])],  # the organisation: hidden programs unnamed (test_portfolio_people)
    "sample": [("none", [])],
}


@pytest.fixture
def glx_listed(db_url: str, tmp_path):  # type: ignore[no-untyped-def]
    """GLX with an access list (owner dana, editor ann, viewer vic), one meeting's minutes and
    one report kept; and a file replacing GLX that would keep vic and eve in (import)."""
    from conftest import GLOBAL_LAUNCH, RETAIL
    from progtui.reports.minutes import compose
    from progtui.services.meetings import Meeting

    text = GLOBAL_LAUNCH.read_text().replace(
        "  owner: dana\n", "  owner: dana\n  access: {editors: [ann], viewers: [vic]}\n", 1
    )
    identity.set_user("dana")
    db = open_database(db_url)
    retail = RETAIL.read_text()
    with db.write() as s:  # programs open to all around it: GLX is 2nd of 3 in the portfolio
        services.import_program(s, data=read_program_text("rtx.yaml", retail))
        services.import_program(s, data=read_program_text("glx.yaml", text))
        services.import_program(
            s, data=read_program_text("rt2.yaml", retail.replace("key: RTX", "key: RT2", 1))
        )
    with db.write() as s:
        services.save_minutes(
            s,
            meeting=Meeting("GLX", ("dana",), [], datetime(2027, 3, 15, 9)),
            ended=datetime(2027, 3, 15, 10),
            compose=compose,
        )
        services.steering_report(s, program="GLX", today=date(2027, 3, 15))
    db.dispose()
    (tmp_path / "mine.yaml").write_text(
        text.replace("editors: [ann], viewers: [vic]", "editors: [ann, vic, eve]")
    )
    identity.set_user(None)
    return db_url


def everything(db_url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in order: what a refused command must leave as it was (the
    export and the audit trail, and what neither shows: minutes, reports)."""
    from sqlalchemy import select
    from sqlmodel import SQLModel

    db = open_database(db_url)
    with db.read() as s:
        rows = {
            t.name: [tuple(r) for r in s.execute(select(t).order_by(*t.primary_key.columns))]
            for t in SQLModel.metadata.sorted_tables
        }
    db.dispose()
    return rows


def test_every_command_is_in_the_access_table() -> None:
    import typer

    from progtui.cli import app

    assert sorted(typer.main.get_command(app).commands) == sorted(COMMANDS)  # type: ignore[attr-defined]


def test_every_write_command_is_refused_to_a_viewer_and_an_outsider_changing_nothing(
    glx_listed: str, monkeypatch: pytest.MonkeyPatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from progtui.cli import launch

    opened: list[str | None] = []
    monkeypatch.setattr(launch, "_run_app", lambda ctx, db, program, **kw: opened.append(program))
    before = everything(glx_listed)
    wrong = []
    for name, runs in COMMANDS.items():
        for kind, args in runs:
            if kind == "none":
                continue
            args = [a.replace("{file}", str(tmp_path / "mine.yaml")) for a in args]
            for who in ("vic", "eve"):
                identity.set_user(who)
                opened.clear()
                r = cli("--db", glx_listed, "--today", "2027-03-15", *args)
                if who == "eve":
                    refusal = OUTSIDER
                    if name == "import":  # says nothing of a program eve may not see
                        refusal = (
                            "progtui: the key GLX is taken by a program you (eve) may not see: "
                            "use another key\n"
                        )
                    expected = (1, refusal, [])
                elif kind == "write":
                    expected = (1, VIEWER, [])
                else:
                    expected = (0, "", ["GLX"] if kind == "app" else [])
                if (r.code, r.err, opened) != expected:
                    wrong.append((who, args, r.code, r.err))
                if everything(glx_listed) != before:
                    wrong.append((who, args, "changed the database"))
                    before = everything(glx_listed)
    assert wrong == []


# The keys of the cockpit (the main screen, its layers and its panes), each one that changes
# the program with what it takes to get to the save: steps of keys, the screen settling after
# each. The others only show, move or open a dialog that shows. A key missing here fails.
WRITE_KEYS: dict[str, list[tuple[str, ...]]] = {
    "decision.record": [("d",), (*"Fast-track", "enter")],
    "people.reallocate": [("a",), (*"FR-REG", "tab", "0", ".", "1", "enter")],
    "item.add": [("n",), ("ctrl+s",)],
    "item.edit": [("e",), ("ctrl+s",)],
    "item.delete": [("delete",), ("enter",), ("y",)],
    "history.undo": [("u",)],
    "history.redo": [("ctrl+r",)],
    "baseline.take": [("b",), ("enter",)],
    "benefits.show": [("v",), ("n",), ("enter", "5", "ctrl+s")],  # n in it records a value
    "projects.rank_up": [("down", "K")],
    "projects.rank_down": [("J",)],
    "projects.move_to": [("m",), ("2", "enter")],
    "projects.status": [("s",), (*"on_hold", "enter")],  # enter alone keeps the status
    "projects.percent": [("percent_sign",), ("5", "0", "enter")],
    "project.sync": [("Y",), (*os.path.relpath(PLAN), "enter"), ("y",)],
    "projects.cost": [("dollar_sign",), ("1", "0", "enter")],
    "risks.probability": [("4", "P"), ("enter",)],
    "risks.impact": [("4", "I"), ("enter",)],
    "risks.status": [("4", "S"), (*"mitigating", "enter")],
    "risks.mitigation": [("4", "M"), ("enter",)],
    "triage.toggle": [("t",), (*"vic", "enter"), ("t",), ("y",)],  # ending it writes minutes
    "graph.add_link": [("3", "a"), (*"IT-PKG", "enter", "enter", "enter")],
    "portfolio.rank_down": [("0",), ("home", "down", "J")],  # GLX, 2nd of 3 programs
    "portfolio.rank_up": [("0",), ("home", "down", "K")],
    "graph.remove_link": [("3", "delete"), ("enter",), ("y",)],
}
READ_KEYS = {
    *("pane.roadmap", "pane.projects", "pane.dependencies", "pane.risks", "pane.people"),
    *("pane.log", "detail.toggle", "baseline.next", "program.choose", "app.help", "app.quit"),
    *("triage.previous", "triage.mark", "projects.what_if", "projects.advice", "health.reasons"),
    *("projects.sort", "projects.filter", "projects.clear"),
    *("roadmap.zoom_in", "roadmap.zoom_out", "roadmap.earlier", "roadmap.later"),
    *("graph.up", "graph.down", "graph.left", "graph.right", "graph.follow"),
    *("graph.first", "graph.last", "graph.page_up", "graph.page_down"),
    *("graph.lanes_left", "graph.lanes_right"),
    *("pane.portfolio", "portfolio.open"),
    *("table.up", "table.down", "table.page_up", "table.page_down", "table.first", "table.last"),
    *("table.half_up", "table.half_down"),
}


def test_every_key_of_the_cockpit_is_a_write_or_a_read() -> None:
    from progtui.app.keymap import bindings
    from progtui.app.screens.main import PANE_CHAINS, MainScreen

    ids = {
        b.id
        for chain in PANE_CHAINS
        for scope in (ProgtuiApp, MainScreen, *chain)
        for b in bindings(scope)
        if b.id  # Textual's own (focus, scroll, quit) have none and change nothing
    }
    assert sorted(ids) == sorted({*WRITE_KEYS, *READ_KEYS})


# The app reaches the same service functions on both databases (their refusal is tested on
# both by the command table above); its key-by-key walk on PostgreSQL runs in `make soak`.
@pytest.mark.parametrize(
    "db_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.soak)], indirect=True
)
async def test_every_write_key_of_the_app_is_refused_to_a_viewer_writing_nothing(
    glx_listed: str, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """vic's app is read-only: each change key, taken to its save, says so and writes nothing
    (the minutes of a meeting vic ends included, in the database and in the minutes folder)."""
    import platformdirs
    from textual.widgets import Static

    from conftest import TODAY, settled

    refusal = VIEWER.removeprefix("progtui: ").rstrip("\n")
    before = everything(glx_listed)
    identity.set_user("vic")
    db = open_database(glx_listed)
    app = ProgtuiApp(db, program="GLX", today=TODAY)
    wrong = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        for key, steps in WRITE_KEYS.items():
            notes: list[str] = []
            monkeypatch.setattr(
                app, "notify", lambda message, notes=notes, **kw: notes.append(message)
            )
            await pilot.press("1")
            for step in steps:
                await pilot.press(*step)
                await settled(pilot)
            # a dialog that saves itself says the refusal in it (a form, a prompt, a pick list)
            for said in app.screen.query("#error").results(Static):
                notes.append(str(said.content))
            while len(app.screen_stack) > 1:
                app.pop_screen()
            await settled(pilot)
            if not any(refusal in note for note in notes):
                wrong.append((key, notes))
    db.dispose()
    assert wrong == []
    assert everything(glx_listed) == before
    assert not (platformdirs.user_data_path("progtui") / "minutes").exists()
