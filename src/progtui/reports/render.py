"""The two renderers of a report Document: Markdown and one self-contained HTML page. Each
writes every block the same way for every report and escapes every text for its own format
(reports.escape); neither knows what a report says."""

from __future__ import annotations

from typing import assert_never

from progtui.reports.document import (
    Block,
    Bullets,
    Cell,
    Column,
    Document,
    Gantt,
    Heading,
    Inline,
    Line,
    Muted,
    Paragraph,
    Strong,
    Table,
    Word,
)
from progtui.reports.escape import h, md
from progtui.reports.gantt import gantt_svg

# --- Markdown ----------------------------------------------------------------------------------


def _md_inline(x: Inline) -> str:
    match x:
        case str():
            return md(x)
        case Word():
            return x.text
        case Strong():
            return f"**{md(x.text)}**"
        case Muted():
            return md(x.text)  # Markdown has no grey
        case _:
            assert_never(x)


def _md_line(line: Line) -> str:
    return "".join(map(_md_inline, line))


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _md_block(b: Block) -> list[str]:
    """The block's lines; each block is followed by an empty line."""
    match b:
        case Paragraph():
            return [_md_line(b.line)]
        case Heading():
            return [f"### {_md_line(b.line)}"]
        case Bullets():
            return [f"- {_md_line(item)}" for item in b.items]
        case Table():
            return [
                _md_row([md(c.title) for c in b.columns]),
                "|" + "".join("---:|" if c.number else "---|" for c in b.columns),
                *(_md_row([_md_line(c.line) for c in row]) for row in b.rows),
            ]
        case Gantt():
            return []  # no drawing in Markdown: the table beside it says the same
        case _:
            assert_never(b)


def _md_blocks(blocks: tuple[Block, ...]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        lines = _md_block(b)
        if lines:
            out += [*lines, ""]
    return out


def markdown(doc: Document) -> str:
    out = [f"# {_md_line(doc.title)}", "", *_md_blocks(doc.intro)]
    for section in doc.sections:
        out += [f"## {_md_line(section.title)}", "", *_md_blocks(section.blocks)]
    return "\n".join(out)


# --- HTML --------------------------------------------------------------------------------------


def _html_inline(x: Inline) -> str:
    match x:
        case str():
            return h(x)
        case Word():
            return h(x.text)
        case Strong():
            return f'<b class="{x.tone}">{h(x.text)}</b>' if x.tone else f"<b>{h(x.text)}</b>"
        case Muted():
            return f'<span class="muted">{h(x.text)}</span>'
        case _:
            assert_never(x)


def _html_line(line: Line) -> str:
    return "".join(map(_html_inline, line))


def _html_cell(tag: str, text: str, classes: list[str]) -> str:
    cls = " ".join(c for c in classes if c)
    return f'<{tag} class="{cls}">{text}</{tag}>' if cls else f"<{tag}>{text}</{tag}>"


def _html_row(row: tuple[Cell, ...], columns: tuple[Column, ...], matrix: bool) -> str:
    cells = [
        _html_cell(
            "th" if matrix and i == 0 else "td",
            _html_line(c.line),
            ["n" if col.number else "", c.tone or ""],
        )
        for i, (c, col) in enumerate(zip(row, columns, strict=True))
    ]
    return f"<tr>{''.join(cells)}</tr>"


def _html_block(b: Block) -> list[str]:
    match b:
        case Paragraph():
            return [f"<p>{_html_line(b.line)}</p>"]
        case Heading():
            return [f"<h3>{_html_line(b.line)}</h3>"]
        case Bullets():
            return ["<ul>", *(f"<li>{_html_line(item)}</li>" for item in b.items), "</ul>"]
        case Table():
            head = "".join(
                _html_cell("th", h(c.title), ["n" if c.number else ""]) for c in b.columns
            )
            return [
                '<table class="heat">' if b.matrix else "<table>",
                f"<tr>{head}</tr>",
                *(_html_row(row, b.columns, b.matrix) for row in b.rows),
                "</table>",
            ]
        case Gantt():
            return [gantt_svg(b.analysis)]
        case _:
            assert_never(b)


def html(doc: Document, *, css: str) -> str:
    """One page, its style inline: no scripts, nothing fetched."""
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{_html_line(doc.page_title or doc.title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        f"<h1>{_html_line(doc.title)}</h1>",
    ]
    for b in doc.intro:
        out += _html_block(b)
    for section in doc.sections:
        out.append(f"<h2>{_html_line(section.title)}</h2>")
        for b in section.blocks:
            out += _html_block(b)
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
