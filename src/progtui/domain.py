"""The program snapshot: plain, immutable data shared by the store, interchange and analysis.

Data flows one way (store or YAML file -> snapshot -> analysis -> screen); nothing here touches a
database or a terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

# The vocabularies, each written once (SPEC section 1): the YAML schema, the tables' CHECK
# constraints, the services and the analysis take theirs from here.
ProjectStatus = Literal["proposed", "approved", "active", "on_hold", "done", "cancelled"]
RiskStatus = Literal["open", "mitigating", "closed", "occurred"]
DependencyType = Literal["FS", "SS", "FF", "SF"]  # finish-to-start, start-to-start, ...
Rag = Literal["red", "amber", "green"]
RiskLevel = Literal["low", "medium", "high", "critical"]  # by score, against Settings
ScoreName = Literal["value", "time_criticality", "risk_reduction", "effort"]
AccessRole = Literal["editor", "viewer"]

PROJECT_STATUSES: tuple[ProjectStatus, ...] = get_args(ProjectStatus)
CLOSED_STATUSES: frozenset[ProjectStatus] = frozenset({"done", "cancelled"})
RISK_STATUSES: tuple[RiskStatus, ...] = get_args(RiskStatus)
LIVE_RISK_STATUSES: frozenset[RiskStatus] = frozenset({"open", "mitigating"})  # count, score
DEPENDENCY_TYPES: tuple[DependencyType, ...] = get_args(DependencyType)
RAGS: tuple[Rag, ...] = get_args(Rag)  # worst first
RISK_LEVELS: tuple[RiskLevel, ...] = get_args(RiskLevel)  # lowest first
SCORE_NAMES: tuple[ScoreName, ...] = get_args(ScoreName)
ACCESS_ROLES: tuple[AccessRole, ...] = get_args(AccessRole)

# The bounds of every number and date a program may hold (docs/interchange.md): within them
# the calendar, the money and the JSON stay exact and finite.
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2199, 12, 31)
MAX_WORKING_DAYS = 5000  # of a lag or a what-if slip (some twenty years)
MAX_MONEY = 10**13  # exclusive; in whole cents, so that a float holds every amount exactly
MONEY_DIGITS = 2  # money is kept in cents (the minor unit), whatever the currency
MAX_MEASURE = 10**15  # exclusive, in size: objectives' baseline, target, current and values
MAX_CAPACITY = 1000  # FTE of one person or team
FTE_FACTOR = 10  # an allocation is at most this many times its person's capacity (or 1)


@dataclass(frozen=True, slots=True)
class Settings:
    """Thresholds of the risk levels (score = probability x impact)."""

    risk_medium: int = 5
    risk_high: int = 10
    risk_critical: int = 15


@dataclass(frozen=True, slots=True)
class Access:
    """Who may change (editors, and the owner) or only read (viewers) a program."""

    editors: tuple[str, ...] = ()
    viewers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Program:
    key: str
    name: str
    objective: str | None = None
    owner: str | None = None
    start: date | None = None
    end: date | None = None
    budget: float | None = None
    currency: str | None = None
    holidays: tuple[date, ...] = ()
    access: Access | None = None  # None: everyone who can open the database


@dataclass(frozen=True, slots=True)
class Objective:
    key: str
    name: str
    target: float
    unit: str | None = None
    baseline: float = 0
    current: float | None = None
    history: tuple[Measure, ...] = ()  # values recorded over time, oldest first


@dataclass(frozen=True, slots=True)
class Measure:
    """An objective's value as recorded on a day."""

    day: date
    value: float


@dataclass(frozen=True, slots=True)
class Person:
    key: str
    name: str
    role: str | None = None
    capacity: float = 1.0
    cost_rate: float | None = None


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """An allocation of one of a program's people in another program of the database, to a
    project that is not cancelled, its dates filled in from the project's (SPEC 6): demand
    the program does not own but its people carry. *program* and *project* are None for a
    program the viewer may not read (counted, never named)."""

    person: str
    fte: float
    start: date
    end: date
    program: str | None = None
    project: str | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    name: str
    due: date
    done: date | None = None


@dataclass(frozen=True, slots=True)
class Dependency:
    """The owning project cannot proceed until *project* (its predecessor) has; *program*
    names the predecessor's program when it is another one of the database (SPEC 6)."""

    project: str
    type: DependencyType = "FS"
    lag: int = 0
    program: str | None = None


@dataclass(frozen=True, slots=True)
class Downstream:
    """A link of another program's project to one of this program's (*predecessor*): the
    other program waits for this one. *program* and *project* are None for a program the
    viewer may not read (shown, never named)."""

    predecessor: str
    type: DependencyType = "FS"
    lag: int = 0
    program: str | None = None
    project: str | None = None
    name: str | None = None  # the other project's


@dataclass(frozen=True, slots=True)
class Allocation:
    """A share of a person's time; start/end of None follow the project's own dates."""

    person: str
    fte: float
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class HealthOverride:
    rag: Rag
    reason: str


@dataclass(frozen=True, slots=True)
class Scores:
    value: int | None = None
    time_criticality: int | None = None
    risk_reduction: int | None = None
    effort: int | None = None


@dataclass(frozen=True, slots=True)
class Project:
    key: str
    name: str
    start: date
    end: date
    rank: int = 0
    manager: str | None = None
    status: ProjectStatus = "proposed"
    actual_start: date | None = None
    actual_end: date | None = None
    budget: float | None = None
    actual_cost: float | None = None
    percent_complete: float = 0
    objectives: tuple[str, ...] = ()
    scores: Scores = field(default_factory=Scores)
    health_override: HealthOverride | None = None
    depends_on: tuple[Dependency, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    # the finish its project manager's own plan forecasts (progtui sync), beside progtui's
    reported_end: date | None = None


@dataclass(frozen=True, slots=True)
class Risk:
    key: str
    title: str
    probability: int
    impact: int
    projects: tuple[str, ...] = ()
    owner: str | None = None
    status: RiskStatus = "open"
    mitigation: str | None = None
    due: date | None = None


@dataclass(frozen=True, slots=True)
class Decision:
    when: datetime
    who: str
    text: str
    about: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class BaselineProject:
    project: str
    start: date
    end: date
    budget: float | None = None
    forecast_start: date | None = None
    forecast_end: date | None = None


@dataclass(frozen=True, slots=True)
class BaselineMilestone:
    project: str
    name: str
    due: date
    forecast: date | None = None


@dataclass(frozen=True, slots=True)
class Baseline:
    """The plan as it was on *taken* (projects and milestones by key: history, kept even when
    the program changes since)."""

    name: str
    taken: date
    projects: tuple[BaselineProject, ...] = ()
    milestones: tuple[BaselineMilestone, ...] = ()


@dataclass(frozen=True, slots=True)
class ProgramData:
    """One whole program; projects are in rank order (rank 1 first)."""

    program: Program
    settings: Settings = field(default_factory=Settings)
    objectives: tuple[Objective, ...] = ()
    people: tuple[Person, ...] = ()
    projects: tuple[Project, ...] = ()
    risks: tuple[Risk, ...] = ()
    decisions: tuple[Decision, ...] = ()
    baselines: tuple[Baseline, ...] = ()  # oldest first
    # Not part of the program (never written to a file): what its people carry in the
    # database's other programs, for capacity (SPEC 6). Empty for a file read on its own.
    elsewhere: tuple[Elsewhere, ...] = ()
    # The programs the links to other programs reach, directly or through others, as they
    # are in the database (each without its own upstream): their forecasts bound this one's.
    upstream: tuple[ProgramData, ...] = ()
    # The links of other programs' projects to this one's, as they are in the database: the
    # programs that wait for this one (the graph's external successors).
    downstream: tuple[Downstream, ...] = ()


def may(access: Access | None, owner: str | None, who: str, *, write: bool) -> bool:
    """Whether *who* may change (write) or read a program with this access list."""
    if access is None or who == owner or who in access.editors:
        return True
    return not write and who in access.viewers


def day_problem(day: date) -> str | None:
    """Why *day* is outside the dates a program may hold, or None."""
    if EARLIEST_DAY <= day <= LATEST_DAY:
        return None
    return f"should be a date from {EARLIEST_DAY} to {LATEST_DAY}, not {day}"


def fte_problem(fte: float, person: str, capacity: float) -> str | None:
    """Why *fte* is too much for one allocation of *person*, or None."""
    if fte <= FTE_FACTOR * max(capacity, 1.0):
        return None
    if capacity >= 1.0:
        return f"fte {fte:g} is more than {FTE_FACTOR} times {person}'s capacity ({capacity})"
    return f"fte {fte:g} is more than {FTE_FACTOR} ({person}'s capacity is {capacity})"
