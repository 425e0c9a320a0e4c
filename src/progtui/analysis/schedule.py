"""Critical path method over working-day indexes (SPEC section 4, "Schedule").

Each project occupies the half-open range [s, f). The forward pass gives forecasts, the
backward pass late dates against the program end. Done projects take part in both passes but
report no late dates, float or criticality; cancelled projects are left out with their links.
"""

from __future__ import annotations

from dataclasses import dataclass

from progtui import domain as d
from progtui.analysis.calendar import Calendar


@dataclass(frozen=True, slots=True)
class Slot:
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


def _topological(keys: list[str], preds: dict[str, list[d.Dependency]]) -> list[str]:
    """Kahn's algorithm over plain lists (the input is known to be acyclic); stable in rank order."""
    succs: dict[str, list[str]] = {k: [] for k in keys}
    indegree = dict.fromkeys(keys, 0)
    for k in keys:
        for dep in preds[k]:
            succs[dep.project].append(k)
            indegree[k] += 1
    ready = [k for k in reversed(keys) if indegree[k] == 0]
    out: list[str] = []
    while ready:
        k = ready.pop()
        out.append(k)
        for nxt in reversed(succs[k]):
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                ready.append(nxt)
    return out


def compute(data: d.ProgramData, cal: Calendar, t: int,
            extra: dict[str, int] | None = None) -> Schedule:
    """Forward and backward pass. *extra* lengthens projects by N working days (what-if)."""
    extra = extra or {}
    projects = {p.key: p for p in data.projects if p.status != "cancelled"}
    keys = list(projects)
    preds = {k: [dep for dep in projects[k].depends_on if dep.project in projects] for k in keys}
    order = _topological(keys, preds)

    ps: dict[str, int] = {}
    pf: dict[str, int] = {}
    s: dict[str, int] = {}
    f: dict[str, int] = {}
    for k in order:
        p = projects[k]
        ps_k = cal.start_index(p.start)
        pf_k = cal.end_index(p.end)
        ps[k], pf[k] = ps_k, pf_k
        dur = pf_k - ps_k
        if p.status == "done":
            s_k = cal.start_index(p.actual_start)  # type: ignore[arg-type]
            f_k = cal.end_index(p.actual_end)  # type: ignore[arg-type]
        elif p.actual_start is not None:
            s_k = cal.start_index(p.actual_start)
            f_k = max(s_k + dur + extra.get(k, 0), t + 1)
        else:
            dur += extra.get(k, 0)
            s_k = max(ps_k, t)
            for dep in preds[k]:
                q = dep.project
                if dep.type == "FS":
                    bound = f[q] + dep.lag
                elif dep.type == "SS":
                    bound = s[q] + dep.lag
                elif dep.type == "FF":
                    bound = f[q] + dep.lag - dur
                else:  # SF
                    bound = s[q] + dep.lag - dur
                if bound > s_k:
                    s_k = bound
            f_k = s_k + dur
        s[k], f[k] = s_k, f_k

    end = cal.end_index(data.program.end) if data.program.end else max(f.values(), default=t)
    succs: dict[str, list[tuple[str, d.Dependency]]] = {k: [] for k in keys}
    for k in keys:
        for dep in preds[k]:
            succs[dep.project].append((k, dep))
    ls: dict[str, int] = {}
    lf: dict[str, int] = {}
    for k in reversed(order):
        width = f[k] - s[k]
        lf_k = end
        for succ, dep in succs[k]:
            if dep.type == "FS":
                bound = ls[succ] - dep.lag
            elif dep.type == "SS":
                bound = ls[succ] - dep.lag + width
            elif dep.type == "FF":
                bound = lf[succ] - dep.lag
            else:  # SF
                bound = lf[succ] - dep.lag + width
            if bound < lf_k:
                lf_k = bound
        lf[k], ls[k] = lf_k, lf_k - width

    slots = {}
    for k in keys:
        if projects[k].status == "done":
            slots[k] = Slot(ps[k], pf[k], s[k], f[k], None, None, None, False)
        else:
            tf = ls[k] - s[k]
            slots[k] = Slot(ps[k], pf[k], s[k], f[k], ls[k], lf[k], tf, tf <= 0)
    return Schedule(slots, end, tuple(order))
