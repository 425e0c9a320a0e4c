"""a on the graph: a predecessor for the selected project, the link's type and its lag.

The predecessor completes from the program's keys as it is typed (any case; enter takes the
completion shown), the type from FS, SS, FF and SF. enter moves to the next field and, on the
last, answers; escape cancels.
What is typed is checked here (one line under the fields); the service refuses a cycle.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from progtui import domain as d
from progtui.app.dialogs.ask import FIELD_KEYS, focus_field, once_typed
from progtui.app.glyphs import glyphs_of
from progtui.app.widgets.field import Field


class AddLink(ModalScreen[tuple[str, str] | None]):
    """Answers (predecessor, "SS+5") or None."""

    DEFAULT_CSS = """
    AddLink { align: center middle; }
    AddLink > Vertical { width: 64; max-width: 100%; height: auto; border: round $accent;
        background: $panel; padding: 0 1; }
    AddLink Label { width: 100%; }
    AddLink #link-problem { color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="link.cancel"),
        # priority, as FIELD_KEYS: the focus moves before the keys typed after enter arrive
        Binding("enter", "next", "Next field", id="link.next", priority=True),
        *FIELD_KEYS,
    ]

    def __init__(self, project: str, choices: list[str]) -> None:
        super().__init__()
        self.project = project
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(f"{self.project} depends on (predecessor)", markup=False)
            yield Field(
                id="link-predecessor",
                placeholder="project key",
                suggester=SuggestFromList(self.choices, case_sensitive=False),
            )
            yield Label("type: FS finish-to-start, SS, FF, SF")
            yield Field(
                "FS",
                id="link-type",
                suggester=SuggestFromList(list(d.DEPENDENCY_TYPES), case_sensitive=False),
            )
            yield Label("lag (working days, may be negative)")
            yield Field("0", id="link-lag")
            yield Label("", id="link-problem", markup=False)
            yield Label(
                glyphs_of(self).say(
                    "enter: take the completion, next field; on the last, save · esc"
                )
            )

    def action_focus_field(self, step: int) -> None:
        focus_field(self, step)

    def action_next(self) -> None:
        """enter: the next field at once (the keys typed after it go there); what concerns
        the field left (the completion taken, the answer on the last one) once that field
        has handled the keys already sent to it (typed fast, they are still in its queue)."""
        field = self.focused
        if not isinstance(field, Input):
            return
        if field.id == "link-predecessor":
            field.call_later(self._complete, field)
        if field.id != "link-lag":
            focus_field(self, 1)
            return
        once_typed(self, self._answered)

    def _answered(self) -> None:
        answer = self.answer()
        if isinstance(answer, str):
            self.query_one("#link-problem", Label).update(answer)
        else:
            self.dismiss(answer)

    def _complete(self, field: Input) -> None:
        """enter takes the completion shown for what the predecessor's field holds."""
        typed = field.value.strip().casefold()
        known = {k.casefold() for k in self.choices}
        shown = next((k for k in self.choices if k.casefold().startswith(typed)), None)
        if typed and typed not in known and shown is not None:
            field.value = shown

    def answer(self) -> tuple[str, str] | str:
        """(predecessor, type and lag), or the one line saying what is wrong."""
        typed = self.query_one("#link-predecessor", Input).value.strip()
        known = {k.casefold(): k for k in self.choices}
        predecessor = known.get(typed.casefold())
        if predecessor is None:
            return (
                f"'{typed}' is not a project {self.project} can depend on"
                if typed
                else ("type the key of the predecessor")
            )
        kind = self.query_one("#link-type", Input).value.strip().upper()
        if kind not in d.DEPENDENCY_TYPES:
            return f"type '{kind}' should be FS, SS, FF or SF"
        lag_text = self.query_one("#link-lag", Input).value.strip() or "0"
        try:
            lag = int(lag_text)
        except ValueError:
            return f"lag '{lag_text}' should be a whole number of working days, like 5 or -2"
        return predecessor, f"{kind}{lag:+d}" if lag else kind

    def action_cancel(self) -> None:
        self.dismiss(None)
