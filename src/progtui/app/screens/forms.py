"""n adds, e edits, delete deletes, v shows benefits (n there records a value): the forms
and choices of the cockpit, each saved through the one save worker."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from textual import events

from progtui import domain as d
from progtui import services
from progtui.app.dialogs.choose import Choose, Confirm
from progtui.app.dialogs.form import Form
from progtui.app.glyphs import glyphs_of
from progtui.app.saving import Change, Saver
from progtui.app.widgets.pick import Choice
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
    "depends_on": "its predecessors: KEY, or KEY:SS+5 (type and lag), comma-separated",
    "manager": "a person's key",
    "owner": "a person's key",
    "capacity": "FTE, like 1 or 0.8",
    "budget": "an amount",
    "cost_rate": "per day",
}


FORM_SEVERAL = ("projects",)  # fields picking any number of choices, comma-separated


def _text(value: object) -> str:
    """A value as its form's text, as `services.editing.form_values` writes it."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def shown_values(data: d.ProgramData, kind: str, key: str) -> dict[str, str] | None:
    """The edit form of *kind* *key* as the snapshot on screen has it (None: not there)."""
    found: object = None
    if kind == "project":
        found = next((p for p in data.projects if p.key == key), None)
    elif kind == "risk":
        found = next((r for r in data.risks if r.key == key), None)
    elif kind == "person":
        found = next((p for p in data.people if p.key == key), None)
    if found is None:
        return None
    shown = {name: _text(getattr(found, name)) for name in editing.KINDS[kind].fields}
    if isinstance(found, d.Project):  # its predecessors in this program, as typed
        shown["depends_on"] = ", ".join(
            editing.link_text(x.project, x.type, x.lag)
            for x in found.depends_on
            if x.program is None
        )
    return shown


def allocation_id(project: str, person: str, start: date | None, end: date | None) -> str:
    """A choice naming an allocation by its key (project, person, period), never a position."""
    return f"allocation|{project}|{person}|{start or ''}|{end or ''}"


class Forms(Saver):
    """Add, edit, delete and record a benefit value."""

    select_after: tuple[str, str] | None = None  # (kind, key) to select once loaded

    if TYPE_CHECKING:

        def current_kind(self) -> tuple[str, str | None] | None: ...
        def jump_to(self, kind: str, key: str) -> None: ...
        def selected_project(self) -> str | None: ...
        def selected_risk(self) -> str | None: ...
        def selected_person(self) -> str | None: ...
        def update_detail(self) -> None: ...

    def on_key(self, event: events.Key) -> None:
        """Keys reaching the cockpit are marked as typed on it: one typed ahead of a dialog
        that a key before it opens (the dialog is not up yet when the key is sent) is then
        handed to the dialog by the app (`ProgtuiApp.on_event`), as if typed there."""
        event.typed_on = self  # type: ignore[attr-defined]

    def form_choices(self) -> dict[str, list[Choice]]:
        """The closed sets of the forms' fields: people, risk statuses, and the projects a
        risk threatens (several: FORM_SEVERAL)."""
        data = self.loaded.data if self.loaded else None
        people = [(p.key, f"{p.key}  {one_line(p.name)}") for p in data.people] if data else []
        projects = [(p.key, f"{p.key}  {one_line(p.name)}") for p in data.projects] if data else []
        return {
            "manager": people,
            "owner": people,
            "status": [(x, x) for x in d.RISK_STATUSES],
            "projects": projects,
        }

    def action_add(self) -> None:
        here = self.current_kind()
        if here is None or self.program is None:
            return
        kind, _ = here
        program, stamp = self.program, self.stamp()

        def save(values: dict[str, str]) -> None:
            key = values["key"].strip()
            self.save(
                Change(
                    lambda s: editing.add(s, program=program, kind=kind, values=values),
                    after=lambda _: setattr(self, "select_after", (kind, key)),
                    reply=form.saved,
                    stamp=stamp,
                )
            )

        form = Form(
            f"New {kind} in {program}",
            dict.fromkeys(editing.KINDS[kind].fields, ""),
            save,
            hints=FORM_HINTS,
            choices=self.form_choices(),
            several=FORM_SEVERAL,
        )
        self.app.push_screen(form)

    def action_edit(self) -> None:
        """e: the form holds what the screen shows (the snapshot, no read: it opens at once,
        so keys typed ahead land in it), and saving is checked against that screen."""
        here = self.current_kind()
        if here is None or here[1] is None or self.program is None or self.loaded is None:
            return
        kind, key = here[0], here[1]
        data = self.loaded.data
        current = shown_values(data, kind, key) if data is not None else None
        if current is None:
            self.notify(f"no {kind} '{key}' in this program", severity="error", markup=False)
            return
        program, stamp = self.program, self.stamp()

        def save(values: dict[str, str]) -> None:
            self.save(
                Change(
                    lambda s: editing.edit(s, program=program, kind=kind, key=key, values=values),
                    reply=form.saved,
                    stamp=stamp,
                )
            )

        fixed = (editing.KINDS[kind].fields[0],)
        form = Form(
            f"Edit {kind} {key}",
            current,
            save,
            hints=FORM_HINTS,
            fixed=fixed,
            choices=self.form_choices(),
            several=FORM_SEVERAL,
        )
        self.app.push_screen(form)

    def action_remove(self) -> None:
        """delete: a risk, or one of the selected project's (person's) milestones and
        allocations, after a confirmation. Projects are cancelled (s), not deleted."""
        here = self.current_kind()
        if here is None or here[1] is None or self.loaded is None or not self.loaded.data:
            return
        kind, key = here
        data, program, stamp = self.loaded.data, self.loaded.data.program.key, self.stamp()
        if kind == "risk":
            risk = next(r for r in data.risks if r.key == key)
            choices = [(f"risk|{key}", f"risk {key}: {one_line(risk.title)}")]
        else:
            choices = []
            for p in data.projects:
                if kind == "project" and p.key == key:
                    choices += [
                        (
                            f"milestone|{p.key}/{m.name}",
                            f"{glyphs_of(self).milestone} {one_line(m.name)}  due {m.due}",
                        )
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

        def chosen(choice: str | None) -> None:
            if choice is None:
                return

            def confirmed() -> None:
                self.save(Change(removal(program, choice), reply=confirm.saved, stamp=stamp))

            confirm = Confirm(f"Delete {labels[choice]}?", save=confirmed)
            self.app.push_screen(confirm)

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
        program, stamp = self.program, self.stamp()
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
                    stamp=stamp,
                )
            )

        form = Form(
            f"Record a value in {program}",
            {"objective": first, "value": "", "date": self.today.isoformat()},
            save,
            hints={"value": "a number, like 410000"},
            choices={
                "objective": [
                    (o.key, f"{o.key}  {one_line(o.name)}") for o in self.loaded.data.objectives
                ]
            },
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
