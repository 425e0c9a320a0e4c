"""Demand and utilization per person and calendar month (SPEC section 4, "Capacity").

Computed in working-day indexes: a month is the range [first working day, first working day of
the next month), an allocation the range [its first, one past its last working day), and the
demand an allocation puts on a month is fte x overlap / the month's working days.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from progtui import domain as d
from progtui.analysis.calendar import Calendar
from progtui.analysis.numbers import exceeds

_ONE_DAY = timedelta(days=1)
Period = tuple[str, str, float, date, date]  # person, project, fte, first day, last day


@dataclass(frozen=True, slots=True)
class Month:
    month: str  # "2027-01"
    demand: float
    utilization: float | None
    over: bool


@dataclass(frozen=True, slots=True)
class PersonLoad:
    """One person's demand per month; the months are those of the CapacityTable."""

    key: str
    capacity: float
    labels: tuple[str, ...]
    demand: tuple[float, ...]

    @property
    def months(self) -> tuple[Month, ...]:
        c = self.capacity
        return tuple(Month(label, x, x / c if c else None, is_over(x, c))
                     for label, x in zip(self.labels, self.demand, strict=True))


def is_over(demand: float, capacity: float) -> bool:
    return demand > 0 if capacity == 0 else exceeds(demand / capacity, 1.0)


def allocation_periods(data: d.ProgramData) -> list[Period]:
    """Every allocation to a project that is not cancelled, with its dates filled in."""
    out = []
    for p in data.projects:
        if p.status == "cancelled":
            continue
        for a in p.allocations:
            out.append((a.person, p.key, a.fte, a.start or p.start, a.end or p.end))
    return out


def _next_month(y: int, m: int) -> tuple[int, int]:
    return (y + 1, 1) if m == 12 else (y, m + 1)


def _demand(cal: Calendar, periods: list[Period], first: tuple[int, int],
            last: tuple[int, int]) -> tuple[list[str], dict[str, list[float]]]:
    labels: list[str] = []
    starts: list[int] = []
    ym = first
    while ym <= last:
        labels.append(f"{ym[0]:04d}-{ym[1]:02d}")
        starts.append(cal.index(date(ym[0], ym[1], 1)))
        ym = _next_month(*ym)
    starts.append(cal.index(date(*ym, 1)))  # one past the last month
    sizes = [starts[i + 1] - starts[i] for i in range(len(labels))]
    n = len(labels)
    lo, hi = starts[0], starts[-1]
    demand: dict[str, list[float]] = defaultdict(lambda: [0.0] * n)
    index = cal.index
    for person, _, fte, start, end in periods:
        a_s = index(start)
        a_f = index(end + _ONE_DAY)
        if a_f <= lo or a_s >= hi or a_f <= a_s:
            continue
        row = demand[person]
        i = bisect_right(starts, a_s) - 1 if a_s >= lo else 0
        m_s = starts[i]
        while i < n and m_s < a_f:
            m_f = starts[i + 1]
            days = (a_f if a_f < m_f else m_f) - (a_s if a_s > m_s else m_s)
            if days > 0:
                row[i] += fte * days / sizes[i]
            i += 1
            m_s = m_f
    return labels, demand


def month_load(cal: Calendar, periods: list[Period], year: int, month: int) -> dict[str, float]:
    """Demand per person in one month."""
    _, demand = _demand(cal, periods, (year, month), (year, month))
    return {k: v[0] for k, v in demand.items()}


def capacity(data: d.ProgramData, cal: Calendar,
             periods: list[Period] | None = None) -> list[PersonLoad]:
    """Every person, every month from the program start (or the earliest project start) to its
    end (or the last end of an allocation to a project that is not cancelled)."""
    periods = allocation_periods(data) if periods is None else periods
    live = [p.start for p in data.projects if p.status != "cancelled"]
    first = data.program.start or (min(live) if live else None)
    last = data.program.end or max((end for *_, end in periods), default=None)
    if first is None or last is None or last < first:
        return [PersonLoad(pe.key, pe.capacity, (), ()) for pe in data.people]
    labels, demand = _demand(cal, periods, (first.year, first.month), (last.year, last.month))
    zero = (0.0,) * len(labels)
    months = tuple(labels)
    return [PersonLoad(pe.key, pe.capacity, months,
                       tuple(demand[pe.key]) if pe.key in demand else zero)
            for pe in data.people]

