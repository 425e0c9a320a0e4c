"""Load: N processes make M random edits each on one program at once.

Edits are the app's workflows (moves, allocations, reallocations, status and risk changes,
decisions), each in its own transaction through the services. Each process counts what
landed and what was refused (with the message); anything else, "database is locked" above
all, is an error. Prints one JSON object; tests/test_load.py checks it against the database.

    .venv/bin/python bench/load.py --db URL --program GLX [--procs 8] [--edits 250]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import sys
import time
from datetime import date
from typing import Any

TODAY = date(2027, 3, 15)


def worker(args: tuple[str, str, int, int, int, Any]) -> dict[str, Any]:
    url, program, index, edits, seed, start = args
    from progtui import identity, services
    from progtui.errors import ProgtuiError
    from progtui.store.engine import open_database

    identity.set_user(f"w{index}")  # who, in the audit trail
    db = open_database(url, create=False)
    with db.read() as s:
        data = services.export_program(s, program=program)
    projects = [p.key for p in data.projects]
    people = [p.key for p in data.people]
    risks = [r.key for r in data.risks]
    rnd = random.Random(seed * 1000 + index)

    def edit() -> tuple[str, Any]:
        kind = rnd.choice(["move", "move", "allocate", "reallocate", "status", "risk", "decide"])
        p = rnd.choice(projects)
        if kind == "move":
            return kind, lambda s: services.move(
                s, program=program, project=p, rank=rnd.randint(1, len(projects))
            )
        if kind == "allocate":
            return kind, lambda s: services.allocate(
                s,
                program=program,
                person=rnd.choice(people),
                project=p,
                fte=rnd.choice([0.1, 0.2, 0.3, 0.5]),
            )
        if kind == "reallocate":
            return kind, lambda s: services.reallocate(
                s,
                program=program,
                person=rnd.choice(people),
                from_project=p,
                to_project=rnd.choice(projects),
                fte=0.1,
                today=TODAY,
            )
        if kind == "status":
            return kind, lambda s: services.set_status(
                s,
                program=program,
                project=p,
                status=rnd.choice(["approved", "active", "on_hold", "back", "done"]),
                on=TODAY,
            )
        if kind == "risk":
            return kind, lambda s: services.update_risk(
                s, program=program, risk=rnd.choice(risks), probability=rnd.randint(1, 5)
            )
        return kind, lambda s: services.decide(
            s, program=program, text=f"w{index} decides", about=(p,)
        )

    landed: dict[str, int] = {}
    unchanged = 0  # allowed, but nothing to change (a move to its own rank)
    refused: dict[str, int] = {}
    reasons: set[str] = set()
    errors: list[str] = []
    start.wait()
    began = time.perf_counter()
    for _ in range(edits):
        kind, change = edit()
        try:
            with db.write() as s:
                change(s)
                wrote = services.BATCH in s.info
        except ProgtuiError as exc:
            refused[kind] = refused.get(kind, 0) + 1
            reasons.add(str(exc))
            continue
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
            continue
        if wrote:
            landed[kind] = landed.get(kind, 0) + 1
        else:
            unchanged += 1
    seconds = time.perf_counter() - began
    db.dispose()
    return {
        "who": f"w{index}",
        "landed": landed,
        "unchanged": unchanged,
        "refused": refused,
        "reasons": sorted(reasons),
        "errors": errors,
        "seconds": seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--program", default="GLX")
    parser.add_argument("--procs", type=int, default=8)
    parser.add_argument("--edits", type=int, default=250)
    parser.add_argument("--seed", type=int, default=1)
    a = parser.parse_args()
    ctx = mp.get_context("spawn")
    start = ctx.Manager().Event()
    with ctx.Pool(a.procs) as pool:
        pending = pool.map_async(
            worker, [(a.db, a.program, i, a.edits, a.seed, start) for i in range(a.procs)]
        )
        time.sleep(1.0)  # let every process open the database first
        began = time.perf_counter()
        start.set()
        results = pending.get()
    wall = time.perf_counter() - began
    landed = sum(sum(r["landed"].values()) for r in results)
    refused = sum(sum(r["refused"].values()) for r in results)
    json.dump(
        {
            "procs": a.procs,
            "edits": a.procs * a.edits,
            "landed": landed,
            "unchanged": sum(r["unchanged"] for r in results),
            "refused": refused,
            "errors": sum(len(r["errors"]) for r in results),
            "seconds": round(wall, 2),
            "edits_per_second": round(a.procs * a.edits / wall, 1),
            "workers": results,
        },
        sys.stdout,
        indent=1,
    )
    print()


if __name__ == "__main__":
    main()
