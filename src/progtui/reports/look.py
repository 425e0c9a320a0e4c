"""How health and risk levels look wherever they are shown: never by colour alone."""

from __future__ import annotations

from progtui import domain as d

# symbol + word + style (the style is colour; the symbol and word carry the meaning alone)
RAG = {
    "red": ("✖", "red", "bold red"),
    "amber": ("▲", "amber", "bold yellow"),
    "green": ("●", "green", "green"),
}
# Risk levels: letter + word + style, likewise never colour alone.
LEVELS = {
    "low": ("L", "low", "green"),
    "medium": ("M", "medium", "yellow"),
    "high": ("H", "high", "bold dark_orange"),
    "critical": ("C", "critical", "bold red"),
}


def level_label(level: str) -> str:
    return f"{LEVELS[level][0]} {LEVELS[level][1]}"


def level_style(level: str) -> str:
    return LEVELS[level][2]


# Styles of other marks and states; the app replaces these (and the RAG and level styles)
# from its theme's variables of the same names (level-low ... level-critical for LEVELS).
MARKS = {
    "today": "magenta",  # the roadmap's today line
    "plan": "grey50",  # planned bars
    "critical-path": "bold red",  # a project or link on the critical path
    "over-allocated": "bold red",  # a person's month over capacity
    "near-capacity": "bold yellow",  # a person's month at 85% or more
    "overdue": "bold red",  # a milestone past its due date
    "linked": "bold yellow",  # the selected project's links in the graph
    "other-program": "italic cyan",  # another program's project in the graph
    "refused": "bold red",  # why a previewed change would be refused
    "slipped": "bold red",  # a finish later than it was (what-if)
    "done": "green",  # a finished project's bar
    "baseline": "bold magenta",  # where the compared baseline ended a bar
}
_DEFAULTS = (dict(RAG), dict(MARKS), dict(LEVELS))


def use_palette(variables: dict[str, str]) -> None:
    """Take the theme's rag-*, level-* and mark styles; the defaults where it has none (a
    theme without them must not inherit the previous theme's)."""
    RAG.update(_DEFAULTS[0])
    MARKS.update(_DEFAULTS[1])
    LEVELS.update(_DEFAULTS[2])
    for rag in d.RAGS:
        if f"rag-{rag}" in variables:
            symbol, word, _ = RAG[rag]
            RAG[rag] = (symbol, word, variables[f"rag-{rag}"])
    for level in LEVELS:
        if f"level-{level}" in variables:
            letter, word, _ = LEVELS[level]
            LEVELS[level] = (letter, word, variables[f"level-{level}"])
    for mark in MARKS:
        if mark in variables:
            MARKS[mark] = variables[mark]


def rag_label(rag: str | None) -> str:
    """'✖ red', '▲ amber', '● green', or '—' for none (closed projects)."""
    if rag is None:
        return "—"
    symbol, word, _ = RAG[rag]
    return f"{symbol} {word}"


def rag_style(rag: str | None) -> str:
    return RAG[rag][2] if rag else ""
