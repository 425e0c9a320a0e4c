"""Working days: the only module that does date arithmetic (SPEC section 3).

Working days are Monday to Friday minus the program's holidays. Every working day has an index;
the index of any date is the number of working days before it, which is also the index of the
first working day on or after it. A project's half-open range [s, f) is
``s = index(start)`` and ``f = index(end + 1 day)``.
"""

from __future__ import annotations

import calendar as _stdcal
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from progtui import domain as d
from progtui.errors import Refused

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

_EPOCH = date(1900, 1, 1)  # a Monday; every index counts from here
_ONE_DAY = timedelta(days=1)


def check_day(day: date, what: str = "today") -> date:
    """*day*, or Refused with one line when it is outside the dates a program may hold (a
    --today or --date from the command line, a service's date): the entry points call this."""
    if d.day_problem(day):
        raise Refused(
            f"{what} {day} is outside the dates progtui plans in "
            f"({d.EARLIEST_DAY} to {d.LATEST_DAY})"
        )
    return day


class Calendar:
    """Maps dates to working-day indexes and back for one program's holidays."""

    __slots__ = ("_date", "_holidays", "_index")

    def __init__(self, holidays: Iterable[date] = ()) -> None:
        self._holidays = sorted({d for d in holidays if d.weekday() < 5})
        self._index: dict[date, int] = {}  # dates repeat a lot across 10,000 projects
        self._date: dict[int, date] = {}

    @staticmethod
    def _weekdays_before(day: date) -> int:
        weeks, rest = divmod((day - _EPOCH).days, 7)
        return weeks * 5 + min(rest, 5)

    def is_working_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        i = bisect_left(self._holidays, day)
        return not (i < len(self._holidays) and self._holidays[i] == day)

    def index(self, day: date) -> int:
        """Working days before *day*: the index of the first working day on or after it."""
        found = self._index.get(day)
        if found is None:
            found = self._index[day] = self._weekdays_before(day) - bisect_left(self._holidays, day)
        return found

    def ordinal_indexes(self, ordinals: NDArray[np.int64]) -> NDArray[np.int64]:
        """index() of many days at once, given as a numpy array of date ordinals: the same
        weekday arithmetic, vectorised."""
        import numpy as np  # numpy loads with the first analysis, not at import

        weeks, rest = np.divmod(ordinals - _EPOCH.toordinal(), 7)
        holidays = np.array([h.toordinal() for h in self._holidays], dtype=np.int64)
        return weeks * 5 + np.minimum(rest, 5) - np.searchsorted(holidays, ordinals, "left")

    def start_index(self, day: date) -> int:
        """Index of a start date: a start on a non-working day means the next working day."""
        return self.index(day)

    def end_index(self, day: date) -> int:
        """One past the index of an end date: an end on a non-working day means the previous one."""
        return self.index(day + _ONE_DAY)

    def working_days(self, start: date, end: date) -> int:
        """Working days from *start* to *end*, both included (0 or less when there are none)."""
        return self.end_index(end) - self.start_index(start)

    def date_of(self, index: int) -> date:
        """The working day with this index."""
        found = self._date.get(index)
        if found is None:
            found = self._date[index] = self._date_of(index)
        return found

    def _date_of(self, index: int) -> date:
        guess = index
        while True:
            weeks, rest = divmod(guess, 5)
            try:
                day = _EPOCH + timedelta(days=weeks * 7 + rest)
            except OverflowError:  # bounded lags can still add up, over a long enough chain
                raise Refused(
                    "the plan runs past the year 9999: its lags add up beyond any calendar"
                ) from None
            holidays = bisect_right(self._holidays, day)
            if guess - holidays == index and self.is_working_day(day):
                return day
            guess = index + holidays if guess - holidays != index else guess + 1

    def month_working_days(self, year: int, month: int) -> int:
        first = date(year, month, 1)
        last = date(year, month, _stdcal.monthrange(year, month)[1])
        return self.working_days(first, last)


def month_range(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) of every calendar month from *first*'s to *last*'s, in order."""
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def month_labels(start: date, count: int) -> tuple[str, ...]:
    """'YYYY-MM' of *start*'s month and the *count* - 1 after it (capacity's month labels)."""
    y, m = (start.year + (start.month + count - 2) // 12, (start.month + count - 2) % 12 + 1)
    return tuple(f"{yy:04d}-{mm:02d}" for yy, mm in month_range(start, date(y, m, 1)))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    """The first day of the month and the first day of the next one."""
    nxt = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return date(year, month, 1), nxt
