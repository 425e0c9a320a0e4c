"""The dependency graph drawn as text, one line a project (analysis/lanes.py lays it out).

Reading rules (docs/app.md): links run downwards, from a predecessor's row to its
successor's row, each in a lane of its own. On a project's row its links leave by ┬/┐ (down
to a successor) and arrive by ┴/┘ (from a predecessor above); a lane that only passes the
row crosses its line as ┼ (ASCII |): four arms are always a crossing, never a junction. The
`after` column names each predecessor with the link's type and lag, in the order of their
lanes. Other programs' projects linked to this one's have rows of their own, marked ◇ (ASCII
+) and keyed `PROGRAM/PROJECT`. The app draws this with styles; `progtui graph PROGRAM`
prints it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from progtui import domain as d
from progtui.analysis import Analysis
from progtui.analysis.lanes import Lanes, lanes
from progtui.identity import current_user
from progtui.text import one_line


@dataclass(frozen=True, slots=True)
class Glyphs:
    across: str  # a row's line, from its project to its lanes
    lane: str  # a lane passing by
    crossing: str  # a lane crossing a row's line (never a junction: no junction has four arms)
    leaves: str  # a link leaving the row, the row's line going on to the right
    leaves_last: str  # the same, at the end of the row's line
    arrives: str  # a link arriving on the row from above
    arrives_last: str
    project: str
    done: str
    cancelled: str
    external: str  # another program's project


UNICODE = Glyphs("─", "│", "┼", "┬", "┐", "┴", "┘", "●", "○", "×", "◇")
ASCII = Glyphs("-", "|", "|", ".", ".", "'", "'", "*", "o", "x", "+")
EXTERNAL = "external"  # the status draw_row takes for another program's project

# Roles of drawn cells, strongest first where links share a cell (a row's line): the app
# gives each a style; plain text ignores them.
LINKED, CRITICAL, LINE, FADED = "linked", "critical", "line", "faded"
_STRENGTH = {LINKED: 3, CRITICAL: 2, LINE: 1, FADED: 0}

Cell = tuple[str, str]  # (character, role)


def glyphs(ascii: bool = False) -> Glyphs:
    return ASCII if ascii else UNICODE


def label(dep: d.Dependency) -> str:
    """A link's type and lag: FS, SS+5, FF-2."""
    return f"{dep.type}{dep.lag:+d}" if dep.lag else dep.type


def graph_width(lay: Lanes) -> int:
    """Cells the lanes take: the project's mark, then a filler and a lane for each."""
    return 1 + 2 * lay.width


def lane_x(lane: int) -> int:
    return 2 + 2 * lane


def draw_row(
    lay: Lanes,
    row: int,
    status: str,
    *,
    ascii: bool = False,
    role: Callable[[int], str] = lambda _: LINE,
    lanes: range | None = None,
) -> list[Cell]:
    """The lanes' cells of one row (graph_width cells): the project's mark at 0 (role
    "project"), its line out to the lanes of its links, the lanes passing by. *role* gives
    each link's role (by its index in lay.links); a cell of the row's line takes the
    strongest role of the links that run through it, a link's own corner only its own.
    With *lanes*, only those lanes' cells are drawn (the others stay blank): what a window
    on a wide graph shows, at the cost of the window."""
    g = glyphs(ascii)
    shown = lanes if lanes is not None else range(lay.width)
    cells: list[Cell] = [(" ", "")] * graph_width(lay)
    mark = (
        g.external
        if status == EXTERNAL
        else g.cancelled
        if status == "cancelled"
        else g.done
        if status == "done"
        else g.project
    )
    cells[0] = (mark, "project")
    ends = {lay.links[i].lane: i for i in lay.incoming[row] if lay.links[i].lane >= 0}
    starts = {lay.links[i].lane: i for i in lay.outgoing[row] if lay.links[i].lane >= 0}
    mine = {**ends, **starts}
    far = max(mine, default=-1)
    # In Unicode a linked line is also heavy (━ ┃ ┳ ╋ …), so it shows without colour; a cell
    # shared by a linked and another line is heavy only in the linked one's arms (┿ ╂ ┯ …).
    weigh = (lambda ch, h, v: ch) if ascii else _weigh
    under: dict[int, str] = {}  # lanes crossing the row's line, and their roles
    for lane, link in lay.passing(row, shown):
        if lane > far:
            r = role(link)
            cells[lane_x(lane)] = (weigh(g.lane, "", r), r)
        elif lane not in mine:
            under[lane] = role(link)
    strongest = ""
    for lane in mine:  # the row's links beyond the window still run through it
        if lane >= shown.stop:
            strongest = _max(role(mine[lane]), strongest)
    for lane in range(min(far, shown.stop - 1), shown.start - 1, -1):
        x = lane_x(lane)
        if lane in mine:
            r = role(mine[lane])
            strongest = _max(r, strongest)
            last = lane == far
            if lane in ends:
                ch = g.arrives_last if last else g.arrives
            else:
                ch = g.leaves_last if last else g.leaves
            cells[x] = (weigh(ch, strongest, r), r)
        elif lane in under:
            cells[x] = (weigh(g.crossing, strongest, under[lane]), _max(under[lane], strongest))
        else:
            cells[x] = (weigh(g.across, strongest, ""), strongest)
        cells[x - 1] = (weigh(g.across, strongest, ""), strongest)
    return cells


# (light glyph) -> its forms with the horizontal arms heavy, the vertical ones, and both
_HEAVY = {
    "─": ("━", "─", "━"),
    "│": ("│", "┃", "┃"),
    "┼": ("┿", "╂", "╋"),
    "┬": ("┯", "┰", "┳"),
    "┐": ("┑", "┒", "┓"),
    "┴": ("┷", "┸", "┻"),
    "┘": ("┙", "┚", "┛"),
}
HEAVY_TO_LIGHT = {heavy: light for light, forms in _HEAVY.items() for heavy in forms}


def _weigh(ch: str, across: str, down: str) -> str:
    """*ch* with its horizontal arms heavy when *across* is linked, its vertical ones when
    *down* is."""
    h, v = across == LINKED, down == LINKED
    if not (h or v) or ch not in _HEAVY:
        return ch
    return _HEAVY[ch][0 if h and not v else 1 if v and not h else 2]


def _max(a: str, b: str) -> str:
    return a if _STRENGTH.get(a, -1) >= _STRENGTH.get(b, -1) else b


def after(lay: Lanes, row: int) -> list[tuple[str, int]]:
    """The `after` column: (text, link index) for each predecessor, in lane order."""
    return [(f"{lay.links[i].pred} {label(lay.links[i].dep)}", i) for i in lay.incoming[row]]


@dataclass(frozen=True, slots=True)
class RowText:
    key: str
    name: str
    finish: str  # the forecast finish, or the status of a project the schedule leaves out
    float: str  # working days of total float; "crit" on the critical path


def row_text(a: Analysis, project: d.Project) -> RowText:
    key = project.key
    slot = a.schedule.slots.get(key)
    if project.status == "cancelled" or slot is None:
        finish: str = project.status
        slack = ""
    else:
        finish = str(a.date_of(slot.f - 1))
        slack = (
            "crit"
            if slot.critical
            else ("" if slot.total_float is None else f"{slot.total_float}d")
        )
    return RowText(key, one_line(project.name), finish, slack)


HIDDEN_NAME = "in a program you may not read"


def external_texts(a: Analysis, lay: Lanes, who: str | None = None) -> dict[str, RowText]:
    """The rows of other programs' projects: a predecessor with its name and forecast finish
    from its program's own analysis (the bound this program's schedule takes), its name only
    when *who* (the current account) may read that program; a successor with its name, no
    forecast (its program's to make). A predecessor whose program is not at hand (a file
    read alone) has neither."""
    if not lay.external:
        return {}
    who = current_user() if who is None else who
    programs = {u.program.key: u for u in a.data.upstream}
    bounds = a.bounds  # as the analysis scheduled with them
    names = {(x.program, x.project): x.name for x in a.data.downstream}
    out: dict[str, RowText] = {}
    for key, x in lay.external.items():
        name, finish = "", ""
        if not x.before:
            name = one_line(names.get((x.program, x.project)) or "") if x.program else HIDDEN_NAME
        elif (u := programs.get(x.program or "")) is not None:
            project = next((p for p in u.projects if p.key == x.project), None)
            readable = d.may(u.program.access, u.program.owner, who, write=False)
            if project is not None:
                name = one_line(project.name) if readable else HIDDEN_NAME
                span = bounds.get((u.program.key, project.key))
                closed = project.status == "cancelled" or span is None
                finish = project.status if closed or span is None else str(span[1])
        out[key] = RowText(key, name, finish, "")
    return out


def row_status(lay: Lanes, projects: dict[str, d.Project], key: str) -> str:
    """What draw_row takes for a row: its project's status, or EXTERNAL."""
    return EXTERNAL if key in lay.external else projects[key].status


def text_lines(a: Analysis, *, ascii: bool = False, name_width: int = 32) -> Iterator[str]:
    """The whole graph as plain lines, for `progtui graph`: lanes, key, name, after, finish,
    float."""
    lay = lanes(a.data)
    projects = {p.key: p for p in a.data.projects}
    key_width = max((len(k) for k in lay.keys), default=3)
    texts = external_texts(a, lay)
    texts |= {k: row_text(a, projects[k]) for k in lay.keys if k in projects}
    after_texts = [", ".join(t for t, _ in after(lay, r)) for r in range(len(lay.keys))]
    after_width = max((len(t) for t in after_texts), default=0)
    after_width = max(after_width, len("after"))
    gw = graph_width(lay)
    cut = "~" if ascii else "…"

    def line(graph: str, key: str, name: str, aft: str, finish: str, slack: str) -> str:
        name = name if len(name) <= name_width else name[: name_width - 1] + cut
        return (
            f"{graph.ljust(gw)}  {key.ljust(key_width)}  {name.ljust(name_width)}  "
            f"{aft.ljust(after_width)}  {finish.ljust(10)}  {slack}"
        ).rstrip()

    yield line("", "key", "name", "after", "finish", "float")
    for r, key in enumerate(lay.keys):
        cells = draw_row(lay, r, row_status(lay, projects, key), ascii=ascii)
        t = texts[key]
        yield line("".join(c for c, _ in cells), key, t.name, after_texts[r], t.finish, t.float)
