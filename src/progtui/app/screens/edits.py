"""The cockpit's changes: each key builds a `Change` from what is on screen and saves it
through the one save worker (`saving.py`). Add, edit and delete are in `forms.py`."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from progtui import domain as d
from progtui import services
from progtui.app.dialogs.ask import Ask
from progtui.app.panes.dependencies import DependencyGraph
from progtui.app.panes.ranked import RankedPane
from progtui.app.panes.risks import RisksPane
from progtui.app.saving import Change
from progtui.app.screens.forms import Forms

if TYPE_CHECKING:
    from progtui.app.dialogs.reallocate import Request


def number(value: str) -> float | None:
    """A number as typed (1,000 or 1_000), or None."""
    try:
        return float(value.replace(",", "").replace("_", ""))
    except ValueError:
        return None


class Edits(Forms):
    """Moves, fields, decisions, reallocations, baselines, undo and redo."""

    def on_ranked_pane_change_requested(self, message: RankedPane.ChangeRequested) -> None:
        program, key, value, today = self.program or "", message.key, message.value, self.today
        if message.field == "status":
            self.save(
                Change(
                    lambda s: services.set_status(
                        s, program=program, project=key, status=value, on=today
                    )
                )
            )
            return
        amount = number(value)
        if amount is None:
            self.refuse(f"{value!r} is not a number")
        elif message.field == "percent":
            self.save(
                Change(
                    lambda s: services.set_percent(s, program=program, project=key, percent=amount)
                )
            )
        else:
            self.save(
                Change(
                    lambda s: services.set_actual_cost(
                        s, program=program, project=key, amount=amount
                    )
                )
            )

    def on_risks_pane_edit_requested(self, message: RisksPane.EditRequested) -> None:
        program, key, field, value = self.program or "", message.key, message.field, message.value
        change: dict[str, Any] = {field: value}
        if field in ("probability", "impact"):
            if not value.strip().isdigit():
                self.refuse(f"{field} is a whole number from 1 to 5")
                return
            change = {field: int(value)}
        self.save(Change(lambda s: services.update_risk(s, program=program, risk=key, **change)))

    def on_ranked_pane_move_requested(self, message: RankedPane.MoveRequested) -> None:
        program, key, rank = self.program or "", message.key, message.rank
        self.save(
            Change(
                lambda s: services.move(s, program=program, project=key, rank=rank),
                after=lambda _: self._moved(key, rank),
            )
        )

    def _moved(self, key: str, rank: int) -> None:
        """Show the new order at once (ranks change nothing computed); the load that follows
        brings anything else that changed (the log, other people's edits)."""
        from progtui.analysis import reranked

        loaded = self.loaded
        if loaded is None or loaded.analysis is None:
            return
        order = [r.project.key for r in loaded.analysis.projects]
        if key in order:
            order.remove(key)
            order.insert(rank - 1, key)
            analysis = reranked(loaded.analysis, order)
            self.loaded = replace(loaded, data=analysis.data, analysis=analysis)
            # only what ranks change: the panes listing projects and the graph's order
            for pane in self.query(RankedPane):
                pane.show(analysis)
            self.query_one(DependencyGraph).show(analysis)
            self.update_detail()

    def action_decide(self) -> None:
        about = self.selected_project() or self.selected_risk()
        question = f"Decision about {about}:" if about else "Decision (about the program):"
        program = self.program or ""

        def answered(text: str | None) -> None:
            if text:
                self.save(
                    Change(
                        lambda s: services.decide(
                            s, program=program, text=text, about=(about,) if about else ()
                        )
                    )
                )

        self.app.push_screen(Ask(question), answered)

    def action_reallocate(self) -> None:
        from progtui.app.dialogs.reallocate import Reallocate

        if self.loaded is None or self.loaded.analysis is None:
            return
        data = self.loaded.analysis.data
        person = source = ""
        if (chosen := self.selected_person()) is not None:
            person = chosen
            source = next(
                (
                    p.key
                    for p in data.projects
                    for al in p.allocations
                    if al.person == person and p.status not in d.CLOSED_STATUSES
                ),
                "",
            )
        elif (project := self.selected_project()) is not None:
            source = project
            p = next(p for p in data.projects if p.key == project)
            person = p.allocations[0].person if p.allocations else ""
        program, today = data.program.key, self.today

        def answered(r: Request | None) -> None:
            if r is not None:
                self.save(
                    Change(
                        lambda s: services.reallocate(
                            s,
                            program=program,
                            person=r.person,
                            from_project=r.from_project,
                            to_project=r.to_project,
                            fte=r.fte,
                            today=today,
                        )
                    )
                )

        self.app.push_screen(
            Reallocate(self.database, self.loaded.analysis, person=person, from_project=source),
            answered,
        )

    def action_take_baseline(self) -> None:
        if self.program is None:
            return
        program, today = self.program, self.today

        def answered(name: str | None) -> None:
            if name:
                self.save(
                    Change(
                        lambda s: services.take_baseline(
                            s, program=program, name=name, today=today
                        ),
                        after=lambda _: self.compare_with(name),
                    )
                )

        self.app.push_screen(
            Ask(f"Save the plan of {program} as baseline:", f"{today:%Y-%m-%d} plan"), answered
        )

    def action_next_baseline(self) -> None:
        """Compare with the next older baseline; after the oldest, with none; then the newest."""
        from progtui.app.panes.roadmap import RoadmapPane

        if self.loaded is None or self.loaded.data is None:
            return
        names = [b.name for b in reversed(self.loaded.data.baselines)]  # newest first
        if not names:
            self.notify("no baselines yet: b saves one", markup=False)
            return
        current = self.query_one(RoadmapPane).baseline()
        if current is None:
            self.compare_with(names[0])
        elif current.name == names[-1]:
            self.compare_with("")
        else:
            self.compare_with(names[names.index(current.name) + 1])

    def compare_with(self, name: str) -> None:
        for pane in self.query(RankedPane):
            pane.baseline_name = name
            if pane.analysis is not None:
                pane.show(pane.analysis)
        self.notify(
            f"comparing with baseline {name}" if name else "no baseline shown",
            markup=False,
            timeout=3,
        )

    def action_undo(self) -> None:
        self._revert("undo")

    def action_redo(self) -> None:
        self._revert("redo")

    def _revert(self, action: str) -> None:
        from progtui.services import history

        program = self.program or ""
        revert = history.undo if action == "undo" else history.redo

        def said(done: object) -> None:
            assert isinstance(done, history.Reverted)
            self.notify(done.message, markup=False)

        self.save(Change(lambda s: revert(s, program=program), after=said))
