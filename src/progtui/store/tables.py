"""SQLModel tables, all of them. The database holds every rule it can (keys unique within a
program, ranks unique, foreign keys, ranges); services and the interchange hold the rest.

Rows are ordered by id where file order matters (ids grow in insertion order).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlmodel import Field, SQLModel

from progtui import domain as d

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING


def _one_of(column: str, values: tuple[str, ...]) -> str:
    """A CHECK's "column IN ('a','b')" from a vocabulary of domain.py, as migrations wrote it."""
    return f"{column} IN ({','.join(repr(v) for v in values)})"


class Cents(TypeDecorator[float]):
    """Money: an integer of cents in the database, exact; the amount (a float) in Python.

    Every amount is below 10^13 in whole cents (docs/store.md), so the float holds it exactly
    and the conversion is exact both ways (through the float's shortest decimal)."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> int | None:
        if value is None:
            return None
        exact = Decimal(value) if isinstance(value, int) else Decimal(repr(float(value)))
        return int(exact.scaleb(2).to_integral_value())

    def process_result_value(self, value: Any, dialect: Any) -> float | None:
        return None if value is None else value / 100


def _money() -> Any:
    return Field(default=None, sa_column=Column(Cents, nullable=True))


def _fk(target: str, ondelete: str = "CASCADE", nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


class Program(SQLModel, table=True):
    __table_args__ = (
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget"),
        CheckConstraint("risk_medium < risk_high AND risk_high < risk_critical", name="levels"),
    )
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True)
    name: str
    objective: str | None = None
    owner: str | None = None
    start: date | None = None
    end: date | None = None
    budget: float | None = _money()
    currency: str | None = None
    risk_medium: int = 5
    risk_high: int = 10
    risk_critical: int = 15
    # True when the program has an access list, even an empty one (then only its owner may
    # open it); False: open to everyone who can open the database
    access_listed: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )


class ProgramAccess(SQLModel, table=True):
    """An OS account allowed to change (editor) or read (viewer) a program. A program with
    no rows is open to everyone who can open the database, unless its access_listed is set."""

    __tablename__ = "program_access"
    __table_args__ = (
        UniqueConstraint("program_id", "account"),
        CheckConstraint(_one_of("role", d.ACCESS_ROLES), name="role"),
    )
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    account: str = Field(max_length=64)
    role: str = Field(max_length=8)


class Holiday(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("program_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    day: date


class Objective(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("program_id", "key"),)
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    key: str = Field(max_length=40)
    name: str
    unit: str | None = None
    baseline: float = 0
    target: float
    current: float | None = None


class ObjectiveValue(SQLModel, table=True):
    """An objective's value recorded on a day: its history toward the target."""

    __tablename__ = "objective_value"
    __table_args__ = (UniqueConstraint("objective_id", "day"),)
    id: int | None = Field(default=None, primary_key=True)
    objective_id: int = Field(sa_column=_fk("objective.id"))
    day: date
    value: float


class Person(SQLModel, table=True):
    """One person of the organisation: one key, name, role, capacity and cost rate across
    every program of the database (SPEC 6). Which programs use them: program_person."""

    __table_args__ = (
        CheckConstraint("capacity >= 0", name="capacity"),
        CheckConstraint("cost_rate IS NULL OR cost_rate >= 0", name="cost_rate"),
    )
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=40, unique=True)
    name: str
    role: str | None = None
    capacity: float = Field(default=1.0, sa_column=Column(Float, nullable=False))
    cost_rate: float | None = _money()


class ProgramPerson(SQLModel, table=True):
    """A person a program lists (its file's `people:`), in the file's order (by id)."""

    __tablename__ = "program_person"
    __table_args__ = (UniqueConstraint("program_id", "person_id"),)
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    person_id: int = Field(sa_column=_fk("person.id"))


class Project(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("program_id", "key"),
        UniqueConstraint("program_id", "rank"),
        CheckConstraint("rank >= 1", name="rank"),
        CheckConstraint('"end" >= start', name="dates"),
        CheckConstraint(_one_of("status", d.PROJECT_STATUSES), name="status"),
        CheckConstraint("percent_complete >= 0 AND percent_complete <= 100", name="percent"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget"),
        CheckConstraint("actual_cost IS NULL OR actual_cost >= 0", name="actual_cost"),
        CheckConstraint(f"health_rag IS NULL OR {_one_of('health_rag', d.RAGS)}", name="rag"),
    )
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    key: str = Field(max_length=40)
    name: str
    rank: int
    manager_id: int | None = Field(default=None, sa_column=_fk("person.id", "SET NULL", True))
    status: str = "proposed"
    start: date
    end: date
    actual_start: date | None = None
    actual_end: date | None = None
    budget: float | None = _money()
    actual_cost: float | None = _money()
    percent_complete: float = 0
    score_value: int | None = None
    score_time_criticality: int | None = None
    score_risk_reduction: int | None = None
    score_effort: int | None = None
    health_rag: str | None = None
    health_reason: str | None = None
    held_status: str | None = None  # while on_hold: the status to go back to
    reported_end: date | None = None  # the project manager's plan's own finish (sync)


class ProjectObjective(SQLModel, table=True):
    __tablename__ = "project_objective"
    __table_args__ = (UniqueConstraint("project_id", "objective_id"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column=_fk("project.id"))
    objective_id: int = Field(sa_column=_fk("objective.id"))


class Milestone(SQLModel, table=True):
    __table_args__ = (UniqueConstraint("project_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column=_fk("project.id"))
    name: str
    due: date
    done: date | None = None


class Dependency(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("predecessor_id", "successor_id"),
        CheckConstraint(_one_of("type", d.DEPENDENCY_TYPES), name="type"),
        CheckConstraint("predecessor_id <> successor_id", name="self"),
    )
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    predecessor_id: int = Field(sa_column=_fk("project.id"))
    successor_id: int = Field(sa_column=_fk("project.id"))
    type: str = "FS"
    lag: int = 0


class Allocation(SQLModel, table=True):
    """from/to of NULL follow the project's own dates."""

    __table_args__ = (
        CheckConstraint("fte > 0", name="fte"),
        CheckConstraint('start IS NULL OR "end" IS NULL OR "end" >= start', name="dates"),
    )
    id: int | None = Field(default=None, primary_key=True)
    project_id: int = Field(sa_column=_fk("project.id"))
    person_id: int = Field(sa_column=_fk("person.id"))
    fte: float
    start: date | None = None
    end: date | None = None


class Risk(SQLModel, table=True):
    __table_args__ = (
        UniqueConstraint("program_id", "key"),
        CheckConstraint("probability BETWEEN 1 AND 5", name="probability"),
        CheckConstraint("impact BETWEEN 1 AND 5", name="impact"),
        CheckConstraint(_one_of("status", d.RISK_STATUSES), name="status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    key: str = Field(max_length=40)
    title: str
    probability: int
    impact: int
    owner_id: int | None = Field(default=None, sa_column=_fk("person.id", "SET NULL", True))
    status: str = "open"
    mitigation: str | None = None
    due: date | None = None


class RiskProject(SQLModel, table=True):
    __tablename__ = "risk_project"
    __table_args__ = (UniqueConstraint("risk_id", "project_id"),)
    id: int | None = Field(default=None, primary_key=True)
    risk_id: int = Field(sa_column=_fk("risk.id"))
    project_id: int = Field(sa_column=_fk("project.id"))


class Baseline(SQLModel, table=True):
    """A saved plan. Its rows name projects by key: history outlives edits to the program."""

    __table_args__ = (UniqueConstraint("program_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    name: str
    taken: date


class BaselineProject(SQLModel, table=True):
    __tablename__ = "baseline_project"
    __table_args__ = (UniqueConstraint("baseline_id", "project"),)
    id: int | None = Field(default=None, primary_key=True)
    baseline_id: int = Field(sa_column=_fk("baseline.id"))
    project: str = Field(max_length=40)
    start: date
    end: date
    budget: float | None = _money()
    forecast_start: date | None = None
    forecast_end: date | None = None


class BaselineMilestone(SQLModel, table=True):
    __tablename__ = "baseline_milestone"
    id: int | None = Field(default=None, primary_key=True)
    baseline_id: int = Field(sa_column=_fk("baseline.id"))
    project: str = Field(max_length=40)
    name: str
    due: date
    forecast: date | None = None


class Report(SQLModel, table=True):
    """A steering report that was made: the KPIs it showed (their history)."""

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    made: datetime = Field(sa_column=Column(DateTime, nullable=False))
    today: date
    kpis: str  # JSON: name -> value
    health: str | None = None  # JSON: project key -> red, amber or green


class Meeting(SQLModel, table=True):
    """A triage meeting's minutes."""

    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    started: datetime = Field(sa_column=Column(DateTime, nullable=False))
    ended: datetime = Field(sa_column=Column(DateTime, nullable=False))
    attendees: str
    minutes: str  # Markdown


class Decision(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    program_id: int = Field(sa_column=_fk("program.id"))
    when: datetime = Field(sa_column=Column(DateTime, nullable=False))
    who: str
    text: str


class DecisionAbout(SQLModel, table=True):
    """A key of a project, risk, person or objective the decision is about."""

    __tablename__ = "decision_about"
    id: int | None = Field(default=None, primary_key=True)
    decision_id: int = Field(sa_column=_fk("decision.id"))
    ref: str = Field(max_length=40)


class Change(SQLModel, table=True):
    """One audited edit. Keyed by program key (not id) so that the trail survives --replace."""

    id: int | None = Field(default=None, primary_key=True)
    program_key: str = Field(max_length=40, index=True)
    when: datetime = Field(sa_column=Column(DateTime, nullable=False))
    who: str
    entity: str
    field: str
    old: str | None = None
    new: str | None = None
    # One user action (one write transaction) is one batch; undo and redo revert whole batches.
    batch: str | None = Field(default=None, max_length=32, index=True)
    action: str | None = Field(default=None, max_length=8)  # do, undo, redo
    reverts: str | None = Field(default=None, max_length=32)  # the batch an undo/redo is about
    data: str | None = None  # JSON of a whole entity created or deleted (to re-create it)
