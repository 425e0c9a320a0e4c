"""The list keys of k9s, lazygit and less, for the dialogs' lists: j/k a line, g/G the first
and last, ctrl+d/ctrl+u half a screen, beside the arrows and page keys Textual gives them.
The panes' tables have the same keys (`line_table.LineTable`)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import OptionList


class PickList(OptionList):
    """An OptionList (a dialog's choices) that j/k/g/G/ctrl+d/ctrl+u move through too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "cursor_up", "Up", show=False, id="list.up"),
        Binding("j", "cursor_down", "Down", show=False, id="list.down"),
        Binding("g", "first", "First", show=False, id="list.first"),
        Binding("G", "last", "Last", show=False, id="list.last"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="list.half_up"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="list.half_down"),
    ]

    def action_half_page(self, direction: int) -> None:
        if self.option_count:
            step = max(self.scrollable_content_region.height // 2, 1)
            current = self.highlighted if self.highlighted is not None else 0
            self.highlighted = min(max(current + direction * step, 0), self.option_count - 1)


class ListScroll(VerticalScroll):
    """A dialog's scrolling list (what moves, the WSJF advice, the objectives), read with the
    same keys."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "scroll_up", "Up", show=False, id="scroll.up"),
        Binding("j", "scroll_down", "Down", show=False, id="scroll.down"),
        Binding("g", "scroll_home", "First", show=False, id="scroll.first"),
        Binding("G", "scroll_end", "Last", show=False, id="scroll.last"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="scroll.half_up"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="scroll.half_down"),
    ]

    def action_half_page(self, direction: int) -> None:
        step = max(self.scrollable_content_region.height // 2, 1)
        self.scroll_relative(y=direction * step, animate=False)
