"""The portfolio's steering report (SPEC 6): one report over every program the reader may
read, as Markdown or one self-contained HTML page. The same section model as a program's
report (reports.document, written by reports.render, styled as reports.steering), so both
formats say the same things and every text from the data is escaped for its format."""

from __future__ import annotations

from progtui.analysis import risks as rk
from progtui.analysis.calendar import month_labels
from progtui.analysis.capacity import OTHER_PROGRAMS
from progtui.analysis.portfolio import LinkAtRisk, ProgramRow, links_at_risk, portfolio_kpis
from progtui.reports import render
from progtui.reports.document import (
    Block,
    Column,
    Document,
    Line,
    Paragraph,
    Section,
    Strong,
    Table,
    cell,
)
from progtui.reports.look import rag_label
from progtui.reports.steering import REPORT_CSS, RISK_COLUMNS, TOP_RISKS, kpi_text, risk_cells
from progtui.services.steering import PortfolioReportData

Report = PortfolioReportData
MONTHS = 3  # people over capacity this month and the next two, as a program's hot spots


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _kpis(r: Report) -> Section:
    k = portfolio_kpis(r.rows)
    rows = (
        (cell("Health"), cell(rag_label(k.health), tone=k.health)),
        (cell("Programs"), cell(str(len(r.rows)))),
        (cell("On-time delivery"), cell(kpi_text("{:.0%}", k.on_time_delivery))),
        (cell("Cost performance (CPI)"), cell(kpi_text("{:.2f}", k.cost_performance))),
        (cell("Benefit realisation"), cell(kpi_text("{:.0%}", k.benefit_realisation))),
        (cell("Risk exposure"), cell(str(k.risk_exposure))),
        (cell("BAC"), cell(_money(sum(x.bac for x in r.rows)))),
        (cell("EAC"), cell(_money(sum(x.eac for x in r.rows)))),
    )
    return Section(
        ("Portfolio health and KPIs",),
        (Table((Column("KPI"), Column(str(r.today), number=True)), rows),),
    )


def _programs(rows: list[ProgramRow]) -> Section:
    if not rows:
        return Section(("Programs by rank",), (Paragraph(("No programs.",)),))
    columns = (
        Column("#", True),
        Column("Program"),
        Column("Health"),
        Column("Why"),
        Column("Finish"),
        Column("End"),
        Column("Slip", True),
        Column("BAC", True),
        Column("EAC", True),
        Column("CPI", True),
        Column("SPI", True),
        Column("Risk exposure", True),
    )
    out = []
    for x in rows:
        a = x.analysis
        p = a.data.program
        out.append(
            (
                cell(str(x.rank)),
                cell(p.key, " ", p.name),
                cell(rag_label(a.health), tone=a.health),
                cell("; ".join(x.reasons)),
                cell(str(x.finish or "—")),
                cell(str(p.end or "—")),
                cell("—" if x.slip is None else f"{x.slip:+d}"),
                cell(_money(x.bac)),
                cell(_money(x.eac)),
                cell(kpi_text("{:.2f}", x.cpi)),
                cell(kpi_text("{:.2f}", x.spi)),
                cell(str(a.kpis.risk_exposure)),
            )
        )
    return Section(("Programs by rank",), (Table(columns, tuple(out)),))


def _links(links: list[LinkAtRisk]) -> Section:
    title: Line = ("Cross-program dependencies at risk",)
    if not links:
        return Section(title, (Paragraph(("No link to another program moves its successor.",)),))
    columns = (
        Column("Successor"),
        Column("Needs"),
        Column("Link"),
        Column("Predecessor finish"),
        Column("Planned start"),
        Column("Earliest start"),
        Column("Working days late", True),
        Column("Finish"),
        Column("End"),
    )
    rows = tuple(
        (
            cell(x.program, "/", x.project),
            cell(x.pred_program, "/", x.pred_project),
            cell(x.type + (f" {x.lag:+d}" if x.lag else "")),
            cell(f"{x.pred_finish} (plan {x.pred_end})"),
            cell(str(x.planned_start)),
            cell(str(x.earliest_start)),
            cell(str(x.late_days)),
            cell(str(x.finish), tone="red" if x.finish > x.end else None),
            cell(str(x.end)),
        )
        for x in links
    )
    return Section(
        title,
        (
            Paragraph(
                (
                    "Links whose predecessor's forecast lets the successor start only after "
                    "its planned start (by the link's type and lag, in the successor's "
                    "working days):",
                )
            ),
            Table(columns, rows),
        ),
    )


def _people(r: Report) -> Section:
    title: Line = ("People over-allocated across programs",)
    soon = set(month_labels(r.today, MONTHS))
    rows = []
    for pl in r.people:
        c = pl.capacity
        for m in pl.months:
            if not (m.over and m.month in soon):
                continue
            split = " + ".join(
                f"{name} {x / c:.0%}" if c else f"{name} {x:.2f} FTE"
                for name, x in sorted(m.elsewhere, key=lambda e: (e[0] == OTHER_PROGRAMS, e[0]))
            )
            rows.append(
                (
                    (m.month, -(m.utilization or 9e9), pl.key),
                    (
                        cell(pl.key, " ", r.names.get(pl.key, "")),
                        cell(m.month),
                        cell("∞" if m.utilization is None else f"{m.utilization:.0%}"),
                        cell(split or "—"),
                    ),
                )
            )
    if not rows:
        return Section(
            title, (Paragraph(("Nobody is over capacity this month or the next two.",)),)
        )
    columns = (Column("Person"), Column("Month"), Column("Load", True), Column("By program"))
    blocks: list[Block] = [
        Paragraph(
            (
                "Each person's load counting every program, this month and the next two; "
                f'programs you may not read are summed as "{OTHER_PROGRAMS}".',
            )
        ),
        Table(columns, tuple(x for _, x in sorted(rows, key=lambda x: x[0]))),
    ]
    return Section(title, tuple(blocks))


def _risks(rows: list[ProgramRow]) -> Section:
    live = [
        (row.rank, row.analysis.data, risk)
        for row in rows
        for risk in row.analysis.data.risks
        if risk.status in rk.LIVE
    ]
    top = sorted(live, key=lambda x: (-rk.score(x[2]), x[0], x[2].key))[:TOP_RISKS]
    title: Line = ("Top risks across programs",)
    if not top:
        return Section(title, (Paragraph(("No open or mitigating risks.",)),))
    columns = (Column("Program"), *RISK_COLUMNS)
    out = [(cell(data.program.key), *risk_cells(risk, data.settings)) for _, data, risk in top]
    return Section(
        title,
        (
            Paragraph(
                (f"The {TOP_RISKS} highest open or mitigating risks of every program, by score:",)
            ),
            Table(columns, tuple(out)),
        ),
    )


def document(r: Report) -> Document:
    """The portfolio's steering report, once, for every format."""
    k = portfolio_kpis(r.rows)
    title: Line = ("Portfolio steering report",)
    intro = Paragraph(
        (
            f"As of {r.today}. Portfolio health: ",
            Strong(rag_label(k.health), k.health),
            f". {len(r.rows)} programs you may read, by portfolio rank.",
        )
    )
    return Document(
        title,
        (intro,),
        (
            _kpis(r),
            _programs(r.rows),
            _links(links_at_risk(r.rows)),
            _people(r),
            _risks(r.rows),
        ),
        page_title=(*title, f", {r.today}"),
    )


def markdown(r: Report) -> str:
    return render.markdown(document(r))


def html_page(r: Report) -> str:
    return render.html(document(r), css=REPORT_CSS)
