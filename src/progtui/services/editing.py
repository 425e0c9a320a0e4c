"""Add, edit and delete projects, risks, people and milestones: the app's n / e / delete and
the command line's add / edit / delete.

A form is the entity's YAML keys typed as text. It is validated by the same rules as a file
(interchange.reader.read_fields), then against the program (references, dates), and written
in the caller's transaction with its audit rows. Projects are not deleted but cancelled.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlmodel import Session

from progtui import store
from progtui.analysis.calendar import Calendar
from progtui.errors import NotFound, PersonDisagrees, Refused
from progtui.interchange.yaml import schema as s
from progtui.interchange.yaml.reader import read_fields
from progtui.services.audit import audit, show_value
from progtui.services.plan import set_links, shift_rank
from progtui.store import ALLOC, DEP, HOL, LISTED, MS, PER, PERSON_FIELDS, PPL, PRJ, RISK, RP
from progtui.text import did_you_mean


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of entity a form edits."""

    name: str
    model: type[s.Entity]
    table: Table
    fields: tuple[str, ...]  # the form's keys, in order; the first identifies the entity
    refs: tuple[tuple[str, str], ...] = ()  # key naming a person -> its id column
    label: str = "name"  # the field that names it in messages and the log

    @property
    def editable(self) -> tuple[str, ...]:
        return self.fields[1:]


PROJECT = Kind(
    "project",
    s.ProjectIn,
    PRJ,
    ("key", "name", "manager", "start", "end", "budget"),
    (("manager", "manager_id"),),
)
RISK_KIND = Kind(
    "risk",
    s.RiskIn,
    RISK,
    ("key", "title", "probability", "impact", "owner", "status", "mitigation", "due", "projects"),
    (("owner", "owner_id"),),
    label="title",
)
PERSON = Kind("person", s.PersonIn, PER, ("key", "name", "role", "capacity", "cost_rate"))
MILESTONE = Kind("milestone", s.MilestoneIn, MS, ("name", "due", "done"))
KINDS = {k.name: k for k in (PROJECT, RISK_KIND, PERSON, MILESTONE)}
FORMS = ("project", "risk", "person")  # what n adds and e edits
ROW_ID = "_id"  # in an audit row's data: the id a deleted entity had


def kind_of(name: str) -> Kind:
    if name not in KINDS:
        raise Refused(f"no kind '{name}': use one of {', '.join(KINDS)}")
    return KINDS[name]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(value)
    if isinstance(value, float):
        return show_value(value) or ""
    return str(value)


def _given(kind: Kind, values: dict[str, str]) -> dict[str, str | list[str]]:
    """The form's non-empty values, in the form's order, as the reader takes them."""
    out: dict[str, str | list[str]] = {}
    for name in values:
        if name not in kind.fields:
            raise Refused(f"{kind.name} has no field '{name}' (fields: {', '.join(kind.fields)})")
    for name in kind.fields:
        value = values.get(name, "").strip()
        if not value:
            continue
        if name in kind.model.LISTS:
            items = [v for v in re.split(r"[,\s]+", value) if v]
            twice = next((v for i, v in enumerate(items) if v in items[:i]), None)
            if twice is not None:
                raise Refused(f"{name}: duplicate '{twice}'")
            out[name] = items
        else:
            out[name] = value
    return out


def _validate(session: Session, pid: int, kind: Kind, values: dict[str, str]) -> Any:
    model = read_fields(kind.model, _given(kind, values))
    people = _keys(session, PER, pid)
    for name, _ in kind.refs:
        ref = getattr(model, name)
        if ref is not None and ref not in people:
            raise Refused(f"{name}: unknown person '{ref}'" + did_you_mean(ref, sorted(people)))
    if kind is RISK_KIND:
        projects = _keys(session, PRJ, pid)
        for key in model.projects:
            if key not in projects:
                raise Refused(
                    f"projects: unknown project '{key}'" + did_you_mean(key, sorted(projects))
                )
    if kind is PROJECT:
        if model.end < model.start:
            raise Refused(f"end {model.end} is before start {model.start}")
        holidays = session.execute(select(HOL.c.day).where(HOL.c.program_id == pid)).scalars()
        if Calendar(tuple(holidays)).working_days(model.start, model.end) <= 0:
            raise Refused(f"no working day between start {model.start} and end {model.end}")
    return model


def _keys(session: Session, table: Table, pid: int) -> set[str]:
    listed = LISTED if table is PER else table  # the organisation's people this program lists
    return set(session.execute(select(listed.c.key).where(listed.c.program_id == pid)).scalars())


def _row(session: Session, pid: int, kind: Kind, key: str) -> Any:
    if kind is MILESTONE:
        project, _, name = key.partition("/")
        xid = session.execute(
            select(PRJ.c.id).where(PRJ.c.program_id == pid, PRJ.c.key == project)
        ).scalar()
        row = (
            None
            if xid is None
            else session.execute(
                select(MS).where(MS.c.project_id == xid, MS.c.name == name)
            ).first()
        )
    else:
        table = LISTED if kind is PERSON else kind.table
        row = session.execute(
            select(table).where(table.c.program_id == pid, table.c.key == key)
        ).first()
    if row is None:
        raise NotFound(f"no {kind.name} '{key}' in this program")
    return row


def _values(session: Session, kind: Kind, row: Any) -> dict[str, str]:
    """A stored entity as its form's text."""
    names = dict(kind.refs)
    out: dict[str, str] = {}
    for name in kind.fields:
        if name in names:
            ref = getattr(row, names[name])
            out[name] = (
                ""
                if ref is None
                else session.execute(select(PER.c.key).where(PER.c.id == ref)).scalar_one()
            )
        elif name == "projects":
            out[name] = _text(
                list(
                    session.execute(
                        select(PRJ.c.key)
                        .join(RP, RP.c.project_id == PRJ.c.id)
                        .where(RP.c.risk_id == row.id)
                        .order_by(RP.c.id)
                    ).scalars()
                )
            )
        else:
            out[name] = _text(getattr(row, name))
    return out


def form_values(session: Session, *, program: str, kind: str, key: str) -> dict[str, str]:
    """The current fields of an entity as text, to fill the edit form."""
    k = kind_of(kind)
    pid = store.program_id(session, program)
    values = _values(session, k, _row(session, pid, k, key))
    if k is PROJECT:  # the form's field for its predecessors (edit makes them so)
        values["depends_on"] = links_text(session, pid, key)
    return values


def _columns(
    session: Session, pid: int, kind: Kind, model: Any, names: tuple[str, ...]
) -> dict[str, Any]:
    refs = dict(kind.refs)
    out: dict[str, Any] = {}
    for name in names:
        if name == "projects":
            continue
        value = getattr(model, name)
        if name in refs:
            out[refs[name]] = (
                None
                if value is None
                else session.execute(
                    select(LISTED.c.id).where(LISTED.c.program_id == pid, LISTED.c.key == value)
                ).scalar_one()
            )
        else:
            out[name] = value
    return out


def _link_projects(session: Session, pid: int, risk_id: int, keys: list[str]) -> None:
    session.execute(delete(RP).where(RP.c.risk_id == risk_id))
    if keys:
        ids = dict(
            session.execute(
                select(PRJ.c.key, PRJ.c.id).where(PRJ.c.program_id == pid, PRJ.c.key.in_(keys))
            ).all()
        )
        session.execute(insert(RP), [{"risk_id": risk_id, "project_id": ids[k]} for k in keys])


# --- add ---------------------------------------------------------------------------------------


def create(
    session: Session,
    pid: int,
    kind: Kind,
    values: dict[str, str],
    *,
    parent: str | None = None,
    row_id: int | None = None,
) -> tuple[str, Any]:
    """Validate and insert one entity (no audit row); return its key and model.

    *row_id* re-creates a deleted entity under its old id when that is free, so that it comes
    back in its place (files and lists are in id order)."""
    model = _validate(session, pid, kind, values)
    if (
        row_id is not None
        and session.execute(select(kind.table.c.id).where(kind.table.c.id == row_id)).first()
        is None
    ):
        ident = {"id": row_id}
    else:
        ident = {}
    if kind is MILESTONE:
        if parent is None:
            raise Refused("a milestone needs its project (--project KEY)")
        xid = session.execute(
            select(PRJ.c.id).where(PRJ.c.program_id == pid, PRJ.c.key == parent)
        ).scalar()
        if xid is None:
            raise NotFound(f"no project '{parent}' in this program")
        key = f"{parent}/{model.name}"
        if session.execute(
            select(MS.c.id).where(MS.c.project_id == xid, MS.c.name == model.name)
        ).first():
            raise Refused(f"project {parent} already has a milestone '{model.name}'")
        session.execute(
            insert(MS).values(
                project_id=xid, name=model.name, due=model.due, done=model.done, **ident
            )
        )
        return key, model
    key = model.key
    if key in _keys(session, kind.table, pid):
        raise Refused(f"there is already a {kind.name} '{key}' in this program")
    if kind is PERSON:
        _list_person(session, pid, model, ident)
        return key, model
    row = _columns(session, pid, kind, model, kind.fields)
    if kind is PROJECT:
        count = select(func.count()).where(PRJ.c.program_id == pid)
        row.update(rank=session.execute(count).scalar_one() + 1, status="proposed")
    new_id = session.execute(
        insert(kind.table).values(program_id=pid, **row, **ident).returning(kind.table.c.id)
    ).scalar_one()
    if kind is RISK_KIND:
        _link_projects(session, pid, new_id, model.projects)
    return key, model


def _list_person(session: Session, pid: int, model: Any, ident: dict[str, int]) -> None:
    """Add a person to a program: the organisation's person of that key, who must be equal
    to the form (SPEC 6), or a new one."""
    row = session.execute(select(PER).where(PER.c.key == model.key)).first()
    if row is None:
        person_id = session.execute(
            insert(PER)
            .values(**{f: getattr(model, f) for f in ("key", *PERSON_FIELDS)}, **ident)
            .returning(PER.c.id)
        ).scalar_one()
    else:
        person_id = row.id
        for f in PERSON_FIELDS:
            if getattr(row, f) != getattr(model, f):
                users = store.people_using(session, row.id) or ["no program now"]
                raise PersonDisagrees(model.key, f, getattr(model, f), getattr(row, f), users)
    session.execute(insert(PPL).values(program_id=pid, person_id=person_id))


def add(
    session: Session, *, program: str, kind: str, values: dict[str, str], parent: str | None = None
) -> str:
    """Add a project (proposed, ranked last), a risk, a person or a milestone (of *parent*)."""
    k = kind_of(kind)
    pid = store.program_id(session, program, lock=True)
    key, model = create(session, pid, k, values, parent=parent)
    row = _row(session, pid, k, key)
    audit(
        session,
        program,
        f"{k.name}:{key}",
        "created",
        None,
        getattr(model, k.label),
        data=json.dumps({**_values(session, k, row), ROW_ID: row.id}),
    )
    return key


# --- edit --------------------------------------------------------------------------------------


def change_fields(
    session: Session, pid: int, kind: Kind, key: str, values: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """Validate the entity with *values* changed and write what differs (no audit row)."""
    row = _row(session, pid, kind, key)
    current = _values(session, kind, row)
    if kind.fields[0] in values and values[kind.fields[0]].strip() != current[kind.fields[0]]:
        raise Refused(f"the {kind.fields[0]} of a {kind.name} cannot change")
    model = _validate(session, pid, kind, {**current, **values})
    after = {name: _text(getattr(model, name)) for name in kind.fields}
    changed = {n: (current[n], after[n]) for n in kind.editable if current[n] != after[n]}
    if not changed:
        return changed
    columns = _columns(session, pid, kind, model, tuple(changed))
    if columns:
        session.execute(update(kind.table).where(kind.table.c.id == row.id).values(**columns))
    if "projects" in changed:
        _link_projects(session, pid, row.id, model.projects)
    return changed


def edit(
    session: Session, *, program: str, kind: str, key: str, values: dict[str, str]
) -> dict[str, tuple[str, str]]:
    """Change fields of a project, risk, person or milestone; returns field: (old, new).
    A project's `depends_on` ("DE-MKT:SS+10, FR-REG": its predecessors in this program) is
    made so by plan.set_links, in the same transaction (the project form's field)."""
    k = kind_of(kind)
    values = dict(values)
    links = values.pop("depends_on", None)
    if links is not None and k is not PROJECT:
        raise Refused(f"depends_on is a field of a project, not of a {k.name}")
    pid = store.program_id(session, program, lock=True)
    changed = change_fields(session, pid, k, key, values) if values else {}
    for name, (old, new) in changed.items():
        audit(session, program, f"{k.name}:{key}", name, old or None, new or None)
    if links is not None:
        before = links_text(session, pid, key)
        set_links(session, program=program, project=key, links=links)
        after = links_text(session, pid, key)
        if after != before:
            changed["depends_on"] = (before, after)
    return changed


def links_text(session: Session, pid: int, project: str) -> str:
    """A project's predecessors in this program as the form writes them: "DE-PKG, EU-SUP:SS+5"."""
    from progtui.store import DEP

    xid = session.execute(
        select(PRJ.c.id).where(PRJ.c.program_id == pid, PRJ.c.key == project)
    ).scalar()
    rows = session.execute(
        select(PRJ.c.key, DEP.c.type, DEP.c.lag)
        .join(DEP, DEP.c.predecessor_id == PRJ.c.id)
        .where(DEP.c.successor_id == xid, PRJ.c.program_id == pid)
        .order_by(DEP.c.id)
    ).all()
    return ", ".join(link_text(key, kind, lag) for key, kind, lag in rows)


def link_text(key: str, kind: str, lag: int) -> str:
    """One predecessor as typed: a bare key for FS without lag, else KEY:TYPE±LAG."""
    if kind == "FS" and not lag:
        return key
    return f"{key}:{kind}{lag:+d}" if lag else f"{key}:{kind}"


# --- delete ------------------------------------------------------------------------------------


def remove(session: Session, pid: int, kind: Kind, key: str) -> dict[str, Any]:
    """Delete one entity (no audit row); return its form values and id, to re-create it."""
    row = _row(session, pid, kind, key)
    stored: dict[str, Any] = {**_values(session, kind, row), ROW_ID: row.id}
    if kind is PROJECT:
        for table, what in ((ALLOC, "allocations"), (MS, "milestones"), (RP, "risks")):
            if session.execute(select(table.c.id).where(table.c.project_id == row.id)).first():
                raise Refused(f"project {key} has {what}; cancel it instead (s, cancelled)")
        if session.execute(
            select(DEP.c.id).where(
                (DEP.c.predecessor_id == row.id) | (DEP.c.successor_id == row.id)
            )
        ).first():
            raise Refused(f"project {key} has dependencies; cancel it instead (s, cancelled)")
        n = session.execute(select(func.count()).where(PRJ.c.program_id == pid)).scalar_one()
        if row.rank != n:  # last first, so that the ranks left stay 1..n-1
            shift_rank(session, pid, row.id, row.rank, n, n)
    if (
        kind is PERSON
        and session.execute(
            select(ALLOC.c.id)
            .join(PRJ, PRJ.c.id == ALLOC.c.project_id)
            .where(ALLOC.c.person_id == row.id, PRJ.c.program_id == pid)
        ).first()
    ):
        raise Refused(f"{key} has allocations; remove them first")
    if kind is PERSON:  # off the program's list; the organisation forgets an unused person
        session.execute(delete(PPL).where(PPL.c.program_id == pid, PPL.c.person_id == row.id))
        if not store.people_using(session, row.id):
            session.execute(delete(PER).where(PER.c.id == row.id))
        return stored
    session.execute(delete(kind.table).where(kind.table.c.id == row.id))
    return stored


def remove_entity(session: Session, *, program: str, kind: str, key: str) -> str:
    """Delete a risk, a milestone (key PROJECT/NAME) or a person without allocations.
    Projects are cancelled, not deleted."""
    k = kind_of(kind)
    if k is PROJECT:
        raise Refused("projects are cancelled, not deleted: set its status to cancelled")
    pid = store.program_id(session, program, lock=True)
    stored = remove(session, pid, k, key)
    audit(
        session,
        program,
        f"{k.name}:{key}",
        "deleted",
        stored[k.label],
        None,
        data=json.dumps(stored),
    )
    return key


def parse_assignments(pairs: list[str]) -> dict[str, str]:
    """FIELD=VALUE words from the command line."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise Refused(f"'{pair}' should be FIELD=VALUE, like name='New name'")
        name = name.strip()
        if name in out:
            raise Refused(
                f"field '{name}' is given twice ({name}={out[name]}, then {name}={value})"
            )
        out[name] = value
    return out
