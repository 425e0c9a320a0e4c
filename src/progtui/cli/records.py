"""Records and their history: decide, risk, add, edit, delete, undo, redo, log."""

from __future__ import annotations

from typing import Annotated

import typer

from progtui.cli import common
from progtui.cli.common import Format, FormatOpt, ProgramArg

KindArg = Annotated[str, typer.Argument(help="project, risk, person or milestone.")]
KeyArg = Annotated[str, typer.Argument(help="Its key (a milestone: PROJECT/NAME).")]
FieldsArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="FIELD=VALUE pairs, written as in the YAML (dates 2027-01-04, lists a,b).",
        show_default=False,
    ),
]


def decide(
    ctx: typer.Context,
    program: ProgramArg,
    text: Annotated[str, typer.Argument(help="What was decided.")],
    about: Annotated[
        list[str] | None,
        typer.Option(
            "--about",
            metavar="KEY",
            help="A project, risk, person or objective it is about (repeatable).",
        ),
    ] = None,
) -> None:
    """Record a decision.

    \b
    Example:
      progtui decide GLX "Fast-track DE-REG" --about DE-REG
    """
    from progtui import services

    with common.session(ctx, write=True) as session:
        dec = services.decide(session, program=program, text=text, about=tuple(about or ()))
    common.out(f"decision recorded at {dec.when:%Y-%m-%d %H:%M} by {dec.who}")


def risk(
    ctx: typer.Context,
    program: ProgramArg,
    key: Annotated[str, typer.Argument(help="Risk key.")],
    probability: Annotated[
        int | None, typer.Option("--probability", "-p", min=1, max=5, help="1 to 5.")
    ] = None,
    impact: Annotated[
        int | None, typer.Option("--impact", "-i", min=1, max=5, help="1 to 5.")
    ] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="open, mitigating, closed or occurred.")
    ] = None,
    mitigation: Annotated[
        str | None, typer.Option("--mitigation", help="What is done about it ('' clears it).")
    ] = None,
) -> None:
    """Change a risk's probability, impact, status or mitigation.

    \b
    Example:
      progtui risk GLX R2 --probability 2 --status mitigating --mitigation "Artwork kept editable"
    """
    from progtui import services

    with common.session(ctx, write=True) as session:
        changed = services.update_risk(
            session,
            program=program,
            risk=key,
            probability=probability,
            impact=impact,
            status=status,
            mitigation=mitigation,
        )
    if not changed:
        common.out(f"{key}: nothing to change")
    t = services.show_value
    for field, (old, new) in changed.items():
        common.out(f"{key} {field}: {t(old)} -> {t(new)}")


def add(
    ctx: typer.Context,
    program: ProgramArg,
    kind: KindArg,
    fields: FieldsArg = None,
    project: Annotated[
        str | None, typer.Option("--project", help="The project a milestone belongs to.")
    ] = None,
) -> None:
    """Add a project (proposed, ranked last), a risk, a person or a milestone.

    \b
    Example:
      progtui add GLX risk key=R9 title="Courier strike" probability=2 impact=4 projects=FR-PKG
    """
    from progtui.services import editing

    values = editing.parse_assignments(fields or [])
    with common.session(ctx, write=True) as session:
        key = editing.add(session, program=program, kind=kind, values=values, parent=project)
    common.out(f"added {kind} {key}")


def edit(
    ctx: typer.Context, program: ProgramArg, kind: KindArg, key: KeyArg, fields: FieldsArg = None
) -> None:
    """Change fields of a project, risk, person or milestone (FIELD= clears one).

    A project's depends_on lists its predecessors, each KEY or KEY:TYPE with a lag (FS, SS+5,
    FF-2; a bare KEY is FS): the links it names are added or changed, those it leaves out
    removed (depends_on= removes them all). A link that would close a cycle is refused.

    \b
    Example:
      progtui edit GLX project FR-PKG end=2027-09-30 manager=P3
      progtui edit GLX project FR-MKT depends_on=FR-REG,DE-MKT:SS+10
    """
    from progtui.errors import Refused
    from progtui.services import editing, plan

    values = editing.parse_assignments(fields or [])
    links = values.pop("depends_on", None)
    if links is not None and kind != "project":
        raise Refused(f"depends_on is a field of a project, not of a {kind}")
    with common.session(ctx, write=True) as session:
        changed = (
            editing.edit(session, program=program, kind=kind, key=key, values=values)
            if values or links is None
            else {}
        )
        linked = (
            plan.set_links(session, program=program, project=key, links=links)
            if links is not None
            else []
        )
    if not changed and not linked:
        common.out(f"{key}: nothing to change")
    for field, (old, new) in changed.items():
        common.out(f"{key} {field}: {old or '–'} -> {new or '–'}")
    for x in linked:
        common.out(f"{key} depends on {x.predecessor}: {x.old or '–'} -> {x.new or '–'}")


def delete(ctx: typer.Context, program: ProgramArg, kind: KindArg, key: KeyArg) -> None:
    """Delete a risk, a milestone or a person without allocations (projects are cancelled:
    set-status PROGRAM PROJECT cancelled; allocations: allocate ... 0).

    \b
    Example:
      progtui delete GLX milestone "FR-PKG/Artwork approved"
    """
    from progtui.services import editing

    with common.session(ctx, write=True) as session:
        editing.remove_entity(session, program=program, kind=kind, key=key)
    common.out(f"deleted {kind} {key}")


def _revert(ctx: typer.Context, program: str, *, redo: bool) -> None:
    from progtui.services import history

    with common.session(ctx, write=True) as session:
        done = (history.redo if redo else history.undo)(session, program=program)
    common.out(done.message)


def undo(ctx: typer.Context, program: ProgramArg) -> None:
    """Undo your latest change to the program that is still in effect (as a new change).

    \b
    Example:
      progtui undo GLX
    """
    _revert(ctx, program, redo=False)


def redo(ctx: typer.Context, program: ProgramArg) -> None:
    """Redo your latest undone change.

    \b
    Example:
      progtui redo GLX
    """
    _revert(ctx, program, redo=True)


def log(
    ctx: typer.Context,
    program: ProgramArg,
    fmt: FormatOpt = Format.table,
    columns: common.ColumnsOpt = None,
) -> None:
    """Show the audit trail of changes, oldest first, in words (undo and redo lead the line
    of what they changed back); --format json gives the rows as stored.

    \b
    Example:
      progtui log GLX --format json
    """
    from progtui import services

    with common.session(ctx) as session:
        rows = services.changes(session, program=program)
    if fmt is Format.json:
        common.json(
            {
                "changes": [
                    {
                        "when": r.when.isoformat(),
                        "who": r.who,
                        "entity": r.entity,
                        "field": r.field,
                        "old": r.old,
                        "new": r.new,
                        "batch": r.batch,
                        "action": r.action,
                        "data": r.data,
                    }
                    for r in rows
                ]
            }
        )
        return
    from progtui.services.history import describe

    Col = common.Col
    cols = [Col("when"), Col("who", cut=True, least=8, keep=1)]
    cols += [Col("what", cut=True, least=22), Col("change", cut=True, least=24)]
    picked = common.pick_columns(columns, cols)
    common.table(
        cols,
        (
            (
                f"{r.when:%Y-%m-%d %H:%M:%S}",
                r.who,
                *describe(r.entity, r.field, r.old, r.new, r.action),
            )
            for r in rows
        ),
        picked=picked,
    )
