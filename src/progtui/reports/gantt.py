"""The roadmap drawn as inline SVG, for the HTML steering report (no scripts, no fetches)."""

from __future__ import annotations

from datetime import date, timedelta

from progtui.analysis import Analysis
from progtui.reports.escape import h

RAG_FILL = {"red": "#d32f2f", "amber": "#f0a202", "green": "#2e9d49", None: "#9e9e9e"}


def gantt_svg(a: Analysis) -> str:
    """The roadmap as inline SVG: planned bar behind the forecast bar, milestones, today,
    critical projects labelled in bold red."""
    rows = a.projects
    date_of = a.calendar.date_of
    starts = [x.project.start for x in rows] + [a.today]
    ends = [x.project.end for x in rows] + [a.today]
    for x in rows:
        if x.slot:
            starts.append(date_of(x.slot.s))
            ends.append(date_of(x.slot.f - 1))
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
        mx = x_of(month)
        out.append(
            f'<line x1="{mx:.1f}" y1="{top - 4}" x2="{mx:.1f}" y2="{height}" '
            'stroke="#ddd" stroke-width="1"/>'
        )
        if month.month % 3 == 1 or span < 400:
            out.append(f'<text x="{mx + 2:.1f}" y="{top - 8}">{month:%b %y}</text>')
        month = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    for i, r in enumerate(rows):
        y = top + i * row_h
        p, s = r.project, r.slot
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
            f0, f1 = date_of(s.s), date_of(s.f - 1)
            fill = RAG_FILL[r.health.rag if r.health else None]
            if p.status == "done":
                fill = "#7cb342"
            out.append(
                f'<rect x="{x_of(f0):.1f}" y="{y + 4}" '
                f'width="{max(x_of(f1 + timedelta(days=1)) - x_of(f0), 1):.1f}" '
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
