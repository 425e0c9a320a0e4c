"""What-if: a slip of N working days on one project, and everything that moves (nothing saved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from progtui import domain as d
from progtui.analysis import milestone_results
from progtui.analysis.calendar import Calendar
from progtui.analysis.schedule import compute
from progtui.errors import NotFound, Refused
from progtui.gcpause import paused


@dataclass(frozen=True, slots=True)
class MovedProject:
    key: str
    old_start: date
    new_start: date
    old_finish: date
    new_finish: date


@dataclass(frozen=True, slots=True)
class MovedMilestone:
    project: str
    name: str
    old: date | None
    new: date | None


@dataclass(frozen=True, slots=True)
class Impact:
    project: str
    days: int
    projects: tuple[MovedProject, ...]
    milestones: tuple[MovedMilestone, ...]
    old_finish: date | None  # the program's forecast finish (last project finish)
    new_finish: date | None


def impact(data: d.ProgramData, today: date, project: str, days: int) -> Impact:
    """Re-run the schedule with *project* longer by *days*; list what moves."""
    with paused():
        return _impact(data, today, project, days)


def _impact(data: d.ProgramData, today: date, project: str, days: int) -> Impact:
    by_key = {p.key: p for p in data.projects}
    if project not in by_key:
        raise NotFound(f"no project '{project}' in this program")
    if by_key[project].status == "cancelled":
        raise Refused(f"project {project} is cancelled: it is not scheduled")
    if days < 0:
        raise Refused(f"a slip is 0 or more working days, not {days}")
    cal = Calendar(data.program.holidays)
    t = cal.index(today)
    before = compute(data, cal, t)
    after = compute(data, cal, t, {project: days})
    moved = tuple(
        MovedProject(k, cal.date_of(a.s), cal.date_of(b.s), cal.date_of(a.f - 1),
                     cal.date_of(b.f - 1))
        for k in (p.key for p in data.projects if p.key in before.slots)
        if (a := before.slots[k]) and (b := after.slots[k]) and (a.s, a.f) != (b.s, b.f))
    old_ms = milestone_results(data, cal, before, today, t)
    new_ms = milestone_results(data, cal, after, today, t)
    milestones = tuple(MovedMilestone(o.project, o.name, o.forecast, n.forecast)
                       for o, n in zip(old_ms, new_ms, strict=True) if o.forecast != n.forecast)

    def finish(sched) -> date | None:  # type: ignore[no-untyped-def]
        return cal.date_of(max(s.f for s in sched.slots.values()) - 1) if sched.slots else None

    return Impact(project, days, moved, milestones, finish(before), finish(after))
