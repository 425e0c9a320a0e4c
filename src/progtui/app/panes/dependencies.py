"""Pane 3, Dependencies: the project graph in layers (topological generations as columns).

One box a project, links in box-drawing characters from a predecessor to its successor, with
the link's type and lag when it is not FS 0. The critical chain is drawn in the theme's
critical-path style (bold red by default); the selected project is reversed and its
predecessors and successors, with their links, in its linked style (bold yellow). Arrows move
the selection (↑↓ in a column, ←→ across); enter follows the first link to a successor.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from progtui.analysis import Analysis
from progtui.analysis.layout import GraphLayout, layered
from progtui.reports.look import MARKS

ROW_GAP = 2  # a box every other line; the lines between are free for links
GUTTER = 14  # cells between columns: lanes for the links, and room for a label like SS+10


class DependencyGraph(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "step(0, -1)", "Up", show=False, id="graph.up"),
        Binding("down", "step(0, 1)", "Down", show=False, id="graph.down"),
        Binding("left", "step(-1, 0)", "Predecessors", show=False, id="graph.left"),
        Binding("right", "step(1, 0)", "Successors", show=False, id="graph.right"),
        Binding("enter", "follow", "Follow link", id="graph.follow"),
    ]

    class Selected(Message):
        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.analysis: Analysis | None = None
        self.layout_: GraphLayout | None = None
        self.selected: str | None = None
        self.canvas: list[list[tuple[str, str]]] = []

    # --- data and drawing ----------------------------------------------------------------------
    def show(self, analysis: Analysis) -> None:
        """Take new data; it is laid out and drawn when the pane is on screen."""
        self.analysis = analysis
        self.layout_ = None
        if self.display and self.parent is not None and self.is_on_screen:
            self._layout_and_draw()

    @property
    def is_on_screen(self) -> bool:
        switcher = self.parent
        return getattr(switcher, "current", None) == self.id

    def _layout_and_draw(self) -> None:
        if self.analysis is None:
            return
        self.layout_ = layered(self.analysis.data, self.selected)
        if self.selected not in self.layout_.column:
            self.selected = self.layout_.columns[0][0] if self.layout_.columns else None
        self._draw()

    def select(self, key: str | None) -> None:
        """Select a project; in a big program the drawing follows it (its neighbourhood)."""
        if self.analysis is None or key is None:
            return
        if self.layout_ is None or key not in self.layout_.column or not self.layout_.whole:
            self.selected = key
            self._layout_and_draw()
        elif key != self.selected:
            self.selected = key
            self._draw()
        self._scroll_to_selected()
        self.post_message(self.Selected(key))

    def _width(self) -> int:
        lay = self.layout_
        return max((len(k) for k in lay.column), default=4) + 2 if lay else 6

    def _x(self, column: int) -> int:
        return column * (self._width() + GUTTER)

    def _draw(self) -> None:
        a, lay = self.analysis, self.layout_
        if a is None or lay is None:
            return
        box = self._width()
        height = max((len(c) for c in lay.columns), default=0) * ROW_GAP
        width = self._x(len(lay.columns))
        canvas = [[(" ", "")] * width for _ in range(max(height, 1))]
        slots = a.schedule.slots
        critical = {k for k, s in slots.items() if s.critical}
        near = {x for x, y, _ in lay.edges if y == self.selected} | {
            y for x, y, _ in lay.edges if x == self.selected
        }

        # Lines are drawn as the directions leaving each cell (up, down, left, right), so that
        # links sharing a cell meet in the right junction (├ ┬ ┼ …) instead of overwriting
        # each other's corners. Text (arrows, labels, boxes) goes on top afterwards.
        bits = [[0] * width for _ in range(len(canvas))]
        line_style = [[""] * width for _ in range(len(canvas))]
        linked, on_path = MARKS["linked"], MARKS["critical-path"]
        strength = {"grey50": 1, on_path: 2, linked: 3}  # which link shows in a shared cell

        def mark(x: int, y: int, directions: int, style: str) -> None:
            if 0 <= y < len(bits) and 0 <= x < width:
                bits[y][x] |= directions
                if strength.get(style, 0) >= strength.get(line_style[y][x], 0):
                    line_style[y][x] = style

        texts: list[tuple[int, int, str, str]] = []
        lanes: dict[int, int] = {}

        def lane(gutter_of_column: int) -> int:
            """A vertical lane in the gutter before a column, so parallel links stay apart."""
            n = lanes.get(gutter_of_column, 0)
            lanes[gutter_of_column] = n + 1
            return n % (GUTTER - 6)

        for pred, succ, dep in lay.edges:
            c0, c1 = lay.column[pred], lay.column[succ]
            y0, y1 = lay.row[pred] * ROW_GAP, lay.row[succ] * ROW_GAP
            x0, xt = self._x(c0) + box, self._x(c1) - 1
            style = (
                linked
                if self.selected in (pred, succ)
                else on_path
                if pred in critical and succ in critical
                else "grey50"
            )
            into = xt - 5 - lane(c1)  # the lane before the target column
            if c1 == c0 + 1:
                points = [(x0, y0), (into, y0), (into, y1), (xt, y1)]
            else:
                # Skipping columns: leave through the source's gutter, run along the free
                # line just above the target's row (no box stands on it), come in at the target.
                channel = y1 - 1 if y1 > 0 else y1 + 1
                out = x0 + 1 + lane(c0 + 1 + 1000)
                points = [
                    (x0, y0),
                    (out, y0),
                    (out, channel),
                    (into, channel),
                    (into, y1),
                    (xt, y1),
                ]
            _polyline(mark, points, style)
            texts.append((xt, y1, "▶", style))
            if (dep.type, dep.lag) != ("FS", 0):
                label = f"{dep.type}{dep.lag:+d}" if dep.lag else dep.type
                for i, ch in enumerate(label):  # on the last stretch, right before the arrow
                    texts.append((xt - len(label) + i, y1, ch, style))
        for y, row_bits in enumerate(bits):
            for x, b in enumerate(row_bits):
                if b:
                    canvas[y][x] = (_JUNCTIONS[b], line_style[y][x])
        for x, y, ch, style in texts:
            if 0 <= y < len(canvas) and 0 <= x < width:
                canvas[y][x] = (ch, style)
        for key, col in lay.column.items():
            y, x = lay.row[key] * ROW_GAP, self._x(col)
            r = next(r for r in a.projects if r.project.key == key)
            rag = r.health.rag if r.health else None
            style = (
                "reverse bold"
                if key == self.selected
                else on_path
                if key in critical
                else linked
                if key in near
                else ("" if rag else "dim")
            )
            text = f"[{key}]".ljust(box)
            for i, ch in enumerate(text):
                canvas[y][x + i] = (ch, style)
        self.canvas = canvas
        self.virtual_size = Size(width, len(canvas))
        self.refresh()

    def render_line(self, y: int) -> Strip:
        row = self.scroll_offset.y + y
        width = self.size.width
        if row >= len(self.canvas):
            return Strip.blank(width)
        x0 = self.scroll_offset.x
        cells = self.canvas[row][x0 : x0 + width]
        segments = [Segment(ch, Style.parse(style) if style else None) for ch, style in cells]
        return Strip(segments, len(cells)).extend_cell_length(width)

    # --- moving --------------------------------------------------------------------------------
    def _scroll_to_selected(self) -> None:
        lay = self.layout_
        if lay and self.selected:
            y = lay.row[self.selected] * ROW_GAP
            x = self._x(lay.column[self.selected])
            self.scroll_to_region(Region(x, y, self._width(), 1), animate=False)

    def action_step(self, dx: int, dy: int) -> None:
        lay = self.layout_
        if not lay or not self.selected:
            return
        col, row = lay.column[self.selected], lay.row[self.selected]
        if dy:
            column = lay.columns[col]
            self.select(column[min(max(row + dy, 0), len(column) - 1)])
        elif 0 <= col + dx < len(lay.columns):
            column = lay.columns[col + dx]
            self.select(column[min(row, len(column) - 1)])

    def action_follow(self) -> None:
        lay = self.layout_
        if not lay or not self.selected:
            return
        successors = [b for a, b, _ in lay.edges if a == self.selected]
        if successors:
            self.select(successors[0])
        else:
            self.app.notify(f"{self.selected} has no successor", timeout=2, markup=False)


UP, DOWN, LEFT, RIGHT = 1, 2, 4, 8
_JUNCTIONS = {
    UP: "│",
    DOWN: "│",
    UP | DOWN: "│",
    LEFT: "─",
    RIGHT: "─",
    LEFT | RIGHT: "─",
    DOWN | RIGHT: "┌",
    DOWN | LEFT: "┐",
    UP | RIGHT: "└",
    UP | LEFT: "┘",
    UP | DOWN | RIGHT: "├",
    UP | DOWN | LEFT: "┤",
    LEFT | RIGHT | DOWN: "┬",
    LEFT | RIGHT | UP: "┴",
    UP | DOWN | LEFT | RIGHT: "┼",
}


def _polyline(
    mark: Callable[[int, int, int, str], None], points: list[tuple[int, int]], style: str
) -> None:
    """Mark an axis-aligned path through *points*: each cell gets the directions the path
    leaves it by, so corners and shared cells become the right junction character."""
    points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    for (xa, ya), (xb, yb) in pairwise(points):
        if ya == yb:
            step, back, ahead = (1, LEFT, RIGHT) if xb > xa else (-1, RIGHT, LEFT)
            for x in range(xa, xb + step, step):
                mark(x, ya, (back if x != xa else 0) | (ahead if x != xb else 0), style)
        else:
            step, back, ahead = (1, UP, DOWN) if yb > ya else (-1, DOWN, UP)
            for y in range(ya, yb + step, step):
                mark(xa, y, (back if y != ya else 0) | (ahead if y != yb else 0), style)
