"""How health and risk levels look wherever they are shown: never by colour alone."""

from __future__ import annotations

# symbol + word + style (the style is colour; the symbol and word carry the meaning alone)
RAG = {
    "red": ("✖", "red", "bold red"),
    "amber": ("▲", "amber", "bold yellow"),
    "green": ("●", "green", "green"),
}


def rag_label(rag: str | None) -> str:
    """'✖ red', '▲ amber', '● green', or '—' for none (closed projects)."""
    if rag is None:
        return "—"
    symbol, word, _ = RAG[rag]
    return f"{symbol} {word}"


def rag_style(rag: str | None) -> str:
    return RAG[rag][2] if rag else ""
