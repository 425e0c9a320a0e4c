"""The dependency graph as lanes (analysis/lanes.py, reports/graph.py): the drawing alone
decodes to exactly the program's links, in Unicode and in ASCII, on the GLX sample and on
random acyclic programs, links to and from other programs' projects included (SPEC 6)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import GLOBAL_LAUNCH, RETAIL, SAMPLES, load
from progtui import domain as d
from progtui.analysis import analyze
from progtui.analysis.lanes import (
    ANOTHER,
    FIRST_FIT_UP_TO,
    Lanes,
    external_key,
    lanes,
    predecessor_key,
)
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
        assert line[0] in (glyphs.project, glyphs.done, glyphs.cancelled, glyphs.external)
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
    projects = {p.key: p for p in data.projects}
    role = lambda i: g.LINKED if i in linked else g.LINE  # noqa: E731
    return [
        "".join(
            g.HEAVY_TO_LIGHT.get(ch, ch)
            for ch, _ in g.draw_row(lay, r, g.row_status(lay, projects, k), ascii=ascii, role=role)
        )
        for r, k in enumerate(lay.keys)
    ]


def downstream_links(data: d.ProgramData) -> set[tuple[str, str, str, int]]:
    """(successor row, predecessor, type, lag) of the links other programs have to this
    one's projects: the hidden programs' ones once each, as one 'another program' row."""
    return {
        (external_key(x.program, x.project), x.predecessor, x.type, x.lag) for x in data.downstream
    }


def check(data: d.ProgramData, ascii: bool, selected: int = 0) -> Lanes:
    """The drawing decodes to exactly the links, with the links of the *selected*-th
    project highlighted (heavy) or not."""
    lay = lanes(data)
    glyphs = g.glyphs(ascii)
    key = lay.keys[selected % len(lay.keys)] if lay.keys else None
    linked = set() if key is None else {i for part in lay.neighbours(key) for i in part}
    # every link is drawn downwards, from its predecessor's row to its successor's, those
    # of other programs' projects too
    expected = Counter(
        (lay.row[predecessor_key(dep)], lay.row[p.key])
        for p in data.projects
        for dep in p.depends_on
    )
    outside = downstream_links(data)
    expected += Counter((lay.row[pred], lay.row[succ]) for succ, pred, _, _ in outside)
    assert all(lay.row[x.pred] < lay.row[x.succ] for x in lay.links)
    assert decode(drawn(lay, data, ascii), glyphs) == expected
    assert decode(drawn(lay, data, ascii, linked), glyphs) == expected
    # each row's after column names each predecessor once, with the link's own label
    for p in data.projects:
        labels = [text for text, _ in g.after(lay, lay.row[p.key])]
        assert Counter(labels) == Counter(
            f"{predecessor_key(x)} {g.label(x)}" for x in p.depends_on
        )
    for key, x in lay.external.items():
        labels = [text for text, _ in g.after(lay, lay.row[key])]
        if x.before:  # a predecessor: right above the first of its successors here (or
            # above other programs' predecessors of that one); its own links are not shown
            first = min(lay.links[i].target for i in lay.outgoing[lay.row[key]])
            between = lay.keys[lay.row[key] + 1 : first]
            assert labels == [] and all(
                k in lay.external and lay.external[k].before for k in between
            ), key
        else:  # a successor: right below the last of its predecessors here
            want = [
                f"{pred} {g.label(d.Dependency(pred, t, lag))}"
                for succ, pred, t, lag in outside
                if succ == key
            ]
            assert Counter(labels) == Counter(want)
            last = max(lay.links[i].source for i in lay.incoming[lay.row[key]])
            between = lay.keys[last + 1 : lay.row[key]]
            assert all(k in lay.external and not lay.external[k].before for k in between), key
    assert set(lay.external) == {
        external_key(x.program, x.project) for p in data.projects for x in p.depends_on if x.program
    } | {succ for succ, *_ in outside}
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
        # and projects of other programs
        outside = draw(st.sets(st.sampled_from([("OTH", "Q0"), ("OTH", "Q1"), ("ZZ", "Q0")])))
        deps += tuple(
            d.Dependency(project, draw(st.sampled_from(d.DEPENDENCY_TYPES)), 0, program)
            for program, project in sorted(outside)
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
    # other programs' projects waiting for these: named, or of programs one may not read
    downstream = draw(
        st.lists(
            st.builds(
                d.Downstream,
                st.sampled_from([p.key for p in projects]),
                st.sampled_from(d.DEPENDENCY_TYPES),
                st.integers(0, 3),
                st.just("OTH"),
                st.sampled_from(["S0", "S1"]),
            )
            | st.builds(
                d.Downstream,
                st.sampled_from([p.key for p in projects]),
                st.sampled_from(d.DEPENDENCY_TYPES),
                st.integers(0, 3),
            ),
            max_size=6,
            unique_by=lambda x: (x.program, x.project, x.predecessor),
        )
    )
    return d.ProgramData(
        program=d.Program(key="X", name="x"),
        projects=tuple(projects),
        downstream=tuple(downstream),
    )


def heavy_links(lay: Lanes, data: d.ProgramData, linked: set[int]) -> Counter[tuple[int, int]]:
    """The links a reader finds following only heavy lanes down (Unicode)."""
    projects = {p.key: p for p in data.projects}
    role = lambda i: g.LINKED if i in linked else g.LINE  # noqa: E731
    rows = [
        "".join(ch for ch, _ in g.draw_row(lay, r, g.row_status(lay, projects, k), role=role))
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


PLATFORM = SAMPLES / "shared-platform.yaml"


def row_of(lines: list[str], data: d.ProgramData, key: str) -> str:
    """The printed line of the row keyed *key*."""
    width = g.graph_width(lanes(data))
    (line,) = [x for x in lines[1:] if x[width:].split()[0] == key]
    return line


@pytest.mark.parametrize("ascii", [False, True])
def test_another_programs_predecessor_is_a_row_right_above_its_successor(ascii: bool) -> None:
    """PLT read alone: CHECKOUT-API waits for RTX's PAY-UPG, a row of its own."""
    data = read_program(PLATFORM)
    lay = check(data, ascii)
    assert lay.keys.index("RTX/PAY-UPG") == lay.keys.index("CHECKOUT-API") - 1
    (row,) = [t for t, _ in g.after(lay, lay.row["CHECKOUT-API"]) if t.startswith("RTX/")]
    assert row == "RTX/PAY-UPG FS+5"
    lines = list(g.text_lines(analyze(data, date(2027, 3, 15)), ascii=ascii))
    pay = row_of(lines, data, "RTX/PAY-UPG")
    assert pay.startswith("+-." if ascii else "◇─┐")  # its mark, its link leaving down


def three_samples(tmp_path):  # type: ignore[no-untyped-def]
    from progtui.store.engine import open_database

    db = open_database(str(tmp_path / "p.db"))
    load(db, GLOBAL_LAUNCH, RETAIL, PLATFORM)
    return db


def test_links_between_programs_show_both_ways_with_the_other_programs_forecast(
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from progtui import services

    today = date(2027, 3, 15)
    db = three_samples(tmp_path)
    with db.read() as s:
        plt = services.load_program(s, program="PLT")
        rtx = services.load_program(s, program="RTX")
    db.dispose()
    # PLT: RTX's payments upgrade above the checkout API, with RTX's own forecast finish
    a = analyze(plt, today)
    rtx_a = analyze(rtx, today)
    pay_finish = rtx_a.date_of(rtx_a.schedule.slots["PAY-UPG"].f - 1)
    lines = list(g.text_lines(a))
    pay = row_of(lines, plt, "RTX/PAY-UPG")
    assert pay.startswith("◇") and "Payment systems upgrade" in pay
    assert pay.split()[-1] == str(pay_finish)
    checkout = row_of(lines, plt, "CHECKOUT-API")
    assert "RTX/PAY-UPG FS+5, CAT-API FS" in checkout
    assert lines.index(pay) == lines.index(checkout) - 1
    # RTX: PLT's checkout API waits for PAY-UPG: a successor row right below it
    assert plt.downstream == () and rtx.downstream == (
        d.Downstream("PAY-UPG", "FS", 5, "PLT", "CHECKOUT-API", "Unified checkout API"),
    )
    lay = check(rtx, False)
    assert lay.keys.index("PLT/CHECKOUT-API") == lay.keys.index("PAY-UPG") + 1
    lines = list(g.text_lines(rtx_a))
    waits = row_of(lines, rtx, "PLT/CHECKOUT-API")
    assert waits.startswith("◇─┘") and "Unified checkout API" in waits
    assert waits.rstrip().endswith("PAY-UPG FS+5")  # no forecast: PLT's to make
    # exported, neither program carries the other's links to it
    with db.read() as s:
        assert services.export_program(s, program="RTX").downstream == ()


def test_a_program_the_viewer_may_not_read_is_shown_but_never_named(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from progtui import services
    from progtui.identity import set_user
    from progtui.store.engine import open_database

    closed = tmp_path / "shared-platform.yaml"
    closed.write_text(
        PLATFORM.read_text().replace(
            "  owner: pia\n", "  owner: pia\n  access: {editors: [], viewers: []}\n", 1
        )
    )
    db = open_database(str(tmp_path / "p.db"))
    set_user("pia")
    load(db, GLOBAL_LAUNCH, RETAIL, closed)
    set_user("alice")
    with db.read() as s:
        rtx = services.load_program(s, program="RTX")
    db.dispose()
    assert rtx.downstream == (d.Downstream("PAY-UPG", "FS", 5),)
    lay = check(rtx, True)
    assert lay.keys.index(ANOTHER) == lay.keys.index("PAY-UPG") + 1
    shown = "\n".join(g.text_lines(analyze(rtx, date(2027, 3, 15))))
    assert "another program" in shown and g.HIDDEN_NAME in shown
    assert "PLT/" not in shown and "CHECKOUT" not in shown and "checkout" not in shown
