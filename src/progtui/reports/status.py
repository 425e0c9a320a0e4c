"""The machine-readable shapes of SPEC section 5 (plain dicts, ready for json.dumps)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from progtui import domain as d
from progtui.analysis import Analysis
from progtui.analysis.capacity import OTHER_PROGRAMS, Month, PersonLoad
from progtui.analysis.impact import Impact, MovedMilestone, MovedProject, Ripple
from progtui.analysis.portfolio import ProgramRow, portfolio_kpis
from progtui.errors import ProgtuiError


def _d(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _given(value: float | None) -> float | int | None:
    """An input amount as written: 120000, not 120000.0."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def status(a: Analysis, baseline: d.Baseline | None = None) -> dict[str, Any]:
    """SPEC section 5's status; with a baseline, each project also says how it moved since
    (baseline_finish, slip_vs_baseline in working days, budget_vs_baseline)."""
    from progtui.analysis.baseline import variances

    k = a.kpis
    moved = variances(a, baseline) if baseline else {}
    iso: dict[int, str] = {}

    def day(index: int) -> str:
        """The ISO date of a working-day index (cached: 10,000 projects share few dates)."""
        found = iso.get(index)
        if found is None:
            found = iso[index] = a.calendar.date_of(index).isoformat()
        return found

    projects = []
    for r in a.projects:
        p, s, ev = r.project, r.slot, r.ev
        late = (s.late_s, s.late_f) if s and s.late_s is not None and s.late_f is not None else None
        projects.append(
            {
                "key": p.key,
                "rank": p.rank,
                "status": p.status,
                "planned_start": _d(p.start),
                "planned_finish": _d(p.end),
                "forecast_start": day(s.s) if s else None,
                "forecast_finish": day(s.f - 1) if s else None,
                "reported_finish": _d(p.reported_end),  # its project manager's plan (sync)
                "late_start": day(late[0]) if late else None,
                "late_finish": day(late[1] - 1) if late else None,
                "total_float": s.total_float if s else None,
                "slip": s.slip if s else None,
                "critical": s.critical if s else False,
                "bac": _given(p.budget),
                "ev": ev.ev if ev else None,
                "pv": ev.pv if ev else None,
                "ac": _given(p.actual_cost),
                "cpi": ev.cpi if ev else None,
                "spi": ev.spi if ev else None,
                "eac": ev.eac if ev else None,
                "wsjf": r.wsjf,
                "exposure": r.exposure,
                "health": r.health.rag if r.health else None,
                "health_overridden": r.health.overridden if r.health else False,
                "health_reasons": list(r.health.reasons) if r.health else [],
            }
        )
        if baseline is not None:
            v = moved.get(p.key)
            projects[-1].update(
                {
                    "baseline_finish": _d(v.finish) if v else None,
                    "slip_vs_baseline": v.slip if v else None,
                    "budget_vs_baseline": _given(v.budget) if v else None,
                }
            )
    out: dict[str, Any] = {
        "program": {
            "key": a.data.program.key,
            "today": a.today.isoformat(),
            "health": a.health,
            "kpis": {
                "on_time_delivery": k.on_time_delivery,
                "cost_performance": k.cost_performance,
                "utilization": k.utilization,
                "benefit_realisation": k.benefit_realisation,
                "risk_exposure": k.risk_exposure,
            },
        },
        "projects": projects,
        "milestones": [
            {
                "project": m.project,
                "name": m.name,
                "due": _d(m.due),
                "done": _d(m.done),
                "forecast": _d(m.forecast),
                "overdue_days": m.overdue_days,
            }
            for m in a.milestones
        ],
    }
    if baseline is not None:
        out["program"]["baseline"] = {"name": baseline.name, "taken": _d(baseline.taken)}
    return out


def _moved(projects: tuple[MovedProject, ...]) -> list[dict[str, Any]]:
    return [
        {
            "kind": "project",
            "key": m.key,
            "old_start": _d(m.old_start),
            "new_start": _d(m.new_start),
            "old_finish": _d(m.old_finish),
            "new_finish": _d(m.new_finish),
        }
        for m in projects
    ]


def _milestones(milestones: tuple[MovedMilestone, ...]) -> list[dict[str, Any]]:
    return [
        {
            "kind": "milestone",
            "project": m.project,
            "name": m.name,
            "old": _d(m.old),
            "new": _d(m.new),
        }
        for m in milestones
    ]


def impact(i: Impact, elsewhere: Sequence[Ripple] = ()) -> dict[str, Any]:
    """The what-if; *elsewhere*: what moves in the other programs downstream (SPEC 6), one
    entry a program, its moved projects and its moved milestones apart."""
    return {
        "project": i.project,
        "days": i.days,
        "moved": _moved(i.projects) + _milestones(i.milestones),
        "elsewhere": [
            {
                "program": r.program,
                "moved": _moved(r.projects),
                "milestones": _milestones(r.milestones),
            }
            for r in elsewhere
        ],
    }


def _month(m: Month, *, own: bool = True) -> dict[str, Any]:
    """One month of a person's load. SPEC 6: the demand is the whole; this program's share
    and the rest by program (*own* False: a load of no program, split by program only)."""
    split = [{"program": k, "demand": x} for k, x in m.elsewhere]
    return {
        "month": m.month,
        "demand": m.demand,
        "utilization": m.utilization,
        "over": m.over,
        **({"this_program": m.own, "elsewhere": split} if own else {"by_program": split}),
    }


def capacity(people: tuple[PersonLoad, ...]) -> dict[str, Any]:
    return {
        "people": [
            {"key": pe.key, "capacity": pe.capacity, "months": [_month(m) for m in pe.months]}
            for pe in people
        ]
    }


def organisation(org: d.ProgramData, people: tuple[PersonLoad, ...]) -> dict[str, Any]:
    """`progtui people --format json`: every person of the database, their programs and their
    whole load per month by program (services.organisation)."""
    by_key = {p.key: p for p in org.people}
    return {
        "people": [
            {
                "key": pl.key,
                "name": by_key[pl.key].name,
                "role": by_key[pl.key].role,
                "capacity": pl.capacity,
                "cost_rate": by_key[pl.key].cost_rate,
                "programs": programs_of(org, pl.key),
                "months": [_month(m, own=False) for m in pl.months],
            }
            for pl in people
        ]
    }


def programs_of(org: d.ProgramData, person: str) -> list[str]:
    """The programs a person works in, by key ("other programs" for those not readable)."""
    return sorted({e.program or OTHER_PROGRAMS for e in org.elsewhere if e.person == person})


def dumps(obj: dict[str, Any]) -> str:
    """JSON with the top level laid out and one list entry per line: readable, greppable per
    project, and written by the fast (C) encoder, which `indent` would switch off."""

    encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode  # one encoder

    def one(value: Any) -> str:
        try:
            return encode(value)
        except ValueError:  # NaN and Infinity are not JSON; bounded inputs never make them
            raise ProgtuiError(
                "a number to print is not finite (NaN or infinity): not JSON"
            ) from None

    parts = []
    for key, value in obj.items():
        if isinstance(value, list) and value:
            body = ",\n    ".join(map(one, value))
            parts.append(f"  {one(key)}: [\n    {body}\n  ]")
        else:
            parts.append(f"  {one(key)}: {one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}"


def portfolio(rows: list[ProgramRow], today: date) -> dict[str, Any]:
    """`progtui portfolio --format json` (SPEC 6): the portfolio's health and KPIs over every
    project and objective of the programs shown, then one entry a program, by rank."""
    k = portfolio_kpis(rows)
    return {
        "today": today.isoformat(),
        "health": k.health,
        "kpis": {
            "on_time_delivery": k.on_time_delivery,
            "cost_performance": k.cost_performance,
            "benefit_realisation": k.benefit_realisation,
            "risk_exposure": k.risk_exposure,
        },
        "programs": [
            {
                "rank": r.rank,
                "key": r.key,
                "name": r.analysis.data.program.name,
                "health": r.analysis.health,
                "reasons": list(r.reasons),
                "finish": _d(r.finish),
                "deadline": _d(r.analysis.data.program.end),
                "slip": r.slip,
                "bac": r.bac,
                "eac": r.eac,
                "cpi": r.cpi,
                "spi": r.spi,
                "on_time_delivery": r.analysis.kpis.on_time_delivery,
                "benefit_realisation": r.analysis.kpis.benefit_realisation,
                "risk_exposure": r.analysis.kpis.risk_exposure,
                "critical_projects": r.critical,
                "over_allocated": list(r.over),
            }
            for r in rows
        ],
    }
