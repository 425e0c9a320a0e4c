"""Critical path method over working-day indexes (SPEC section 4, "Schedule").

Each project occupies the half-open range [s, f). The forward pass gives forecasts, the
backward pass late dates against the program end. Done projects take part in both passes but
report no late dates, float or criticality; cancelled projects are left out with their links.
"""

from __future__ import annotations

from typing import NamedTuple

from dataclasses import dataclass
from datetime import timedelta

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


@dataclass(frozen=True, slots=True)
class Schedule:
    slots: dict[str, Slot]  # scheduled (not cancelled) projects only
    end: int  # E: one past the program's last working day (or the latest forecast finish)
    order: tuple[str, ...]  # topological order of the scheduled projects


_TYPES = {"FS": 0, "SS": 1, "FF": 2, "SF": 3}


def _topological(n: int, preds: list[list[tuple[int, int, int]]]) -> list[int]:
    """Kahn's algorithm over positions (the input is acyclic); ties go in rank order."""
    succs: list[list[int]] = [[] for _ in range(n)]
    indegree = [0] * n
    for i in range(n):
        for j, _, _ in preds[i]:
            succs[j].append(i)
        indegree[i] = len(preds[i])
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


def compute(data: d.ProgramData, cal: Calendar, t: int,
            extra: dict[str, int] | None = None) -> Schedule:
    """Forward and backward pass. *extra* makes projects N working days longer (what-if):
    their finish moves, their start stays where the constraints put it.

    The passes run over plain lists indexed by position, built once (the hot loops of a
    10,000-project program).
    """
    extra = extra or {}
    live = [p for p in data.projects if p.status != "cancelled"]
    n = len(live)
    pos = {p.key: i for i, p in enumerate(live)}
    preds = [[(pos[dep.project], _TYPES[dep.type], dep.lag) for dep in p.depends_on
              if dep.project in pos] for p in live]
    order = _topological(n, preds)
    index = cal.index
    one = timedelta(days=1)
    ps = [index(p.start) for p in live]
    pf = [index(p.end + one) for p in live]
    s = [0] * n
    f = [0] * n
    for i in order:
        p = live[i]
        dur = pf[i] - ps[i]
        if p.status == "done":
            s_i = index(p.actual_start)  # type: ignore[arg-type]
            f_i = index(p.actual_end + one)  # type: ignore[operator]
        elif p.actual_start is not None:
            s_i = index(p.actual_start)
            f_i = s_i + dur + extra.get(p.key, 0) if extra else s_i + dur
            if f_i < t + 1:
                f_i = t + 1
        else:
            s_i = ps[i] if ps[i] > t else t
            for j, kind, lag in preds[i]:
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
            # A slip is work taking longer: it moves the finish, never the start (with the
            # longer duration an FF or SF bound would otherwise pull the start earlier).
            f_i = s_i + dur + (extra.get(p.key, 0) if extra else 0)
        s[i] = s_i
        f[i] = f_i

    end = cal.end_index(data.program.end) if data.program.end else max(f, default=t)
    succs: list[list[tuple[int, int, int]]] = [[] for _ in range(n)]
    for i in range(n):
        for j, kind, lag in preds[i]:
            succs[j].append((i, kind, lag))
    ls = [0] * n
    lf = [0] * n
    for i in reversed(order):
        width = f[i] - s[i]
        lf_i = end
        for j, kind, lag in succs[i]:
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
    for i, p in enumerate(live):
        if p.status == "done":
            slots[p.key] = Slot(ps[i], pf[i], s[i], f[i], None, None, None, False)
        else:
            tf = ls[i] - s[i]
            slots[p.key] = Slot(ps[i], pf[i], s[i], f[i], ls[i], lf[i], tf, tf <= 0)
    return Schedule(slots, end, tuple(live[i].key for i in order))
