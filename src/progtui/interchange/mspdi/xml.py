"""MS Project XML bytes -> a small element tree that remembers the line and column of every
element, parsed by expat through defusedxml with DTDs, entities and external references off.

defusedxml over expat rather than lxml: no new native dependency, and expat reports the column
as well as the line of each start tag (lxml's ``sourceline`` has no column). defusedxml's
parser is ElementTree's pure-Python one, whose expat object we can ask for its position while
our own handlers build the tree (defusedxml's DTD and entity handlers stay on it).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.ElementTree import DefusedXMLParser

from progtui.errors import InvalidFile, Problem
from progtui.interchange.yaml.source import decode_utf8

NAMESPACE = "http://schemas.microsoft.com/project"
KIND = "MS Project XML"
_DECLARED = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


@dataclass(slots=True)
class El:
    """One element: its local name, text, children, and where its start tag is (1-based)."""

    tag: str
    line: int
    col: int
    text: str = ""
    children: list[El] = field(default_factory=list)
    _first: dict[str, El] | None = None  # the first child of each tag, built on first use

    def find(self, tag: str) -> El | None:
        first = self._first
        if first is None:  # the tree is complete by then: find runs after the parse
            first = self._first = {}
            for c in reversed(self.children):
                first[c.tag] = c
        return first.get(tag)

    def all(self, tag: str) -> list[El]:
        return [c for c in self.children if c.tag == tag]

    def get(self, tag: str) -> str | None:
        """The stripped text of the first child *tag*, or None when absent or empty."""
        child = self.find(tag)
        text = child.text.strip() if child is not None else ""
        return text or None

    @property
    def pos(self) -> tuple[int, int]:
        return self.line, self.col


class _Builder:
    """Builds El nodes at the parser's current position, as expat's own handlers (ElementTree's
    Python-level start and end, which we would only undo, are bypassed: a third of the time of
    a 30,000-task file). defusedxml's DTD and entity handlers stay in place."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser  # the expat parser
        self.stack: list[El] = []
        self.root: El | None = None
        self.namespace: str | None = None
        self._text: list[str] = []
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self._text.append

    def start(self, tag: str, attrib: object) -> None:
        text = self._text
        if text:
            if self.stack:
                self.stack[-1].text += "".join(text)
            text.clear()
        ns, _, local = tag.rpartition("}")  # expat joins namespace and name with "}"
        parser = self.parser
        el = El(local, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        stack = self.stack
        if stack:
            stack[-1].children.append(el)
        else:
            self.root, self.namespace = el, ns
        stack.append(el)

    def end(self, tag: str) -> None:
        text = self._text
        if text:
            self.stack[-1].text += "".join(text)
            text.clear()
        self.stack.pop()


class _NoTree:
    """ElementTree's target when _Builder has taken expat's handlers: builds nothing."""

    def close(self) -> None:
        return None


def _fail(name: str, message: str, line: int = 1, col: int = 1) -> InvalidFile:
    return InvalidFile([Problem(name, line, col, message)])


def decode(name: str, data: bytes) -> str:
    """The file's text: UTF-16 with a byte-order mark, else UTF-8 (any other declared encoding
    is refused, as are binary and empty files)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _fail(name, f"not UTF-16 text (at byte {exc.start})") from None
        if not text.strip("\ufeff \t\r\n"):
            raise _fail(name, "file is empty")
        return text.removeprefix("\ufeff")
    declared = _DECLARED.match(data.removeprefix(codecs.BOM_UTF8))
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        enc = declared.group(1).decode("ascii")
        raise _fail(
            name, f"encoding {enc} is not supported: save the file as UTF-8 or UTF-16", 1, 1
        )
    return decode_utf8(name, data, kind=KIND)


def is_xml(data: bytes) -> bool:
    """Whether *data* looks like XML (starts with '<' or a UTF-16 byte-order mark)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    return data.removeprefix(codecs.BOM_UTF8).lstrip(b" \t\r\n").startswith(b"<")


def parse(name: str, data: bytes) -> El:
    """Parse MS Project XML; refuse malformed XML, a DTD, an entity and a non-MSPDI root."""
    text = decode(name, data)
    parser = DefusedXMLParser(target=_NoTree(), forbid_dtd=True)
    builder = _Builder(parser.parser)
    expat_parser = parser.parser

    def where() -> tuple[int, int]:
        return expat_parser.CurrentLineNumber, expat_parser.CurrentColumnNumber + 1

    try:
        parser.feed(text)
        parser.close()
        root = builder.root
    except DTDForbidden:
        raise _fail(
            name,
            "a DTD (<!DOCTYPE ...>, where entities are declared) is not allowed in MS Project XML",
            *where(),
        ) from None
    except EntitiesForbidden as exc:
        raise _fail(
            name, f"an entity declaration ({exc.name}) is not allowed in MS Project XML", *where()
        ) from None
    except DefusedXmlException as exc:
        raise _fail(name, f"not allowed in MS Project XML: {exc}", *where()) from None
    except expat.ExpatError as exc:
        message = expat.ErrorString(exc.code) if exc.code else str(exc)
        raise _fail(name, f"XML syntax: {message}", exc.lineno, exc.offset + 1) from None
    except SyntaxError as exc:  # ElementTree's ParseError, which carries expat's code
        line, col = getattr(exc, "position", (1, 0))
        code = getattr(exc, "code", None)
        message = expat.ErrorString(code) if isinstance(code, int) else exc.msg
        raise _fail(name, f"XML syntax: {message}", line, col + 1) from None
    if root is None:
        raise _fail(name, "file is empty")
    if builder.namespace != NAMESPACE or root.tag != "Project":
        found = f"{{{builder.namespace}}}{root.tag}" if builder.namespace else root.tag
        raise _fail(
            name,
            f'not MS Project XML: the root element is <{found}>, not <Project xmlns="{NAMESPACE}">',
            *root.pos,
        )
    return root
