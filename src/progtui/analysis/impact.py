"""What-if: a slip of N working days on one project, and everything that moves (nothing saved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from progtui import domain as d
from progtui.analysis.calendar import Calendar, check_day
from progtui.analysis.schedule import Schedule, forecast, network, reforecast
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


def impact(
    data: d.ProgramData, today: date, project: str, days: int, *, base: Schedule | None = None
) -> Impact:
    """What moves when *project* takes *days* working days longer. *base* is the current
    schedule when the caller has it (the app does): then only the project's descendants are
    recomputed."""
    with paused():
        return _impact(data, today, project, days, base)


def _impact(
    data: d.ProgramData, today: date, project: str, days: int, base: Schedule | None
) -> Impact:
    by_key = {p.key: p for p in data.projects}
    if project not in by_key:
        raise NotFound(f"no project '{project}' in this program")
    if by_key[project].status == "cancelled":
        raise Refused(f"project {project} is cancelled: it is not scheduled")
    if not 0 <= days <= d.MAX_WORKING_DAYS:
        raise Refused(f"a slip is 0 to {d.MAX_WORKING_DAYS} working days, not {days}")
    check_day(today)
    cal = Calendar(data.program.holidays)
    t = cal.index(today)
    if base is None:  # the forward pass is all a slip needs
        from progtui.analysis.upstream import upstream_bounds

        net = network(data, cal, upstream_bounds(data, today) if data.upstream else None)
        sf = forecast(net, t)
    else:
        net, sf = base.net, base.sf
    s_of, f_of = sf[0::2], sf[1::2]
    moved = reforecast(net, sf, t, project, days)
    keys = sorted(moved, key=net.pos.__getitem__)  # rank order
    date_of = cal.date_of
    projects = []
    milestones = []
    for key in keys:
        i = net.pos[key]
        s, f = moved[key]
        projects.append(
            MovedProject(key, date_of(s_of[i]), date_of(s), date_of(f_of[i] - 1), date_of(f - 1))
        )
        for m in net.live[i].milestones:
            if m.done is None:
                due = cal.index(m.due) - net.ps[i]
                old, new = date_of(max(due + s_of[i], t)), date_of(max(due + s, t))
                if old != new:
                    milestones.append(MovedMilestone(key, m.name, old, new))
    old_end = max(f_of, default=None)
    new_end = max([old_end, *(f for _, f in moved.values())]) if old_end is not None else None
    return Impact(
        project,
        days,
        tuple(projects),
        tuple(milestones),
        date_of(old_end - 1) if old_end is not None else None,
        date_of(new_end - 1) if new_end is not None else None,
    )


@dataclass(frozen=True, slots=True)
class Ripple:
    """What moves in another program, downstream of the slipping project's (SPEC 6)."""

    program: str
    projects: tuple[MovedProject, ...]
    milestones: tuple[MovedMilestone, ...]


def ripple(data: d.ProgramData, today: date, program: str, project: str, days: int) -> Ripple:
    """What moves in *data*, a program whose links reach *program* (directly or through
    others, all in data.upstream), when *program*'s *project* takes *days* working days
    longer: its forecasts with the upstream forecasts slipped against without."""
    with paused():
        from progtui.analysis.upstream import upstream_bounds

        check_day(today)
        cal = Calendar(data.program.holidays)
        t = cal.index(today)
        before = network(data, cal, upstream_bounds(data, today))
        after = network(data, cal, upstream_bounds(data, today, {program: {project: days}}))
        old, new = forecast(before, t), forecast(after, t)
        date_of = cal.date_of
        projects = []
        milestones = []
        for i, key in enumerate(before.keys):
            s0, f0, s1, f1 = old[2 * i], old[2 * i + 1], new[2 * i], new[2 * i + 1]
            if (s0, f0) == (s1, f1):
                continue
            projects.append(
                MovedProject(key, date_of(s0), date_of(s1), date_of(f0 - 1), date_of(f1 - 1))
            )
            for m in before.live[i].milestones:
                if m.done is None:
                    due = cal.index(m.due) - before.ps[i]
                    a, b = date_of(max(due + s0, t)), date_of(max(due + s1, t))
                    if a != b:
                        milestones.append(MovedMilestone(key, m.name, a, b))
        return Ripple(data.program.key, tuple(projects), tuple(milestones))
