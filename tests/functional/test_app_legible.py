"""Legible on any terminal (issue 14, points 5, 6, 7, 9, 16): ASCII when the locale cannot
take UTF-8, a header and a status line fitted to the width, the reasons of the program's
health, a roadmap fitted to the program, a footer and tables the scrollbar never cuts."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, RETAIL, TODAY, _db, settled
from progtui.analysis.agenda import agenda
from progtui.app.app import ProgtuiApp
from progtui.app.glyphs import ascii_terminal
from progtui.app.panes.roadmap import MONTHS, RoadmapPane, Timeline, label_step, scale_text
from progtui.app.widgets.key_footer import KeyFooter
from progtui.app.widgets.line_table import LineTable
from progtui.app.widgets.program_header import ProgramHeader
from progtui.app.widgets.status_line import StatusLine


def screen_lines(app: ProgtuiApp) -> list[str]:
    """What the terminal shows, line by line."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


# --- 5: the C locale -------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("environ", "ascii"),
    [
        ({}, True),  # no locale at all is the C locale
        ({"LANG": "C"}, True),
        ({"LANG": "en_GB.UTF-8"}, False),
        ({"LANG": "C.utf8"}, False),
        ({"LC_CTYPE": "en_US.UTF-8", "LANG": "C"}, False),  # LC_CTYPE before LANG
        ({"LC_ALL": "C", "LC_CTYPE": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, True),  # LC_ALL wins
        ({"LC_ALL": "POSIX"}, True),
        ({"LC_ALL": "de_DE.ISO-8859-1"}, True),
        ({"LC_ALL": "C", "PROGTUI_ASCII": "0"}, False),  # the override wins
        ({"LANG": "en_GB.UTF-8", "PROGTUI_ASCII": "1"}, True),
    ],
)
def test_ascii_is_chosen_from_the_effective_locale(environ: dict[str, str], ascii: bool) -> None:
    assert ascii_terminal(environ) is ascii


def test_pythons_c_locale_coercion_does_not_pass_for_a_utf8_terminal() -> None:
    """Started in the C locale, Python sets LC_CTYPE=C.UTF-8 in its own environment (PEP 538);
    the terminal still cannot take UTF-8, and the detection reads what the process was given."""
    probe = (
        "import os; from progtui.app.glyphs import ascii_terminal; "
        "print(os.environ.get('LC_CTYPE'), ascii_terminal())"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe],
        env={"LANG": "C", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert out[-1] == "True"
    assert out[0] in ("C.UTF-8", "C.utf8", "UTF-8", "None")  # coerced where the OS can


def test_the_command_line_flag_and_variable_choose_ascii(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from progtui.cli import app as cli_app

    seen: list[bool] = []

    class Probe(ProgtuiApp):
        def run(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            seen.append(self.glyphs.ascii)

    import progtui.app.app as app_module

    original = app_module.ProgtuiApp
    app_module.ProgtuiApp = Probe  # type: ignore[misc]
    try:
        runner = CliRunner()
        db = str(tmp_path / "x.db")
        runner.invoke(cli_app, ["--db", db, "--ascii", "tui"], catch_exceptions=False)
        runner.invoke(cli_app, ["--db", db, "--unicode", "tui"], catch_exceptions=False)
        runner.invoke(cli_app, ["--db", db, "tui"], env={"PROGTUI_ASCII": "1"})
        runner.invoke(cli_app, ["--db", db, "tui"], env={"PROGTUI_ASCII": "0"})
    finally:
        app_module.ProgtuiApp = original  # type: ignore[misc]
    assert seen == [True, False, True, False]


async def test_in_ascii_everything_drawn_is_ascii_but_the_names(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL), today=TODAY, ascii=True)
    data_letters = set("èéÈ")  # Bruno Lefèvre, Inès Dupont: names stay as they are
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        roadmap = screen_lines(app)
        assert roadmap[0].split("  ")[1] == "R red"  # health as a letter and the word
        row = next(line for line in roadmap if "FR-REG" in line)
        assert " R  FR-REG" in row and "#" in row and "|" in row  # bars, today
        assert any("=" in line for line in roadmap if "ES-TV" in line)  # the plan
        assert "|^p palette" in roadmap[-1]
        for pane in ("1", "2", "3", "4", "5", "6", "0", "i"):
            await pilot.press(pane)
            await settled(pilot)
            for line in screen_lines(app):
                assert set(line) - data_letters <= set(map(chr, range(32, 127))), (pane, line)
        assert app.has_class("-ascii")
        await pilot.press("2")
        await settled(pilot)
        projects = next(line for line in screen_lines(app) if "FR-PKG" in line)
        assert "R red" in projects
        await pilot.press("H")
        await settled(pilot)
        dialog = app.screen.query_one("VerticalScroll")
        assert dialog.styles.border_top[0] == "ascii"


async def test_in_ascii_every_pane_and_the_detail_panel_draw_ascii_at_120_columns(
    tmp_path: Path,
) -> None:
    """Wide enough for the detail panel beside each pane (health reasons, milestones, the
    risk heat map's header): nothing but ASCII, besides the names of the data."""
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL), today=TODAY, ascii=True)
    data_letters = set("èéÈ")
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        for pane in ("1", "down", "down", "2", "3", "4", "5", "6", "0"):
            await pilot.press(pane)
            await settled(pilot)
            for line in screen_lines(app):
                assert set(line) - data_letters <= set(map(chr, range(32, 127))), (pane, line)


# --- 6: the header and the status line --------------------------------------------------------
KPI = {
    "on-time": r"on-time \d+%",
    "CPI": r"CPI \d\.\d\d",
    "util": r"util \d+%",
    "benefits": r"benefits \d+%",
    "risk": r"risk \d+",
}


@pytest.mark.parametrize("width", [70, 80, 120, 200])
async def test_the_header_drops_whole_kpis_and_the_status_line_says_where_you_are(
    tmp_path: Path, width: int
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH, RETAIL), today=TODAY)
    async with app.run_test(size=(width, 30)) as pilot:
        await settled(pilot)
        await pilot.press("2", "o")  # sorted by health
        await settled(pilot)
        lines = screen_lines(app)
        status = lines[-2]
        head = str(app.query_one(ProgramHeader).content)
        assert len(head) <= width - 2
        assert "✖ red  " in head or head.endswith("✖ red")  # words never run together
        for name, pattern in KPI.items():
            if name in head:  # a KPI shown is shown whole, number included
                assert re.search(pattern, head), (name, head)
        assert re.search(KPI["on-time"], head)  # the most important stays
        text = app.query_one(StatusLine).text
        assert len(text) <= width - 2 and text.strip() in status
        assert "2 Projects" in text
        if width >= 120:
            assert re.search(KPI["CPI"], head) and re.search(KPI["risk"], head)
            assert text.startswith("program 1/2 · 2 Projects · sorted by health")
            assert re.search(r"✎ \S+ \d{4}-\d\d-\d\d \d\d:\d\d program import$", text)
        if width == 200:
            assert all(re.search(p, head) for p in KPI.values())
            assert "GLX" in head and "2027-03-15" in head
        if width == 70:
            assert "util" not in head and "benefits" not in head
        await pilot.press("1")
        await settled(pilot)
        text = app.query_one(StatusLine).text
        assert "1 Roadmap" in text
        if width >= 120:
            assert re.search(r"1 Roadmap · (a|2|4) \w+ a cell, whole program", text)


# --- 7: why the program has its health --------------------------------------------------------
async def test_H_lists_the_reasons_of_the_programs_health_as_the_agenda_words_them(
    tmp_path: Path,
) -> None:
    from progtui.app.dialogs.health import HealthReasons

    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("H")
        await settled(pilot)
        assert isinstance(app.screen, HealthReasons)
        shown = str(app.screen.query_one("Static").content)
        assert shown.startswith("Program health ✖ red: red on the critical path: FR-PKG")
        a = app.loaded.analysis  # type: ignore[union-attr]
        reds = [item for item in agenda(a) if item.why.startswith("red: ")]
        assert reds
        for item in reds:  # the agenda's words for each red project's health (not its float,
            # nor the data warnings the agenda adds: those are no reason of the health)
            parts = item.why.split("; ")
            health = [p for p in parts if not p.startswith(("critical with", "broken dep"))]
            assert "; ".join(health) in shown.replace("\n", " ")
        assert "DE-REG Germany regulatory approval: amber:" in shown
        await pilot.press("H")
        assert not isinstance(app.screen, HealthReasons)


# --- 9: the roadmap ---------------------------------------------------------------------------
def _month_at(t: Timeline, cell: int, step: int) -> date:
    """The first of a month in *cell* that a label every *step* months names (a cell of two
    months holds two firsts)."""
    day, firsts = t.start(cell), []
    while day < t.start(cell + 1):
        if day.day == 1:
            firsts.append(day)
        day += timedelta(days=1)
    (first,) = [f for f in firsts if (f.month - 1) % min(step, 12) == 0]
    return first


@pytest.mark.parametrize("days", [1, 2, 4, 7, 14, 30, 61, 91, 182])
@pytest.mark.parametrize("width", [40, 61, 100, 181])
def test_month_labels_never_skip_or_collide(days: int, width: int) -> None:
    t = Timeline(date(2026, 11, 17), days)
    scale = scale_text(t, width).plain.replace("Jan ", "Jan_")
    assert len(scale) == width
    labels = [(m.start(), m.group().replace("Jan_", "Jan ")) for m in re.finditer(r"\S+", scale)]
    assert labels
    step = label_step(days)
    months = []
    for (start, label), nxt in zip(labels, [*labels[1:], None], strict=True):
        first = _month_at(t, start, step)  # the label is where its month begins
        if first.month == 1:
            assert label in (f"Jan {first.year}", str(first.year), f"'{first:%y}")
        else:
            assert label == MONTHS[first.month - 1]
        months.append(first.year * 12 + first.month - 1)
        if nxt is not None:
            assert start + len(label) < nxt[0]  # a space between labels
    assert all(b - a == step for a, b in itertools.pairwise(months))  # none skipped


async def test_the_roadmap_fits_the_program_widens_names_and_zooms_around_today(
    tmp_path: Path,
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(200, 40)) as pilot:
        await settled(pilot)
        pane = app.query_one(RoadmapPane)
        first, last = pane.span  # type: ignore[misc]
        t = pane.timeline
        width = pane.flex_width
        assert t.origin == first and 0 <= t.cell(last) < width  # all of it on screen
        assert t.cell(last) >= width // 2  # and filling the width, not years past the end
        lines = screen_lines(app)
        assert "2029" not in lines[1]  # the program ends in 2028
        assert "France packaging and localization" in next(x for x in lines if "FR-PKG" in x)
        today = t.cell(TODAY)
        await pilot.press("plus")
        zoomed = pane.timeline
        assert zoomed.days < t.days and zoomed.cell(TODAY) == today  # today stays in place
        await pilot.press("minus", "minus")
        assert pane.timeline.days > t.days and pane.timeline.cell(TODAY) == today
        await pilot.press("l", "l", "l", "l", "l", "l", "l", "l", "l", "l")
        assert pane.timeline.start(pane.flex_width) > last  # beyond the program's end
    async with ProgtuiApp(_db(tmp_path / "80", GLOBAL_LAUNCH), today=TODAY).run_test(
        size=(80, 24)
    ) as pilot:
        await settled(pilot)
        row = next(x for x in screen_lines(pilot.app) if "FR-PKG" in x)
        assert "France packaging an…" in row  # 20 cells at 80 columns


async def test_today_is_drawn_over_the_bars_and_health_is_a_symbol_on_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        pane = app.query_one(RoadmapPane)
        today = pane.timeline.cell(TODAY)
        lines = screen_lines(app)
        offset = lines[1].index("Mar") - pane.timeline.cell(date(2027, 3, 1))
        symbols = {}
        for line in lines[2:17]:
            found = re.match(r"\s*\d+ (.)\s+!?(\S+)", line)
            assert found
            symbol, key = found.groups()
            symbols[key] = symbol.strip()
            if key in ("FR-REG", "EU-SUP"):  # active across today
                assert line[offset + today] == "│", line
        assert symbols["FR-REG"] == "✖" and symbols["DE-REG"] == "▲"
        assert symbols["IT-REG"] == "●" and symbols["DE-PKG"] == ""  # done: no health


# --- 16: footer and scrollbar -----------------------------------------------------------------
@pytest.mark.parametrize("width", [70, 80, 120])
async def test_the_footer_leaves_out_whole_entries(tmp_path: Path, width: int) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(width, 24)) as pilot:
        await settled(pilot)
        footer = screen_lines(app)[-1]
        assert footer.rstrip().endswith("▏^p palette")
        shown = footer.rsplit("▏", 1)[0].split("  ")
        entries = {"w What-if", "1 Roadmap", "2 Projects", "3 Graph", "4 Risks", "5 People"}
        entries |= {"6 Log", "0 Portfolio", "⏎ Detail", "d Decision", "a Reallocate"}
        entries |= {"p Program", "? Help"}
        entries |= {"q Quit"}
        for entry in (e.strip() for e in shown):
            assert not entry or entry in entries, footer
        assert app.screen.query_one(KeyFooter)


async def test_the_scrollbar_never_covers_a_column(tmp_path: Path) -> None:
    from conftest import cli

    big = tmp_path / "p100.yaml"
    cli("sample", "--projects", "100", "--seed", "7", "--years", "2", "-o", str(big))
    app = ProgtuiApp(_db(tmp_path, big), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        for pane, table_id in (("1", "#roadmap-table"), ("2", "#projects-table")):
            await pilot.press(pane)
            await settled(pilot)
            for _ in range(12):  # past rank 10
                await pilot.press("down")
            await settled(pilot)
            table = app.query_one(table_id, LineTable)
            assert table.show_vertical_scrollbar and not table.show_horizontal_scrollbar
            assert table.width_inside == 78
            lines = screen_lines(app)
            header = lines[1]
            assert header[:78].rstrip() == table.render_line(0).text.rstrip()
            rows = [line for line in lines[2:-3] if re.match(r"\s+\d+ ", line)]
            ranks = [int(line.split()[0]) for line in rows]
            assert ranks == list(range(ranks[0], ranks[0] + len(ranks)))
            keys = {line.index("PRJ") for line in rows}
            assert len(keys) == 1  # the key column stays put, rank 9 or 13
            if pane == "2":  # the last column (slip) whole, left of the scrollbar
                assert header[:78].rstrip().endswith("slip")


# --- 17: the first frame before the heavy modules ------------------------------------------------
def test_the_app_module_imports_nothing_heavy() -> None:
    """What the first frame needs is Textual and small leaves; SQLAlchemy, the services and the
    analysis are imported by a worker once it is drawn."""
    probe = (
        "import sys, progtui.app.app; "
        "print(*(m in sys.modules for m in ('sqlalchemy', 'progtui.services', "
        "'progtui.analysis', 'networkx', 'progtui.app.screens.main')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False"] * 5


async def test_given_an_opener_the_skeleton_comes_first_then_the_program(tmp_path: Path) -> None:
    import asyncio

    db = _db(tmp_path, GLOBAL_LAUNCH)
    opened: list[str] = []

    def opener():  # type: ignore[no-untyped-def]
        opened.append(type(app.screen).__name__)  # what was on screen meanwhile
        return db

    app = ProgtuiApp(opener, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            if app.loaded is not None and app.loaded.analysis is not None:
                break
            await asyncio.sleep(0.05)
        await settled(pilot)
        assert opened == ["Skeleton"]
        assert screen_lines(app)[0].startswith(" Global launch of the X product line")
        await pilot.press("2")
        await settled(pilot)
        assert app.query_one("ContentSwitcher").current == "projects"


def test_every_people_month_cell_is_as_wide_as_its_column() -> None:
    """A person without capacity (∞) took a cell less and moved every month after it."""
    from progtui.app.panes.people import CELL, month_cell

    cells = [month_cell(1.0, 0), month_cell(0, 0), month_cell(0.5, 1), month_cell(2.5, 1)]
    assert {c.cell_len + 1 for c in cells} == {CELL}
    assert month_cell(1.0, 0).plain.endswith("∞!")  # right-aligned as the numbers are


async def test_beside_the_detail_panel_the_name_gives_way_not_the_health(tmp_path: Path) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settled(pilot)
        await pilot.press("2", "i")
        await settled(pilot)
        table = app.query_one("#projects-table", LineTable)
        assert table.render_line(0).text.split()[-1] == "health"
        rows = [table.render_line(y).text for y in range(1, 16)]
        assert any(row.rstrip().endswith("✖ red") for row in rows)
        assert any(row.rstrip().endswith("▲ amber") for row in rows)
