"""Finding a project, person or allocation of a program by key (one readable line when absent)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from progtui.errors import NotFound
from progtui.store import ALLOC, LISTED, PRJ


def find_project(session: Session, pid: int, key: str) -> tuple[int, int, str]:
    row = session.execute(
        select(PRJ.c.id, PRJ.c.rank, PRJ.c.status).where(PRJ.c.program_id == pid, PRJ.c.key == key)
    ).first()
    if row is None:
        raise NotFound(f"no project '{key}' in this program")
    return row.id, row.rank, row.status


def find_person(session: Session, pid: int, key: str) -> int:
    person: int | None = session.execute(
        select(LISTED.c.id).where(LISTED.c.program_id == pid, LISTED.c.key == key)
    ).scalar()
    if person is None:
        raise NotFound(f"no person '{key}' in this program")
    return person


def find_allocation(
    session: Session, project_id: int, person_id: int, start: date | None, end: date | None
) -> Any:
    """The (id, fte) of a person's allocation to a project for exactly this period, if any."""
    return session.execute(
        select(ALLOC.c.id, ALLOC.c.fte).where(
            ALLOC.c.project_id == project_id,
            ALLOC.c.person_id == person_id,
            ALLOC.c.start.is_(None) if start is None else ALLOC.c.start == start,
            ALLOC.c.end.is_(None) if end is None else ALLOC.c.end == end,
        )
    ).first()
