"""Pick one of a few things (which milestone or allocation to delete, a status), then
confirm. `Pick` filters its choices as one types; given *save*, `Pick` and `Confirm` save
themselves and stay open until saved, saying a refusal there (what was chosen stays)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from progtui.app.dialogs.ask import type_ahead
from progtui.app.glyphs import glyphs_of
from progtui.app.widgets.navigation import PickList
from progtui.app.widgets.pick import Choice, PickField


class Choose(ModalScreen[str | None]):
    """enter picks the highlighted choice, escape cancels. Choices are (id, label) pairs."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="choose.cancel")
    ]

    def __init__(self, question: str, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield PickList(*(Option(Text(label), id=ident) for ident, label in self.choices))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Pick(ModalScreen[str | None]):
    """A closed set (a status): typing filters it, up/down move, enter takes the lit one,
    escape cancels. The choice lit at first is *highlight* (the safe one)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel")
    ]

    def __init__(
        self,
        question: str,
        choices: list[Choice],
        *,
        highlight: str | None = None,
        save: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.question = question
        self.choices = choices
        self.highlight = highlight
        self.save = save
        self.answer: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield PickField(self.choices, highlight=self.highlight, placeholder="type to filter")
            yield Static("", id="error", markup=False)

    def on_mount(self) -> None:
        self.set_focus(self.query_one(Input))  # at once: keys typed ahead go to the field

    def on_key(self, event: events.Key) -> None:
        type_ahead(self, event)

    def changed(self) -> bool:
        return False  # a choice is made again in a key or two

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        picked = self.query_one(PickField).take()
        error = self.query_one("#error", Static)
        if not picked:
            error.update(f"{event.value.strip()!r} is none of the choices")
            return
        self.answer = picked
        if self.save is None:
            self.dismiss(picked)
            return
        error.update(glyphs_of(self).say("saving…"))
        self.save(picked)

    def saved(self, reason: str | None) -> None:
        """The outcome of the save: None closes the dialog; a refusal keeps it open."""
        if reason is None:
            self.dismiss(self.answer)
        else:
            self.query_one("#error", Static).update(reason)

    def action_cancel(self) -> None:
        self.dismiss(None)


class Confirm(ModalScreen[bool]):
    """y confirms; n or escape cancels. Given *save*, y saves and the dialog stays open until
    it is saved (a refusal is said here; y tries again)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, *, save: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.question = question
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Static("", id="error", markup=False)
            yield Label(glyphs_of(self).say("y: yes · n: no"))

    def action_answer(self, yes: bool) -> None:
        if yes and self.save is not None:
            self.query_one("#error", Static).update(glyphs_of(self).say("saving…"))
            self.save()
        else:
            self.dismiss(yes)

    def saved(self, reason: str | None) -> None:
        if reason is None:
            self.dismiss(True)
        else:
            self.query_one("#error", Static).update(reason)
