"""a: move FTE of a person from one project to another, seeing the consequences first.

Person, from and to complete from the program's keys. While the fields change, the form
shows each affected person's utilization and each project's health before -> after (computed
by running the real change in a transaction that is rolled back). enter saves; escape cancels.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from progtui import services
from progtui.analysis import Analysis
from progtui.analysis.capacity import Month
from progtui.app.model import Preview, preview
from progtui.reports.look import MARKS, rag_label, rag_style
from progtui.store.engine import Database

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class Request:
    person: str
    from_project: str
    to_project: str
    fte: float


def consequences(before: Analysis, after: Analysis, person: str) -> Table:
    """The person's months whose utilization changes, and the projects whose health does."""
    table = Table("what", "before", "after", box=None, pad_edge=False)
    loads_before = {pl.key: pl for pl in before.capacity}
    loads_after = {pl.key: pl for pl in after.capacity}
    if person in loads_before and person in loads_after:
        for m0, m1 in zip(loads_before[person].months, loads_after[person].months, strict=False):
            if abs(m0.demand - m1.demand) > 1e-9:

                def cell(m: Month) -> Text:
                    if m.utilization is None:
                        return Text("—")
                    return Text(
                        f"{m.utilization:.0%}" + ("!" if m.over else ""),
                        style=MARKS["over-allocated"] if m.over else "",
                    )

                table.add_row(f"{person} {m0.month}", cell(m0), cell(m1))
    health_after = {r.project.key: r.health.rag if r.health else None for r in after.projects}
    for r in before.projects:
        old = r.health.rag if r.health else None
        new = health_after.get(r.project.key)
        if old != new:
            table.add_row(
                f"{r.project.key} health",
                Text(rag_label(old), style=rag_style(old)),
                Text(rag_label(new), style=rag_style(new)),
            )
    if not table.rows:
        table.add_row("nothing changes in utilization or health", "", "")
    return table


class Reallocate(ModalScreen[Request | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="reallocate.cancel")
    ]

    @dataclass
    class Previewed(Message):
        """What *request* would do (or why it is incomplete or refused), ready to show."""

        shown: RenderableType
        request: Request | str

    def __init__(
        self,
        database: Database,
        analysis: Analysis,
        *,
        person: str = "",
        from_project: str = "",
        to_project: str = "",
        fte: str = "",
    ) -> None:
        super().__init__()
        self.database = database
        self.analysis = analysis
        self.defaults = (person, from_project, to_project, fte)

    def compose(self) -> ComposeResult:
        data = self.analysis.data
        people = [p.key for p in data.people]
        projects = [p.key for p in data.projects]
        person, source, target, fte = self.defaults
        with Vertical():
            yield Label("Move a person's time (enter saves, escape cancels)", markup=False)
            with Grid():
                yield Input(
                    person,
                    placeholder="person",
                    id="person",
                    suggester=SuggestFromList(people, case_sensitive=False),
                )
                yield Input(
                    source,
                    placeholder="from project",
                    id="from",
                    suggester=SuggestFromList(projects, case_sensitive=False),
                )
                yield Input(
                    target,
                    placeholder="to project",
                    id="to",
                    suggester=SuggestFromList(projects, case_sensitive=False),
                )
                yield Input(fte, placeholder="FTE", id="fte")
            yield Static(id="preview")

    def on_mount(self) -> None:
        empty = next((i for i in self.query(Input) if not i.value), None)
        (empty or self.query_one("#fte", Input)).focus()
        self.refresh_preview(self.request())

    def request(self) -> Request | str:
        """What the fields ask for, or what is missing (read here, on the UI thread)."""
        values = {i.id: i.value.strip() for i in self.query(Input)}
        if not all(values.values()):
            return "fill in person, from, to and FTE"
        try:
            fte = float(values["fte"])
        except ValueError:
            return f"FTE {values['fte']!r} is not a number"
        return Request(values["person"], values["from"], values["to"], fte)

    def on_input_changed(self) -> None:
        self.refresh_preview(self.request())

    @work(thread=True, exclusive=True, group="preview")
    def refresh_preview(self, request: Request | str) -> None:
        """Run the change in a rolled-back transaction and show what it would do."""
        if isinstance(request, str):
            self.post_message(self.Previewed(Text(request, style="dim"), request))
            return
        a = self.analysis

        def change(session: Session) -> None:
            services.reallocate(
                session,
                program=a.data.program.key,
                person=request.person,
                from_project=request.from_project,
                to_project=request.to_project,
                fte=request.fte,
                today=a.today,
            )

        result: Preview = preview(self.database, a.data.program.key, a.today, change)
        if get_current_worker().is_cancelled:
            return  # the fields changed again: a newer preview is on its way
        if result.after is None:
            shown: RenderableType = Text(result.refused or "", style=MARKS["refused"])
        else:
            shown = consequences(a, result.after, request.person)
        self.post_message(self.Previewed(shown, request))

    def on_reallocate_previewed(self, message: Previewed) -> None:
        if message.request == self.request():  # else the fields changed: a newer one comes
            self.query_one("#preview", Static).update(message.shown)

    def on_input_submitted(self) -> None:
        request = self.request()
        if isinstance(request, Request):
            self.dismiss(request)
        else:
            self.notify(request, severity="error", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
