"""Pane 3, Dependencies: the project graph as lanes, one project a row (reports/graph.py).

Rows in topological order, a lane for each link from its predecessor's row down to its
successor's, and beside them the key, the name, each incoming link with its type and lag
(`after`), the forecast finish and the float. Only the rows on screen are drawn, so 10,000
projects cost what 40 do. The selected project's links, their lanes and their labels are
drawn in its linked style (bold yellow by default), the critical chain in the critical-path
style. ↑↓ move, → / enter follow a link to a successor, ← to a predecessor (asking which
when there are several), h/l scroll the lanes when they are wider than their room; a adds a
predecessor to the selected project, delete removes one of its links. Other programs'
projects linked to this one's have rows of their own (`RTX/PAY-UPG`, in the other-program
style); → / enter on one opens that program with the project selected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.worker import get_current_worker

from progtui import domain as d
from progtui import services
from progtui.analysis import Analysis
from progtui.analysis.lanes import External, Lanes, lanes
from progtui.app.dialogs.choose import Choose, Confirm
from progtui.app.dialogs.link import AddLink
from progtui.app.saving import Change, Saver
from progtui.reports import graph as g
from progtui.reports.look import MARKS

NAME_MIN = 16  # cells a name keeps before the lanes lose room
AFTER_MAX = 30  # the after column's widest
LINKS = "links"  # the lanes' head
LANE_STEP = 8  # lanes scrolled by h / l


class DependencyGraph(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "step(-1)", "Up", show=False, id="graph.up"),
        Binding("down", "step(1)", "Down", show=False, id="graph.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="graph.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="graph.page_down"),
        Binding("home", "jump(0)", "First", show=False, id="graph.first"),
        Binding("end", "jump(-1)", "Last", show=False, id="graph.last"),
        Binding("left", "follow(-1)", "Predecessor", show=False, id="graph.left"),
        Binding("right", "follow(1)", "Successor", show=False, id="graph.right"),
        Binding("enter", "follow(1)", "Follow link", id="graph.follow"),
        Binding("h", "lanes(-1)", "Lanes left", show=False, id="graph.lanes_left"),
        Binding("l", "lanes(1)", "Lanes right", show=False, id="graph.lanes_right"),
        Binding("a", "add_link", "Add link", id="graph.add_link"),
        Binding("delete", "remove_link", "Remove link", id="graph.remove_link"),
    ]

    class Selected(Message):
        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    class OpenProgram(Message):
        """Open another *program* with its *project* selected (→ / enter on its row)."""

        def __init__(self, program: str, project: str) -> None:
            super().__init__()
            self.program = program
            self.project = project

    def __init__(self, *, id: str | None = None, ascii: bool = False) -> None:
        super().__init__(id=id)
        self._ascii = ascii
        self.analysis: Analysis | None = None  # the newest data
        self.drawn: Analysis | None = None  # the data of the picture (lay) on screen
        self.lay: Lanes | None = None
        self.projects: dict[str, d.Project] = {}
        self.external: dict[str, g.RowText] = {}  # the rows of other programs' projects
        self.critical: set[str] = set()
        self.selected: str | None = None
        self.linked: set[int] = set()  # the selected project's links (indexes into lay.links)
        self.lane_offset = 0  # the first lane shown when they are wider than their room
        self._cache: LRUCache[tuple[int, int], Strip] = LRUCache(256)
        self.key_width = 3
        self._widths: tuple[tuple[int, int, int], tuple[int, int, int, int]] | None = None

    @property
    def ascii(self) -> bool:
        """Draw with ASCII only (a terminal without UTF-8): reports/graph.py's ASCII set."""
        return self._ascii

    @ascii.setter
    def ascii(self, value: bool) -> None:
        self._ascii = value
        self._cache.clear()
        self.refresh()

    # --- data ----------------------------------------------------------------------------------
    def show(self, analysis: Analysis) -> None:
        """Take new data. On screen, it is laid out in a worker (10,000 projects take a few
        tenths of a second) and the picture before stays until it is ready; otherwise when
        the pane is next entered."""
        self.analysis = analysis
        if self.is_on_screen and self.lay is not None:
            self._lay_out_later(analysis)
        else:
            self.lay = None

    @property
    def is_on_screen(self) -> bool:
        return getattr(self.parent, "current", None) == self.id

    @work(thread=True, exclusive=True, group="graph-layout")
    def _lay_out_later(self, analysis: Analysis) -> None:
        lay = lanes(analysis.data)
        external = g.external_texts(analysis, lay)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._take, analysis, lay, external)

    def _lay_out(self) -> None:
        if self.analysis is not None:
            lay = lanes(self.analysis.data)
            self._take(self.analysis, lay, g.external_texts(self.analysis, lay))

    def _take(self, a: Analysis, lay: Lanes, external: dict[str, g.RowText]) -> None:
        if a is not self.analysis:
            return  # newer data came meanwhile; its own layout follows
        self.lay, self.drawn = lay, a
        self.projects = {p.key: p for p in a.data.projects}
        self.external = external
        self.key_width = max((len(k) for k in lay.keys), default=3)
        self.critical = {k for k, s in a.schedule.slots.items() if s.critical}
        if self.selected not in lay.row:
            self.selected = lay.keys[0] if lay.keys else None
        self._highlight()
        self.virtual_size = Size(1, len(lay.keys) + 1)
        self._scroll_to_selected()

    def select(self, key: str | None) -> None:
        """Select a project (None: keep the selection, or the first row); the pane is laid
        out now if it was not (entered from a pane about something else)."""
        if self.analysis is None:
            return
        if key is not None:
            self.selected = key
        if self.lay is None:
            self._lay_out()
        elif self.selected in self.lay.row:
            self._highlight()
            self._scroll_to_selected()
        self.post_message(self.Selected(self.selected))

    @property
    def selected_project(self) -> str | None:
        """The selected row's project when it is this program's (None on another's)."""
        return self.selected if self.selected in self.projects else None

    def _highlight(self) -> None:
        lay = self.lay
        self.linked = set()
        if lay is not None and self.selected in lay.row:
            into, out = lay.neighbours(self.selected)
            self.linked = {*into, *out}
            lanes_used = [lay.links[i].lane for i in self.linked if lay.links[i].lane >= 0]
            room = self._lane_room()
            if lanes_used and room:
                lo, hi = min(lanes_used), max(lanes_used)
                if lo < self.lane_offset or hi >= self.lane_offset + room:
                    self.lane_offset = max(0, min(lo, hi - room + 1))
        self._cache.clear()
        self.refresh()

    # --- columns -------------------------------------------------------------------------------
    @property
    def text_width(self) -> int:
        """Cells a line has: the pane's width less its scrollbar (no column under it)."""
        return self.scrollable_content_region.width

    def _columns(self) -> tuple[int, int, int, int]:
        """Widths of the lanes, the key, the name and the after column at this width (and
        for the rows on screen)."""
        lay = self.lay
        width = self.text_width
        at = (id(lay), width, self.scroll_offset.y)
        if self._widths is not None and self._widths[0] == at:
            return self._widths[1]
        key = self.key_width
        after = min(AFTER_MAX, max(self._after_width(), 5))
        fixed = key + after + 10 + 5 + 5  # finish, float and the spaces between columns
        lanes_w = g.graph_width(lay) if lay else 1
        lanes_w = max(1, min(lanes_w, width - fixed - NAME_MIN - 1))
        name = max(width - fixed - lanes_w - 1, 4)
        self._widths = (at, (lanes_w, key, name, after))
        return lanes_w, key, name, after

    def _after_width(self) -> int:
        lay = self.lay
        if lay is None:
            return 0
        top = self.scroll_offset.y
        rows = range(max(top - 1, 0), min(top + self.size.height + 1, len(lay.keys)))
        return max((len(", ".join(t for t, _ in g.after(lay, r))) for r in rows), default=0)

    def _lane_room(self) -> int:
        """Lanes that fit beside the text (all of them when they fit)."""
        lay = self.lay
        if lay is None or not self.text_width:
            return 0
        return max((self._columns()[0] - 1) // 2, 1)

    def role(self, link: int) -> str:
        lay = self.lay
        assert lay is not None
        x = lay.links[link]
        if link in self.linked:
            return g.LINKED
        if x.pred in self.critical and x.succ in self.critical:
            return g.CRITICAL
        ends = (self.projects.get(x.pred), self.projects.get(x.succ))
        if any(p is not None and p.status == "cancelled" for p in ends):
            return g.FADED
        return g.LINE

    def role_styles(self) -> dict[str, Style]:
        return {
            g.LINKED: Style.parse(MARKS["linked"]),
            g.CRITICAL: Style.parse(MARKS["critical-path"]),
            g.LINE: Style.parse("grey50"),
            g.FADED: Style(dim=True),
            "": Style(),
        }

    # --- drawing -------------------------------------------------------------------------------
    def on_resize(self) -> None:
        if self.lay is not None:
            self.virtual_size = Size(1, len(self.lay.keys) + 1)
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.text_width
        lay = self.lay
        if lay is None:
            return Strip.blank(width, self.rich_style)
        if y == 0:
            return self._header(width)
        row = self.scroll_offset.y + y - 1
        if row >= len(lay.keys):
            return Strip.blank(width, self.rich_style)
        cache_key = (row, width)
        strip = self._cache.get(cache_key)
        if strip is None:
            strip = self._cache[cache_key] = self._row(row, width)
        return strip

    def _header(self, width: int) -> Strip:
        lanes_w, key, name, after = self._columns()
        more = (" <" if self.ascii else " ◀") if self.lane_offset else ""
        line = Text(no_wrap=True, end="", style="bold")
        for heads, w in (
            ((LINKS + more, LINKS, ""), lanes_w),
            (("key",), key),
            (("name",), name),
            (("after (type+-lag)" if self.ascii else "after (type±lag)", "after"), after),
            (("finish",), 10),
            (("float",), 5),
        ):  # the longest head that fits: never one cut
            text = next((h for h in heads if len(h) <= w), "")
            line.append(text.ljust(w) + " ")
        line.truncate(width, pad=True)
        segments = Segment.apply_style(line.render(self.app.console), self.rich_style)
        return Strip(list(segments), width)  # every segment styled: filters (NO_COLOR) need it

    def lane_cells(self, row: int) -> list[g.Cell]:
        """The lanes' cells of a row as shown: the project's mark, then the lanes from the
        first one scrolled to."""
        lay = self.lay
        assert lay is not None
        key = lay.keys[row]
        window = range(self.lane_offset, self.lane_offset + self._lane_room())
        status = g.row_status(lay, self.projects, key)
        cells = g.draw_row(lay, row, status, ascii=self.ascii, role=self.role, lanes=window)
        if self.lane_offset:
            cells = [cells[0], *cells[1 + 2 * self.lane_offset :]]
        return cells

    def row_text(self, row: int, width: int) -> Text:
        """One row: its lanes, then key, name, after, finish and float."""
        lay, a = self.lay, self.drawn
        assert lay is not None and a is not None
        lanes_w, key_w, name_w, after_w = self._columns()
        styles = self.role_styles()
        key = lay.keys[row]
        project = self.projects.get(key)
        selected = key == self.selected
        neighbour = any(i in self.linked for i in (*lay.incoming[row], *lay.outgoing[row]))
        faded = project is not None and project.status == "cancelled"
        other = Style.parse(MARKS["other-program"]) if project is None else None
        line = Text(no_wrap=True, end="")
        run: list[str] = []  # characters of one role, appended at once
        run_role = ""
        for ch, role in self.lane_cells(row)[:lanes_w]:
            if role == run_role and role != "project":
                run.append(ch)
                continue
            if run:
                line.append("".join(run), styles.get(run_role, Style()))
            run, run_role = [], role
            if role == "project":
                style = (
                    Style(reverse=True, bold=True)
                    if selected
                    else styles[g.CRITICAL]
                    if key in self.critical
                    else styles[g.LINKED]
                    if neighbour
                    else Style(dim=True)
                    if faded
                    else other or Style.null()
                )
                line.append(ch, style)
            else:
                run.append(ch)
        if run:
            line.append("".join(run), styles.get(run_role, Style()))
        line.pad_right(lanes_w - line.cell_len)
        line.append(" ")
        text = g.row_text(a, project) if project is not None else self.external[key]
        key_style = (
            Style(reverse=True, bold=True)
            if selected
            else styles[g.LINKED]
            if neighbour
            else styles[g.CRITICAL]
            if key in self.critical
            else Style(dim=True)
            if faded
            else other or Style.null()
        )
        line.append(key.ljust(key_w), key_style)
        line.append(" ")
        plain = Style(dim=True) if faded else other or Style.null()
        name = Text(text.name, style=Style(reverse=True) if selected else plain, no_wrap=True)
        _fit(name, name_w, self.ascii)
        line.append_text(name)
        line.append(" ")
        after = Text(no_wrap=True)
        for n, (label, link) in enumerate(g.after(lay, row)):
            if n:
                after.append(", ")
            after.append(label, styles[g.LINKED] if link in self.linked else plain)
        _fit(after, after_w, self.ascii)
        line.append_text(after)
        line.append(" ")
        line.append(text.finish.ljust(10), Style(dim=True, italic=True) if faded else plain)
        line.append(" ")
        line.append(text.float.rjust(5), styles[g.CRITICAL] if text.float == "crit" else "")
        line.truncate(width, pad=True)
        return line

    def _row(self, row: int, width: int) -> Strip:
        line = self.row_text(row, width)
        segments = list(Segment.apply_style(line.render(self.app.console), self.rich_style))
        return Strip(segments, width)

    # --- moving --------------------------------------------------------------------------------
    def _scroll_to_selected(self) -> None:
        lay = self.lay
        if lay is None or self.selected not in lay.row:
            return
        row = lay.row[self.selected]
        visible = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if row < top:
            self.scroll_to(y=row, animate=False)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False)

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self._cache.clear()  # the after column's width follows the rows on screen

    def action_step(self, step: int) -> None:
        lay = self.lay
        if lay and self.selected in lay.row:
            row = min(max(lay.row[self.selected] + step, 0), len(lay.keys) - 1)
            self.select(lay.keys[row])

    def action_page(self, direction: int) -> None:
        self.action_step(direction * max(self.size.height - 2, 1))

    def action_jump(self, where: int) -> None:
        if self.lay and self.lay.keys:
            self.select(self.lay.keys[where])

    def action_lanes(self, direction: int) -> None:
        lay = self.lay
        if lay is None:
            return
        room = self._lane_room()
        top = max(lay.width - room, 0)
        self.lane_offset = min(max(self.lane_offset + direction * LANE_STEP, 0), top)
        self._cache.clear()
        self.refresh()

    def action_follow(self, direction: int) -> None:
        """Go along a link: to a successor (1) or a predecessor (-1), asking which when the
        project has several."""
        lay = self.lay
        if lay is None or self.selected not in lay.row:
            return
        if direction > 0 and self.selected in lay.external:
            self._open_other(lay.external[self.selected])
            return
        into, out = lay.neighbours(self.selected)
        links = [lay.links[i] for i in (out if direction > 0 else into)]
        others = [x.succ if direction > 0 else x.pred for x in links]
        if not others:
            what = "successor" if direction > 0 else "predecessor"
            self.app.notify(f"{self.selected} has no {what}", timeout=2, markup=False)
            return
        if len(others) == 1:
            self.select(others[0])
            return
        question = f"Follow which link of {self.selected}? " + (
            "(its successors)" if direction > 0 else "(its predecessors)"
        )
        choices = [
            (k, f"{k}  {g.label(x.dep)}  {self._row_name(k)}")
            for k, x in zip(others, links, strict=True)
        ]
        self.app.push_screen(Choose(question, choices), self._chosen)

    def _row_name(self, key: str) -> str:
        project = self.projects.get(key)
        return project.name if project is not None else self.external[key].name

    def _open_other(self, x: External) -> None:
        """Follow into the other program of an external row, if the account may read it."""
        if x.program is None or x.project is None:
            self.app.notify(
                "that project is in a program you may not read", timeout=3, markup=False
            )
            return
        self.post_message(self.OpenProgram(x.program, x.project))

    def _chosen(self, key: str | None) -> None:
        if key is not None:
            self.select(key)

    # --- changing links ------------------------------------------------------------------------
    def action_add_link(self) -> None:
        """Ask for a predecessor of the selected project, the link's type and lag."""
        if self.lay is None or self.selected is None:
            return
        key = self.selected
        into, _ = self.lay.neighbours(key)
        if key in self.lay.external:
            self.app.notify(f"{key} is another program's: add its links there", markup=False)
            return
        already = {self.lay.links[i].pred for i in into}
        choices = [k for k in self.lay.keys if k in self.projects and k != key and k not in already]
        self.app.push_screen(
            AddLink(key, choices), lambda answer: self._add(key, answer) if answer else None
        )

    def _add(self, key: str, answer: tuple[str, str]) -> None:
        predecessor, kind = answer
        program = self.analysis.data.program.key if self.analysis else ""
        self._save(
            lambda s: services.link(
                s, program=program, project=key, predecessor=predecessor, kind=kind
            ),
            f"{key} now depends on {predecessor} ({kind})",
        )

    def action_remove_link(self) -> None:
        """Remove one of the selected project's links (asking which, then confirming)."""
        lay = self.lay
        if lay is None or self.selected not in lay.row:
            return
        into, out = lay.neighbours(self.selected)
        every = [lay.links[i] for i in (*into, *out)]
        # a link to another program's project is the file's to change (import it again)
        links = [x for x in every if x.pred in self.projects and x.succ in self.projects]
        if not links:
            why = (
                f"{self.selected} has only links to other programs: change them in the file"
                if every
                else f"{self.selected} has no links"
            )
            self.app.notify(why, timeout=2, markup=False)
            return
        if len(links) == 1:
            self._confirm_remove(links[0].pred, links[0].succ)
            return
        arrow = "->" if self.ascii else "→"
        choices = [
            (f"{x.pred}>{x.succ}", f"{x.pred} {arrow} {x.succ}  {g.label(x.dep)}") for x in links
        ]
        self.app.push_screen(
            Choose(f"Remove which link of {self.selected}?", choices),
            lambda chosen: self._confirm_remove(*chosen.split(">")) if chosen else None,
        )

    def _confirm_remove(self, pred: str, succ: str) -> None:
        program = self.analysis.data.program.key if self.analysis else ""

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(
                    lambda s: services.unlink(s, program=program, project=succ, predecessor=pred),
                    f"{succ} no longer depends on {pred}",
                )

        self.app.push_screen(
            Confirm(
                f"Remove the link {pred} {'->' if self.ascii else '→'} {succ}: "
                f"{succ} would no longer wait for {pred}?"
            ),
            answered,
        )

    def _save(self, apply: Callable[..., object], done: str) -> None:
        """Through the screen's one save worker (refused if someone changed it since)."""
        screen = self.screen
        if isinstance(screen, Saver):
            screen.save(Change(apply, after=lambda _: self.app.notify(done, markup=False)))


def _fit(text: Text, width: int, ascii: bool) -> None:
    """Cut *text* to *width* cells, marking the cut (… or, in ASCII, ~), and pad it."""
    if text.cell_len > width:
        text.truncate(width - 1)
        text.append("~" if ascii else "…")
    text.pad_right(width - text.cell_len)
