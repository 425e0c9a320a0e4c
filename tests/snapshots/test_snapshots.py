"""SVG snapshots of every pane (120x40), of the main screen at 80x24, of every dialog and of
the high-contrast and colour-blind themes.

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


def _after(*keys: str):  # type: ignore[no-untyped-def]
    """Wait for the program, press *keys*, wait for what they started (a form's values, a
    preview) to be shown."""

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press(*keys)
        await _loaded(pilot)

    return run_before


DIALOGS = {
    "form": ("2", "e"),  # edit DE-REG
    "reallocate": ("5", "down", "down", "down", "down", "down", "a", *"DE-MKT", "tab", *"0.5"),
    "choose": ("delete",),  # which of DE-REG's milestones and allocations
    "confirm": ("4", "delete"),  # a risk: straight to the confirmation
    "what_if": ("w", "enter"),  # DE-REG slips 10 working days
    "advice": ("2", "W"),
    "benefits": ("v",),
    "status": ("2", "s"),  # DE-REG: keep active first, then the transitions
    "closing": ("2", "s", "d", "o", "n", "e", "enter"),  # done: confirm what it changes
    "leave": ("2", "e", "end", "x", "ctrl+q"),  # quitting with a typed form
    "sync": ("2", "Y", *"tests/data/mspdi/de-reg-plan.xml", "enter"),  # DE-REG's plan: changes
}


@pytest.mark.parametrize("dialog", DIALOGS)
def test_every_dialog(snap_compare, sample_app: ProgtuiApp, dialog: str) -> None:  # type: ignore[no-untyped-def]
    keys = [k if k not in ".-" else {".": "full_stop", "-": "minus"}[k] for k in DIALOGS[dialog]]
    assert snap_compare(sample_app, terminal_size=(120, 40), run_before=_after(*keys))


@pytest.mark.parametrize("theme", ["high-contrast", "colour-blind"])
@pytest.mark.parametrize("pane", ["1", "4", "5"])
def test_themes_restyle_every_state(snap_compare, tmp_path: Path, theme: str, pane: str) -> None:  # type: ignore[no-untyped-def]
    """Critical path, RAG and overdue (roadmap), risk levels (risks), over-allocation and
    near capacity (people) in the theme's colours."""
    db = open_database(str(tmp_path / "snapshot.db"))
    load(db, GLOBAL_LAUNCH)
    with db.write() as s:
        s.execute(text("UPDATE change SET \"when\" = '2027-03-15 09:00:00', who = 'dana'"))
    app = ProgtuiApp(db, today=date(2027, 3, 15), theme=theme)
    assert snap_compare(app, press=[pane], terminal_size=(120, 40), run_before=_loaded)


def test_graph_in_ascii_and_its_add_link_dialog(snap_compare, sample_app: ProgtuiApp) -> None:  # type: ignore[no-untyped-def]
    """The graph drawn with ASCII only (a terminal without UTF-8), and `a` open on DE-REG."""
    from progtui.app.panes.dependencies import DependencyGraph

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        pilot.app.screen.query_one(DependencyGraph).ascii = True
        await pilot.press("3", "a", *"fr-p")
        await _loaded(pilot)

    assert snap_compare(sample_app, terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("pane", ["1", "2", "5"])
def test_ascii_terminal_at_80x24(snap_compare, tmp_path: Path, pane: str) -> None:  # type: ignore[no-untyped-def]
    """A terminal without UTF-8 (the C locale): bars #/=, health R/A/G and the word, | for
    today, ASCII borders, scrollbars and footer; names as they are."""
    db = open_database(str(tmp_path / "snapshot.db"))
    load(db, GLOBAL_LAUNCH)
    with db.write() as s:
        s.execute(text("UPDATE change SET \"when\" = '2027-03-15 09:00:00', who = 'dana'"))
    app = ProgtuiApp(db, today=date(2027, 3, 15), ascii=True)
    keys = [pane, "i"] if pane == "2" else [pane]  # the detail panel's border too
    assert snap_compare(app, press=keys, terminal_size=(80, 24), run_before=_loaded)


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
def test_portfolio_pane(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """Pane 0 over the sample programs: the programs by rank, and the people over-allocated
    across them."""
    from conftest import SAMPLES

    db = open_database(str(tmp_path / "snapshot.db"))
    load(db, *sorted(SAMPLES.glob("*.yaml")))
    with db.write() as s:
        s.execute(text("UPDATE change SET \"when\" = '2027-03-15 09:00:00', who = 'dana'"))
    app = ProgtuiApp(db, today=date(2027, 3, 15))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await _loaded(pilot)
        await pilot.press("0")
        await _loaded(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_program_chooser(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """p over the three sample programs: key, name, health where known, the next one lit."""
    from conftest import SAMPLES

    db = open_database(str(tmp_path / "snapshot.db"))
    load(db, *sorted(SAMPLES.glob("*.yaml")))
    with db.write() as s:
        s.execute(text("UPDATE change SET \"when\" = '2027-03-15 09:00:00', who = 'dana'"))
    app = ProgtuiApp(db, today=date(2027, 3, 15))
    assert snap_compare(app, terminal_size=(100, 30), run_before=_after("p"))
