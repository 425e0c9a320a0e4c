"""The project calendar: its exceptions become holidays; what progtui's Monday-to-Friday week
cannot follow is warned."""

from __future__ import annotations

from datetime import date, timedelta

from progtui.interchange.mspdi.mapper import Mapper, Pos
from progtui.interchange.mspdi.xml import El

_DAY_NAMES = {"1": "Sunday", "7": "Saturday"}
_WEEK = "progtui works Monday to Friday"
_WEEKDAY_NAMES = {"2": "Monday", "3": "Tuesday", "4": "Wednesday", "5": "Thursday", "6": "Friday"}


def _calendar(m: Mapper) -> El | None:
    uid = m.root.get("CalendarUID")
    cals = m.root.find("Calendars")
    found = [c for c in (cals.all("Calendar") if cals else []) if c.get("UID") == uid]
    return found[0] if found else None


def read_holidays(m: Mapper) -> list[date]:
    cal = _calendar(m)
    if cal is None:
        return []
    days: set[date] = set()

    def take(period: El | None, working: bool, pos: Pos) -> None:
        if period is None:
            return
        a, b = m.moment(period, "FromDate"), m.moment(period, "ToDate")
        if a is None or b is None:
            return
        if working:
            m.warn(
                pos,
                f"a working exception from {a.date()} to {b.date()} is not carried ({_WEEK})",
            )
            return
        day = a.date()
        while day <= b.date() and len(days) < 100_000:
            days.add(day)
            day += timedelta(days=1)

    weekdays = cal.find("WeekDays")
    for wd in weekdays.all("WeekDay") if weekdays else []:
        dtype, working = wd.get("DayType"), wd.get("DayWorking") == "1"
        if dtype == "0":
            take(wd.find("TimePeriod"), working, wd.pos)
        elif dtype in _DAY_NAMES and working:
            m.warn(
                wd.pos,
                f"the project calendar works on {_DAY_NAMES[dtype]}; not carried ({_WEEK})",
            )
        elif dtype in _WEEKDAY_NAMES and not working:
            m.warn(
                wd.pos,
                f"the project calendar does not work on {_WEEKDAY_NAMES[dtype]}; "
                f"not carried ({_WEEK})",
            )
    exceptions = cal.find("Exceptions")
    for ex in exceptions.all("Exception") if exceptions else []:
        take(ex.find("TimePeriod"), ex.get("DayWorking") == "1", ex.pos)
    work_weeks = cal.find("WorkWeeks")
    if work_weeks is not None and work_weeks.children:
        m.warn(
            work_weeks.pos,
            f"non-standard work weeks of the project calendar are not carried ({_WEEK})",
        )
    return sorted(d_ for d_ in days if d_.weekday() < 5)
