"""What the meeting must see, driven by Pilot: issues and overdue risks on the triage agenda,
overdue due dates and projects in the risk register, and in the detail panel a broken
dependency, late start / late finish, and progress on a project that has not started."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from conftest import GLOBAL_LAUNCH, TODAY, _db, settled
from progtui.app.app import ProgtuiApp
from progtui.app.widgets.line_table import LineTable
from progtui.app.widgets.project_detail import ProjectDetail


def detail_text(app: ProgtuiApp) -> str:
    body = app.query_one(ProjectDetail).query_one("#detail-body")
    console = Console(width=60, record=True, file=io.StringIO())
    console.print(body.content)  # type: ignore[attr-defined]
    return " ".join(console.export_text().split())


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_risk_register_marks_overdue_due_dates_and_shows_the_projects(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    from progtui.app.panes.risks import RisksPane

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=size) as pilot:
        await settled(pilot)
        await pilot.press("4")
        await pilot.pause()
        table = app.query_one("#risks-table", LineTable)
        shown = [column.key for _, column, _ in table._shown]
        assert {"key", "title", "score", "due", "projects"} <= set(shown)
        # at 80 columns the heat map goes above the register, which keeps its columns
        assert app.query_one(RisksPane).has_class("-narrow") == (size[0] < 110)
        rows = {key: row for key, row in zip(table.keys, table.rows, strict=True)}
        index = {c.key: i for i, c in enumerate(table.columns)}
        due, projects = index["due"], index["projects"]
        assert rows["R2"][due].plain == "2027-03-12!"  # open, due three days ago
        assert "bold" in str(rows["R2"][due].style)
        assert rows["R1"][due].plain == "2027-04-15"  # due later
        assert rows["R2"][projects].plain == "FR-REG, FR-PKG"
        assert rows["R5"][projects].plain == "program"  # on no project: the program's
        line = table.render_line(1).text  # drawn: the cursor row is R2
        assert "2027-03-12!" in line and "FR-REG, FR-PKG" in line


async def test_the_detail_panel_names_a_broken_dependency_and_the_late_dates(
    tmp_path: Path,
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        await pilot.press("2", "g", "j", "j", "i")  # FR-REG, which started before FR-PKG ended
        await settled(pilot)
        text = detail_text(app)
        assert "late start 2027-02-12" in text
        assert "late finish 2027-06-24 float 19" in text
        assert (
            "warning ! broken dependency: started 2027-01-18, but FS predecessor FR-PKG has "
            "not finished (forecast 2027-03-15)" in text
        )
        assert "after FR-PKG: broken, started before it finished" in text
        await pilot.press("k", "k")  # DE-REG: its links hold
        await settled(pilot)
        assert "broken" not in detail_text(app) and "warning" not in detail_text(app)


async def test_percent_complete_on_a_project_not_started_draws_a_warning(
    tmp_path: Path,
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(160, 50)) as pilot:
        await settled(pilot)
        await pilot.press("2", "g", "j", "j", "j", "j", "i")  # DE-MKT, approved
        await settled(pilot)
        assert app.query_one("#projects-table", LineTable).current_key == "DE-MKT"
        assert "warning" not in detail_text(app)
        await pilot.press("percent_sign")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"15", "enter")
        await settled(pilot)
        assert "warning ! 15% complete but not started (no actual start)" in detail_text(app)


async def test_the_triage_agenda_brings_up_the_issue_and_the_overdue_risk(
    tmp_path: Path,
) -> None:
    from textual.widgets import Static

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        await pilot.press("t")
        await pilot.pause()
        await pilot.press(*"dana", "enter")
        await settled(pilot)
        assert app.meeting is not None
        titles = [i.title for i in app.meeting.items]
        await pilot.press(*["n"] * titles.index("R7 Spanish dossier incomplete"))
        await settled(pilot)
        bar = str(app.screen.query_one("#triage-bar", Static).content)
        assert "R7 Spanish dossier incomplete  issue: it occurred (15)" in bar
        assert app.query_one("#risks-table", LineTable).current_key == "R7"  # on screen
        await pilot.press("n")
        await settled(pilot)
        bar = str(app.screen.query_one("#triage-bar", Static).content)
        assert "critical (16); overdue: due 2027-03-12, 3 days ago" in bar
        assert app.query_one("#risks-table", LineTable).current_key == "R2"
