"""The placeholder app: it opens on the database, lists programs and projects, shows names
literally, and never sends a control sequence from the data to the terminal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Static

from conftest import GLOBAL_LAUNCH, RETAIL, load
from progtui.app.app import ProgtuiApp
from progtui.db import open_database
from progtui.interchange import read_program_text
from progtui import services

ODD = """\
program: {key: ODD, name: "[bold]x[/] \\\\ 🚀 \\e]0;pwned\\a [@click=app.quit]"}
projects:
  - {key: A, name: "[/] \\\\ 漢字 🚀 \\e[2J", start: 2027-01-04, end: 2027-01-08}
"""


def _db(tmp_path: Path, *files: Path, extra: str | None = None):  # type: ignore[no-untyped-def]
    db = open_database(str(tmp_path / "app.db"))
    load(db, *files)
    if extra:
        with db.write() as s:
            services.import_program(s, data=read_program_text("odd.yaml", extra))
    return db


async def test_opens_on_the_first_program_and_switches_with_p(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH, RETAIL)
    app = ProgtuiApp(db, today=date(2027, 3, 15))
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        assert table.row_count == 15
        assert [table.get_row_at(0)[i].plain for i in range(3)] == [
            "1", "DE-REG", "Germany regulatory approval"]
        title = str(app.query_one("#title", Static).content)
        assert "Global launch of the X product line" in title and "2027-03-15" in title
        await pilot.press("p")
        assert table.row_count == 10
        assert table.get_row_at(0)[1].plain == "ECOM-PLT"
        await pilot.press("q")
    assert app.return_code == 0


async def test_names_are_shown_literally_and_without_control_characters(tmp_path: Path) -> None:
    db = _db(tmp_path, extra=ODD)
    app = ProgtuiApp(db, program="ODD")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        title = str(app.query_one("#title", Static).content)
        assert title.startswith("[bold]x[/] \\ 🚀 ]0;pwned [@click=app.quit]")
        assert app.query_one(DataTable).get_row_at(0)[2].plain == "[/] \\ 漢字 🚀 [2J"
        screen = app.export_screenshot()
        assert "\x1b" not in screen and "\x07" not in screen
        assert app.is_running  # the [@click=app.quit] in a name did not act


async def test_empty_database_says_how_to_start(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "empty.db"))
    app = ProgtuiApp(db)
    async with app.run_test(size=(80, 24)):
        assert "run 'progtui import FILE'" in str(app.query_one("#title", Static).content)
