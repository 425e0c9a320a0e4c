"""Earned value per project (SPEC section 4, "Earned value")."""

from __future__ import annotations

from typing import NamedTuple



class EarnedValue(NamedTuple):
    bac: float
    ev: float
    pv: float
    ac: float
    cpi: float | None
    spi: float | None
    eac: float


def earned_value(budget: float | None, percent: float, actual_cost: float | None,
                 planned_s: int, planned_f: int, t: int) -> EarnedValue | None:
    """None for a project without a budget."""
    if budget is None:
        return None
    bac = budget
    dur = planned_f - planned_s
    ev = bac * percent / 100
    ac = actual_cost or 0
    pv = bac * min(max(t - planned_s, 0), dur) / dur
    cpi = ev / ac if ac else None
    spi = ev / pv if pv else None
    if ac == 0:
        eac = bac
    elif cpi:
        eac = bac / cpi
    else:
        eac = ac + bac  # money spent, nothing earned
    return EarnedValue(bac, ev, pv, ac, cpi, spi, eac)
