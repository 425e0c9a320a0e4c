"""Work resources become people, their assignments allocations."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from progtui.interchange.mspdi.calendars import calendar
from progtui.interchange.mspdi.mapper import Mapper, Pos, Task, day_of, entity, node_at
from progtui.interchange.mspdi.xml import El
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.reader import Item


def _person_key(name: str | None, taken: set[str]) -> str | None:
    """A person's key from the name (the same person in two plans is one person of the
    database, SPEC section 6); None when the name gives none, or one already taken."""
    key = re.sub(r"[^A-Za-z0-9_-]+", "-", name or "").strip("-")[:40]
    return key if key and key not in taken else None


def _calendar_warning(m: Mapper, el: El, uid: str, name: str | None) -> None:
    """A resource calendar with working time of its own (its days off, other hours) or on
    another base than the project calendar: progtui plans people on the program's days."""
    cal = calendar(m, el.get("CalendarUID"))
    if cal is None or cal.get("UID") == m.root.get("CalendarUID"):
        return
    own = any(
        part is not None and part.children
        for part in (cal.find("WeekDays"), cal.find("Exceptions"), cal.find("WorkWeeks"))
    )
    base = cal.get("BaseCalendarUID")
    if own or (base not in (None, "-1") and base != m.root.get("CalendarUID")):
        m.warn(
            m.at(el, "CalendarUID"),
            f"resource {uid} '{name}' has its own calendar ({cal.get('UID')}), which is not "
            "carried (progtui plans people on the program's working days)",
        )


def read_people(m: Mapper) -> tuple[list[Item], dict[str, str]]:
    """Work resources as people, and each one's key by resource UID."""
    out = []
    taken: set[str] = set()
    keys: dict[str, str] = {}
    res = m.root.find("Resources")
    for el in res.all("Resource") if res else []:
        uid, name = el.get("UID"), el.get("Name")
        if el.get("IsNull") == "1" or uid is None or (uid == "0" and name is None):
            continue
        rtype = el.get("Type") or "1"
        if rtype != "1":
            kind = "cost" if rtype == "2" else "material"
            m.warn(
                el.pos,
                f"{kind} resource {uid} '{name}' is not carried "
                "(only work resources become people)",
            )
            continue
        _calendar_warning(m, el, uid, name)
        key = m.custom_key(el, taken) or _person_key(name, taken) or f"R{uid}"
        taken.add(key)
        keys[uid] = key
        data: dict[str, Any] = {"key": key, "name": name or f"Resource {uid}"}
        if el.get("Group"):
            data["role"] = el.get("Group")
        units = m.number(el, "MaxUnits")
        if units is not None:
            data["capacity"] = units
        rate = m.number(el, "StandardRate")
        if rate:
            data["cost_rate"] = round(rate * m.minutes_per_day / 60, 2)
        out.append(
            entity(
                m,
                s.PersonIn,
                data,
                node_at(
                    el.pos,
                    {"capacity": m.at(el, "MaxUnits"), "cost_rate": m.at(el, "StandardRate")},
                ),
            )
        )
    return out, keys


def read_assignments(
    m: Mapper, owner: dict[str, Task], people: dict[str, str]
) -> dict[str, dict[tuple[str, date | None, date | None], tuple[float, Pos]]]:
    """Allocations by project: FTE by person and period (work resources only: the others
    are warned at their resource)."""
    out: dict[str, dict[tuple[str, date | None, date | None], tuple[float, Pos]]] = {}
    assignments = m.root.find("Assignments")
    for el in assignments.all("Assignment") if assignments else []:
        task, person = el.get("TaskUID"), el.get("ResourceUID")
        key = people.get(person or "")
        if key is None:
            continue
        project = owner.get(task or "")
        if project is None:
            m.warn(
                el.pos, f"an assignment to task {task}, which is not under a project; not carried"
            )
            continue
        units = m.number(el, "Units")
        fte = 1.0 if units is None else units
        if fte <= 0:
            m.warn(
                m.at(el, "Units"), f"an assignment of resource {person} with no units; not carried"
            )
            continue
        a, b = m.moment(el, "Start"), m.moment(el, "Finish")
        period = (key, day_of(a), day_of(b))
        mine = out.setdefault(project.uid, {})
        before = mine.get(period)
        mine[period] = (fte + (before[0] if before else 0), before[1] if before else el.pos)
    return out
