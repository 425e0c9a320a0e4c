"""Spreadsheet tables -> the items the YAML format's checks build a program from.

Each row becomes an ``Item`` of the YAML reader holding the mapping the YAML reader would have
built for that entity, validated by the same pydantic model; the cross-entity rules are
``checks.build``'s, written once. The rows of every table of one program are checked together
(an allocation names a person of another file), so their positions are numbered as one source:
table i's rows on lines ``i * SPAN + row``, mapped back to FILE:ROW:COLUMN at the end."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from progtui import domain as d
from progtui.errors import InvalidFile, Problem
from progtui.gcpause import paused
from progtui.interchange.table.cells import FORMULA_STARTS, QUOTE, formula_problem
from progtui.interchange.table.columns import Column, Table
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.checks import build
from progtui.interchange.yaml.reader import _BAD, Item, ParsedFile, Reader
from progtui.interchange.yaml.source import _STR_TAG, PLAIN_TAG
from progtui.text import did_you_mean, one_line

SPAN = 10**9  # rows of one table: far more than 50 MB can hold
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_INT = re.compile(r"-?[1-9]\d*|0")
_LIST = re.compile(r"[\s,;]+")
_LINE = re.compile(r"\bline (\d+)")
_LIST_MAX = 10_000  # list elements a position can be asked for


@dataclass(slots=True)
class Sheet:
    """One table as read from a file: its cells as text, each row with its row number (the
    header is row *header_row*, as a spreadsheet numbers it)."""

    name: str  # how problems name it: projects.csv, or plan.xlsx[projects]
    table: Table
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    header_row: int = 1


class _At:
    """A position a node is written at (what yaml's Mark is to the YAML reader)."""

    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


def _scalar(value: str, at: _At) -> ScalarNode:
    return ScalarNode(_STR_TAG, value, at, at)  # type: ignore[arg-type]


class _Repeated:
    """The elements of a list in one cell: every index is at the cell."""

    def __init__(self, node: Node) -> None:
        self.node = node

    def __len__(self) -> int:
        return _LIST_MAX

    def __getitem__(self, index: int) -> Node:
        return self.node


class _Row(MappingNode):
    """A row as a YAML mapping node, built only when a problem asks where a value is."""

    def __init__(
        self, line: int, columns: dict[str, int], lists: frozenset[str] = frozenset()
    ) -> None:  # no super(): the value is built when asked for
        self.tag = "tag:yaml.org,2002:map"
        self.start_mark = self.end_mark = _At(line, 0)
        self.flow_style = None
        self._columns = columns  # YAML key (or map.key) -> 0-based column
        self._lists = lists

    @property
    def value(self) -> list[tuple[Node, Node]]:
        line = self.start_mark.line
        pairs: list[tuple[Node, Node]] = []
        maps: dict[str, list[tuple[Node, Node]]] = {}
        for key, col in self._columns.items():
            at = _At(line, col)
            top, _, sub = key.partition(".")
            if sub:
                if top not in maps:
                    maps[top] = []
                    node = MappingNode("tag:yaml.org,2002:map", maps[top], at, at)  # type: ignore[arg-type]
                    pairs.append((_scalar(top, at), node))
                maps[top].append((_scalar(sub, at), _scalar("", at)))
            elif key in self._lists:  # each element of a list is at its cell
                seq = SequenceNode("tag:yaml.org,2002:seq", _Repeated(_scalar("", at)), at, at)  # type: ignore[arg-type]
                pairs.append((_scalar(key, at), seq))
            else:
                pairs.append((_scalar(key, at), _scalar("", at)))
        return pairs


_OWNER, _TEXT, _TEXTS, _VALUE = range(4)
_FORMULA = frozenset(FORMULA_STARTS)
_Plan = tuple[Column, int, str, str]  # the column, how it is read, its YAML key and sub-key


def _plan(column: Column, model: type[s.Entity]) -> _Plan:
    top, _, sub = column.field.partition(".")
    if not column.field:
        kind = _OWNER
    elif not column.text:
        kind = _VALUE
    else:
        kind = _TEXTS if top in model.LISTS and not sub else _TEXT
    return column, kind, top, sub


class TableReader:
    """Reads the sheets of one program, collecting problems at their virtual positions."""

    def __init__(self, sheets: list[Sheet]) -> None:
        self.sheets = sheets
        self.reader = Reader("<tables>")
        self.problems: list[Problem] = []  # at virtual lines, as the reader's and the checks'
        self.header_problems: list[Problem] = []  # at the files' own rows

    def problem(self, line: int, col: int, message: str) -> None:
        self.problems.append(Problem("<tables>", line, col, message))

    # --- headers ---------------------------------------------------------------------------
    def columns_of(self, sheet: Sheet) -> list[Column | None] | None:
        """Each cell's column (None for an empty header over empty cells); None when the header
        has problems (reported at row header_row)."""
        known = {c.name: c for c in sheet.table.columns}
        out: list[Column | None] = []
        seen: dict[str, int] = {}
        bad = False
        for i, raw in enumerate(sheet.header):
            name = raw.strip().lower().replace(" ", "_")
            if not name:
                out.append(None)
                continue
            where = (sheet.header_row, i + 1)
            if name in seen:
                self.header_problem(
                    sheet, where, f"duplicate column '{name}' (first in column {seen[name]})"
                )
                bad = True
            elif name not in known:
                self.header_problem(
                    sheet,
                    where,
                    f"unknown column '{raw.strip()}' in {sheet.table.name}"
                    + did_you_mean(name, sheet.table.headers),
                )
                bad = True
            seen.setdefault(name, i + 1)
            out.append(known.get(name))
        for c in sheet.table.columns:
            if c.required and c.name not in seen:
                self.header_problem(
                    sheet,
                    (sheet.header_row, 1),
                    f"{sheet.table.name} needs a column '{c.name}' "
                    f"(the columns are: {', '.join(sheet.table.headers)})",
                )
                bad = True
        return None if bad else out

    def header_problem(self, sheet: Sheet, where: tuple[int, int], message: str) -> None:
        self.header_problems.append(Problem(sheet.name, where[0], where[1], message))

    # --- rows ------------------------------------------------------------------------------
    def value(self, column: Column, cell: str, line: int, col: int) -> Any:
        cell = cell.strip()
        if _INT.fullmatch(cell):
            return int(cell)
        if _DECIMAL.fullmatch(cell):
            return float(cell)
        if _DATE.fullmatch(cell):
            try:
                return date.fromisoformat(cell)
            except ValueError as exc:
                self.problem(
                    line + 1, col + 1, f"{column.name}: '{cell}' is not a valid date ({exc})"
                )
                return _BAD
        at = _At(line, col)
        return self.reader.scalar(ScalarNode(PLAIN_TAG, cell, at, at), False, column.name)  # type: ignore[arg-type]

    def row(
        self, plan: list[_Plan | None], cells: list[str], line: int
    ) -> tuple[dict[str, Any], dict[str, int], Any, int]:
        """The row's YAML mapping, where each key is, and its project (child rows)."""
        data: dict[str, Any] = {}
        where: dict[str, int] = {}
        owner: Any = None
        owner_col = 0
        n = len(plan)
        for i, cell in enumerate(cells):
            if not cell or cell.isspace():
                continue
            p = plan[i] if i < n else None
            if p is None:
                extra = f" (the table has {n} columns)" if i >= n else ""
                self.problem(line + 1, i + 1, "a value in a column without a header" + extra)
                continue
            column, kind, top, sub = p
            value: Any
            why = formula_problem(column, cell) if cell[0] in _FORMULA else None
            if why:
                self.problem(line + 1, i + 1, why)
                value = _BAD
            else:
                if cell[0] == QUOTE:  # cells.unquoted, inline: this loop sees every cell
                    cell = cell[1:]
                if kind in (_TEXT, _OWNER):
                    value = cell
                elif kind == _TEXTS:
                    value = [v for v in _LIST.split(cell) if v]
                else:
                    value = self.value(column, cell, line, i)
            if kind == _OWNER:
                owner, owner_col = value, i
                continue
            where[column.field] = i
            if not sub:
                data[top] = value
            elif value is _BAD:
                data[top] = _BAD
            elif data.get(top) is not _BAD:
                data.setdefault(top, {})[sub] = value
        return data, where, owner, owner_col

    def items(self, index: int, sheet: Sheet) -> list[tuple[Item, Any, int, int]]:
        columns = self.columns_of(sheet)
        if columns is None:
            return []
        out = []
        model = sheet.table.model
        plan = [_plan(c, model) if c else None for c in columns]
        for row, cells in sheet.rows:
            line = index * SPAN + row - 1
            data, where, owner, owner_col = self.row(plan, cells, line)
            item = Item(None, _Row(line, where, model.LISTS))
            item.raw = data
            try:
                item.model = model.model_validate(data)
            except ValidationError as exc:
                bad = {(k,) for k, v in data.items() if v is _BAD}
                self.reader.report_validation(item, model, exc, bad)
            out.append((item, owner, line, owner_col))
        return out


def read_sheets(sheets: list[Sheet], *, key: str, name: str | None = None) -> d.ProgramData:
    """Validate one program's tables with the YAML format's rules; raise InvalidFile listing
    every problem at FILE:ROW:COLUMN."""
    t = TableReader(sheets)
    with paused():
        read = [(sheet, t.items(i, sheet)) for i, sheet in enumerate(sheets)]
        if t.header_problems:
            raise InvalidFile(tidy(t.header_problems))
        parsed = ParsedFile("<tables>")
        parsed.program = Item(None, _Row(0, {"key": 0}))
        parsed.program.raw = {"key": key, "name": name or key}
        try:
            parsed.program.model = s.ProgramIn.model_validate(parsed.program.raw)
        except ValidationError as exc:  # a key given by a caller; the command line checks it
            t.reader.report_validation(parsed.program, s.ProgramIn, exc, set())
        for section in ("people", "projects", "risks"):
            parsed.sections[section] = []
        for sheet, rows in read:
            if sheet.table.child is None:
                parsed.sections[sheet.table.name] = [item for item, _, _, _ in rows]
        projects: dict[str, Item] = {}
        for item in parsed.sections["projects"]:
            if item.key is not None:
                projects.setdefault(item.key, item)
        for sheet, rows in read:
            child = sheet.table.child
            if child is None:
                continue
            for item, owner, line, col in rows:
                if owner is _BAD:
                    continue  # reported
                if owner is None:
                    t.problem(line + 1, 1, f"each row of {sheet.table.name} needs its project")
                    continue
                host = projects.get(owner)
                if host is None:
                    t.problem(
                        line + 1,
                        col + 1,
                        f"unknown project '{owner}'" + did_you_mean(owner, sorted(projects)),
                    )
                    continue
                host.children.setdefault(child, []).append(item)
        problems = t.problems + t.reader.problems
        data, more = build(parsed, field_problems=bool(problems))
    problems += more
    if problems or data is None:
        raise InvalidFile(
            [_place(p, sheets) for p in problems]
            or [Problem(sheets[0].name if sheets else "<tables>", 1, 1, "no valid program")]
        )
    return data


def _where(line: int, sheets: list[Sheet]) -> tuple[str, int]:
    index, row = divmod(max(line, 1) - 1, SPAN)
    return (sheets[min(index, len(sheets) - 1)].name if sheets else "<tables>"), row + 1


def _place(p: Problem, sheets: list[Sheet]) -> Problem:
    """A problem at its file, row and column; 'line N' in its message said as 'row N'."""
    name, row = _where(p.line, sheets)

    def said(m: re.Match[str]) -> str:
        other, n = _where(int(m.group(1)), sheets)
        return f"row {n}" + ("" if other == name else f" of {other}")

    return Problem(name, row, p.col, one_line(_LINE.sub(said, p.message)))


def tidy(problems: list[Problem]) -> list[Problem]:
    """The problems on one line each, without a control character: they quote cells."""
    return [Problem(p.file, p.line, p.col, one_line(p.message)) for p in problems]
