"""Pane 2, Projects: every project with its schedule, money and health; sort, filter, move."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Input

from progtui.analysis import Analysis, ProjectResult
from progtui.analysis.baseline import Variance
from progtui.app.glyphs import UNICODE, Glyphs
from progtui.app.panes.ranked import RankedPane
from progtui.app.widgets.line_table import Column, LineTable
from progtui.reports.look import MARKS, rag_style
from progtui.text import one_line

COLUMNS = [
    Column("rank", "#", 4, right=True),
    Column("key", "key", 10),
    Column("name", "name", flexible=True),
    Column("manager", "manager", 9, keep=3),
    Column("status", "status", 9, keep=2),
    Column("health", "health", 8),
    Column("finish", "finish", 10, keep=1),
    Column("slip", "slip", 4, right=True, keep=1),
    Column("base", "±base", 5, right=True, keep=3),
    Column("float", "float", 5, right=True, keep=2),
    Column("done", "%", 4, right=True, keep=4),
    Column("cpi", "CPI", 5, right=True, keep=3),
    Column("spi", "SPI", 5, right=True, keep=4),
    Column("eac", "EAC", 10, right=True, keep=5),
    Column("wsjf", "WSJF", 5, right=True, keep=5),
    Column("risk", "risk", 4, right=True, keep=4),
]

_HEALTH_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}


def _num(value: float | None, fmt: str, none: str = UNICODE.none) -> Text:
    return Text(none if value is None else fmt.format(value))


def row(
    a: Analysis,
    r: ProjectResult,
    moved: dict[str, Variance] | None = None,
    g: Glyphs = UNICODE,
) -> tuple[Text, ...]:
    """One project's cells; *moved* gives the slip since the chosen baseline; *g* the
    characters (ASCII on a terminal without UTF-8)."""
    p, s, ev = r.project, r.slot, r.ev
    none = g.none
    v = (moved or {}).get(p.key)
    rag = r.health.rag if r.health else None
    return (
        Text(str(p.rank)),
        Text(p.key),
        Text(one_line(p.name)),
        Text(one_line(p.manager or "")),
        Text(p.status),
        Text(g.rag_label(rag), style=rag_style(rag)),
        Text(str(a.date_of(s.f - 1)) if s else none),
        Text(str(s.slip) if s else none, style="bold" if s and s.slip > 0 else ""),
        Text(
            none if v is None or v.slip is None else f"{v.slip:+d}",
            style="bold" if v and v.slip and v.slip > 0 else "",
        ),
        Text(
            none if s is None or s.total_float is None else str(s.total_float),
            style=MARKS["critical-path"] if s and s.critical else "",
        ),
        _num(p.percent_complete, "{:.0f}", none),
        _num(ev.cpi if ev else None, "{:.2f}", none),
        _num(ev.spi if ev else None, "{:.2f}", none),
        _num(ev.eac if ev else None, "{:,.0f}", none),
        _num(r.wsjf, "{:.1f}", none),
        Text(str(r.exposure)),
    )


SORTS: list[tuple[str, Callable[[Analysis, ProjectResult], Any]]] = [
    ("rank", lambda a, r: r.project.rank),
    ("health", lambda a, r: (_HEALTH_ORDER[r.health.rag if r.health else None], r.project.rank)),
    ("finish", lambda a, r: (r.slot.f if r.slot else 10**9, r.project.rank)),
    ("slip", lambda a, r: (-(r.slot.slip if r.slot else -(10**9)), r.project.rank)),
    (
        "float",
        lambda a, r: (
            r.slot.total_float if r.slot and r.slot.total_float is not None else 10**9,
            r.project.rank,
        ),
    ),
    ("WSJF", lambda a, r: (-(r.wsjf or -1), r.project.rank)),
    ("risk", lambda a, r: (-r.exposure, r.project.rank)),
    ("key", lambda a, r: r.project.key),
]


@dataclass(frozen=True, slots=True)
class ProjectFilter:
    text: str = ""

    def keep(self, r: ProjectResult) -> bool:
        if not self.text:
            return True
        p = r.project
        rag = r.health.rag if r.health else ""
        hay = " ".join((p.key, p.name, p.manager or "", p.status, rag or "")).casefold()
        return all(word in hay for word in self.text.casefold().split())


class ProjectsPane(RankedPane):
    """The project list in rank order (or another order, `o`), filtered with `/`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "sort", "Sort", show=False, id="projects.sort"),
        Binding("slash", "filter", "Filter", show=False, id="projects.filter"),
        Binding("escape", "clear_filter", "Clear", show=False, id="projects.clear"),
        Binding("W", "advice", "WSJF advice", id="projects.advice"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis: Analysis | None = None
        self.sort_index = 0
        self.filter = ProjectFilter()

    def compose(self) -> ComposeResult:
        yield Input(placeholder="filter: key, name, manager, status or health", id="filter")
        g = getattr(self.app, "glyphs", UNICODE)
        yield LineTable(
            [  # in ASCII, "+-base" takes a cell more
                replace(c, label=g.say(c.label), width=max(c.width, len(g.say(c.label))))
                for c in COLUMNS
            ],
            id="projects-table",
        )

    def show(self, analysis: Analysis) -> None:
        self.analysis = analysis
        self._refill()

    def _refill(self) -> None:
        a = self.analysis
        if a is None:
            return
        _, key = SORTS[self.sort_index]
        shown = sorted((r for r in a.projects if self.filter.keep(r)), key=lambda r: key(a, r))
        moved = self.variances()
        g = getattr(self.app, "glyphs", UNICODE)
        self.table.set_rows(shown, [r.project.key for r in shown], lambda r: row(a, r, moved, g))
        base = self.baseline()
        self.border_subtitle = (
            f"sorted by {SORTS[self.sort_index][0]}"
            + (f"{g.sep}filter: {self.filter.text}" if self.filter.text else "")
            + (f"{g.sep}{g.say('±')}base: {one_line(base.name)}" if base else "")
        )
        self.post_message(self.ViewChanged())

    def view_state(self) -> list[tuple[str, int]]:
        from progtui.app.widgets.status_line import FILTER, SORT

        text = self.filter.text
        return [
            (f"sorted by {SORTS[self.sort_index][0]}", SORT),
            *(
                [(f"filter: {one_line(text)} ({len(self.table.keys)} shown)", FILTER)]
                if text
                else []
            ),
            *super().view_state(),
        ]

    # --- actions -----------------------------------------------------------------------------
    def action_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self._refill()
        self.app.notify(f"sorted by {SORTS[self.sort_index][0]}", timeout=2, markup=False)

    def action_filter(self) -> None:
        self.add_class("-filtering")
        self.query_one("#filter", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.filter = ProjectFilter(event.value)
        self._refill()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.value = ""
        self.filter = ProjectFilter()
        self.remove_class("-filtering")
        self._refill()
        self.table.focus()

    def action_advice(self) -> None:
        from progtui.app.dialogs.advice import Advice

        if self.analysis is not None:
            self.app.push_screen(Advice(self.analysis))
