"""The detail panel: everything about the selected project on one side of the screen."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from progtui.analysis import Analysis
from progtui.analysis import risks as rk
from progtui.analysis.consistency import broken_dependencies, warnings
from progtui.app.glyphs import UNICODE, Glyphs, glyphs_of
from progtui.reports.look import MARKS, rag_style
from progtui.text import one_line


def _grid() -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    return grid


def _money(x: float | None, none: str = "—") -> str:
    return none if x is None else f"{x:,.0f}"


def _ratio(x: float | None, none: str = "—") -> str:
    return none if x is None else f"{x:.2f}"


def detail(a: Analysis, key: str, glyphs: Glyphs = UNICODE) -> Group:
    """Dates planned and forecast, float, earned value, health and its reasons, milestones,
    allocations, risks and dependencies of project *key*."""
    r = next(r for r in a.projects if r.project.key == key)
    p, s, ev = r.project, r.slot, r.ev
    parts: list[RenderableType] = [Text.assemble((p.key, "bold"), "  ", one_line(p.name))]
    g = _grid()
    none = glyphs.none
    g.add_row("status", Text(f"{p.status}, rank {p.rank}, manager {p.manager or none}"))
    g.add_row("planned", Text(f"{p.start} .. {p.end}"))
    if s:
        g.add_row("forecast", Text(f"{a.date_of(s.s)} .. {a.date_of(s.f - 1)}  slip {s.slip}"))
        if s.late_s is not None and s.late_f is not None:
            style = MARKS["critical-path"] if s.critical else ""
            g.add_row("late start", Text(f"{a.date_of(s.late_s)}", style=style))
            g.add_row(
                "late finish",
                Text(
                    f"{a.date_of(s.late_f - 1)}  float {s.total_float}"
                    + ("  CRITICAL" if s.critical else ""),
                    style=style,
                ),
            )
    if p.reported_end:  # beside progtui's forecast: the finish of its manager's own plan
        g.add_row("PM plan", Text(f"finish {p.reported_end} (MS Project)"))
    if ev:
        g.add_row(
            "money",
            Text(f"BAC {_money(ev.bac, none)}  EV {_money(ev.ev, none)}  PV {_money(ev.pv, none)}"),
        )
        g.add_row(
            "",
            Text(
                f"AC {_money(ev.ac, none)}  CPI {_ratio(ev.cpi, none)}  "
                f"SPI {_ratio(ev.spi, none)}  EAC {_money(ev.eac, none)}"
            ),
        )
    rag = r.health.rag if r.health else None
    g.add_row(
        "health",
        Text(
            glyphs.rag_label(rag) + (" (overridden)" if r.health and r.health.overridden else ""),
            style=rag_style(rag),
        ),
    )
    for reason in r.health.reasons if r.health else ():
        g.add_row("", Text(glyphs.say("• ") + one_line(reason)))
    for n, warning in enumerate(warnings(a, key)):  # the data contradict themselves
        g.add_row("warning" if n == 0 else "", Text("! " + warning, style=MARKS["overdue"]))
    parts.append(g)

    milestones = a.milestones_of(key)
    if milestones:
        parts.append(Text("milestones", style="bold"))
        for m in milestones:
            state = (
                f"done {m.done}"
                if m.done
                else f"forecast {m.forecast}"
                + (f", {m.overdue_days} days overdue" if m.overdue_days else "")
            )
            parts.append(
                Text(
                    f"  {glyphs.milestone_done if m.done else glyphs.milestone} "
                    f"{one_line(m.name)}: due {m.due}, {state}",
                    style=MARKS["overdue"] if m.overdue_days else "",
                )
            )
    if p.allocations:
        parts.append(Text("people", style="bold"))
        for al in p.allocations:
            period = f"{al.start or p.start} .. {al.end or p.end}"
            parts.append(Text(f"  {al.person} {al.fte:g} FTE  {period}"))
    risks = [x for x in a.data.risks if key in x.projects]
    if risks:
        parts.append(Text("risks", style="bold"))
        for x in risks:
            score = rk.score(x)
            parts.append(
                Text(
                    f"  {x.key} {score} {rk.level(score, a.data.settings)} "
                    f"({x.status}): {one_line(x.title)}"
                )
            )
    successors = [q.key for q in a.data.projects if any(d.project == key for d in q.depends_on)]
    if p.depends_on or successors:
        parts.append(Text("dependencies", style="bold"))
        broken = {b.predecessor for b in broken_dependencies(a, key)}
        for dep in p.depends_on:
            extra = "" if (dep.type, dep.lag) == ("FS", 0) else f" {dep.type} {dep.lag:+d}"
            if dep.project in broken:
                parts.append(
                    Text(
                        f"  after {dep.project}{extra}: broken, started before it finished",
                        style=MARKS["overdue"],
                    )
                )
            else:
                parts.append(Text(f"  after {dep.project}{extra}"))
        if successors:
            parts.append(Text(f"  before {', '.join(successors)}"))
    return Group(*parts)


class ProjectDetail(VerticalScroll):
    """A side panel; the app fills it when the selection moves and it is open."""

    def compose(self) -> ComposeResult:
        yield Static(id="detail-body")

    def show(self, analysis: Analysis | None, key: str | None) -> None:
        body = self.query_one("#detail-body", Static)
        if analysis is None or key is None:
            body.update("")
        else:
            body.update(detail(analysis, key, glyphs_of(self)))
