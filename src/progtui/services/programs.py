"""Whole programs: import and export, and the reads the screens and commands start from."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.errors import AccessDenied, Refused
from progtui.identity import current_user
from progtui.services.audit import audit, show_value
from progtui.store import P

if TYPE_CHECKING:
    from progtui.analysis.impact import Ripple
    from progtui.analysis.portfolio import ProgramRow
    from progtui.analysis.schedule import Bounds


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
    rank = 0
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
        rank = store.portfolio_rank(session, existing)  # a replaced program keeps its place
        store.delete_program(session, existing)
    pid, updated = store.save_program(
        session, data, update_people=update_people, rank=rank if existing is not None else None
    )
    return _Staged(data, source, pid, existing is not None, incoming, updated)


def check_program(session: Session, *, program: str) -> None:
    """Raise NotFound, naming the programs there are, unless *program* exists and this
    account may read it: one line before a screen opens on it."""
    store.program_id(session, program)


def export_program(session: Session, *, program: str) -> d.ProgramData:
    """The program as a file holds it (without what its people carry elsewhere, nor the
    links of other programs to it)."""
    return replace(store.load_program(session, program), elsewhere=(), downstream=())


def load_program(session: Session, *, program: str, reuse: Reuse | None = None) -> d.ProgramData:
    """The whole program as a snapshot (plain frozen data, safe to hand to the UI); with
    *reuse*, the programs upstream of it as read before while they are unchanged."""
    return store.load_program(session, program, reuse.upstream if reuse else None)


class Reuse:
    """What the loads of one screen reuse while it is unchanged: the programs upstream of the
    program shown (store.Kept) and their schedule (analysis.upstream.BoundsMemo). A move in
    a program with nineteen programs upstream reloads and re-analyses the program alone."""

    def __init__(self) -> None:
        from progtui.analysis.upstream import BoundsMemo

        self.upstream = store.Kept()
        self.memo = BoundsMemo()

    def bounds(self, data: d.ProgramData, today: date) -> Bounds | None:
        """The upstream bounds for analysis.analyze(data, today, bounds=...): computed again
        only once the upstream snapshots, the programs named or today changed."""
        return self.memo.bounds(data, today) if data.upstream else None


def organisation(session: Session) -> d.ProgramData:
    """The database's people and all their allocations, as a program of no projects whose
    people carry everything "elsewhere": analysis.capacity gives then each person's whole
    load per month, split by program (SPEC 6), from the first allocation to the last. The
    calendar is Monday to Friday without holidays (a person belongs to no one program's)."""
    return _organisation(*store.load_organisation(session))


def _organisation(
    people: tuple[d.Person, ...], allocations: tuple[d.Elsewhere, ...]
) -> d.ProgramData:
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


def portfolio(session: Session, *, today: date) -> list[ProgramRow]:
    """Every program this account may read, analysed at *today* in portfolio rank order."""
    from progtui.analysis.portfolio import analyze_portfolio

    return analyze_portfolio(store.load_portfolio(session), today)


def portfolio_and_organisation(
    session: Session, *, today: date
) -> tuple[list[ProgramRow], d.ProgramData]:
    """`portfolio` and `organisation` together, reading the allocations once (the
    Portfolio pane)."""
    from progtui.analysis.portfolio import analyze_portfolio

    programs, people, allocations = store.load_portfolio_organisation(session)
    return analyze_portfolio(programs, today), _organisation(people, allocations)


def impact_across(
    session: Session, *, program: str, project: str, days: int, today: date
) -> list[Ripple]:
    """What-if across programs (SPEC 6): what moves in each program downstream of *program*
    (whose links reach it, directly or through others) when *project* takes *days* working
    days longer, in the programs this account may read, by key; those where nothing moves
    are left out. A program the account may not read is never named, but its dates still
    carry the slip to the programs after it."""
    from progtui.analysis.impact import ripple

    pid = store.program_id(session, program)
    out = []
    for other in store.downstream_ids(session, pid):
        key = store.readable_key(session, other)
        if key is None:
            continue
        r = ripple(store.load_program(session, key), today, program, project, days)
        if r.projects or r.milestones:
            out.append(r)
    return sorted(out, key=lambda r: r.program)


def move_program(session: Session, *, program: str, to: int) -> tuple[int, int]:
    """Give *program* portfolio rank *to* (1..n), the others keeping their order and ranks
    gapless; audited like a project's rank. Returns (old, new)."""
    store.program_id(session, program, lock=True)  # one who may change it, held to the commit
    old = place_program(session, program, to)
    if old != to:
        audit(session, program, "portfolio", "portfolio_rank", str(old), str(to))
    return old, to


def place_program(session: Session, program: str, to: int) -> int:
    """Put *program* at portfolio rank *to*, the others renumbered 1..n in their order (no
    audit row); returns the rank it had."""
    keys = list(session.execute(select(P.c.key).order_by(P.c.portfolio_rank, P.c.key)).scalars())
    if not 1 <= to <= len(keys):
        raise Refused(f"a portfolio rank is 1 to {len(keys)}, not {to}")
    old = keys.index(program) + 1
    keys.remove(program)
    keys.insert(to - 1, program)
    for rank, key in enumerate(keys, start=1):
        session.execute(update(P).where(P.c.key == key).values(portfolio_rank=rank))
    return old


def list_programs(session: Session) -> list[store.ProgramSummary]:
    """The programs this account may read, by key."""
    return store.list_programs(session)
