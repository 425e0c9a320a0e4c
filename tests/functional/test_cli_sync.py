"""`progtui sync PROGRAM PROJECT plan.xml`: the changes shown first, --dry-run writing nothing,
a save undone by `progtui undo`, and bad input in one line with nothing written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, cli

PLAN = Path(__file__).parent.parent / "data" / "mspdi" / "de-reg-plan.xml"
CHANGES = [
    "project:DE-REG actual_start: 2027-01-04 → 2027-01-05",
    "project:DE-REG percent_complete: 45 → 46.32",
    "project:DE-REG actual_cost: 52000 → 54000",
    "project:DE-REG reported_end: – → 2027-05-14",
    "milestone:DE-REG/Regulator questions answered due: 2027-03-04 → 2027-03-12",
    "milestone:DE-REG/Approval granted due: 2027-04-30 → 2027-05-14",
]
NOT_MATCHED = (
    f"not matched: the plan's milestone 'Notified body audit' (due 2027-04-09, {PLAN}:56:5) "
    "is not in DE-REG; not added"
)


def dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "glx.db"
    assert cli("--db", str(path), "import", str(GLOBAL_LAUNCH)).code == 0
    return path


def test_dry_run_prints_each_change_and_writes_nothing(db: Path) -> None:
    before = dump(db)
    r = cli("--db", str(db), "sync", "GLX", "DE-REG", str(PLAN), "--dry-run")
    assert (r.code, r.err) == (0, "")
    assert r.out.splitlines() == [
        f"DE-REG from {PLAN}: 6 changes (dry run: nothing saved)",
        *CHANGES,
        NOT_MATCHED,
    ]
    assert dump(db) == before


def test_dry_run_as_json(db: Path) -> None:
    before = dump(db)
    r = cli("--db", str(db), "sync", "GLX", "DE-REG", str(PLAN), "--dry-run", "--format", "json")
    out = json.loads(r.out)
    assert (out["dry_run"], out["saved"]) == (True, False)
    assert out["changes"][3] == {
        "entity": "project:DE-REG",
        "field": "reported_end",
        "old": None,
        "new": "2027-05-14",
    }
    assert len(out["changes"]) == 6
    assert out["not_matched"] == [
        {"name": "Notified body audit", "due": "2027-04-09", "done": None, "line": 56, "col": 5}
    ]
    assert dump(db) == before


def test_sync_saves_what_it_prints_shows_the_plan_finish_and_undo_takes_it_back(
    db: Path,
) -> None:
    before = cli("--db", str(db), "export", "GLX").out
    r = cli("--db", str(db), "sync", "GLX", "DE-REG", str(PLAN))
    assert r.code == 0
    assert r.out.splitlines()[0] == (
        f"DE-REG from {PLAN}: 6 changes; saved (progtui undo GLX takes it back)"
    )
    assert r.out.splitlines()[1:] == [*CHANGES, NOT_MATCHED]
    status = json.loads(
        cli("--db", str(db), "--today", "2027-03-15", "status", "GLX", "--format", "json").out
    )
    row = next(p for p in status["projects"] if p["key"] == "DE-REG")
    assert (row["forecast_finish"], row["reported_finish"]) == ("2027-05-03", "2027-05-14")
    table = cli("--db", str(db), "--today", "2027-03-15", "status", "GLX").out
    header = next(line for line in table.splitlines() if line.lstrip().startswith("#"))
    assert header.split()[5:8] == ["finish", "PM", "finish"]  # beside progtui's forecast
    report = cli("--db", str(db), "--today", "2027-03-15", "report", "GLX").out
    assert "| Forecast | PM plan finish | Slip |" in report.replace("  ", " ")
    de_row = next(line for line in report.splitlines() if "DE-REG Germany" in line and "|" in line)
    assert "| 2027-01-05 .. 2027-05-03 | 2027-05-14 |" in de_row
    again = cli("--db", str(db), "sync", "GLX", "DE-REG", str(PLAN))
    assert again.out.splitlines()[0] == f"DE-REG from {PLAN}: nothing to change"
    undo = cli("--db", str(db), "undo", "GLX")
    assert undo.code == 0
    assert undo.out == "Undo: DE-REG actual start back to 2027-01-04 (and 5 more changes)\n"
    assert cli("--db", str(db), "export", "GLX").out == before


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["GLX", "DE-REG", "{dir}/missing.xml"], "{dir}/missing.xml:1:1: no such file\n"),
        (
            ["GLX", "DE-REG", str(GLOBAL_LAUNCH)],
            f"{GLOBAL_LAUNCH}:1:1: not MS Project XML (MSPDI): the file is not XML\n",
        ),
        (
            ["GLX", "DE-REG", str(PLAN.parent / "not-mspdi.xml")],
            f"{PLAN.parent / 'not-mspdi.xml'}:2:1: not MS Project XML: the root element is "
            '<{http://maven.apache.org/POM/4.0.0}project>, not <Project xmlns="http://schemas.'
            'microsoft.com/project">\n',
        ),
        (["GLY", "DE-REG", str(PLAN)], "progtui: no program 'GLY' (known: GLX)\n"),
        (
            ["GLX", "DE-RGE", str(PLAN)],
            "progtui: no project 'DE-RGE' in program GLX (did you mean 'DE-REG'?)\n",
        ),
        (
            ["GLX", "ES-TV", str(PLAN)],
            "progtui: ES-TV is cancelled: a cancelled project is not synced\n",
        ),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    db: Path, tmp_path: Path, args: list[str], error: str
) -> None:
    before = dump(db)
    args = [a.replace("{dir}", str(tmp_path)) for a in args]
    r = cli("--db", str(db), "sync", *args)
    assert (r.code, r.out, r.err) == (1, "", error.replace("{dir}", str(tmp_path)))
    assert dump(db) == before
