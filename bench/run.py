"""Foundation benchmarks: generate, import, export and --help, as whole processes.

Prints figures against the targets of the foundation issue, and a ratio against a peer measured
in the same run: a bare `yaml.load` with PyYAML's C loader of the same file (the least any
YAML-reading tool pays just to parse it, with no positions and no checks).

    .venv/bin/python bench/run.py [--projects 10000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROGTUI = [sys.executable, "-m", "progtui"]


def timed(cmd: list[str], repeat: int, setup=None) -> float:  # type: ignore[no-untyped-def]
    """Median wall-clock seconds of a whole process."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def counts(path: Path) -> dict[str, int]:
    from progtui.interchange import read_program

    data = read_program(path)
    return {
        "projects": len(data.projects),
        "dependencies": sum(len(p.depends_on) for p in data.projects),
        "people": len(data.people),
        "allocations": sum(len(p.allocations) for p in data.projects),
        "risks": len(data.risks),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="progtui-bench-") as tmp:
        work = Path(tmp)
        big = work / "big.yaml"
        db = work / "bench.db"
        gen = timed(
            [*PROGTUI, "sample", "--projects", str(args.projects), "--seed", "7", "-o", str(big)], 1
        )
        size = big.stat().st_size / 2**20
        c = counts(big)
        print(
            f"program: {c['projects']} projects, {c['dependencies']} dependencies, "
            f"{c['people']} people, {c['allocations']} allocations, {c['risks']} risks; "
            f"file {size:.1f} MiB"
        )
        print(f"generate    {gen:6.2f} s   (target: seconds)")

        def fresh() -> None:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)

        imp = timed([*PROGTUI, "--db", str(db), "import", str(big)], args.repeat, fresh)
        peer = timed(
            [
                sys.executable,
                "-c",
                "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=yaml.CSafeLoader)",
                str(big),
            ],
            args.repeat,
        )
        exp = timed(
            [*PROGTUI, "--db", str(db), "export", "GEN", "-o", str(work / "out.yaml")], args.repeat
        )
        same = (work / "out.yaml").read_bytes() == big.read_bytes()
        helps = timed([*PROGTUI, "--help"], max(5, args.repeat))
        ok = lambda v, limit: "ok" if v < limit else "OVER"  # noqa: E731
        print(
            f"import      {imp:6.2f} s   target < 10 s   {ok(imp, 10)}   "
            f"(peer: bare yaml.load {peer:.2f} s; import/peer = {imp / peer:.2f})"
        )
        print(
            f"export      {exp:6.2f} s   target <  5 s   {ok(exp, 5)}   "
            f"(round trip identical to the generated file: {same})"
        )
        print(
            f"--help      {helps:6.3f} s   target < 0.3 s  {ok(helps, 0.3)}   (issue 13; was 0.5 s)"
        )
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
