"""Storm: one worker process of a mixed storm, for SECONDS, logging what it did.

tests/functional/test_storm.py starts seven of these (moves, reallocations, edits, undos,
imports with replace) and one `app` (the app driven by Textual's Pilot), kills them at random
and restarts them, restarts the server in the middle, then checks the database against the
logs. Each accepted change is one JSON line {"op", "batch"} written right after its commit; a
change whose commit was cut off by an outage is a {"maybe": batch} line; the last line, unless
the process was killed, is {"done": counts}. A crash is a traceback on stderr.

    .venv/bin/python bench/storm.py --db URL --kind move --who move0 --seconds 30 --log F
"""

from __future__ import annotations

import argparse
import contextlib
import json
import random
import sys
import time
import traceback
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

TODAY = date(2027, 3, 15)
PROGRAM = "GLX"
KINDS = ("move", "reallocate", "edit", "undo", "import", "app")
RETAIL = Path(__file__).parents[1] / "sample_data" / "retail-transformation.yaml"


def opened(url: str) -> Any:
    """The database, waiting while the server is out of reach (StoreError: one line)."""
    from progtui.errors import StoreError
    from progtui.store.engine import open_database

    for _ in range(100):
        try:
            return open_database(url, create=False)
        except StoreError:
            time.sleep(0.2)
    return open_database(url, create=False)


def run(url: str, kind: str, seconds: float, log: Any, rnd: random.Random) -> dict[str, int]:
    from progtui import services
    from progtui.errors import ProgtuiError, Unavailable
    from progtui.interchange import read_program
    from progtui.services import history

    db = opened(url)
    while True:  # the server may be restarting as this process starts
        try:
            with db.read() as s:
                data = services.export_program(s, program=PROGRAM)
            break
        except Unavailable:
            time.sleep(0.2)
    projects = [p.key for p in data.projects]
    allocations = [(a.person, p.key) for p in data.projects for a in p.allocations]
    retail = read_program(RETAIL) if kind == "import" else None
    counts = {"accepted": 0, "unchanged": 0, "refused": 0, "unavailable": 0}

    def move(s: Any) -> None:
        services.move(
            s, program=PROGRAM, project=rnd.choice(projects), rank=rnd.randint(1, len(projects))
        )

    def reallocate(s: Any) -> None:
        person, source = rnd.choice(allocations)
        services.reallocate(
            s,
            program=PROGRAM,
            person=person,
            from_project=source,
            to_project=rnd.choice(projects),
            fte=0.1,
            today=TODAY,
        )

    def edit(s: Any) -> None:
        p = rnd.choice(projects)
        if rnd.random() < 0.5:
            services.set_status(
                s, program=PROGRAM, project=p, status=rnd.choice(["active", "on_hold"]), on=TODAY
            )
        else:
            services.decide(s, program=PROGRAM, text=f"storm decides on {p}", about=(p,))

    def undo(s: Any) -> None:
        history.undo(s, program=PROGRAM)

    def replace(s: Any) -> None:
        assert retail is not None
        services.import_program(s, data=retail, replace=True, source=RETAIL.name)

    plan: list[tuple[str, Callable[[Any], None]]] = {
        "move": [("move", move)],
        "reallocate": [("reallocate", reallocate)],
        "edit": [("edit", edit)],
        "undo": [("move", move), ("reallocate", reallocate), ("undo", undo)],  # its own, undone
        "import": [("import", replace)],
    }[kind]
    end = time.monotonic() + seconds
    step = 0
    while time.monotonic() < end:
        op, change = plan[step % len(plan)]
        step += 1
        batch = None
        try:
            with db.write() as s:
                change(s)
                batch = s.info.get(services.BATCH)
        except Unavailable:
            counts["unavailable"] += 1
            if batch is not None:  # cut off at the commit: it may or may not have landed
                print(json.dumps({"maybe": batch}), file=log, flush=True)
            time.sleep(0.2)
            continue
        except ProgtuiError:
            counts["refused"] += 1
            continue
        if batch is None:
            counts["unchanged"] += 1
            continue
        counts["accepted"] += 1
        print(json.dumps({"op": op, "batch": batch}), file=log, flush=True)
    db.dispose()
    return counts


def run_app(url: str, seconds: float, log: Any, rnd: random.Random) -> dict[str, int]:
    """The app on the projects pane, moving the selected project up and down (J, K) and
    undoing (u); each keypress that saved is one more batch of this account."""
    import asyncio

    from sqlalchemy import func, select
    from textual.worker import WorkerCancelled

    from progtui import identity
    from progtui.app.app import ProgtuiApp
    from progtui.store import CHG

    db = opened(url)
    who = identity.current_user()
    counts = {"keys": 0, "saved": 0}

    def batches() -> int | None:
        try:
            with db.read() as s:
                return int(
                    s.execute(
                        select(func.count(CHG.c.batch.distinct())).where(CHG.c.who == who)
                    ).scalar_one()
                )
        except Exception:  # the server restarting: no figure this time
            return None

    async def settle(pilot: Any, delay: float | None = None) -> None:
        with contextlib.suppress(WorkerCancelled):  # a load superseded by a newer one
            await pilot.app.workers.wait_for_complete()
        await pilot.pause(delay)

    async def drive() -> None:
        app = ProgtuiApp(db, program=PROGRAM, today=TODAY)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            end = time.monotonic() + seconds
            while time.monotonic() < end:
                before = batches()
                await pilot.press(rnd.choice(["down", "up"]), rnd.choice(["J", "K", "J", "u"]))
                await settle(pilot, 0.3)
                after = batches()
                counts["keys"] += 1
                if before is not None and after is not None:
                    assert after - before in (0, 1), f"one keypress made {after - before} batches"
                    counts["saved"] += after - before
            if app.crashed is not None:
                raise app.crashed

    asyncio.run(drive())
    db.dispose()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--who", required=True)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--log", required=True)
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args()
    from progtui import identity

    identity.set_user(a.who)  # the audit trail tells the workers apart
    rnd = random.Random(f"{a.seed}-{a.who}-{time.time_ns()}")
    with open(a.log, "a") as log:
        try:
            if a.kind == "app":
                counts = run_app(a.db, a.seconds, log, rnd)
            else:
                counts = run(a.db, a.kind, a.seconds, log, rnd)
        except Exception:
            traceback.print_exc()
            sys.exit(1)
        print(json.dumps({"done": counts}), file=log, flush=True)


if __name__ == "__main__":
    main()
