"""A table that draws only the rows on screen (Textual's Line API).

DataTable keeps and measures every row: 3.5 s to first paint 10,000 of them. This one keeps
plain cells, lays the columns out for the width it has (dropping the least important ones at
80 columns), and renders visible lines on demand through an LRU cache. Cells are rich Text
built by the caller, so text from the data is never parsed as markup.

The cache is keyed by what a line shows (its cells, and for a drawn flexible column what the
drawing depends on, `flex_sign`), not by its position: new rows that show the same (a move's
reload, a live refresh where nothing on screen changed) draw nothing again, and a move draws
only the lines whose rank changed.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

T = TypeVar("T")  # the items a table's rows are made from


@dataclass(frozen=True, slots=True)
class Column:
    """A column: *width* cells, or the remaining width when flexible; lower *keep* drops later."""

    key: str
    label: str
    width: int = 8
    right: bool = False
    flexible: bool = False
    keep: int = 0  # 0 always shown; higher numbers are dropped first when space runs out


_NAME_MIN = 24  # the flexible (name) column: a name is read first, so it keeps this much


class LineTable(ScrollView, can_focus=True):
    """Rows of cells with a cursor; only visible rows are rendered."""

    DEFAULT_CSS = """
    LineTable { height: 1fr; overflow-x: hidden; }
    LineTable > .line-table--header { text-style: bold; background: $panel; }
    LineTable > .line-table--cursor { background: $accent 40%; }
    LineTable:focus > .line-table--cursor { background: $accent; color: $text; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-table--header", "line-table--cursor"}
    # The arrows and page keys, and the keys of k9s, lazygit and less beside them: j/k a row,
    # g/G the first and last, ctrl+d/ctrl+u half a screen (J/K and shift+arrows move projects).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("ctrl+u", "half_page(-1)", "Half page up", show=False, id="table.half_up"),
        Binding("ctrl+d", "half_page(1)", "Half page down", show=False, id="table.half_down"),
        Binding("home,g", "jump(0)", "First", show=False, id="table.first"),
        Binding("end,G", "jump(-1)", "Last", show=False, id="table.last"),
    ]

    cursor = reactive(0, repaint=False)

    class Highlighted(Message):
        """The cursor moved to the row with this key."""

        def __init__(self, table: LineTable, key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> LineTable:
            return self.table

    def __init__(
        self,
        columns: list[Column],
        *,
        id: str | None = None,
        flex: Callable[[int, int], Text] | None = None,
        flex_sign: Callable[[int], Hashable] | None = None,
    ) -> None:
        """*flex*, when given, draws the flexible column: flex(row, width) for a row, with
        row -1 for the header (a Gantt timeline is drawn this way, for the width it has);
        *flex_sign*(row), everything that drawing depends on besides the width (without it,
        new rows draw every line again)."""
        super().__init__(id=id)
        self.columns = columns
        self.flex = flex
        self.flex_sign = flex_sign
        self._rows: Sequence[Any] = []  # items, or ready cells when no factory is given
        self._make: Callable[[Any], tuple[Text, ...]] | None = None
        self.keys: list[str] = []
        self._shown: list[tuple[int, Column, int]] = []  # (index, column, width)
        self._laid_for = 0  # the width _shown was laid out for
        self._cache: LRUCache[Hashable, Strip] = LRUCache(512)

    # --- data --------------------------------------------------------------------------------
    def redraw(self) -> None:
        """Draw every row again (what the flexible column shows has changed without its
        flex_sign saying so, or the theme's colours)."""
        self._cache.clear()
        self.refresh()

    @property
    def rows(self) -> list[tuple[Text, ...]]:
        """The cells of every row (built now if they are made on demand: for tests and small
        tables; drawing builds only the rows on screen)."""
        make = self._make
        return [make(item) for item in self._rows] if make else list(self._rows)

    def set_rows(
        self,
        rows: Sequence[T],
        keys: list[str],
        make: Callable[[T], tuple[Text, ...]] | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on the same key when it is still there.

        With *make*, *rows* are items and make(item) builds a row's cells when it is drawn:
        a 10,000-row table costs what its visible rows cost."""
        current = self.current_key
        self._rows, self.keys, self._make = rows, keys, make
        if self.flex is not None and self.flex_sign is None:
            self._cache.clear()  # a drawn column that cannot say what it shows
        self.virtual_size = Size(self.width_inside, len(rows) + 1)
        if current in keys:
            self.cursor = keys.index(current)
        else:
            self.cursor = min(self.cursor, max(len(rows) - 1, 0))
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_key))

    @property
    def current_key(self) -> str | None:
        return self.keys[self.cursor] if 0 <= self.cursor < len(self.keys) else None

    def select_key(self, key: str) -> None:
        if key in self.keys:
            self.cursor = self.keys.index(key)

    # --- layout ------------------------------------------------------------------------------
    @property
    def width_inside(self) -> int:
        """The width left for the rows beside the vertical scrollbar (which must never cover
        a column): rows are laid out and drawn for this width, never scrolled sideways."""
        return self.scrollable_content_region.width

    def set_columns(self, columns: list[Column]) -> None:
        """Lay out these columns instead (a pane widening a column with the terminal)."""
        self.columns = columns
        self._shown = []
        self._cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._layout(self.width_inside)
        self.virtual_size = Size(self.width_inside, len(self._rows) + 1)
        self._cache.clear()

    def _layout(self, width: int) -> None:
        """Keep the most important columns that fit; the flexible one takes what is left, and
        gives up to all but 8 of its cells when the columns always shown do not fit (a narrow
        pane beside the detail panel), so that they are never cut."""
        self._laid_for = width
        order = sorted(range(len(self.columns)), key=lambda i: self.columns[i].keep)
        chosen: list[int] = []
        used = 0
        for i in order:
            c = self.columns[i]
            need = (_NAME_MIN if c.flexible else c.width) + 1
            if used + need <= width or c.keep == 0:
                chosen.append(i)
                used += need
        chosen.sort()
        flexible = max(_NAME_MIN + width - used, min(_NAME_MIN, 8))
        self._shown = [
            (
                i,
                self.columns[i],
                (flexible if self.columns[i].flexible else self.columns[i].width),
            )
            for i in chosen
        ]

    # --- drawing -----------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.width_inside
        if not self._shown or self._laid_for != width:  # e.g. the scrollbar came or went
            self._cache.clear()
            self._layout(width)
        if y == 0:
            style = self.get_component_rich_style("line-table--header")
            return self._strip(tuple(Text(c.label) for c in self.columns), style, width, -1)
        row = self.scroll_offset.y + y - 1
        if row >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        selected = row == self.cursor
        item = self._rows[row]
        cells = self._make(item) if self._make else item
        key = (
            _signature(cells),
            self.flex_sign(row) if self.flex_sign else row if self.flex is not None else None,
            selected and self.has_focus,
            selected,
            width,
        )
        strip = self._cache.get(key)
        if strip is None:
            style = (
                self.get_component_rich_style("line-table--cursor") if selected else self.rich_style
            )
            strip = self._cache[key] = self._strip(cells, style, width, row, selected)
        return strip

    def _strip(
        self, cells: tuple[Text, ...], style: Style, width: int, row: int, cursor: bool = False
    ) -> Strip:
        """One line. The row style (the cursor) covers every cell but a drawn flexible one, so
        a highlighted Gantt row keeps its bar colours."""
        glyphs = getattr(self.app, "glyphs", None)
        mark = glyphs.ellipsis if glyphs is not None else "…"
        line = Text(no_wrap=True, overflow="ellipsis" if mark == "…" else "crop", end="")
        drawn: tuple[int, int] | None = None
        for i, column, cell_width in self._shown:
            if column.flexible and self.flex is not None:
                cell = self.flex(row, cell_width)
                drawn = (line.cell_len, line.cell_len + cell_width)
            else:
                cell = cells[i].copy() if i < len(cells) else Text()
            if mark == "…" or cell.cell_len <= cell_width:
                cell.truncate(cell_width, overflow="ellipsis")
            else:  # an ASCII terminal: its own mark where a text is cut
                cell.truncate(max(cell_width - len(mark), 0))
                cell.append(mark[:cell_width])
            pad = cell_width - cell.cell_len
            if column.right:
                cell.pad_left(pad)
            else:
                cell.pad_right(pad)
            line.append_text(cell)
            line.append(" ")
        line.truncate(width, pad=True)
        if drawn is None and cursor:  # over the cells' own colours: a readable cursor row
            segments = list(Segment.apply_style(line.render(self.app.console), post_style=style))
        elif drawn is None:
            segments = list(Segment.apply_style(line.render(self.app.console), style))
        else:
            line.stylize_before(style, 0, drawn[0])
            segments = list(Segment.apply_style(line.render(self.app.console), self.rich_style))
        return Strip(segments, width)

    # --- moving ------------------------------------------------------------------------------
    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self, self.current_key))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def action_cursor(self, step: int) -> None:
        if self._rows:
            self.cursor = min(max(self.cursor + step, 0), len(self._rows) - 1)

    def action_page(self, direction: int) -> None:
        self.action_cursor(direction * max(self.size.height - 2, 1))

    def action_half_page(self, direction: int) -> None:
        self.action_cursor(direction * max((self.size.height - 1) // 2, 1))

    def action_jump(self, where: int) -> None:
        if self._rows:
            self.cursor = where if where >= 0 else len(self._rows) - 1


def _signature(cells: tuple[Text, ...]) -> Hashable:
    """What a line's cells show: their text, style and styled spans."""
    return tuple((c.plain, c.style, tuple(c.spans)) for c in cells)
