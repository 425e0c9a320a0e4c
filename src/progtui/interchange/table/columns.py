"""The tables of the spreadsheet formats (CSV, XLSX): their columns, the YAML field each column
feeds, and the rows of a program (docs/interchange-csv.md).

A column is a text cell (neutralised against formulas on the way out, taken literally on the way
in) or a value cell (a number or a date, read as a plain YAML scalar is)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from progtui import domain as d
from progtui.interchange.yaml import schema as s

# A cell as exported: text, a number, a date, or nothing.
Cell = str | int | float | date | None


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its header, the YAML key it feeds (``map.key`` inside a mapping, '' for the
    key of the project a child row belongs to) and whether it holds text."""

    name: str
    field: str
    text: bool
    required: bool = False
    fraction: bool = False  # written with a decimal point, as the YAML writes FTE and capacity


def _col(model: type[s.Entity], name: str, field: str | None = None) -> Column:
    field = field or name
    top, _, sub = field.partition(".")
    kinds = s.field_kinds(model)
    info = model.model_fields[
        next(n for n, f in model.model_fields.items() if (f.alias or n) == top)
    ]
    if sub:
        text = sub in ("rag", "reason")
        required = False
    else:
        text = kinds[top] in (s.TEXT, s.TEXTS)
        required = info.is_required()
    return Column(name, field, text, required, fraction=name in ("fte", "capacity"))


_OWNER = Column("project", "", text=True, required=True)  # the project a child row is under


@dataclass(frozen=True, slots=True)
class Table:
    """One table: its columns, the YAML model of a row, and the rows of a program."""

    name: str
    model: type[s.Entity]
    columns: tuple[Column, ...]
    rows: Callable[[d.ProgramData], Iterator[tuple[Cell, ...]]]
    child: str | None = None  # the key of a project's list the rows join (depends_on, ...)

    @property
    def headers(self) -> list[str]:
        return [c.name for c in self.columns]


def _projects(data: d.ProgramData) -> Iterator[tuple[Cell, ...]]:
    for p in data.projects:
        sc, ho = p.scores, p.health_override
        yield (
            p.key,
            p.name,
            p.manager,
            p.status,
            p.rank,
            p.start,
            p.end,
            p.actual_start,
            p.actual_end,
            p.budget,
            p.actual_cost,
            p.percent_complete,
            sc.value,
            sc.time_criticality,
            sc.risk_reduction,
            sc.effort,
            ho.rag if ho else None,
            ho.reason if ho else None,
        )


def _people(data: d.ProgramData) -> Iterator[tuple[Cell, ...]]:
    for p in data.people:
        yield p.key, p.name, p.role, p.capacity, p.cost_rate


def _allocations(data: d.ProgramData) -> Iterator[tuple[Cell, ...]]:
    for p in data.projects:
        for a in p.allocations:
            yield p.key, a.person, a.fte, a.start, a.end


def _milestones(data: d.ProgramData) -> Iterator[tuple[Cell, ...]]:
    for p in data.projects:
        for m in p.milestones:
            yield p.key, m.name, m.due, m.done


def _dependencies(data: d.ProgramData) -> Iterator[tuple[Cell, ...]]:
    for p in data.projects:
        for dep in p.depends_on:
            yield p.key, dep.project, dep.type, dep.lag


def _risks(data: d.ProgramData) -> Iterator[tuple[Cell, ...]]:
    for r in data.risks:
        yield (
            r.key,
            r.title,
            ", ".join(r.projects) or None,
            r.probability,
            r.impact,
            r.owner,
            r.status,
            r.mitigation,
            r.due,
        )


def _columns(model: type[s.Entity], *names: str | tuple[str, str]) -> tuple[Column, ...]:
    return tuple(_col(model, *((n,) if isinstance(n, str) else n)) for n in names)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "projects",
            s.ProjectIn,
            _columns(
                s.ProjectIn,
                "key",
                "name",
                "manager",
                "status",
                "priority",
                "start",
                "end",
                "actual_start",
                "actual_end",
                "budget",
                "actual_cost",
                "percent_complete",
                *((n, f"scores.{n}") for n in d.SCORE_NAMES),
                ("health_override", "health_override.rag"),
                ("health_override_reason", "health_override.reason"),
            ),
            _projects,
        ),
        Table(
            "people",
            s.PersonIn,
            _columns(s.PersonIn, "key", "name", "role", "capacity", "cost_rate"),
            _people,
        ),
        Table(
            "allocations",
            s.AllocationIn,
            (_OWNER, *_columns(s.AllocationIn, "person", "fte", "from", "to")),
            _allocations,
            child="allocations",
        ),
        Table(
            "risks",
            s.RiskIn,
            _columns(
                s.RiskIn,
                "key",
                "title",
                "projects",
                "probability",
                "impact",
                "owner",
                "status",
                "mitigation",
                "due",
            ),
            _risks,
        ),
        Table(
            "milestones",
            s.MilestoneIn,
            (_OWNER, *_columns(s.MilestoneIn, "name", "due", "done")),
            _milestones,
            child="milestones",
        ),
        Table(
            "dependencies",
            s.DependencyIn,
            (_OWNER, *_columns(s.DependencyIn, ("depends_on", "project"), "type", "lag")),
            _dependencies,
            child="depends_on",
        ),
    )
}
TABLE_NAMES = list(TABLES)
# The sheet of an exported workbook that is output only (the status analysis); read, it is
# skipped.
STATUS_SHEET = "status"
