"""The command line's tables at 80 and 200 columns ($COLUMNS, as a terminal sets it): whole
columns drop by importance, numbers are right-aligned and never cut, names may be cut at their
end; --columns picks them. The minutes print literally in a terminal, Markdown into a file."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from conftest import GLOBAL_LAUNCH, Result, cli
from progtui import services
from progtui.reports.minutes import compose
from progtui.services.meetings import Meeting
from progtui.store.engine import open_database

GLX = str(GLOBAL_LAUNCH)
DAY = ("--today", "2027-03-15")


def at(width: int, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.setenv("COLUMNS", str(width))
    r = cli(*args)
    assert (r.code, r.err) == (0, "")
    return r


def header_and_rows(out: str, first: str) -> tuple[str, list[str]]:
    """The table's header line and its rows (not the note under a table read from a file)."""
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == [first])
    return lines[start], [line for line in lines[start + 1 :] if not line.startswith("(")]


def test_status_at_80_columns_drops_whole_columns_and_cuts_only_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = at(80, monkeypatch, *DAY, "status", GLX)
    assert all(cell_len(line.rstrip()) <= 80 for line in r.out.splitlines())
    assert "risk exposure 46" in r.out  # the KPI line breaks between KPIs, not inside one
    head, rows = header_and_rows(r.out, "#")
    assert head.split() == ["#", "key", "name", "status", "health", "finish", "slip"]
    assert len(rows) == 15
    finish = head.index("finish")
    slip_end = head.index("slip") + len("slip")
    for line in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d|—", line[finish : finish + 10].strip())
        assert line[slip_end - 1] != " "  # slip right-aligned under its heading
        assert line.count("…") <= 1  # only the name, cut at its end
    fr_pkg = next(line for line in rows if " FR-PKG " in line)
    assert "France packaging and loc" in fr_pkg and "2027-03-15" in fr_pkg
    assert "Fran…" not in r.out and "acti…" not in r.out and "2027…" not in r.out


def test_status_at_200_columns_shows_every_column_and_whole_names(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = at(200, monkeypatch, *DAY, "status", GLX)
    head, rows = header_and_rows(r.out, "#")
    assert head.split() == [
        *("#", "key", "name", "status", "health", "finish", "slip", "float"),
        *("CPI", "SPI", "EAC", "WSJF", "risk"),
    ]
    assert "…" not in r.out
    assert any("France packaging and localization" in line for line in rows)
    eac_end = head.index("EAC") + 3
    de_reg = next(line for line in rows if " DE-REG " in line)
    assert de_reg[eac_end - len("115,556") : eac_end] == "115,556"  # right-aligned


def test_columns_picks_the_columns_and_their_order(monkeypatch: pytest.MonkeyPatch) -> None:
    r = at(80, monkeypatch, *DAY, "status", GLX, "--columns", "key,EAC,finish,wsjf")
    head, rows = header_and_rows(r.out, "key")
    assert head.split() == ["key", "EAC", "finish", "WSJF"]
    assert rows[0].split() == ["DE-REG", "115,556", "2027-04-30", "4.6"]
    r = cli(*DAY, "status", GLX, "--columns", "key,budget")
    assert r.code == 2
    assert "no column 'budget': choose from #,key,name,status" in r.err
    assert r.out == ""


def test_capacity_heads_months_short_and_keeps_those_nearest_today(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    r = at(80, monkeypatch, *DAY, "capacity", GLX)
    head, rows = header_and_rows(r.out, "person")
    assert all(cell_len(line.rstrip()) <= 80 for line in r.out.splitlines())
    assert "202" not in head and "…" not in r.out
    months = [w for w in head.split() if re.fullmatch(r"\d\d-\d\d", w)]
    assert "27-03" in months and len(months) >= 8
    assert months == sorted(months)
    alice = next(line for line in rows if line.startswith("alice"))
    assert "!109%" in alice  # over-allocated in April, marked and whole
    wide = at(200, monkeypatch, *DAY, "capacity", GLX)
    all_months = [
        w for w in header_and_rows(wide.out, "person")[0].split() if re.fullmatch(r"\d\d-\d\d", w)
    ]
    assert all_months[0] == "26-11" and all_months[-1] == "27-09"
    dropped = set(all_months) - set(months)
    assert dropped and all(m < "27-03" for m in dropped)  # months gone by go first
    picked = at(80, monkeypatch, *DAY, "capacity", GLX, "--columns", "person,27-04")
    assert header_and_rows(picked.out, "person")[0].split() == ["person", "27-04"]


def test_log_at_80_columns_in_words(glx_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    cli("--db", glx_url, "move", "GLX", "FR-REG", "2")
    cli("--db", glx_url, "set-percent", "GLX", "DE-REG", "70")
    cli("--db", glx_url, "undo", "GLX")
    r = at(80, monkeypatch, "--db", glx_url, "log", "GLX")
    head, rows = header_and_rows(r.out, "when")
    assert head.split() == ["when", "who", "what", "change"]
    assert all(cell_len(line.rstrip()) <= 80 for line in r.out.splitlines())
    words = [line[21:].split(None, 1)[1].rstrip() for line in rows]
    assert re.sub(r"\s{2,}", " | ", words[1]) == "FR-REG rank | 3 → 2"
    assert re.sub(r"\s{2,}", " | ", words[2]) == "DE-REG % complete | 45 → 70"
    assert re.sub(r"\s{2,}", " | ", words[3]) == "undo: DE-REG % complete | 70 → 45"
    assert "percent_complete" not in r.out and "project:" not in r.out


@pytest.fixture
def with_minutes(glx_url: str) -> str:
    db = open_database(glx_url)
    with db.write() as s:
        services.decide(s, program="GLX", text="Ship [bold]now[/] *fast* <b>x</b> \\ ok")
    with db.write() as s:
        services.save_minutes(
            s,
            meeting=Meeting("GLX", ("dana", "[bruno]"), [], datetime(2027, 3, 15, 9)),
            ended=datetime(2027, 3, 15, 10),
            compose=compose,
        )
    db.dispose()
    return glx_url


def test_minutes_are_plain_in_a_terminal_and_markdown_in_a_file(
    with_minutes: str, tmp_path: Path
) -> None:
    markdown = cli("--db", with_minutes, "minutes", "GLX").out  # a pipe: Markdown
    assert "Attendees: dana, \\[bruno\\]." in markdown
    assert markdown.startswith("# Triage minutes: Global launch")
    assert cli("--db", with_minutes, "minutes", "GLX", "--format", "md").out == markdown
    text = cli("--db", with_minutes, "minutes", "GLX", "--format", "text").out
    assert "Attendees: dana, [bruno]." in text and "\\" not in text
    assert text.startswith("Triage minutes: Global launch of the X product line (GLX)\n===")
    # in a real terminal, without --format: plain
    main, side = pty.openpty()
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "progtui", "--db", with_minutes, "minutes", "GLX"],
        stdout=side,
        stderr=subprocess.PIPE,
        env=env,
        timeout=120,
    )
    os.close(side)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert proc.returncode == 0, proc.stderr
    shown = seen.decode().replace("\r\n", "\n")
    assert "Attendees: dana, [bruno]." in shown and "\\[" not in shown
    assert shown == text


@given(
    st.lists(
        st.tuples(st.integers(1, 40), st.integers(0, 5), st.booleans()), min_size=1, max_size=12
    ),
    st.integers(10, 250),
)
def test_the_layout_never_cuts_a_number_and_fits_when_it_can(
    spec: list[tuple[int, int, bool]], width: int
) -> None:
    from progtui.cli.common import GAP, Col, layout

    columns = [Col(f"c{i}", keep=keep, cut=cut, least=12) for i, (_, keep, cut) in enumerate(spec)]
    natural = [n for n, _, _ in spec]
    shown = layout(columns, natural, width, picked=False)
    total = sum(w for _, w in shown) + GAP * (len(shown) - 1)
    kept = {i for i, _ in shown}
    assert {i for i, c in enumerate(columns) if c.keep == 0} <= kept  # never dropped
    for i, w in shown:
        if not columns[i].cut:
            assert w == natural[i]  # a number or a date: whole
        else:
            assert min(natural[i], 12) <= w <= natural[i]
    if total > width:  # too wide only when nothing more may drop or shrink
        assert all(columns[i].keep == 0 for i in kept)
        assert all(w == min(natural[i], 12) for i, w in shown if columns[i].cut)
    assert [i for i, _ in shown] == sorted(kept)  # in their order
    assert layout(columns, natural, None, picked=False) == list(enumerate(natural))
