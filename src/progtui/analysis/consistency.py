"""Facts of a plan that contradict each other, for the detail panel and the triage agenda.

They are warnings about the data, never a change of health (SPEC section 4's rules decide the
colour): a successor that started before its FS predecessor finished (the link is broken: the
forecast keeps the actual start), and a percent complete on a project that has not started
(no actual start: earned value counts work nobody has begun).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from progtui.analysis import Analysis

CLOSED = ("done", "cancelled")


class Broken(NamedTuple):
    """Project *successor* started on *started*, before FS predecessor *predecessor* had
    finished: on *finished* (its actual end), or not yet (*finished* None, *forecast* its
    forecast finish)."""

    successor: str
    predecessor: str
    lag: int
    started: date
    finished: date | None
    forecast: date | None

    def words(self) -> str:
        link = f"FS{self.lag:+d}" if self.lag else "FS"
        if self.finished is not None:
            until = f"before {link} predecessor {self.predecessor} finished on {self.finished}"
        else:
            forecast = f" (forecast {self.forecast})" if self.forecast else ""
            until = f"but {link} predecessor {self.predecessor} has not finished{forecast}"
        return f"broken dependency: started {self.started}, {until}"


def broken_dependencies(a: Analysis, key: str | None = None) -> list[Broken]:
    """Every FS link whose successor (*key*'s only, when given) has an actual start before
    the day its predecessor's finish (plus the lag, in working days) allows. Cancelled
    projects have no links to break."""
    by_key = {r.project.key: r for r in a.projects}
    found = []
    for r in a.projects if key is None else [by_key[key]] if key in by_key else []:
        p, s = r.project, r.slot
        if p.actual_start is None or p.status == "cancelled" or s is None:
            continue
        for dep in p.depends_on:
            q = by_key.get(dep.project)
            if dep.type != "FS" or q is None or q.slot is None or q.project.status == "cancelled":
                continue
            if s.s < q.slot.f + dep.lag:  # the first day the link allows is f + lag
                done = q.project.actual_end if q.project.status == "done" else None
                forecast = a.date_of(q.slot.f - 1)
                found.append(Broken(p.key, q.project.key, dep.lag, p.actual_start, done, forecast))
    return found


def progress_without_start(a: Analysis, key: str) -> str | None:
    """The warning for a percent complete on an open project that has no actual start."""
    p = next((r.project for r in a.projects if r.project.key == key), None)
    if p is None or p.status in CLOSED or p.actual_start is not None:
        return None
    if not p.percent_complete:
        return None
    return f"{p.percent_complete:g}% complete but not started (no actual start)"


def warnings(a: Analysis, key: str) -> list[str]:
    """Every warning about project *key*'s data, in words."""
    found = [b.words() for b in broken_dependencies(a, key)]
    progress = progress_without_start(a, key)
    return [*found, *([progress] if progress else [])]
