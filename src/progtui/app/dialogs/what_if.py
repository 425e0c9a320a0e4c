"""What moves if a project slips: every project and milestone, old -> new, and the program
finish. Nothing is saved; escape closes."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from progtui.analysis.impact import Impact
from progtui.app.widgets.navigation import ListScroll
from progtui.reports.look import MARKS


def impact_table(i: Impact) -> Table:
    table = Table("what", "was", "would be", box=None, pad_edge=False, expand=True)
    for m in i.projects:
        table.add_row(
            Text(m.key),
            f"{m.old_start} .. {m.old_finish}",
            Text(f"{m.new_start} .. {m.new_finish}", style="bold"),
        )
    for ms in i.milestones:
        table.add_row(
            Text(f"◆ {ms.project}: {ms.name}"), str(ms.old), Text(str(ms.new), style="bold")
        )
    return table


class WhatIf(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,w", "dismiss", "Close", id="what_if.close")
    ]

    def __init__(self, impact: Impact) -> None:
        super().__init__()
        self.impact = impact

    def compose(self) -> ComposeResult:
        i = self.impact
        moved = len(i.projects)
        summary = Text.assemble(
            (
                f"What if {i.project} slips {i.days} working day{'s' if i.days != 1 else ''}? ",
                "bold",
            ),
            f"{moved} project{'s' if moved != 1 else ''} and {len(i.milestones)} milestone"
            f"{'s' if len(i.milestones) != 1 else ''} move; program finish {i.old_finish} -> ",
            (str(i.new_finish), MARKS["slipped"] if i.new_finish != i.old_finish else "bold"),
            ". Nothing is saved.",
        )
        with ListScroll():
            yield Static(summary, id="what-if-summary")
            yield Static(impact_table(i), id="what-if-table")
