"""Pane 0, Portfolio: one row a program you may read, by portfolio rank (SPEC 6), and under
it the people-by-month heat map over every program: each person's load per month from this
one on (`!` over capacity), those over-allocated first, with the programs that load them.
enter opens the program; J/K move it in the portfolio."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from progtui.analysis.capacity import Month, PersonLoad
from progtui.analysis.portfolio import PortfolioKpis, ProgramRow
from progtui.app.glyphs import UNICODE, Glyphs
from progtui.app.panes.people import months_text
from progtui.app.widgets.line_table import Column, LineTable
from progtui.reports.look import MARKS, rag_style
from progtui.text import one_line

COLUMNS = [
    Column("rank", "#", 3, right=True),
    Column("key", "program", 8),
    Column("health", "health", 8),
    Column("why", "why", flexible=True),
    Column("finish", "finish", 10, keep=1),
    Column("slip", "slip", 5, right=True, keep=1),
    Column("cpi", "CPI", 5, right=True, keep=2),
    Column("spi", "SPI", 5, right=True, keep=3),
    Column("eac", "EAC", 11, right=True, keep=5),
    Column("on_time", "on-time", 7, right=True, keep=6),
    Column("benefits", "benefit", 7, right=True, keep=6),
    Column("risk", "risk", 4, right=True, keep=4),
    Column("crit", "crit", 4, right=True, keep=5),
    Column("over", "over-allocated", 16, keep=2),
]
PEOPLE_COLUMNS = [
    Column("key", "person", 10),
    Column("by", "over-allocated by", 24, keep=1),
    Column("months", "", flexible=True),
]


@dataclass(frozen=True, slots=True)
class PortfolioData:
    """What the pane shows, read in a worker: the rows, the KPIs, and the load of every
    person of the database (services.organisation through analysis.capacity)."""

    rows: list[ProgramRow]
    kpis: PortfolioKpis
    people: tuple[PersonLoad, ...]
    month: str  # today's, "2027-03"


def _num(value: float | None, fmt: str = "{:.2f}", none: str = "—") -> str:
    return none if value is None else fmt.format(value)


class PortfolioPane(Vertical):
    """The programs by portfolio rank, then who is over-allocated across them."""

    DEFAULT_CSS = """
    PortfolioPane #portfolio-table { max-height: 70%; }
    PortfolioPane #portfolio-people-head { padding: 1 0 0 0; }
    PortfolioPane #portfolio-people { height: 1fr; }
    /* the heat map shows its cursor only once focused (tab): the programs' is the one used */
    PortfolioPane #portfolio-people > .line-table--cursor { background: transparent; }
    PortfolioPane #portfolio-people:focus > .line-table--cursor {
        background: $accent; color: $text;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open program", id="portfolio.open"),
        Binding("J,shift+down", "move(1)", "Rank down", id="portfolio.rank_down"),
        Binding("K,shift+up", "move(-1)", "Rank up", id="portfolio.rank_up"),
    ]

    class Open(Message):
        def __init__(self, program: str) -> None:
            super().__init__()
            self.program = program

    class Move(Message):
        """Move *program* to portfolio rank *to*."""

        def __init__(self, program: str, to: int) -> None:
            super().__init__()
            self.program, self.to = program, to

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.data: PortfolioData | None = None
        self.people: list[PersonLoad] = []  # the heat map's rows, over-allocated first

    def compose(self) -> ComposeResult:
        yield Static(id="portfolio-head", markup=False)
        yield LineTable(COLUMNS, id="portfolio-table")
        yield Static(id="portfolio-people-head", markup=False)
        yield LineTable(PEOPLE_COLUMNS, id="portfolio-people", flex=self._months)

    @property
    def table(self) -> LineTable:
        return self.query_one("#portfolio-table", LineTable)

    @property
    def heat_map(self) -> LineTable:
        return self.query_one("#portfolio-people", LineTable)

    @property
    def glyphs(self) -> Glyphs:
        return getattr(self.app, "glyphs", UNICODE)

    def show(self, data: PortfolioData) -> None:
        self.data = data
        g = self.glyphs
        k = data.kpis
        self.query_one("#portfolio-head", Static).update(
            Text.assemble(
                ("Portfolio  ", "bold"),
                (g.rag_label(k.health), rag_style(k.health)),
                f"  on-time {_num(k.on_time_delivery, '{:.0%}')}"
                f"  CPI {_num(k.cost_performance)}"
                f"  benefits {_num(k.benefit_realisation, '{:.0%}')}"
                f"  risk {k.risk_exposure}"
                f"  {len(data.rows)} programs",
            )
        )
        self.table.styles.height = len(data.rows) + 1  # the people below, not an empty gap
        self.table.set_rows(data.rows, [r.key for r in data.rows], self._cells)
        self._show_people(data)

    def _cells(self, r: ProgramRow) -> tuple[Text, ...]:
        a = r.analysis
        g = self.glyphs
        return (
            Text(str(r.rank)),
            Text(r.key),
            Text(g.rag_label(a.health), style=rag_style(a.health)),
            Text(one_line("; ".join(r.reasons))),
            Text(str(r.finish or g.none)),
            Text(
                g.none if r.slip is None else f"{r.slip:+d}",
                style="bold" if (r.slip or 0) > 0 else "",
            ),
            Text(_num(r.cpi, none=g.none)),
            Text(_num(r.spi, none=g.none)),
            Text(_num(r.eac, "{:,.0f}", g.none)),
            Text(_num(a.kpis.on_time_delivery, "{:.0%}", g.none)),
            Text(_num(a.kpis.benefit_realisation, "{:.0%}", g.none)),
            Text(str(a.kpis.risk_exposure)),
            Text(str(r.critical)),
            Text(", ".join(r.over) or g.none, style=MARKS["over-allocated"] if r.over else "dim"),
        )

    def _show_people(self, data: PortfolioData) -> None:
        """Every person of the database, by month from this one: first those over capacity
        in some month from now on (the earliest first, then the most loaded), each with the
        programs that load them in that first month; then the others, by key."""

        def first_over(pl: PersonLoad) -> Month | None:
            return next((m for m in pl.months if m.over and m.month >= data.month), None)

        over = {pl.key: m for pl in data.people if (m := first_over(pl)) is not None}
        self.people = sorted(
            data.people,
            key=lambda pl: (
                (0, over[pl.key].month, -(over[pl.key].utilization or 10**9), pl.key)
                if pl.key in over
                else (1, "", 0.0, pl.key)
            ),
        )
        self.query_one("#portfolio-people-head", Static).update(
            Text.assemble(
                ("people by month, all programs", "bold"),
                (f"  {len(over)} over capacity from {data.month} (marked !)", "")
                if over
                else ("  nobody over capacity", "dim"),
            )
        )
        splits = {
            key: f"{m.month[2:]}: "
            + " + ".join(f"{name} {x / (pl.capacity or 1.0):.0%}" for name, x in m.elsewhere)
            for pl in data.people
            if (m := over.get(key := pl.key)) is not None
        }
        wide = max(map(len, splits.values()), default=0)  # never cut: a number would be
        if self.heat_map.columns[1].width != max(wide, len(PEOPLE_COLUMNS[1].label)):
            self.heat_map.set_columns(
                [
                    PEOPLE_COLUMNS[0],
                    replace(PEOPLE_COLUMNS[1], width=max(wide, len(PEOPLE_COLUMNS[1].label))),
                    PEOPLE_COLUMNS[2],
                ]
            )

        def cells(pl: PersonLoad) -> tuple[Text, ...]:
            split = splits.get(pl.key)
            if split is None:
                return (Text(one_line(pl.key)), Text(""), Text())
            return (
                Text(one_line(pl.key), style=MARKS["over-allocated"]),
                Text(split, style=MARKS["over-allocated"]),
                Text(),
            )

        self.heat_map.set_rows(self.people, [pl.key for pl in self.people], cells)
        self.heat_map.redraw()

    def _months(self, row: int, width: int) -> Text:
        """The heat map's months from this one, as wide as there is room for."""
        data = self.data
        if data is None or not self.people:
            return Text()
        first = bisect_left(self.people[0].labels, data.month)  # "2027-03": months sort as text
        pl = self.people[0 if row < 0 else row]
        return months_text(pl, row < 0, first, width, self.glyphs)

    def action_open(self) -> None:
        key = self.table.current_key
        if key is not None:
            self.post_message(self.Open(key))

    def action_move(self, by: int) -> None:
        key = self.table.current_key
        if key is None or self.data is None:
            return
        rank = next(r.rank for r in self.data.rows if r.key == key)
        to = rank + by
        if 1 <= to <= len(self.data.rows):
            self.post_message(self.Move(key, to))
