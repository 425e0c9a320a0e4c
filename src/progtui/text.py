"""Text hygiene for everything that comes from data: no control sequence ever reaches a terminal."""

from __future__ import annotations

import difflib

# C0 controls except tab and newline, DEL, and the C1 range: any of them can start an escape
# sequence (ESC, CSI 0x9b, OSC 0x9d) that would retitle or clear a shared screen.
_CONTROL = {c: None for c in (*range(0x09), *range(0x0B, 0x20), 0x7F, *range(0x80, 0xA0))}


def clean(value: str) -> str:
    """Return *value* without terminal control characters (tab and newline are kept)."""
    if value.isprintable():  # fast path: the vast majority of names
        return value
    return value.translate(_CONTROL)


def one_line(value: str) -> str:
    """Return *value* cleaned and folded onto one line, for table cells and headers."""
    return " ".join(clean(value).split()) if not value.isprintable() else value


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """' (did you mean X?)' for the closest of *choices*, or '' when none is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
