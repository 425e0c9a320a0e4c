"""Self-contained widgets: the line table that draws only what is visible, header, detail."""

from __future__ import annotations

from collections.abc import Hashable

from rich.console import RenderableType
from rich.text import Text
from textual.widgets import Static


def show_text(static: Static, content: RenderableType, sign: Hashable = None) -> None:
    """Static.update, unless it already shows that: every update lays the whole screen out
    again, and the reload after each move key updated the status line, the header and
    hidden panes with what they showed. *sign*: what a content that is not Text is made from
    (without, it is updated every time)."""
    if sign is None and isinstance(content, Text):
        sign = (content.plain, tuple(content.spans), str(content.style))
    elif sign is None:
        sign = content if isinstance(content, str) else object()
    if getattr(static, "_shown_sign", None) == sign:
        return
    static._shown_sign = sign  # type: ignore[attr-defined]
    static.update(content)
