"""Pane 0, Portfolio, by its keys: the programs by rank with health and why, J/K ranking
them through the save worker, enter opening one, and a shared person's load changed from
another program showing within the live refresh (SPEC 6)."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from conftest import GLOBAL_LAUNCH, RETAIL, SAMPLES, TODAY, _db, capture_notes, settled
from progtui import services
from progtui.app.app import ProgtuiApp
from progtui.app.panes.portfolio import PortfolioPane
from progtui.app.panes.ranked import RankedPane
from progtui.identity import set_user
from progtui.services import editing


def people_of(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return services.organisation(s).people


def rows(app: ProgtuiApp) -> list[tuple[str, ...]]:
    table = app.screen.query_one(PortfolioPane).table
    return [tuple(str(c) for c in row) for row in table.rows]


async def test_0_shows_the_programs_by_rank_and_k_moves_one_up_saved(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH, RETAIL)
    app = ProgtuiApp(db, today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("0")
        await settled(pilot)
        shown = rows(app)
        assert [(r[0], r[1]) for r in shown] == [("1", "GLX"), ("2", "RTX")]
        assert shown[0][2].endswith("red") and shown[0][3].startswith("red on the critical path")
        heat = app.screen.query_one(PortfolioPane).heat_map
        over = [row for row in heat.rows if str(row[1])]
        assert [(str(r[0]), str(r[1])) for r in over][:2] == [
            ("farid", "27-03: GLX 120%"),  # the earliest month over, the most loaded first
            ("omar", "27-03: RTX 120%"),
        ]
        assert str(over[-1][0]) == "greta"  # 2027-06, the latest
        assert len(heat.rows) == len({p.key for p in people_of(db)})  # every person
        line = next(
            heat.render_line(y).text for y in range(1, 8) if "farid" in heat.render_line(y).text
        )
        assert "120%!" in line and "27-03" in heat.render_line(0).text
        await pilot.press("down", "K")
        await settled(pilot)
        assert [(r[0], r[1]) for r in rows(app)] == [("1", "RTX"), ("2", "GLX")]
        assert "RTX to portfolio rank 1" in notes
        await pilot.press("enter")  # opens the program under the cursor (RTX, moved with it)
        await settled(pilot)
        assert app.screen.program == "RTX"  # type: ignore[attr-defined]
    with db.read() as s:
        ranked = [r.key for r in services.portfolio(s, today=TODAY)]
    db.dispose()
    assert ranked == ["RTX", "GLX"]


async def test_a_shared_persons_load_changed_in_another_program_shows_within_the_poll(
    tmp_path: Path,
) -> None:
    """farid works in GLX; bob allocates him to an RTX project from the command line's
    service: alice's open GLX shows farid's whole demand, and RTX's share, after the poll
    (in January: ECOM-PLT's plan runs to February)."""
    db = _db(tmp_path, GLOBAL_LAUNCH, RETAIL)
    with db.write() as s:
        editing.add(
            s,
            program="RTX",
            kind="person",
            values={
                "key": "farid",
                "name": "Farid Haddad",
                "role": "Supply chain lead",
                "capacity": "1.0",
                "cost_rate": "950",
            },
        )
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("5")
        loaded = app.screen.loaded  # type: ignore[attr-defined]
        march = next(pl for pl in loaded.analysis.capacity if pl.key == "farid").months
        before = next(m for m in march if m.month == "2027-01")
        assert before.elsewhere == ()
        set_user("bob")
        with db.write() as s:
            project = services.export_program(s, program="RTX").projects[0].key
            services.allocate(s, program="RTX", person="farid", project=project, fte=0.5)
        set_user(None)
        await pilot.pause(1.2)  # the poll (0.5 s) and a load
        await settled(pilot)
        loaded = app.screen.loaded  # type: ignore[attr-defined]
        march = next(pl for pl in loaded.analysis.capacity if pl.key == "farid").months
        after = next(m for m in march if m.month == "2027-01")
        assert after.own == before.own and after.demand > before.demand
        assert [name for name, _ in after.elsewhere] == ["RTX"]
    db.dispose()


async def test_what_if_w_lists_what_moves_in_the_programs_downstream(tmp_path: Path) -> None:
    """RTX/PAY-UPG slipping 10 working days moves PLT/CHECKOUT-API (FS+5) from 2027-06-07 ..
    09-01 to 06-22 .. 09-16 (hand-computed in tests/unit/test_impact_across.py): `w` on RTX
    lists it after RTX's own moves (GLX's, which nothing depends on, keeps its snapshot)."""
    from progtui.app.dialogs.what_if import WhatIf

    db = _db(tmp_path, GLOBAL_LAUNCH, RETAIL, SAMPLES / "shared-platform.yaml")
    app = ProgtuiApp(db, program="RTX", today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        app.screen.query_one("#roadmap", RankedPane).table.select_key("PAY-UPG")
        await pilot.press("w", "enter")  # the proposed 10 days
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, WhatIf)
        await screen.workers.wait_for_complete()
        await pilot.pause()
        assert [r.program for r in screen.ripples or []] == ["PLT"]
        summary = str(screen.query_one("#what-if-summary", Static).content)
        assert summary.endswith(
            "Nothing is saved. In other programs (PLT): 3 projects and 1 milestone move."
        )
        shown = screen.query_one("#what-if-table", Static).content
        console = Console(width=120, record=True)
        console.print(shown)
        text = console.export_text()
        assert "PLT/CHECKOUT-API" in text and "2027-06-22 .. 2027-09-16" in text
        assert "◆ PLT/CHECKOUT-API: First storefront checks out" in text
        await pilot.press("escape")
    db.dispose()


async def test_p_opens_a_program_chooser_that_filters_as_you_type(tmp_path: Path) -> None:
    """p lists the programs one may read (key, name, health where it is known), typing
    filters them, enter opens the one lit; escape leaves the program on screen."""
    from conftest import ROOT
    from progtui.app.dialogs.choose import Pick
    from progtui.app.widgets.pick import PickField

    platform = ROOT / "sample_data" / "shared-platform.yaml"
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL, platform), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("p")
        await settled(pilot)
        assert isinstance(app.screen, Pick)
        field = app.screen.query_one(PickField)
        assert [label for _, label in field.shown] == [
            "GLX  Global launch of the X product line  ✖ red  (on screen)",
            "PLT  Shared commerce platform",
            "RTX  Retail transformation 2027",
        ]
        await pilot.press(*"pl")  # part of a key
        await settled(pilot)
        assert [key for key, _ in field.shown] == ["PLT"]
        await pilot.press("enter")
        await settled(pilot)
        assert not isinstance(app.screen, Pick)
        assert app.screen.program == "PLT"  # type: ignore[attr-defined]
        assert "Shared commerce platform  PLT" in str(app.screen.query_one("#header").content)
        await pilot.press("p", *"retail", "enter")  # part of a name
        await settled(pilot)
        assert app.screen.program == "RTX"  # type: ignore[attr-defined]
        await pilot.press("p", *"glx", "escape")
        await settled(pilot)
        assert app.screen.program == "RTX"  # type: ignore[attr-defined]


async def test_the_program_chooser_shows_every_programs_health_once_the_portfolio_is_read(
    tmp_path: Path,
) -> None:
    from progtui.app.widgets.pick import PickField

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("0")
        await settled(pilot)
        await pilot.press("p")
        await settled(pilot)
        labels = [label for _, label in app.screen.query_one(PickField).shown]
        assert labels == [
            "GLX  Global launch of the X product line  ✖ red  (on screen)",
            "RTX  Retail transformation 2027  ▲ amber",
        ]
        assert app.screen.query_one(PickField).highlighted() == "RTX"  # p enter: the next
