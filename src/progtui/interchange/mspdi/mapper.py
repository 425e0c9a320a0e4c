"""The walk of one MS Project XML tree: its values, its tasks and what each task holds that
the mapping cannot carry (warnings), and the YAML items the checks build a program from."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from pydantic import ValidationError
from yaml import Mark
from yaml.nodes import MappingNode, Node, ScalarNode

from progtui import domain as d
from progtui.analysis.calendar import Calendar
from progtui.errors import Problem
from progtui.interchange.mspdi.xml import El
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.reader import Item, Reader

Level = int | Literal["leaf"]
KEY_FIELD = "progtui key"  # the alias of the custom field progtui's export writes keys in
_KEY = re.compile(s.KEY_PATTERN)
_STR = "tag:yaml.org,2002:str"
Pos = tuple[int, int]

CONSTRAINTS = {
    "1": "as late as possible",
    "2": "must start on",
    "3": "must finish on",
    "4": "start no earlier than",
    "5": "start no later than",
    "6": "finish no earlier than",
    "7": "finish no later than",
}
ELAPSED_FORMATS = frozenset({"4", "6", "8", "10", "12", "20", "36", "38", "40", "42", "44", "52"})
PERCENT_FORMATS = frozenset({"19", "20", "51", "52"})
_DURATION = re.compile(
    r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)


def _mark(pos: Pos) -> Mark:
    return Mark("mspdi", 0, pos[0] - 1, pos[1] - 1, None, 0)


def node_at(at: Pos, fields: dict[str, Pos] | None = None) -> Node:
    """A YAML node standing where an element was written; each field at its own element."""
    pairs: list[tuple[Node, Node]] = [
        (ScalarNode(_STR, k, _mark(p), _mark(p)), ScalarNode(_STR, "", _mark(p), _mark(p)))
        for k, p in (fields or {}).items()
    ]
    return MappingNode("tag:yaml.org,2002:map", pairs, _mark(at), _mark(at))


@dataclass(slots=True)
class Task:
    el: El
    uid: str
    name: str | None
    level: int
    parent: Task | None = None
    children: list[Task] = field(default_factory=list)
    start: datetime | None = None
    finish: datetime | None = None
    minutes: float = 0  # duration in working minutes
    milestone: bool = False
    pct: float = 0
    cost: float | None = None
    actual_cost: float | None = None
    actual_start: datetime | None = None
    actual_finish: datetime | None = None
    bad_start: bool = False  # already reported: the project's start is not reported again
    bad_finish: bool = False
    day_start: time = time(8)  # the file's DefaultStartTime: when its working days begin

    @property
    def last_day(self) -> date | None:
        """The last day the task works: its Finish's date, but the day before when MS Project
        wrote the Finish at the start of a working day (DefaultStartTime or earlier) after its
        Start's day, as it does when a link ends the task exactly there (a start-to-finish
        link, a finish on a resource's night shift): no work is done on that day. Weekends
        are stepped over (a holiday is, as every end in progtui: the working day before)."""
        return last_day(self.start, self.finish, self.day_start)

    @property
    def finished(self) -> bool:
        return self.actual_finish is not None or self.pct >= 100

    @property
    def started(self) -> bool:
        return self.actual_start is not None or self.pct > 0

    def subtree(self) -> Iterable[Task]:
        yield self
        for c in self.children:
            yield from c.subtree()


class Mapper:
    """Walks one MSPDI tree, collecting errors (fail the import) and warnings (do not)."""

    def __init__(self, name: str, root: El, key: str, level: Level) -> None:
        self.name = name
        self.root = root
        self.key = key
        self.level = level
        self.errors: list[Problem] = []
        self.warnings: list[Problem] = []
        self.reader = Reader(name)
        mpd = self.number(root, "MinutesPerDay")
        self.minutes_per_day = mpd if mpd and mpd > 0 else 480.0
        self.day_start = _time_of(root.get("DefaultStartTime")) or time(8)
        defs = root.find("ExtendedAttributes")
        self.key_fields = {  # the custom fields (a task's, a resource's) that hold keys
            f
            for a in (defs.all("ExtendedAttribute") if defs else [])
            if (a.get("Alias") or "").lower() == KEY_FIELD
            for f in [a.get("FieldID")]
            if f
        }
        self.keys: dict[str, str] = {}  # project task UID -> its project's key
        self.other_baselines: set[str] = set()  # baselines 1-10 already warned

    def custom_key(self, el: El, taken: set[str]) -> str | None:
        """The key written in the element's "progtui key" custom field (progtui's export),
        when it is a key and not taken already."""
        if not self.key_fields:
            return None
        for a in el.all("ExtendedAttribute"):
            if a.get("FieldID") in self.key_fields:
                value = a.get("Value") or ""
                if len(value) <= 40 and _KEY.fullmatch(value) and value not in taken:
                    return value
        return None

    # --- reporting and values -----------------------------------------------------------
    def error(self, pos: Pos, message: str) -> None:
        self.errors.append(Problem(self.name, pos[0], pos[1], message))

    def warn(self, pos: Pos, message: str) -> None:
        self.warnings.append(Problem(self.name, pos[0], pos[1], f"warning: {message}"))

    def at(self, el: El, tag: str) -> Pos:
        child = el.find(tag)
        return child.pos if child is not None else el.pos

    def number(self, el: El, tag: str) -> float | None:
        text = el.get(tag)
        if text is None:
            return None
        try:
            value = float(text)
        except ValueError:
            self.error(self.at(el, tag), f"{tag}: '{text}' is not a number")
            return None
        if value != value or value in (float("inf"), float("-inf")):
            self.error(self.at(el, tag), f"{tag}: '{text}' is not a number")
            return None
        return value

    def moment(self, el: El, tag: str) -> datetime | None:
        text = el.get(tag)
        if text is None:
            return None
        try:
            return datetime.fromisoformat(text)
        except ValueError:
            self.error(self.at(el, tag), f"{tag}: '{text}' is not a date and time")
            return None

    def minutes(self, el: El, tag: str) -> float:
        text = el.get(tag)
        if text is None:
            return 0
        m = _DURATION.match(text)
        if m is None:
            self.error(self.at(el, tag), f"{tag}: '{text}' is not a duration like PT8H0M0S")
            return 0
        sign, years, months, days, hours, mins, secs = m.groups()
        if years or months:
            self.error(self.at(el, tag), f"{tag}: '{text}' is in years or months")
            return 0
        total = (
            int(days or 0) * self.minutes_per_day
            + int(hours or 0) * 60
            + int(mins or 0)
            + float(secs or 0) / 60
        )
        return -total if sign else total

    # --- the file ------------------------------------------------------------------------
    def tasks(self) -> list[Task]:
        out: list[Task] = []
        stack: list[Task] = []
        tasks_el = self.root.find("Tasks")
        for el in tasks_el.all("Task") if tasks_el else []:
            if el.get("IsNull") == "1":
                continue
            uid = el.get("UID")
            level = int(self.number(el, "OutlineLevel") or 0)
            if uid is None:
                self.error(el.pos, "a task without a UID")
                continue
            if level <= 0:  # the project summary task
                continue
            t = Task(el, uid, el.get("Name"), level, day_start=self.day_start)
            errors = len(self.errors)
            t.start = self.moment(el, "Start")
            t.bad_start = len(self.errors) > errors
            t.finish = self.moment(el, "Finish")
            t.bad_finish = len(self.errors) > errors + t.bad_start
            t.minutes = self.minutes(el, "Duration")
            t.milestone = el.get("Milestone") == "1"
            t.pct = self.number(el, "PercentComplete") or 0
            cost, actual = self.number(el, "Cost"), self.number(el, "ActualCost")
            t.cost = cost / 100 if cost is not None else None  # MSPDI money is in cents
            t.actual_cost = actual / 100 if actual is not None else None
            t.actual_start = self.moment(el, "ActualStart")
            t.actual_finish = self.moment(el, "ActualFinish")
            while stack and stack[-1].level >= level:
                stack.pop()
            if stack:
                t.parent = stack[-1]
                stack[-1].children.append(t)
            stack.append(t)
            out.append(t)
            self.task_warnings(t)
        return out

    def task_warnings(self, t: Task) -> None:
        el = t.el
        what = f"task {t.uid} '{t.name}'"
        if el.get("Manual") == "1":
            self.warn(
                self.at(el, "Manual"), f"{what} is manually scheduled; taken at its written dates"
            )
        ctype = el.get("ConstraintType")
        if ctype == "4" and _same_day(el.get("ConstraintDate"), el.get("Start")):
            pass  # start no earlier than its own start: what progtui does with every plan
        elif ctype and ctype != "0":
            kind = CONSTRAINTS.get(ctype, f"type {ctype}")
            when = el.get("ConstraintDate") or "?"
            self.warn(
                self.at(el, "ConstraintType"),
                f"{what} has the constraint '{kind}' ({when}), which progtui does not carry "
                "(it schedules as soon as possible)",
            )
        if el.get("DurationFormat") in ELAPSED_FORMATS:
            self.warn(
                self.at(el, "DurationFormat"),
                f"{what} has an elapsed duration; taken as the working days between its dates",
            )
        deadline = el.get("Deadline")
        if deadline:
            self.warn(
                self.at(el, "Deadline"),
                f"{what} has a deadline ({deadline[:10]}), which progtui does not carry "
                "(a program has an end, a project none)",
            )
        for b in el.all("Baseline"):
            number = b.get("Number") or "0"
            if number != "0" and number not in self.other_baselines:
                self.other_baselines.add(number)
                self.warn(
                    b.pos,
                    f"baseline {number} (first here, at {what}) is not carried: only baseline 0 "
                    "becomes a progtui baseline",
                )
        cal = el.get("CalendarUID")
        if cal and cal != "-1":
            self.warn(
                self.at(el, "CalendarUID"),
                f"{what} has its own calendar ({cal}); progtui works Monday to Friday",
            )

    def projects_of(self, tasks: list[Task]) -> list[Task]:
        if self.level == "leaf":
            return [t for t in tasks if not t.children]
        n = self.level
        return [t for t in tasks if t.level == n or (t.level < n and not t.children)]


_DAY_PARTS = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))  # the Standard calendar's hours


def _minutes_into_day(moment: datetime) -> int:
    """Working minutes of the Standard calendar's day before *moment*'s time."""
    now = moment.hour * 60 + moment.minute
    return sum(max(0, min(now, b) - a) for a, b in _DAY_PARTS)


def split_warning(m: Mapper, t: Task, cal: Calendar) -> None:
    """A task whose working time is shorter than the working time from its Start to its Finish
    on the Standard calendar was split (or interrupted): progtui takes it from Start to Finish."""
    el = t.el
    if (
        t.children
        or t.milestone
        or t.start is None
        or t.finish is None
        or m.minutes_per_day != 480
        or el.get("Manual") == "1"
        or el.get("DurationFormat") in ELAPSED_FORMATS
    ):
        return
    a, b = t.start.date(), t.finish.date()
    if b < a or d.day_problem(a) or d.day_problem(b):  # refused by the file's checks
        return
    if a == b:
        span = _minutes_into_day(t.finish) - _minutes_into_day(t.start)
    else:
        between = max(cal.working_days(a + timedelta(days=1), b - timedelta(days=1)), 0)
        span = 480 - _minutes_into_day(t.start) + _minutes_into_day(t.finish) + 480 * between
    if span - t.minutes > 60:
        days = t.minutes / 480
        self_days = span / 480
        m.warn(
            m.at(el, "Duration"),
            f"task {t.uid} '{t.name}' is split: it works {days:g} days of the {self_days:g} "
            "from its Start to its Finish; taken as one stretch from Start to Finish",
        )


def entity(m: Mapper, model: type[s.Entity], data: dict[str, Any], node: Node) -> Item:
    item = Item(None, node)
    item.raw = data
    try:
        item.model = model.model_validate(data)
    except ValidationError as exc:
        m.reader.report_validation(item, model, exc, set())
    return item


def _same_day(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a[:10] == b[:10]


def last_day(start: datetime | None, finish: datetime | None, day_start: time) -> date | None:
    """The last working day of a span written from *start* to *finish* (Task.last_day)."""
    if finish is None:
        return None
    day = finish.date()
    if start and day > start.date() and finish.time() <= day_start:
        day -= timedelta(days=1)
        while day.weekday() >= 5 and day > start.date():
            day -= timedelta(days=1)
    return day


def _time_of(text: str | None) -> time | None:
    try:
        return time.fromisoformat(text) if text else None
    except ValueError:  # only where a Finish stops counting as worked: 08:00 instead
        return None


def day_of(moment: datetime | None) -> date | None:
    return moment.date() if moment else None
