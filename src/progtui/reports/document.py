"""A report as one format-neutral document: a title, then sections of blocks (paragraphs,
headings, lists, tables). A report is built once as a Document; reports.render writes it as
Markdown or as HTML, so the formats cannot drift apart.

Every str in a line is text from the data or the report's own words, and each renderer
escapes it for its format; nothing in a Document is markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from progtui import domain as d
from progtui.analysis import Analysis

Tone = d.Rag | d.RiskLevel  # HTML shows it as a class of that name (its colour)


@dataclass(frozen=True, slots=True)
class Word:
    """A word of the program's vocabulary (a status like on_hold): no markup in Markdown, where
    an underscore inside a word is none, so written as is there; escaped in HTML all the same."""

    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    text: str
    tone: Tone | None = None


@dataclass(frozen=True, slots=True)
class Muted:
    """Text that is there for completeness (an empty cell's level)."""

    text: str


Inline = str | Word | Strong | Muted
Line = tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Paragraph:
    line: Line


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading inside a section."""

    line: Line


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[Line, ...]


@dataclass(frozen=True, slots=True)
class Column:
    title: str
    number: bool = False  # right-aligned


@dataclass(frozen=True, slots=True)
class Cell:
    line: Line
    tone: Tone | None = None


@dataclass(frozen=True, slots=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    matrix: bool = False  # rows labelled by their first cell, cells square (a heat map)


@dataclass(frozen=True, slots=True)
class Gantt:
    """The roadmap drawn, where the format can draw (HTML: inline SVG); Markdown leaves it out,
    so a table of the same projects goes with it."""

    analysis: Analysis


Block = Paragraph | Heading | Bullets | Table | Gantt


@dataclass(frozen=True, slots=True)
class Section:
    title: Line
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Document:
    title: Line
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    page_title: Line | None = None  # the browser's, when it says more than the title


def cell(*parts: Inline, tone: Tone | None = None) -> Cell:
    return Cell(parts, tone)


def joined(parts: Iterable[Inline], sep: str) -> Line:
    """*parts* with *sep* between them, each still escaped on its own."""
    out: list[Inline] = []
    for part in parts:
        if out:
            out.append(sep)
        out.append(part)
    return tuple(out)
