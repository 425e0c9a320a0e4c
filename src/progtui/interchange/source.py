"""Reading a YAML file safely into a node tree that remembers where everything was written."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from progtui.errors import InvalidFile, Problem

try:  # the C loader is many times faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 50 * 1024 * 1024

__all__ = ["MAX_BYTES", "MappingNode", "Node", "ScalarNode", "SequenceNode", "compose", "read_text"]


def _fail(name: str, message: str, line: int = 1, col: int = 1) -> InvalidFile:
    return InvalidFile([Problem(name, line, col, message)])


def read_text(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> str:
    """Return the file's text, or raise InvalidFile with one clear problem."""
    name = os.fspath(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise _fail(name, "is a directory, not a YAML file")
        if size > max_bytes:
            raise _fail(name, f"file is {size / 2**20:.0f} MB; the limit is {max_bytes // 2**20} MB")
        data = p.read_bytes()
    except FileNotFoundError:
        raise _fail(name, "no such file") from None
    except PermissionError:
        raise _fail(name, "permission denied") from None
    except IsADirectoryError:
        raise _fail(name, "is a directory, not a YAML file") from None
    except OSError as exc:
        raise _fail(name, exc.strerror or str(exc)) from None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise _fail(name, "binary file (contains NUL bytes), not YAML text", line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(name, f"not UTF-8 text (byte 0x{data[exc.start]:02x})", line, col) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise _fail(name, "file is empty")
    return text


def _check_no_aliases(name: str, root: Node) -> None:
    """Refuse anchors/aliases: a shared node is how an alias bomb grows without bound."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            m = node.start_mark
            raise _fail(name, "YAML anchors and aliases (& and *) are not allowed",
                        m.line + 1, m.column + 1)
        seen.add(id(node))
        if isinstance(node, MappingNode):
            for k, v in node.value:
                stack.append(k)
                stack.append(v)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)


def compose(name: str, text: str) -> MappingNode:
    """Parse *text* into a node tree (no object construction, safe loader only)."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = " ".join(str(x) for x in (exc.context, exc.problem) if x)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _fail(name, f"YAML syntax: {message}", line, col) from None
    except yaml.YAMLError as exc:
        raise _fail(name, f"YAML syntax: {exc}") from None
    finally:
        loader.dispose()
    if root is None:
        raise _fail(name, "file is empty")
    _check_no_aliases(name, root)
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        m = root.start_mark
        raise _fail(name, f"expected a mapping with a 'program:' section at the top, found {kind}",
                    m.line + 1, m.column + 1)
    return root
