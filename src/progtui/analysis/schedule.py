"""Critical path method over working-day indexes (SPEC section 4, "Schedule").

Each project occupies the half-open range [s, f). The forward pass gives forecasts, the
backward pass late dates against the program end. Done projects take part in both passes but
report no late dates, float or criticality; cancelled projects are left out with their links.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from progtui import domain as d
from progtui.analysis.calendar import Calendar


class Slot(NamedTuple):
    """The schedule of one project, in working-day indexes (None where the spec says none)."""

    planned_s: int
    planned_f: int
    s: int
    f: int
    late_s: int | None
    late_f: int | None
    total_float: int | None
    critical: bool

    @property
    def slip(self) -> int:
        return self.f - self.planned_f


_TYPES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}
Link = tuple[int, int, int]  # (other project's position, type code, lag)


@dataclass(frozen=True, slots=True)
class Network:
    """What the passes need of a program, as lists by position, built once per program."""

    live: list[d.Project]  # projects that are not cancelled, in rank order
    pos: dict[str, int]
    preds: list[list[Link]]
    succs: list[list[Link]]
    order: list[int]  # topological, ties in rank order
    ps: list[int]  # planned start index
    pf: list[int]  # planned finish index (one past the last day)
    actual: list[tuple[int, int] | None]  # (s, f) of done projects, (s, -1) of started ones


def network(data: d.ProgramData, cal: Calendar) -> Network:
    live = [p for p in data.projects if p.status != "cancelled"]
    n = len(live)
    pos = {p.key: i for i, p in enumerate(live)}
    preds: list[list[Link]] = [[] for _ in range(n)]
    succs: list[list[Link]] = [[] for _ in range(n)]
    for i, p in enumerate(live):
        mine = preds[i]
        for dep in p.depends_on:
            j = pos.get(dep.project)
            if j is not None:
                kind = _TYPES[dep.type]
                mine.append((j, kind, dep.lag))
                succs[j].append((i, kind, dep.lag))
    index = cal.index
    actual: list[tuple[int, int] | None] = []
    for p in live:
        if p.status == "done":
            actual.append((index(p.actual_start), cal.end_index(p.actual_end)))  # type: ignore[arg-type]
        elif p.actual_start is not None:
            actual.append((index(p.actual_start), -1))
        else:
            actual.append(None)
    import numpy as np

    starts = np.array([p.start.toordinal() for p in live], dtype=np.int64)
    ends = np.array([p.end.toordinal() for p in live], dtype=np.int64)
    return Network(live, pos, preds, succs, _topological(n, preds, succs),
                   cal.ordinal_indexes(starts).tolist(), cal.ordinal_indexes(ends + 1).tolist(),
                   actual)


def _topological(n: int, preds: list[list[Link]], succs: list[list[Link]]) -> list[int]:
    """Kahn's algorithm over positions (the input is acyclic); ties go in rank order."""
    indegree = [len(x) for x in preds]
    ready = [i for i in range(n - 1, -1, -1) if indegree[i] == 0]
    out: list[int] = []
    while ready:
        i = ready.pop()
        out.append(i)
        for nxt, _, _ in reversed(succs[i]):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return out


def _forward(net: Network, i: int, s: list[int], f: list[int], t: int,
             longer: int) -> tuple[int, int]:
    """The forecast [s, f) of project i, its predecessors' forecasts being known.

    *longer* (what-if) makes the work N days longer: the finish moves, never the start (with
    the longer duration an FF or SF bound would otherwise pull the start earlier).
    """
    dur = net.pf[i] - net.ps[i]
    fixed = net.actual[i]
    if fixed is not None:
        if fixed[1] >= 0:  # done: actual dates
            return fixed
        f_i = fixed[0] + dur + longer  # started
        return fixed[0], (f_i if f_i > t else t + 1)
    s_i = net.ps[i] if net.ps[i] > t else t
    for j, kind, lag in net.preds[i]:
        if kind == 0:
            bound = f[j] + lag
        elif kind == 1:
            bound = s[j] + lag
        elif kind == 2:
            bound = f[j] + lag - dur
        else:
            bound = s[j] + lag - dur
        if bound > s_i:
            s_i = bound
    return s_i, s_i + dur + longer


@dataclass(frozen=True, slots=True)
class Schedule:
    slots: dict[str, Slot]  # scheduled (not cancelled) projects only
    end: int  # E: one past the program's last working day (or the latest forecast finish)
    net: Network
    t: int
    s: list[int]
    f: list[int]


def compute(data: d.ProgramData, cal: Calendar, t: int,
            extra: dict[str, int] | None = None, net: Network | None = None) -> Schedule:
    """Forward and backward pass over plain lists by position (the hot loops of a
    10,000-project program). *extra* makes projects N working days longer (what-if)."""
    net = net or network(data, cal)
    n = len(net.live)
    s = [0] * n
    f = [0] * n
    live = net.live
    for i in net.order:
        s[i], f[i] = _forward(net, i, s, f, t, extra.get(live[i].key, 0) if extra else 0)

    end = cal.end_index(data.program.end) if data.program.end else max(f, default=t)
    ls = [0] * n
    lf = [0] * n
    for i in reversed(net.order):
        width = f[i] - s[i]
        lf_i = end
        for j, kind, lag in net.succs[i]:
            if kind == 0:
                bound = ls[j] - lag
            elif kind == 1:
                bound = ls[j] - lag + width
            elif kind == 2:
                bound = lf[j] - lag
            else:
                bound = lf[j] - lag + width
            if bound < lf_i:
                lf_i = bound
        lf[i] = lf_i
        ls[i] = lf_i - width

    slots = {}
    new = tuple.__new__  # NamedTuple's own __new__ is Python code; 10,000 of them add up
    ps, pf = net.ps, net.pf
    for i, p in enumerate(live):
        if p.status == "done":
            slots[p.key] = new(Slot, (ps[i], pf[i], s[i], f[i], None, None, None, False))
        else:
            tf = ls[i] - s[i]
            slots[p.key] = new(Slot, (ps[i], pf[i], s[i], f[i], ls[i], lf[i], tf, tf <= 0))
    return Schedule(slots, end, net, t, s, f)


def reforecast(base: Schedule, key: str, days: int) -> dict[str, tuple[int, int]]:
    """New forecasts [s, f) of the projects that move when *key* is *days* longer.

    Only the project and its descendants can move, so only they are recomputed, in
    topological order, on top of the baseline forecasts.
    """
    net = base.net
    start = net.pos[key]
    reach = {start}
    stack = [start]
    while stack:
        for j, _, _ in net.succs[stack.pop()]:
            if j not in reach:
                reach.add(j)
                stack.append(j)
    s, f = list(base.s), list(base.f)
    moved = {}
    for i in (i for i in net.order if i in reach):
        s[i], f[i] = _forward(net, i, s, f, base.t, days if i == start else 0)
        if (s[i], f[i]) != (base.s[i], base.f[i]):
            moved[net.live[i].key] = (s[i], f[i])
    return moved
