"""How the plan moved since a baseline: per project, the finish then and now, and the budget."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from progtui import domain as d
from progtui.errors import Refused
from progtui.text import did_you_mean

if TYPE_CHECKING:
    from progtui.analysis import Analysis


class Variance(NamedTuple):
    finish: date  # the finish the baseline expected: its forecast, else its planned end
    slip: int | None  # working days the forecast finishes after that (None: cancelled now)
    budget: float | None  # today's budget minus the baseline's (None when either has none)


def find(data: d.ProgramData, name: str) -> d.Baseline:
    for b in data.baselines:
        if b.name == name:
            return b
    names = [b.name for b in data.baselines]
    known = f" (baselines: {', '.join(names)})" if names else " (it has none yet)"
    raise Refused(f"no baseline '{name}' in {data.program.key}{did_you_mean(name, names) or known}")


def variances(a: Analysis, baseline: d.Baseline) -> dict[str, Variance]:
    """For each project in both the baseline and the program now."""
    then = {x.project: x for x in baseline.projects}
    out = {}
    for r in a.projects:
        b = then.get(r.project.key)
        if b is None:
            continue
        finish = b.forecast_end or b.end
        slip = None if r.slot is None else (r.slot.f - 1) - a.calendar.index(finish)
        budget = (
            None if r.project.budget is None or b.budget is None else r.project.budget - b.budget
        )
        out[r.project.key] = Variance(finish, slip, budget)
    return out
