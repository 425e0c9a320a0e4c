"""People's time: allocate, reallocate, and capacity (demand against capacity by month)."""

from __future__ import annotations

from typing import Annotated

import typer

from progtui.cli import common
from progtui.cli.common import Format, FormatOpt, ProgramArg, ProjectArg, SourceArg

PersonArg = Annotated[str, typer.Argument(help="Person key.")]


def allocate(
    ctx: typer.Context,
    program: ProgramArg,
    person: PersonArg,
    project: ProjectArg,
    fte: Annotated[float, typer.Argument(help="Share of a full-time person (0 removes).")],
    start: Annotated[
        str | None,
        typer.Option(
            "--from", metavar="YYYY-MM-DD", help="First day (default: the project's start)."
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--to", metavar="YYYY-MM-DD", help="Last day (default: the project's end)."),
    ] = None,
) -> None:
    """Set a person's allocation to a project (FTE 0 removes it).

    \b
    Example:
      progtui allocate GLX alice DE-REG 0.5 --from 2027-04-01 --to 2027-06-30
    """
    from progtui import services

    s, e = common.parse_day(start, "--from"), common.parse_day(end, "--to")
    with common.session(ctx, write=True) as session:
        r = services.allocate(
            session, program=program, person=person, project=project, fte=fte, start=s, end=e
        )
    t = services.show_value
    common.out(f"{r.person} on {r.project}: {t(r.old_fte)} -> {t(r.new_fte)} FTE")


def reallocate(
    ctx: typer.Context,
    program: ProgramArg,
    person: PersonArg,
    from_project: Annotated[str, typer.Argument(help="Project to take the time from.")],
    to_project: Annotated[str, typer.Argument(help="Project to give the time to.")],
    fte: Annotated[float, typer.Argument(help="How much FTE to move.")],
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="YYYY-MM-DD",
            help="Move only from this day (today or later; default with --to: today).",
        ),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option(
            "--to",
            metavar="YYYY-MM-DD",
            help="Move only up to this day (default with --from: the allocation's end).",
        ),
    ] = None,
) -> None:
    """Move FTE of a person from one project to another (same period, or part of it).

    \b
    Example:
      progtui reallocate GLX alice DE-REG FR-REG 0.25
      progtui reallocate GLX alice DE-REG FR-REG 0.2 --from 2027-03-15 --to 2027-04-30
    """
    from progtui import services

    s, e = common.parse_day(start, "--from"), common.parse_day(end, "--to")
    with common.session(ctx, write=True) as session:
        r = services.reallocate(
            session,
            program=program,
            person=person,
            from_project=from_project,
            to_project=to_project,
            fte=fte,
            today=common.options(ctx).today,
            start=s,
            end=e,
        )
    t = services.show_value
    period = f" for {r.start}..{r.end}" if r.start and r.end else ""
    common.out(
        f"moved {t(r.fte)} FTE of {r.person} from {r.from_project} (now {t(r.left_on_source)}) "
        f"to {r.to_project} (now {t(r.now_on_target)}){period}"
    )


def capacity(
    ctx: typer.Context,
    program: SourceArg,
    fmt: FormatOpt = Format.table,
    columns: common.ColumnsOpt = None,
) -> None:
    """Demand and utilization per person and month (over 100% is over-allocated). Months are
    headed YY-MM; at the terminal's width the months furthest from today drop out first
    (past months before future ones).

    \b
    Example:
      progtui capacity GLX --format json
      progtui capacity GLX --columns person,27-03,27-04
    """
    from progtui.analysis.calendar import Calendar
    from progtui.analysis.capacity import capacity as loads
    from progtui.reports import status as report

    data = common.program_data(ctx, program)
    people = tuple(loads(data, Calendar(data.program.holidays)))
    if fmt is Format.json:
        common.json(
            {"demand_from": "file" if common.is_file(program) else "database"}
            | report.capacity(people)
        )
        return
    from rich.text import Text

    def cell(over: bool, label: str) -> Text:
        return Text(("!" if over else "") + label, style="bold red" if over else "")

    months = [m.month for m in people[0].months] if people else []
    Col = common.Col
    cols = [Col("person", cut=True, least=8), Col("cap", right=True)]
    cols += [Col("also in", cut=True, least=8, keep=4)]
    cols += common.month_columns(months, common.options(ctx).today)
    picked = common.pick_columns(columns, cols)
    common.table(
        cols,
        (
            (
                pe.key,
                f"{pe.capacity:g}",
                ", ".join(name for name, _ in pe.elsewhere),
                *(
                    cell(
                        m.over,
                        "—"
                        if m.utilization is None and not m.demand
                        else ("∞" if m.utilization is None else f"{m.utilization:.0%}"),
                    )
                    for m in pe.months
                ),
            )
            for pe in people
        ),
        picked=picked,
    )
    if common.is_file(program):
        common.out(common.FILE_ALONE)


def people(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """The organisation's people: each one's load per month across every program of the
    database (a program you may not read counts as "other programs", unnamed).

    \b
    Example:
      progtui people --format json
    """
    from progtui import services
    from progtui.analysis.calendar import Calendar
    from progtui.analysis.capacity import capacity as loads
    from progtui.reports import status as report

    with common.session(ctx, create=True) as session:
        org = services.organisation(session)
    people = tuple(loads(org, Calendar(())))
    if fmt is Format.json:
        common.json(report.organisation(org, people))
        return
    by_key = {p.key: p for p in org.people}
    from rich.text import Text

    months = [m.month for m in people[0].months] if people else []
    Col = common.Col
    cols = [Col("person"), Col("name", cut=True, least=12, keep=5), Col("cap", right=True)]
    cols += [Col("programs", cut=True, least=10, keep=4)]
    cols += common.month_columns(months, common.options(ctx).today)
    common.table(
        cols,
        (
            (
                pl.key,
                by_key[pl.key].name,
                f"{pl.capacity:g}",
                ", ".join(report.programs_of(org, pl.key)),
                *(
                    Text(
                        ("!" if m.over else "")
                        + (
                            ""
                            if not m.demand
                            else "∞"
                            if m.utilization is None
                            else f"{m.utilization:.0%}"
                        ),
                        style="bold red" if m.over else "",
                    )
                    for m in pl.months
                ),
            )
            for pl in people
        ),
    )
