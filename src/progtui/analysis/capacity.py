"""Demand and utilization per person and calendar month (SPEC section 4, "Capacity")."""

from __future__ import annotations

import calendar as _stdcal
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from progtui import domain as d
from progtui.analysis.calendar import Calendar
from progtui.analysis.numbers import exceeds


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # "2027-01"
    demand: float
    utilization: float | None
    over: bool


@dataclass(frozen=True, slots=True)
class PersonLoad:
    key: str
    capacity: float
    months: tuple[Month, ...]


def _months(first: date, last: date) -> list[tuple[int, int]]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def allocation_periods(data: d.ProgramData) -> list[tuple[str, str, float, date, date]]:
    """(person, project, fte, first day, last day) of every allocation to a live project."""
    out = []
    for p in data.projects:
        if p.status == "cancelled":
            continue
        for a in p.allocations:
            out.append((a.person, p.key, a.fte, a.start or p.start, a.end or p.end))
    return out


def month_load(cal: Calendar, periods: list[tuple[str, str, float, date, date]],
               year: int, month: int) -> dict[str, float]:
    """Demand per person in one month."""
    first = date(year, month, 1)
    last = date(year, month, _stdcal.monthrange(year, month)[1])
    size = cal.working_days(first, last)
    out: dict[str, float] = defaultdict(float)
    if size <= 0:
        return out
    for person, _, fte, start, end in periods:
        if start <= last and end >= first:
            days = cal.working_days(max(start, first), min(end, last))
            if days > 0:
                out[person] += fte * days / size
    return out


def is_over(demand: float, capacity: float) -> bool:
    return demand > 0 if capacity == 0 else exceeds(demand / capacity, 1.0)


def capacity(data: d.ProgramData, cal: Calendar) -> list[PersonLoad]:
    """Every person, every month from the program start to its end (or the last allocation)."""
    periods = allocation_periods(data)
    live = [p for p in data.projects if p.status != "cancelled"]
    first = data.program.start or min((p.start for p in live), default=None)
    last = data.program.end or max((end for *_, end in periods), default=None)
    if first is None or last is None or last < first:
        return [PersonLoad(pe.key, pe.capacity, ()) for pe in data.people]
    months = _months(first, last)
    index = {ym: i for i, ym in enumerate(months)}
    sizes = [cal.month_working_days(y, m) for y, m in months]
    demand: dict[str, list[float]] = {pe.key: [0.0] * len(months) for pe in data.people}
    for person, _, fte, start, end in periods:
        row = demand[person]
        for ym in _months(max(start, first), min(end, last)) if start <= last and end >= first else ():
            i = index[ym]
            y, m = ym
            lo = max(start, date(y, m, 1))
            hi = min(end, date(y, m, _stdcal.monthrange(y, m)[1]))
            days = cal.working_days(lo, hi)
            if days > 0 and sizes[i] > 0:
                row[i] += fte * days / sizes[i]
    out = []
    for pe in data.people:
        row = demand[pe.key]
        out.append(PersonLoad(pe.key, pe.capacity, tuple(
            Month(f"{y:04d}-{m:02d}", row[i], row[i] / pe.capacity if pe.capacity else None,
                  is_over(row[i], pe.capacity))
            for i, (y, m) in enumerate(months))))
    return out
