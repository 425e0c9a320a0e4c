"""The dependency graph as lanes (analysis/lanes.py, reports/graph.py): the drawing alone
decodes to exactly the program's links, in Unicode and in ASCII, on the GLX sample and on
random acyclic programs."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GLOBAL_LAUNCH
from progtui import domain as d
from progtui.analysis import analyze
from progtui.analysis.lanes import FIRST_FIT_UP_TO, Lanes, lanes
from progtui.interchange import read_program
from progtui.reports import graph as g


def decode(rows: list[str], glyphs: g.Glyphs) -> Counter[tuple[int, int]]:
    """The links a reader finds by following the picture: from each row's line, every lane
    leaving it down to the row it arrives on. Fails on any cell that breaks a lane or a row's
    line, or on a lane that leads nowhere or into another lane."""
    found: Counter[tuple[int, int]] = Counter()
    leaving = {glyphs.leaves, glyphs.leaves_last}
    arriving = {glyphs.arrives, glyphs.arrives_last}
    on_line = {glyphs.across, glyphs.crossing, *leaving, *arriving}
    for r, line in enumerate(rows):
        assert line[0] in (glyphs.project, glyphs.done, glyphs.cancelled), (r, line)
        # the row's line runs unbroken from the project to its last lane, then stops
        ends = [x for x, ch in enumerate(line) if ch in leaving | arriving]
        far = max(ends, default=0)
        assert all(line[x] in on_line for x in range(1, far + 1)), (r, line)
        assert all(line[x] in (" ", glyphs.lane) for x in range(far + 1, len(line))), (r, line)
        assert all(x % 2 == 0 for x in ends), (r, line)  # junctions only in lanes
        for x in ends:
            if line[x] in arriving:
                # arrives from above: the lane right above is in use
                assert r > 0 and rows[r - 1][x] in (glyphs.lane, glyphs.crossing, *leaving), (r, x)
                continue
            for target in range(r + 1, len(rows)):
                ch = rows[target][x]
                if ch in arriving:
                    found[(r, target)] += 1
                    break
                # on down, across rows' lines, never into another link
                assert ch in (glyphs.lane, glyphs.crossing), (r, target, x, ch)
            else:
                pytest.fail(f"the lane leaving row {r} at {x} leads nowhere")
    return found


def drawn(lay: Lanes, data: d.ProgramData, ascii: bool, linked: set[int] = set()) -> list[str]:  # noqa: B006
    """The lanes of every row, as light lines (a linked line's heavy glyphs read as light)."""
    status = {p.key: p.status for p in data.projects}
    role = lambda i: g.LINKED if i in linked else g.LINE  # noqa: E731
    return [
        "".join(
            g.HEAVY_TO_LIGHT.get(ch, ch)
            for ch, _ in g.draw_row(lay, r, status[k], ascii=ascii, role=role)
        )
        for r, k in enumerate(lay.keys)
    ]


def check(data: d.ProgramData, ascii: bool, selected: int = 0) -> Lanes:
    """The drawing decodes to exactly the links, with the links of the *selected*-th
    project highlighted (heavy) or not."""
    lay = lanes(data)
    glyphs = g.glyphs(ascii)
    key = lay.keys[selected % len(lay.keys)] if lay.keys else None
    linked = set() if key is None else {i for part in lay.neighbours(key) for i in part}
    # every link is drawn downwards, from its predecessor's row to its successor's
    expected = Counter(
        (lay.row[dep.project], lay.row[p.key]) for p in data.projects for dep in p.depends_on
    )
    assert all(lay.row[x.pred] < lay.row[x.succ] for x in lay.links)
    assert decode(drawn(lay, data, ascii), glyphs) == expected
    assert decode(drawn(lay, data, ascii, linked), glyphs) == expected
    # each row's after column names each predecessor once, with the link's own label
    for p in data.projects:
        labels = [text for text, _ in g.after(lay, lay.row[p.key])]
        assert Counter(labels) == Counter(f"{x.project} {g.label(x)}" for x in p.depends_on)
    return lay


@pytest.mark.parametrize("ascii", [False, True])
def test_glx_drawing_decodes_to_exactly_its_links(ascii: bool) -> None:
    data = read_program(GLOBAL_LAUNCH)
    lay = check(data, ascii)
    assert "ES-TV" in lay.row  # cancelled: it keeps its row and its link
    # each project right after its predecessors, the top-ranked (DE-REG) first
    assert lay.keys[:3] == ("DE-PKG", "EU-SUP", "DE-REG")


def test_glx_lines_as_printed() -> None:
    a = analyze(read_program(GLOBAL_LAUNCH), date(2027, 3, 15))
    lines = list(g.text_lines(a))
    width = g.graph_width(lanes(a.data))
    by_key = {line[width:].split()[0]: line for line in lines[1:]}
    assert len(by_key) == 15
    # DE-REG: EU-SUP's and DE-PKG's links arrive, DE-MKT's leaves
    assert by_key["DE-REG"].startswith("●───┴─┴─┐")
    assert "EU-SUP SS+5, DE-PKG FS" in by_key["DE-REG"]
    assert "ES-REG FS" in by_key["ES-TV"] and by_key["ES-TV"].rstrip().endswith("cancelled")
    assert by_key["ES-TV"].startswith("×")
    ascii = list(g.text_lines(a, ascii=True))
    assert all(line.isascii() for line in ascii)
    assert [line[width:].split()[0] for line in ascii[1:]] == list(by_key)


@st.composite
def programs(draw: st.DrawFn) -> d.ProgramData:
    n = draw(st.integers(1, 40))
    day = date(2027, 1, 4)
    projects = []
    for i in range(n):
        preds = draw(st.sets(st.integers(0, i - 1), max_size=min(i, 5))) if i else set()
        deps = tuple(
            d.Dependency(
                f"P{j}", draw(st.sampled_from(d.DEPENDENCY_TYPES)), draw(st.integers(-3, 9))
            )
            for j in sorted(preds)
        )
        status = draw(st.sampled_from(["proposed", "active", "done", "cancelled"]))
        projects.append(
            d.Project(key=f"P{i}", name=f"p{i}", start=day, end=day, status=status, depends_on=deps)
        )
    ranks = draw(st.permutations(range(1, n + 1)))  # rank order is not topological order
    projects = [
        d.Project(**{**{f: getattr(p, f) for f in p.__slots__}, "rank": r})  # type: ignore[attr-defined]
        for p, r in zip(projects, ranks, strict=True)
    ]
    projects.sort(key=lambda p: p.rank)
    return d.ProgramData(program=d.Program(key="X", name="x"), projects=tuple(projects))


def heavy_links(lay: Lanes, data: d.ProgramData, linked: set[int]) -> Counter[tuple[int, int]]:
    """The links a reader finds following only heavy lanes down (Unicode)."""
    status = {p.key: p.status for p in data.projects}
    role = lambda i: g.LINKED if i in linked else g.LINE  # noqa: E731
    rows = [
        "".join(ch for ch, _ in g.draw_row(lay, r, status[k], role=role))
        for r, k in enumerate(lay.keys)
    ]
    found: Counter[tuple[int, int]] = Counter()
    for r, line in enumerate(rows):
        for x, ch in enumerate(line):
            if ch in "┰┳┒┓":
                target = r + 1
                while rows[target][x] in "┃╂╋":
                    target += 1
                assert rows[target][x] in "┸┻┚┛", (r, x, rows[target][x])
                found[(r, target)] += 1
    heavy_down = sum(ch in "┃╂╋┰┳┒┓┸┻┚┛" for line in rows for ch in line)
    assert heavy_down == sum(  # and no other cell is heavy downwards
        lay.links[i].target - lay.links[i].source + 1 for i in linked if lay.links[i].lane >= 0
    )
    return found


@settings(max_examples=150, deadline=None)
@given(programs(), st.booleans(), st.integers(0, 40))
def test_random_programs_decode_to_exactly_their_links(
    data: d.ProgramData, ascii: bool, selected: int
) -> None:
    lay = check(data, ascii, selected)
    # the selected project's links, and only they, are heavy
    key = lay.keys[selected % len(lay.keys)]
    linked = {i for part in lay.neighbours(key) for i in part}
    assert heavy_links(lay, data, linked) == Counter(
        (lay.links[i].source, lay.links[i].target) for i in linked
    )
    # first fit: not many more lanes than links alive at once on some row
    busiest = max(
        (sum(x.source <= r <= x.target for x in lay.links) for r in range(len(lay.keys))),
        default=0,
    )
    assert lay.width <= busiest * 2


def test_big_programs_take_the_colouring_which_decodes_too() -> None:
    from progtui.sample import generate

    data = generate(projects=1_200)  # more links than FIRST_FIT_UP_TO
    lay = check(data, False)
    assert len(lay.links) > FIRST_FIT_UP_TO
    busiest = max(len(lay.passing(r)) for r in range(len(lay.keys)))
    assert lay.width == busiest  # the colouring wastes no lane


def test_ten_thousand_projects_lay_out_quickly() -> None:
    import time

    from progtui.sample import generate

    data = generate(projects=10_000)
    started = time.perf_counter()
    lay = lanes(data)
    rows = [g.draw_row(lay, r, "active") for r in range(5_000, 5_040)]
    took = time.perf_counter() - started
    assert len(lay.keys) == 10_000 and len(rows) == 40
    assert took < 2.0, took  # about 0.2 s on the 2-core machine
