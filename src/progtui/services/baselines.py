"""Baselines: the plan saved under a name, to compare the forecast with."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

from sqlalchemy import delete, select
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.analysis import analyze
from progtui.errors import Refused
from progtui.services.audit import audit
from progtui.text import one_line


def baseline_data(stored: str) -> d.Baseline:
    """A baseline from its JSON in an audit row (to re-create it on redo or replay)."""
    raw = json.loads(stored)
    day = date.fromisoformat

    def opt(value: str | None) -> date | None:
        return day(value) if value else None

    return d.Baseline(
        raw["name"],
        day(raw["taken"]),
        tuple(
            d.BaselineProject(
                x["project"],
                day(x["start"]),
                day(x["end"]),
                x["budget"],
                opt(x["forecast_start"]),
                opt(x["forecast_end"]),
            )
            for x in raw["projects"]
        ),
        tuple(
            d.BaselineMilestone(x["project"], x["name"], day(x["due"]), opt(x["forecast"]))
            for x in raw["milestones"]
        ),
    )


def take_baseline(session: Session, *, program: str, name: str, today: date) -> d.Baseline:
    """Save the current plan under *name*: each project's planned dates, budget and forecast,
    each milestone's due date and forecast, as the analysis at *today* has them."""
    name = one_line(name).strip()
    if not name:
        raise Refused("a baseline needs a name")
    pid = store.program_id(session, program, lock=True)
    if session.execute(
        select(store.BL.c.id).where(store.BL.c.program_id == pid, store.BL.c.name == name)
    ).first():
        raise Refused(f"there is already a baseline '{name}' in {program}")
    a = analyze(store.load_program(session, program), today)
    on = a.calendar.date_of
    baseline = d.Baseline(
        name,
        today,
        tuple(
            d.BaselineProject(
                r.project.key,
                r.project.start,
                r.project.end,
                r.project.budget,
                on(r.slot.s) if r.slot else None,
                on(r.slot.f - 1) if r.slot else None,
            )
            for r in a.projects
        ),
        tuple(d.BaselineMilestone(m.project, m.name, m.due, m.forecast) for m in a.milestones),
    )
    store.save_baseline(session, pid, baseline)
    audit(
        session,
        program,
        f"baseline:{name}",
        "created",
        None,
        f"{len(baseline.projects)} projects",
        data=json.dumps(asdict(baseline), default=str),
    )
    return baseline


def drop_baseline(session: Session, pid: int, name: str) -> None:
    session.execute(delete(store.BL).where(store.BL.c.program_id == pid, store.BL.c.name == name))
