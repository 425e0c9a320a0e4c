"""Project and program health, RAG (SPEC section 4, "Health")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from progtui import domain as d
from progtui.analysis.earned_value import EarnedValue
from progtui.analysis.numbers import exceeds


class Health(NamedTuple):
    rag: d.Rag
    overridden: bool
    reasons: tuple[str, ...]


def _money(x: float) -> str:
    return f"{x:,.0f}"


def project_health(
    p: d.Project,
    slip: int | None,
    ev: EarnedValue | None,
    risks: Sequence[tuple[str, int, d.RiskLevel]],  # (key, score, level) of open/mitigating risks
    overdue: Sequence[tuple[str, int]],  # (milestone, working days overdue)
    over_people: Sequence[tuple[str, float | None]],  # (person, utilization) this month
) -> Health:
    """The RAG of one open project and every reason for it (an override wins)."""
    if p.health_override is not None:
        return Health(p.health_override.rag, True, (p.health_override.reason,))
    red: list[str] = []
    amber: list[str] = []
    if slip is not None and slip > 10:
        red.append(f"{slip} working days late")
    elif slip is not None and slip > 0:
        amber.append(f"{slip} working day{'s' if slip != 1 else ''} late")
    if ev is not None and ev.bac > 0 and exceeds(ev.eac, 1.05 * ev.bac):
        share = f"EAC {_money(ev.eac)} is {ev.eac / ev.bac:.0%} of the budget {_money(ev.bac)}"
        (red if exceeds(ev.eac, 1.10 * ev.bac) else amber).append(share)
    for key, score, level in risks:
        if level == "critical":
            red.append(f"risk {key} is critical ({score})")
        elif level == "high":
            amber.append(f"risk {key} is high ({score})")
    for name, days in overdue:
        text = f"milestone '{name}' overdue by {days} working day{'s' if days != 1 else ''}"
        (red if days > 10 else amber).append(text)
    for person, util in over_people:
        amber.append(
            f"{person} over-allocated this month"
            + (f" ({util:.0%})" if util is not None else " (no capacity)")
        )
    if red:
        return Health("red", False, tuple(red + amber))
    if amber:
        return Health("amber", False, tuple(amber))
    return Health("green", False, ())


def program_health(open_health: list[tuple[d.Rag, bool]]) -> d.Rag:
    """From (rag, critical) of the open projects."""
    reds = sum(1 for rag, _ in open_health if rag == "red")
    if any(rag == "red" and critical for rag, critical in open_health) or reds * 4 > len(
        open_health
    ):
        return "red"
    if any(rag in ("red", "amber") for rag, _ in open_health):
        return "amber"
    return "green"
