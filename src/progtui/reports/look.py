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


# Styles of other marks; the app replaces these (and the RAG styles) from its theme.
MARKS = {"today": "magenta", "plan": "grey50"}
_DEFAULTS = (dict(RAG), dict(MARKS))


def use_palette(variables: dict[str, str]) -> None:
    """Take the theme's rag-red/amber/green, today and plan styles; the defaults where it
    has none (a theme without them must not inherit the previous theme's)."""
    RAG.update(_DEFAULTS[0])
    MARKS.update(_DEFAULTS[1])
    for rag in d.RAGS:
        if f"rag-{rag}" in variables:
            symbol, word, _ = RAG[rag]
            RAG[rag] = (symbol, word, variables[f"rag-{rag}"])
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
