"""Earned value per project (SPEC section 4, "Earned value"), for all projects at once."""

from __future__ import annotations

from typing import NamedTuple

from progtui import domain as d
from progtui.analysis.schedule import Slot


class EarnedValue(NamedTuple):
    bac: float
    ev: float
    pv: float
    ac: float
    cpi: float | None
    spi: float | None
    eac: float


def earned_values(projects: tuple[d.Project, ...], slots: dict[str, Slot],
                  t: int) -> list[EarnedValue | None]:
    """EV, PV, CPI, SPI and EAC of every project (None without a budget or a schedule).

    Vectorised over the projects; each figure is computed with the same operations in the
    same order as the spec's formulas, so the floats are exactly those of a plain loop:
    EV = BAC x percent / 100; PV = BAC x clamp(t - planned s, 0, D) / D; CPI = EV / AC (none
    when AC = 0); SPI = EV / PV (none when PV = 0); EAC = BAC / CPI, BAC when AC = 0, and
    AC + BAC when CPI = 0.
    """
    import numpy as np

    rows = [(i, p, slots[p.key]) for i, p in enumerate(projects)
            if p.budget is not None and p.key in slots]
    out: list[EarnedValue | None] = [None] * len(projects)
    if not rows:
        return out
    bac = np.array([p.budget for _, p, _ in rows], dtype=np.float64)
    pct = np.array([p.percent_complete for _, p, _ in rows], dtype=np.float64)
    ac = np.array([p.actual_cost or 0 for _, p, _ in rows], dtype=np.float64)
    ps = np.array([s.planned_s for _, _, s in rows], dtype=np.int64)
    dur = np.array([s.planned_f for _, _, s in rows], dtype=np.int64) - ps
    ev = bac * pct / 100
    pv = bac * np.clip(t - ps, 0, dur) / dur
    with np.errstate(divide="ignore", invalid="ignore"):
        cpi = ev / ac
        spi = ev / pv
        eac = np.where(ac == 0, bac, np.where(cpi > 0, bac / cpi, ac + bac))
    new = tuple.__new__
    for k, (i, _, _) in enumerate(rows):
        a = float(ac[k])
        out[i] = new(EarnedValue, (float(bac[k]), float(ev[k]), float(pv[k]), a,
                                   float(cpi[k]) if a else None,
                                   float(spi[k]) if pv[k] else None, float(eac[k])))
    return out
