"""The cockpit's changes: each key builds a `Change` from what is on screen and saves it
through the one save worker (`saving.py`). Add, edit and delete are in `forms.py`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from progtui import domain as d
from progtui import services
from progtui.app.dialogs.ask import Ask
from progtui.app.dialogs.choose import Confirm, Pick
from progtui.app.glyphs import glyphs_of
from progtui.app.panes.dependencies import DependencyGraph
from progtui.app.panes.ranked import RankedPane
from progtui.app.panes.risks import RisksPane
from progtui.app.saving import Change, Stamp
from progtui.app.screens.forms import Forms
from progtui.services import allowed_statuses

if TYPE_CHECKING:
    from sqlmodel import Session

    from progtui.app.dialogs.reallocate import Request


def number(value: str) -> float | None:
    """A number as typed (1,000 or 1_000), or None."""
    try:
        return float(value.replace(",", "").replace("_", ""))
    except ValueError:
        return None


def plain(value: float | None) -> str:
    """A number as the prompts show and propose it: 70, 52500, 0.5 (nothing for none)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


STATUS_DOES = {
    "approved": "approved, not started",
    "active": "started: the actual start is recorded today",
    "on_hold": "paused; back later to the status it left",
    "done": "closed: 100 % and the actual end recorded today",
    "cancelled": "closed without finishing",
    "back": "back to the status it left",
}


def status_choices(status: str, allowed: tuple[str, ...]) -> list[tuple[str, str]]:
    """What s offers: keeping the status first (the safe answer enter takes), then the allowed
    transitions in lifecycle order, closing ones last."""
    order = {name: i for i, name in enumerate(("back", *d.PROJECT_STATUSES))}
    later = sorted(allowed, key=lambda x: order.get(x, len(order)))
    return [(status, f"{status}  (keep: no change)")] + [
        (x, f"{x}  {STATUS_DOES.get(x, '')}".rstrip()) for x in later
    ]


def closing_question(p: d.Project, status: str, today: date) -> str:
    """The confirmation a closing status asks for, naming what it changes."""
    open_ = [m for m in p.milestones if m.done is None]
    late = sum(1 for m in open_ if m.due < today)
    ms = f"{len(open_)} open milestone{'s' if len(open_) != 1 else ''}"
    if late:
        ms += f" ({late} overdue)"
    if status == "done":
        now = "" if p.percent_complete >= 100 else f" (now {plain(p.percent_complete)} %)"
        return f"Close {p.key} as done at 100 %{now} on {today} with {ms}?"
    people = len({a.person for a in p.allocations})
    return (
        f"Close {p.key} as cancelled at {plain(p.percent_complete)} % with {ms} and "
        f"{people} {'person' if people == 1 else 'people'} allocated?"
    )


class Edits(Forms):
    """Moves, fields, decisions, reallocations, baselines, undo and redo. Each prompt saves
    itself against the screen it was opened from (`Stamp`) and stays open on a refusal."""

    def _project(self, key: str) -> d.Project | None:
        data = self.loaded.data if self.loaded else None
        return next((p for p in data.projects if p.key == key), None) if data else None

    def on_ranked_pane_change_requested(self, message: RankedPane.ChangeRequested) -> None:
        self.ask_project_change(message.key, message.field)

    def ask_project_change(self, key: str, field: str) -> None:
        """%, $, m, s: the prompt for the selected project's field, opened at once (in the
        key's handler) so that keys typed ahead reach it."""
        p = self._project(key)
        if p is None or self.loaded is None or self.loaded.data is None:
            return
        program, key, stamp = self.program or "", p.key, self.stamp()
        if field == "status":
            self._ask_status(p, stamp)
            return
        if field == "rank":
            n = len(self.loaded.data.projects)

            def move_to(value: str) -> None:
                if not value.isdigit() or not 1 <= int(value) <= n:
                    ask.saved(f"a rank is a whole number from 1 to {n}")
                    return
                rank = int(value)
                self.save(
                    Change(
                        lambda s: services.move(s, program=program, project=key, rank=rank),
                        after=lambda _: self._moved(key, rank),
                        reply=ask.saved,
                        stamp=stamp,
                        order=True,
                    )
                )

            ask = Ask(
                glyphs_of(self).say(f"Move {key} to rank (1–{n}; now {p.rank}):"),
                str(p.rank),
                save=move_to,
            )
            self.app.push_screen(ask)
            return

        def set_number(value: str) -> None:
            amount = number(value)
            if amount is None:
                ask.saved(f"{value!r} is not a number")
                return
            if field == "percent":

                def apply(s: Session) -> object:
                    return services.set_percent(s, program=program, project=key, percent=amount)
            else:

                def apply(s: Session) -> object:
                    return services.set_actual_cost(s, program=program, project=key, amount=amount)

            self.save(Change(apply, reply=ask.saved, stamp=stamp))

        if field == "percent":
            now = plain(p.percent_complete)
            ask = Ask(f"Percent complete of {key} (0-100; now {now} %):", now, save=set_number)
        else:
            now = plain(p.actual_cost)
            ask = Ask(
                f"Actual cost of {key} so far (now {now or 'none recorded'}):", now, save=set_number
            )
        self.app.push_screen(ask)

    def _ask_status(self, p: d.Project, stamp: Stamp) -> None:
        """s: the transitions in lifecycle order, keeping the status lit first; a closing one
        (done, cancelled) asks to confirm, naming what it changes."""
        program, key, today = self.program or "", p.key, self.today
        allowed = (
            ("back", "cancelled") if p.status == "on_hold" else allowed_statuses(p.status, None)
        )

        def apply(status: str) -> Callable[[Session], object]:
            return lambda s: services.set_status(
                s, program=program, project=key, status=status, on=today
            )

        if not allowed:  # closed: the service says why, in its own words
            self.save(Change(apply(p.status)))
            return

        def chosen(status: str) -> None:
            if status == p.status:
                pick.dismiss(None)  # kept: nothing to save
            elif status in d.CLOSED_STATUSES:

                def confirmed() -> None:
                    self.save(Change(apply(status), reply=answered, stamp=stamp))

                def answered(reason: str | None) -> None:
                    confirm.saved(reason)
                    if reason is None:
                        pick.dismiss(status)

                confirm = Confirm(closing_question(p, status, today), save=confirmed)
                pick.saved("")  # nothing is being saved yet: the confirmation asks first
                self.app.push_screen(confirm)
            else:
                self.save(Change(apply(status), reply=pick.saved, stamp=stamp))

        pick = Pick(
            f"{key} is {p.status}; new status:",
            status_choices(p.status, allowed),
            highlight=p.status,
            save=chosen,
        )
        self.app.push_screen(pick)

    def on_risks_pane_edit_requested(self, message: RisksPane.EditRequested) -> None:
        self.ask_risk_change(message.key, message.field)

    def ask_risk_change(self, key: str, field: str) -> None:
        """P, I, S, M: the prompt for the selected risk's field, opened at once."""
        data = self.loaded.data if self.loaded else None
        r = next((x for x in data.risks if x.key == key), None) if data else None
        if r is None:
            return
        program, stamp = self.program or "", self.stamp()

        def save(value: str, dialog: Ask | Pick) -> None:
            change: dict[str, Any] = {field: value}
            if field in ("probability", "impact"):
                if not value.strip().isdigit():
                    dialog.saved(f"{field} is a whole number from 1 to 5")
                    return
                change = {field: int(value)}
            self.save(
                Change(
                    lambda s: services.update_risk(s, program=program, risk=key, **change),
                    reply=dialog.saved,
                    stamp=stamp,
                )
            )

        if field == "status":
            choices: list[tuple[str, str]] = [(r.status, f"{r.status}  (keep: no change)")]
            choices += [(str(x), str(x)) for x in d.RISK_STATUSES if x != r.status]

            def chosen(value: str) -> None:
                if value == r.status:
                    pick.dismiss(None)
                else:
                    save(value, pick)

            pick = Pick(f"Status of {key} (now {r.status}):", choices, save=chosen)
            self.app.push_screen(pick)
            return
        current = {
            "probability": str(r.probability),
            "impact": str(r.impact),
            "mitigation": r.mitigation or "",
        }[field]
        now = (
            f" (1-5; now {current})"
            if field != "mitigation"
            else (" (now none; empty clears it)" if not current else " (empty clears it)")
        )
        ask = Ask(
            f"{field.capitalize()} of {key}{now}:", current, save=lambda value: save(value, ask)
        )
        self.app.push_screen(ask)

    def on_ranked_pane_move_requested(self, message: RankedPane.MoveRequested) -> None:
        """J/K: shown at once, saved in the order pressed; N presses move N ranks (each
        press moves from where the screen already shows the project)."""
        loaded = self.loaded
        if loaded is None or loaded.analysis is None:
            return
        program, key = self.program or "", message.key
        order = [r.project.key for r in loaded.analysis.projects]
        if key not in order:
            return
        rank = order.index(key) + 1 + message.step
        if not 1 <= rank <= len(order):
            return
        self.save(  # first: the commit runs while the screen shows the new order
            Change(lambda s: services.move(s, program=program, project=key, rank=rank), order=True)
        )
        self._moved(key, rank)

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
                pane.reorder(analysis)
            self.query_one(DependencyGraph).show(analysis)
            self.update_detail()

    def action_decide(self) -> None:
        about = self.selected_project() or self.selected_risk()
        question = f"Decision about {about}:" if about else "Decision (about the program):"
        program, stamp = self.program or "", self.stamp()

        def save(text: str) -> None:
            if not text:
                ask.dismiss(None)
                return
            self.save(
                Change(
                    lambda s: services.decide(
                        s, program=program, text=text, about=(about,) if about else ()
                    ),
                    reply=ask.saved,
                    stamp=stamp,
                )
            )

        ask = Ask(question, save=save)
        self.app.push_screen(ask)

    def action_reallocate(self) -> None:
        from progtui.app.dialogs.reallocate import Reallocate

        if self.loaded is None or self.loaded.analysis is None:
            return
        data = self.loaded.analysis.data
        person = source = ""
        if (chosen := self.selected_person()) is not None:
            person = chosen
            mine = [
                (p.key, (al.end or p.end) >= self.today)
                for p in data.projects
                for al in p.allocations
                if al.person == person and p.status not in d.CLOSED_STATUSES
            ]
            # the first project the person still has time on from today (the past stays)
            source = next((k for k, ahead in mine if ahead), mine[0][0] if mine else "")
        elif (project := self.selected_project()) is not None:
            source = project
            p = next(p for p in data.projects if p.key == project)
            person = p.allocations[0].person if p.allocations else ""
        program, today, stamp = data.program.key, self.today, self.stamp()

        def save(r: Request) -> None:
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
                        start=r.start,
                        end=r.end,
                    ),
                    after=lambda _: self.notify(f"moved {r.said(glyphs_of(self))}", markup=False),
                    reply=dialog.saved,
                    stamp=stamp,
                )
            )

        dialog = Reallocate(
            self.database, self.loaded.analysis, person=person, from_project=source, save=save
        )
        self.app.push_screen(dialog)

    def action_take_baseline(self) -> None:
        if self.program is None:
            return
        program, today, stamp = self.program, self.today, self.stamp()

        def save(name: str) -> None:
            if not name:
                ask.dismiss(None)
                return
            self.save(
                Change(
                    lambda s: services.take_baseline(s, program=program, name=name, today=today),
                    after=lambda _: self.compare_with(name),
                    reply=ask.saved,
                    stamp=stamp,
                )
            )

        ask = Ask(f"Save the plan of {program} as baseline:", f"{today:%Y-%m-%d} plan", save=save)
        self.app.push_screen(ask)

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
