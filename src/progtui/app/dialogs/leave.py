"""Quitting with something unsaved (a triage meeting whose minutes are not written, a form
with typed values): save it and quit, discard it and quit, or stay. One key each."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label

from progtui.app.glyphs import glyphs_of


class Leave(ModalScreen[str | None]):
    """w (write) or s (save) keeps and quits, d discards and quits, escape or n stays: the
    answer is "keep", "discard" or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w,s", "answer('keep')", "Save and quit", id="leave.keep"),
        Binding("d", "answer('discard')", "Discard and quit", id="leave.discard"),
        Binding("escape,n", "answer(None)", "Stay", id="leave.stay"),
    ]

    def __init__(self, question: str, keep_key: str, keep_label: str, discard_label: str) -> None:
        super().__init__()
        self.question = question
        self.hint = f"{keep_key}: {keep_label} · d: {discard_label} · esc: stay"

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(self.question, markup=False)
            yield Label(glyphs_of(self).say(self.hint), markup=False, classes="hint")

    def action_answer(self, answer: str | None) -> None:
        self.dismiss(answer)
