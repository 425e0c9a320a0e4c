"""a: move FTE of a person from one project to another, seeing the consequences first.

Person, from and to complete from the program's keys. While the fields change, the form
shows each affected person's utilization and each project's health before -> after (computed
by running the real change in a transaction that is rolled back). enter saves; escape cancels.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Static

from progtui import services
from progtui.analysis import Analysis
from progtui.app.model import Preview, preview
from progtui.reports.look import rag_label, rag_style
from progtui.store.engine import Database


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

                def cell(m) -> Text:  # type: ignore[no-untyped-def]
                    if m.utilization is None:
                        return Text("—")
                    return Text(
                        f"{m.utilization:.0%}" + ("!" if m.over else ""),
                        style="bold red" if m.over else "",
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
    DEFAULT_CSS = """
    Reallocate { align: center middle; }
    Reallocate > Vertical { width: 90%; max-width: 96; height: auto; max-height: 90%;
                            border: round $accent; background: $panel; padding: 0 1; }
    Reallocate Grid { grid-size: 4; grid-columns: 1fr 1fr 1fr 10; height: auto; }
    Reallocate Input { width: 1fr; }
    Reallocate #preview { height: auto; max-height: 16; margin-top: 1; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="reallocate.cancel")]

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
        self.refresh_preview()

    def request(self) -> Request | str:
        values = {i.id: i.value.strip() for i in self.query(Input)}
        if not all(values.values()):
            return "fill in person, from, to and FTE"
        try:
            fte = float(values["fte"])
        except ValueError:
            return f"FTE {values['fte']!r} is not a number"
        return Request(values["person"], values["from"], values["to"], fte)

    def on_input_changed(self) -> None:
        self.refresh_preview()

    @work(thread=True, exclusive=True, group="preview")
    def refresh_preview(self) -> None:
        request = self.request()
        if isinstance(request, str):
            self.app.call_from_thread(self._show, Text(request, style="dim"))
            return
        a = self.analysis

        def change(session) -> None:  # type: ignore[no-untyped-def]
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
        if result.after is None:
            self.app.call_from_thread(self._show, Text(result.refused or "", style="bold red"))
        else:
            self.app.call_from_thread(self._show, consequences(a, result.after, request.person))

    def _show(self, renderable) -> None:  # type: ignore[no-untyped-def]
        self.query_one("#preview", Static).update(renderable)

    def on_input_submitted(self) -> None:
        request = self.request()
        if isinstance(request, Request):
            self.dismiss(request)
        else:
            self.notify(request, severity="error", markup=False)

    def action_cancel(self) -> None:
        self.dismiss(None)
