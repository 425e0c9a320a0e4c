"""Pane 5, People: utilization per person and month (over-allocation stands out), and the
selected person's allocations."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from progtui.analysis import Analysis
from progtui.analysis.capacity import PersonLoad, is_over
from progtui.app.glyphs import UNICODE, Glyphs, glyphs_of
from progtui.app.widgets import show_text
from progtui.app.widgets.line_table import Column, LineTable
from progtui.reports.look import MARKS
from progtui.text import one_line

COLUMNS = [
    Column("key", "person", 10),
    Column("name", "name", 18, keep=1),
    Column("capacity", "cap", 4, right=True, keep=2),
    Column("months", "", flexible=True),
]
CELL = 6  # "120%! "


def month_cell(demand: float, capacity: float, g: Glyphs = UNICODE) -> Text:
    if capacity == 0:  # any demand is over: no percentage to give
        return Text(
            (" inf!" if g.ascii else "   ∞!") if demand else f"  {g.none}  ",
            style=MARKS["over-allocated"] if demand else "dim",
        )
    value = demand / capacity
    if is_over(demand, capacity):
        return Text(f"{value:4.0%}!", style=MARKS["over-allocated"])
    return Text(
        f"{value:4.0%} ",
        style=MARKS["near-capacity"] if value >= 0.85 else ("dim" if value == 0 else ""),
    )


def months_text(load: PersonLoad, head: bool, first: int, width: int, g: Glyphs) -> Text:
    """A heat map's months from *first*, as many as *width* has room for: their labels
    (`27-03`) for the *head*, else *load*'s cells."""
    count = max(width // CELL, 0)
    if head:
        labels = load.labels[first : first + count]
        return Text("".join(f"{lb[2:4]}-{lb[5:]}".ljust(CELL) for lb in labels), style="bold")
    out = Text()
    for demand in load.demand[first : first + count]:
        out.append_text(month_cell(demand, load.capacity, g))
        out.append(" ")
    return out


class PeoplePane(Vertical):
    """A heat map: one row a person, one cell a month, from the month of today."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis: Analysis | None = None

    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS, id="people-table", flex=self._draw)
        yield Static(id="allocations")

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    def _first_month(self) -> int:
        a = self.analysis
        if a is None or not a.capacity or not a.capacity[0].labels:
            return 0
        label = f"{a.today:%Y-%m}"
        labels = a.capacity[0].labels
        return max(labels.index(label) - 1, 0) if label in labels else 0

    def _draw(self, row: int, width: int) -> Text:
        a = self.analysis
        if a is None or not a.capacity:
            return Text()
        load = a.capacity[0 if row < 0 else row]
        return months_text(load, row < 0, self._first_month(), width, glyphs_of(self))

    def show(self, analysis: Analysis) -> None:
        self.analysis = analysis
        names = {p.key: p.name for p in analysis.data.people}
        self.table.set_rows(
            list(analysis.capacity),
            [pl.key for pl in analysis.capacity],
            lambda pl: (
                Text(pl.key),
                Text(one_line(names.get(pl.key, ""))),
                Text(f"{pl.capacity:g}"),
                Text(),
            ),
        )
        self.table.redraw()
        self.show_allocations(self.table.current_key)

    def on_line_table_highlighted(self, message: LineTable.Highlighted) -> None:
        self.show_allocations(message.key)

    def show_allocations(self, person: str | None) -> None:
        a = self.analysis
        box = self.query_one("#allocations", Static)
        if a is None or person is None:
            show_text(box, "")
            return
        lines = [Text(f"{person}'s allocations", style="bold")]
        for p in a.data.projects:
            for al in p.allocations:
                if al.person == person:
                    lines.append(
                        Text(
                            f"  {p.key:10} {al.fte:g} FTE  {al.start or p.start} .. "
                            f"{al.end or p.end}  ({p.status})"
                        )
                    )
        lines += elsewhere_lines(a, person)
        show_text(box, Text("\n").join(lines))


def elsewhere_lines(a: Analysis, person: str) -> list[Text]:
    """What a person carries in the database's other programs (SPEC 6): this month's split,
    then each allocation there; a program the viewer may not read is "other programs"."""
    load = next((pl for pl in a.capacity if pl.key == person), None)
    out: list[Text] = []
    if load is not None and load.elsewhere and f"{a.today:%Y-%m}" in load.labels:
        m = load.months[load.labels.index(f"{a.today:%Y-%m}")]
        c = load.capacity or 1.0
        parts = [f"{a.data.program.key} {m.own / c:.0%}"]
        parts += [f"{name} {x / c:.0%}" for name, x in m.elsewhere]
        out.append(
            Text(
                f"  {m.month}: {m.demand / c:.0%} in all = " + " + ".join(parts),
                style=MARKS["over-allocated"] if m.over else "",
            )
        )
    for e in a.data.elsewhere:
        if e.person == person:
            where = f"{e.program} {e.project}" if e.program else "other programs"
            out.append(Text(f"  {one_line(where):16} {e.fte:g} FTE  {e.start} .. {e.end}"))
    return out
