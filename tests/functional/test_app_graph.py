"""Pane 3, the dependency graph, driven by its keys: shown from every pane, the selected
project's links highlighted (and only they), links followed, added and removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style

from conftest import GLOBAL_LAUNCH, RETAIL, TODAY, _db, capture_notes, settled
from progtui import identity, services
from progtui.app.app import ProgtuiApp
from progtui.app.dialogs.choose import Choose, Confirm
from progtui.app.dialogs.link import AddLink
from progtui.app.panes.dependencies import DependencyGraph
from progtui.app.widgets.line_table import LineTable
from progtui.reports import graph as g


def graph(app: ProgtuiApp) -> DependencyGraph:
    return app.query_one(DependencyGraph)


def screen_lines(app: ProgtuiApp) -> list[str]:
    pane = graph(app)
    return [pane.render_line(y).text for y in range(pane.size.height)]


def deps(db, key: str) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        project = next(
            p for p in services.export_program(s, program="GLX").projects if p.key == key
        )
    return [(x.project, x.type, x.lag) for x in project.depends_on]


async def select_on_roadmap(pilot, key: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("1")
    pilot.app.query_one("#roadmap-table", LineTable).select_key(key)
    await pilot.pause()


@pytest.mark.parametrize("pane", ["4", "5", "6"])
async def test_the_graph_shows_when_entered_from_panes_about_other_things(
    tmp_path: Path, pane: str
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press(pane, "3")
        await pilot.pause()
        lines = screen_lines(app)
        assert lines[0].startswith("links")
        shown = [line for line in lines[1:] if line.strip()]
        assert len(shown) == 15  # every project, the cancelled one too
        es_tv = next(line for line in shown if " ES-TV " in line)
        assert es_tv.startswith("×") and "cancelled" in es_tv
        assert graph(app).selected is not None


async def test_selecting_a_project_highlights_exactly_its_links_and_labels(
    tmp_path: Path,
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await select_on_roadmap(pilot, "ES-REG")
        await pilot.press("3")
        pane = graph(app)
        assert pane.selected == "ES-REG"
        lay = pane.lay
        assert lay is not None
        for i, link in enumerate(lay.links):
            mine = "ES-REG" in (link.pred, link.succ)
            assert (pane.role(i) == g.LINKED) == mine, link
        linked = Style.parse("bold yellow")
        # ES-DIG's row: ES-REG's FS label is highlighted, ES-PKG's FF label is not
        row = pane.row_text(lay.row["ES-DIG"], 120)
        plain = row.plain
        start = plain.index("ES-REG FS")
        other = plain.index("ES-PKG FF")
        assert row.get_style_at_offset(app.console, start).bold
        assert row.get_style_at_offset(app.console, start).color == linked.color
        assert row.get_style_at_offset(app.console, other).color != linked.color
        # the lane to ES-TV (cancelled, far below) is highlighted on every row it passes
        to_tv = next(x for x in lay.links if x.succ == "ES-TV")
        for r in range(to_tv.source + 1, to_tv.target):
            ch, role = pane.lane_cells(r)[g.lane_x(to_tv.lane)]
            assert ch in "┃╂╋" and role == g.LINKED  # heavy: it shows without colour too
        await pilot.press("down")  # ES-PKG: now its links, and not ES-REG's
        assert pane.selected == "ES-PKG"
        assert {i for i in range(len(lay.links)) if pane.role(i) == g.LINKED} == {
            i for i, x in enumerate(lay.links) if "ES-PKG" in (x.pred, x.succ)
        }


async def test_keys_follow_links_to_successors_and_predecessors(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("3")  # DE-REG was selected on the roadmap: still selected
        pane = graph(app)
        assert pane.selected == "DE-REG"
        await pilot.press("enter")  # its one successor
        assert pane.selected == "DE-MKT"
        await pilot.press("right")  # two successors: which?
        assert isinstance(app.screen, Choose)
        await pilot.press("down", "enter")
        assert pane.selected == "CX-TRN"
        await pilot.press("left")  # its one predecessor
        assert pane.selected == "DE-MKT"
        await pilot.press("left")
        assert pane.selected == "DE-REG"
        await pilot.press("left")  # EU-SUP or DE-PKG
        assert isinstance(app.screen, Choose)
        assert [k for k, _ in app.screen.choices] == ["EU-SUP", "DE-PKG"]  # by lane
        await pilot.press("down", "enter")
        assert pane.selected == "DE-PKG"
        await pilot.press("1")
        assert app.query_one("#roadmap-table", LineTable).current_key == "DE-PKG"


async def test_a_adds_a_link_and_delete_removes_one_through_the_save_worker(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await select_on_roadmap(pilot, "CX-TRN")
        await pilot.press("3", "a")
        await pilot.pause()
        assert isinstance(app.screen, AddLink)
        await pilot.press(*"es-r", "enter", "backspace", "backspace", *"ss", "enter")  # ES-REG
        await pilot.press("backspace", "3", "enter")
        await settled(pilot)
        assert deps(db, "CX-TRN") == [("DE-MKT", "SF", 5), ("ES-REG", "SS", 3)]
        assert "CX-TRN now depends on ES-REG (SS+3)" in notes
        pane = graph(app)
        row = next(line for line in screen_lines(app) if " CX-TRN " in line)
        assert "DE-MKT SF+5, ES-REG SS+3" in row or "ES-REG SS+3, DE-MKT SF+5" in row

        # a cycle is refused in one line naming it; nothing is written
        pane.select("DE-PKG")
        await pilot.press("a", *"FR-MKT", "enter", "enter", "enter")
        await settled(pilot)
        assert notes[-1] == (
            "DE-PKG cannot depend on FR-MKT: that would close the cycle "
            "FR-MKT → DE-PKG → DE-REG → DE-MKT → FR-MKT"
        )
        assert deps(db, "DE-PKG") == []

        # delete: which of CX-TRN's two links, then confirm
        pane.select("CX-TRN")
        await pilot.press("delete")
        assert isinstance(app.screen, Choose)
        labels = [label for _, label in app.screen.choices]
        assert labels == ["ES-REG → CX-TRN  SS+3", "DE-MKT → CX-TRN  SF+5"]  # by lane
        await pilot.press("enter")
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await settled(pilot)
        assert deps(db, "CX-TRN") == [("DE-MKT", "SF", 5)]
        await pilot.press("u")  # undone as any change
        await settled(pilot)
        assert deps(db, "CX-TRN") == [("DE-MKT", "SF", 5), ("ES-REG", "SS", 3)]


async def test_a_link_on_a_stale_screen_is_refused_saying_who(tmp_path: Path) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await select_on_roadmap(pilot, "CX-TRN")
        await pilot.press("3", "a", *"EU-WEB", "enter", "enter")
        identity.set_user("bob")  # meanwhile, from the command line
        with db.write() as s:
            services.set_percent(s, program="GLX", project="CX-TRN", percent=10)
        identity.set_user(None)
        await pilot.press("enter")
        await settled(pilot)
        assert any("bob changed project:CX-TRN" in n for n in notes), notes
        assert deps(db, "CX-TRN") == [("DE-MKT", "SF", 5)]


async def test_the_pane_draws_in_ascii_when_asked(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        pane = graph(app)
        await pilot.press("3")
        await pilot.pause()
        assert not all(line.isascii() for line in screen_lines(app))
        pane.ascii = True  # the app sets it from the terminal's encoding
        await pilot.pause()
        lines = [line for line in screen_lines(app)[1:] if line.strip()]
        assert len(lines) == 15
        assert all(line.isascii() for line in lines), lines
        de_reg = next(line for line in lines if " DE-REG " in line)
        assert de_reg.startswith("*---'-'-.")  # EU-SUP, DE-PKG arrive; DE-MKT leaves


async def test_the_pane_draws_under_no_color(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR's monochrome filter takes every segment's style: the graph crashed the app."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("3", "down")
        await pilot.pause()
        assert app.is_running and app.return_code is None
        assert any(" DE-MKT " in line for line in screen_lines(app))


PLATFORM = GLOBAL_LAUNCH.parent / "shared-platform.yaml"


def key_column(app: ProgtuiApp) -> list[str]:
    """The keys of the rows on screen, top to bottom."""
    pane = graph(app)
    lanes_w = pane._columns()[0]
    return [line[lanes_w + 1 :].split()[0] for line in screen_lines(app)[1:] if line.strip()]


async def test_another_programs_project_is_a_row_and_enter_follows_into_it(
    tmp_path: Path,
) -> None:
    """PLT's checkout API waits for RTX's payments upgrade: the graph shows RTX/PAY-UPG right
    above it, with the link's label and RTX's forecast; enter on it opens RTX with PAY-UPG
    selected, where PLT's checkout API is a row below it, and enter on that comes back."""
    from progtui.app.screens.main import MainScreen

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL, PLATFORM), program="PLT", today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(pilot)
        await select_on_roadmap(pilot, "CHECKOUT-API")
        await pilot.press("3")
        await settled(pilot)
        pane = graph(app)
        keys = key_column(app)
        assert keys.index("RTX/PAY-UPG") == keys.index("CHECKOUT-API") - 1
        lines = screen_lines(app)
        pay = next(line for line in lines if " RTX/PAY-UPG  " in line)
        assert pay.startswith("◇") and "Payment systems upgrade" in pay and "2027-05-28" in pay
        checkout = next(line for line in lines if " CHECKOUT-API " in line)
        assert "RTX/PAY-UPG FS+5" in checkout
        # ← from the checkout API: RTX's project is one of its two predecessors (first by lane)
        await pilot.press("left")
        assert isinstance(app.screen, Choose)
        assert [k for k, _ in app.screen.choices] == ["RTX/PAY-UPG", "CAT-API"]
        await pilot.press("enter")
        assert pane.selected == "RTX/PAY-UPG"
        screen = app.screen
        assert isinstance(screen, MainScreen) and screen.selected_project() is None
        # in the other program's style while neither it nor its neighbours are selected
        pane.select("PLT-ARCH")
        row = pane.row_text(pane.lay.row["RTX/PAY-UPG"], 120)  # type: ignore[union-attr]
        start = row.plain.index("RTX/PAY-UPG")
        assert any(
            s.start <= start < s.end and Style.parse("italic cyan") == s.style for s in row.spans
        )
        pane.select("RTX/PAY-UPG")
        await pilot.press("enter")  # into RTX
        await settled(pilot)
        assert screen.program == "RTX" and pane.selected == "PAY-UPG"
        keys = key_column(app)
        assert keys.index("PLT/CHECKOUT-API") == keys.index("PAY-UPG") + 1
        waits = next(line for line in screen_lines(app) if " PLT/CHECKOUT-API " in line)
        assert "Unified checkout API" in waits and "PAY-UPG FS+5" in waits
        await pilot.press("down", "right")  # and back to PLT, the checkout API selected
        await settled(pilot)
        assert screen.program == "PLT" and pane.selected == "CHECKOUT-API"
        await pilot.press("1")
        assert app.query_one("#roadmap-table", LineTable).current_key == "CHECKOUT-API"
    assert not any("may not" in n for n in notes), notes


async def test_a_program_one_may_not_read_is_not_named_nor_opened(tmp_path: Path) -> None:
    """RTX is closed to alice: on PLT's graph its project keeps the key PLT's own link names,
    not its name; enter on it says she may not open RTX and stays on PLT."""
    closed = tmp_path / "retail-transformation.yaml"
    closed.write_text(
        RETAIL.read_text().replace(
            "  owner: sam\n", "  owner: sam\n  access: {editors: [], viewers: []}\n", 1
        )
    )
    identity.set_user("sam")
    db = _db(tmp_path, GLOBAL_LAUNCH, closed, PLATFORM)
    identity.set_user("alice")
    app = ProgtuiApp(db, program="PLT", today=TODAY)
    notes = capture_notes(app)
    async with app.run_test(size=(120, 30)) as pilot:
        await settled(pilot)
        await pilot.press("3")
        await settled(pilot)
        pane = graph(app)
        pane.select("RTX/PAY-UPG")
        await pilot.pause()
        pay = next(line for line in screen_lines(app) if " RTX/PAY-UPG  " in line)
        assert "Payment systems upgrade" not in pay and g.HIDDEN_NAME in pay
        await pilot.press("enter")
        await settled(pilot)
        assert notes[-1] == "you may not open RTX"
        assert app.screen.program == "PLT" and pane.selected == "RTX/PAY-UPG"  # type: ignore[attr-defined]


async def test_an_ascii_terminal_gets_an_ascii_graph_headers_and_all(tmp_path: Path) -> None:
    """The app built for a terminal without UTF-8 (cli: the locale or --ascii) draws the
    graph pane, its header and the rest of the screen in ASCII (GLX's names are ASCII)."""
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY, ascii=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("3")
        await settled(pilot)
        lines = screen_lines(app)
        assert any("after (type+-lag)" in line for line in lines)
        assert all(line.isascii() for line in lines), [x for x in lines if not x.isascii()]


@pytest.mark.parametrize("ascii", [False, True])
async def test_the_graphs_heads_are_never_cut_at_80_columns(tmp_path: Path, ascii: bool) -> None:
    """RTX's long keys leave its one lane a single cell and PLT's three: the lanes' head is
    then left blank rather than cut to `l` or `lin`; each head is whole or not there."""
    from conftest import SAMPLES

    db = _db(tmp_path, GLOBAL_LAUNCH, RETAIL, SAMPLES / "shared-platform.yaml")
    app = ProgtuiApp(db, today=TODAY, ascii=ascii)
    heads = {"links", "key", "name", "after", "(type±lag)", "(type+-lag)", "finish", "float"}
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for program in ("GLX", "RTX", "PLT"):
            assert app.main is not None
            app.main.program = program
            app.main.reload()
            await settled(pilot)
            await pilot.press("3")
            await settled(pilot)
            head = screen_lines(app)[0].split()
            assert set(head) <= heads and {"key", "name", "finish"} <= set(head), (program, head)
