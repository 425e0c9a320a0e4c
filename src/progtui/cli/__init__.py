"""The progtui command line (SPEC section 5): parse, call a service or the analysis, print.

One module per command group; `common` opens the database and prints tables and JSON for all
of them. Heavy modules (SQLAlchemy, YAML, Rich, Textual) are imported inside the commands, so
that `progtui --help` answers at once and each command loads only what it uses.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import Annotated, NoReturn

import typer

from progtui.cli import common, files, graph, launch, people, plan, records, reports, sync
from progtui.errors import InvalidFile, ProgtuiError, StoreError

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="progtui: a keyboard-driven cockpit for program managers.\n\n"
    "Run without a command to open the app. Every workflow of the app is also a command here.",
)

# In the order `progtui --help` lists them.
COMMANDS: dict[str, Callable[..., None]] = {
    "tui": launch.tui,
    "triage": launch.triage,
    "minutes": reports.minutes,
    "demo": launch.demo,
    "import": files.import_,
    "export": files.export,
    "validate": files.validate,
    "programs": files.programs,
    "move": plan.move,
    "allocate": people.allocate,
    "reallocate": people.reallocate,
    "decide": records.decide,
    "set-status": plan.set_status,
    "set-percent": plan.set_percent,
    "set-cost": plan.set_cost,
    "sync": sync.sync,
    "risk": records.risk,
    "add": records.add,
    "edit": records.edit,
    "delete": records.delete,
    "undo": records.undo,
    "redo": records.redo,
    "report": reports.report,
    "benefit": reports.benefit,
    "baseline": reports.baseline,
    "log": records.log,
    "status": reports.status,
    "impact": reports.impact,
    "graph": graph.graph,
    "capacity": people.capacity,
    "people": people.people,
    "sample": files.sample,
}
for name, command in COMMANDS.items():
    app.command(name)(command)


@app.callback(invoke_without_command=True)
def _global(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="PROGTUI_DB",
            metavar="URL",
            help="Database: an SQLite file path or an SQLAlchemy URL such as "
            "postgresql+psycopg://user@host/progtui. Default: progtui.db in your data folder.",
        ),
    ] = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            envvar="PROGTUI_TODAY",
            metavar="YYYY-MM-DD",
            help="Compute as if today were this date.",
        ),
    ] = None,
    theme: Annotated[
        str | None, typer.Option("--theme", metavar="NAME", help="Colour theme of the app.")
    ] = None,
) -> None:
    global _quick_exit
    ctx.obj = common.Options(db, common.parse_day(today, "--today") or date.today(), theme)
    if ctx.invoked_subcommand not in (None, "tui", "demo", "triage"):
        gc.enable()
        _quick_exit = True
    if ctx.invoked_subcommand is None:
        launch.open_app(ctx, None)


# A command that is not the app may end the process without tearing the interpreter down.
_quick_exit = False


def _exit(code: int) -> NoReturn:
    """End the process as sys.exit would, without freeing every module and object one by one
    first (a seventh of a second after a status of 10,000 projects): the databases are closed,
    the exit handlers run and the output is flushed, then the OS reclaims the rest."""
    import atexit

    common.close_databases()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        code = 0  # output piped into head: nothing more to say
    os._exit(code)


def _fail(message: str, code: int) -> NoReturn:
    sys.stderr.write(message.rstrip("\n") + "\n")
    sys.exit(code)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; every failure ends as readable lines on stderr and exit status 1 or 2."""
    # The app starts a tenth of a second sooner without the collector rescanning what the
    # imports build; the app turns it back on once the program is on screen, the other
    # commands at once (_global).
    gc.disable()
    command = typer.main.get_command(app)
    try:
        result = command.main(args=argv, prog_name="progtui", standalone_mode=False)
    except typer.Abort:
        _fail("progtui: aborted", 130)
    except typer.TyperException as exc:  # Typer's usage errors (its own vendored click)
        code = getattr(exc, "exit_code", 2)
        ctx = getattr(exc, "ctx", None)
        where = ctx.command_path if ctx is not None else "progtui"
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        _fail(f"progtui: {message} (see '{where} --help')", code)
    except InvalidFile as exc:
        _fail(str(exc), exc.exit_code)
    except (ProgtuiError, StoreError) as exc:
        _fail(f"progtui: {exc}", exc.exit_code)
    except KeyboardInterrupt:
        _fail("progtui: interrupted", 130)
    except BrokenPipeError:
        os._exit(0)  # output piped into head: nothing more to say
    except Exception as exc:
        if os.environ.get("PROGTUI_DEBUG"):
            raise
        module = type(exc).__module__ or ""
        if module.startswith(("sqlalchemy", "psycopg", "sqlite3")):
            from progtui.store.engine import explain

            _fail(f"progtui: database error: {explain(exc)}", 1)
        _fail(
            f"progtui: internal error: {type(exc).__name__}: {exc} "
            "(run with PROGTUI_DEBUG=1 for details)",
            1,
        )
    finally:
        gc.enable()
        common.close_databases()  # a test calling main() keeps no connection open
    code = result if isinstance(result, int) else 0
    if argv is None and _quick_exit:  # the process is the command's (not a test calling main)
        _exit(code)
    sys.exit(code)
