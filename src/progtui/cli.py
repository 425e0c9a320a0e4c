"""The progtui command line (SPEC section 5): parse, call a service or the analysis, print.

Heavy modules (SQLAlchemy, YAML, Textual) are imported inside the commands so that
`progtui --help` answers at once.
"""

from __future__ import annotations

import gc
import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from progtui.errors import InvalidFile, ProgtuiError, StoreError

if TYPE_CHECKING:
    from progtui.db import Database

app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    help="progtui: a keyboard-driven cockpit for program managers.\n\n"
    "Run without a command to open the app. Every workflow of the app is also a command here.",
)


class Format(str, Enum):
    table = "table"
    json = "json"


# Parameters many commands share.
ProgramArg = Annotated[str, typer.Argument(help="Program key.")]
ProjectArg = Annotated[str, typer.Argument(help="Project key.")]
SourceArg = Annotated[str, typer.Argument(help="Program key, or a program YAML file.")]
FormatOpt = Annotated[Format, typer.Option("--format", help="table or json.")]


@dataclass
class Options:
    db: str | None
    today: date
    theme: str | None

    def open(self, *, create: bool = True) -> Database:
        from progtui.db import open_database

        return open_database(self.db, create=create)


def _parse_day(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date like 2027-03-15, not {value!r}",
                                 param_hint=what) from None


@app.callback(invoke_without_command=True)
def _global(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option(
        "--db", envvar="PROGTUI_DB", metavar="URL",
        help="Database: an SQLite file path or an SQLAlchemy URL such as "
        "postgresql+psycopg://user@host/progtui. Default: progtui.db in your data folder.")] = None,
    today: Annotated[str | None, typer.Option(
        "--today", envvar="PROGTUI_TODAY", metavar="YYYY-MM-DD",
        help="Compute as if today were this date.")] = None,
    theme: Annotated[str | None, typer.Option("--theme", metavar="NAME",
                                              help="Colour theme of the app.")] = None,
) -> None:
    ctx.obj = Options(db, _parse_day(today, "--today") or date.today(), theme)
    if ctx.invoked_subcommand not in (None, "tui", "demo", "triage"):
        gc.enable()
    if ctx.invoked_subcommand is None:
        _open_app(ctx.obj, None)


def _opts(ctx: typer.Context) -> Options:
    return ctx.find_root().obj  # type: ignore[no-any-return]


def _open_app(opts: Options, program: str | None, *, triage: bool = False) -> None:
    database = opts.open()
    if program is not None:
        from progtui import store

        with database.read() as session:
            store.program_id(session, program)  # an unknown key is one line, before any screen
    _run_app(database, opts, program, triage=triage)


def _run_app(database: Database, opts: Options, program: str | None, *,
             triage: bool = False) -> None:
    from progtui.app.app import ProgtuiApp

    ProgtuiApp(database, program=program, today=opts.today, theme=opts.theme,
               triage=triage).run()


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _console() -> Any:
    from rich.console import Console

    # Piped into a file or another program, a table gets the width it needs: never wrapped or cut.
    return Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 1000)


# --- the app -------------------------------------------------------------------------------

@app.command()
def tui(ctx: typer.Context,
        program: Annotated[str | None, typer.Argument(help="Program key to open.")] = None) -> None:
    """Open the app.

    \b
    Example:
      progtui tui GLX
    """
    _open_app(_opts(ctx), program)


@app.command()
def triage(ctx: typer.Context, program: ProgramArg) -> None:
    """Open the app in a triage meeting: the agenda, most urgent first, one item at a time
    (n/N next/previous, x discussed, t ends it and writes the minutes).

    \b
    Example:
      progtui --today 2027-03-15 triage GLX
    """
    _open_app(_opts(ctx), program, triage=True)


@app.command()
def minutes(
    ctx: typer.Context,
    program: ProgramArg,
    last: Annotated[bool, typer.Option("--last", help="The last meeting's (the default).")]
    = False,
    on: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD",
                                           help="The last meeting of that day.")] = None,
) -> None:
    """Print the minutes of a triage meeting (Markdown).

    \b
    Example:
      progtui minutes GLX --date 2027-03-15
    """
    from progtui import services

    day = _parse_day(on, "--date")
    if last and day:
        raise typer.BadParameter("give --last or --date, not both", param_hint="--date")
    with _opts(ctx).open(create=False).read() as session:
        sys.stdout.write(services.minutes_of(session, program=program, day=day))


@app.command()
def demo(ctx: typer.Context) -> None:
    """Open the app on a fresh temporary database holding the sample programs.

    \b
    Example:
      progtui --today 2027-03-15 demo
    """
    import tempfile

    from progtui import services
    from progtui.db import open_database
    from progtui.interchange import read_program
    from progtui.resources import sample_files

    opts = _opts(ctx)
    with tempfile.TemporaryDirectory(prefix="progtui-demo-") as tmp:
        database = open_database(str(Path(tmp) / "demo.db"))
        with database.write() as session:
            for path in sample_files():
                services.import_program(session, data=read_program(path), source=path.name)
        _run_app(database, opts, None)
        database.dispose()


# --- interchange ---------------------------------------------------------------------------

def _read_each(files: list[Path]) -> tuple[list[tuple[Path, Any]], list[Any]]:
    """Read every file: the programs read, and the problems of all the others."""
    from progtui.interchange import read_program

    programs, problems = [], []
    for path in files:
        try:
            programs.append((path, read_program(path)))
        except InvalidFile as exc:
            problems += exc.problems
    return programs, problems


@app.command("import")
def import_(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Program YAML files.", metavar="FILE...")],
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace programs that already exist with the same key.")] = False,
) -> None:
    """Import programs from YAML files, all or nothing.

    Every problem in every file is listed as FILE:LINE:COL: message and nothing is written.

    \b
    Example:
      progtui import sample_data/global-launch.yaml sample_data/retail-transformation.yaml
    """
    from progtui import services

    read, problems = _read_each(files)
    if problems:
        raise InvalidFile(problems)
    keys = [data.program.key for _, data in read]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ProgtuiError(f"program {dupes[0]} is in more than one of the files")
    database = _opts(ctx).open()
    with database.write() as session:
        results = [services.import_program(session, data=data, replace=replace, source=path.name)
                   for path, data in read]
    for r in results:
        verb = "replaced" if r.replaced else "imported"
        _out(f"{verb} {r.key} ({r.projects} projects) into {database.where}")


@app.command()
def export(
    ctx: typer.Context,
    program: ProgramArg,
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE",
                                                help="Write to FILE instead of stdout.")] = None,
) -> None:
    """Write a program as YAML (the import format).

    \b
    Example:
      progtui export GLX -o glx.yaml
    """
    from progtui import services
    from progtui.interchange import dump_program, write_program

    database = _opts(ctx).open(create=False)
    with database.read() as session:
        data = services.export_program(session, program=program)
    if output is None:
        sys.stdout.write(dump_program(data))
    else:
        try:
            write_program(data, output)
        except OSError as exc:
            raise ProgtuiError(f"cannot write {output}: {exc.strerror or exc}") from None


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Program YAML files.", metavar="FILE...")],
) -> None:
    """Check files without touching any database.

    \b
    Example:
      progtui validate sample_data/*.yaml
    """
    read, problems = _read_each(files)
    for path, data in read:
        _out(f"{path}: ok ({data.program.key}, {len(data.projects)} projects)")
    if problems:
        raise InvalidFile(problems)


@app.command()
def programs(
    ctx: typer.Context,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the programs in the database.

    \b
    Example:
      progtui programs --format json
    """
    from progtui import store

    database = _opts(ctx).open()
    with database.read() as session:
        rows = store.list_programs(session)
    if fmt is Format.json:
        _json({"programs": [
            {"key": r.key, "name": r.name, "owner": r.owner,
             "start": r.start.isoformat() if r.start else None,
             "end": r.end.isoformat() if r.end else None, "projects": r.projects}
            for r in rows]})
        return
    if not rows:
        _out(f"no programs in {database.where} yet: try 'progtui import FILE'")
        return
    from rich.table import Table
    from rich.text import Text

    from progtui.text import one_line

    table = Table("key", "name", "owner", "start", "end", "projects", box=None, pad_edge=False)
    for r in rows:
        table.add_row(Text(r.key), Text(one_line(r.name)), Text(one_line(r.owner or "")),
                      Text(str(r.start or "")), Text(str(r.end or "")), Text(str(r.projects)))
    _console().print(table)


# --- changes -------------------------------------------------------------------------------

@app.command()
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

    with _opts(ctx).open(create=False).write() as session:
        r = services.move(session, program=program, project=project, rank=rank)
    _out(f"{r.project}: rank {r.old_rank} -> {r.new_rank}" if r.old_rank != r.new_rank
         else f"{r.project} already has rank {r.new_rank}")


@app.command()
def allocate(
    ctx: typer.Context,
    program: ProgramArg,
    person: Annotated[str, typer.Argument(help="Person key.")],
    project: ProjectArg,
    fte: Annotated[float, typer.Argument(help="Share of a full-time person (0 removes).")],
    start: Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD",
                                              help="First day (default: the project's start).")
                     ] = None,
    end: Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD",
                                            help="Last day (default: the project's end).")] = None,
) -> None:
    """Set a person's allocation to a project (FTE 0 removes it).

    \b
    Example:
      progtui allocate GLX alice DE-REG 0.5 --from 2027-04-01 --to 2027-06-30
    """
    from progtui import services

    s, e = _parse_day(start, "--from"), _parse_day(end, "--to")
    with _opts(ctx).open(create=False).write() as session:
        r = services.allocate(session, program=program, person=person, project=project,
                              fte=fte, start=s, end=e)
    _out(f"{r.person} on {r.project}: {services.show_value(r.old_fte)} -> {services.show_value(r.new_fte)} FTE")


@app.command()
def reallocate(
    ctx: typer.Context,
    program: ProgramArg,
    person: Annotated[str, typer.Argument(help="Person key.")],
    from_project: Annotated[str, typer.Argument(help="Project to take the time from.")],
    to_project: Annotated[str, typer.Argument(help="Project to give the time to.")],
    fte: Annotated[float, typer.Argument(help="How much FTE to move.")],
) -> None:
    """Move FTE of a person from one project to another (same period).

    \b
    Example:
      progtui reallocate GLX alice DE-REG FR-REG 0.25
    """
    from progtui import services

    opts = _opts(ctx)
    with opts.open(create=False).write() as session:
        r = services.reallocate(session, program=program, person=person,
                                from_project=from_project, to_project=to_project, fte=fte,
                                today=opts.today)
    t = services.show_value
    _out(f"moved {t(r.fte)} FTE of {r.person} from {r.from_project} (now {t(r.left_on_source)}) "
         f"to {r.to_project} (now {t(r.now_on_target)})")


@app.command()
def decide(
    ctx: typer.Context,
    program: ProgramArg,
    text: Annotated[str, typer.Argument(help="What was decided.")],
    about: Annotated[list[str] | None, typer.Option(
        "--about", metavar="KEY", help="A project, risk, person or objective it is about "
        "(repeatable).")] = None,
) -> None:
    """Record a decision.

    \b
    Example:
      progtui decide GLX "Fast-track DE-REG" --about DE-REG
    """
    from progtui import services

    with _opts(ctx).open(create=False).write() as session:
        dec = services.decide(session, program=program, text=text, about=tuple(about or ()))
    _out(f"decision recorded at {dec.when:%Y-%m-%d %H:%M} by {dec.who}")


@app.command("set-status")
def set_status(
    ctx: typer.Context,
    program: ProgramArg,
    project: ProjectArg,
    status: Annotated[str, typer.Argument(
        help="approved, active, done, on_hold, cancelled, or back (from on_hold).")],
    on: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD",
                                           help="The actual start or end (default: today).")
                  ] = None,
) -> None:
    """Move a project to another status, along the allowed transitions only.

    \b
    Example:
      progtui set-status GLX DE-MKT active --date 2027-05-03
    """
    from progtui import services

    opts = _opts(ctx)
    day = _parse_day(on, "--date") or opts.today
    with opts.open(create=False).write() as session:
        r = services.set_status(session, program=program, project=project, status=status, on=day)
    _out(f"{r.project}: {r.old} -> {r.new}")


@app.command("set-percent")
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

    with _opts(ctx).open(create=False).write() as session:
        old, new = services.set_percent(session, program=program, project=project,
                                        percent=percent)
    _out(f"{project}: {services.show_value(old)} -> {services.show_value(new)} % complete")


@app.command("set-cost")
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

    with _opts(ctx).open(create=False).write() as session:
        old, new = services.set_actual_cost(session, program=program, project=project,
                                            amount=amount)
    _out(f"{project}: actual cost {services.show_value(old)} -> {services.show_value(new)}")


@app.command()
def risk(
    ctx: typer.Context,
    program: ProgramArg,
    key: Annotated[str, typer.Argument(help="Risk key.")],
    probability: Annotated[int | None, typer.Option("--probability", "-p", min=1, max=5,
                                                    help="1 to 5.")] = None,
    impact: Annotated[int | None, typer.Option("--impact", "-i", min=1, max=5,
                                               help="1 to 5.")] = None,
    status: Annotated[str | None, typer.Option(
        "--status", help="open, mitigating, closed or occurred.")] = None,
    mitigation: Annotated[str | None, typer.Option("--mitigation", help="What is done about it "
                                                   "('' clears it).")] = None,
) -> None:
    """Change a risk's probability, impact, status or mitigation.

    \b
    Example:
      progtui risk GLX R2 --probability 2 --status mitigating --mitigation "Artwork kept editable"
    """
    from progtui import services

    with _opts(ctx).open(create=False).write() as session:
        changed = services.update_risk(session, program=program, risk=key,
                                       probability=probability, impact=impact, status=status,
                                       mitigation=mitigation)
    if not changed:
        _out(f"{key}: nothing to change")
    for field, (old, new) in changed.items():
        _out(f"{key} {field}: {services.show_value(old)} -> {services.show_value(new)}")


KindArg = Annotated[str, typer.Argument(help="project, risk, person or milestone.")]
FieldsArg = Annotated[list[str] | None, typer.Argument(
    help="FIELD=VALUE pairs, written as in the YAML (dates 2027-01-04, lists a,b).",
    show_default=False)]


@app.command()
def add(
    ctx: typer.Context,
    program: ProgramArg,
    kind: KindArg,
    fields: FieldsArg = None,
    project: Annotated[str | None, typer.Option(
        "--project", help="The project a milestone belongs to.")] = None,
) -> None:
    """Add a project (proposed, ranked last), a risk, a person or a milestone.

    \b
    Example:
      progtui add GLX risk key=R9 title="Courier strike" probability=2 impact=4 projects=FR-PKG
    """
    from progtui import editing

    values = editing.parse_assignments(fields or [])
    with _opts(ctx).open(create=False).write() as session:
        key = editing.add(session, program=program, kind=kind, values=values, parent=project)
    _out(f"added {kind} {key}")


@app.command()
def edit(
    ctx: typer.Context,
    program: ProgramArg,
    kind: KindArg,
    key: Annotated[str, typer.Argument(help="Its key (a milestone: PROJECT/NAME).")],
    fields: FieldsArg = None,
) -> None:
    """Change fields of a project, risk, person or milestone (FIELD= clears one).

    \b
    Example:
      progtui edit GLX project FR-PKG end=2027-09-30 manager=P3
    """
    from progtui import editing

    values = editing.parse_assignments(fields or [])
    with _opts(ctx).open(create=False).write() as session:
        changed = editing.edit(session, program=program, kind=kind, key=key, values=values)
    if not changed:
        _out(f"{key}: nothing to change")
    for field, (old, new) in changed.items():
        _out(f"{key} {field}: {old or '–'} -> {new or '–'}")


@app.command()
def delete(
    ctx: typer.Context,
    program: ProgramArg,
    kind: KindArg,
    key: Annotated[str, typer.Argument(help="Its key (a milestone: PROJECT/NAME).")],
) -> None:
    """Delete a risk, a milestone or a person without allocations (projects are cancelled:
    set-status PROGRAM PROJECT cancelled; allocations: allocate ... 0).

    \b
    Example:
      progtui delete GLX milestone "FR-PKG/Artwork approved"
    """
    from progtui import editing

    with _opts(ctx).open(create=False).write() as session:
        editing.remove_entity(session, program=program, kind=kind, key=key)
    _out(f"deleted {kind} {key}")


def _revert(ctx: typer.Context, program: str, action: str) -> None:
    from progtui import history

    with _opts(ctx).open(create=False).write() as session:
        done = getattr(history, action)(session, program=program)
    more = f" (and {done.changes - 1} more)" if done.changes > 1 else ""
    _out(f"{action}: {done.summary}{more}")


@app.command()
def undo(ctx: typer.Context, program: ProgramArg) -> None:
    """Undo your latest change to the program that is still in effect (as a new change).

    \b
    Example:
      progtui undo GLX
    """
    _revert(ctx, program, "undo")


@app.command()
def redo(ctx: typer.Context, program: ProgramArg) -> None:
    """Redo your latest undone change.

    \b
    Example:
      progtui redo GLX
    """
    _revert(ctx, program, "redo")


class ReportFormat(str, Enum):
    md = "md"
    html = "html"


@app.command()
def report(
    ctx: typer.Context,
    program: ProgramArg,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="md or html.")] = ReportFormat.md,
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE",
                                                help="Write here instead of stdout.")] = None,
    since: Annotated[str | None, typer.Option(
        "--since", metavar="YYYY-MM-DD", help="Decisions and changes from this day on "
        "(default: since the previous report was made).")] = None,
) -> None:
    """The steering report: health and KPIs (against the previous report), roadmap, critical
    path, projects by health, milestones, top risks, capacity hot spots, decisions and changes.
    Each report keeps its KPIs, for the next one to compare with.

    \b
    Example:
      progtui --today 2027-03-15 report GLX --format html -o steering.html --since 2027-03-01
    """
    from progtui import services, steering

    opts = _opts(ctx)
    day = _parse_day(since, "--since")
    if output is not None and output.parent and not output.parent.is_dir():
        raise typer.BadParameter(f"folder {output.parent} does not exist", param_hint="-o")
    with opts.open(create=False).write() as session:
        made = services.steering_report(session, program=program, today=opts.today, since=day)
        text = steering.markdown(made) if fmt is ReportFormat.md else steering.html_page(made)
        if output is not None:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise ProgtuiError(f"cannot write {output}: {exc.strerror}") from None
    if output is None:
        sys.stdout.write(text)
    else:
        _out(f"wrote the {fmt.value} report of {program} to {output}")


@app.command()
def benefit(
    ctx: typer.Context,
    program: ProgramArg,
    objective: Annotated[str | None, typer.Argument(help="Objective key.")] = None,
    value: Annotated[float | None, typer.Argument(help="Its value on the day.")] = None,
    on: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD",
                                           help="The day of the value (default: today).")] = None,
) -> None:
    """Record an objective's value (its history is kept); without OBJECTIVE, show each
    objective's trend toward its target and the program's benefit realisation over time.

    \b
    Example:
      progtui benefit GLX REV 410000 --date 2027-03-31
    """
    from progtui import services
    from progtui.analysis.benefits import realised, sparkline, trend

    opts = _opts(ctx)
    if objective is not None:
        if value is None:
            raise typer.BadParameter("give the VALUE to record", param_hint="VALUE")
        day = _parse_day(on, "--date") or opts.today
        with opts.open(create=False).write() as session:
            old, new = services.record_benefit(session, program=program, objective=objective,
                                               value=value, on=day)
        _out(f"{objective} on {day}: {services.show_value(old) or '—'} -> "
             f"{services.show_value(new)}")
        return
    with opts.open(create=False).read() as session:
        data = services.export_program(session, program=program)
    from progtui.text import one_line

    for o in data.objectives:
        values = [m.value for m in o.history]
        _out(f"{o.key:8} {one_line(o.name)[:32]:32} {services.show_value(o.baseline)} -> "
             f"{services.show_value(o.current) or '—'} of {services.show_value(o.target)} "
             f"{one_line(o.unit or '')}  {realised(o, o.current):.0%}  {sparkline(values)}")
    series = trend(data)
    if series:
        _out(f"benefit realisation {series[0][0]} .. {series[-1][0]}: "
             f"{series[0][1]:.0%} -> {series[-1][1]:.0%}  {sparkline([v for _, v in series])}")


@app.command()
def baseline(
    ctx: typer.Context,
    program: ProgramArg,
    name: Annotated[str | None, typer.Argument(help="Name to save the plan under.")] = None,
) -> None:
    """Save the current plan (planned dates, budgets, milestone due dates, forecasts) under a
    name, dated today; without NAME, list the baselines.

    \b
    Example:
      progtui --today 2027-03-15 baseline GLX "March steering"
    """
    from progtui import services

    opts = _opts(ctx)
    if name is None:
        with opts.open(create=False).read() as session:
            data = services.export_program(session, program=program)
        for b in data.baselines:
            _out(f"{b.taken}  {b.name}  ({len(b.projects)} projects)")
        if not data.baselines:
            _out(f"{program} has no baselines yet")
        return
    with opts.open(create=False).write() as session:
        b = services.take_baseline(session, program=program, name=name, today=opts.today)
    _out(f"saved baseline '{b.name}' of {b.taken} ({len(b.projects)} projects, "
         f"{len(b.milestones)} milestones)")


@app.command()
def log(
    ctx: typer.Context,
    program: ProgramArg,
    fmt: FormatOpt = Format.table,
) -> None:
    """Show the audit trail of changes, oldest first.

    \b
    Example:
      progtui log GLX --format json
    """
    from progtui import services

    with _opts(ctx).open(create=False).read() as session:
        rows = services.changes(session, program=program)
    if fmt is Format.json:
        _json({"changes": [
            {"when": r.when.isoformat(), "who": r.who, "entity": r.entity, "field": r.field,
             "old": r.old, "new": r.new, "batch": r.batch, "action": r.action,
             "data": r.data} for r in rows]})
        return
    from rich.table import Table
    from rich.text import Text

    from progtui.text import one_line

    table = Table("when", "who", "entity", "field", "old", "new", box=None, pad_edge=False)
    for r in rows:
        table.add_row(*(Text(one_line(v or "")) for v in (
            f"{r.when:%Y-%m-%d %H:%M:%S}", r.who, r.entity, r.field, r.old, r.new)))
    _console().print(table)


# --- analysis ------------------------------------------------------------------------------

def _program_data(opts: Options, program: str) -> Any:
    """A program from the database by key, or straight from a YAML file (nothing imported)."""
    if program.endswith((".yaml", ".yml")) or Path(program).is_file():
        from progtui.interchange import read_program

        return read_program(program)
    from progtui import services

    with opts.open(create=False).read() as session:
        return services.export_program(session, program=program)


def _rag(value: str | None) -> Any:
    from rich.text import Text

    from progtui.look import rag_label, rag_style

    return Text(rag_label(value), style=rag_style(value))


def _num(value: float | None, fmt: str = "{:.2f}") -> str:
    return "—" if value is None else fmt.format(value)


def _json(obj: Any) -> None:
    from progtui.analysis.report import dumps

    _out(dumps(obj))


@app.command()
def status(
    ctx: typer.Context,
    program: SourceArg,
    fmt: FormatOpt = Format.table,
    baseline: Annotated[str | None, typer.Option(
        "--baseline", metavar="NAME", help="Add each project's move since this baseline.")] = None,
) -> None:
    """Health, KPIs, schedule and earned value of every project.

    \b
    Example:
      progtui --today 2027-03-15 status GLX
      progtui --today 2027-03-15 status sample_data/global-launch.yaml --format json
    """
    from progtui.analysis import analyze
    from progtui.analysis import report

    from progtui.analysis.baseline import find, variances

    opts = _opts(ctx)
    a = analyze(_program_data(opts, program), opts.today)
    chosen = find(a.data, baseline) if baseline else None
    if fmt is Format.json:
        _json(report.status(a, chosen))
        return
    moved = variances(a, chosen) if chosen else {}
    from rich.table import Table
    from rich.text import Text

    from progtui.text import one_line

    k = a.kpis
    head = Text.assemble((one_line(a.data.program.name), "bold"), f"  {a.data.program.key}  "
                         f"today {a.today}  health ", _rag(a.health))
    kpis = (f"on-time {_num(k.on_time_delivery, '{:.0%}')}  cost performance "
            f"{_num(k.cost_performance)}  utilization {_num(k.utilization, '{:.0%}')}  "
            f"benefits {_num(k.benefit_realisation, '{:.0%}')}  risk exposure {k.risk_exposure}")
    table = Table("#", "key", "name", "status", "health", "finish", "slip", "float", "CPI",
                  "SPI", "EAC", "WSJF", "risk", box=None, pad_edge=False)
    if chosen:
        table.add_column(f"vs {chosen.name}", justify="right")
        head.append(f"  baseline {chosen.name} of {chosen.taken}")
    for r in a.projects:
        s, ev = r.slot, r.ev
        v = moved.get(r.project.key)
        extra = [("—" if v is None or v.slip is None else f"{v.slip:+d}")] if chosen else []
        table.add_row(
            str(r.project.rank), Text(r.project.key), Text(one_line(r.project.name)),
            r.project.status, _rag(r.health.rag if r.health else None),
            str(a.date_of(s.f - 1)) if s else "—", str(s.slip) if s else "—",
            ("—" if s is None or s.total_float is None else
             Text(str(s.total_float), style="bold red" if s.critical else "")),
            _num(ev.cpi if ev else None), _num(ev.spi if ev else None),
            _num(ev.eac if ev else None, "{:,.0f}"), _num(r.wsjf, "{:.1f}"), str(r.exposure),
            *extra)
    console = _console()
    console.print(head)
    console.print(kpis)
    console.print(table)


@app.command()
def impact(
    ctx: typer.Context,
    program: SourceArg,
    project: Annotated[str, typer.Argument(help="The project that slips.")],
    days: Annotated[int, typer.Argument(help="Working days of slip.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """What-if: what moves when PROJECT slips DAYS working days (nothing is saved).

    \b
    Example:
      progtui --today 2027-03-15 impact GLX FR-PKG 10
    """
    from progtui.analysis import report
    from progtui.analysis.impact import impact as what_if

    opts = _opts(ctx)
    i = what_if(_program_data(opts, program), opts.today, project, days)
    if fmt is Format.json:
        _json(report.impact(i))
        return
    from rich.table import Table
    from rich.text import Text

    console = _console()
    console.print(f"{project} slips {days} working days: {len(i.projects)} projects and "
                  f"{len(i.milestones)} milestones move; program finish {i.old_finish} -> "
                  f"{i.new_finish}")
    table = Table("what", "old", "new", box=None, pad_edge=False)
    for m in i.projects:
        table.add_row(Text(m.key), f"{m.old_start} .. {m.old_finish}",
                      f"{m.new_start} .. {m.new_finish}")
    for ms in i.milestones:
        table.add_row(Text(f"{ms.project}: {ms.name}"), str(ms.old), str(ms.new))
    console.print(table)


@app.command()
def capacity(
    ctx: typer.Context,
    program: SourceArg,
    fmt: FormatOpt = Format.table,
) -> None:
    """Demand and utilization per person and month (over 100% is over-allocated).

    \b
    Example:
      progtui capacity GLX --format json
    """
    from progtui.analysis import report
    from progtui.analysis.calendar import Calendar
    from progtui.analysis.capacity import capacity as loads

    data = _program_data(_opts(ctx), program)
    people = tuple(loads(data, Calendar(data.program.holidays)))
    if fmt is Format.json:
        _json(report.capacity(people))
        return
    from rich.table import Table
    from rich.text import Text

    months = [m.month for m in people[0].months] if people else []
    table = Table("person", "cap", *months, box=None, pad_edge=False)
    for pe in people:
        cells = []
        for m in pe.months:
            label = "—" if m.utilization is None and not m.demand else (
                "∞" if m.utilization is None else f"{m.utilization:.0%}")
            cells.append(Text(("!" if m.over else "") + label, style="bold red" if m.over else ""))
        table.add_row(Text(pe.key), f"{pe.capacity:g}", *cells)
    _console().print(table)


# --- sample programs -----------------------------------------------------------------------

@app.command()
def sample(
    projects: Annotated[int, typer.Option("--projects", min=1, max=1_000_000,
                                          help="Number of projects.")] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same file).")] = 1,
    years: Annotated[float | None, typer.Option(
        "--years", min=1, max=50, help="Plan the program over this many years, links agreeing "
        "with the plan, as a real one (default: random links, chains over decades).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE",
                                                help="Write to FILE instead of stdout.")] = None,
) -> None:
    """Generate a valid program of any size (for tests and benchmarks).

    Three dependencies per project on average, of all four types; a tenth as many people as
    projects, four allocations per project, 0.3 risks per project.

    \b
    Example:
      progtui sample --projects 10000 --seed 7 -o big.yaml
      progtui sample --projects 10000 --seed 7 --years 2 -o two-years.yaml
    """
    from progtui.interchange import dump_program, write_program
    from progtui.sample import generate

    data = generate(projects=projects, seed=seed, years=years)
    if output is None:
        sys.stdout.write(dump_program(data))
    else:
        write_program(data, output)


# --- entry point ---------------------------------------------------------------------------

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
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        if os.environ.get("PROGTUI_DEBUG"):
            raise
        module = type(exc).__module__ or ""
        if module.startswith(("sqlalchemy", "psycopg", "sqlite3")):
            from progtui.db import explain

            _fail(f"progtui: database error: {explain(exc)}", 1)
        _fail(f"progtui: internal error: {type(exc).__name__}: {exc} "
              "(run with PROGTUI_DEBUG=1 for details)", 1)
    finally:
        gc.enable()
    sys.exit(result if isinstance(result, int) else 0)
