"""sync: one project updated from its project manager's MS Project file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from progtui.cli import common
from progtui.cli.common import Format, FormatOpt, ProgramArg, ProjectArg

if TYPE_CHECKING:
    from progtui.services import SyncChanges


def sync(
    ctx: typer.Context,
    program: ProgramArg,
    project: ProjectArg,
    plan: Annotated[
        Path,
        typer.Argument(help="The project manager's plan: MS Project XML (MSPDI).", metavar="FILE"),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list the changes; save nothing.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Update PROJECT from its project manager's MS Project file: actual start and end,
    percent complete, actual cost, status, its milestones matched by name (due and done),
    and the plan's own finish, shown beside progtui's forecast.

    The changes are listed (field: old → new, one a line) and saved as one change that
    `progtui undo` takes back; milestones of the plan that the project does not have are
    listed, not added (docs/interchange-mspdi.md, "Sync").

    \b
    Example:
      progtui sync GLX DE-REG de-reg-plan.xml --dry-run
      progtui sync GLX DE-REG de-reg-plan.xml
    """
    from progtui import services

    with common.session(ctx) as session:
        data = services.load_program(session, program=program)
        seen = services.last_change_id(session)  # the snapshot's stamp
    found = services.plan_changes(data, project=project, path=plan)
    saved = not dry_run and bool(found.changes)
    if saved:
        with common.session(ctx, write=True) as session:
            services.sync_project(session, changes=found, seen=seen)
    if fmt is Format.json:
        common.json(_shape(found, dry_run=dry_run, saved=saved))
        return
    from progtui.text import one_line

    n = len(found.changes)
    head = (
        f"{found.project} from {found.file}: "
        + (f"{n} change{'s' * (n != 1)}" if n else "nothing to change")
        + (" (dry run: nothing saved)" if dry_run else "")
        + (f"; saved (progtui undo {found.program} takes it back)" if saved else "")
    )
    for line in [head, *map(str, found.changes), *found.notes()]:
        common.out(one_line(line))


def _shape(found: SyncChanges, *, dry_run: bool, saved: bool) -> dict[str, Any]:
    from progtui.services import show_value

    return {
        "program": found.program,
        "project": found.project,
        "file": found.file,
        "dry_run": dry_run,
        "saved": saved,
        "changes": [
            {
                "entity": c.entity,
                "field": c.field,
                "old": show_value(c.old),
                "new": show_value(c.new),
            }
            for c in found.changes
        ],
        "not_matched": [
            {
                "name": m.name,
                "due": m.due.isoformat(),
                "done": m.done.isoformat() if m.done else None,
                "line": m.line,
                "col": m.col,
            }
            for m in found.not_matched
        ],
        "not_in_plan": list(found.not_in_plan),
        "kept": list(found.kept),
    }
