"""What every pane listing projects in rank order shares: the reprioritize keys."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message

from progtui import domain as d
from progtui.analysis import Analysis
from progtui.analysis.baseline import Variance, variances
from progtui.app.widgets.line_table import LineTable


class RankedPane(Vertical):
    """A pane whose LineTable lists projects; shift+up/down (K/J) and m reprioritize."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up,K", "move(-1)", "Rank up", show=False, id="projects.rank_up"),
        Binding("shift+down,J", "move(1)", "Rank down", show=False, id="projects.rank_down"),
        Binding("m", "move_to", "Move to rank", show=False, id="projects.move_to"),
        Binding("w", "what_if", "What-if", id="projects.what_if"),
        Binding("s", "status", "Status", show=False, id="projects.status"),
        Binding("percent_sign", "percent", "% done", show=False, id="projects.percent"),
        Binding("dollar_sign", "cost", "Cost", show=False, id="projects.cost"),
    ]

    class ChangeRequested(Message):
        """A field of the selected project should change (the app saves it)."""

        def __init__(self, key: str, field: str, value: str) -> None:
            super().__init__()
            self.key = key
            self.field = field
            self.value = value

    class MoveRequested(Message):
        """The selected project should take *rank* (the app saves it)."""

        def __init__(self, key: str, rank: int) -> None:
            super().__init__()
            self.key = key
            self.rank = rank

    class ViewChanged(Message):
        """What the pane shows changed (order, zoom, filter, baseline): the status line
        says it."""

    analysis: Analysis | None = None
    # the baseline compared with (by name); None: the newest one, "" none at all (B cycles)
    baseline_name: str | None = None

    def show(self, analysis: Analysis) -> None:
        """Show *analysis* (each pane draws its own rows)."""
        raise NotImplementedError

    def baseline(self) -> d.Baseline | None:
        a = self.analysis
        if a is None or not a.data.baselines or self.baseline_name == "":
            return None
        return next(
            (b for b in a.data.baselines if b.name == self.baseline_name), a.data.baselines[-1]
        )

    def view_state(self) -> list[tuple[str, int]]:
        """Parts of the status line (text, priority; see widgets/status_line.py)."""
        from progtui.app.widgets.status_line import BASELINE
        from progtui.text import one_line

        base = self.baseline()
        return [(f"baseline {one_line(base.name)}", BASELINE)] if base else []

    def variances(self) -> dict[str, Variance]:
        b = self.baseline()
        return variances(self.analysis, b) if b and self.analysis else {}

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    def action_move(self, step: int) -> None:
        a, key = self.analysis, self.table.current_key
        if a is None or key is None:
            return
        rank = next(r.project.rank for r in a.projects if r.project.key == key) + step
        if 1 <= rank <= len(a.projects):
            self.post_message(self.MoveRequested(key, rank))

    def action_move_to(self) -> None:
        from progtui.app.dialogs.ask import Ask

        key = self.table.current_key
        if key is None or self.analysis is None:
            return
        n = len(self.analysis.projects)

        def answered(value: str | None) -> None:
            if value is None:
                return
            if not value.isdigit() or not 1 <= int(value) <= n:
                self.app.notify(
                    f"a rank is a whole number from 1 to {n}", severity="error", markup=False
                )
                return
            self.post_message(self.MoveRequested(key, int(value)))

        self.app.push_screen(Ask(f"Move {key} to rank (1–{n}):"), answered)

    def action_what_if(self) -> None:
        from progtui.app.dialogs.ask import Ask

        a, key = self.analysis, self.table.current_key
        if a is None or key is None:
            return

        def answered(value: str | None) -> None:
            from progtui.analysis.impact import impact
            from progtui.app.dialogs.what_if import WhatIf
            from progtui.errors import ProgtuiError

            if value is None:
                return
            if not value.isdigit():
                self.app.notify(
                    "a slip is a whole number of working days", severity="error", markup=False
                )
                return
            try:  # with the schedule on screen, only the project's descendants are recomputed
                result = impact(a.data, a.today, key, int(value), base=a.schedule)
            except ProgtuiError as exc:
                self.app.notify(str(exc), severity="error", markup=False)
                return
            self.app.push_screen(WhatIf(result))

        self.app.push_screen(Ask(f"What if {key} slips by how many working days?", "10"), answered)

    def _ask_change(self, field: str, question: str, proposed: str = "") -> None:
        from progtui.app.dialogs.ask import Ask

        key = self.table.current_key
        if key is None:
            return

        def answered(value: str | None) -> None:
            if value:
                self.post_message(self.ChangeRequested(key, field, value))

        self.app.push_screen(Ask(question.format(key=key), proposed), answered)

    def action_status(self) -> None:
        from progtui.services import allowed_statuses

        a, key = self.analysis, self.table.current_key
        if a is None or key is None:
            return
        p = next(r.project for r in a.projects if r.project.key == key)
        choices = (
            ("back", "cancelled") if p.status == "on_hold" else allowed_statuses(p.status, None)
        )
        if not choices:  # closed: the service says why, in its own words
            self.post_message(self.ChangeRequested(key, "status", p.status))
            return
        self._ask_change(
            "status", f"{{key}} is {p.status}; new status ({', '.join(choices)}):", choices[0]
        )

    def action_percent(self) -> None:
        self._ask_change("percent", "Percent complete of {key} (0-100):")

    def action_cost(self) -> None:
        self._ask_change("cost", "Actual cost of {key} so far:")
