"""Earned value per project (SPEC section 4, "Earned value"), for all projects at once."""

from __future__ import annotations

from typing import Any, NamedTuple, cast

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


def earned_values(
    projects: tuple[d.Project, ...], slots: list[Slot | None], t: int
) -> list[EarnedValue | None]:
    """EV, PV, CPI, SPI and EAC of every project (None without a budget or a schedule);
    *slots* is aligned with *projects*.

    Vectorised over the projects; each figure is computed with the same operations in the
    same order as the spec's formulas, so the floats are exactly those of a plain loop:
    EV = BAC x percent / 100; PV = BAC x clamp(t - planned s, 0, D) / D; CPI = EV / AC (none
    when AC = 0); SPI = EV / PV (none when PV = 0); EAC = BAC / CPI, BAC when AC = 0, and
    AC + BAC when CPI = 0.
    """
    import numpy as np

    out: list[EarnedValue | None] = [None] * len(projects)
    where: list[int] = []
    figures: list[float] = []
    extend = figures.extend
    for i, (p, slot) in enumerate(zip(projects, slots, strict=True)):
        if p.budget is not None and slot is not None:
            where.append(i)
            extend(
                (p.budget, p.percent_complete, p.actual_cost or 0, slot.planned_s, slot.planned_f)
            )
    if not where:
        return out
    columns = np.array(figures, np.float64).reshape(len(where), 5).T
    bac, pct, ac = columns[0], columns[1], columns[2]
    ps = columns[3].astype(np.int64)
    dur = columns[4].astype(np.int64) - ps
    ev = bac * pct / 100
    pv = bac * np.clip(t - ps, 0, dur) / dur
    with np.errstate(divide="ignore", invalid="ignore"):
        cpi = ev / ac
        spi = ev / pv
        eac = np.where(ac == 0, bac, np.where(cpi > 0, bac / cpi, ac + bac))
    none = cast(Any, None)  # np.where's stubs take no None, numpy does (an object array)
    cpi_or_none = np.where(ac != 0, cpi, none).tolist()
    spi_or_none = np.where(pv != 0, spi, none).tolist()
    new = tuple.__new__
    for i, row in zip(
        where,
        zip(
            bac.tolist(),
            ev.tolist(),
            pv.tolist(),
            ac.tolist(),
            cpi_or_none,
            spi_or_none,
            eac.tolist(),
            strict=True,
        ),
        strict=True,
    ):
        out[i] = new(EarnedValue, row)
    return out
