"""Undo and redo say what they did; the Log pane (and the minutes) word changes as a program
manager would and lists everything newest recorded first. Driven by Pilot."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, TODAY, _db, capture_notes, settled
from progtui import identity
from progtui.app.app import ProgtuiApp
from progtui.app.widgets.line_table import LineTable
from progtui.services.history import describe


@pytest.fixture
def early_clock() -> Iterator[None]:
    """The wall clock in January 2027: before the sample's own decisions (Jan to Mar)."""
    identity.set_clock(lambda: datetime(2027, 1, 5, 9, 0, 0))
    yield
    identity.set_clock(None)


def test_changes_in_words() -> None:
    assert describe("project:FR-REG", "rank", "3", "2") == ("FR-REG rank", "3 → 2")
    assert describe("project:DE-REG", "percent_complete", "45", "70", "undo") == (
        "undo: DE-REG % complete",
        "45 → 70",
    )
    assert describe("allocation:DE-REG/alice@2027-03-01..2027-04-30", "fte", "0.6", "0.5") == (
        "alice on DE-REG FTE",
        "0.6 → 0.5 (2027-03-01 .. 2027-04-30)",
    )
    assert describe("risk:R3", "deleted", "Port strike", None) == ("deleted risk R3", "Port strike")
    assert describe("risk:R3", "deleted", None, "Port strike", "undo") == (
        "undo: restored risk R3",
        "Port strike",
    )
    assert describe("project:ES-REG", "actual_start", None, "2027-03-15")[0] == (
        "ES-REG actual start"
    )
    assert describe("program", "import", None, "glx.yaml (15 projects)") == (
        "imported the program",
        "glx.yaml (15 projects)",
    )


async def test_undo_and_redo_toasts_say_what_they_did_and_the_log_words_them(
    tmp_path: Path, early_clock: None
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "g", "j", "j")  # FR-REG, rank 3
        assert app.query_one("#projects-table", LineTable).current_key == "FR-REG"
        await pilot.press("J")  # to rank 4
        await settled(pilot)
        await pilot.press("u")
        await settled(pilot)
        assert notes[-1] == "Undo: FR-REG back to rank 3"
        await pilot.press("ctrl+r")
        await settled(pilot)
        assert notes[-1] == "Redo: FR-REG to rank 4 again"
        await pilot.press("d", *"Hold the line", "enter")  # in the same second as the redo
        await settled(pilot)
        await pilot.press("4", "g")
        risks = app.query_one("#risks-table", LineTable)
        while risks.current_key != "R3":
            await pilot.press("j")
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settled(pilot)
        await pilot.press("u")
        await settled(pilot)
        assert notes[-1] == "Undo: restored risk R3"
        await pilot.press("6")
        await settled(pilot)
        log = app.query_one("#log-table", LineTable)
        shown = [(row[2].plain, row[3].plain) for row in log.rows]
        assert shown[:6] == [
            ("undo: restored risk R3", "Port congestion in Rotterdam"),
            ("deleted risk R3", "Port congestion in Rotterdam"),
            ("decision (FR-REG)", "Hold the line"),  # recorded after the redo
            ("redo: FR-REG rank", "3 → 4"),
            ("undo: FR-REG rank", "4 → 3"),
            ("FR-REG rank", "3 → 4"),
        ]
        # the sample's decisions (dated Jan to Mar 2027) came with the import: listed there,
        # below what was recorded since, newest of them first
        assert [w for w, _ in shown[6:]] == [
            "decision (ES-TV, ES-DIG)",
            "decision (IT-PKG, IT-REG)",
            "decision (DE-REG)",
            "imported the program",
        ]
        assert log.rows[3][2].spans[0].style == "italic"  # the action stands out
