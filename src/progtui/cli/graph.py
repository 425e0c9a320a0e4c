"""Drawing a program's dependencies: graph."""

from __future__ import annotations

from typing import Annotated

import typer

from progtui.cli import common
from progtui.cli.common import SourceArg


def graph(
    ctx: typer.Context,
    program: SourceArg,
    ascii: Annotated[
        bool, typer.Option("--ascii", help="Draw with ASCII only (- | . ' * o x).")
    ] = False,
) -> None:
    """The dependency graph as the app's pane 3 draws it: one project a row in dependency
    order, a lane for each link from its predecessor down to its successor, and each row's
    incoming links with their type and lag (docs/app.md says how to read it). Other
    programs' projects linked to this one's are rows of their own, keyed PROGRAM/PROJECT.

    \b
    Example:
      progtui --today 2027-03-15 graph GLX
      progtui graph sample_data/global-launch.yaml --ascii
    """
    from progtui.analysis import analyze
    from progtui.reports.graph import text_lines

    a = analyze(common.program_data(ctx, program), common.options(ctx).today)
    for line in text_lines(a, ascii=ascii):
        common.out(line)
