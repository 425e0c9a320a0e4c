"""Baselines: saved with `baseline` or `b`, in the YAML, compared with in status, roadmap and
table, undoable like any change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, TODAY, cli, load, settled
from progtui import services
from progtui.app.app import ProgtuiApp
from progtui.errors import InvalidFile
from progtui.interchange import read_program_text
from progtui.store.engine import open_database


def test_the_sample_keeps_its_launch_plan_and_status_compares_with_it(glx_url: str) -> None:
    r = cli("--db", glx_url, "baseline", "GLX")
    assert r.out == "2026-11-30  Launch plan  (15 projects)\n"
    out = json.loads(
        cli(
            "--db",
            glx_url,
            "--today",
            "2027-03-15",
            "status",
            "GLX",
            "--baseline",
            "Launch plan",
            "--format",
            "json",
        ).out
    )
    assert out["program"]["baseline"] == {"name": "Launch plan", "taken": "2026-11-30"}
    fr_pkg = next(p for p in out["projects"] if p["key"] == "FR-PKG")
    # planned and expected 2027-03-05 then; forecast 2027-03-15 now: 6 working days later
    assert (
        fr_pkg["baseline_finish"],
        fr_pkg["forecast_finish"],
        fr_pkg["slip_vs_baseline"],
        fr_pkg["budget_vs_baseline"],
    ) == ("2027-03-05", "2027-03-15", 6, 0)
    es_tv = next(p for p in out["projects"] if p["key"] == "ES-TV")
    assert es_tv["slip_vs_baseline"] is None  # cancelled since
    plain = json.loads(
        cli("--db", glx_url, "--today", "2027-03-15", "status", "GLX", "--format", "json").out
    )
    assert "baseline_finish" not in plain["projects"][0]  # SPEC's shape unless asked
    r = cli("--db", glx_url, "status", "GLX", "--baseline", "Launch plna")
    assert (r.code, r.err) == (
        1,
        "progtui: no baseline 'Launch plna' in GLX (did you mean 'Launch plan'?)\n",
    )


def test_baseline_saves_the_plan_and_undo_removes_it(glx_url: str, tmp_path: Path) -> None:
    r = cli("--db", glx_url, "--today", "2027-03-15", "baseline", "GLX", "March steering")
    assert r.out == "saved baseline 'March steering' of 2027-03-15 (15 projects, 12 milestones)\n"
    r = cli("--db", glx_url, "--today", "2027-03-15", "baseline", "GLX", "March steering")
    assert r.err == "progtui: there is already a baseline 'March steering' in GLX\n"
    out = json.loads(
        cli(
            "--db",
            glx_url,
            "--today",
            "2027-03-15",
            "status",
            "GLX",
            "--baseline",
            "March steering",
            "--format",
            "json",
        ).out
    )
    assert {p["slip_vs_baseline"] for p in out["projects"] if p["status"] != "cancelled"} == {0}
    exported = cli("--db", glx_url, "export", "GLX").out
    assert "  - name: March steering\n    taken: 2027-03-15\n" in exported
    assert cli("--db", glx_url, "undo", "GLX").out.startswith(
        "Undo: removed baseline March steering"
    )
    assert "March steering" not in cli("--db", glx_url, "baseline", "GLX").out
    cli("--db", glx_url, "redo", "GLX")
    assert cli("--db", glx_url, "export", "GLX").out == exported  # re-created as it was


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "  - {name: A, taken: 2027-01-04}\n  - {name: A, taken: 2027-02-01}\n",
            "duplicate baseline 'A'",
        ),
        (
            "  - name: A\n    taken: 2027-01-04\n    projects:\n"
            "      - {project: X, start: 2027-02-01, end: 2027-01-04}\n",
            "end 2027-01-04 is before start 2027-02-01",
        ),
        (
            "  - name: A\n    taken: 2027-01-04\n    projects:\n"
            "      - {project: X, start: 2027-01-04, end: 2027-02-01}\n"
            "      - {project: X, start: 2027-01-04, end: 2027-02-01}\n",
            "project 'X' twice in baseline 'A'",
        ),
        ("  - {name: A, taken: soon}\n", "taken: expected a date like 2027-01-04, got 'soon'"),
    ],
)
def test_a_baselines_section_is_checked_like_the_rest(body: str, message: str) -> None:
    text = "program: {key: P, name: P}\nbaselines:\n" + body
    with pytest.raises(InvalidFile) as exc:
        read_program_text("p.yaml", text)
    assert [p.message for p in exc.value.problems] == [message]


async def test_b_saves_a_baseline_and_B_chooses_what_the_table_compares_with(
    tmp_path: Path,
) -> None:
    db = open_database(str(tmp_path / "app.db"))
    load(db, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2")
        table = app.query_one("#projects-table")
        pane = app.query_one("#projects")
        assert pane.baseline().name == "Launch plan"  # the newest, to begin with
        assert pane.variances()["FR-PKG"].slip == 6
        header, fr_pkg = table.render_line(0).text, table.render_line(4).text
        at = header.index("±base")
        assert "FR-PKG" in fr_pkg and fr_pkg[at : at + 5].strip() == "+6"  # on screen
        await pilot.press("b")
        await pilot.press(*"Now", "enter")  # the proposed name is selected: typing replaces it
        await settled(pilot)
        with db.read() as s:
            names = [b.name for b in services.export_program(s, program="GLX").baselines]
        assert names == ["Launch plan", "Now"]
        assert pane.baseline().name == "Now" and pane.variances()["FR-PKG"].slip == 0
        await pilot.press("B")  # the next older
        assert pane.baseline().name == "Launch plan"
        assert app.query_one("#roadmap").baseline().name == "Launch plan"
        await pilot.press("B")  # none
        assert pane.baseline() is None and "±base" not in (pane.border_subtitle or "")
        await pilot.press("B")  # the newest again
        assert pane.baseline().name == "Now"
