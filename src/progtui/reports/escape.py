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
