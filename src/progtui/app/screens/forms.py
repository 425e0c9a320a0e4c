"""n adds, e edits, delete deletes, v shows benefits (n there records a value): the forms
and choices of the cockpit, each saved through the one save worker."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.worker import get_current_worker

from progtui import services
from progtui.app.dialogs.choose import Choose, Confirm
from progtui.app.dialogs.form import Form
from progtui.app.saving import Change, Saver
from progtui.errors import ProgtuiError
from progtui.services import editing
from progtui.text import one_line

if TYPE_CHECKING:
    from sqlmodel import Session

FORM_HINTS = {
    "key": "letters, digits, - and _",
    "start": "like 2027-01-04",
    "end": "like 2027-06-30",
    "due": "like 2027-06-30",
    "done": "like 2027-06-30",
    "probability": "1-5",
    "impact": "1-5",
    "status": "open, mitigating, closed, occurred",
    "projects": "keys, like DE-REG, FR-PKG",
    "manager": "a person's key",
    "owner": "a person's key",
    "capacity": "FTE, like 1 or 0.8",
    "budget": "an amount",
    "cost_rate": "per day",
}


def allocation_id(project: str, person: str, start: date | None, end: date | None) -> str:
    """A choice naming an allocation by its key (project, person, period), never a position."""
    return f"allocation|{project}|{person}|{start or ''}|{end or ''}"


class Forms(Saver):
    """Add, edit, delete and record a benefit value."""

    select_after: tuple[str, str] | None = None  # (kind, key) to select once loaded

    @dataclass
    class FormRead(Message):
        """What an edit form starts from (read in a worker), or why it cannot be edited."""

        program: str
        kind: str
        key: str
        values: dict[str, str]
        refused: str | None = None

    if TYPE_CHECKING:

        def current_kind(self) -> tuple[str, str | None] | None: ...
        def jump_to(self, kind: str, key: str) -> None: ...
        def selected_project(self) -> str | None: ...
        def selected_risk(self) -> str | None: ...
        def selected_person(self) -> str | None: ...
        def update_detail(self) -> None: ...

    def action_add(self) -> None:
        here = self.current_kind()
        if here is None or self.program is None:
            return
        kind, _ = here
        program = self.program

        def save(values: dict[str, str]) -> None:
            key = values["key"].strip()
            self.save(
                Change(
                    lambda s: editing.add(s, program=program, kind=kind, values=values),
                    after=lambda _: setattr(self, "select_after", (kind, key)),
                    reply=form.saved,
                )
            )

        form = Form(
            f"New {kind} in {program}",
            dict.fromkeys(editing.KINDS[kind].fields, ""),
            save,
            hints=FORM_HINTS,
        )
        self.app.push_screen(form)

    def action_edit(self) -> None:
        here = self.current_kind()
        if here is None or here[1] is None or self.program is None:
            return
        self._open_edit(self.program, here[0], here[1])

    @work(thread=True, exclusive=True, group="form")
    def _open_edit(self, program: str, kind: str, key: str) -> None:
        """Read what the form starts from (in a worker: never the database on the UI thread)."""
        try:
            with self.database.read() as session:
                current = editing.form_values(session, program=program, kind=kind, key=key)
        except ProgtuiError as exc:
            self.post_message(self.FormRead(program, kind, key, {}, str(exc)))
            return
        if not get_current_worker().is_cancelled:  # e pressed again: that one opens the form
            self.post_message(self.FormRead(program, kind, key, current))

    def on_forms_form_read(self, message: FormRead) -> None:
        if message.refused is not None:
            self.notify(message.refused, severity="error", markup=False)
            return
        program, kind, key, current = message.program, message.kind, message.key, message.values

        def save(values: dict[str, str]) -> None:
            self.save(
                Change(
                    lambda s: editing.edit(s, program=program, kind=kind, key=key, values=values),
                    reply=form.saved,
                )
            )

        fixed = (editing.KINDS[kind].fields[0],)
        form = Form(f"Edit {kind} {key}", current, save, hints=FORM_HINTS, fixed=fixed)
        self.app.push_screen(form)

    def action_remove(self) -> None:
        """delete: a risk, or one of the selected project's (person's) milestones and
        allocations, after a confirmation. Projects are cancelled (s), not deleted."""
        here = self.current_kind()
        if here is None or here[1] is None or self.loaded is None or not self.loaded.data:
            return
        kind, key = here
        data, program = self.loaded.data, self.loaded.data.program.key
        if kind == "risk":
            risk = next(r for r in data.risks if r.key == key)
            choices = [(f"risk|{key}", f"risk {key}: {one_line(risk.title)}")]
        else:
            choices = []
            for p in data.projects:
                if kind == "project" and p.key == key:
                    choices += [
                        (f"milestone|{p.key}/{m.name}", f"◆ {one_line(m.name)}  due {m.due}")
                        for m in p.milestones
                    ]
                for al in p.allocations:
                    if (kind == "project" and p.key == key) or al.person == key:
                        choices.append(
                            (
                                allocation_id(p.key, al.person, al.start, al.end),
                                f"{al.person} on {p.key}: {al.fte:g} FTE "
                                f"{al.start or p.start} .. {al.end or p.end}",
                            )
                        )
            if kind == "person":
                choices.append((f"person|{key}", f"the person {key} (without allocations)"))
        labels = dict(choices)

        def confirmed(choice: str, yes: bool | None) -> None:
            if yes:
                self.save(Change(removal(program, choice)))

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.app.push_screen(
                    Confirm(f"Delete {labels[choice]}?"), lambda yes: confirmed(choice, yes)
                )

        if not choices:
            self.notify(
                f"{key} has no milestones or allocations to delete (projects are cancelled with s)",
                markup=False,
            )
        elif len(choices) == 1:
            chosen(choices[0][0])
        else:
            self.app.push_screen(Choose(f"Delete which, of {key}?", choices), chosen)

    def action_benefits(self) -> None:
        from progtui.app.dialogs.benefits import Benefits

        if self.loaded is not None and self.loaded.data is not None:
            self.app.push_screen(Benefits(self.loaded.data, record=self.record_benefit))

    def record_benefit(self) -> None:
        if self.program is None or self.loaded is None or self.loaded.data is None:
            return
        program = self.program
        first = self.loaded.data.objectives[0].key if self.loaded.data.objectives else ""

        def save(values: dict[str, str]) -> None:
            try:
                value = float(values["value"].replace(",", "").replace("_", ""))
                day = date.fromisoformat(values["date"].strip())
            except ValueError as exc:
                form.saved(
                    "value should be a number"
                    if "float" in str(exc)
                    else f"date should be like 2027-03-31, not {values['date']!r}"
                )
                return
            objective = values["objective"].strip()
            self.save(
                Change(
                    lambda s: services.record_benefit(
                        s, program=program, objective=objective, value=value, on=day
                    ),
                    reply=form.saved,
                )
            )

        form = Form(
            f"Record a value in {program}",
            {"objective": first, "value": "", "date": self.today.isoformat()},
            save,
            hints={"value": "a number, like 410000"},
        )
        self.app.push_screen(form)


def removal(program: str, choice: str) -> Callable[[Session], object]:
    """The service call deleting what *choice* names (by key, whatever is on screen now)."""
    kind, _, rest = choice.partition("|")
    if kind == "allocation":
        project, person, start, end = rest.split("|")

        def deallocate(s: Session) -> object:
            return services.allocate(
                s,
                program=program,
                person=person,
                project=project,
                fte=0,
                start=date.fromisoformat(start) if start else None,
                end=date.fromisoformat(end) if end else None,
            )

        return deallocate
    return lambda s: editing.remove_entity(s, program=program, kind=kind, key=rest)
