"""One project manager's MS Project file read as the plan of one project, for `progtui sync`
(docs/interchange-mspdi.md, "Sync"): every task of the file rolls up into that one project as
the import rolls up a project's tasks, and its milestone tasks are the project's milestones."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from progtui import domain as d
from progtui.errors import InvalidFile, Problem
from progtui.gcpause import paused
from progtui.interchange.mspdi.mapper import Mapper, Task, day_of, entity, node_at
from progtui.interchange.mspdi.reader import rolled_up
from progtui.interchange.mspdi.xml import KIND, El, is_xml, parse
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.source import MAX_BYTES, read_bytes


@dataclass(frozen=True, slots=True)
class PlanMilestone:
    """A milestone task of the plan: *due* its Finish, *done* its actual finish once done;
    *line* and *col* where the task is written."""

    name: str
    due: date
    done: date | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Plan:
    """What a project manager's plan says of its project, rolled up from all its tasks."""

    file: str
    name: str
    start: date
    finish: date  # the plan's own forecast finish: its latest Finish
    status: d.ProjectStatus  # from the actuals: done, active or approved (nothing started)
    actual_start: date | None
    actual_end: date | None
    percent_complete: float
    actual_cost: float | None  # None when the plan records no cost spent
    milestones: tuple[PlanMilestone, ...]


def read_plan(path: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> Plan:
    """Read one MSPDI file as one project's plan; raise InvalidFile (FILE:LINE:COL) when it
    is not MS Project XML or holds a value the project could not take."""
    name = os.fspath(path)
    raw = read_bytes(path, max_bytes=max_bytes, kind=KIND)
    if not is_xml(raw):
        raise InvalidFile([Problem(name, 1, 1, f"not {KIND} (MSPDI): the file is not XML")])
    root = parse(name, raw)
    with paused():
        m = Mapper(name, root, "PLAN", 1)
        tasks = m.tasks()
        m.warnings.clear()  # about scheduling, which sync does not take (it takes the dates)
        if m.errors or not tasks:
            raise InvalidFile(m.errors or [Problem(name, *root.pos, "the plan holds no tasks")])
        whole = Task(root, "0", root.get("Title") or root.get("Name"), 0)
        whole.children = [t for t in tasks if t.parent is None]
        work = [t for t in tasks if not t.children and not t.milestone]
        summary = _summary_percent(m, root)  # when no task has a duration to weigh by
        whole.pct = summary if summary is not None else _mean([t.pct for t in work])
        data: dict[str, Any] = {"key": "PLAN", "name": whole.name or "plan", **rolled_up(whole)}
        data.pop("budget", None)  # the budget is the program's, not the plan's
        if data["start"] is None or data["end"] is None:
            raise InvalidFile([Problem(name, *root.pos, "no task of the plan has its dates")])
        project = entity(m, s.ProjectIn, data, node_at(root.pos))
        found = [
            (t, entity(m, s.MilestoneIn, _milestone(t), node_at(t.el.pos)))
            for t in tasks
            if t.milestone
        ]
    p = project.model
    if p is not None and p.actual_start and p.actual_end and p.actual_end < p.actual_start:
        m.error(root.pos, f"the plan ends ({p.actual_end}) before it starts ({p.actual_start})")
    problems: list[Problem] = m.errors + m.reader.problems
    if problems or p is None:
        raise InvalidFile(problems or [Problem(name, 1, 1, "the file holds no valid plan")])
    return Plan(
        file=name,
        name=p.name,
        start=p.start,
        finish=p.end,
        status=p.status,
        actual_start=p.actual_start,
        actual_end=p.actual_end,
        percent_complete=p.percent_complete,
        actual_cost=p.actual_cost,
        milestones=tuple(
            PlanMilestone(i.model.name, i.model.due, i.model.done, *t.el.pos)
            for t, i in found
            if i.model is not None
        ),
    )


def _summary_percent(m: Mapper, root: El) -> float | None:
    """The PercentComplete of the file's summary task (outline level 0), if it has one."""
    tasks = root.find("Tasks")
    for el in tasks.all("Task") if tasks else []:
        if el.get("OutlineLevel") == "0":
            return m.number(el, "PercentComplete")
    return None


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0


def _milestone(t: Task) -> dict[str, Any]:
    return {
        "name": t.name or f"Task {t.uid}",
        "due": day_of(t.finish or t.start),
        "done": day_of(t.actual_finish or t.finish or t.start) if t.finished else None,
    }
