"""The risk register: probability, impact, status and mitigation of a risk."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.errors import NotFound, Refused
from progtui.services.audit import audit
from progtui.store import RISK
from progtui.text import clean


def update_risk(
    session: Session,
    *,
    program: str,
    risk: str,
    probability: int | None = None,
    impact: int | None = None,
    status: str | None = None,
    mitigation: str | None = None,
) -> dict[str, tuple[object, object]]:
    """Change a risk's probability, impact (1-5), status or mitigation; returns what changed."""

    for name, value in (("probability", probability), ("impact", impact)):
        if value is not None and not 1 <= value <= 5:
            raise Refused(f"{name} must be from 1 to 5, not {value}")
    if status is not None and status not in d.RISK_STATUSES:
        raise Refused(f"risk status must be {', '.join(d.RISK_STATUSES)}, not {status}")
    pid = store.program_id(session, program, lock=True)
    row = session.execute(select(RISK).where(RISK.c.program_id == pid, RISK.c.key == risk)).first()
    if row is None:
        raise NotFound(f"no risk '{risk}' in this program")
    wanted: dict[str, object] = {}
    given: tuple[tuple[str, object], ...] = (
        ("probability", probability),
        ("impact", impact),
        ("status", status),
    )
    for field, new in given:
        if new is not None:
            wanted[field] = new
    if mitigation is not None:  # '' clears it
        wanted["mitigation"] = clean(mitigation).strip() or None
    changed = {k: (getattr(row, k), v) for k, v in wanted.items() if v != getattr(row, k)}
    if changed:
        session.execute(
            update(RISK)
            .where(RISK.c.id == row.id)
            .values({k: new for k, (_, new) in changed.items()})
        )
        for k, (old, new) in changed.items():
            audit(session, program, f"risk:{risk}", k, old, new)
    return changed
