"""MS Project XML (MSPDI) -> the items the YAML format's cross-entity checks build a program
from, plus a warning for everything the mapping cannot carry (docs/interchange-mspdi.md).

Each entity becomes an ``Item`` of the YAML reader with a model of the YAML schema and a node
that stands where its XML element was written: field rules (pydantic), cross-entity rules
(checks.build) and their locations are the YAML format's own, written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from progtui import domain as d
from progtui.analysis.calendar import Calendar
from progtui.errors import Problem
from progtui.interchange.mspdi.calendars import read_holidays
from progtui.interchange.mspdi.mapper import (
    ELAPSED_FORMATS,
    PERCENT_FORMATS,
    Level,
    Mapper,
    Pos,
    Task,
    day_of,
    entity,
    last_day,
    node_at,
    split_warning,
)
from progtui.interchange.mspdi.people import read_assignments, read_people
from progtui.interchange.mspdi.xml import El
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.reader import _BAD, Item, ParsedFile

LINK_TYPES: dict[str, d.DependencyType] = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}
BASELINE_NAME = "MS Project baseline"


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
    holidays = read_holidays(m)
    cal = Calendar(holidays)
    for t in tasks:
        split_warning(m, t, cal)

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
    taken: set[str] = set()
    for p in projects:  # progtui's own export carries the keys; else T + the UID
        m.keys[p.uid] = m.custom_key(p.el, taken) or f"T{p.uid}"
        taken.add(m.keys[p.uid])

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

    into: dict[str, dict[str, _Link]] = {}  # successor -> predecessor -> the link
    for (pred_uid, succ_uid), ln in links.items():
        into.setdefault(succ_uid, {})[pred_uid] = ln
    people, person_keys = read_people(m)
    assignments = read_assignments(m, owner, person_keys)
    out = ParsedFile(name)
    out.program = _program(m, root, holidays)
    out.sections["people"] = people
    out.sections["projects"] = [
        _project(m, p, milestones[p.uid], into.get(p.uid, {}), assignments.get(p.uid, {}))
        for p in projects
    ]
    baseline = _baseline(m, root, projects, milestones)
    out.sections["baselines"] = [baseline] if baseline else []
    return out, m.errors + m.reader.problems, m.warnings


def _days(p: Task, cal: Calendar) -> int:
    start, end = _span(p)
    if not start or not end or d.day_problem(start) or d.day_problem(end):
        return 1  # a date the calendar cannot hold: the file's checks refuse it, located
    return max(cal.working_days(start, end), 1)


def _span(p: Task) -> tuple[date | None, date | None]:
    starts = [t.start.date() for t in p.subtree() if t.start]
    ends = [e for t in p.subtree() if (e := t.last_day)]
    return (min(starts) if starts else None, max(ends) if ends else None)


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
    milestones: list[Task],
    links: dict[str, _Link],
    allocations: dict[tuple[str, date | None, date | None], tuple[float, Pos]],
) -> Item:
    el = p.el
    data: dict[str, Any] = {"key": m.keys[p.uid], "name": p.name or f"Task {p.uid}"}
    data.update(rolled_up(p))
    node = node_at(
        el.pos, {"name": m.at(el, "Name"), "start": m.at(el, "Start"), "end": m.at(el, "Finish")}
    )
    item = entity(m, s.ProjectIn, data, node)
    item.children["depends_on"] = [
        entity(
            m,
            s.DependencyIn,
            {"project": m.keys[pred], "type": ln.type, "lag": ln.lag},
            node_at(ln.pos),
        )
        for pred, ln in links.items()
    ]
    item.children["milestones"] = [
        entity(
            m,
            s.MilestoneIn,
            {
                "name": t.name or f"Task {t.uid}",
                "due": day_of(t.finish or t.start),
                "done": day_of(t.actual_finish or t.finish or t.start) if t.finished else None,
            },
            node_at(t.el.pos, {"name": m.at(t.el, "Name"), "due": m.at(t.el, "Finish")}),
        )
        for t in milestones
    ]
    item.children["allocations"] = [
        entity(
            m,
            s.AllocationIn,
            {"person": person, "fte": round(fte, 4), "from": a, "to": b},
            node_at(pos),
        )
        for (person, a, b), (fte, pos) in allocations.items()
    ]
    return item


def rolled_up(p: Task) -> dict[str, Any]:
    """What the tasks under *p* (and *p*) roll up to, as a project's YAML fields: start, end,
    percent complete (leaves by duration), budget and actual cost (sums), status and actuals."""
    start, end = _span(p)
    leaves = [t for t in p.subtree() if not t.children and not (t.milestone and t is not p)]
    weight = sum(max(t.minutes, 0) for t in leaves)
    pct = (
        sum(t.pct * max(t.minutes, 0) for t in leaves) / weight
        if weight > 0
        else (p.pct if leaves else 0)
    )
    data: dict[str, Any] = {
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
    return data


def _status(work: list[Task]) -> dict[str, Any]:
    """From the actuals: all work finished -> done, some started -> active, else approved."""
    starts = [d_.date() for t in work if t.started for d_ in [t.actual_start or t.start] if d_]
    if work and all(t.el.get("Active") == "0" for t in work):  # inactive: MS Project skips it
        out: dict[str, Any] = {"status": "cancelled", "actual_start": min(starts, default=None)}
        if out["actual_start"] and all(t.finished for t in work):
            out["actual_end"] = max(
                (d_.date() for t in work for d_ in [t.actual_finish or t.finish] if d_),
                default=None,
            )
        return out
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


def _program(m: Mapper, root: El, holidays: list[date]) -> Item:
    start = m.moment(root, "StartDate")
    data: dict[str, Any] = {
        "key": m.key,
        "name": root.get("Title") or root.get("Name") or m.key,
        "start": start.date() if start else None,
        "currency": root.get("CurrencyCode"),
        "owner": root.get("Manager"),
        "holidays": holidays,
    }
    if root.get("ScheduleFromStart") == "0":
        m.warn(
            m.at(root, "ScheduleFromStart"),
            "the plan is scheduled from its finish; progtui schedules from the start",
        )
    return entity(
        m,
        s.ProgramIn,
        {k: v for k, v in data.items() if v is not None},
        node_at(root.pos, {"key": root.pos, "name": m.at(root, "Title")}),
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
                    entity(
                        m,
                        s.BaselineMilestoneIn,
                        {
                            "project": m.keys[p.uid],
                            "name": t.name or f"Task {t.uid}",
                            "due": due.date(),
                        },
                        node_at(t.el.pos),
                    )
                )
        spans = [_baseline0(t, m) for t in p.subtree()]
        starts = [a for a, _, _ in spans if a]
        ends = [e for a, b, _ in spans if (e := last_day(a, b, m.day_start))]
        if not starts or not ends:
            continue
        leaves = [t for t in p.subtree() if not t.children]
        costs = [c for t in leaves for _, _, c in [_baseline0(t, m)] if c is not None]
        data: dict[str, Any] = {
            "project": m.keys[p.uid],
            "start": min(starts).date(),
            "end": max(ends),
        }
        if costs and sum(costs) > 0:
            data["budget"] = round(sum(costs), 2)
        rows.append(entity(m, s.BaselineProjectIn, data, node_at(p.el.pos)))
    if not rows and not marks:
        return None
    taken = m.moment(root, "LastSaved") or m.moment(root, "CreationDate")
    days = [i.raw["start"] for i in rows] + [i.raw["due"] for i in marks]
    taken_day = taken.date() if taken else min(days)
    item = entity(m, s.BaselineIn, {"name": BASELINE_NAME, "taken": taken_day}, node_at(root.pos))
    item.children["projects"] = rows
    item.children["milestones"] = marks
    return item
