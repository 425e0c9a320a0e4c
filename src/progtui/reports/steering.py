"""The steering report: what the committee reads after the triage meeting, as Markdown or as
one self-contained HTML page (inline SVG roadmap, no scripts, no fetches, A4 landscape).

Built from the same analysis as the app and the status command, once, as one Document of
sections (reports.document); reports.render writes it in either format, escaping every text
from the data for that format (Markdown punctuation, HTML entities), never interpreting it.
"""

from __future__ import annotations

from datetime import timedelta

from progtui import domain as d
from progtui.analysis import Analysis, MilestoneResult, ProjectResult
from progtui.analysis import risks as rk
from progtui.analysis.benefits import sparkline, trend
from progtui.analysis.calendar import month_labels
from progtui.reports import render
from progtui.reports.document import (
    Block,
    Bullets,
    Cell,
    Column,
    Document,
    Gantt,
    Heading,
    Line,
    Muted,
    Paragraph,
    Section,
    Strong,
    Table,
    Word,
    cell,
    joined,
)
from progtui.reports.look import LEVELS, rag_label
from progtui.services.history import describe
from progtui.services.steering import SteeringData

KPI_NAMES = (
    ("on_time_delivery", "On-time delivery", "{:.0%}"),
    ("cost_performance", "Cost performance (CPI)", "{:.2f}"),
    ("utilization", "Utilization", "{:.0%}"),
    ("benefit_realisation", "Benefit realisation", "{:.0%}"),
    ("risk_exposure", "Risk exposure", "{:.0f}"),
)
DUE_SOON_DAYS = 30
TOP_RISKS = 10
HOT_SPOTS = 50  # the most loaded, month by month


Report = SteeringData  # what the renderers take


def kpi_text(fmt: str, value: float | None) -> str:
    return "—" if value is None else fmt.format(value)


def delta_text(name: str, now: float | None, before: float | None) -> str:
    if now is None or before is None:
        return "—"
    diff = now - before
    if name == "risk_exposure":
        return f"{diff:+.0f}"
    if name == "cost_performance":
        return f"{diff:+.2f}"
    return f"{diff * 100:+.0f} pts"


def critical_path(a: Analysis) -> list[ProjectResult]:
    on = [(r.slot.s, r.slot.f, r.project.rank, r) for r in a.projects if r.slot and r.slot.critical]
    return [r for *_, r in sorted(on, key=lambda x: x[:3])]


def heat_counts(data: d.ProgramData) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = {}
    for r in data.risks:
        if r.status in rk.LIVE:
            counts[(r.probability, r.impact)] = counts.get((r.probability, r.impact), 0) + 1
    return counts


# A risk's row in a report's risk table (the program report's and the portfolio's).
RISK_COLUMNS = (
    Column("Risk"),
    Column("Score", True),
    Column("Level"),
    Column("Status"),
    Column("Owner"),
    Column("Due"),
    Column("Projects"),
    Column("Mitigation"),
)


def risk_cells(risk: d.Risk, settings: d.Settings) -> tuple[Cell, ...]:
    score = rk.score(risk)
    level = rk.level(score, settings)
    return (
        cell(risk.key, " ", risk.title),
        cell(str(score)),
        cell(f"{LEVELS[level][0]} {level}", tone=level),
        cell(Word(risk.status)),
        cell(risk.owner or "—"),
        cell(str(risk.due or "—")),
        cell(", ".join(risk.projects) or "program"),
        cell(risk.mitigation or "—"),
    )


def top_risks(data: d.ProgramData) -> list[d.Risk]:
    live = [r for r in data.risks if r.status in rk.LIVE]
    return sorted(live, key=lambda r: (-rk.score(r), r.key))[:TOP_RISKS]


def hot_spots(a: Analysis) -> list[tuple[str, str, float | None]]:
    """(person, month, utilization) over capacity in this month and the next two."""
    soon = month_labels(a.today, 3)
    out = [
        (pl.key, m.month, m.utilization)
        for pl in a.capacity
        for m in pl.months
        if m.over and m.month in soon
    ]
    return sorted(out, key=lambda x: (x[1], -(x[2] or 9e9), x[0]))[:HOT_SPOTS]


def milestone_lists(a: Analysis) -> tuple[list[MilestoneResult], list[MilestoneResult]]:
    overdue = [m for m in a.milestones if m.overdue_days]
    horizon = a.today + timedelta(days=DUE_SOON_DAYS)
    soon = [
        m for m in a.milestones if not m.done and not m.overdue_days and a.today <= m.due <= horizon
    ]
    return (
        sorted(overdue, key=lambda m: (-m.overdue_days, m.project, m.name)),
        sorted(soon, key=lambda m: (m.due, m.project, m.name)),
    )


def _forecast(a: Analysis, r: ProjectResult) -> str:
    s = r.slot
    return f"{a.calendar.date_of(s.s)} .. {a.calendar.date_of(s.f - 1)}" if s else "—"


# --- the document: each section built once, for both formats ----------------------------------


def _kpis(r: Report) -> Section:
    a, prev, kpis = r.analysis, r.previous, r.kpis
    columns: tuple[Column, ...] = (Column("KPI"), Column(str(a.today), number=True))
    if prev:
        columns += (Column(f"previous report ({prev.today})", True), Column("change", True))
    rows = []
    for name, label, fmt in KPI_NAMES:
        now = kpis[name]
        row = [cell(label), cell(kpi_text(fmt, now))]
        if prev:
            before = prev.kpis.get(name)
            row += [cell(kpi_text(fmt, before)), cell(delta_text(name, now, before))]
        rows.append(tuple(row))
    blocks: list[Block] = [Table(columns, tuple(rows))]
    series = trend(a.data)
    if series:
        (day0, first), (day1, last) = series[0], series[-1]
        blocks.append(
            Paragraph(
                (
                    f"Benefit realisation over time: {sparkline([v for _, v in series])} "
                    f"({first:.0%} on {day0} → {last:.0%} on {day1}).",
                )
            )
        )
    return Section(("KPIs",), tuple(blocks))


def _roadmap(a: Analysis) -> Section:
    # the finish a project manager's synced plan reports, beside the forecast, once there is one
    reported = any(x.project.reported_end for x in a.projects)
    columns = (
        Column("#", True),
        Column("Project"),
        Column("Status"),
        Column("Health"),
        Column("Planned"),
        Column("Forecast"),
        *((Column("PM plan finish"),) if reported else ()),
        Column("Slip", True),
        Column("Float", True),
    )
    rows = []
    for x in a.projects:
        p, s = x.project, x.slot
        rag = x.health.rag if x.health else None
        rows.append(
            (
                cell(str(p.rank)),
                cell(p.key, " ", p.name, *((" (critical)",) if s and s.critical else ())),
                cell(Word(p.status)),
                cell(rag_label(rag), tone=rag),
                cell(f"{p.start} .. {p.end}"),
                cell(_forecast(a, x)),
                *((cell(str(p.reported_end or "—")),) if reported else ()),
                cell(str(s.slip) if s else "—"),
                cell("—" if s is None or s.total_float is None else str(s.total_float)),
            )
        )
    return Section(("Roadmap",), (Gantt(a), Table(columns, tuple(rows))))


def _critical_path(a: Analysis) -> Section:
    path = critical_path(a)
    last = path[-1].slot if path else None
    line: Line = (
        (
            *joined((x.project.key for x in path), " → "),
            f" (finish {a.calendar.date_of(last.f - 1)})",
        )
        if last
        else ("No project is critical.",)
    )
    return Section(("Critical path",), (Paragraph(line),))


def _by_health(a: Analysis) -> Section:
    blocks: list[Block] = []
    for rag in d.RAGS:
        chosen = [(x.project, x.health) for x in a.projects if x.health and x.health.rag == rag]
        if chosen:
            blocks.append(Heading((f"{rag_label(rag)} ({len(chosen)})",)))
            items = tuple(
                (Strong(p.key), " ", p.name, ": ", *(joined(why.reasons, "; ") or ("on track",)))
                for p, why in chosen
            )
            blocks.append(Bullets(items))
    return Section(("Projects by health",), tuple(blocks))


def _milestones(a: Analysis) -> Section:
    overdue, soon = milestone_lists(a)
    head = (Column("Project"), Column("Milestone"), Column("Due"), Column("Forecast"))

    def row(m: MilestoneResult) -> tuple[Cell, ...]:
        return (cell(m.project), cell(m.name), cell(str(m.due)), cell(str(m.forecast or "—")))

    none = Paragraph(("None.",))
    late = (*head, Column("Working days late", True))
    return Section(
        ("Milestones",),
        (
            Heading(("Overdue",)),
            Table(late, tuple((*row(m), cell(str(m.overdue_days))) for m in overdue))
            if overdue
            else none,
            Heading((f"Due in the next {DUE_SOON_DAYS} days",)),
            Table(head, tuple(map(row, soon))) if soon else none,
        ),
    )


def _risks(data: d.ProgramData) -> Section:
    counts = heat_counts(data)
    heat = []
    for prob in range(5, 0, -1):
        heat_row = [cell(str(prob))]
        for imp in range(1, 6):
            level = rk.level(prob * imp, data.settings)
            n, letter = counts.get((prob, imp), 0), LEVELS[level][0]
            heat_row.append(
                cell(Strong(f"{n} {letter}"), tone=level)
                if n
                else cell(Muted(f"· {letter.lower()}"), tone=level)
            )
        heat.append(tuple(heat_row))
    columns = RISK_COLUMNS
    rows = [risk_cells(risk, data.settings) for risk in top_risks(data)]
    return Section(
        ("Top risks",),
        (
            Paragraph(("Open and mitigating risks by probability (rows) and impact (columns):",)),
            Table(
                (Column("P \\ I", True), *(Column(str(i)) for i in range(1, 6))),
                tuple(heat),
                matrix=True,
            ),
            Table(columns, tuple(rows)),
        ),
    )


def _capacity(a: Analysis) -> Section:
    spots = hot_spots(a)
    if not spots:
        return Section(
            ("Capacity hot spots",),
            (Paragraph(("Nobody is over capacity this month or the next two.",)),),
        )
    names = {x.key: x.name for x in a.data.people}
    rows = tuple(
        (cell(k, " ", names.get(k, "")), cell(month), cell("∞" if u is None else f"{u:.0%}"))
        for k, month, u in spots
    )
    columns = (Column("Person"), Column("Month"), Column("Utilization", True))
    return Section(("Capacity hot spots",), (Table(columns, rows),))


def _decisions_and_changes(r: Report) -> Section:
    decisions: Block = (
        Bullets(
            tuple(
                (
                    f"{x.when:%Y-%m-%d %H:%M} ",
                    x.who,
                    ": ",
                    Strong(x.text),
                    *((" (", ", ".join(x.about), ")") if x.about else ()),
                )
                for x in r.decisions
            )
        )
        if r.decisions
        else Paragraph(("No decisions.",))
    )
    shown = [c for c in r.changes if c.entity != "decision"]
    worded = [(c, describe(c.entity, c.field, c.old, c.new, c.action)) for c in shown]
    changes: Block = (
        Table(
            (Column("When"), Column("Who"), Column("What"), Column("Change")),
            tuple(
                (
                    cell(f"{c.when:%Y-%m-%d %H:%M}"),
                    cell(c.who),
                    cell(what),  # in the Log pane's words (services.history.describe)
                    cell(change),
                )
                for c, (what, change) in worded
            ),
        )
        if shown
        else Paragraph(("No changes.",))
    )
    since = f" since {r.since}" if r.since else ""
    return Section((f"Decisions and changes{since}",), (decisions, changes))


def document(r: Report) -> Document:
    """The steering report, once, for every format."""
    a = r.analysis
    p = a.data.program
    title: Line = ("Steering report: ", p.name, " (", p.key, ")")
    since = f" Changes and decisions since {r.since}." if r.since else ""
    intro = Paragraph(
        (f"As of {a.today}. Program health: ", Strong(rag_label(a.health), a.health), f".{since}")
    )
    return Document(
        title,
        (intro,),
        (
            _kpis(r),
            _roadmap(a),
            _critical_path(a),
            _by_health(a),
            _milestones(a),
            _risks(a.data),
            _capacity(a),
            _decisions_and_changes(r),
        ),
        page_title=(*title, f", {a.today}"),
    )


def markdown(r: Report) -> str:
    return render.markdown(document(r))


# A4 landscape, printable; the classes are the tones of reports.document (RAG, risk levels)
REPORT_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font: 10pt/1.35 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto;
       max-width: 270mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm;
  border-bottom: 1px solid #999; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; }
table { border-collapse: collapse; margin: 1mm 0 3mm; page-break-inside: auto; }
tr { page-break-inside: avoid; }
th, td { border: 1px solid #bbb; padding: 1px 5px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; }
.red { color: #b00020; font-weight: bold; } .amber { color: #a35f00; font-weight: bold; }
.green { color: #1b7a2f; font-weight: bold; }
.heat td { text-align: center; width: 12mm; }
.low { background: #e6f4ea; } .medium { background: #fff4d6; } .high { background: #ffe0c2; }
.critical { background: #ffd0d6; }
svg { display: block; margin: 1mm 0 3mm; }
.muted { color: #666; }
"""


def html_page(r: Report) -> str:
    return render.html(document(r), css=REPORT_CSS)
