"""A mixed storm (bench/storm.py): seven processes moving, reallocating, editing, undoing and
importing with replace, and the app driven by Pilot, for SECONDS; workers SIGKILLed at random
and restarted, and in the middle the server restarted (PostgreSQL) or every worker killed at
once (SQLite). Then: ranks gapless, FTE per person conserved, every accepted change exactly one
audit batch, the log replays to the final state, the database intact, no traceback anywhere.
10 s a database in `make test`, 150 s in `make soak`; the counts print with -s."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from conftest import GLOBAL_LAUNCH, RETAIL, load, replayed
from progtui import services
from progtui.interchange import read_program_text
from progtui.interchange.yaml.writer import dump_program
from progtui.store import CHG
from progtui.store.engine import open_database

STORM = Path(__file__).parents[2] / "bench" / "storm.py"
WORKERS = [  # (kind, account); the app is never killed, the others are
    ("move", "move0"),
    ("move", "move1"),
    ("reallocate", "realloc2"),
    ("reallocate", "realloc3"),
    ("edit", "edit4"),
    ("undo", "undo5"),
    ("import", "import6"),
    ("app", "app7"),
]


class Storm:
    def __init__(self, url: str, folder: Path, seconds: float) -> None:
        self.url, self.folder = url, folder
        self.end = time.monotonic() + seconds
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.runs: list[tuple[str, subprocess.Popen[bytes], Path, bool]] = []
        self.kills: Counter[str] = Counter()
        self.kinds = dict((who, kind) for kind, who in WORKERS)

    def start(self, who: str) -> None:
        left = self.end - time.monotonic()
        if left < 1:
            return
        err = self.folder / f"{who}-{len(self.runs)}.err"
        proc = subprocess.Popen(
            [
                sys.executable,
                str(STORM),
                "--db",
                self.url,
                "--kind",
                self.kinds[who],
                "--who",
                who,
                "--seconds",
                f"{left:.1f}",
                "--log",
                str(self.folder / f"{who}.log"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=err.open("wb"),
        )
        self.procs[who] = proc
        self.runs.append((who, proc, err, False))

    def kill(self, who: str) -> None:
        proc = self.procs[who]
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            self.kills[who] += 1
            self.runs = [(w, p, e, k or p is proc) for w, p, e, k in self.runs]

    def wait(self) -> None:
        for _, proc, _, _ in self.runs:
            proc.wait(timeout=120)

    def log(self, who: str) -> list[dict[str, Any]]:
        path = self.folder / f"{who}.log"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def fte_by_person(db) -> dict[str, float]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        data = services.export_program(s, program="GLX")
    sums: Counter[str] = Counter()
    for p in data.projects:
        for a in p.allocations:
            sums[a.person] += a.fte
    return {k: round(v, 6) for k, v in sorted(sums.items())}


@pytest.mark.parametrize(
    "seconds",
    [pytest.param(10, id="10s"), pytest.param(150, id="150s", marks=pytest.mark.soak)],
)
@pytest.mark.parametrize(
    "backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def test_a_mixed_storm_with_kills_and_a_restart_loses_nothing(
    request: pytest.FixtureRequest, tmp_path: Path, backend: str, seconds: int
) -> None:
    cluster = request.getfixturevalue("own_pg_cluster") if backend == "postgres" else None
    url = cluster.new_database() if cluster else str(tmp_path / "storm.db")
    db = open_database(url)
    load(db, GLOBAL_LAUNCH, RETAIL)
    with db.read() as s:
        mark = services.changes(s, program="GLX")[-1].id
    fte_before = fte_by_person(db)
    db.dispose()  # the server restart below must not find this process's connections

    storm = Storm(url, tmp_path, seconds)
    for _, who in WORKERS:
        storm.start(who)
    rnd = random.Random(17)
    middle = storm.end - seconds / 2
    restarted = False
    victims = [who for _, who in WORKERS if who != "app7"]
    while time.monotonic() < storm.end - 1:
        time.sleep(rnd.uniform(0.5, 2.0))
        if not restarted and time.monotonic() >= middle:
            restarted = True
            if cluster is not None and cluster.server is not None:
                cluster.server.stop("immediate")  # a crash of the server, then its return
                time.sleep(1.0)
                cluster.server.start()
            else:  # SQLite's equivalent: every writer killed at once, wherever it was
                for who in victims:
                    storm.kill(who)
                    storm.start(who)
            continue
        who = rnd.choice(victims)
        storm.kill(who)
        storm.start(who)
    storm.wait()
    assert restarted

    tracebacks = [e.name for _, _, e, _ in storm.runs if "Traceback" in e.read_text()]
    assert tracebacks == [], [(e, (tmp_path / e).read_text()[-2000:]) for e in tracebacks]
    assert [(w, p.returncode) for w, p, _, k in storm.runs if not k and p.returncode] == []

    db = open_database(url)
    counts: dict[str, dict[str, int]] = {}
    with db.read() as s:
        final = services.export_program(s, program="GLX")
        retail = services.export_program(s, program="RTX")
        for _, who in WORKERS:
            lines = storm.log(who)
            logged = [line["batch"] for line in lines if "batch" in line]
            maybe = {line["maybe"] for line in lines if "maybe" in line}
            done = [line["done"] for line in lines if "done" in line]
            in_db = set(s.execute(select(CHG.c.batch).where(CHG.c.who == who).distinct()).scalars())
            if who == "app7":  # checked keypress by keypress: each saved one batch or none
                counts[who] = {"batches": len(in_db), **(done[0] if done else {})}
                continue
            assert len(logged) == len(set(logged)), f"{who} logged a batch twice"
            assert set(logged) <= in_db, f"{who}: accepted changes missing from the audit log"
            # a batch not logged was committed by a process killed before it could say so,
            # or cut off at its commit by the restart: at most one a kill
            unlogged = in_db - set(logged) - maybe
            assert len(unlogged) <= storm.kills[who], who
            row: dict[str, int] = {"accepted": len(logged), "batches": len(in_db)}
            for d in done:
                for k, v in d.items():
                    if k != "accepted":
                        row[k] = row.get(k, 0) + v
            row["kills"] = storm.kills[who]
            counts[who] = row
        log = services.changes(s, program="GLX", after=mark)
        if backend == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []
    # the app pressed its keys and ran to the end (its saves may all fall in the outage)
    assert counts["app7"].get("keys", 0) > 0
    assert counts["app7"]["batches"] >= counts["app7"]["saved"]
    for data in (final, retail):
        assert sorted(p.rank for p in data.projects) == list(range(1, len(data.projects) + 1))
        read_program_text("again.yaml", dump_program(data))  # passes every check of a file
    assert fte_by_person(db) == fte_before
    again = replayed(tmp_path, GLOBAL_LAUNCH.read_text(), log)
    assert dump_program(again) == dump_program(final)
    db.dispose()

    total = {k: sum(r.get(k, 0) for r in counts.values()) for k in ("accepted", "refused")}
    print(f"\nstorm on {backend}, {seconds} s: {total}, {len(log)} audit rows on GLX")
    for who, row in counts.items():
        print(f"  {who}: {row}")
