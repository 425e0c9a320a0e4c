"""Benefits: objective values recorded over time."""

from __future__ import annotations

import math
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.analysis.calendar import check_day
from progtui.errors import NotFound, Refused
from progtui.services.audit import audit
from progtui.text import did_you_mean


def record_benefit(
    session: Session, *, program: str, objective: str, value: float, on: date
) -> tuple[float | None, float]:
    """Record an objective's value on a day (replacing one recorded that day). The newest
    recorded value is the objective's current one. Returns the day's old value and the new."""
    if not math.isfinite(value):
        raise Refused(f"a value must be a number, not {value}")
    if abs(value) >= d.MAX_MEASURE:
        raise Refused(
            f"a value must be a number less than {d.MAX_MEASURE} (10^15) in size, not {value}"
        )
    check_day(on, "--date")
    pid = store.program_id(session, program, lock=True)
    row = session.execute(
        select(store.OBJ.c.id, store.OBJ.c.current).where(
            store.OBJ.c.program_id == pid, store.OBJ.c.key == objective
        )
    ).first()
    if row is None:
        keys = list(
            session.execute(select(store.OBJ.c.key).where(store.OBJ.c.program_id == pid)).scalars()
        )
        raise NotFound(f"no objective '{objective}' in {program}" + did_you_mean(objective, keys))
    old = set_measure(session, row.id, on, value)
    audit(session, program, f"objective:{objective}", f"value {on}", old, value)
    current = latest_measure(session, row.id)
    if current != row.current:
        session.execute(update(store.OBJ).where(store.OBJ.c.id == row.id).values(current=current))
        audit(session, program, f"objective:{objective}", "current", row.current, current)
    return old, value


def set_measure(session: Session, oid: int, on: date, value: float | None) -> float | None:
    """Set (None: remove) an objective's value of a day; return the one it had."""
    ov = store.OV
    old = session.execute(
        select(ov.c.value).where(ov.c.objective_id == oid, ov.c.day == on)
    ).scalar()
    if old is not None:
        session.execute(delete(ov).where(ov.c.objective_id == oid, ov.c.day == on))
    if value is not None:
        session.execute(insert(ov).values(objective_id=oid, day=on, value=value))
    return old


def latest_measure(session: Session, oid: int) -> float | None:
    ov = store.OV
    return session.execute(
        select(ov.c.value).where(ov.c.objective_id == oid).order_by(ov.c.day.desc()).limit(1)
    ).scalar()
