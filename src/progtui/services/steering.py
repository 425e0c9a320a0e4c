"""Steering reports: what a report is built from, and the KPIs it keeps for the next one."""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import insert, select
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.analysis import Analysis, analyze
from progtui.analysis.capacity import PersonLoad
from progtui.analysis.portfolio import ProgramRow
from progtui.errors import AccessDenied
from progtui.identity import now
from progtui.services.audit import ChangeRecord, changes


@dataclass(frozen=True, slots=True)
class Previous:
    """The KPIs the previous report showed, and when."""

    made: datetime
    today: date
    kpis: dict[str, float | None]


@dataclass(frozen=True, slots=True)
class SteeringData:
    """What a steering report is made of; reports.steering renders it."""

    analysis: Analysis
    since: str | None  # "2027-03-01", or the previous report's time; None: since the start
    previous: Previous | None
    changes: tuple[ChangeRecord, ...]  # since *since*
    decisions: tuple[d.Decision, ...]  # since *since*

    @property
    def kpis(self) -> dict[str, float | None]:
        return kpi_values(self.analysis)


def kpi_values(a: Analysis) -> dict[str, float | None]:
    """The program's KPIs by name, as a report keeps them for the next one."""
    return {f.name: getattr(a.kpis, f.name) for f in fields(a.kpis)}


def steering_report(
    session: Session, *, program: str, today: date, since: date | None = None, record: bool = True
) -> SteeringData:
    """What the steering report at *today* shows, compared with the previous report's KPIs;
    with *record* its KPIs are stored as the next report's previous ones."""
    try:
        pid = store.program_id(session, program, lock=record)
    except AccessDenied:  # a viewer may read the report; only those who may change it keep it
        if not record:
            raise
        pid, record = store.program_id(session, program), False
    data = store.load_program(session, program)
    a = analyze(data, today)
    last = session.execute(
        select(store.REP)
        .where(store.REP.c.program_id == pid)
        .order_by(store.REP.c.id.desc())
        .limit(1)
    ).first()
    previous = Previous(last.made, last.today, json.loads(last.kpis)) if last else None
    # since the day asked for, else since the previous report was made (wall-clock time, as
    # changes and decisions are dated), else everything
    start = (
        datetime(since.year, since.month, since.day)
        if since is not None
        else previous.made
        if previous is not None
        else None
    )
    label = (
        str(since)
        if since is not None
        else f"the previous report ({previous.made:%Y-%m-%d %H:%M})"
        if previous
        else None
    )
    rows = tuple(c for c in changes(session, program=program) if start is None or c.when >= start)
    decided = tuple(x for x in data.decisions if start is None or x.when >= start)
    report = SteeringData(a, label, previous, rows, decided)
    if record:
        health = {r.project.key: r.health.rag for r in a.projects if r.health}
        session.execute(
            insert(store.REP).values(
                program_id=pid,
                made=now(),
                today=today,
                kpis=json.dumps(report.kpis),
                health=json.dumps(health),
            )
        )
    return report


def report_history(
    session: Session, *, program: str, last: int = 6
) -> tuple[dict[str, float | None], ...]:
    """The KPIs the last few steering reports showed, oldest first."""
    rows = recent_reports(session, store.program_id(session, program), "kpis", last)
    return tuple(json.loads(k) for k in reversed(rows))


def recent_reports(session: Session, pid: int, column: str, last: int) -> list[str]:
    """One JSON column (kpis or health) of a program's newest *last* reports, newest first."""
    return list(
        session.execute(
            select(store.REP.c[column])
            .where(store.REP.c.program_id == pid)
            .order_by(store.REP.c.id.desc())
            .limit(last)
        ).scalars()
    )


@dataclass(frozen=True, slots=True)
class PortfolioReportData:
    """What the portfolio's steering report is made of (reports.portfolio renders it): the
    programs this account may read, by portfolio rank, and every person's load across the
    programs of the database (those it may not read as "other programs")."""

    today: date
    rows: list[ProgramRow]
    people: tuple[PersonLoad, ...]
    names: dict[str, str]  # person key -> name


def portfolio_report(session: Session, *, today: date) -> PortfolioReportData:
    """The portfolio's steering report at *today*. Nothing is kept: a portfolio report has no
    previous one to compare with (docs/report.md)."""
    from progtui.analysis.calendar import Calendar
    from progtui.analysis.capacity import capacity
    from progtui.services.programs import organisation, portfolio

    rows = portfolio(session, today=today)
    org = organisation(session)
    return PortfolioReportData(
        today, rows, tuple(capacity(org, Calendar(()))), {x.key: x.name for x in org.people}
    )
