"""A one-line question (a rank, a percentage, a mitigation): enter answers, escape cancels.

Given *save*, the dialog saves the answer itself and stays open until it is saved: a refusal
(someone else changed the same thing meanwhile, a rule) is said in the dialog, what was typed
stays, and enter tries again. The current value is shown in the question and proposed,
selected, so typing replaces it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static

# Called on the UI thread with the answer; whoever saves it calls `saved` with the outcome.
SaveAnswer = Callable[[str], None]


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

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Input(self.value, id="answer")
            yield Static("", id="error", markup=False)

    def on_mount(self) -> None:
        # now, not once the screen is shown: keys typed ahead go to the field
        self.set_focus(self.query_one(Input))

    def changed(self) -> bool:
        """Whether something was typed (for quitting: it would be lost)."""
        return self.query_one(Input).value.strip() != self.value.strip()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.answer = event.value.strip()
        if self.save is None:
            self.dismiss(self.answer)
            return
        self.query_one("#error", Static).update("saving…")
        self.save(self.answer)

    def saved(self, reason: str | None) -> None:
        """The outcome of the save: None closes the dialog; a refusal keeps it open."""
        if reason is None:
            self.dismiss(self.answer)
        else:
            self.query_one("#error", Static).update(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)
