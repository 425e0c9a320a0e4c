"""Portfolio benchmarks (issue 15 point 12): 20 programs, 10,000 projects in all, 2,000
people shared across programs, 500 links between programs, made by `progtui sample
--portfolio` and imported as whole processes (timed), then:

1. the full portfolio analysis in-process: analysis.portfolio.analyze_portfolio over
   store.load_portfolio's data (the read timed apart), target 300 ms;
2. the Portfolio pane's paint: the app on the database, `0` pressed (Pilot), until the pane's
   table has 20 rows, target 1.5 s (everything the pane does: reading every program and the
   organisation, analysing them, the people heat map, the paint);
3. a move key: `J` on the Roadmap of the program with the most programs upstream (the app
   shows the new order at once: ranks change nothing computed), from the key to the refresh
   after the move is committed (as bench/app.py's reprioritize), and to the refresh after
   the reloaded, re-analysed program is on screen (the save, the program's load with its
   upstream programs, their scheduling, its analysis), target 100 ms; in-process, the
   reload and re-analysis alone as the app does it (services.Reuse: the programs upstream
   read and scheduled again only once changed), and for reference the same cold.

    .venv/bin/python bench/portfolio.py [--programs 20 --projects 10000 --people 2000 --links 500]

Figures are printed with their targets; nothing here asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2027, 6, 15)
PROGTUI = [sys.executable, "-m", "progtui"]


def verdict(seconds: float, target: float) -> str:
    return f"{seconds * 1000:7.0f} ms   target < {target * 1000:.0f} ms  " + (
        "ok" if seconds < target else "OVER"
    )


def median_of(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


async def pane_and_move(
    db_path: Path, program: str, rows: int
) -> tuple[float, dict[str, list[float]]]:
    from textual import events

    from progtui.app.app import ProgtuiApp
    from progtui.app.panes.portfolio import PortfolioPane
    from progtui.store.engine import open_database

    moves: dict[str, list[float]] = {"saved": [], "reloaded": []}
    pending: dict[str, float] = {}

    def took(label: str, start: float) -> None:
        moves[label].append(time.perf_counter() - start)

    class Timed(ProgtuiApp):
        async def on_event(self, event: events.Event) -> None:
            if isinstance(event, events.Key) and event.key == "J":
                pending["J"] = time.perf_counter()
            await super().on_event(event)

        def on_saver_saved(self, message) -> None:  # type: ignore[no-untyped-def]
            if "J" in pending:  # committed (as bench/app.py's reprioritize)
                self.call_after_refresh(took, "saved", pending["J"])

        def on_saver_data_loaded(self, message) -> None:  # type: ignore[no-untyped-def]
            if "J" in pending:  # the load after the move's save, shown at the next refresh
                self.call_after_refresh(took, "reloaded", pending.pop("J"))

    app = Timed(open_database(str(db_path)), program=program, today=TODAY)
    async with app.run_test(size=(160, 50)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        table = app.screen.query_one(PortfolioPane).table
        start = time.perf_counter()
        await pilot.press("0")
        while len(table.rows) < rows:
            await asyncio.sleep(0.005)
        await pilot.pause(0)  # the refresh that paints them
        paint = time.perf_counter() - start
        await app.workers.wait_for_complete()
        await pilot.press("1")
        await app.workers.wait_for_complete()
        for key in ("J", "K") * 6:
            if key == "K":
                await pilot.press(key)
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
                continue
            await pilot.press(key)
            while "J" in pending:
                await asyncio.sleep(0.002)
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
    return paint, moves


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--programs", type=int, default=20)
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--people", type=int, default=2_000)
    parser.add_argument("--links", type=int, default=500)
    args = parser.parse_args()
    from progtui import services, store
    from progtui.analysis import analyze
    from progtui.analysis.portfolio import analyze_portfolio
    from progtui.store.engine import open_database

    with tempfile.TemporaryDirectory(prefix="progtui-bench-portfolio-") as tmp:
        folder, db_path = Path(tmp) / "pf", Path(tmp) / "pf.db"
        sizes = ["--portfolio", str(args.programs), "--projects", str(args.projects)]
        sizes += ["--people", str(args.people), "--links", str(args.links), "--years", "2"]
        start = time.perf_counter()
        subprocess.run([*PROGTUI, "sample", *sizes, "-o", str(folder)], check=True)
        made = time.perf_counter() - start
        files = sorted(str(p) for p in folder.glob("*.yaml"))
        start = time.perf_counter()
        subprocess.run(
            [*PROGTUI, "--db", str(db_path), "import", *files], check=True, capture_output=True
        )
        imported = time.perf_counter() - start
        print(
            f"{args.programs} programs, {args.projects:,} projects, {args.people:,} people, "
            f"{args.links} links: sample {made:.2f} s, import {imported:.2f} s (processes)"
        )
        db = open_database(str(db_path))
        with db.read() as s:
            data = store.load_portfolio(s)

        def read() -> None:
            with db.read() as s:
                store.load_portfolio(s)

        ups = {p.program.key: len(p.upstream) for p in data}
        program = max(ups, key=lambda k: (ups[k], k))
        loaded = median_of(read, 3)
        analysed = median_of(lambda: analyze_portfolio(data, TODAY), 5)
        print(f"  store.load_portfolio            {loaded * 1000:7.0f} ms")
        print(f"  analyze_portfolio (in-process)  {verdict(analysed, 0.3)}")

        def again() -> None:
            with db.read() as s:
                one = services.load_program(s, program=program)
            analyze(one, TODAY)

        with db.read() as s:
            one = services.load_program(s, program=program)
        alone = median_of(lambda: analyze(one, TODAY), 5)
        reload = median_of(again, 5)
        reuse = services.Reuse()

        def kept() -> None:  # as the app's reload after a move: the upstream programs kept
            with db.read() as s:
                data = services.load_program(s, program=program, reuse=reuse)
            analyze(data, TODAY, bounds=reuse.bounds(data, TODAY))

        kept()
        reload_kept = median_of(kept, 5)
        by_ups = sorted(ups, key=lambda k: (ups[k], k))
        typical = by_ups[len(by_ups) // 2]

        def typical_again() -> None:
            with db.read() as s:
                analyze(services.load_program(s, program=typical), TODAY)

        typical_reload = median_of(typical_again, 5)
        db.dispose()
        paint, moves = asyncio.run(pane_and_move(db_path, program, args.programs))
        print(f"  Portfolio pane: 0 to {args.programs} rows painted {verdict(paint, 1.5)}")
        print(f"  J on {program} ({ups[program]} programs upstream, {len(one.projects)} projects):")
        for label, what in (
            ("saved", "key to the move committed, on screen"),
            ("reloaded", "key to the reloaded, re-analysed program on screen"),
        ):
            took = moves[label]
            print(
                f"    {what:55s} {verdict(statistics.median(took), 0.1)}   "
                f"(median of {len(took)}, best {min(took) * 1000:.0f} ms)"
            )
        print(
            f"    in-process, as the app's reload: load_program + analyze with the upstream "
            f"programs kept {verdict(reload_kept, 0.1)}"
        )
        print("    for reference, cold (every upstream program read and scheduled again):")
        print(
            f"      load_program + analyze {reload * 1000:7.0f} ms;  analyze alone "
            f"{alone * 1000:.0f} ms;  {typical} ({ups[typical]} programs upstream, the "
            f"median): {typical_reload * 1000:.0f} ms"
        )


if __name__ == "__main__":
    main()
