"""Reading a YAML file safely into a node tree that remembers where everything was written."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from progtui.errors import InvalidFile, Problem

try:  # the C loader is many times faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 50 * 1024 * 1024
# Plain scalars get this tag while composing; the reader resolves them only where the schema
# wants a number or a date (PyYAML's pure-Python resolver was most of the time of a big import).
PLAIN_TAG = "progtui:plain"
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

__all__ = [
    "MAX_BYTES",
    "PLAIN_TAG",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "compose",
    "decode_utf8",
    "read_bytes",
    "read_text",
]


def _fail(name: str, message: str, line: int = 1, col: int = 1) -> InvalidFile:
    return InvalidFile([Problem(name, line, col, message)])


def _limit(max_bytes: int) -> str:
    return f"{max_bytes // 2**20} MB" if max_bytes >= 2**20 else f"{max_bytes} bytes"


_NOT_REGULAR = (
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a pipe"),
    (stat.S_ISSOCK, "a socket"),
)


def _a(kind: str) -> str:
    return f"an {kind}" if kind.startswith(("MS ", "XML")) else f"a {kind}"


def _check_regular(name: str, mode: int, kind: str) -> None:
    if stat.S_ISDIR(mode):
        raise _fail(name, f"is a directory, not {_a(kind)} file")
    if not stat.S_ISREG(mode):
        what = next((w for test, w in _NOT_REGULAR if test(mode)), "not a file")
        raise _fail(name, f"is {what}, not a regular file")


def read_bytes(
    path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES, kind: str = "YAML"
) -> bytes:
    """Return the file's bytes, or raise InvalidFile with one clear problem (*kind* names the
    format in it: "YAML", "MS Project XML").

    Only regular files are read, and never more than *max_bytes*, whatever their size says:
    a device or a pipe reports a size of 0 and may never end."""
    name = os.fspath(path)
    try:
        st = os.stat(name)
        _check_regular(name, st.st_mode, kind)
        if st.st_size > max_bytes:
            raise _fail(
                name, f"file is {st.st_size / 2**20:.0f} MB; the limit is {max_bytes // 2**20} MB"
            )
        # O_NONBLOCK: should a pipe replace the file after the stat, opening it cannot hang
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            _check_regular(name, os.fstat(fh.fileno()).st_mode, kind)
            data = fh.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise _fail(name, f"file is over the limit of {_limit(max_bytes)}")
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except PermissionError:
        raise _fail(name, "permission denied") from None
    except IsADirectoryError:
        raise _fail(name, f"is a directory, not {_a(kind)} file") from None
    except OSError as exc:
        raise _fail(name, exc.strerror or str(exc)) from None
    return data


def decode_utf8(name: str, data: bytes, *, kind: str = "YAML") -> str:
    """The text of *data*: refused when binary (a NUL byte), not UTF-8 (line and column of the
    first bad byte) or empty; a leading byte-order mark is dropped."""
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise _fail(name, f"binary file (contains NUL bytes), not {kind} text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(name, f"not UTF-8 text (byte 0x{data[exc.start]:02x})", line, col) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise _fail(name, "file is empty")
    return text


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Return the file's text, or raise InvalidFile with one clear problem."""
    return decode_utf8(os.fspath(path), read_bytes(path, max_bytes=max_bytes))


def _nodes(name: str, text: str) -> Node | None:
    """Compose nodes from libyaml's event stream.

    Six times faster than PyYAML's own composer on big files, and it refuses anchors and
    aliases where they stand: a shared node is how an alias bomb grows without bound.
    """
    root: Node | None = None
    stack: list[list[Any]] = []  # [collection node, pending mapping key or None]
    documents = 0
    # events are told apart by class, the fastest test; typed Any since mypy cannot narrow by it
    events: Iterator[Any] = yaml.parse(text, Loader=_Loader)
    for ev in events:
        cls = ev.__class__
        if cls is yaml.ScalarEvent:
            tag = ev.tag
            if tag is None or tag == "!":
                tag = PLAIN_TAG if ev.implicit[0] else _STR_TAG
            node: Node = ScalarNode(tag, ev.value, ev.start_mark, ev.end_mark, ev.style)
        elif cls is yaml.MappingStartEvent:
            node = MappingNode(ev.tag or _MAP_TAG, [], ev.start_mark, ev.end_mark, ev.flow_style)
        elif cls is yaml.SequenceStartEvent:
            node = SequenceNode(ev.tag or _SEQ_TAG, [], ev.start_mark, ev.end_mark, ev.flow_style)
        elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
            stack.pop()
            continue
        elif cls is yaml.AliasEvent:
            m = ev.start_mark
            raise _fail(
                name, "YAML anchors and aliases (& and *) are not allowed", m.line + 1, m.column + 1
            )
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                m = ev.start_mark
                raise _fail(
                    name,
                    "one program per file: a second YAML document starts here",
                    m.line + 1,
                    m.column + 1,
                )
            continue
        else:
            continue
        if ev.anchor is not None:
            m = ev.start_mark
            raise _fail(
                name, "YAML anchors and aliases (& and *) are not allowed", m.line + 1, m.column + 1
            )
        if not stack:
            root = node
        else:
            top = stack[-1]
            parent = top[0]
            if parent.__class__ is MappingNode:
                if top[1] is None:
                    top[1] = node
                else:
                    parent.value.append((top[1], node))
                    top[1] = None
            else:
                parent.value.append(node)
        if cls is not yaml.ScalarEvent:
            stack.append([node, None])
    return root


def compose(name: str, text: str) -> MappingNode:
    """Parse *text* into a node tree (no object construction, safe loader only)."""
    try:
        root = _nodes(name, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _fail(name, f"YAML syntax: {message}", line, col) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses, at a position
        at = min(max(exc.position, 0), len(text))
        line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
        problem = " ".join(str(exc).splitlines()[0].split())
        raise _fail(name, f"YAML syntax: {problem}", line, col) from None
    except yaml.YAMLError as exc:  # one line: the message may hold the input's text
        raise _fail(name, f"YAML syntax: {' '.join(str(exc).split())}") from None
    if root is None:
        raise _fail(name, "file is empty")
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        m = root.start_mark
        raise _fail(
            name,
            f"expected a mapping with a 'program:' section at the top, found {kind}",
            m.line + 1,
            m.column + 1,
        )
    return root
