"""Data text made safe for each format a report is written in: never markup, one line."""

from __future__ import annotations

import html
import re

from progtui.text import one_line

# what Markdown could take as markup inside a line or a table cell (text never starts a line)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: object) -> str:
    """Data text for a Markdown table cell or line: one line, punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(str(text)))


def h(text: object) -> str:
    """Data text for HTML content or a quoted attribute: one line, entities escaped."""
    return html.escape(one_line(str(text)), quote=True)


# what reports.render.markdown writes around data text: a backslash before punctuation, **
_MD_WRITTEN = re.compile(r"\\([\\`*_\[\]<>|~])|\*\*")


def md_text(markdown: str) -> str:
    """Markdown as render.markdown writes it, back to plain text for a terminal: data text
    literally (`[bold]`, not `\\[bold\\]`), no `**`, headings underlined instead of `#`."""
    out: list[str] = []
    for line in markdown.split("\n"):
        level = len(line) - len(line.lstrip("#"))
        plain = _MD_WRITTEN.sub(
            lambda m: m.group(1) or "", line[level:].lstrip() if level else line
        )
        out.append(plain)
        if level in (1, 2) and line[level : level + 1] == " ":
            out.append(("=" if level == 1 else "-") * len(plain))
    return "\n".join(out)
