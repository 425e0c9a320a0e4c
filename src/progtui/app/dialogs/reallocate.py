"""a: move FTE of a person from one project to another, for a period, seeing the
consequences first.

Person, from and to are pick lists of the program's keys; from day and to day default to
today until the end of the source allocation. While the fields change, the form says what the
change does in a line ("alice 0.2 FTE, 15 Mar – 30 Apr 2027, DE-REG → FR-REG") and shows each
affected person's utilization and each project's health before -> after (computed by running
the real change in a transaction that is rolled back). enter saves; escape cancels.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static
from textual.worker import get_current_worker

from progtui import domain as d
from progtui import services
from progtui.analysis import Analysis
from progtui.analysis.capacity import Month
from progtui.app.dialogs.ask import FIELD_KEYS, focus_field, once_typed, type_ahead
from progtui.app.glyphs import UNICODE, Glyphs, glyphs_of
from progtui.app.model import Preview, preview
from progtui.app.widgets.field import Field
from progtui.app.widgets.pick import PickField
from progtui.reports.look import MARKS, rag_label, rag_style
from progtui.store.engine import Database
from progtui.text import one_line

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class Request:
    person: str
    from_project: str
    to_project: str
    fte: float
    start: date
    end: date

    def said(self, g: Glyphs = UNICODE) -> str:
        """What it does, in a line: alice 0.2 FTE, 15 Mar – 30 Apr 2027, DE-REG → FR-REG."""
        first = f"{self.start:%-d %b}" + (
            "" if self.start.year == self.end.year else f" {self.start:%Y}"
        )
        return (
            f"{self.person} {self.fte:g} FTE, {first} {g.say('–')} {self.end:%-d %b %Y}, "
            f"{self.from_project} {g.say('→')} {self.to_project}"
        )


def default_period(data: d.ProgramData, person: str, project: str, today: date) -> tuple[str, str]:
    """From today (or the allocation's start, if later) to the end of the person's
    allocation on *project* running then ("" when there is none)."""
    p = next((x for x in data.projects if x.key == project), None)
    if p is None:
        return "", ""
    spans = [(a.start or p.start, a.end or p.end) for a in p.allocations if a.person == person]
    running = [sp for sp in spans if sp[0] <= today <= sp[1]] or [
        sp for sp in spans if sp[0] > today
    ]
    if not running:
        return "", ""
    first, last = min(running)
    return max(first, today).isoformat(), last.isoformat()


def consequences(before: Analysis, after: Analysis, person: str, g: Glyphs = UNICODE) -> Table:
    """The person's months whose utilization changes, and the projects whose health does."""
    table = Table("what", "before", "after", box=None, pad_edge=False)
    loads_before = {pl.key: pl for pl in before.capacity}
    loads_after = {pl.key: pl for pl in after.capacity}
    if person in loads_before and person in loads_after:
        for m0, m1 in zip(loads_before[person].months, loads_after[person].months, strict=False):
            if abs(m0.demand - m1.demand) > 1e-9:

                def cell(m: Month) -> Text:
                    if m.utilization is None:
                        return Text(g.none)
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


FIELDS = (
    ("person", "person"),
    ("from", "from project"),
    ("to", "to project"),
    ("fte", "FTE"),
    ("start", "from day"),
    ("end", "to day"),
)


class Reallocate(ModalScreen[Request | None]):
    """Person, from and to are pick lists; the period defaults to today until the end of the
    source allocation (never before today). Enter takes a pick list's choice, then saves once
    every field is filled (else goes to the first empty one); ctrl+s saves; escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="reallocate.cancel"),
        Binding("ctrl+s", "submit", "Save", id="reallocate.save"),
        Binding("enter", "submit", "Save", id="reallocate.submit", priority=True),
        *FIELD_KEYS,
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
        save: Callable[[Request], None] | None = None,
    ) -> None:
        super().__init__()
        self.database = database
        self.analysis = analysis
        self.save = save
        start, end = default_period(analysis.data, person, from_project, analysis.today)
        self.initial = {
            "person": person,
            "from": from_project,
            "to": to_project,
            "fte": fte,
            "start": start,
            "end": end,
        }
        self.period_typed = False  # the days were typed: changing person or project keeps them
        self.asked: Request | None = None
        self.then: Callable[[], None] | None = None  # once saved (quitting: then quit)

    def compose(self) -> ComposeResult:
        data = self.analysis.data
        people = [(p.key, f"{p.key}  {one_line(p.name)}") for p in data.people]
        projects = [(p.key, f"{p.key}  {one_line(p.name)}") for p in data.projects]
        open_projects = [
            (p.key, f"{p.key}  {one_line(p.name)}")
            for p in data.projects
            if p.status not in d.CLOSED_STATUSES
        ]
        choices = {"person": people, "from": projects, "to": open_projects}
        with Vertical():
            yield Label("Move a person's time (enter saves, escape cancels)", markup=False)
            for name, label in FIELDS:
                with Horizontal():
                    yield Label(label, classes="name", markup=False)
                    value = self.initial[name]
                    if name in choices:
                        yield PickField(
                            choices[name],
                            value,
                            id=f"p-{name}",
                            input_id=name,
                            placeholder="type to pick",
                        )
                    else:
                        hint = {"fte": "like 0.2", "start": "YYYY-MM-DD", "end": "YYYY-MM-DD"}
                        yield Field(value, id=name, placeholder=hint[name], select_on_focus=False)
            yield Static(id="said", markup=False)
            yield Static("", id="error", markup=False)
            yield Static(id="preview")

    def on_mount(self) -> None:
        empty = next((i for i in self.query(Input) if not i.value), None)
        self.set_focus(empty or self.query_one("#fte", Input))  # now: typed-ahead keys land here
        self.refresh_preview(self.request())

    def on_key(self, event: events.Key) -> None:
        type_ahead(self, event)

    def changed(self) -> bool:
        """Whether anything was typed (for quitting: it would be lost)."""
        return any(self.query_one(f"#{n}", Input).value != v for n, v in self.initial.items())

    def values(self) -> dict[str, str]:
        return {str(i.id): i.value.strip() for i in self.query(Input) if i.id in self.initial}

    def request(self) -> Request | str:
        """What the fields ask for, or what is missing (read here, on the UI thread)."""
        values = self.values()
        for name in ("person", "from", "to"):
            picker = self.query_one(f"#p-{name}", PickField)
            if values[name] and not picker.value:
                return f"{values[name]!r} is not a {name if name == 'person' else 'project'}"
        a = self.analysis
        if (
            values["person"]
            and values["from"]
            and not (values["start"] or values["end"])
            and default_period(a.data, values["person"], values["from"], a.today) == ("", "")
        ):
            return (
                f"{values['person']} has no time on {values['from']} from today "
                f"({a.today}) on: the past is not rewritten"
            )
        missing = [label for name, label in FIELDS if not values[name]]
        if missing:
            return "fill in " + ", ".join(missing)
        try:
            fte = float(values["fte"])
        except ValueError:
            return f"FTE {values['fte']!r} is not a number"
        try:
            start, end = date.fromisoformat(values["start"]), date.fromisoformat(values["end"])
        except ValueError:
            return "days are like 2027-03-15"
        return Request(values["person"], values["from"], values["to"], fte, start, end)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("start", "end") and event.input.has_focus:
            self.period_typed = True
        elif event.input.id in ("person", "from") and not self.period_typed:
            v = self.values()
            start, end = default_period(
                self.analysis.data, v["person"], v["from"], self.analysis.today
            )
            for name, day in (("start", start), ("end", end)):
                field = self.query_one(f"#{name}", Input)
                with field.prevent(Input.Changed):
                    field.value = day
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
                start=request.start,
                end=request.end,
            )

        result: Preview = preview(self.database, a.data.program.key, a.today, change)
        if get_current_worker().is_cancelled:
            return  # the fields changed again: a newer preview is on its way
        if result.after is None:
            shown: RenderableType = Text(result.refused or "", style=MARKS["refused"])
        else:
            shown = consequences(a, result.after, request.person, glyphs_of(self))
        self.post_message(self.Previewed(shown, request))

    def on_reallocate_previewed(self, message: Previewed) -> None:
        if message.request == self.request():  # else the fields changed: a newer one comes
            said = (
                message.request.said(glyphs_of(self))
                if isinstance(message.request, Request)
                else ""
            )
            self.query_one("#said", Static).update(said)
            self.query_one("#preview", Static).update(message.shown)

    def action_submit(self) -> None:
        """Once the keys already sent to the fields are in: take the pick lists' choices,
        then save, or go to the first field left empty."""

        def typed_in() -> None:
            for picker in self.query(PickField):
                if picker.input.value.strip() or picker.input.has_focus:
                    picker.take()
            request = self.request()
            if isinstance(request, Request):
                self.asked = request
                if self.save is None:
                    self.dismiss(request)
                else:
                    g = glyphs_of(self)
                    self.query_one("#said", Static).update(f"saving: {request.said(g)}{g.say('…')}")
                    self.save(request)
                return
            empty = next((i for i in self.query(Input) if not i.value.strip()), None)
            if empty is not None and not empty.has_focus:
                self.set_focus(empty)
            else:
                self.notify(request, severity="error", markup=False)

        once_typed(self, typed_in)

    def saved(self, reason: str | None) -> None:
        """The outcome of the save: None closes the dialog; a refusal keeps it open."""
        if reason is None:
            self.dismiss(self.asked)
            if self.then is not None:
                self.then()
        else:
            self.query_one("#said", Static).update(
                self.asked.said(glyphs_of(self)) if self.asked else ""
            )
            self.query_one("#error", Static).update(reason)

    def save_then(self, done: Callable[[], None]) -> None:
        """Save what is typed, then call *done* (quitting: save and quit)."""
        self.then = done
        self.action_submit()

    def action_focus_field(self, step: int) -> None:
        focus_field(self, step)

    def action_cancel(self) -> None:
        self.dismiss(None)
