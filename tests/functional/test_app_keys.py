"""The list keys of k9s and lazygit (j/k, g/G, ctrl+d/ctrl+u) in every list pane and dialog
list, driven by Pilot; J/K (and shift+arrows) still move the selected project."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, TODAY, _db, settled
from progtui import services
from progtui.app.app import ProgtuiApp
from progtui.app.keymap import bindings
from progtui.app.panes.ranked import RankedPane
from progtui.app.widgets.line_table import LineTable

PANES = [("1", "#roadmap-table"), ("2", "#projects-table"), ("4", "#risks-table")]
PANES += [("5", "#people-table"), ("6", "#log-table")]


@pytest.mark.parametrize(("pane", "table_id"), PANES)
async def test_j_k_g_G_and_half_pages_move_the_cursor_in_every_list_pane(
    tmp_path: Path, pane: str, table_id: str
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    for rank in (8, 3, 5, 2, 4):  # a log long enough to move in
        with db.write() as s:
            services.move(s, program="GLX", project="DE-REG", rank=rank)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press(pane)
        await pilot.pause()
        table = app.query_one(table_id, LineTable)
        assert table.has_focus
        last = len(table.keys) - 1
        assert last >= 5
        await pilot.press("g")
        assert table.cursor == 0
        await pilot.press("j", "j")
        assert table.cursor == 2
        await pilot.press("k")
        assert table.cursor == 1
        await pilot.press("G")
        assert table.cursor == last
        half = max((table.size.height - 1) // 2, 1)  # half the rows on screen
        await pilot.press("ctrl+u")
        assert table.cursor == max(last - half, 0)
        await pilot.press(*["ctrl+u"] * last)
        assert table.cursor == 0  # stops at the first
        half = max((table.size.height - 1) // 2, 1)  # (People's table shares the pane)
        await pilot.press("ctrl+d")
        assert table.cursor == min(half, last) > 1
        assert table.current_key == table.keys[min(half, last)]


async def test_J_K_still_move_the_project_and_j_k_only_the_cursor(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)

    def ranks() -> list[str]:
        with db.read() as s:
            return [p.key for p in services.export_program(s, program="GLX").projects]

    before = ranks()
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "j", "j")  # the cursor on FR-REG, nothing saved
        await settled(pilot)
        assert ranks() == before
        await pilot.press("J")
        await settled(pilot)
        assert ranks().index("FR-REG") == 3
        await pilot.press("K", "shift+up")
        await settled(pilot)
        assert ranks().index("FR-REG") == 1


async def test_j_k_g_G_in_the_dialog_lists(tmp_path: Path) -> None:
    from progtui.app.dialogs.choose import Choose
    from progtui.app.widgets.navigation import ListScroll, PickList

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(100, 20)) as pilot:
        await settled(pilot)
        await pilot.press("2", "delete")  # DE-REG's milestones and allocations to pick from
        await pilot.pause()
        assert isinstance(app.screen, Choose)
        pick = app.screen.query_one(PickList)
        assert pick.option_count >= 3
        await pilot.press("j", "j")
        assert pick.highlighted == 2
        await pilot.press("k")
        assert pick.highlighted == 1
        await pilot.press("G")
        assert pick.highlighted == pick.option_count - 1
        await pilot.press("g")
        assert pick.highlighted == 0
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("W")  # the WSJF advice: a list longer than its dialog
        await pilot.pause()
        scroll = app.screen.query_one(ListScroll)
        assert scroll.max_scroll_y > 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert scroll.scroll_y == 2
        await pilot.press("G")
        await pilot.pause()
        assert scroll.scroll_y == scroll.max_scroll_y
        await pilot.press("g")
        await pilot.pause()
        assert scroll.scroll_y == 0


def test_the_list_keys_and_the_move_keys_have_one_action_in_every_pane() -> None:
    """In each chain of classes active at once (app, screen, pane, table), the list keys and
    J/K/shift+arrows are bound to one action each: nothing nearer takes them over."""
    from progtui.app.panes.portfolio import PortfolioPane
    from progtui.app.screens.main import PANE_CHAINS, MainScreen

    keys = ("j", "k", "g", "G", "ctrl+d", "ctrl+u", "J", "K", "shift+up", "shift+down")
    for chain in PANE_CHAINS[:-1]:  # the panes with a table (the graph has its own keys)
        actions: dict[str, set[str]] = {}
        for scope in (ProgtuiApp, MainScreen, *chain):
            for b in bindings(scope):
                for key in b.key.split(","):
                    actions.setdefault(key, set()).add(b.action)
        ranked = issubclass(chain[0], RankedPane | PortfolioPane)  # projects; programs
        expected = {
            "j": {"cursor(1)"},
            "k": {"cursor(-1)"},
            "g": {"jump(0)"},
            "G": {"jump(-1)"},
            "ctrl+d": {"half_page(1)"},
            "ctrl+u": {"half_page(-1)"},
            "J": {"move(1)"} if ranked else None,
            "K": {"move(-1)"} if ranked else None,
            "shift+up": {"move(-1)"} if ranked else None,
            "shift+down": {"move(1)"} if ranked else None,
        }
        assert {k: actions.get(k) for k in keys} == expected, chain[0].__name__


async def test_a_keymap_that_takes_J_for_the_list_is_reported_and_j_can_be_remapped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import capture_notes

    config = tmp_path / "progtui"
    config.mkdir()
    (config / "config.yaml").write_text("keymap:\n  table.last: J\n  table.down: down,n\n")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        (note,) = notes
        assert "keymap: 'J' is bound to both projects.rank_down and table.last" in note
        assert "keymap: 'n' is bound to both item.add and table.down" in note
        await pilot.press("2", "j")  # j is no longer the table's: the cursor stays
        assert app.query_one("#projects-table", LineTable).cursor == 0


async def test_the_list_keys_are_typed_in_the_filter_not_taken_as_moves(tmp_path: Path) -> None:
    from textual.widgets import Input

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "slash", *"Germany jkgG")
        await pilot.pause()
        assert app.query_one("#filter", Input).value == "Germany jkgG"
        await pilot.press("ctrl+u")  # Input's own: clears to the start of the line
        await pilot.press(*"Germany", "enter")
        await pilot.pause()
        table = app.query_one("#projects-table", LineTable)
        assert table.keys == ["DE-REG", "DE-MKT", "DE-PKG"]
        await pilot.press("G")  # back on the table: to the last
        assert table.current_key == "DE-PKG"
