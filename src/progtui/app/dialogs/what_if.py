"""What moves if a project slips: every project and milestone, old -> new, and the program
finish; then, read in a worker, what moves in the other programs downstream that you may
read (SPEC 6). Nothing is saved; escape closes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from progtui.analysis.impact import Impact, Ripple
from progtui.app.glyphs import UNICODE, Glyphs, glyphs_of
from progtui.app.widgets.navigation import ListScroll
from progtui.reports.look import MARKS


def impact_table(i: Impact, ripples: Sequence[Ripple] = (), g: Glyphs = UNICODE) -> Table:
    """This program's moves, then the other programs', each project named PROGRAM/KEY."""
    table = Table("what", "was", "would be", box=None, pad_edge=False, expand=True)
    for m in i.projects:
        table.add_row(
            Text(m.key),
            f"{m.old_start} .. {m.old_finish}",
            Text(f"{m.new_start} .. {m.new_finish}", style="bold"),
        )
    for ms in i.milestones:
        table.add_row(
            Text(f"{g.milestone} {ms.project}: {ms.name}"),
            str(ms.old),
            Text(str(ms.new), style="bold"),
        )
    for r in ripples:
        for m in r.projects:
            table.add_row(
                Text(f"{r.program}/{m.key}"),
                f"{m.old_start} .. {m.old_finish}",
                Text(f"{m.new_start} .. {m.new_finish}", style="bold"),
            )
        for ms in r.milestones:
            table.add_row(
                Text(f"{g.milestone} {r.program}/{ms.project}: {ms.name}"),
                str(ms.old),
                Text(str(ms.new), style="bold"),
            )
    return table


class WhatIf(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,w", "dismiss", "Close", id="what_if.close")
    ]

    def __init__(self, impact: Impact, elsewhere: Callable[[], list[Ripple]] | None = None) -> None:
        """*elsewhere*: reads what moves in the other programs (run in a worker)."""
        super().__init__()
        self.impact = impact
        self.elsewhere = elsewhere
        self.ripples: list[Ripple] | None = None  # once read

    def on_mount(self) -> None:
        if self.elsewhere is not None:
            self._read_elsewhere(self.elsewhere)

    @work(thread=True, exclusive=True, group="what-if")
    def _read_elsewhere(self, read: Callable[[], list[Ripple]]) -> None:
        from progtui.errors import ProgtuiError

        try:
            ripples = read()
        except ProgtuiError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.app.call_from_thread(self._show_elsewhere, ripples)

    def _show_elsewhere(self, ripples: list[Ripple]) -> None:
        self.ripples = ripples
        if not ripples or not self.is_mounted:
            return
        n = sum(len(r.projects) for r in ripples)
        k = sum(len(r.milestones) for r in ripples)
        self.query_one("#what-if-summary", Static).update(
            Text.assemble(
                self.summary(),
                (f" In other programs ({', '.join(r.program for r in ripples)}): ", "bold"),
                f"{n} project{'s' if n != 1 else ''} and {k} milestone"
                f"{'s' if k != 1 else ''} move.",
            )
        )
        self.query_one("#what-if-table", Static).update(
            impact_table(self.impact, ripples, glyphs_of(self))
        )

    def summary(self) -> Text:
        i = self.impact
        moved = len(i.projects)
        return Text.assemble(
            (
                f"What if {i.project} slips {i.days} working day{'s' if i.days != 1 else ''}? ",
                "bold",
            ),
            f"{moved} project{'s' if moved != 1 else ''} and {len(i.milestones)} milestone"
            f"{'s' if len(i.milestones) != 1 else ''} move; program finish {i.old_finish} -> ",
            (str(i.new_finish), MARKS["slipped"] if i.new_finish != i.old_finish else "bold"),
            ". Nothing is saved.",
        )

    def compose(self) -> ComposeResult:
        with ListScroll():
            yield Static(self.summary(), id="what-if-summary")
            yield Static(impact_table(self.impact, g=glyphs_of(self)), id="what-if-table")
