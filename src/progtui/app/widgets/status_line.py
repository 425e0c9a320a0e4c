"""The status line: where you are and what you are looking at.

Program i/n, the pane, its order, zoom and filter, the baseline compared with, and who changed
the program last and when: each a whole part, dropped by priority as the terminal narrows
(the zoom first, then the baseline, the program position, the order; the pane, the filter
and the last change stay longest), separated so words never run together.
"""

from __future__ import annotations

from datetime import date, datetime

from rich.text import Text
from textual.widgets import Static

from progtui.app.glyphs import UNICODE, Glyphs
from progtui.app.widgets import show_text
from progtui.app.widgets.program_header import Part, fit
from progtui.text import one_line

# priorities (higher stays longer)
PANE, FILTER, LAST, SORT, POSITION, BASELINE, ZOOM = 10, 9, 8, 7, 6, 5, 3


def last_change(who: str, when: datetime, entity: str, field: str, today: date, g: Glyphs) -> str:
    """'✎ bob 14:05 project:IT-REG rank' ('by bob ...' in ASCII); the day too if not today."""
    stamp = f"{when:%H:%M}" if when.date() == today else f"{when:%Y-%m-%d %H:%M}"
    return f"{g.edit} {one_line(who)} {stamp} {one_line(entity)} {one_line(field)}"


class StatusLine(Static):
    """One line, fitted to its width; parts are set by the screen (`show`)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: list[Part] = []

    def show(self, parts: list[tuple[str, int]]) -> None:
        """*parts*: (text, priority) in the order shown; text from the data is literal."""
        g: Glyphs = getattr(self.app, "glyphs", UNICODE)
        self.parts = [
            Part(Text(text, "bold" if priority == PANE else ""), priority, g.sep)
            for text, priority in parts
            if text
        ]
        self._fit()

    @property
    def text(self) -> str:
        return str(self.content)

    def _fit(self) -> None:
        width = self.content_region.width or self.app.size.width - 2
        g: Glyphs = getattr(self.app, "glyphs", UNICODE)
        show_text(self, fit(self.parts, width, g) if self.parts else "")

    def on_resize(self) -> None:
        self._fit()
