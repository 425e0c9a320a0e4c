"""Changes to the plan: move (rank), set-status, set-percent, set-cost."""

from __future__ import annotations

from typing import Annotated

import typer

from progtui.cli import common
from progtui.cli.common import ProgramArg, ProjectArg


def move(
    ctx: typer.Context,
    program: ProgramArg,
    project: ProjectArg,
    rank: Annotated[int, typer.Argument(help="The new rank (1 is the most important).")],
) -> None:
    """Reprioritize: the project takes RANK, the others shift to keep ranks 1..n.

    \b
    Example:
      progtui move GLX FR-MKT 1
    """
    from progtui import services

    with common.session(ctx, write=True) as session:
        r = services.move(session, program=program, project=project, rank=rank)
    common.out(
        f"{r.project}: rank {r.old_rank} -> {r.new_rank}"
        if r.old_rank != r.new_rank
        else f"{r.project} already has rank {r.new_rank}"
    )


def set_status(
    ctx: typer.Context,
    program: ProgramArg,
    project: ProjectArg,
    status: Annotated[
        str,
        typer.Argument(help="approved, active, done, on_hold, cancelled, or back (from on_hold)."),
    ],
    on: Annotated[
        str | None,
        typer.Option(
            "--date", metavar="YYYY-MM-DD", help="The actual start or end (default: today)."
        ),
    ] = None,
) -> None:
    """Move a project to another status, along the allowed transitions only.

    \b
    Example:
      progtui set-status GLX DE-MKT active --date 2027-05-03
    """
    from progtui import services

    day = common.parse_day(on, "--date") or common.options(ctx).today
    with common.session(ctx, write=True) as session:
        r = services.set_status(session, program=program, project=project, status=status, on=day)
    common.out(f"{r.project}: {r.old} -> {r.new}")


def set_percent(
    ctx: typer.Context,
    program: ProgramArg,
    project: ProjectArg,
    percent: Annotated[float, typer.Argument(help="Percent complete, 0 to 100.")],
) -> None:
    """Set a project's percent complete.

    \b
    Example:
      progtui set-percent GLX FR-PKG 95
    """
    from progtui import services

    with common.session(ctx, write=True) as session:
        old, new = services.set_percent(session, program=program, project=project, percent=percent)
    t = services.show_value
    common.out(f"{project}: {t(old)} -> {t(new)} % complete")


def set_cost(
    ctx: typer.Context,
    program: ProgramArg,
    project: ProjectArg,
    amount: Annotated[float, typer.Argument(help="Actual cost so far.")],
) -> None:
    """Set a project's actual cost so far.

    \b
    Example:
      progtui set-cost GLX FR-REG 101500
    """
    from progtui import services

    with common.session(ctx, write=True) as session:
        old, new = services.set_actual_cost(
            session, program=program, project=project, amount=amount
        )
    t = services.show_value
    common.out(f"{project}: actual cost {t(old)} -> {t(new)}")
