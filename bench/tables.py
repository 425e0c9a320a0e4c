"""Spreadsheet benchmarks (issue 16 point 8): CSV and xlsx import and export of a generated
program, with the YAML figures beside them, as whole processes and as the readers and writers
alone.

Import is one `progtui import` of the files into a fresh database; export one `progtui export`
(CSV: `-o FOLDER`, every table; xlsx: with the status sheet). "read" and "write" time the
format alone, in this process: files to a validated snapshot and back. Target: CSV under 3 s
each way for 10,000 projects.

    .venv/bin/python bench/tables.py [--projects 10000]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROGTUI = [sys.executable, "-m", "progtui"]
TABLES = ["projects", "people", "allocations", "risks", "milestones", "dependencies"]


CPU: dict[str, float] = {}  # CPU seconds of the same runs: a fairer figure on a shared machine


def _children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _own() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run(*args: str) -> float:
    """Wall-clock seconds of one whole process (its CPU seconds in CPU[last])."""
    start, cpu = time.perf_counter(), _children()
    subprocess.run([*PROGTUI, *args], check=True, stdout=subprocess.DEVNULL)
    CPU["last"] = _children() - cpu
    return time.perf_counter() - start


def clock(fn) -> float:  # type: ignore[no-untyped-def]
    start, cpu = time.perf_counter(), _own()
    fn()
    CPU["last"] = _own() - cpu
    return time.perf_counter() - start


def timed(figures: dict[str, float], name: str, seconds: float) -> None:
    figures[name] = seconds
    figures[name + " cpu"] = CPU["last"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    a = parser.parse_args()
    from progtui.interchange import dump_program, read_program
    from progtui.interchange.table import dump_csv, read_tables

    with tempfile.TemporaryDirectory(prefix="progtui-bench-tables-") as tmp:
        work = Path(tmp)
        big = work / "big.yaml"
        db = str(work / "bench.db")
        run("sample", "--projects", str(a.projects), "--seed", "7", "-o", str(big))
        figures: dict[str, dict[str, float]] = {"yaml": {}, "csv": {}, "xlsx": {}}
        y, c, x = figures["yaml"], figures["csv"], figures["xlsx"]
        timed(y, "import", run("--db", db, "import", str(big)))
        timed(y, "export", run("--db", db, "export", "GEN", "-o", str(work / "out.yaml")))
        csvs = [str(work / f"GEN-{t}.csv") for t in TABLES]
        timed(c, "export", run("--db", db, "export", "GEN", "--format", "csv", "-o", str(work)))
        timed(c, "import", run("--db", str(work / "csv.db"), "import", *csvs))
        book = str(work / "GEN.xlsx")
        today = ("--today", "2027-03-15")
        timed(x, "export", run("--db", db, *today, "export", "GEN", "--format", "xlsx", "-o", book))
        timed(x, "import", run("--db", str(work / "xlsx.db"), "import", book))
        data = read_program(big)
        timed(y, "read", clock(lambda: read_program(big)))
        timed(y, "write", clock(lambda: dump_program(data)))
        timed(c, "read", clock(lambda: read_tables(csvs)))
        timed(c, "write", clock(lambda: [dump_csv(data, t) for t in TABLES]))
        same = all(
            dump_csv(read_tables(csvs), t) == Path(p).read_bytes().decode()
            for t, p in zip(TABLES, csvs, strict=True)
        )
        rows = sum(len(Path(p).read_bytes().splitlines()) - 1 for p in csvs)
        print(
            f"program: {len(data.projects)} projects, {rows} CSV rows in {len(TABLES)} tables; "
            f"yaml {big.stat().st_size / 2**20:.1f} MiB, csv "
            f"{sum(Path(p).stat().st_size for p in csvs) / 2**20:.1f} MiB, xlsx "
            f"{Path(book).stat().st_size / 2**20:.1f} MiB"
        )
        print(
            "format   import          export          read            write"
            "           (wall s (CPU s); import/export whole processes)"
        )
        for fmt, f in figures.items():
            cells = [
                f"{f[k]:6.2f} ({f[k + ' cpu']:5.2f})" if k in f else f"{'—':>14}"
                for k in ("import", "export", "read", "write")
            ]
            print(f"{fmt:6} " + "  ".join(cells))
        ok = lambda v: "ok" if v < 3 else "OVER"  # noqa: E731
        print(
            f"csv target < 3 s each way: import {ok(c['import'])}, export {ok(c['export'])}, "
            f"read {ok(c['read'])}, write {ok(c['write'])}; "
            f"export -> import -> export identical: {same}"
        )
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
