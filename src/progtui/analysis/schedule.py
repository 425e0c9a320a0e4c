"""Critical path method over working-day indexes (SPEC section 4, "Schedule").

Each project occupies the half-open range [s, f). The forward pass gives forecasts, the
backward pass late dates against the program end. Done projects take part in both passes but
report no late dates, float or criticality; cancelled projects are left out with their links.

The passes run over plain lists by position, built once per program in one pass over the
projects' dates and one over their links: a link is an (index, offset) pair into one
interleaved list [s0, f0, s1, f1, ...], so each of the four dependency types is the same
addition and comparison in the hot loops.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import chain, repeat
from typing import NamedTuple, cast

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


Link = tuple[int, int]  # (index into the interleaved [s0, f0, s1, f1, ...] list, offset)


@dataclass(frozen=True, slots=True)
class Network:
    """What the passes need of a program, as lists by position, built once per program."""

    live: list[d.Project]  # projects that are not cancelled, in rank order
    keys: list[str]
    pos: dict[str, int]
    where: list[int] | None  # each project's position in live (-1: cancelled); None: all live
    preds: list[list[Link]]  # forward: start >= sf[index] + offset
    succs: list[list[Link]]  # backward: late finish <= lsf[index] + offset (FS, FF)
    succs_w: list[list[Link]]  # ... + the project's own width (SS, SF)
    order: list[int]  # topological
    ps: list[int]  # planned start index
    pf: list[int]  # planned finish index (one past the last day)
    duration: list[int]  # planned working days
    fixed_s: list[int]  # actual start index of started and done projects, else -1
    fixed_f: list[int]  # actual finish index (one past) of done projects, else -1
    floor: list[int] | None = None  # the earliest start other programs' links allow (SPEC 6)


# The forecast first and last day of other programs' projects: (program, project) -> dates
Bounds = dict[tuple[str, str], tuple[date, date]]


def network(data: d.ProgramData, cal: Calendar, bounds: Bounds | None = None) -> Network:
    """*bounds*: the forecasts of the projects in other programs that this one's links name
    (a link to one not there, such as a cancelled project, binds nothing)."""
    import numpy as np

    live: list[d.Project] = []
    where: list[int] = []
    for p in data.projects:
        if p.status == "cancelled":
            where.append(-1)
        else:
            where.append(len(live))
            live.append(p)
    n = len(live)
    keys = [p.key for p in live]
    pos = dict(zip(keys, range(n), strict=True))
    # one pass over the projects for their dates (as ordinals, -1: none) ...
    days_list: list[int] = []
    extend = days_list.extend
    for p in live:
        a, b = p.actual_start, p.actual_end
        extend(
            (
                p.start.toordinal(),
                p.end.toordinal(),
                a.toordinal() if a else -1,
                b.toordinal() if b and p.status == "done" else -1,
            )
        )
    days = np.array(days_list, np.int64).reshape(n, 4)
    index = cal.ordinal_indexes
    ps, pf = index(days[:, 0]), index(days[:, 1] + 1)
    fixed_s = np.where(days[:, 2] >= 0, index(days[:, 2]), -1)
    fixed_f = np.where(days[:, 3] >= 0, index(days[:, 3] + 1), -1)
    # ... and one over their links: forward FS f+lag, SS s+lag, FF f+lag-D, SF s+lag-D (D the
    # successor's planned duration); backward, the predecessor's FS ls-lag, SS ls-lag+W,
    # FF lf-lag, SF lf-lag+W (W its own forecast width, added in the pass)
    duration = (pf - ps).tolist()
    even, odd = (list(range(0, 2 * n, 2)), list(range(1, 2 * n, 2)))  # shared, not an int a link
    preds: list[list[Link]] = [[] for _ in range(n)]
    succs: list[list[Link]] = [[] for _ in range(n)]
    succs_w: list[list[Link]] = [[] for _ in range(n)]
    ordered = True
    floor: list[int] | None = None
    for i, p in enumerate(live):
        mine = preds[i]
        for dep in p.depends_on:
            if dep.program is not None:  # another program's project: its forecast bounds
                dates = bounds.get((dep.program, dep.project)) if bounds else None
                if dates is not None:
                    floor = floor or [-1] * n
                    floor[i] = max(floor[i], link_bound(cal, dep, dates, duration[i]))
                continue
            j = pos.get(dep.project)
            if j is None:
                continue
            if j >= i:
                ordered = False
            kind, lag = dep.type, dep.lag
            if kind == "FS":
                mine.append((odd[j], lag))
                succs[j].append((even[i], -lag))
            elif kind == "SS":
                mine.append((even[j], lag))
                succs_w[j].append((even[i], -lag))
            elif kind == "FF":
                mine.append((odd[j], lag - duration[i]))
                succs[j].append((odd[i], -lag))
            else:
                mine.append((even[j], lag - duration[i]))
                succs_w[j].append((odd[i], -lag))
    order = list(range(n)) if ordered else _topological(n, preds)  # rank order if it can be
    return Network(
        live,
        keys,
        pos,
        None if len(live) == len(where) else where,
        preds,
        succs,
        succs_w,
        order,
        ps.tolist(),
        pf.tolist(),
        duration,
        fixed_s.tolist(),
        fixed_f.tolist(),
        floor,
    )


def link_bound(cal: Calendar, dep: d.Dependency, dates: tuple[date, date], duration: int) -> int:
    """The earliest start index a link to another program's project allows, in this
    program's working days: FS f+lag, SS s+lag, FF f+lag-D, SF s+lag-D (SPEC 4 and 6)."""
    s, f = cal.start_index(dates[0]), cal.end_index(dates[1])
    if dep.type == "FS":
        return f + dep.lag
    if dep.type == "SS":
        return s + dep.lag
    if dep.type == "FF":
        return f + dep.lag - duration
    return s + dep.lag - duration


def _topological(n: int, preds: list[list[Link]]) -> list[int]:
    """Kahn's algorithm over positions (the input is acyclic); ties go in rank order."""
    succs: list[list[int]] = [[] for _ in range(n)]
    for i, links in enumerate(preds):
        for x, _ in links:
            succs[x >> 1].append(i)
    indegree = [len(x) for x in preds]
    ready = [i for i in range(n - 1, -1, -1) if indegree[i] == 0]
    out: list[int] = []
    while ready:
        i = ready.pop()
        out.append(i)
        for nxt in reversed(succs[i]):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return out


def _forward(
    net: Network, nodes: Iterable[int], sf: list[int], t: int, duration: list[int]
) -> None:
    """Forecasts [s, f) of *nodes* (in topological order) into *sf*, their predecessors'
    being there. *duration* may make projects longer than planned (what-if): the finish
    moves, never the start (FF and SF bounds use the planned duration, in the links)."""
    preds, ps, fixed_s, fixed_f, floor = net.preds, net.ps, net.fixed_s, net.fixed_f, net.floor
    for i in nodes:
        k = i + i
        a = fixed_s[i]
        if a >= 0:  # started: actual start; done: actual dates
            b = fixed_f[i]
            if b < 0:
                b = a + duration[i]
                if b <= t:
                    b = t + 1
            sf[k] = a
            sf[k + 1] = b
            continue
        s_i = ps[i]
        s_i = max(s_i, t)
        if floor is not None:
            s_i = max(s_i, floor[i])
        for x, offset in preds[i]:
            b = sf[x] + offset
            s_i = max(s_i, b)
        sf[k] = s_i
        sf[k + 1] = s_i + duration[i]


@dataclass(frozen=True, slots=True)
class Schedule:
    slots: dict[str, Slot]  # scheduled (not cancelled) projects only
    end: int  # E: one past the program's last working day (or the latest forecast finish)
    net: Network
    t: int
    sf: list[int]  # the forecasts [s, f) interleaved: [s0, f0, s1, f1, ...]
    by_project: list[Slot | None]  # aligned with the program's projects (None: cancelled)


def forecast(net: Network, t: int, extra: dict[str, int] | None = None) -> list[int]:
    """The forward pass: every forecast [s, f), interleaved as [s0, f0, s1, f1, ...].
    *extra* makes projects N working days longer (what-if)."""
    duration = net.duration
    if extra:
        duration = list(duration)
        for key, days in extra.items():
            duration[net.pos[key]] += days
    sf = [0] * (2 * len(net.live))
    _forward(net, net.order, sf, t, duration)
    return sf


def compute(
    data: d.ProgramData,
    cal: Calendar,
    t: int,
    extra: dict[str, int] | None = None,
    net: Network | None = None,
    bounds: Bounds | None = None,
) -> Schedule:
    """Forward and backward pass over plain lists by position (the hot loops of a
    10,000-project program). *extra* makes projects N working days longer (what-if);
    *bounds* are the forecasts of other programs' projects that links name (SPEC 6)."""
    net = net or network(data, cal, bounds)
    n = len(net.live)
    sf = forecast(net, t, extra)
    s, f = sf[0::2], sf[1::2]
    end = cal.end_index(data.program.end) if data.program.end else max(f, default=t)

    lsf = [0] * (2 * n)
    succs, succs_w = net.succs, net.succs_w
    for i in reversed(net.order):
        k = i + i
        width = sf[k + 1] - sf[k]
        lf_i = end
        for x, offset in succs[i]:
            b = lsf[x] + offset
            lf_i = min(lf_i, b)
        for x, offset in succs_w[i]:
            b = lsf[x] + offset + width
            lf_i = min(lf_i, b)
        lsf[k + 1] = lf_i
        lsf[k] = lf_i - width

    late_s: list[int | None] = cast("list[int | None]", lsf[0::2])
    late_f: list[int | None] = cast("list[int | None]", lsf[1::2])
    floats = [a - b for a, b in zip(lsf[0::2], s, strict=True)]
    critical = [x <= 0 for x in floats]
    total = cast("list[int | None]", floats)
    for i, b in enumerate(net.fixed_f):  # done projects: no late dates, float or criticality
        if b >= 0:
            late_s[i] = late_f[i] = total[i] = None
            critical[i] = False
    slots = list(
        map(
            tuple.__new__,
            repeat(Slot),
            zip(net.ps, net.pf, s, f, late_s, late_f, total, critical, strict=True),
        )
    )
    by_project: list[Slot | None] = (
        cast("list[Slot | None]", slots)
        if net.where is None
        else [slots[k] if k >= 0 else None for k in net.where]
    )
    return Schedule(dict(zip(net.keys, slots, strict=True)), end, net, t, sf, by_project)


def reforecast(
    net: Network, sf: list[int], t: int, key: str, days: int
) -> dict[str, tuple[int, int]]:
    """New forecasts [s, f) of the projects that move when *key* is *days* longer, on top of
    the forecasts *sf* (interleaved, as forecast() gives them).

    Only the project and its descendants can move, so only they are recomputed, in
    topological order.
    """
    start = net.pos[key]
    reach = {start}
    stack = [start]
    while stack:
        i = stack.pop()
        for x, _ in chain(net.succs[i], net.succs_w[i]):
            j = x >> 1
            if j not in reach:
                reach.add(j)
                stack.append(j)
    new = list(sf)
    duration = list(net.duration)
    duration[start] += days
    nodes = [i for i in net.order if i in reach]
    _forward(net, nodes, new, t, duration)
    return {
        net.keys[i]: (new[2 * i], new[2 * i + 1])
        for i in nodes
        if new[2 * i] != sf[2 * i] or new[2 * i + 1] != sf[2 * i + 1]
    }
