"""Reading a program: status, impact, report, benefit, baseline, minutes."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from progtui.cli import common
from progtui.cli.common import Format, FormatOpt, ProgramArg, SourceArg
from progtui.errors import ProgtuiError

if TYPE_CHECKING:
    from rich.text import Text

    from progtui.analysis import ProjectResult


def status(
    ctx: typer.Context,
    program: SourceArg,
    fmt: FormatOpt = Format.table,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline", metavar="NAME", help="Add each project's move since this baseline."
        ),
    ] = None,
    columns: common.ColumnsOpt = None,
) -> None:
    """Health, KPIs, schedule and earned value of every project (at the terminal's width,
    the least important columns drop out first: EAC, WSJF, SPI, risk, CPI, ...).

    \b
    Example:
      progtui --today 2027-03-15 status GLX
      progtui --today 2027-03-15 status GLX --columns key,name,health,finish,slip
      progtui --today 2027-03-15 status sample_data/global-launch.yaml --format json
    """
    from progtui.analysis import analyze
    from progtui.analysis.baseline import find, variances
    from progtui.reports import status as report

    today = common.options(ctx).today
    a = analyze(common.program_data(ctx, program), today)
    chosen = find(a.data, baseline) if baseline else None
    if fmt is Format.json:
        common.json(report.status(a, chosen))
        return
    from rich.text import Text

    from progtui.text import one_line

    moved = variances(a, chosen) if chosen else {}
    num = common.number
    k = a.kpis
    head = Text.assemble(
        (one_line(a.data.program.name), "bold"),
        f"  {a.data.program.key}  today {a.today}  health ",
        common.rag(a.health),
    )
    if chosen:
        head.append(f"  baseline {one_line(chosen.name)} of {chosen.taken}")
    kpis = Text(  # two spaces between KPIs: where a narrow terminal may break the line
        f"on-time {num(k.on_time_delivery, '{:.0%}')}  cost performance "
        f"{num(k.cost_performance)}  utilization {num(k.utilization, '{:.0%}')}  "
        f"benefits {num(k.benefit_realisation, '{:.0%}')}  risk exposure {k.risk_exposure}"
    )
    reported = any(p.reported_end for p in a.data.projects)  # synced plans: beside finish
    Col = common.Col
    cols = [Col("#", right=True), Col("key"), Col("name", cut=True, least=24)]
    cols += [Col("status", keep=2)]
    cols += [Col("health"), Col("finish", keep=1)]
    cols += [Col("PM finish", keep=2)] * reported + [Col("slip", right=True, keep=1)]
    cols += [Col("float", right=True, keep=2), Col("CPI", right=True, keep=3)]
    cols += [Col("SPI", right=True, keep=4), Col("EAC", right=True, keep=5)]
    cols += [Col("WSJF", right=True, keep=5), Col("risk", right=True, keep=4)]
    if chosen:
        cols.append(Col("base", right=True, keep=1))  # slip since the baseline in the head
    picked = common.pick_columns(columns, cols)

    def row(r: ProjectResult) -> list[str | Text]:
        s, ev = r.slot, r.ev
        v = moved.get(r.project.key)
        extra = [("—" if v is None or v.slip is None else f"{v.slip:+d}")] if chosen else []
        return [
            str(r.project.rank),
            r.project.key,
            r.project.name,
            r.project.status,
            common.rag(r.health.rag if r.health else None),
            str(a.date_of(s.f - 1)) if s else "—",
            *([str(r.project.reported_end or "—")] * reported),
            str(s.slip) if s else "—",
            (
                "—"
                if s is None or s.total_float is None
                else Text(str(s.total_float), style="bold red" if s.critical else "")
            ),
            num(ev.cpi if ev else None),
            num(ev.spi if ev else None),
            num(ev.eac if ev else None, "{:,.0f}"),
            num(r.wsjf, "{:.1f}"),
            str(r.exposure),
            *extra,
        ]

    common.table(cols, map(row, a.projects), above=(head, kpis), picked=picked)
    if common.is_file(program):
        common.out(common.FILE_ALONE)


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
    from progtui.analysis.impact import Ripple
    from progtui.analysis.impact import impact as what_if
    from progtui.domain import MAX_WORKING_DAYS
    from progtui.reports import status as report

    if not 0 <= days <= MAX_WORKING_DAYS:
        raise typer.BadParameter(
            f"a slip is 0 to {MAX_WORKING_DAYS} working days, not {days}", param_hint="DAYS"
        )
    today = common.options(ctx).today
    elsewhere: list[Ripple] = []
    if common.is_file(program):
        i = what_if(common.program_data(ctx, program), today, project, days)
    else:
        from progtui import services

        with common.session(ctx) as s:
            i = what_if(services.load_program(s, program=program), today, project, days)
            elsewhere = services.impact_across(
                s, program=program, project=project, days=days, today=today
            )
    if fmt is Format.json:
        common.json(report.impact(i, elsewhere))
        return
    moves = [
        (m.key, f"{m.old_start} .. {m.old_finish}", f"{m.new_start} .. {m.new_finish}")
        for m in i.projects
    ]
    moves += [(f"{ms.project}: {ms.name}", str(ms.old), str(ms.new)) for ms in i.milestones]
    for r in elsewhere:  # then the other programs downstream, each project named PROGRAM/KEY
        moves += [
            (
                f"{r.program}/{m.key}",
                f"{m.old_start} .. {m.old_finish}",
                f"{m.new_start} .. {m.new_finish}",
            )
            for m in r.projects
        ]
        moves += [
            (f"{r.program}/{ms.project}: {ms.name}", str(ms.old), str(ms.new))
            for ms in r.milestones
        ]
    summary = (
        f"{project} slips {days} working days: {len(i.projects)} projects and "
        f"{len(i.milestones)} milestones move; program finish {i.old_finish} -> "
        f"{i.new_finish}"
    )
    above = [summary]
    if elsewhere:
        n = sum(len(r.projects) for r in elsewhere)
        k = sum(len(r.milestones) for r in elsewhere)
        names = ", ".join(r.program for r in elsewhere)
        above.append(f"in other programs ({names}): {n} projects and {k} milestones move")
    Col = common.Col
    common.table((Col("what", cut=True, least=16), Col("old"), Col("new")), moves, above=above)


class ReportFormat(StrEnum):
    md = "md"
    html = "html"


def report(
    ctx: typer.Context,
    program: Annotated[
        str | None, typer.Argument(help="Program key (not with --portfolio).", show_default=False)
    ] = None,
    fmt: Annotated[ReportFormat, typer.Option("--format", help="md or html.")] = ReportFormat.md,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", metavar="FILE", help="Write here instead of stdout."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="YYYY-MM-DD",
            help="Decisions and changes from this day on "
            "(default: since the previous report was made).",
        ),
    ] = None,
    whole: Annotated[
        bool,
        typer.Option("--portfolio", help="One report over every program you may read (not kept)."),
    ] = False,
) -> None:
    """The steering report: health and KPIs (against the previous report), roadmap, critical
    path, projects by health, milestones, top risks, capacity hot spots, decisions and changes.
    Each report keeps its KPIs, for the next one to compare with. With --portfolio, one
    report over the programs: their health and KPIs, the programs by rank, links between
    programs at risk, people over-allocated across programs and the top risks (not kept).

    \b
    Example:
      progtui --today 2027-03-15 report GLX --format html -o steering.html --since 2027-03-01
      progtui --today 2027-03-15 report --portfolio --format html -o portfolio.html
    """
    from progtui import services
    from progtui.reports import steering

    day = common.parse_day(since, "--since")
    if whole and program is not None:
        raise typer.BadParameter("give a PROGRAM or --portfolio, not both", param_hint="PROGRAM")
    if not whole and program is None:
        raise typer.BadParameter("give a PROGRAM, or --portfolio", param_hint="PROGRAM")
    if whole and since is not None:
        raise typer.BadParameter(
            "a portfolio report has no decisions and changes", param_hint="--since"
        )
    if output is not None and not output.parent.is_dir():
        raise typer.BadParameter(f"folder {output.parent} does not exist", param_hint="-o")
    if program is None:
        _portfolio_report(ctx, fmt, output)
        return
    with common.session(ctx, write=True) as session:
        made = services.steering_report(
            session, program=program, today=common.options(ctx).today, since=day
        )
        text = steering.markdown(made) if fmt is ReportFormat.md else steering.html_page(made)
        if output is not None:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise ProgtuiError(f"cannot write {output}: {exc.strerror}") from None
    if output is None:
        sys.stdout.write(text)
    else:
        common.out(f"wrote the {fmt.value} report of {program} to {output}")


def _portfolio_report(ctx: typer.Context, fmt: ReportFormat, output: Path | None) -> None:
    """The portfolio's report: read only (nothing kept), written to *output* or stdout."""
    from progtui import services
    from progtui.reports import portfolio

    with common.session(ctx) as session:
        made = services.portfolio_report(session, today=common.options(ctx).today)
    text = portfolio.markdown(made) if fmt is ReportFormat.md else portfolio.html_page(made)
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ProgtuiError(f"cannot write {output}: {exc.strerror}") from None
    common.out(f"wrote the {fmt.value} report of the portfolio to {output}")


def benefit(
    ctx: typer.Context,
    program: ProgramArg,
    objective: Annotated[str | None, typer.Argument(help="Objective key.")] = None,
    value: Annotated[float | None, typer.Argument(help="Its value on the day.")] = None,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The day of the value (default: today)."),
    ] = None,
) -> None:
    """Record an objective's value (its history is kept); without OBJECTIVE, show each
    objective's trend toward its target and the program's benefit realisation over time.

    \b
    Example:
      progtui benefit GLX REV 410000 --date 2027-03-31
    """
    from progtui import services
    from progtui.analysis.benefits import realised, sparkline, trend

    t = services.show_value
    if objective is not None:
        if value is None:
            raise typer.BadParameter("give the VALUE to record", param_hint="VALUE")
        day = common.parse_day(on, "--date") or common.options(ctx).today
        with common.session(ctx, write=True) as session:
            old, new = services.record_benefit(
                session, program=program, objective=objective, value=value, on=day
            )
        common.out(f"{objective} on {day}: {t(old) or '—'} -> {t(new)}")
        return
    with common.session(ctx) as session:
        data = services.export_program(session, program=program)
    from progtui.text import one_line

    for o in data.objectives:
        values = [m.value for m in o.history]
        common.out(
            f"{o.key:8} {one_line(o.name)[:32]:32} {t(o.baseline)} -> "
            f"{t(o.current) or '—'} of {t(o.target)} "
            f"{one_line(o.unit or '')}  {realised(o, o.current):.0%}  {sparkline(values)}"
        )
    series = trend(data)
    if series:
        common.out(
            f"benefit realisation {series[0][0]} .. {series[-1][0]}: "
            f"{series[0][1]:.0%} -> {series[-1][1]:.0%}  {sparkline([v for _, v in series])}"
        )


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

    if name is None:
        with common.session(ctx) as session:
            data = services.export_program(session, program=program)
        for b in data.baselines:
            common.out(f"{b.taken}  {b.name}  ({len(b.projects)} projects)")
        if not data.baselines:
            common.out(f"{program} has no baselines yet")
        return
    with common.session(ctx, write=True) as session:
        b = services.take_baseline(
            session, program=program, name=name, today=common.options(ctx).today
        )
    common.out(
        f"saved baseline '{b.name}' of {b.taken} ({len(b.projects)} projects, "
        f"{len(b.milestones)} milestones)"
    )


class MinutesFormat(StrEnum):
    text = "text"
    md = "md"


def minutes(
    ctx: typer.Context,
    program: ProgramArg,
    fmt: Annotated[
        MinutesFormat | None,
        typer.Option(
            "--format", help="text or md (default: text in a terminal, Markdown into a file)."
        ),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="The last meeting's (the default).")] = False,
    on: Annotated[
        str | None,
        typer.Option("--date", metavar="YYYY-MM-DD", help="The last meeting of that day."),
    ] = None,
) -> None:
    """Print the minutes of a triage meeting: plain text in a terminal (what was said,
    literally), Markdown into a file or a pipe, or as --format asks.

    \b
    Example:
      progtui minutes GLX --date 2027-03-15
    """
    from progtui import services

    day = common.parse_day(on, "--date")
    if last and day:
        raise typer.BadParameter("give --last or --date, not both", param_hint="--date")
    with common.session(ctx) as session:
        text = services.minutes_of(session, program=program, day=day)
    if fmt is MinutesFormat.text or (fmt is None and sys.stdout.isatty()):
        from progtui.reports.escape import md_text

        text = md_text(text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def portfolio(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """The portfolio: every program you may read, by portfolio rank, with its health and why,
    finish against its end, money, delivery, benefits, risk and people over-allocated across
    programs (SPEC 6).

    \b
    Example:
      progtui --today 2027-03-15 portfolio --format json
    """
    from rich.text import Text

    from progtui import services
    from progtui.analysis.portfolio import portfolio_kpis
    from progtui.reports import status as report

    today = common.options(ctx).today
    with common.session(ctx, create=True) as session:
        rows = services.portfolio(session, today=today)
    if fmt is Format.json:
        common.json(report.portfolio(rows, today))
        return
    num = common.number
    k = portfolio_kpis(rows)
    head = Text.assemble(("Portfolio", "bold"), f"  today {today}  health ", common.rag(k.health))
    kpis = Text(
        f"on-time {num(k.on_time_delivery, '{:.0%}')}  cost performance "
        f"{num(k.cost_performance)}  benefits {num(k.benefit_realisation, '{:.0%}')}  "
        f"risk exposure {k.risk_exposure}"
    )
    Col = common.Col
    cols = [Col("#", right=True), Col("key"), Col("health"), Col("why", cut=True, least=16)]
    cols += [Col("finish", keep=1), Col("end", keep=3), Col("slip", right=True, keep=1)]
    cols += [Col("BAC", right=True, keep=5), Col("EAC", right=True, keep=4)]
    cols += [Col("CPI", right=True, keep=2), Col("SPI", right=True, keep=3)]
    cols += [Col("on-time", right=True, keep=6), Col("benefits", right=True, keep=6)]
    cols += [Col("risk", right=True, keep=4), Col("crit", right=True, keep=5)]
    cols += [Col("over-allocated", cut=True, keep=2)]
    common.table(
        cols,
        (
            [
                str(r.rank),
                r.key,
                common.rag(r.analysis.health),
                "; ".join(r.reasons),
                str(r.finish or "—"),
                str(r.analysis.data.program.end or "—"),
                "—" if r.slip is None else f"{r.slip:+d}",
                num(r.bac, "{:,.0f}"),
                num(r.eac, "{:,.0f}"),
                num(r.cpi),
                num(r.spi),
                num(r.analysis.kpis.on_time_delivery, "{:.0%}"),
                num(r.analysis.kpis.benefit_realisation, "{:.0%}"),
                str(r.analysis.kpis.risk_exposure),
                str(r.critical),
                ", ".join(r.over) or "—",
            ]
            for r in rows
        ),
        above=(head, kpis),
    )


def move_program(
    ctx: typer.Context,
    program: ProgramArg,
    rank: Annotated[int, typer.Argument(help="Its new portfolio rank (1 is first).")],
) -> None:
    """Give a program its place in the portfolio; the others keep their order (audited,
    undone with undo PROGRAM).

    \b
    Example:
      progtui move-program GLX 1
    """
    from progtui import services

    with common.session(ctx, write=True) as session:
        old, new = services.move_program(session, program=program, to=rank)
    common.out(f"{program}: portfolio rank {old} → {new}")
