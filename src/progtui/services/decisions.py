"""Decisions, linked to the projects, risks, people or objectives they are about."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import insert, select
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.errors import Refused
from progtui.identity import current_user, now
from progtui.services.audit import audit
from progtui.store import DA, DEC, PRJ, RISK
from progtui.text import clean


def decide(
    session: Session,
    *,
    program: str,
    text: str,
    about: tuple[str, ...] = (),
    when: datetime | None = None,
) -> d.Decision:
    """Record a decision, linked to projects, risks, people or objectives by key."""

    text = clean(text)
    if not text.strip():
        raise Refused("a decision needs some text")
    pid = store.program_id(session, program, lock=True)
    known: set[str] = set()
    for table in (PRJ, RISK, store.LISTED, store.OBJ):
        known.update(
            session.execute(select(table.c.key).where(table.c.program_id == pid)).scalars()
        )
    for key in about:
        if key not in known:
            raise Refused(f"--about {key}: no project, risk, person or objective with that key")
    decision = d.Decision(when or now(), current_user(), text, tuple(about))
    did = session.execute(
        insert(DEC)
        .values(program_id=pid, when=decision.when, who=decision.who, text=decision.text)
        .returning(DEC.c.id)
    ).scalar_one()
    for key in about:
        session.execute(insert(DA).values(decision_id=did, ref=key))
    audit(
        session,
        program,
        "decision",
        "text",
        None,
        text,
        who=decision.who,
        when=decision.when,
        data=json.dumps(
            {
                "when": decision.when.isoformat(),
                "who": decision.who,
                "text": text,
                "about": list(about),
            }
        ),
    )
    return decision
