"""Demand and utilization per person and calendar month (SPEC section 4, "Capacity").

Computed in working-day indexes: a month is the range [first working day, first working day of
the next month), an allocation the range [its first, one past its last working day), and the
demand an allocation puts on a month is fte x overlap / the month's working days.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from operator import attrgetter
from typing import Any, NamedTuple

from progtui import domain as d
from progtui.analysis.calendar import Calendar, month_bounds, month_range
from progtui.analysis.numbers import exceeds

OTHER_PROGRAMS = "other programs"  # the share of programs the viewer may not read


class Periods(NamedTuple):
    """Every allocation to a project that is not cancelled, as numpy columns (dates as
    ordinals): the program's, in its order, then its people's in other programs (SPEC 6)."""

    people: list[str]  # person keys by code: the program's people, in order
    who: Any  # person code of each allocation
    project: Any  # position of its project among the program's projects; -1 elsewhere
    fte: Any
    first: Any  # date.toordinal() of the first day
    last: Any  # ... and of the last day
    source: Any = None  # 0: this program; i: sources[i] (None: this program's only)
    sources: tuple[str, ...] = ("",)  # "" for this program, then program keys by name

    def only(self, keep: Any) -> Periods:
        """The allocations where *keep* (a boolean column) holds."""
        return Periods(
            self.people,
            self.who[keep],
            self.project[keep],
            self.fte[keep],
            self.first[keep],
            self.last[keep],
            None if self.source is None else self.source[keep],
            self.sources,
        )


class Month(NamedTuple):
    month: str  # "2027-01"
    demand: float  # in every program of the database
    utilization: float | None
    over: bool
    own: float = 0.0  # of that, this program's
    elsewhere: tuple[tuple[str, float], ...] = ()  # and the rest, by program (with some)


@dataclass(frozen=True, slots=True)
class PersonLoad:
    """One person's demand per month; the months are those of the CapacityTable. *demand*
    is the whole (every program of the database); *own* this program's share, *elsewhere*
    the rest by program key (or OTHER_PROGRAMS), when there is any."""

    key: str
    capacity: float
    labels: tuple[str, ...]
    demand: tuple[float, ...]
    own: tuple[float, ...] | None = None  # None: all of it
    elsewhere: tuple[tuple[str, tuple[float, ...]], ...] = ()

    @property
    def months(self) -> tuple[Month, ...]:
        c = self.capacity
        own = self.demand if self.own is None else self.own
        return tuple(
            Month(
                label,
                x,
                x / c if c else None,
                is_over(x, c),
                mine,
                tuple((name, row[i]) for name, row in self.elsewhere if row[i]),
            )
            for i, (label, x, mine) in enumerate(zip(self.labels, self.demand, own, strict=True))
        )


def is_over(demand: float, capacity: float) -> bool:
    return demand > 0 if capacity == 0 else exceeds(demand / capacity, 1.0)


def allocation_periods(data: d.ProgramData) -> Periods:
    """Every allocation to a project that is not cancelled, with its dates filled in."""
    import numpy as np

    owners: list[int] = []  # projects with allocations, and their dates
    starts: list[int] = []
    ends: list[int] = []
    owner: list[int] = []  # of each allocation: the project's place in owners
    person: list[str] = []
    fte: list[float] = []
    dated: list[tuple[int, date | None, date | None]] = []  # allocations with their own dates
    for i, p in enumerate(data.projects):
        allocations = p.allocations
        if not allocations or p.status == "cancelled":
            continue
        owner.extend(repeat(len(owners), len(allocations)))
        owners.append(i)
        starts.append(p.start.toordinal())
        ends.append(p.end.toordinal())
        for a in allocations:
            if a.start is not None or a.end is not None:
                dated.append((len(person), a.start, a.end))
            person.append(a.person)
            fte.append(a.fte)
    people = [pe.key for pe in data.people]
    code = dict(
        zip(people, range(len(people)), strict=True)
    )  # every allocated person is one (validated)
    who = np.fromiter(map(code.__getitem__, person), np.int64, len(person))
    which = np.array(owner, np.int64)
    first = np.array(starts, np.int64)[which]
    last = np.array(ends, np.int64)[which]
    for k, a_start, a_end in dated:
        if a_start is not None:
            first[k] = a_start.toordinal()
        if a_end is not None:
            last[k] = a_end.toordinal()
    periods = Periods(
        people, who, np.array(owners, np.int64)[which], np.array(fte, np.float64), first, last
    )
    return _with_elsewhere(periods, data.elsewhere, code) if data.elsewhere else periods


def _with_elsewhere(
    periods: Periods, elsewhere: tuple[d.Elsewhere, ...], code: dict[str, int]
) -> Periods:
    """*periods* and after them the people's allocations in other programs."""
    import numpy as np

    # map() over attrgetters: each column in one C-level pass (a portfolio's programs carry
    # 38,000 of these; a generator expression per column cost a tenth of its analysis)
    programs = list(map(_PROGRAM, elsewhere))
    named = set(programs)
    names = sorted(p for p in named if p is not None)
    if None in named:
        names.append(OTHER_PROGRAMS)
    sources = ("", *names)
    index: dict[str | None, int] = {name: i for i, name in enumerate(sources)}
    if None in named:
        index[None] = index[OTHER_PROGRAMS]
    n = len(elsewhere)
    own = len(periods.who)
    ordinal = date.toordinal

    def column(values: Iterable[object], kind: type) -> Any:
        return np.fromiter(values, kind, n)

    return Periods(
        periods.people,
        np.concatenate(
            [periods.who, column(map(code.__getitem__, map(_PERSON, elsewhere)), np.int64)]
        ),
        np.concatenate([periods.project, np.full(n, -1, np.int64)]),
        np.concatenate([periods.fte, column(map(_FTE, elsewhere), np.float64)]),
        np.concatenate([periods.first, column(map(ordinal, map(_START, elsewhere)), np.int64)]),
        np.concatenate([periods.last, column(map(ordinal, map(_END, elsewhere)), np.int64)]),
        np.concatenate(
            [np.zeros(own, np.int64), column(map(index.__getitem__, programs), np.int64)]
        ),
        sources,
    )


_PERSON, _FTE, _START, _END, _PROGRAM = map(
    attrgetter, ("person", "fte", "start", "end", "program")
)


def _demand(
    cal: Calendar, periods: Periods, first: date, last: date, *, by_source: bool = False
) -> tuple[list[str], Any]:
    """Month labels and demand per person code and month, vectorised: every (allocation,
    month) pair it touches gets fte x overlapping working days / the month's working days,
    summed per person and month in the order of the allocations (so the floats are those of
    a plain loop). *by_source*: per source, person and month instead (each source's sums
    those of its allocations alone, in one pass)."""
    import numpy as np

    months = month_range(first, last)
    labels = [f"{y:04d}-{m:02d}" for y, m in months]
    bounds = [cal.index(month_bounds(y, m)[0]) for y, m in months]
    bounds.append(cal.index(month_bounds(*months[-1])[1]))  # one past the last month
    n = len(labels)
    starts = np.array(bounds, dtype=np.int64)
    sizes = np.diff(starts).astype(np.float64)
    a_s = cal.ordinal_indexes(periods.first)
    a_f = cal.ordinal_indexes(periods.last + 1)
    keep = (a_f > starts[0]) & (a_s < starts[-1]) & (a_f > a_s)
    who, fte, a_s, a_f = periods.who[keep], periods.fte[keep], a_s[keep], a_f[keep]
    groups = len(periods.sources) if by_source and periods.source is not None else 1
    source = periods.source[keep] if groups > 1 else None
    first_m = np.clip(np.searchsorted(starts, a_s, "right") - 1, 0, n - 1)
    last_m = np.clip(np.searchsorted(starts, a_f, "left") - 1, 0, n - 1)
    counts = last_m - first_m + 1
    pair = np.repeat(np.arange(len(counts)), counts)  # one entry per (allocation, month)
    month = first_m[pair] + (np.arange(len(pair)) - np.repeat(np.cumsum(counts) - counts, counts))
    days = (np.minimum(a_f[pair], starts[month + 1]) - np.maximum(a_s[pair], starts[month])).astype(
        np.float64
    )
    # FTE is bounded on the way in; a database written before the bounds may still overflow,
    # which the JSON output then refuses in one line (no numpy warnings on stderr)
    with np.errstate(over="ignore", invalid="ignore"):
        weight = np.where(
            (days > 0) & (sizes[month] > 0),
            fte[pair] * days / np.where(sizes[month] > 0, sizes[month], 1.0),
            0.0,
        )
    people = len(periods.people)
    cell = who[pair] * n + month
    if by_source:
        if source is not None:
            cell = cell + source[pair] * (people * n)
        return labels, np.bincount(cell, weights=weight, minlength=groups * people * n).reshape(
            groups, people, n
        )
    table = np.bincount(cell, weights=weight, minlength=people * n).reshape(people, n)
    return labels, table


def month_load(cal: Calendar, periods: Periods, year: int, month: int) -> dict[str, float]:
    """Demand per person in one month, for the people with some, in the program's order."""
    day = month_bounds(year, month)[0]
    _, table = _demand(cal, periods, day, day)
    column = table[:, 0].tolist()
    return {key: x for key, x in zip(periods.people, column, strict=True) if x}


def capacity(
    data: d.ProgramData, cal: Calendar, periods: Periods | None = None
) -> list[PersonLoad]:
    """Every person, every month from the program start (or the earliest project start) to its
    end (or the last end of an allocation to a project that is not cancelled)."""
    periods = allocation_periods(data) if periods is None else periods
    first = data.program.start or min(
        (p.start for p in data.projects if p.status != "cancelled"), default=None
    )
    last = data.program.end or (
        date.fromordinal(int(periods.last.max())) if len(periods.last) else None
    )
    if first is None or last is None or last < first:
        return [PersonLoad(pe.key, pe.capacity, (), ()) for pe in data.people]
    labels, table = _demand(cal, periods, first, last)
    months = tuple(labels)
    if periods.source is None:
        return [
            PersonLoad(pe.key, pe.capacity, months, tuple(row))
            for pe, row in zip(data.people, table.tolist(), strict=True)
        ]
    split = _demand(cal, periods, first, last, by_source=True)[1]  # source x person x month
    shares = split.tolist()
    some = split.any(axis=2).tolist()  # source x person: any demand at all
    named = list(enumerate(periods.sources))[1:]
    return [
        PersonLoad(
            pe.key,
            pe.capacity,
            months,
            tuple(row),
            tuple(shares[0][k]),
            tuple((name, tuple(shares[i][k])) for i, name in named if some[i][k]),
        )
        for k, (pe, row) in enumerate(zip(data.people, table.tolist(), strict=True))
    ]
