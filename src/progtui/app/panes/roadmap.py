"""Pane 1, Roadmap: a Gantt chart, one row a project in rank order.

Each row shows the project's health as a symbol (✖ ▲ ●, ASCII R A G: readable without
colour), the planned bar (░, ASCII =) behind the forecast bar (█, ASCII #; coloured by
health, so a slip shows as forecast beyond plan), milestones (◆ open, ◇ done, ◆ in bold red
when overdue) and today's line (│, ASCII |) drawn over the bars. Critical projects are marked
`!` before their key.

The time axis first fits the whole program (its start to the latest of its end, a planned
finish and a forecast finish) to the width there is. `+`/`-` zoom in and out around today
when it is on screen (else around the middle of the view), from a day to half a year per
cell; `h`/`l` (or ←/→) move eight cells in time, beyond the program too. Month labels are
placed every 1, 2, 3 or 6 months (or years), the finest step whose labels cannot collide at
that zoom; January shows the year. The name column widens with the terminal.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType

from progtui import domain as d
from progtui.analysis import Analysis, ProjectResult
from progtui.app.glyphs import UNICODE, Glyphs
from progtui.app.panes.ranked import RankedPane
from progtui.app.widgets.line_table import Column, LineTable
from progtui.reports.look import MARKS, rag_style
from progtui.text import one_line

# calendar days per cell, finest first, and how the status line says it
SCALES = (
    (1, "a day"),
    (2, "2 days"),
    (4, "4 days"),
    (7, "a week"),
    (14, "2 weeks"),
    (30, "a month"),
    (61, "2 months"),
    (91, "a quarter"),
    (182, "half a year"),
)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
STEPS = (1, 2, 3, 6, 12, 24, 60, 120)  # months between labels
NAME_MIN = 20
FIXED = 4 + 1 + 11 + 3  # rank, health and key with their gaps, and the name's own gap


def columns(name_width: int) -> list[Column]:
    return [
        Column("rank", "#", 4, right=True),
        Column("health", "", 1),
        Column("key", "key", 11),
        Column("name", "name", name_width, keep=1),
        Column("timeline", "", flexible=True),
    ]


COLUMNS = columns(NAME_MIN)


def name_width(table_width: int, longest: int) -> int:
    """The name column: a third of what is left beside rank and key, at least 20 cells and no
    wider than the longest name."""
    return max(NAME_MIN, min(longest, (table_width - FIXED) // 3))


@dataclass(frozen=True, slots=True)
class Timeline:
    origin: date  # the first day of the leftmost cell
    days: int  # calendar days per cell

    def cell(self, day: date) -> int:
        return (day - self.origin).days // self.days

    def start(self, cell: int) -> date:
        return self.origin + timedelta(days=cell * self.days)


def fit_days(first: date, last: date, width: int) -> int:
    """The finest scale showing *first* to *last* in *width* cells (the coarsest if none)."""
    span = (last - first).days + 1
    for days, _ in SCALES:
        if -(-span // days) <= max(width - 1, 1):
            return days
    return SCALES[-1][0]


def _paint(cells: list[tuple[str, str]], first: int, last: int, char: str, style: str) -> None:
    for c in range(max(first, 0), min(last, len(cells) - 1) + 1):
        cells[c] = (char, style)


def bar_text(
    a: Analysis,
    r: ProjectResult,
    t: Timeline,
    width: int,
    ghost: d.BaselineProject | None = None,
    g: Glyphs = UNICODE,
) -> Text:
    """One project's timeline row, *width* cells wide; *ghost* is the project in the chosen
    baseline: a dotted bar where it was expected then, and a tick at the finish it had. Today's
    line is drawn over the bars; milestones over it."""
    cells = [(" ", "")] * width
    p, s = r.project, r.slot
    if ghost is not None:
        _paint(
            cells,
            t.cell(ghost.forecast_start or ghost.start),
            t.cell(ghost.forecast_end or ghost.end),
            g.ghost,
            MARKS["plan"],
        )
    _paint(cells, t.cell(p.start), t.cell(p.end), g.plan, MARKS["plan"])
    if s is not None:
        rag = r.health.rag if r.health else None
        style = rag_style(rag) if rag else (MARKS["done"] if p.status == "done" else "grey62")
        start, finish = a.date_of(s.s), a.date_of(s.f - 1)
        if start is not None and finish is not None:
            _paint(cells, t.cell(start), t.cell(finish), g.forecast, style)
    if ghost is not None:
        end = t.cell(ghost.forecast_end or ghost.end)
        if 0 <= end < width:
            cells[end] = (g.ghost_end, MARKS["baseline"])
    today = t.cell(a.today)
    if 0 <= today < width:
        cells[today] = (g.today, MARKS["today"])
    for m in a.milestones_of(p.key):
        when = m.done or m.forecast or m.due
        c = t.cell(when)
        if 0 <= c < width:
            cells[c] = (
                (g.milestone_done, "bold")
                if m.done
                else ((g.milestone, MARKS["overdue"]) if m.overdue_days else (g.milestone, "bold"))
            )
    text = Text(no_wrap=True)
    for char, style in cells:
        text.append(char, style)
    return text


def label_step(days: int) -> int:
    """Months between labels: the finest step whose labels always have room (a month name
    needs 4 cells with its gap; a year alone, 5)."""
    for step in STEPS:
        room = step * 28 // days
        if room >= (5 if step >= 12 else 4):
            return step
    return STEPS[-1]


def _month(day: date, months: int) -> date:
    n = day.year * 12 + day.month - 1 + months
    return date(n // 12, n % 12 + 1, 1)


def scale_text(t: Timeline, width: int) -> Text:
    """The header: month labels where the months begin, every label_step() months, with the
    year at January ('2027', or "'27" where a month is narrow); never cut, never touching."""
    step = label_step(t.days)
    end = t.start(width)
    month = _month(t.origin, 0 if t.origin.day == 1 else 1)
    starts: list[tuple[int, date]] = []
    while month < end:
        labelled = (
            month.month == 1 and month.year % (step // 12) == 0
            if step >= 12
            else (month.month - 1) % step == 0
        )
        if labelled:
            starts.append((t.cell(month), month))
        month = _month(month, 1)
    chars = [" "] * width
    for i, (c, first) in enumerate(starts):
        room = (starts[i + 1][0] if i + 1 < len(starts) else width + 1) - c - 1
        if first.month == 1:
            choices = [f"Jan {first.year}", f"{first.year}", f"'{first:%y}"]
        else:
            choices = [MONTHS[first.month - 1]]
        label = next((x for x in choices if len(x) <= room and c + len(x) <= width), "")
        chars[c : c + len(label)] = label
    return Text("".join(chars), style="bold")


def label_cells(r: ProjectResult, g: Glyphs = UNICODE) -> tuple[Text, ...]:
    """Rank, health symbol, key (`!` and red when critical) and name; the timeline beside."""
    critical = bool(r.slot and r.slot.critical)
    rag = r.health.rag if r.health else None
    return (
        Text(str(r.project.rank)),
        Text(g.rag[rag], style=rag_style(rag)) if rag else Text(),
        Text(
            (g.critical if critical else " ") + r.project.key,
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
        self.days: int | None = None  # None: fitted to the program
        self.origin: date | None = None  # None: the program's start
        self.span: tuple[date, date] | None = None  # the program, first and last day
        self.flex_width = 0  # the timeline's cells, as last drawn
        self.longest = NAME_MIN
        self.ghosts: dict[str, d.BaselineProject] = {}

    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS, id="roadmap-table", flex=self._draw, flex_sign=self._sign)

    @property
    def glyphs(self) -> Glyphs:
        return getattr(self.app, "glyphs", UNICODE)

    @property
    def timeline(self) -> Timeline:
        first, last = self.span or (date.today(), date.today())
        days = self.days or fit_days(first, last, self.flex_width or 60)
        return Timeline(self.origin or first, days)

    @property
    def fitted(self) -> bool:
        return self.days is None and self.origin is None

    def show(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self.span = program_span(analysis)
        base = self.baseline()
        self.ghosts = {x.project: x for x in base.projects} if base else {}
        self.longest = max((len(one_line(r.project.name)) for r in analysis.projects), default=0)
        self._widen(self.table.width_inside)
        self.reorder(analysis)

    def reorder(self, analysis: Analysis) -> None:
        """The rows in the new order; the axis, the baseline's bars and the name column's
        width stay (ranks change none of them)."""
        self.analysis = analysis
        g = self.glyphs
        self.table.set_rows(
            list(analysis.projects),
            [r.project.key for r in analysis.projects],
            lambda r: label_cells(r, g),
        )
        self.post_message(self.ViewChanged())

    def on_resize(self, event: events.Resize) -> None:
        self._widen(event.size.width - 2)  # the scrollbar's width may be taken

    def _widen(self, width: int) -> None:
        if width <= 0:
            return
        wanted = name_width(width, self.longest)
        if self.table.columns[3].width != wanted:
            self.table.set_columns(columns(wanted))

    def _draw(self, row: int, width: int) -> Text:
        a = self.analysis
        if a is None:
            return Text()
        if width != self.flex_width:
            self.flex_width = width
            self.post_message(self.ViewChanged())  # a fitted scale depends on the width
        if row < 0:
            return scale_text(self.timeline, width)
        r = a.projects[row]
        return bar_text(a, r, self.timeline, width, self.ghosts.get(r.project.key), self.glyphs)

    def _sign(self, row: int) -> Hashable:
        """Everything bar_text draws a row's timeline from, besides the width and glyphs."""
        a = self.analysis
        if a is None:
            return None
        r = a.projects[row]
        p, s = r.project, r.slot
        return (
            p.start,
            p.end,
            p.status,
            r.health.rag if r.health else None,
            (a.date_of(s.s), a.date_of(s.f - 1)) if s is not None else None,
            self.ghosts.get(p.key),
            a.milestones_of(p.key),
            self.timeline,
            a.today,
        )

    def view_state(self) -> list[tuple[str, int]]:
        from progtui.app.widgets.status_line import ZOOM

        t = self.timeline
        scale = dict(SCALES)[t.days]
        zoom = f"{scale} a cell, " + ("whole program" if self.fitted else f"from {t.origin}")
        return [(zoom, ZOOM), *super().view_state()]

    def _anchor(self) -> date:
        """What zooming keeps in place: today when on screen, else the middle of the view."""
        t, width = self.timeline, max(self.flex_width, 1)
        today = self.analysis.today if self.analysis else date.today()
        return today if 0 <= t.cell(today) < width else t.start(width // 2)

    def action_zoom(self, step: int) -> None:
        t = self.timeline
        scales = [days for days, _ in SCALES]
        new = scales[min(max(scales.index(t.days) + step, 0), len(scales) - 1)]
        anchor = self._anchor()
        column = (anchor - t.origin).days // t.days
        self.days, self.origin = new, anchor - timedelta(days=column * new)
        self._moved()

    def action_scroll_time(self, direction: int) -> None:
        t = self.timeline
        self.days, self.origin = t.days, t.origin + timedelta(days=direction * 8 * t.days)
        self._moved()

    def _moved(self) -> None:
        self.table.redraw()
        self.post_message(self.ViewChanged())


def program_span(a: Analysis) -> tuple[date, date]:
    """The program's first and last day: its dates, widened to every planned bar and every
    forecast finish (a late project stays on screen)."""
    p = a.data.program
    firsts = [x for x in (p.start, *(r.project.start for r in a.projects)) if x is not None]
    lasts = [x for x in (p.end, *(r.project.end for r in a.projects)) if x is not None]
    for r in a.projects:
        if r.slot is not None:
            finish = a.date_of(r.slot.f - 1)
            if finish is not None:
                lasts.append(finish)
    first = min(firsts, default=a.today)
    return first, max(lasts, default=first)
