"""A form for one entity (n adds, e edits): one labelled line per field, saved by a service.

enter goes to the next field and saves on the last one, ctrl+s saves from any field, escape
cancels. A refused save keeps the form open with what was typed, says why in one line, and
puts the cursor in the field the message names. A field with a closed set (a person, a
status) is a pick list: typing filters it, up/down move, enter takes the lit choice.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

from progtui.app.dialogs.ask import FIELD_KEYS, focus_field, once_typed, type_ahead
from progtui.app.glyphs import glyphs_of
from progtui.app.widgets.field import Field
from progtui.app.widgets.pick import Choice, MultiPickField, PickField

# Called on the UI thread with the typed values; whoever saves them calls Form.saved after.
Save = Callable[[dict[str, str]], None]


class Form(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
        # a priority binding, not Input.Submitted: focus must move before the next key is read
        Binding("enter", "next", "Next field", id="form.next", priority=True),
        *FIELD_KEYS,
    ]

    def __init__(
        self,
        title: str,
        fields: dict[str, str],
        save: Save,
        hints: dict[str, str] | None = None,
        fixed: tuple[str, ...] = (),
        choices: dict[str, list[Choice]] | None = None,
        several: tuple[str, ...] = (),
    ) -> None:
        """*choices*: the closed set of a field (a pick list); of those, *several* take any
        number of choices, comma-separated (a risk's projects)."""
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.save = save
        self.hints = hints or {}
        self.fixed = fixed
        self.choices = {k: v for k, v in (choices or {}).items() if k in fields and k not in fixed}
        self.several = several
        self.then: Callable[[], None] | None = None  # once saved (quitting: then quit)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.title_text, markup=False, classes="title")
            with VerticalScroll(can_focus=False):  # a click in a pick list keeps its field
                for name, value in self.fields.items():
                    with Horizontal():
                        yield Label(name, classes="name", markup=False)
                        if name in self.choices:
                            kind = MultiPickField if name in self.several else PickField
                            yield kind(
                                self.choices[name],
                                value,
                                id=f"p-{name}",
                                input_id=f"f-{name}",
                                placeholder=(
                                    "type to pick; a comma, then the next"
                                    if name in self.several
                                    else "type to pick"
                                ),
                            )
                        else:
                            yield Field(
                                value,
                                id=f"f-{name}",
                                disabled=name in self.fixed,
                                select_on_focus=False,
                                placeholder=self.hints.get(name, ""),
                            )
            yield Static("", id="error", markup=False)
            yield Label(
                glyphs_of(self).say("enter: next field / save · ctrl+s: save · esc: cancel"),
                classes="hint",
            )

    def on_mount(self) -> None:
        inputs = [i for i in self.query(Input) if not i.disabled]
        if inputs:
            self.set_focus(inputs[0])

    def on_key(self, event: events.Key) -> None:
        type_ahead(self, event)

    def field(self, name: str) -> Input:
        """The Input holding field *name* (a pick list's own)."""
        return self.query_one(f"#f-{name}", Input)

    def values(self) -> dict[str, str]:
        """What each field holds (a field of several choices as "A, B", as they are spelled)."""
        return {
            name: (
                self.query_one(f"#p-{name}", MultiPickField).value
                if name in self.several and name in self.choices
                else self.field(name).value
            )
            for name in self.fields
            if name not in self.fixed
        }

    def changed(self) -> bool:
        """Whether anything was typed (for quitting: it would be lost)."""
        return any(
            self.field(name).value != value
            for name, value in self.fields.items()
            if name not in self.fixed
        )

    def _take(self, widget: object) -> None:
        """Leaving a pick list: the choice lit in it fills it, once the keys already sent to
        it are in (typed fast, they are still in its queue)."""
        parent = getattr(widget, "parent", None)
        if isinstance(parent, PickField) and isinstance(widget, Input):
            widget.call_later(parent.take)

    def action_focus_field(self, step: int) -> None:
        self._take(self.focused)
        focus_field(self, step)

    def action_next(self) -> None:
        inputs = [i for i in self.query(Input) if not i.disabled]
        self._take(self.focused)
        at = inputs.index(self.focused) if self.focused in inputs else -1
        if at + 1 < len(inputs):
            # now, not as widget.focus() does it (after the keys already waiting): typed in a
            # burst, the next field's characters are already in the queue
            self.set_focus(inputs[at + 1])
        else:
            self.action_save()

    def action_save(self) -> None:
        """Save what the fields hold once each has handled the keys already sent to it (typed
        fast, a field's last characters can still be in its queue when enter is read)."""
        self.query_one("#error", Static).update(glyphs_of(self).say("saving…"))

        def typed_in() -> None:
            for name in self.choices:  # a pick list names one of its choices, or nothing
                picker = self.query_one(f"#p-{name}", PickField)
                typed = picker.input.value.strip()
                if typed and not picker.take():
                    if isinstance(picker, MultiPickField):
                        typed = picker.unknown() or typed
                    self.saved(f"{name}: {typed!r} is none of the choices")
                    return
            self.save(self.values())

        once_typed(self, typed_in)

    def saved(self, reason: str | None) -> None:
        """The outcome of the save: None closes the form; a refusal keeps it open."""
        if reason is None:
            self.dismiss(True)
            if self.then is not None:
                self.then()
            return
        self.query_one("#error", Static).update(reason)
        for name in self.fields:  # put the cursor where the problem is
            if name not in self.fixed and reason.startswith((f"{name} ", f"{name}:", f"{name}.")):
                self.field(name).focus()
                break

    def save_then(self, done: Callable[[], None]) -> None:
        """Save what is typed, then call *done* (quitting: save and quit)."""
        self.then = done
        self.action_save()

    def action_cancel(self) -> None:
        self.dismiss(False)
