"""The app driven by its keys (Pilot), asserting on the database and on what is shown."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from textual.widgets import Static

from conftest import GLOBAL_LAUNCH, RETAIL, TODAY, _db, capture_notes, settled
from progtui import services
from progtui.app.app import ProgtuiApp
from progtui.app.widgets.line_table import LineTable
from progtui.app.widgets.program_header import ProgramHeader
from progtui.app.widgets.status_line import StatusLine
from progtui.store.engine import open_database

ODD = """\
program: {key: ODD, name: "[bold]x[/] \\\\ 🚀 \\e]0;pwned\\a [@click=app.quit]"}
projects:
  - {key: A, name: "[/] \\\\ 漢字 🚀 \\e[2J", start: 2027-01-04, end: 2027-01-08}
"""


def ranks(db, key: str = "GLX") -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [p.key for p in services.export_program(s, program=key).projects]


def said(app: ProgtuiApp) -> str:
    """What the open dialog says under its field (a refusal, "saving…")."""
    return str(app.screen.query_one("#error", Static).content)


def table(app: ProgtuiApp) -> LineTable:
    return app.query_one("#projects-table", LineTable)


async def test_opens_on_the_first_program_and_switches_with_p(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert table(app).keys[:3] == ["DE-REG", "EU-SUP", "FR-REG"]
        header = str(app.query_one(ProgramHeader).content)
        assert header.startswith("Global launch of the X product line  GLX  2027-03-15  ✖ red")
        assert app.query_one(StatusLine).text.startswith("program 1/2 · 1 Roadmap")
        await pilot.press("p", "enter")  # the chooser lights the next program
        await settled(pilot)
        assert table(app).keys[0] == "ECOM-PLT"
        assert "▲ amber" in str(app.query_one(ProgramHeader).content)
        await pilot.press("q")
    assert app.return_code == 0


async def test_reprioritize_keys_save_at_once_and_keep_the_selection(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "J")  # DE-REG 1 -> 2
        await settled(pilot)
        assert ranks(db)[:2] == ["EU-SUP", "DE-REG"]
        assert table(app).current_key == "DE-REG"
        await pilot.press("shift+down")  # -> 3
        await settled(pilot)
        assert ranks(db)[:3] == ["EU-SUP", "FR-REG", "DE-REG"]
        await pilot.press("K", "shift+up")  # back to 1
        await settled(pilot)
        assert ranks(db)[:3] == ["DE-REG", "EU-SUP", "FR-REG"]
        await pilot.press("K")  # already first: nothing to do
        await settled(pilot)
        assert ranks(db)[0] == "DE-REG"
        await pilot.press("m")
        await pilot.press(*"12", "enter")
        await settled(pilot)
        assert ranks(db).index("DE-REG") == 11
        assert table(app).keys[11] == "DE-REG" and table(app).current_key == "DE-REG"
    with db.read() as s:
        moves = [(c.entity, c.old, c.new) for c in services.changes(s, program="GLX")][1:]
    assert moves == [
        ("project:DE-REG", "1", "2"),
        ("project:DE-REG", "2", "3"),
        ("project:DE-REG", "3", "2"),
        ("project:DE-REG", "2", "1"),
        ("project:DE-REG", "1", "12"),
    ]


async def test_move_to_a_rank_out_of_range_says_so_and_changes_nothing(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        before = ranks(db)
        await pilot.press("m", *"99", "enter")
        await settled(pilot)
        assert ranks(db) == before
        assert said(app) == "a rank is a whole number from 1 to 15"  # in the prompt, still open
        assert notes == []


async def test_filter_and_sort(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "slash", *"red", "enter")
        await pilot.pause()
        assert table(app).keys == ["FR-REG", "FR-PKG", "ES-REG"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(table(app).keys) == 15
        await pilot.press("o")  # by health: reds, ambers, greens, closed
        await pilot.pause()
        assert table(app).keys[:4] == ["FR-REG", "FR-PKG", "ES-REG", "DE-REG"]
        assert table(app).keys[-3:] == ["DE-PKG", "EU-WEB", "ES-TV"]


async def test_names_are_shown_literally_and_without_control_characters(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, extra=ODD), program="ODD")
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        header = str(app.query_one(ProgramHeader).content)
        assert header.startswith("[bold]x[/] \\ 🚀 ]0;pwned [@click=app.quit]")
        assert table(app).rows[0][2].plain == "[/] \\ 漢字 🚀 [2J"
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x07" not in screen
        assert "漢字" in screen  # drawn (the SVG escapes spaces, so look for the word)
        assert app.is_running  # the [@click=app.quit] in a name did not act


async def test_empty_database_says_how_to_start(tmp_path: Path) -> None:
    app = ProgtuiApp(open_database(str(tmp_path / "empty.db")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        assert "run 'progtui import FILE'" in str(app.query_one(ProgramHeader).content)


def _timeline(app: ProgtuiApp, key: str) -> str:
    """The plain text of a project's Gantt row at the pane's current width."""
    from progtui.app.panes.roadmap import RoadmapPane, bar_text

    pane = app.query_one(RoadmapPane)
    a = pane.analysis
    (r,) = [r for r in a.projects if r.project.key == key]  # type: ignore[union-attr]
    return bar_text(a, r, pane.timeline, 60).plain  # type: ignore[arg-type]


async def test_roadmap_shows_plan_forecast_milestones_and_today(tmp_path: Path) -> None:
    from progtui.app.panes.roadmap import RoadmapPane

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        pane = app.query_one(RoadmapPane)
        assert app.query_one("ContentSwitcher").current == "roadmap"
        t = pane.timeline
        assert (t.days, t.origin) == (7, date(2026, 11, 2))  # the program fits: a week a cell
        today = t.cell(TODAY)
        # ES-REG started a week late: the plan shows before the forecast, the overdue dossier
        # milestone is drawn on today's forecast, and today's line crosses empty rows.
        es_reg = _timeline(app, "ES-REG")
        assert es_reg.index("░") < es_reg.index("█") and "◆" in es_reg
        assert _timeline(app, "DE-MKT")[today] == "│"
        assert "◇" in _timeline(app, "DE-REG")  # a done milestone
        assert set(_timeline(app, "ES-TV").strip(" │")) == {"░"}  # cancelled: the plan only
        key_cell = app.query_one("#roadmap-table", LineTable).rows[3][2]
        assert (key_cell.plain, key_cell.style) == ("!FR-PKG", "bold red")  # critical
        await pilot.press("minus")
        assert pane.timeline.days == 14
        await pilot.press("plus", "plus", "plus", "plus")
        assert pane.timeline.days == 1
        before = pane.timeline.origin
        await pilot.press("l")
        assert (pane.timeline.origin - before).days == 8
        await pilot.press("h", "h")
        assert (before - pane.timeline.origin).days == 8


async def test_roadmap_reorders_at_once_and_the_selection_follows_between_panes(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        roadmap = app.query_one("#roadmap-table", LineTable)
        await pilot.press("down", "down", "K")  # FR-REG 3 -> 2
        await settled(pilot)
        assert ranks(db)[:3] == ["DE-REG", "FR-REG", "EU-SUP"]
        assert roadmap.keys[:3] == ["DE-REG", "FR-REG", "EU-SUP"]
        assert roadmap.current_key == "FR-REG"
        await pilot.press("2")
        assert table(app).keys[:3] == ["DE-REG", "FR-REG", "EU-SUP"]
        assert table(app).current_key == "FR-REG"
        await pilot.press("down", "1")
        assert roadmap.current_key == "EU-SUP"


async def test_what_if_lists_what_moves_and_saves_nothing(tmp_path: Path) -> None:
    from progtui.app.dialogs.what_if import WhatIf

    db = _db(tmp_path, GLOBAL_LAUNCH)
    with db.read() as s:
        before = services.export_program(s, program="GLX")
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("w")  # DE-REG is selected
        await pilot.press(*"15", "enter")  # typing replaces the proposed 10
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WhatIf)
        # DE-MKT follows DE-REG (FS) and FR-MKT follows DE-MKT (SS +10); CX-TRN's SF bound
        # (finish >= DE-MKT's start + 5) is not reached by 15 days, so it stays
        assert [m.key for m in screen.impact.projects] == ["DE-REG", "DE-MKT", "FR-MKT"]
        assert (screen.impact.old_finish, screen.impact.new_finish) == (
            date(2027, 9, 24),
            date(2027, 9, 24),
        )
        await pilot.press("escape")
        assert not isinstance(app.screen, WhatIf)
    with db.read() as s:
        assert services.export_program(s, program="GLX") == before


async def test_detail_panel_follows_the_selection(tmp_path: Path) -> None:
    from progtui.app.widgets.project_detail import ProjectDetail

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        panel = app.query_one(ProjectDetail)
        assert not panel.display
        await pilot.press("down", "down", "i")
        assert panel.display

        def shown() -> str:
            from rich.console import Console

            console = Console(width=60, record=True, file=io.StringIO())
            console.print(panel.query_one("#detail-body").content)
            return console.export_text()

        text = shown()
        assert text.startswith("FR-REG  France regulatory approval")
        assert "• EAC 237,500 is 158% of the budget 150,000" in text
        assert "before FR-MKT" in text
        await pilot.press("down")
        assert shown().startswith("FR-PKG  France packaging and localization")
        await pilot.press("enter")
        assert not panel.display


async def test_themes_load_from_files_and_switch(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from progtui.reports import look

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL), today=TODAY, theme="colour-blind")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert {"progtui-dark", "progtui-light", "high-contrast", "colour-blind"} <= set(
            app.available_themes
        )
        assert app.theme == "colour-blind"
        assert look.rag_style("green") == "bold #56B4E9"  # good is blue, not green
        app.theme = "progtui-light"
        await pilot.pause()
        assert look.rag_style("red") == "bold #C62828"
        header = app.query_one(ProgramHeader).content
        assert "on-time 50%" in str(header)  # redrawn whole, not just recoloured
        app.theme = "textual-dark"  # has no progtui colours: back to the defaults
        await pilot.pause()
        assert look.rag_style("red") == "bold red"
        app.theme = "progtui-light"
        await pilot.pause()
        health = next(s for s in header.spans if header.plain[s.start : s.end] == "✖ red")
        assert str(health.style) == "bold #C62828"
        await pilot.press("4")  # the risk heat map's levels take the theme's colours too
        heat = app.query_one("#heat-map").content
        app.theme = "high-contrast"
        await pilot.pause()
        assert app.query_one("#heat-map").content is not heat


async def test_broken_settings_and_themes_are_reported_not_fatal(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    config = tmp_path / "config"
    (config / "themes").mkdir(parents=True)
    (config / "themes" / "broken.yaml").write_text("name: broken\n")  # no primary
    (config / "themes" / "mine.yaml").write_text("name: mine\nprimary: '#123456'\n")
    (config / "config.yaml").write_text(
        "theme: mine\nkeymap:\n  app.quit: ctrl+q\n  projects.rank_up: p\n  no.such: x\n"
        "  table.down: j\n  graph.follow: p\n  risks.probability: ctrl+b\n"
    )
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "progtui").symlink_to(config)
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert app.theme == "mine"  # the user's own theme file
        (note,) = notes
        assert (
            f"theme {config}/themes/broken.yaml: a theme needs at least name: and primary:"
            in note.replace(str(tmp_path / "progtui"), str(config))
        )
        assert "keymap: no key binding with id 'no.such'" in note
        assert "keymap: 'p' is bound to both program.choose and projects.rank_up" in note
        assert "ctrl+q" not in note  # remapped onto Textual's own quit key: the same action
        # bindings of the table, the graph and the risks pane are known too ...
        assert "table.down" not in note and "risks.probability" not in note
        # ... and checked: p also opens the program chooser
        assert "keymap: 'p' is bound to both program.choose and graph.follow" in note
        await pilot.press("ctrl+q")
    assert app.return_code == 0


async def test_help_shows_the_bindings(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert app.screen.query("HelpPanel")
        await pilot.press("question_mark")
        await pilot.pause()
        assert not app.screen.query("HelpPanel")


async def test_risks_people_and_log_panes(tmp_path: Path) -> None:
    from progtui.app.panes.people import PeoplePane
    from progtui.app.panes.risks import heat_map

    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4")
        risks = app.query_one("#risks-table", LineTable)
        assert risks.keys == ["R2", "R1", "R5", "R3", "R4", "R7", "R6"]  # live first, by score
        assert [c.plain for c in risks.rows[0][:4]] == [
            "R2",
            "New French labelling decree forces re-printing",
            "16",
            "C critical",
        ]
        grid = heat_map(app.loaded.data)  # type: ignore[union-attr]
        assert list(grid.columns[4].cells)[1].plain == "1C"  # probability 4, impact 4: R2
        assert list(grid.columns[3].cells)[2].plain == "1M"  # probability 3, impact 3: R5
        await pilot.press("5")
        people = app.query_one(PeoplePane)
        row = people._draw(people.table.keys.index("farid"), 60).plain
        assert "120%!" in row  # over-allocated in March 2027, marked, not only coloured
        await pilot.press("down")
        assert "alice's allocations" in str(people.query_one("#allocations").content)
        await pilot.press("6")
        log = app.query_one("#log-table", LineTable)
        assert log.rows[0][2].plain == "decision (ES-TV, ES-DIG)"
        assert log.rows[-1][2].plain == "imported the program"


async def test_decision_is_recorded_about_the_selection(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("down", "d", *"Hold FR [x]", "enter")
        await settled(pilot)
        await pilot.press("4", "d", *"Accept R2", "enter")  # on the risks pane: about a risk
        await settled(pilot)
        log = app.query_one("#log-table", LineTable)
        await pilot.press("6")
        shown = {(r[2].plain, r[3].plain) for r in log.rows}
        assert {("decision (EU-SUP)", "Hold FR [x]"), ("decision (R2)", "Accept R2")} <= shown
    with db.read() as s:
        decisions = services.export_program(s, program="GLX").decisions[-2:]
    assert [(x.text, x.about) for x in decisions] == [
        ("Hold FR [x]", ("EU-SUP",)),
        ("Accept R2", ("R2",)),
    ]


async def test_status_percent_and_cost_keys(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    capture_notes(app)

    def project(key: str):  # type: ignore[no-untyped-def]
        with db.read() as s:
            return next(
                p for p in services.export_program(s, program="GLX").projects if p.key == key
            )

    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        table(app).select_key("IT-PKG")
        await pilot.press("s", "enter")  # on hold: enter keeps it so
        await settled(pilot)
        assert project("IT-PKG").status == "on_hold"
        await pilot.press("s", *"back", "enter")
        await settled(pilot)
        assert project("IT-PKG").status == "active"  # back to where it was
        table(app).select_key("FR-PKG")
        await pilot.press("percent_sign", *"95", "enter")
        await settled(pilot)
        await pilot.press("dollar_sign", *"52,500", "enter")
        await settled(pilot)
        p = project("FR-PKG")
        assert (p.percent_complete, p.actual_cost) == (95, 52500)
        await pilot.press("percent_sign", *"lots", "enter")
        await settled(pilot)
        assert said(app) == "'lots' is not a number"  # the prompt stays open
        await pilot.press("escape")
        table(app).select_key("DE-MKT")
        await pilot.press("s", *"done", "enter")  # not offered from approved
        await settled(pilot)
        assert said(app) == "'done' is none of the choices"
        await pilot.press("escape")
        assert project("DE-MKT").status == "approved"


async def test_wsjf_advice_beside_the_current_order(tmp_path: Path) -> None:
    from progtui.app.dialogs.advice import Advice, advice_table

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "W")
        assert isinstance(app.screen, Advice)
        table_ = advice_table(app.loaded.analysis)  # type: ignore[arg-type]
        keys = [c.plain for c in table_.columns[1].cells]
        assert keys[:3] == ["CX-TRN", "FR-PKG", "DE-REG"]  # WSJF 6.5, 5.3, 4.6
        moved = [c.plain for c in table_.columns[5].cells]
        assert moved[0] == "▲ 9"  # CX-TRN is ranked 10th, advised 1st
        await pilot.press("escape")
        assert not isinstance(app.screen, Advice)


async def test_command_palette_jumps_to_a_project_person_or_risk(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("ctrl+p", *"italy regulatory")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#roadmap-table", LineTable).current_key == "IT-REG"
        await pilot.press("ctrl+p", *"farid")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("ContentSwitcher").current == "people"
        assert app.query_one("#people-table", LineTable).current_key == "farid"
        await pilot.press("ctrl+p", *"port congestion")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.query_one("#risks-table", LineTable).current_key == "R3"


async def test_reallocate_shows_consequences_then_saves(tmp_path: Path) -> None:
    from rich.console import Console

    from progtui.app.dialogs.reallocate import Reallocate

    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)

    def preview_text() -> str:
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(app.screen.query_one("#preview").content)
        return console.export_text()

    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        table(app).select_key("FR-PKG")
        await pilot.press("2")
        table(app).select_key("FR-PKG")
        await pilot.press("a")
        assert isinstance(app.screen, Reallocate)
        person = app.screen.query_one("#person")
        assert (person.value, app.screen.query_one("#from").value) == ("emma", "FR-PKG")
        person.value = "farid"
        app.screen.query_one("#to").value = "ES-PKG"
        app.screen.query_one("#fte").value = "0.9"
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        assert (
            preview_text().strip()
            == "farid has only 0.5 FTE on FR-PKG (2027-03-01..2027-03-31), not 0.9"
        )
        app.screen.query_one("#fte").value = "0.5"
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        # farid's March half-time moves from FR-PKG to ES-PKG for the same period: his load
        # stays 120 %, but ES-PKG now has an over-allocated person this month: amber
        assert [line.split() for line in preview_text().strip().splitlines()] == [
            ["what", "before", "after"],
            ["ES-PKG", "health", "●", "green", "▲", "amber"],
        ]
        # what it does, in a line, before saving: from today to the end of his allocation
        said = str(app.screen.query_one("#said").content)
        assert said == "farid 0.5 FTE, 15 Mar – 31 Mar 2027, FR-PKG → ES-PKG"
        notes = capture_notes(app)
        await pilot.press("enter")
        await settled(pilot)
        assert not isinstance(app.screen, Reallocate)
        assert notes == [f"moved {said}"]  # and a toast once saved
    with db.read() as s:
        data = services.export_program(s, program="GLX")
    alloc = {
        (p.key, a.person): (a.fte, str(a.start), str(a.end))
        for p in data.projects
        for a in p.allocations
    }
    # the first half of March, past, stays on FR-PKG; from today on he is on ES-PKG
    assert alloc[("FR-PKG", "farid")] == (0.5, "2027-03-01", "2027-03-14")
    assert alloc[("ES-PKG", "farid")] == (0.5, "2027-03-15", "2027-03-31")


async def test_risk_keys_change_the_selected_risk(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("4", "P", "2", "enter")  # R2 is first: critical, probability 4 -> 2
        await settled(pilot)
        await pilot.press("S", *"mitigating", "enter")
        await settled(pilot)
        risks = app.query_one("#risks-table", LineTable)
        assert risks.current_key == "R2"
        assert [c.plain for c in risks.rows[risks.cursor][2:5]] == ["8", "M medium", "mitigating"]
        await pilot.press("I", *"9", "enter")
        await settled(pilot)
        assert said(app) == "impact must be from 1 to 5, not 9"
    with db.read() as s:
        r2 = next(r for r in services.export_program(s, program="GLX").risks if r.key == "R2")
    assert (r2.probability, r2.impact, r2.status) == (2, 4, "mitigating")


async def test_status_key_on_a_closed_project_says_why(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        table(app).select_key("DE-PKG")
        await pilot.press("s")
        await settled(pilot)
        assert notes[-1] == ("DE-PKG is done: a closed project keeps its status")
