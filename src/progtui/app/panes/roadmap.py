"""Pane 1, Roadmap: a Gantt chart, one row a project in rank order.

Each row shows the planned bar (░) behind the forecast bar (█, coloured by health, so a slip
shows as forecast beyond plan), milestones (◆ open, ◇ done, ◆ in bold red when overdue) and
today's line (│). Critical projects are marked `!` before their key. `+`/`-` zoom between
days, weeks and months per cell; `h`/`l` (or ←/→) move in time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from progtui import domain as d
from progtui.analysis import Analysis, ProjectResult
from progtui.app.panes.ranked import RankedPane
from progtui.app.widgets.line_table import Column, LineTable
from progtui.reports.look import MARKS, rag_style
from progtui.text import one_line

# (name shown in the pane's subtitle, calendar days per cell)
ZOOMS = (("weeks", 1), ("months", 7), ("quarters", 30))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

COLUMNS = [
    Column("rank", "#", 4, right=True),
    Column("key", "key", 11),
    Column("name", "name", 20, keep=1),
    Column("timeline", "", flexible=True),
]


@dataclass(frozen=True, slots=True)
class Timeline:
    origin: date  # the first day of the leftmost cell
    days: int  # calendar days per cell

    def cell(self, day: date) -> int:
        return (day - self.origin).days // self.days

    def start(self, cell: int) -> date:
        return self.origin + timedelta(days=cell * self.days)


def _paint(cells: list[tuple[str, str]], first: int, last: int, char: str, style: str) -> None:
    for c in range(max(first, 0), min(last, len(cells) - 1) + 1):
        cells[c] = (char, style)


def bar_text(
    a: Analysis, r: ProjectResult, t: Timeline, width: int, ghost: d.BaselineProject | None = None
) -> Text:
    """One project's timeline row, *width* cells wide; *ghost* is the project in the chosen
    baseline: a dotted bar where it was expected then, and a tick at the finish it had."""
    cells = [(" ", "")] * width
    today = t.cell(a.today)
    if 0 <= today < width:
        cells[today] = ("│", MARKS["today"])
    p, s = r.project, r.slot
    if ghost is not None:
        _paint(
            cells,
            t.cell(ghost.forecast_start or ghost.start),
            t.cell(ghost.forecast_end or ghost.end),
            "╌",
            MARKS["plan"],
        )
    _paint(cells, t.cell(p.start), t.cell(p.end), "░", MARKS["plan"])
    if s is not None:
        rag = r.health.rag if r.health else None
        style = rag_style(rag) if rag else (MARKS["done"] if p.status == "done" else "grey62")
        start, finish = a.date_of(s.s), a.date_of(s.f - 1)
        if start is not None and finish is not None:
            _paint(cells, t.cell(start), t.cell(finish), "█", style)
    if ghost is not None:
        end = t.cell(ghost.forecast_end or ghost.end)
        if 0 <= end < width:
            cells[end] = ("┊", MARKS["baseline"])
    for m in a.milestones_of(p.key):
        when = m.done or m.forecast or m.due
        c = t.cell(when)
        if 0 <= c < width:
            cells[c] = (
                ("◇", "bold")
                if m.done
                else (("◆", MARKS["overdue"]) if m.overdue_days else ("◆", "bold"))
            )
    text = Text(no_wrap=True)
    for char, style in cells:
        text.append(char, style)
    return text


def scale_text(t: Timeline, width: int) -> Text:
    """The header: month (or quarter) labels where they begin, years at January."""
    chars = [" "] * width
    for c in range(width):
        d0, d1 = t.start(c), t.start(c + 1)
        first_of_month = date(d0.year, d0.month, 1)
        if first_of_month < d0:
            first_of_month = (
                date(d0.year + 1, 1, 1) if d0.month == 12 else date(d0.year, d0.month + 1, 1)
            )
        if not first_of_month < d1:
            continue
        month = first_of_month.month
        if t.days >= 30 and month % 3 != 1:
            continue
        label = (
            f"Q{(month - 1) // 3 + 1} {first_of_month:%y}"
            if t.days >= 30
            else f"{MONTHS[month - 1]}" + (f" {first_of_month.year}" if month == 1 else "")
        )
        if all(ch == " " for ch in chars[c : c + len(label) + 1]) and c + len(label) <= width:
            chars[c : c + len(label)] = label
    return Text("".join(chars), style="bold")


def label_cells(r: ProjectResult) -> tuple[Text, ...]:
    """Rank, key (`!` and red when critical) and name; the timeline is drawn beside."""
    critical = bool(r.slot and r.slot.critical)
    return (
        Text(str(r.project.rank)),
        Text(
            ("!" if critical else " ") + r.project.key,
            style=MARKS["critical-path"] if critical else "",
        ),
        Text(one_line(r.project.name)),
        Text(),
    )


class RoadmapPane(RankedPane):
    """Forecast against plan for every project, with milestones and today."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("plus,equals_sign", "zoom(-1)", "Zoom in", show=False, id="roadmap.zoom_in"),
        Binding("minus", "zoom(1)", "Zoom out", show=False, id="roadmap.zoom_out"),
        Binding("h,left", "scroll_time(-1)", "Earlier", show=False, id="roadmap.earlier"),
        Binding("l,right", "scroll_time(1)", "Later", show=False, id="roadmap.later"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis: Analysis | None = None
        self.zoom = 1
        self.origin: date | None = None
        self.ghosts: dict[str, d.BaselineProject] = {}

    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS, id="roadmap-table", flex=self._draw)

    @property
    def timeline(self) -> Timeline:
        days = ZOOMS[self.zoom][1]
        origin = self.origin or date.today()
        return Timeline(origin - timedelta(days=origin.weekday()) if days == 7 else origin, days)

    def show(self, analysis: Analysis) -> None:
        if self.analysis is None or self.origin is None:
            starts = [r.project.start for r in analysis.projects]
            first = analysis.data.program.start or (min(starts) if starts else analysis.today)
            self.origin = min(first, analysis.today)
        self.analysis = analysis
        base = self.baseline()
        self.ghosts = {x.project: x for x in base.projects} if base else {}
        self.table.set_rows(
            list(analysis.projects), [r.project.key for r in analysis.projects], label_cells
        )
        self.table.redraw()
        self._subtitle()

    def _draw(self, row: int, width: int) -> Text:
        a = self.analysis
        if a is None:
            return Text()
        if row < 0:
            return scale_text(self.timeline, width)
        r = a.projects[row]
        return bar_text(a, r, self.timeline, width, self.ghosts.get(r.project.key))

    def _subtitle(self) -> None:
        base = self.baseline()
        self.border_subtitle = f"{ZOOMS[self.zoom][0]} · from {self.timeline.origin}" + (
            f" · ╌┊ baseline {one_line(base.name)}" if base else ""
        )

    def action_zoom(self, step: int) -> None:
        self.zoom = min(max(self.zoom + step, 0), len(ZOOMS) - 1)
        self.table.redraw()
        self._subtitle()

    def action_scroll_time(self, direction: int) -> None:
        if self.origin is not None:
            self.origin += timedelta(days=direction * 8 * ZOOMS[self.zoom][1])
            self.table.redraw()
            self._subtitle()
