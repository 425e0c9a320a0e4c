"""Benefits over time: each objective's recorded values toward its target, and the program's
benefit realisation (SPEC section 4: the mean over objectives) on each day a value was
recorded."""

from __future__ import annotations

from datetime import date

from progtui import domain as d


def realised(o: d.Objective, value: float | None) -> float:
    """The share of the way from baseline to target (0 before any value)."""
    if value is None:
        return 0.0
    return (value - o.baseline) / (o.target - o.baseline)


def trend(data: d.ProgramData) -> list[tuple[date, float]]:
    """(day, benefit realisation) on each day any objective's value was recorded, using each
    objective's latest value on or before that day (its baseline before its first)."""
    objectives = [o for o in data.objectives if o.target != o.baseline]
    days = sorted({m.day for o in objectives for m in o.history})
    out = []
    for day in days:
        shares = []
        for o in objectives:
            seen = [m.value for m in o.history if m.day <= day]
            shares.append(realised(o, seen[-1] if seen else None))
        out.append((day, sum(shares) / len(shares)))
    return out


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float]) -> str:
    """Tiny bars for a series (its own scale; a flat series is a flat line)."""
    if not values:
        return ""
    lo, hi = min(values), max(values)
    span = hi - lo
    return "".join(
        SPARKS[0 if span == 0 else round((v - lo) / span * (len(SPARKS) - 1))] for v in values
    )
