"""MS Project XML (MSPDI) -> the items the YAML format's cross-entity checks build a program
from, plus a warning for everything the mapping cannot carry (docs/interchange-mspdi.md).

Each entity becomes an ``Item`` of the YAML reader with a model of the YAML schema and a node
that stands where its XML element was written: field rules (pydantic), cross-entity rules
(checks.build) and their locations are the YAML format's own, written once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from pydantic import ValidationError
from yaml import Mark
from yaml.nodes import MappingNode, Node, ScalarNode

from progtui import domain as d
from progtui.analysis.calendar import Calendar
from progtui.errors import Problem
from progtui.interchange.mspdi.xml import El
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.reader import _BAD, Item, ParsedFile, Reader

Level = int | Literal["leaf"]
_STR = "tag:yaml.org,2002:str"
Pos = tuple[int, int]

LINK_TYPES: dict[str, d.DependencyType] = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}
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
BASELINE_NAME = "MS Project baseline"
_DURATION = re.compile(
    r"^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)
_DAY_NAMES = {"1": "Sunday", "7": "Saturday"}
_WEEK = "progtui works Monday to Friday"
_WEEKDAY_NAMES = {"2": "Monday", "3": "Tuesday", "4": "Wednesday", "5": "Thursday", "6": "Friday"}


def _mark(pos: Pos) -> Mark:
    return Mark("mspdi", 0, pos[0] - 1, pos[1] - 1, None, 0)


def _node(at: Pos, fields: dict[str, Pos] | None = None) -> Node:
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
            t = Task(el, uid, el.get("Name"), level)
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
        if ctype and ctype != "0":
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


@dataclass(slots=True)
class _Link:
    pred: str
    type: d.DependencyType
    lag: int
    pos: Pos


def read(
    name: str, root: El, *, key: str, level: Level = 1
) -> tuple[ParsedFile, list[Problem], list[Problem]]:
    """Map an MSPDI tree to parsed items; return them with the errors and warnings."""
    m = Mapper(name, root, key, level)
    tasks = m.tasks()
    by_uid = {t.uid: t for t in tasks}
    chosen = m.projects_of(tasks)
    holidays = _holidays(m)
    cal = Calendar(holidays)
    for t in tasks:
        _split_warning(m, t, cal)

    owner: dict[str, Task] = {}  # task uid -> its project task
    for p in chosen:
        for t in p.subtree():
            owner[t.uid] = p
    loose = [p for p in chosen if p.milestone and not p.children]
    milestones: dict[str, list[Task]] = {p.uid: [] for p in chosen}
    for p in chosen:
        for t in p.subtree():
            if t is not p and t.milestone:
                milestones[p.uid].append(t)

    def preds_of(t: Task) -> list[tuple[El, str]]:
        return [(link, link.get("PredecessorUID") or "") for link in t.el.all("PredecessorLink")]

    # a loose milestone (one at the project level) joins the one project it follows, if any
    for ms in loose:
        heads = {owner[u].uid for _, u in preds_of(ms) if u in owner and owner[u] is not ms}
        if len(heads) == 1:
            host = by_uid[heads.pop()]
            owner[ms.uid] = host
            milestones[host.uid].append(ms)
            milestones.pop(ms.uid)
    projects = [p for p in chosen if owner[p.uid] is p]

    links: dict[tuple[str, str], _Link] = {}
    durations = {p.uid: _days(p, cal) for p in projects}
    for t in tasks:
        for link, pred_uid in preds_of(t):
            pos = link.pos
            if link.get("CrossProject") == "1":
                m.warn(pos, f"a link of task {t.uid} to another project file is not carried")
                continue
            if pred_uid not in by_uid:
                m.warn(pos, f"task {t.uid} follows task '{pred_uid}', which is not in the file")
                continue
            succ, pred = owner.get(t.uid), owner.get(pred_uid)
            if succ is None or pred is None:
                m.warn(
                    pos,
                    f"the link from task {pred_uid} to task {t.uid} is on a summary task above "
                    "the project level; not carried",
                )
                continue
            if succ is pred:
                continue  # a link inside one project
            ltype = LINK_TYPES.get(link.get("Type") or "1")
            if ltype is None:
                m.error(m.at(link, "Type"), f"link Type '{link.get('Type')}' is not 0 to 3")
                continue
            lag = _lag(m, link)
            new = _Link(pred.uid, ltype, lag, pos)
            old = links.get((pred.uid, succ.uid))
            dp, ds = durations[pred.uid], durations[succ.uid]
            if old is None or _bound(new, dp, ds) > _bound(old, dp, ds):
                links[(pred.uid, succ.uid)] = new

    people, person_keys = _people(m)
    assignments = _assignments(m, owner, person_keys)
    out = ParsedFile(name)
    out.program = _program(m, root, holidays)
    out.sections["people"] = people
    out.sections["projects"] = [
        _project(m, p, cal, milestones[p.uid], links, assignments.get(p.uid, {})) for p in projects
    ]
    baseline = _baseline(m, root, projects, milestones)
    out.sections["baselines"] = [baseline] if baseline else []
    return out, m.errors + m.reader.problems, m.warnings


_DAY_PARTS = ((8 * 60, 12 * 60), (13 * 60, 17 * 60))  # the Standard calendar's hours


def _minutes_into_day(moment: datetime) -> int:
    """Working minutes of the Standard calendar's day before *moment*'s time."""
    now = moment.hour * 60 + moment.minute
    return sum(max(0, min(now, b) - a) for a, b in _DAY_PARTS)


def _split_warning(m: Mapper, t: Task, cal: Calendar) -> None:
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


def _item(m: Mapper, model: type[s.Entity], data: dict[str, Any], node: Node) -> Item:
    item = Item(None, node)
    item.raw = data
    try:
        item.model = model.model_validate(data)
    except ValidationError as exc:
        m.reader.report_validation(item, model, exc, set())
    return item


def _day(moment: datetime | None) -> date | None:
    return moment.date() if moment else None


def _days(p: Task, cal: Calendar) -> int:
    start, end = _span(p)
    return max(cal.working_days(start, end), 1) if start and end else 1


def _span(p: Task) -> tuple[date | None, date | None]:
    starts = [t.start for t in p.subtree() if t.start]
    ends = [t.finish for t in p.subtree() if t.finish]
    return (min(starts).date() if starts else None, max(ends).date() if ends else None)


def _bound(link: _Link, dp: int, ds: int) -> int:
    """The earliest start the link gives its successor, from the predecessor's start."""
    return {"FS": dp, "SS": 0, "FF": dp - ds, "SF": -ds}[link.type] + link.lag


def _lag(m: Mapper, link: El) -> int:
    tenths = m.number(link, "LinkLag") or 0
    fmt = link.get("LagFormat") or "7"
    pos = m.at(link, "LinkLag")
    if fmt in PERCENT_FORMATS:
        m.warn(pos, "a lag in percent of the predecessor's duration is not carried; taken as 0")
        return 0
    minutes = tenths / 10
    if fmt in ELAPSED_FORMATS:
        calendar_days = minutes / (24 * 60)
        days = round(calendar_days * 5 / 7)
        m.warn(
            pos,
            f"an elapsed lag of {calendar_days:g} calendar days is taken as {days} working days",
        )
        return days
    days_f = minutes / m.minutes_per_day
    days = round(days_f)
    if abs(days_f - days) > 1e-9:
        m.warn(pos, f"a lag of {days_f:g} working days is rounded to {days}")
    return days


def _project(
    m: Mapper,
    p: Task,
    cal: Calendar,
    milestones: list[Task],
    links: dict[tuple[str, str], _Link],
    allocations: dict[tuple[str, date | None, date | None], tuple[float, Pos]],
) -> Item:
    el = p.el
    start, end = _span(p)
    leaves = [t for t in p.subtree() if not t.children and not (t.milestone and t is not p)]
    weight = sum(max(t.minutes, 0) for t in leaves)
    pct = (
        sum(t.pct * max(t.minutes, 0) for t in leaves) / weight
        if weight > 0
        else (p.pct if leaves else 0)
    )
    data: dict[str, Any] = {
        "key": f"T{p.uid}",
        "name": p.name or f"Task {p.uid}",
        "start": _BAD if any(t.bad_start for t in p.subtree()) else start,
        "end": _BAD if any(t.bad_finish for t in p.subtree()) else end,
        "percent_complete": round(min(max(pct, 0), 100), 2),
    }
    costs = [t.cost for t in leaves if t.cost is not None]
    if costs and sum(costs) > 0:
        data["budget"] = round(sum(costs), 2)
    actuals = [t.actual_cost for t in leaves if t.actual_cost is not None]
    if actuals and sum(actuals) > 0:
        data["actual_cost"] = round(sum(actuals), 2)
    data.update(_status([t for t in p.subtree() if not t.children]))
    node = _node(
        el.pos, {"name": m.at(el, "Name"), "start": m.at(el, "Start"), "end": m.at(el, "Finish")}
    )
    item = _item(m, s.ProjectIn, data, node)
    item.children["depends_on"] = [
        _item(
            m,
            s.DependencyIn,
            {"project": f"T{pred}", "type": ln.type, "lag": ln.lag},
            _node(ln.pos),
        )
        for (pred, succ), ln in links.items()
        if succ == p.uid
    ]
    item.children["milestones"] = [
        _item(
            m,
            s.MilestoneIn,
            {
                "name": t.name or f"Task {t.uid}",
                "due": _day(t.finish or t.start),
                "done": _day(t.actual_finish or t.finish or t.start) if t.finished else None,
            },
            _node(t.el.pos, {"name": m.at(t.el, "Name"), "due": m.at(t.el, "Finish")}),
        )
        for t in milestones
    ]
    item.children["allocations"] = [
        _item(
            m,
            s.AllocationIn,
            {"person": person, "fte": round(fte, 4), "from": a, "to": b},
            _node(pos),
        )
        for (person, a, b), (fte, pos) in allocations.items()
    ]
    return item


def _status(work: list[Task]) -> dict[str, Any]:
    """From the actuals: all work finished -> done, some started -> active, else approved."""
    starts = [d_.date() for t in work if t.started for d_ in [t.actual_start or t.start] if d_]
    if work and all(t.finished for t in work):
        ends = [d_.date() for t in work for d_ in [t.actual_finish or t.finish] if d_]
        return {
            "status": "done",
            "actual_start": min(starts, default=None),
            "actual_end": max(ends, default=None),
        }
    if starts:
        return {"status": "active", "actual_start": min(starts)}
    return {"status": "approved"}


def _person_key(name: str | None, taken: set[str]) -> str | None:
    """A person's key from the name (the same person in two plans is one person of the
    database, SPEC section 6); None when the name gives none, or one already taken."""
    key = re.sub(r"[^A-Za-z0-9_-]+", "-", name or "").strip("-")[:40]
    return key if key and key not in taken else None


def _people(m: Mapper) -> tuple[list[Item], dict[str, str]]:
    """Work resources as people, and each one's key by resource UID."""
    out = []
    taken: set[str] = set()
    keys: dict[str, str] = {}
    res = m.root.find("Resources")
    for el in res.all("Resource") if res else []:
        uid, name = el.get("UID"), el.get("Name")
        if el.get("IsNull") == "1" or uid is None or (uid == "0" and name is None):
            continue
        rtype = el.get("Type") or "1"
        if rtype != "1":
            kind = "cost" if rtype == "2" else "material"
            m.warn(
                el.pos,
                f"{kind} resource {uid} '{name}' is not carried "
                "(only work resources become people)",
            )
            continue
        key = _person_key(name, taken) or f"R{uid}"
        taken.add(key)
        keys[uid] = key
        data: dict[str, Any] = {"key": key, "name": name or f"Resource {uid}"}
        units = m.number(el, "MaxUnits")
        if units is not None:
            data["capacity"] = units
        rate = m.number(el, "StandardRate")
        if rate:
            data["cost_rate"] = round(rate * m.minutes_per_day / 60, 2)
        out.append(
            _item(
                m,
                s.PersonIn,
                data,
                _node(
                    el.pos,
                    {"capacity": m.at(el, "MaxUnits"), "cost_rate": m.at(el, "StandardRate")},
                ),
            )
        )
    return out, keys


def _assignments(
    m: Mapper, owner: dict[str, Task], people: dict[str, str]
) -> dict[str, dict[tuple[str, date | None, date | None], tuple[float, Pos]]]:
    """Allocations by project: FTE by person and period (work resources only: the others
    are warned at their resource)."""
    out: dict[str, dict[tuple[str, date | None, date | None], tuple[float, Pos]]] = {}
    assignments = m.root.find("Assignments")
    for el in assignments.all("Assignment") if assignments else []:
        task, person = el.get("TaskUID"), el.get("ResourceUID")
        key = people.get(person or "")
        if key is None:
            continue
        project = owner.get(task or "")
        if project is None:
            m.warn(
                el.pos, f"an assignment to task {task}, which is not under a project; not carried"
            )
            continue
        units = m.number(el, "Units")
        fte = 1.0 if units is None else units
        if fte <= 0:
            m.warn(
                m.at(el, "Units"), f"an assignment of resource {person} with no units; not carried"
            )
            continue
        a, b = m.moment(el, "Start"), m.moment(el, "Finish")
        period = (key, _day(a), _day(b))
        mine = out.setdefault(project.uid, {})
        before = mine.get(period)
        mine[period] = (fte + (before[0] if before else 0), before[1] if before else el.pos)
    return out


def _calendar(m: Mapper) -> El | None:
    uid = m.root.get("CalendarUID")
    cals = m.root.find("Calendars")
    found = [c for c in (cals.all("Calendar") if cals else []) if c.get("UID") == uid]
    return found[0] if found else None


def _holidays(m: Mapper) -> list[date]:
    cal = _calendar(m)
    if cal is None:
        return []
    days: set[date] = set()

    def take(period: El | None, working: bool, pos: Pos) -> None:
        if period is None:
            return
        a, b = m.moment(period, "FromDate"), m.moment(period, "ToDate")
        if a is None or b is None:
            return
        if working:
            m.warn(
                pos,
                f"a working exception from {a.date()} to {b.date()} is not carried ({_WEEK})",
            )
            return
        day = a.date()
        while day <= b.date() and len(days) < 100_000:
            days.add(day)
            day += timedelta(days=1)

    weekdays = cal.find("WeekDays")
    for wd in weekdays.all("WeekDay") if weekdays else []:
        dtype, working = wd.get("DayType"), wd.get("DayWorking") == "1"
        if dtype == "0":
            take(wd.find("TimePeriod"), working, wd.pos)
        elif dtype in _DAY_NAMES and working:
            m.warn(
                wd.pos,
                f"the project calendar works on {_DAY_NAMES[dtype]}; not carried ({_WEEK})",
            )
        elif dtype in _WEEKDAY_NAMES and not working:
            m.warn(
                wd.pos,
                f"the project calendar does not work on {_WEEKDAY_NAMES[dtype]}; "
                f"not carried ({_WEEK})",
            )
    exceptions = cal.find("Exceptions")
    for ex in exceptions.all("Exception") if exceptions else []:
        take(ex.find("TimePeriod"), ex.get("DayWorking") == "1", ex.pos)
    work_weeks = cal.find("WorkWeeks")
    if work_weeks is not None and work_weeks.children:
        m.warn(
            work_weeks.pos,
            f"non-standard work weeks of the project calendar are not carried ({_WEEK})",
        )
    return sorted(d_ for d_ in days if d_.weekday() < 5)


def _program(m: Mapper, root: El, holidays: list[date]) -> Item:
    start = m.moment(root, "StartDate")
    data: dict[str, Any] = {
        "key": m.key,
        "name": root.get("Title") or root.get("Name") or m.key,
        "start": start.date() if start else None,
        "currency": root.get("CurrencyCode"),
        "holidays": holidays,
    }
    if root.get("ScheduleFromStart") == "0":
        m.warn(
            m.at(root, "ScheduleFromStart"),
            "the plan is scheduled from its finish; progtui schedules from the start",
        )
    return _item(
        m,
        s.ProgramIn,
        {k: v for k, v in data.items() if v is not None},
        _node(root.pos, {"key": root.pos, "name": m.at(root, "Title")}),
    )


def _baseline0(t: Task, m: Mapper) -> tuple[datetime | None, datetime | None, float | None]:
    for b in t.el.all("Baseline"):
        if (b.get("Number") or "0") == "0":
            cost = m.number(b, "Cost")
            return (
                m.moment(b, "Start"),
                m.moment(b, "Finish"),
                cost / 100 if cost is not None else None,
            )
    return None, None, None


def _baseline(
    m: Mapper, root: El, projects: list[Task], milestones: dict[str, list[Task]]
) -> Item | None:
    rows: list[Item] = []
    marks: list[Item] = []
    for p in projects:
        for t in milestones.get(p.uid, []):
            _, due, _ = _baseline0(t, m)
            if due:
                marks.append(
                    _item(
                        m,
                        s.BaselineMilestoneIn,
                        {
                            "project": f"T{p.uid}",
                            "name": t.name or f"Task {t.uid}",
                            "due": due.date(),
                        },
                        _node(t.el.pos),
                    )
                )
        spans = [_baseline0(t, m) for t in p.subtree()]
        starts = [a for a, _, _ in spans if a]
        ends = [b for _, b, _ in spans if b]
        if not starts or not ends:
            continue
        leaves = [t for t in p.subtree() if not t.children]
        costs = [c for t in leaves for _, _, c in [_baseline0(t, m)] if c is not None]
        data: dict[str, Any] = {
            "project": f"T{p.uid}",
            "start": min(starts).date(),
            "end": max(ends).date(),
        }
        if costs and sum(costs) > 0:
            data["budget"] = round(sum(costs), 2)
        rows.append(_item(m, s.BaselineProjectIn, data, _node(p.el.pos)))
    if not rows and not marks:
        return None
    taken = m.moment(root, "LastSaved") or m.moment(root, "CreationDate")
    days = [i.raw["start"] for i in rows] + [i.raw["due"] for i in marks]
    taken_day = taken.date() if taken else min(days)
    item = _item(m, s.BaselineIn, {"name": BASELINE_NAME, "taken": taken_day}, _node(root.pos))
    item.children["projects"] = rows
    item.children["milestones"] = marks
    return item
