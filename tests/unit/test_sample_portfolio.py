"""`progtui sample --portfolio`: programs that share people and link from earlier to later
programs, importable as they are; and the portfolio read at once (store.load_portfolio)
equals each program read alone, so the benchmark's speed-ups change no figure."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import networkx as nx

from conftest import cli
from progtui import services, store
from progtui.analysis import analyze
from progtui.analysis.portfolio import analyze_portfolio
from progtui.interchange import read_program
from progtui.store.engine import open_database

TODAY = date(2027, 6, 15)


def made(tmp_path: Path) -> tuple[Path, str]:
    out, url = tmp_path / "pf", str(tmp_path / "pf.db")
    args = ("--portfolio", "4", "--projects", "90", "--people", "30", "--links", "15")
    result = cli("sample", *args, "--years", "2", "--seed", "3", "-o", str(out))
    assert result.code == 0, result.err
    return out, url


def test_sample_portfolio_imports_with_shared_people_and_links_and_no_program_cycle(
    tmp_path: Path,
) -> None:
    out, url = made(tmp_path)
    paths = sorted(out.glob("*.yaml"))
    assert [p.name for p in paths] == ["PF01.yaml", "PF02.yaml", "PF03.yaml", "PF04.yaml"]
    result = cli("--db", url, "import", *map(str, paths))  # refused if a person disagreed
    assert result.code == 0, result.err
    with open_database(url).read() as s:
        programs = store.load_portfolio(s)
    assert sum(len(p.projects) for p in programs) == 90
    where: dict[str, set[str]] = {}
    for p in programs:
        for person in p.people:
            where.setdefault(person.key, set()).add(p.program.key)
    assert len(where) == 30 and all(len(keys) >= 2 for keys in where.values())
    order = [p.program.key for p in programs]
    links = [
        (dp.program, p.program.key)
        for p in programs
        for x in p.projects
        for dp in x.depends_on
        if dp.program
    ]
    assert len(links) == 15
    assert all(order.index(a) < order.index(b) for a, b in links)  # earlier to later only
    assert nx.is_directed_acyclic_graph(nx.DiGraph(links))
    # the same file again: a person's fields are the same in every file
    again = {p.key: p for path in paths for p in read_program(path).people}
    assert {k: (v.name, v.capacity, v.cost_rate) for k, v in again.items()} == {
        p.key: (p.name, p.capacity, p.cost_rate) for data in programs for p in data.people
    }


def test_portfolio_read_at_once_equals_each_program_read_and_analysed_alone(
    tmp_path: Path,
) -> None:
    out, url = made(tmp_path)
    assert cli("--db", url, "import", *map(str, sorted(out.glob("*.yaml")))).code == 0
    with open_database(url).read() as s:
        together = store.load_portfolio(s)
        alone = [services.load_program(s, program=p.program.key) for p in together]
        rows_and_org = services.portfolio_and_organisation(s, today=TODAY)
        assert rows_and_org[1] == services.organisation(s)  # the pane's one read of both
        assert [r.analysis.schedule.slots for r in rows_and_org[0]] == [
            r.analysis.schedule.slots for r in services.portfolio(s, today=TODAY)
        ]
    assert any(p.upstream for p in together) and any(p.elsewhere for p in together)
    for a, b in zip(together, alone, strict=True):
        assert a.elsewhere == b.elsewhere
        assert sorted(u.program.key for u in a.upstream) == sorted(
            u.program.key for u in b.upstream
        )
        assert a.projects == b.projects and a.people == b.people
    rows = analyze_portfolio(together, TODAY)
    for row, data in zip(rows, alone, strict=True):
        a = analyze(data, TODAY)
        assert row.analysis.schedule.slots == a.schedule.slots
        assert [p.health for p in row.analysis.projects] == [p.health for p in a.projects]


def test_sample_portfolio_bad_options_are_one_line_and_write_nothing(tmp_path: Path) -> None:
    out = tmp_path / "pf"
    cases = [
        (("--portfolio", "3", "--projects", "30"), "a portfolio is written to a folder: give -o"),
        (("--portfolio", "3", "--projects", "2", "-o", str(out)), "3 programs need 3 projects"),
        (("--projects", "30", "--links", "5", "-o", str(out)), "give --portfolio N"),
    ]
    for args, said in cases:
        result = cli("sample", *args)
        assert result.code == 2 and said in result.err and result.out == ""
        assert len(result.err.strip().splitlines()) == 1
        assert not out.exists()
    few = cli("sample", "--portfolio", "2", "--projects", "2", "--links", "10", "-o", str(out))
    assert few.code == 0
    assert few.err == (
        "progtui: sample: 1 of 10 links between programs made: no more distinct pairs of "
        "projects to link\n"
    )
