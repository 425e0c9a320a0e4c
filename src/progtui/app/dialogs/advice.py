"""W: the order WSJF would advise beside the order the program manager chose."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from progtui.analysis import Analysis
from progtui.analysis.priority import wsjf_order
from progtui.app.glyphs import UNICODE, Glyphs, glyphs_of
from progtui.app.widgets.navigation import ListScroll
from progtui.text import one_line


def advice_table(a: Analysis, g: Glyphs = UNICODE) -> Table:
    """Advised position, project, WSJF, its rank now and how far that is from the advice."""
    table = Table("advised", "key", "name", "WSJF", "rank now", "", box=None, pad_edge=False)
    by_key = {r.project.key: r for r in a.projects}
    for position, key in enumerate(wsjf_order(a.data.projects), start=1):
        r = by_key[key]
        shift = r.project.rank - position
        table.add_row(
            str(position),
            Text(key),
            Text(one_line(r.project.name)),
            g.none if r.wsjf is None else f"{r.wsjf:.1f}",
            str(r.project.rank),
            Text(
                ""
                if r.wsjf is None or shift == 0
                else g.say(f"▲ {shift}" if shift > 0 else f"▼ {-shift}"),
                style="bold" if abs(shift) >= 3 else "",
            ),
        )
    return table


class Advice(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,W", "dismiss", "Close", id="advice.close")
    ]

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis

    def compose(self) -> ComposeResult:
        with ListScroll():
            yield Static(
                Text(
                    glyphs_of(self).say(
                        "The order WSJF would advise ((value + time criticality + risk "
                        "reduction) / effort); ▲ n: n places higher than its rank now. "
                        "Advice only: the rank is yours."
                    ),
                    style="italic",
                )
            )
            yield Static(advice_table(self.analysis, glyphs_of(self)))
