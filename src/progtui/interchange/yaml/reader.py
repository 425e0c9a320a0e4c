"""YAML file -> validated ProgramData, reporting every problem as FILE:LINE:COL: message."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import ValidationError

from progtui.errors import Problem, Refused
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.source import (
    _STR_TAG,
    PLAIN_TAG,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    compose,
)
from progtui.text import did_you_mean

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_CONSTRUCTOR = yaml.SafeLoader("")  # only its resolver and scalar constructors are used
_resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = _CONSTRUCTOR.resolve
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_BAD = object()  # stands for a value already reported; pydantic rejects it
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})

Pos = tuple[int, int]


def position(node: Node) -> Pos:
    """1-based line and column where *node* starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


@dataclass(slots=True)
class Item:
    """One entity as read: its validated model (None if invalid) and where each part was."""

    model: Any
    node: Node
    children: dict[str, list[Item]] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        """The entity's key, even when another of its fields is invalid (to avoid cascades)."""
        if self.model is not None:
            return getattr(self.model, "key", None)
        key = self.raw.get("key")
        return key if isinstance(key, str) and re.fullmatch(s.KEY_PATTERN, key) else None

    def at(self, *loc: Any) -> Pos:
        """Where a value is written: loc is a path of keys and list indexes, and "#key" before
        a key means the key itself. Found only when a problem is reported, so reading a valid
        file keeps no positions at all. Falls back to the nearest enclosing node."""
        node = self.node
        for i, part in enumerate(loc):
            if part == "#key":
                found = _child(node, loc[i + 1], key=True) if i + 1 < len(loc) else None
                node = found or node
                break
            found = _child(node, part)
            if found is None:
                break
            node = found
        return position(node)


def _child(node: Node, part: Any, key: bool = False) -> Node | None:
    if isinstance(node, MappingNode):
        for k, v in node.value:
            if isinstance(k, ScalarNode) and k.value == part:
                found: Node = k if key else v
                return found
    elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        element: Node = node.value[part]
        return element
    return None


@dataclass(frozen=True, slots=True)
class Child:
    """A list of sub-entities under a key (a project's depends_on, milestones, allocations)."""

    model: type[s.Entity]
    shorthand: str | None = None  # a plain value stands for {shorthand: value}


_PROJECT_CHILDREN = {
    "depends_on": Child(s.DependencyIn, shorthand="project"),
    "milestones": Child(s.MilestoneIn),
    "allocations": Child(s.AllocationIn),
}


class Reader:
    """Collects problems while walking one file's nodes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []

    # --- reporting -------------------------------------------------------------------------
    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(self.name, pos[0], pos[1], message))

    # --- scalars ---------------------------------------------------------------------------
    def scalar(self, node: Node, text: bool, what: str) -> Any:
        if not isinstance(node, ScalarNode):
            kind = "a list" if isinstance(node, SequenceNode) else "a mapping"
            self.problem(position(node), f"'{what}' should be a single value, not {kind}")
            return _BAD
        tag = node.tag
        if tag == _STR:
            return node.value
        if tag == PLAIN_TAG:
            value = node.value
            if text:
                # A plain NO, 2027 or 1.10 is the text written, not a bool or a number; only an
                # empty value (or ~, null) means nothing.
                return None if value in _NULL_WORDS else value
            if value.isdigit() and (value[0] != "0" or value == "0"):
                return int(value)
            if _DECIMAL.fullmatch(value):
                return float(value)
            if _DATE.fullmatch(value):
                try:
                    return date.fromisoformat(value)
                except ValueError as exc:
                    self.problem(position(node), f"{what}: '{value}' is not a valid date ({exc})")
                    return _BAD
            tag = _resolve(ScalarNode, value, (True, False))
            if tag == _NULL:
                return None
            if tag == _STR:
                return value
        elif tag == _NULL:
            return None
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        # PyYAML's own constructors fail in their own ways on a value that does not fit an
        # explicit tag (`!!timestamp 7` raises AttributeError): all are the file's problem
        except (
            ValueError,
            KeyError,
            TypeError,
            AttributeError,
            OverflowError,
            yaml.YAMLError,
        ) as exc:
            kind = "date" if tag.endswith("timestamp") else "value"
            why = f" ({exc})" if isinstance(exc, ValueError | yaml.YAMLError) else ""
            self.problem(position(node), f"{what}: '{node.value}' is not a valid {kind}{why}")
            return _BAD

    # --- entities --------------------------------------------------------------------------
    def entity(
        self, node: Node, model: type[s.Entity], children: dict[str, Child] | None = None
    ) -> Item | None:
        if node.__class__ is not MappingNode:
            self.problem(position(node), f"a {model.LABEL} should be a mapping of key: value")
            return None
        kinds = s.field_kinds(model)
        item = Item(None, node)
        data: dict[str, Any] = {}
        reported: set[tuple[Any, ...]] = set()
        for knode, vnode in node.value:
            key: Any = knode.value if knode.__class__ is ScalarNode else None
            kind = kinds.get(key)
            if kind is not None and key not in data:
                # The common cases first: a plain or quoted text, a plain whole number.
                if vnode.__class__ is ScalarNode:
                    tag = vnode.tag
                    if tag is _STR_TAG or (
                        kind == s.TEXT and tag is PLAIN_TAG and vnode.value not in _NULL_WORDS
                    ):
                        data[key] = vnode.value
                        continue
                    if (
                        kind == s.VALUE
                        and tag is PLAIN_TAG
                        and vnode.value.isdigit()
                        and vnode.value[0] != "0"
                    ):
                        data[key] = int(vnode.value)
                        continue
                value = self.value(item, key, vnode, model, kind == s.TEXT or kind == s.TEXTS)
                if value is _BAD:
                    reported.add((key,))
                data[key] = value
                continue
            if not isinstance(key, str):
                self.problem(position(knode), "keys must be plain words")
            elif key in data or key in item.children:
                self.problem(position(knode), f"duplicate key '{key}' in this {model.LABEL}")
            elif children and key in children:
                item.children[key] = self.children(vnode, key, children[key])
            else:
                allowed = s.yaml_keys(model)
                self.problem(
                    position(knode),
                    f"unknown key '{key}' in {model.LABEL}"
                    + did_you_mean(key, allowed + list(children or ())),
                )
        item.raw = data
        try:
            item.model = model.model_validate(data)
        except ValidationError as exc:
            self.report_validation(item, model, exc, reported)
        return item

    def value(self, item: Item, key: str, node: Node, model: type[s.Entity], text: bool) -> Any:
        if key in model.LISTS:
            if not isinstance(node, SequenceNode):
                if isinstance(node, ScalarNode) and node.tag == _NULL:
                    return []
                self.problem(position(node), f"'{key}' should be a list, like [a, b]")
                return _BAD
            return [self.scalar(elem, text, key) for elem in node.value]
        if key in model.MAPS:
            if not isinstance(node, MappingNode):
                self.problem(position(node), f"'{key}' should be a mapping, like {{a: 1}}")
                return _BAD
            sub: dict[str, Any] = {}
            for knode, vnode in node.value:
                subkey = knode.value if isinstance(knode, ScalarNode) else "?"
                if subkey in sub:
                    self.problem(position(knode), f"duplicate key '{subkey}' in '{key}'")
                if isinstance(vnode, SequenceNode):  # access: {editors: [a, b]}
                    sub[subkey] = [self.scalar(v, True, f"{key}.{subkey}") for v in vnode.value]
                    continue
                sub[subkey] = self.scalar(vnode, subkey in ("rag", "reason"), f"{key}.{subkey}")
            return sub
        return self.scalar(node, text, key)

    def children(self, node: Node, key: str, child: Child) -> list[Item]:
        if isinstance(node, ScalarNode) and node.tag == _NULL:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(position(node), f"'{key}' should be a list")
            return []
        out = []
        for elem in node.value:
            if child.shorthand and isinstance(elem, ScalarNode):
                value = self.scalar(elem, True, key)
                item = Item(None, elem)
                try:
                    item.model = child.model.model_validate({child.shorthand: value})
                except ValidationError as exc:
                    self.report_validation(item, child.model, exc, set())
                out.append(item)
                continue
            got = self.entity(elem, child.model)
            if got is not None:
                out.append(got)
        return out

    def report_validation(
        self,
        item: Item,
        model: type[s.Entity],
        exc: ValidationError,
        reported: set[tuple[Any, ...]],
    ) -> None:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            if loc[:1] in reported:
                continue
            where = ".".join(str(x) for x in loc if not isinstance(x, int)) or model.LABEL
            etype = err["type"]
            if etype == "missing":
                parent = ".".join(str(x) for x in loc[:-1]) or model.LABEL
                self.problem(item.at(*loc[:-1]), f"{parent} is missing required field '{loc[-1]}'")
                continue
            if etype == "extra_forbidden":  # inside a nested mapping (scores, risk_levels)
                sub = type_of_nested(model, loc[0])
                choices = s.yaml_keys(sub) if sub else []
                self.problem(
                    item.at(loc[0], "#key", loc[-1]),
                    f"unknown key '{loc[-1]}' in {loc[0]}" + did_you_mean(str(loc[-1]), choices),
                )
                continue
            got = err.get("input")
            if got is _BAD:
                continue
            message = err["msg"]
            for prefix in ("Value error, ", "Input should be "):
                if message.startswith(prefix):
                    message = ("should be " if prefix.startswith("Input") else "") + message[
                        len(prefix) :
                    ]
            if etype == "string_pattern_mismatch":
                message = (
                    "may only hold letters, digits, '-' and '_'"
                    if err.get("ctx", {}).get("pattern") == s.KEY_PATTERN
                    else "should be an account name (letters, digits, '.', '-' and '_')"
                )
            if etype == "string_type" and got is None:
                message = "must not be empty"
            elif got is not None and not isinstance(got, (dict, list)) and etype != "value_error":
                message += f", got {got!r}" if isinstance(got, str) else f", got {got}"
                if etype == "literal_error" and isinstance(got, str):
                    message += did_you_mean(got, literal_choices(model, loc))
            sep = ": " if etype == "value_error" else " "
            self.problem(item.at(*loc), f"{where}{sep}{message}")


def literal_choices(model: type[s.Entity], loc: tuple[Any, ...]) -> list[str]:
    """The values a Literal field allows (for did-you-mean), from the model itself."""
    if len(loc) > 1:
        nested = type_of_nested(model, loc[0])
        return literal_choices(nested, loc[1:]) if nested else []
    f = model.model_fields.get(str(loc[0]))
    stack = [f.annotation] if f else []
    while stack:
        annotation = stack.pop()
        if get_origin(annotation) is Literal:
            return [str(x) for x in get_args(annotation)]
        stack.extend(get_args(annotation))
    return []


def type_of_nested(model: type[s.Entity], key: Any) -> type[s.Entity] | None:
    f = model.model_fields.get(str(key))
    if f is None:
        return None
    for cand in (f.annotation, *getattr(f.annotation, "__args__", ())):
        if isinstance(cand, type) and issubclass(cand, s.Entity):
            return cand
    return None


@dataclass(slots=True)
class ParsedFile:
    """Everything read from one file, before the cross-entity checks."""

    name: str
    program: Item | None = None
    settings: Item | None = None
    sections: dict[str, list[Item]] = field(default_factory=dict)
    pos: dict[str, Pos] = field(default_factory=dict)


_SECTIONS: dict[str, tuple[type[s.Entity], dict[str, Child] | None]] = {
    "objectives": (s.ObjectiveIn, None),
    "people": (s.PersonIn, None),
    "projects": (s.ProjectIn, _PROJECT_CHILDREN),
    "risks": (s.RiskIn, None),
    "decisions": (s.DecisionIn, None),
    "benefits": (s.BenefitIn, None),
    "baselines": (
        s.BaselineIn,
        {"projects": Child(s.BaselineProjectIn), "milestones": Child(s.BaselineMilestoneIn)},
    ),
}
TOP_KEYS = ["program", "settings", *_SECTIONS]


def parse(name: str, text: str) -> tuple[ParsedFile, list[Problem]]:
    """Walk the file's nodes into items, collecting field-level problems."""
    root = compose(name, text)
    r = Reader(name)
    out = ParsedFile(name)
    for knode, vnode in root.value:
        key = knode.value if isinstance(knode, ScalarNode) else None
        if key in out.pos:
            r.problem(position(knode), f"duplicate section '{key}'")
            continue
        if key not in TOP_KEYS:
            r.problem(
                position(knode), f"unknown section '{key}'" + did_you_mean(str(key), TOP_KEYS)
            )
            continue
        out.pos[key] = position(knode)
        if key == "program":
            out.program = r.entity(vnode, s.ProgramIn)
        elif key == "settings":
            out.settings = r.entity(vnode, s.SettingsIn)
        else:
            model, children = _SECTIONS[key]
            if isinstance(vnode, ScalarNode) and vnode.tag == _NULL:
                out.sections[key] = []
            elif not isinstance(vnode, SequenceNode):
                r.problem(
                    position(vnode), f"'{key}' should be a list of entries, each starting with '- '"
                )
            else:
                items = (r.entity(n, model, children) for n in vnode.value)
                out.sections[key] = [i for i in items if i is not None]
    if "program" not in out.pos:
        r.problem((1, 1), "the file has no 'program:' section (it needs at least key and name)")
    return out, r.problems


def read_fields(model: type[s.Entity], values: dict[str, str | list[str]]) -> Any:
    """Validate one entity typed into a form exactly as if it had been written in a file.

    *values* holds the text typed per YAML key (a list for list keys); every value is read as a
    plain YAML scalar would be, except text fields, which are taken literally. Raises
    Refused with the first problem, in one line naming the field.
    """
    from yaml import Mark

    def mark(line: int) -> Mark:
        return Mark("form", 0, line, 0, None, 0)

    kinds = s.field_kinds(model)
    pairs: list[tuple[Node, Node]] = []
    for line, (key, value) in enumerate(values.items()):
        text = kinds.get(key) in (s.TEXT, s.TEXTS)
        tag = _STR_TAG if text else PLAIN_TAG

        def scalar(v: str, tag: str = tag, line: int = line) -> ScalarNode:
            return ScalarNode(tag, v, mark(line), mark(line))

        node: Node = (
            SequenceNode(
                "tag:yaml.org,2002:seq", [scalar(v) for v in value], mark(line), mark(line)
            )
            if isinstance(value, list)
            else scalar(value)
        )
        pairs.append((ScalarNode(_STR_TAG, key, mark(line), mark(line)), node))
    reader = Reader("form")
    item = reader.entity(MappingNode("tag:yaml.org,2002:map", pairs, mark(0), mark(0)), model)
    if reader.problems:
        raise Refused(min(reader.problems).message)
    return item.model if item else None
