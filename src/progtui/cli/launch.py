"""The commands that open the app: tui, triage and demo (and progtui without a command)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from progtui.cli import common
from progtui.cli.common import ProgramArg

if TYPE_CHECKING:
    from progtui.store.engine import Database


def open_app(ctx: typer.Context, program: str | None, *, triage: bool = False) -> None:
    """Run the app on the database of --db; an unknown PROGRAM is one line, before any screen.
    Without a PROGRAM the database is opened by the app after its first frame (app.py)."""
    if program is None:
        _run_app(ctx, lambda: common.database(ctx, create=True), None, triage=triage)
        return
    from progtui import services

    database = common.database(ctx, create=True)
    with database.read() as session:
        services.check_program(session, program=program)
    _run_app(ctx, database, program, triage=triage)


def _run_app(
    ctx: typer.Context,
    database: Database | Callable[[], Database],
    program: str | None,
    *,
    triage: bool = False,
) -> None:
    from progtui.app.app import ProgtuiApp
    from progtui.app.glyphs import ascii_terminal

    opts = common.options(ctx)
    app = ProgtuiApp(
        database,
        program=program,
        today=opts.today,
        theme=opts.theme,
        triage=triage,
        ascii=ascii_terminal() if opts.ascii is None else opts.ascii,
    )
    app.run()
    if app.crashed is not None:  # one line and exit status 1 (cli.main), never 0
        raise app.crashed
    if app.return_code:
        raise typer.Exit(app.return_code)


def tui(
    ctx: typer.Context,
    program: Annotated[str | None, typer.Argument(help="Program key to open.")] = None,
) -> None:
    """Open the app.

    \b
    Example:
      progtui tui GLX
    """
    open_app(ctx, program)


def triage(ctx: typer.Context, program: ProgramArg) -> None:
    """Open the app in a triage meeting: the agenda, most urgent first, one item at a time
    (n/N next/previous, x discussed, t ends it and writes the minutes).

    \b
    Example:
      progtui --today 2027-03-15 triage GLX
    """
    open_app(ctx, program, triage=True)


def demo(ctx: typer.Context) -> None:
    """Open the app on a fresh temporary database holding the sample programs.

    \b
    Example:
      progtui --today 2027-03-15 demo
    """
    import tempfile

    from progtui import services
    from progtui.interchange import read_program
    from progtui.resources import sample_files

    with tempfile.TemporaryDirectory(prefix="progtui-demo-") as tmp:
        database = common.database(ctx, create=True, db=str(Path(tmp) / "demo.db"))
        with database.write() as session:
            for path in sample_files():
                services.import_program(session, data=read_program(path), source=path.name)
        _run_app(ctx, database, None)
        database.dispose()
