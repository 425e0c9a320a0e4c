"""Whole programs: import and export, and the reads the screens and commands start from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.errors import AccessDenied, Refused
from progtui.identity import current_user
from progtui.services.audit import audit, show_value
from progtui.store import P


@dataclass(frozen=True, slots=True)
class ImportResult:
    key: str
    projects: int
    replaced: bool


def import_program(
    session: Session,
    *,
    data: d.ProgramData,
    replace: bool = False,
    source: str | None = None,
    update_people: bool = False,
) -> ImportResult:
    """Store one validated program (import_programs)."""
    return import_programs(
        session, programs=[(data, source)], replace=replace, update_people=update_people
    )[0]


@dataclass(frozen=True, slots=True)
class _Staged:
    data: d.ProgramData
    source: str | None
    pid: int
    replaced: bool
    incoming: list[store.Incoming]
    updated: list[store.PersonUpdate]


def import_programs(
    session: Session,
    *,
    programs: list[tuple[d.ProgramData, str | None]],
    replace: bool = False,
    update_people: bool = False,
) -> list[ImportResult]:
    """Store validated programs (with the file each came from), all or nothing; an existing
    one with the same key only with replace.

    Their people are the organisation's (SPEC 6): one that another program uses must be
    equal in the file (PersonDisagrees) unless *update_people*, which changes them for every
    program, audited as edits of the person. Links to other programs' projects are made once
    every program is in, so programs of one import may name each other (LinkMissing for one
    the database does not hold); a cycle through programs is refused by name. A replaced
    program keeps the links other programs have to its projects. A refusal about one program
    carries its key as `.program`."""
    staged: list[_Staged] = []
    for data, source in programs:
        with _about(data.program.key):
            staged.append(_stage(session, data, source, replace, update_people))
    for st in staged:
        with _about(st.data.program.key):
            store.link_external(session, st.pid, st.data)
    for st in staged:
        if st.replaced:
            store.relink(session, st.pid, st.data.program.key, st.incoming)
    for st in staged:
        store.check_program_cycles(session, st.pid)
    for st in staged:
        key = st.data.program.key
        audit(
            session,
            key,
            "program",
            "import",
            "replaced" if st.replaced else None,
            f"{st.source or 'data'} ({len(st.data.projects)} projects)",
        )
        for u in st.updated:
            audit(session, key, f"person:{u.key}", u.field, show_value(u.old), show_value(u.new))
    return [ImportResult(st.data.program.key, len(st.data.projects), st.replaced) for st in staged]


@contextmanager
def _about(program: str) -> Iterator[None]:
    try:
        yield
    except Refused as exc:
        exc.program = program  # type: ignore[attr-defined]
        raise


def _stage(
    session: Session,
    data: d.ProgramData,
    source: str | None,
    replace: bool,
    update_people: bool,
) -> _Staged:
    key = data.program.key
    who = current_user()
    if not d.may(data.program.access, data.program.owner, who, write=True):
        raise Refused(
            f"the access list of {key} leaves you ({who}) out: add yourself to its "
            "editors, or make yourself its owner"
        )
    existing = session.execute(select(P.c.id).where(P.c.key == key)).scalar()
    incoming: list[store.Incoming] = []
    if existing is not None:
        try:
            store.check_access(session, existing, key, write=False)
        except AccessDenied:  # say nothing of it: not its name, owner, or who may see it
            raise Refused(
                f"the key {key} is taken by a program you ({who}) may not see: use another key"
            ) from None
        if not replace:
            raise Refused(f"program '{key}' already exists; use --replace to replace it")
        store.program_id(session, key, lock=True)
        incoming = store.links_into(session, existing)
        store.delete_program(session, existing)
    pid, updated = store.save_program(session, data, update_people=update_people)
    return _Staged(data, source, pid, existing is not None, incoming, updated)


def check_program(session: Session, *, program: str) -> None:
    """Raise NotFound, naming the programs there are, unless *program* exists and this
    account may read it: one line before a screen opens on it."""
    store.program_id(session, program)


def export_program(session: Session, *, program: str) -> d.ProgramData:
    """The program as a file holds it (without what its people carry elsewhere)."""
    return replace(store.load_program(session, program), elsewhere=())


def load_program(session: Session, *, program: str) -> d.ProgramData:
    """The whole program as a snapshot (plain frozen data, safe to hand to the UI)."""
    return store.load_program(session, program)


def organisation(session: Session) -> d.ProgramData:
    """The database's people and all their allocations, as a program of no projects whose
    people carry everything "elsewhere": analysis.capacity gives then each person's whole
    load per month, split by program (SPEC 6), from the first allocation to the last. The
    calendar is Monday to Friday without holidays (a person belongs to no one program's)."""
    people, allocations = store.load_organisation(session)
    return d.ProgramData(
        program=d.Program(
            key="",
            name="the organisation",
            start=min((a.start for a in allocations), default=None),
            end=max((a.end for a in allocations), default=None),
        ),
        people=people,
        elsewhere=allocations,
    )


def list_programs(session: Session) -> list[store.ProgramSummary]:
    """The programs this account may read, by key."""
    return store.list_programs(session)
