"""8 processes x N random edits at once (bench/load.py), then: ranks gapless, every edit
landed and logged or refused with a message, none failed otherwise, and the log replays the
starting file to the final state. On SQLite and on PostgreSQL; 40 edits each in `make test`,
250 in `make soak`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import GLOBAL_LAUNCH, load, replayed
from progtui import services
from progtui.interchange.yaml.writer import dump_program
from progtui.store import CHG
from progtui.store.engine import open_database

BENCH = Path(__file__).parents[2] / "bench" / "load.py"
PROCS = 8  # the contention stays whole in the bounded run: only the number of edits shrinks


@pytest.mark.parametrize(
    "edits",
    [pytest.param(40, id="40-edits"), pytest.param(250, id="250-edits", marks=pytest.mark.soak)],
)
def test_eight_processes_of_random_edits_lose_nothing(
    db_url: str, tmp_path: Path, edits: int
) -> None:
    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH)
    with db.read() as s:
        mark = services.changes(s, program="GLX")[-1].id
    run = subprocess.run(
        [sys.executable, str(BENCH), "--db", db_url, "--procs", str(PROCS), "--edits", str(edits)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    print({k: v for k, v in report.items() if k != "workers"})  # the figures, with -s

    total = PROCS * edits
    assert report["edits"] == total
    assert report["landed"] + report["unchanged"] + report["refused"] == total
    assert [w["errors"] for w in report["workers"]] == [[]] * PROCS  # never "database is locked"
    assert all(reason.strip() for w in report["workers"] for reason in w["reasons"])
    assert report["landed"] > total / 2  # most edits are allowed ones

    with db.read() as s:
        final = services.export_program(s, program="GLX")
        for w in report["workers"]:  # each edit that landed is one batch in the log
            batches = s.execute(
                select(func.count(CHG.c.batch.distinct())).where(CHG.c.who == w["who"])
            ).scalar_one()
            assert batches == sum(w["landed"].values()), w["who"]
        log = services.changes(s, program="GLX", after=mark)
    assert sorted(p.rank for p in final.projects) == list(range(1, len(final.projects) + 1))

    again = replayed(tmp_path, GLOBAL_LAUNCH.read_text(), log)
    assert dump_program(again) == dump_program(final)
    db.dispose()
