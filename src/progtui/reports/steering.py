"""The steering report: what the committee reads after the triage meeting, as Markdown or as
one self-contained HTML page (inline SVG roadmap, no scripts, no fetches, A4 landscape).

Built from the same analysis as the app and the status command; every text from the data is
escaped for the format it goes into (Markdown punctuation, HTML entities), never interpreted.
"""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from progtui import domain as d
from progtui.analysis import Analysis, ProjectResult
from progtui.analysis import risks as rk
from progtui.analysis.benefits import sparkline, trend
from progtui.analysis.calendar import month_labels
from progtui.reports.look import LEVELS, rag_label
from progtui.services.steering import SteeringData
from progtui.text import one_line

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
    return sorted(
        (r for r in a.projects if r.slot and r.slot.critical),
        key=lambda r: (r.slot.s, r.slot.f, r.project.rank),
    )  # type: ignore[union-attr]


def heat_counts(data: d.ProgramData) -> dict[tuple[int, int], int]:
    counts: dict[tuple[int, int], int] = {}
    for r in data.risks:
        if r.status in rk.LIVE:
            counts[(r.probability, r.impact)] = counts.get((r.probability, r.impact), 0) + 1
    return counts


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


def milestone_lists(a: Analysis) -> tuple[list, list]:  # type: ignore[type-arg]
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
    return f"{a.date_of(s.s)} .. {a.date_of(s.f - 1)}" if s else "—"


# --- Markdown ----------------------------------------------------------------------------------

# what Markdown could take as markup inside a line or a table cell (text never starts a line)
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: object) -> str:
    """Data text for a Markdown table cell or line: one line, punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", one_line(str(text)))


def markdown(r: Report) -> str:
    a, data = r.analysis, r.analysis.data
    p = data.program
    out = [
        f"# Steering report: {md(p.name)} ({md(p.key)})",
        "",
        f"As of {a.today}. Program health: **{rag_label(a.health)}**."
        + (f" Changes and decisions since {r.since}." if r.since else ""),
        "",
    ]

    out += ["## KPIs", ""]
    prev = r.previous
    head = f"| KPI | {a.today} |" + (f" previous report ({prev.today}) | change |" if prev else "")
    out += [head, "|---|---:|" + ("---:|---:|" if prev else "")]
    for name, label, fmt in KPI_NAMES:
        now = r.kpis[name]
        row = f"| {label} | {kpi_text(fmt, now)} |"
        if prev:
            before = prev.kpis.get(name)
            row += f" {kpi_text(fmt, before)} | {delta_text(name, now, before)} |"
        out.append(row)
    series = trend(data)
    if series:
        out += [
            "",
            f"Benefit realisation over time: {sparkline([v for _, v in series])} "
            f"({series[0][1]:.0%} on {series[0][0]} → {series[-1][1]:.0%} on "
            f"{series[-1][0]}).",
        ]

    out += [
        "",
        "## Roadmap",
        "",
        "| # | Project | Status | Health | Planned | Forecast | Slip | Float |",
        "|---:|---|---|---|---|---|---:|---:|",
    ]
    for x in a.projects:
        s = x.slot
        crit = " (critical)" if s and s.critical else ""
        out.append(
            f"| {x.project.rank} | {md(x.project.key)} {md(x.project.name)}{crit} | "
            f"{x.project.status} | {rag_label(x.health.rag if x.health else None)} | "
            f"{x.project.start} .. {x.project.end} | {_forecast(a, x)} | "
            f"{s.slip if s else '—'} | "
            f"{'—' if s is None or s.total_float is None else s.total_float} |"
        )

    path = critical_path(a)
    out += [
        "",
        "## Critical path",
        "",
        (
            " → ".join(md(x.project.key) for x in path)
            + f" (finish {a.date_of(path[-1].slot.f - 1)})"  # type: ignore[union-attr]
            if path
            else "No project is critical."
        ),
    ]

    out += ["", "## Projects by health", ""]
    for rag in ("red", "amber", "green"):
        chosen = [x for x in a.projects if x.health and x.health.rag == rag]
        if not chosen:
            continue
        out += [f"### {rag_label(rag)} ({len(chosen)})", ""]
        for x in chosen:
            why = "; ".join(md(w) for w in x.health.reasons) or "on track"  # type: ignore[union-attr]
            out.append(f"- **{md(x.project.key)}** {md(x.project.name)}: {why}")
        out.append("")

    overdue, soon = milestone_lists(a)
    out += ["## Milestones", "", "### Overdue", ""]
    if overdue:
        out += [
            "| Project | Milestone | Due | Forecast | Working days late |",
            "|---|---|---|---|---:|",
        ]
        out += [
            f"| {md(m.project)} | {md(m.name)} | {m.due} | {m.forecast or '—'} | {m.overdue_days} |"
            for m in overdue
        ]
    else:
        out.append("None.")
    out += ["", f"### Due in the next {DUE_SOON_DAYS} days", ""]
    if soon:
        out += ["| Project | Milestone | Due | Forecast |", "|---|---|---|---|"]
        out += [f"| {md(m.project)} | {md(m.name)} | {m.due} | {m.forecast or '—'} |" for m in soon]
    else:
        out.append("None.")

    counts = heat_counts(data)
    out += [
        "",
        "## Top risks",
        "",
        "Open and mitigating risks by probability (rows) and impact (columns):",
        "",
        "| P \\\\ I | 1 | 2 | 3 | 4 | 5 |",
        "|---:|---|---|---|---|---|",
    ]
    for prob in range(5, 0, -1):
        cells = []
        for imp in range(1, 6):
            level = rk.level(prob * imp, data.settings)
            n = counts.get((prob, imp), 0)
            cells.append(f"**{n} {LEVELS[level][0]}**" if n else f"· {LEVELS[level][0].lower()}")
        out.append(f"| {prob} | " + " | ".join(cells) + " |")
    out += [
        "",
        "| Risk | Score | Level | Status | Owner | Due | Projects | Mitigation |",
        "|---|---:|---|---|---|---|---|---|",
    ]
    for risk in top_risks(data):
        score = rk.score(risk)
        level = rk.level(score, data.settings)
        out.append(
            f"| {md(risk.key)} {md(risk.title)} | {score} | {LEVELS[level][0]} {level} | "
            f"{risk.status} | {md(risk.owner or '—')} | {risk.due or '—'} | "
            f"{md(', '.join(risk.projects) or 'program')} | "
            f"{md(risk.mitigation or '—')} |"
        )

    spots = hot_spots(a)
    out += ["", "## Capacity hot spots", ""]
    if spots:
        names = {x.key: x.name for x in data.people}
        out += ["| Person | Month | Utilization |", "|---|---|---:|"]
        out += [
            f"| {md(k)} {md(names.get(k, ''))} | {month} | {'∞' if u is None else f'{u:.0%}'} |"
            for k, month, u in spots
        ]
    else:
        out.append("Nobody is over capacity this month or the next two.")

    out += ["", "## Decisions and changes" + (f" since {r.since}" if r.since else ""), ""]
    decisions = r.decisions
    if decisions:
        out += [
            f"- {x.when:%Y-%m-%d %H:%M} {md(x.who)}: **{md(x.text)}**"
            + (f" ({md(', '.join(x.about))})" if x.about else "")
            for x in decisions
        ]
    else:
        out.append("No decisions.")
    shown = [c for c in r.changes if c.entity != "decision"]
    out.append("")
    if shown:
        out += ["| When | Who | What | Change |", "|---|---|---|---|"]
        out += [
            f"| {c.when:%Y-%m-%d %H:%M} | {md(c.who)} | {md(c.entity)} {md(c.field)}"
            f"{' (' + c.action + ')' if c.action in ('undo', 'redo') else ''} | "
            f"{md(c.old or '—')} → {md(c.new or '—')} |"
            for c in shown
        ]
    else:
        out.append("No changes.")
    out.append("")
    return "\n".join(out)


# --- HTML --------------------------------------------------------------------------------------


def h(text: object) -> str:
    return html.escape(one_line(str(text)), quote=True)


_CSS = """
@page { size: A4 landscape; margin: 12mm; }
body { font: 10pt/1.35 "DejaVu Sans", Arial, sans-serif; color: #111; margin: 0 auto;
       max-width: 270mm; }
h1 { font-size: 17pt; margin: 0 0 2mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm;
  border-bottom: 1px solid #999; page-break-after: avoid; } h3 { font-size: 11pt; margin: 3mm 0 1mm; }
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
LEVEL_CLASS = {"low": "low", "medium": "medium", "high": "high", "critical": "critical"}
RAG_FILL = {"red": "#d32f2f", "amber": "#f0a202", "green": "#2e9d49", None: "#9e9e9e"}


def gantt_svg(a: Analysis) -> str:
    """The roadmap as inline SVG: planned bar behind the forecast bar, milestones, today,
    critical projects labelled in bold red."""
    rows = [x for x in a.projects]
    starts = [x.project.start for x in rows] + [a.today]
    ends = [x.project.end for x in rows] + [a.today]
    for x in rows:
        if x.slot:
            starts.append(a.date_of(x.slot.s))  # type: ignore[arg-type]
            ends.append(a.date_of(x.slot.f - 1))  # type: ignore[arg-type]
    first = min(starts).replace(day=1)
    last = max(ends) + timedelta(days=1)
    label_w, chart_w, row_h, top = 230, 760, 16, 22
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return label_w + (day - first).days / span * chart_w

    height = top + row_h * len(rows) + 6
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + chart_w + 10}" '
        f'height="{height}" role="img" aria-label="Roadmap">',
        '<style>text{font:10px "DejaVu Sans",Arial,sans-serif}</style>',
    ]
    month = first
    while month < last:
        x = x_of(month)
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height}" '
            'stroke="#ddd" stroke-width="1"/>'
        )
        if month.month % 3 == 1 or span < 400:
            out.append(f'<text x="{x + 2:.1f}" y="{top - 8}">{month:%b %y}</text>')
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    for i, x in enumerate(rows):
        y = top + i * row_h
        p, s = x.project, x.slot
        critical = bool(s and s.critical)
        weight = ' font-weight="bold" fill="#b00020"' if critical else ""
        label = f"{p.rank}. {p.key}" + (" (critical)" if critical else "")
        out.append(f'<text x="4" y="{y + 11}"{weight}>{h(label)}</text>')
        out.append(
            f'<rect x="{x_of(p.start):.1f}" y="{y + 2}" '
            f'width="{max(x_of(p.end + timedelta(days=1)) - x_of(p.start), 1):.1f}" '
            f'height="12" fill="#e0e0e0"/>'
        )
        if s is not None:
            f0, f1 = a.date_of(s.s), a.date_of(s.f - 1)
            fill = RAG_FILL[x.health.rag if x.health else None]
            if p.status == "done":
                fill = "#7cb342"
            out.append(
                f'<rect x="{x_of(f0):.1f}" y="{y + 4}" '  # type: ignore[arg-type]
                f'width="{max(x_of(f1 + timedelta(days=1)) - x_of(f0), 1):.1f}" '  # type: ignore[operator,arg-type]
                f'height="8" fill="{fill}"'
                + (' stroke="#b00020" stroke-width="1.5"' if critical else "")
                + "/>"
            )
        for m in a.milestones_of(p.key):
            when = m.done or m.forecast or m.due
            cx, cy = x_of(when), y + 8
            colour = "#b00020" if m.overdue_days else ("#555" if m.done else "#111")
            out.append(
                f'<path d="M{cx:.1f} {cy - 5} L{cx + 5:.1f} {cy} L{cx:.1f} {cy + 5} '
                f'L{cx - 5:.1f} {cy} Z" fill="{"#fff" if m.done else colour}" '
                f'stroke="{colour}"><title>{h(m.name)} (due {m.due})</title></path>'
            )
    tx = x_of(a.today)
    out.append(
        f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height}" '
        'stroke="#6a1b9a" stroke-width="1.5"/>'
    )
    out.append(f'<text x="{tx + 2:.1f}" y="{height - 2}" fill="#6a1b9a">today</text>')
    out.append("</svg>")
    return "\n".join(out)


def _td(text: str, cls: str = "") -> str:
    return f'<td class="{cls}">{text}</td>' if cls else f"<td>{text}</td>"


def html_page(r: Report) -> str:
    a, data = r.analysis, r.analysis.data
    p = data.program
    prev = r.previous
    title = f"Steering report: {p.name} ({p.key}), {a.today}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{h(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>Steering report: {h(p.name)} ({h(p.key)})</h1>",
        f'<p>As of {a.today}. Program health: <span class="{a.health}">{h(rag_label(a.health))}'
        "</span>." + (f" Changes and decisions since {r.since}." if r.since else "") + "</p>",
    ]

    out += [
        "<h2>KPIs</h2>",
        "<table>",
        "<tr><th>KPI</th>"
        f'<th class="n">{a.today}</th>'
        + (
            f'<th class="n">previous report ({prev.today})</th><th class="n">change</th>'
            if prev
            else ""
        )
        + "</tr>",
    ]
    for name, label, fmt in KPI_NAMES:
        now = r.kpis[name]
        cells = _td(h(label)) + _td(kpi_text(fmt, now), "n")
        if prev:
            before = prev.kpis.get(name)
            cells += _td(kpi_text(fmt, before), "n") + _td(h(delta_text(name, now, before)), "n")
        out.append(f"<tr>{cells}</tr>")
    out.append("</table>")
    series = trend(data)
    if series:
        out.append(
            f"<p>Benefit realisation over time: {h(sparkline([v for _, v in series]))} "
            f"({series[0][1]:.0%} on {series[0][0]} → {series[-1][1]:.0%} on "
            f"{series[-1][0]}).</p>"
        )

    out += ["<h2>Roadmap</h2>", gantt_svg(a)]
    path = critical_path(a)
    out += [
        "<h2>Critical path</h2>",
        "<p>"
        + (
            " → ".join(h(x.project.key) for x in path)
            + f" (finish {a.date_of(path[-1].slot.f - 1)})"  # type: ignore[union-attr]
            if path
            else "No project is critical."
        )
        + "</p>",
    ]

    out.append("<h2>Projects by health</h2>")
    out += [
        "<table>",
        "<tr><th>#</th><th>Project</th><th>Status</th><th>Health</th>"
        '<th>Forecast</th><th class="n">Slip</th><th class="n">Float</th>'
        "<th>Why</th></tr>",
    ]
    order = {"red": 0, "amber": 1, "green": 2}
    for x in sorted(
        (x for x in a.projects if x.health), key=lambda x: (order[x.health.rag], x.project.rank)
    ):  # type: ignore[union-attr]
        s = x.slot
        rag = x.health.rag  # type: ignore[union-attr]
        out.append(
            "<tr>"
            + _td(str(x.project.rank), "n")
            + _td(f"{h(x.project.key)} {h(x.project.name)}")
            + _td(h(x.project.status))
            + _td(h(rag_label(rag)), rag)
            + _td(h(_forecast(a, x)))
            + _td(str(s.slip) if s else "—", "n")
            + _td("—" if s is None or s.total_float is None else str(s.total_float), "n")
            + _td("; ".join(h(w) for w in x.health.reasons) or "on track")  # type: ignore[union-attr]
            + "</tr>"
        )
    out.append("</table>")

    overdue, soon = milestone_lists(a)
    out.append("<h2>Milestones</h2>")
    for heading, items, late in (
        ("Overdue", overdue, True),
        (f"Due in the next {DUE_SOON_DAYS} days", soon, False),
    ):
        out.append(f"<h3>{heading}</h3>")
        if not items:
            out.append("<p>None.</p>")
            continue
        out += [
            "<table>",
            "<tr><th>Project</th><th>Milestone</th><th>Due</th><th>Forecast</th>"
            + ('<th class="n">Working days late</th>' if late else "")
            + "</tr>",
        ]
        out += [
            "<tr>"
            + _td(h(m.project))
            + _td(h(m.name))
            + _td(str(m.due))
            + _td(str(m.forecast or "—"))
            + (_td(str(m.overdue_days), "n") if late else "")
            + "</tr>"
            for m in items
        ]
        out.append("</table>")

    counts = heat_counts(data)
    out += [
        "<h2>Top risks</h2>",
        '<table class="heat">',
        "<tr><th>P \\ I</th>" + "".join(f"<th>{i}</th>" for i in range(1, 6)) + "</tr>",
    ]
    for prob in range(5, 0, -1):
        cells = []
        for imp in range(1, 6):
            level = rk.level(prob * imp, data.settings)
            n = counts.get((prob, imp), 0)
            cells.append(
                _td(
                    f"<b>{n} {LEVELS[level][0]}</b>"
                    if n
                    else f'<span class="muted">{LEVELS[level][0].lower()}</span>',
                    LEVEL_CLASS[level],
                )
            )
        out.append(f"<tr><th>{prob}</th>{''.join(cells)}</tr>")
    out += [
        "</table>",
        "<table>",
        '<tr><th>Risk</th><th class="n">Score</th><th>Level</th>'
        "<th>Status</th><th>Owner</th><th>Due</th><th>Projects</th><th>Mitigation</th></tr>",
    ]
    for risk in top_risks(data):
        score = rk.score(risk)
        level = rk.level(score, data.settings)
        out.append(
            "<tr>"
            + _td(f"{h(risk.key)} {h(risk.title)}")
            + _td(str(score), "n")
            + _td(f"{LEVELS[level][0]} {level}", LEVEL_CLASS[level])
            + _td(h(risk.status))
            + _td(h(risk.owner or "—"))
            + _td(str(risk.due or "—"))
            + _td(h(", ".join(risk.projects) or "program"))
            + _td(h(risk.mitigation or "—"))
            + "</tr>"
        )
    out.append("</table>")

    spots = hot_spots(a)
    out.append("<h2>Capacity hot spots</h2>")
    if spots:
        names = {x.key: x.name for x in data.people}
        out += ["<table>", '<tr><th>Person</th><th>Month</th><th class="n">Utilization</th></tr>']
        out += [
            "<tr>"
            + _td(f"{h(k)} {h(names.get(k, ''))}")
            + _td(month)
            + _td("∞" if u is None else f"{u:.0%}", "n")
            + "</tr>"
            for k, month, u in spots
        ]
        out.append("</table>")
    else:
        out.append("<p>Nobody is over capacity this month or the next two.</p>")

    out.append("<h2>Decisions and changes" + (f" since {r.since}" if r.since else "") + "</h2>")
    decisions = r.decisions
    if decisions:
        out.append("<ul>")
        out += [
            f"<li>{x.when:%Y-%m-%d %H:%M} {h(x.who)}: <b>{h(x.text)}</b>"
            + (f" ({h(', '.join(x.about))})" if x.about else "")
            + "</li>"
            for x in decisions
        ]
        out.append("</ul>")
    else:
        out.append("<p>No decisions.</p>")
    shown = [c for c in r.changes if c.entity != "decision"]
    if shown:
        out += ["<table>", "<tr><th>When</th><th>Who</th><th>What</th><th>Change</th></tr>"]
        out += [
            "<tr>"
            + _td(f"{c.when:%Y-%m-%d %H:%M}")
            + _td(h(c.who))
            + _td(
                f"{h(c.entity)} {h(c.field)}"
                + (f" ({c.action})" if c.action in ("undo", "redo") else "")
            )
            + _td(f"{h(c.old or '—')} → {h(c.new or '—')}")
            + "</tr>"
            for c in shown
        ]
        out.append("</table>")
    else:
        out.append("<p>No changes.</p>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
