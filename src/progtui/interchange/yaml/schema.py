"""Field-level rules of the YAML format (SPEC section 2), as pydantic models.

Each model is one entity as written in a file. Cross-entity rules (references, duplicates,
cycles, dates against each other) live in checks.py.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from functools import cache
from typing import Annotated, ClassVar, Literal, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)

from progtui import domain as d
from progtui.domain import DependencyType, ProjectStatus, Rag, RiskStatus
from progtui.text import clean

KEY_PATTERN = r"^[A-Za-z0-9_-]+$"


def _text(value: str) -> str:
    value = clean(value)
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _in_window(value: date) -> date:
    """A date the calendar can hold (docs/interchange.md: 1970 to 2199)."""
    day = value.date() if isinstance(value, datetime) else value
    if d.day_problem(day):
        raise ValueError(f"should be a date from {d.EARLIEST_DAY} to {d.LATEST_DAY}, not {value}")
    return value


def _to_date(value: object) -> object:
    if isinstance(value, datetime):
        raise ValueError("expected a date like 2027-01-04, not a date and time")
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value.strip())
    if isinstance(value, date):
        return _in_window(value)
    raise ValueError(f"expected a date like 2027-01-04, got {value!r}")


def _to_datetime(value: object) -> object:
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = datetime.fromisoformat(value.strip())
    if isinstance(value, datetime):
        value = value.replace(tzinfo=None, microsecond=0) if value.tzinfo is None else value
        return _in_window(value)
    if isinstance(value, date):
        return _in_window(datetime(value.year, value.month, value.day))
    raise ValueError(f"expected a date and time like 2027-01-11T10:30:00, got {value!r}")


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _money(value: object) -> object:
    """Below 10^13 in whole cents: exact as a float, and as the store's integer cents."""
    if _number(value):
        assert isinstance(value, int | float)
        if value >= d.MAX_MONEY:
            raise ValueError(f"should be less than {d.MAX_MONEY} (10^13), got {value}")
        if round(value, d.MONEY_DIGITS) != value:
            raise ValueError(
                f"should be whole cents (at most {d.MONEY_DIGITS} decimals), got {value}"
            )
    return value


def _measure(value: object) -> object:
    if _number(value) and abs(value) >= d.MAX_MEASURE:  # type: ignore[arg-type]
        raise ValueError(f"should be less than {d.MAX_MEASURE} (10^15) in size, got {value}")
    return value


def _lag(value: object) -> object:
    if _number(value) and abs(value) > d.MAX_WORKING_DAYS:  # type: ignore[arg-type]
        raise ValueError(
            f"should be from -{d.MAX_WORKING_DAYS} to {d.MAX_WORKING_DAYS} working days, "
            f"got {value}"
        )
    return value


Key = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=KEY_PATTERN)]
Text = Annotated[str, AfterValidator(_text)]
Day = Annotated[date, BeforeValidator(_to_date)]
Moment = Annotated[datetime, BeforeValidator(_to_datetime)]
# Money: exact in cents below 10^13 (docs/interchange.md); the store keeps it as integer cents.
Money = Annotated[float, Strict(), Field(ge=0), BeforeValidator(_money)]
Number = Annotated[float, Strict(), BeforeValidator(_measure)]
Score = Annotated[int, Strict(), Field(ge=1, le=10)]
Level = Annotated[int, Strict(), Field(ge=1, le=5)]


class Entity(BaseModel):
    """Base of every entity: unknown keys and non-finite numbers are errors."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)
    # How the reader feeds each YAML key: as a list of plain values, or as a small mapping.
    LISTS: ClassVar[frozenset[str]] = frozenset()
    MAPS: ClassVar[frozenset[str]] = frozenset()
    LABEL: ClassVar[str] = "entry"


class RiskLevels(Entity):
    medium: Annotated[int, Strict(), Field(ge=1, le=25)] = 5
    high: Annotated[int, Strict(), Field(ge=1, le=25)] = 10
    critical: Annotated[int, Strict(), Field(ge=1, le=25)] = 15


class SettingsIn(Entity):
    MAPS = frozenset({"risk_levels"})
    LABEL = "settings"
    risk_levels: RiskLevels = RiskLevels()


Account = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
]


class AccessIn(Entity):
    """OS accounts that may change (editors) or only read (viewers) the program."""

    editors: list[Account] = []
    viewers: list[Account] = []


class ProgramIn(Entity):
    LISTS = frozenset({"holidays"})
    MAPS = frozenset({"access"})
    LABEL = "program"
    key: Key
    name: Text
    objective: Text | None = None
    owner: Text | None = None
    start: Day | None = None
    end: Day | None = None
    budget: Money | None = None
    currency: Text | None = None
    holidays: list[Day] = []
    access: AccessIn | None = None


class ObjectiveIn(Entity):
    LABEL = "objective"
    key: Key
    name: Text
    unit: Text | None = None
    baseline: Number = 0
    target: Number
    current: Number | None = None


class PersonIn(Entity):
    LABEL = "person"
    key: Key
    name: Text
    role: Text | None = None
    capacity: Annotated[float, Strict(), Field(ge=0, le=d.MAX_CAPACITY)] = 1.0
    cost_rate: Money | None = None


class ScoresIn(Entity):
    value: Score | None = None
    time_criticality: Score | None = None
    risk_reduction: Score | None = None
    effort: Score | None = None


class HealthOverrideIn(Entity):
    rag: Rag
    reason: Text


class ProjectIn(Entity):
    LISTS = frozenset({"objectives"})
    MAPS = frozenset({"scores", "health_override"})
    LABEL = "project"
    key: Key
    name: Text
    manager: Key | None = None
    status: ProjectStatus = "proposed"
    priority: Annotated[int, Strict(), Field(ge=1)] | None = None
    start: Day
    end: Day
    actual_start: Day | None = None
    actual_end: Day | None = None
    budget: Money | None = None
    actual_cost: Money | None = None
    percent_complete: Annotated[float, Strict(), Field(ge=0, le=100)] = 0
    objectives: list[Key] = []
    scores: ScoresIn = ScoresIn()
    health_override: HealthOverrideIn | None = None
    reported_end: Day | None = None


class DependencyIn(Entity):
    LABEL = "dependency"
    program: Key | None = None  # another program of the database (SPEC 6)
    project: Key
    type: DependencyType = "FS"
    lag: Annotated[int, Strict(), BeforeValidator(_lag)] = 0


class MilestoneIn(Entity):
    LABEL = "milestone"
    name: Text
    due: Day
    done: Day | None = None


class AllocationIn(Entity):
    model_config = ConfigDict(populate_by_name=False)
    LABEL = "allocation"
    person: Key
    fte: Annotated[float, Strict(), Field(gt=0, le=d.FTE_FACTOR * d.MAX_CAPACITY)]
    start: Day | None = Field(None, alias="from")
    end: Day | None = Field(None, alias="to")


class RiskIn(Entity):
    LISTS = frozenset({"projects"})
    LABEL = "risk"
    key: Key
    title: Text
    projects: list[Key] = []
    probability: Level
    impact: Level
    owner: Key | None = None
    status: RiskStatus = "open"
    mitigation: Text | None = None
    due: Day | None = None


class DecisionIn(Entity):
    LISTS = frozenset({"about"})
    LABEL = "decision"
    when: Moment
    who: Text
    text: Text
    about: list[Key] = []


class BenefitIn(Entity):
    """One recorded value of an objective (the benefits section: its history)."""

    LABEL = "benefit"
    objective: Key
    date: Day
    value: Number


class BaselineProjectIn(Entity):
    LABEL = "baseline project"
    project: Key
    start: Day
    end: Day
    budget: Money | None = None
    forecast_start: Day | None = None
    forecast_end: Day | None = None


class BaselineMilestoneIn(Entity):
    LABEL = "baseline milestone"
    project: Key
    name: Text
    due: Day
    forecast: Day | None = None


class BaselineIn(Entity):
    """A saved plan: each project's planned dates, budget and forecast, each milestone's due
    date and forecast, as they were when it was taken."""

    LABEL = "baseline"
    name: Text
    taken: Day


@cache
def yaml_keys(model: type[Entity]) -> list[str]:
    """The keys a file may use for *model*, in the order the writer emits them."""
    return [f.alias or name for name, f in model.model_fields.items()]


def _is_text(annotation: object) -> bool:
    """True when *annotation* (through Optional, Annotated and list) holds str or a Literal."""
    if annotation is str:
        return True
    origin = get_origin(annotation)
    if origin is Literal:
        return True
    if origin is Annotated:
        return _is_text(get_args(annotation)[0])
    return any(_is_text(a) for a in get_args(annotation) if a is not type(None))


@cache
def string_keys(model: type[Entity]) -> frozenset[str]:
    """Keys whose values are text, so that a plain `NO` or `2027` stays the string written."""
    return frozenset(
        f.alias or name for name, f in model.model_fields.items() if _is_text(f.annotation)
    )


TEXT, VALUE, TEXTS, VALUES, MAP = range(5)


@cache
def field_kinds(model: type[Entity]) -> dict[str, int]:
    """How the reader feeds each YAML key of *model*: one text, one other value (number,
    date), a list of texts, a list of values, or a small mapping."""
    texts = string_keys(model)
    out = {}
    for key in yaml_keys(model):
        if key in model.MAPS:
            out[key] = MAP
        elif key in model.LISTS:
            out[key] = TEXTS if key in texts else VALUES
        else:
            out[key] = TEXT if key in texts else VALUE
    return out
