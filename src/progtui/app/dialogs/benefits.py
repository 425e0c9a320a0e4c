"""v: the program's objectives, each one's way from baseline to target with its history, and
benefit realisation over time; n records a value."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from progtui import domain as d
from progtui.analysis.benefits import realised, sparkline, trend
from progtui.app.glyphs import UNICODE, Glyphs, glyphs_of
from progtui.app.widgets.navigation import ListScroll
from progtui.text import one_line


def _n(value: float | None, none: str = "—") -> str:
    if value is None:
        return none
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:g}"


def benefits_table(data: d.ProgramData, g: Glyphs = UNICODE) -> Table:
    table = Table(
        "objective",
        "baseline",
        "now",
        "target",
        "realised",
        "history",
        box=None,
        pad_edge=False,
        expand=True,
    )
    for o in data.objectives:
        share = realised(o, o.current)
        table.add_row(
            Text(f"{o.key} {one_line(o.name)}"),
            Text(_n(o.baseline, g.none)),
            Text(f"{_n(o.current, g.none)} {one_line(o.unit or '')}".strip(), style="bold"),
            Text(_n(o.target, g.none)),
            Text(f"{share:.0%}", style="bold green" if share >= 1 else ""),
            Text(g.spark(sparkline([m.value for m in o.history])) or g.none),
        )
    return table


def trend_text(data: d.ProgramData, g: Glyphs = UNICODE) -> Text:
    series = trend(data)
    if not series:
        return Text("no values recorded yet: n records one", style="dim")
    return Text.assemble(
        "benefit realisation ",
        (g.spark(sparkline([v for _, v in series])), "bold"),
        f"  {series[0][1]:.0%} on {series[0][0]} {g.say('→')} {series[-1][1]:.0%} "
        f"on {series[-1][0]}",
    )


class Benefits(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,v", "dismiss_screen", "Close", id="benefits.close"),
        Binding("n", "record", "Record a value", id="benefits.record"),
    ]

    def __init__(self, data: d.ProgramData, *, record: Callable[[], None]) -> None:
        super().__init__()
        self.data = data
        self.record = record  # opens the form recording a value

    def compose(self) -> ComposeResult:
        with ListScroll():
            yield Static(id="objectives")
            yield Static(id="trend")
            yield Static(Text(glyphs_of(self).say("n: record a value · esc: close"), style="dim"))

    def on_mount(self) -> None:
        self.show(self.data)

    def show(self, data: d.ProgramData) -> None:
        self.data = data
        g = glyphs_of(self)
        self.query_one("#objectives", Static).update(benefits_table(data, g))
        self.query_one("#trend", Static).update(trend_text(data, g))

    def action_record(self) -> None:
        self.record()

    def action_dismiss_screen(self) -> None:
        self.dismiss(None)
