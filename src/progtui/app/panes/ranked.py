"""What every pane listing projects in rank order shares: the reprioritize keys."""

from __future__ import annotations

from typing import ClassVar, Protocol, runtime_checkable

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message

from progtui import domain as d
from progtui.analysis import Analysis
from progtui.analysis.baseline import Variance, variances
from progtui.app.widgets.line_table import LineTable


@runtime_checkable
class AsksProjectChanges(Protocol):
    """A screen that opens the prompt for a project's field at once."""

    def ask_project_change(self, key: str, field: str) -> None: ...


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
        """The selected project's *field* (status, percent, cost or rank) should change: the
        screen asks for the new value and saves it."""

        def __init__(self, key: str, field: str) -> None:
            super().__init__()
            self.key = key
            self.field = field

    class MoveRequested(Message):
        """The selected project should move *step* ranks (the app saves it)."""

        def __init__(self, key: str, step: int) -> None:
            super().__init__()
            self.key = key
            self.step = step

    class ViewChanged(Message):
        """What the pane shows changed (order, zoom, filter, baseline): the status line
        says it."""

    analysis: Analysis | None = None
    # the baseline compared with (by name); None: the newest one, "" none at all (B cycles)
    baseline_name: str | None = None

    def show(self, analysis: Analysis) -> None:
        """Show *analysis* (each pane draws its own rows)."""
        raise NotImplementedError

    def reorder(self, analysis: Analysis) -> None:
        """Show *analysis*, the one on screen with projects in another rank order (a move
        shown before it is saved): only what ranks change."""
        self.show(analysis)

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
        """Every press counts: the screen applies it at once and saves the moves in order."""
        key = self.table.current_key
        if self.analysis is not None and key is not None:
            self.post_message(self.MoveRequested(key, step))

    def action_move_to(self) -> None:
        self._ask("rank")

    def action_what_if(self) -> None:
        from progtui.app.dialogs.ask import Ask

        a, key = self.analysis, self.table.current_key
        if a is None or key is None:
            return

        def answered(value: str | None) -> None:
            from functools import partial

            from progtui.analysis.impact import Ripple, impact
            from progtui.app.dialogs.what_if import WhatIf
            from progtui.errors import ProgtuiError
            from progtui.store.engine import Database

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
            database: Database | None = getattr(self.screen, "database", None)
            program, days = a.data.program.key, int(value)

            def elsewhere(db: Database) -> list[Ripple]:  # the programs downstream (SPEC 6)
                from progtui import services

                with db.read() as session:
                    return services.impact_across(
                        session, program=program, project=key, days=days, today=a.today
                    )

            read = None if database is None else partial(elsewhere, database)
            self.app.push_screen(WhatIf(result, read))

        self.app.push_screen(Ask(f"What if {key} slips by how many working days?", "10"), answered)

    def _ask(self, field: str) -> None:
        key = self.table.current_key
        if key is None or self.analysis is None:
            return
        if isinstance(self.screen, AsksProjectChanges):  # in this key's handler, not after a
            self.screen.ask_project_change(key, field)  # message: keys typed ahead reach it
        else:
            self.post_message(self.ChangeRequested(key, field))

    def action_status(self) -> None:
        self._ask("status")

    def action_percent(self) -> None:
        self._ask("percent")

    def action_cost(self) -> None:
        self._ask("cost")
