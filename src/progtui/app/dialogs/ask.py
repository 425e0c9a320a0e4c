"""A one-line question (a rank, a percentage, a mitigation): enter answers, escape cancels.

Given *save*, the dialog saves the answer itself and stays open until it is saved: a refusal
(someone else changed the same thing meanwhile, a rule) is said in the dialog, what was typed
stays, and enter tries again. The current value is shown in the question and proposed,
selected, so typing replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static

from progtui.app.glyphs import glyphs_of
from progtui.app.widgets.field import Field

# Called on the UI thread with the answer; whoever saves it calls `saved` with the outcome.
SaveAnswer = Callable[[str], None]


def type_ahead(screen: Screen[Any], event: events.Key) -> None:
    """A character typed before the dialog's field had the focus (the key went to the dialog
    itself) goes into the field now focused, as if typed there. A field stops the keys typed
    in it, so one that reaches the dialog was typed ahead; keys that are bindings (enter,
    backspace) already reach the field: Textual checks them against the focus on arrival."""
    field = screen.focused
    if isinstance(field, Input) and event.is_printable and event.character:
        event.stop()
        event.prevent_default()
        if field.selection.is_empty:
            field.insert_text_at_cursor(event.character)
        else:
            field.replace(event.character, *field.selection)


# The keys that move between the fields of a dialog of several: priority bindings, so that
# the focus moves when the key arrives, before the keys typed after it are handed on (Textual
# hands a key to the field focused when it arrives: typed fast, `tab 2` put the 2 in the
# field being left, and a backspace after it in the next).
FIELD_KEYS: list[BindingType] = [
    Binding("tab", "focus_field(1)", "Next field", show=False, priority=True, id="dialog.next"),
    Binding(
        "shift+tab",
        "focus_field(-1)",
        "Previous field",
        show=False,
        priority=True,
        id="dialog.previous",
    ),
]


def once_typed(screen: Screen[Any], then: Callable[[], None]) -> None:
    """Call *then* once every field of *screen* has handled the keys already sent to it
    (typed fast, a field's last characters can still be in its queue when enter is read):
    a callback queued behind each field's pending keys in turn."""
    fields = list(screen.query(Input))

    def after(k: int) -> None:
        if k < len(fields):
            fields[k].call_later(after, k + 1)
        else:
            then()

    after(0)


def focus_field(screen: Screen[Any], step: int) -> None:
    """Focus the field *step* after (or before) the focused one, round, at once."""
    fields = [i for i in screen.query(Input) if not i.disabled]
    if fields:
        at = fields.index(screen.focused) if screen.focused in fields else -step
        screen.set_focus(fields[(at + step) % len(fields)])


class Ask(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="ask.cancel"),
    ]

    def __init__(self, question: str, value: str = "", *, save: SaveAnswer | None = None) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.save = save
        self.answer: str | None = None
        self.then: Callable[[], None] | None = None  # once saved (quitting: then quit)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Field(self.value, id="answer")
            yield Static("", id="error", markup=False)

    def on_mount(self) -> None:
        # now, not once the screen is shown: keys typed ahead go to the field
        self.set_focus(self.query_one(Input))

    def on_key(self, event: events.Key) -> None:
        type_ahead(self, event)

    def changed(self) -> bool:
        """Whether something to save was typed (for quitting: it would be lost)."""
        return self.save is not None and self.query_one(Input).value.strip() != self.value.strip()

    def save_then(self, done: Callable[[], None]) -> None:
        """Save what is typed, then call *done* (quitting: save and quit)."""
        self.then = done
        self.submit(self.query_one(Input).value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.submit(event.value)

    def submit(self, value: str) -> None:
        self.answer = value.strip()
        if self.save is None:
            self.dismiss(self.answer)
            return
        self.query_one("#error", Static).update(glyphs_of(self).say("saving…"))
        self.save(self.answer)

    def saved(self, reason: str | None) -> None:
        """The outcome of the save: None closes the dialog; a refusal keeps it open."""
        if reason is None:
            self.dismiss(self.answer)
            if self.then is not None:
                self.then()
        else:
            self.query_one("#error", Static).update(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
