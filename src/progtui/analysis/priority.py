"""WSJF advice (SPEC section 4, "Priority"). Rank stays the program manager's choice."""

from __future__ import annotations

from progtui import domain as d


def wsjf(scores: d.Scores) -> float | None:
    """(value + time criticality + risk reduction) / effort; None without all four scores."""
    if None in (scores.value, scores.time_criticality, scores.risk_reduction, scores.effort):
        return None
    return (scores.value + scores.time_criticality + scores.risk_reduction) / scores.effort  # type: ignore[operator]


def wsjf_order(projects: tuple[d.Project, ...]) -> list[str]:
    """Keys in the order WSJF would advise: highest first, those without one after, by rank."""
    scored = [(wsjf(p.scores), p.rank, p.key) for p in projects]
    return [k for _, _, k in sorted(scored, key=lambda x: (x[0] is None, -(x[0] or 0), x[1]))]
