"""Pane 4, Risks: the 5x5 probability x impact heat map beside the register (overdue due
dates marked, the projects each risk is on)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar, Protocol, runtime_checkable

from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Static

from progtui import domain as d
from progtui.analysis import Analysis
from progtui.analysis import risks as rk
from progtui.app.glyphs import UNICODE, Glyphs, glyphs_of
from progtui.app.widgets import show_text
from progtui.app.widgets.line_table import Column, LineTable
from progtui.reports.look import LEVELS, MARKS, level_label, level_style
from progtui.text import one_line

# The due date and the projects a risk is on outlast its status and owner as the width shrinks:
# a meeting reads the register by project and by what is late. The due date is 11 cells,
# "2027-03-12!" when it has passed on a live risk.
COLUMNS = [
    Column("key", "key", 6),
    Column("title", "title", flexible=True),
    Column("score", "score", 5, right=True),
    Column("level", "level", 10),
    Column("status", "status", 10, keep=2),
    Column("due", "due", 11, keep=1),
    Column("projects", "projects", 14, keep=1),
    Column("owner", "owner", 8, keep=3),
]


def heat_map(data: d.ProgramData, g: Glyphs = UNICODE) -> Table:
    """Counts of open and mitigating risks per probability (rows, 5 on top) and impact."""
    counts: dict[tuple[int, int], int] = {}
    for r in data.risks:
        if r.status in rk.LIVE:
            counts[(r.probability, r.impact)] = counts.get((r.probability, r.impact), 0) + 1
    table = Table(
        title=g.say("probability × impact (open and mitigating)"),
        box=None,
        padding=(0, 1),
        show_header=True,
        title_justify="left",
    )
    table.add_column("P\\I", justify="right", style="dim")
    for impact in range(1, 6):
        table.add_column(str(impact), justify="center")
    for probability in range(5, 0, -1):
        cells = []
        for impact in range(1, 6):
            level = rk.level(probability * impact, data.settings)
            letter, _, style = LEVELS[level]
            n = counts.get((probability, impact), 0)
            cells.append(
                Text(
                    f"{n}{letter}" if n else ("." if g.ascii else "·") + letter.lower(),
                    style=style if n else "dim",
                )
            )
        table.add_row(str(probability), *cells)
    table.caption = "  ".join(f"{LEVELS[x][0]} {x}" for x in LEVELS)
    return table


def overdue(r: d.Risk, today: date) -> bool:
    """A live risk whose due date (for its response) has passed."""
    return r.status in rk.LIVE and r.due is not None and r.due < today


def row(r: d.Risk, settings: d.Settings, today: date) -> tuple[Text, ...]:
    score = rk.score(r)
    level = rk.level(score, settings)
    late = overdue(r, today)
    return (
        Text(r.key),
        Text(one_line(r.title)),
        Text(str(score)),
        Text(level_label(level), style=level_style(level)),
        Text(r.status),
        Text(f"{r.due}!" if late else str(r.due or ""), style=MARKS["overdue"] if late else ""),
        Text(", ".join(r.projects) or "program"),
        Text(one_line(r.owner or "")),
    )


@runtime_checkable
class AsksRiskChanges(Protocol):
    """A screen that opens the prompt for a risk's field at once."""

    def ask_risk_change(self, key: str, field: str) -> None: ...


class RisksPane(Horizontal):
    """The heat map and the register; P, I, S and M change the selected risk."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("P", "edit('probability')", "Probability", id="risks.probability"),
        Binding("I", "edit('impact')", "Impact", id="risks.impact"),
        Binding("S", "edit('status')", "Status", id="risks.status"),
        Binding("M", "edit('mitigation')", "Mitigation", id="risks.mitigation"),
    ]

    class EditRequested(Message):
        """The selected risk's *field* should change: the screen asks and saves it."""

        def __init__(self, key: str, field: str) -> None:
            super().__init__()
            self.key = key
            self.field = field

    def action_edit(self, field: str) -> None:
        key = self.table.current_key
        if key is None or self.data is None:
            return
        if isinstance(self.screen, AsksRiskChanges):  # at once: keys typed ahead reach it
            self.screen.ask_risk_change(key, field)
        else:
            self.post_message(self.EditRequested(key, field))

    NARROW = 110  # below this, the heat map goes above the register, which keeps its columns

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < self.NARROW, "-narrow")

    def compose(self) -> ComposeResult:
        yield Static(id="heat-map")
        yield LineTable(COLUMNS, id="risks-table")

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    data: d.ProgramData | None = None

    def show(self, analysis: Analysis) -> None:
        data = self.data = analysis.data
        g = glyphs_of(self)
        live = tuple(sorted((r.probability, r.impact) for r in data.risks if r.status in rk.LIVE))
        show_text(  # a Table: said by what it is drawn from
            self.query_one("#heat-map", Static),
            heat_map(data, g),
            (live, data.settings, g, tuple(LEVELS.items())),  # the theme's colours too
        )
        ordered = sorted(data.risks, key=lambda r: (r.status not in rk.LIVE, -rk.score(r), r.key))
        today = analysis.today
        self.table.set_rows(
            ordered, [r.key for r in ordered], lambda r: row(r, data.settings, today)
        )
