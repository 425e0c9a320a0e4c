"""SVG snapshots of every pane (120x40) and of the main screen at 80x24.

Reviewed by looking at them (rsvg-convert to PNG) before they were accepted; update with
`pytest tests/test_snapshots.py --snapshot-update` and look again.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import GLOBAL_LAUNCH, load
from progtui.app.app import ProgtuiApp
from progtui.store.engine import open_database


@pytest.fixture
def sample_app(tmp_path: Path) -> ProgtuiApp:
    db = open_database(str(tmp_path / "snapshot.db"))
    load(db, GLOBAL_LAUNCH)
    with db.write() as s:  # the audit trail shows when and who: pin them
        s.execute(text("UPDATE change SET \"when\" = '2027-03-15 09:00:00', who = 'dana'"))
    return ProgtuiApp(db, today=date(2027, 3, 15))


async def _loaded(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("pane", ["1", "2", "3", "4", "5", "6"])
def test_every_pane(snap_compare, sample_app: ProgtuiApp, pane: str) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample_app, press=[pane], terminal_size=(120, 40), run_before=_loaded)


def test_main_screen_at_80x24(snap_compare, sample_app: ProgtuiApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=_loaded)


def test_detail_panel(snap_compare, sample_app: ProgtuiApp) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(
        sample_app, press=["down", "down", "i"], terminal_size=(120, 40), run_before=_loaded
    )
