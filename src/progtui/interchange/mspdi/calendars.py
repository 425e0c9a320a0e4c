"""The project calendar: its exceptions become holidays; what progtui's Monday-to-Friday week
cannot follow is warned."""

from __future__ import annotations

from datetime import date, timedelta

from progtui.interchange.mspdi.mapper import Mapper, Pos
from progtui.interchange.mspdi.xml import El

_DAY_NAMES = {"1": "Sunday", "7": "Saturday"}
_WEEK = "progtui works Monday to Friday"
_WEEKDAY_NAMES = {"2": "Monday", "3": "Tuesday", "4": "Wednesday", "5": "Thursday", "6": "Friday"}


def calendar(m: Mapper, uid: str | None) -> El | None:
    """The calendar with this UID, if the file has it."""
    cals = m.root.find("Calendars")
    found = [c for c in (cals.all("Calendar") if cals else []) if c.get("UID") == uid]
    return found[0] if found else None


def _calendar(m: Mapper) -> El | None:
    return calendar(m, m.root.get("CalendarUID"))


def _minutes(t: str | None) -> int | None:
    """Minutes from midnight of an hh:mm:ss time (an end at 00:00:00 is midnight, 1440)."""
    try:
        h, mi = (int(x) for x in (t or "").split(":")[:2])
    except ValueError:
        return None
    return h * 60 + mi


def _day_hours(m: Mapper, weekdays: list[El]) -> None:
    """The working days of the project calendar whose hours differ from the file's day
    (MinutesPerDay), in one warning at the first of them."""
    odd: list[tuple[str, float]] = []
    first: Pos | None = None
    for wd in weekdays:
        name = _WEEKDAY_NAMES.get(wd.get("DayType") or "")
        times = wd.find("WorkingTimes")
        if name is None or wd.get("DayWorking") != "1" or times is None:
            continue
        total = 0
        for wt in times.all("WorkingTime"):
            a, b = _minutes(wt.get("FromTime")), _minutes(wt.get("ToTime"))
            if a is not None and b is not None:
                total += b - a if b > a else b + 24 * 60 - a  # an end at 00:00 is midnight
        if total != m.minutes_per_day:
            odd.append((name, total / 60))
            first = first or wd.pos
    if first is not None:
        days = ", ".join(f"{name} {hours:g} h" for name, hours in odd)
        m.warn(
            first,
            f"the project calendar's working hours ({days}) differ from its "
            f"{m.minutes_per_day / 60:g}-hour day (MinutesPerDay): lags in days and cost rates "
            "are converted at that day, and MS Project's dates within a day are not followed",
        )


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
    _day_hours(m, weekdays.all("WeekDay") if weekdays else [])
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
