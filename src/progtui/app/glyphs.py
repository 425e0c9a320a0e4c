"""The characters the app draws with: Unicode, or plain ASCII for a terminal that cannot take
UTF-8 (the C locale of many shared servers, where every other character became `_`).

`ascii_terminal()` decides once, at the command line (cli/launch.py); the app gets the answer
as `ProgtuiApp(ascii=...)`, sets the CSS class `-ascii` on itself (Textual's borders, the
scrollbars and the footer switch to ASCII in app.tcss) and draws with `app.glyphs`. Text from
the data (names, notes) is never changed: only what the app draws around it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

_UTF8 = re.compile(r"utf-?8", re.IGNORECASE)


def _launch_environ() -> Mapping[str, str]:
    """The environment the process was started with. Python's C-locale coercion (PEP 538)
    sets LC_CTYPE=C.UTF-8 in os.environ when it starts in the C locale, which would read as
    a UTF-8 terminal; /proc/self/environ still holds what the terminal passed."""
    try:
        raw = Path("/proc/self/environ").read_bytes()
    except OSError:
        return os.environ
    pairs = (item.split(b"=", 1) for item in raw.split(b"\0") if b"=" in item)
    return {k.decode("utf-8", "replace"): v.decode("utf-8", "replace") for k, v in pairs}


def ascii_terminal(environ: Mapping[str, str] = os.environ) -> bool:
    """Whether to draw in ASCII: `PROGTUI_ASCII=1` (or `0`) decides; else the effective
    locale, the first set of LC_ALL, LC_CTYPE and LANG, must name UTF-8 (`en_GB.UTF-8`,
    `C.utf8`); none set is the C locale, so ASCII. With the default *environ*, the locale is
    read from the environment the process started with (see _launch_environ)."""
    override = environ.get("PROGTUI_ASCII", "").strip()
    if override in ("1", "0"):
        return override == "1"
    locale = _launch_environ() if environ is os.environ else environ
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = locale.get(name, "")
        if value:
            return _UTF8.search(value) is None
    return True


@dataclass(frozen=True, slots=True)
class Glyphs:
    """Every character the app draws that is not a letter of the data."""

    ascii: bool
    forecast: str  # the roadmap's forecast bar
    plan: str  # the planned bar behind it
    ghost: str  # where the compared baseline expected the bar
    ghost_end: str  # the baseline's finish
    today: str  # today's line
    milestone: str  # an open milestone
    milestone_done: str
    critical: str  # before the key of a project on the critical path
    none: str  # a missing value
    ellipsis: str  # where a text is cut
    sep: str  # between the parts of the status line
    edit: str  # "who changed last" in the status line
    rule: str  # a horizontal line
    rag: Mapping[str, str] = field(default_factory=dict)  # health: symbol before the word

    def rag_label(self, rag: str | None) -> str:
        """'✖ red' (ASCII 'R red'), '▲ amber', '● green', or the no-value mark."""
        return self.none if rag is None else f"{self.rag[rag]} {rag}"

    def say(self, text: str) -> str:
        """*text* the app words itself (a hint, a title, a label; never the data's text) as
        this terminal can show it: in ASCII its typographic marks become ASCII (`->`, `-`,
        `...`, `|`, `+-`, `x`)."""
        return text.translate(_ASCII_TEXT) if self.ascii else text

    def spark(self, line: str) -> str:
        """A sparkline (analysis.benefits.sparkline's ▁▂▃▄▅▆▇█) as this terminal can show it:
        in ASCII with the levels `_.-=#`."""
        if not self.ascii:
            return line
        from progtui.analysis.benefits import SPARKS

        return "".join(
            ASCII_SPARKS[SPARKS.index(c) * len(ASCII_SPARKS) // len(SPARKS)] if c in SPARKS else c
            for c in line
        )


ASCII_SPARKS = "_.-=#"  # a sparkline's levels when the terminal cannot take ▁▂▃▄▅▆▇█


_ASCII_TEXT = str.maketrans(
    {
        "→": "->",
        "←": "<-",
        "—": "-",
        "–": "-",
        "…": "...",
        "·": "|",
        "±": "+-",
        "×": "x",
        "•": "*",
        "◆": "*",
        "◇": "o",
        "▲": "^",
        "▼": "v",
        "✓": "ok",
        "✖": "X",
        "∞": "inf",
        "✎": "by",
    }
)


def glyphs_of(node: object) -> Glyphs:
    """The glyphs of the app *node* (a widget, a screen) belongs to; Unicode outside one."""
    return getattr(getattr(node, "app", None), "glyphs", None) or UNICODE


UNICODE = Glyphs(
    ascii=False,
    forecast="█",
    plan="░",
    ghost="╌",
    ghost_end="┊",
    today="│",
    milestone="◆",
    milestone_done="◇",
    critical="!",
    none="—",
    ellipsis="…",
    sep=" · ",
    edit="✎",
    rule="─",
    rag={"red": "✖", "amber": "▲", "green": "●"},
)
ASCII = Glyphs(
    ascii=True,
    forecast="#",
    plan="=",
    ghost=".",
    ghost_end=":",
    today="|",
    milestone="*",
    milestone_done="o",
    critical="!",
    none="-",
    ellipsis="~",
    sep=" | ",
    edit="by",
    rule="-",
    rag={"red": "R", "amber": "A", "green": "G"},
)


def glyphs(ascii: bool) -> Glyphs:
    return ASCII if ascii else UNICODE
