"""Risk scores, levels and exposure (SPEC section 4, "Risks")."""

from __future__ import annotations

from collections import defaultdict

from progtui import domain as d

LEVELS = d.RISK_LEVELS
LIVE = d.LIVE_RISK_STATUSES


def score(risk: d.Risk) -> int:
    return risk.probability * risk.impact


def level(value: int, settings: d.Settings) -> d.RiskLevel:
    if value >= settings.risk_critical:
        return "critical"
    if value >= settings.risk_high:
        return "high"
    if value >= settings.risk_medium:
        return "medium"
    return "low"


def exposure(data: d.ProgramData) -> tuple[dict[str, int], int]:
    """Per project and for the program: sum of scores of open and mitigating risks.

    A program-wide risk (no projects) counts for the program only.
    """
    per_project: dict[str, int] = defaultdict(int)
    total = 0
    for r in data.risks:
        if r.status in LIVE:
            total += score(r)
            for key in r.projects:
                per_project[key] += score(r)
    return dict(per_project), total
