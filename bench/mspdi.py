"""MS Project XML (MSPDI) speed, issue 16 point 8: a file of 10,000 tasks and 30,000 links,
imported and exported as whole processes, with the YAML figures of the same program beside.

The file is progtui's own export of `progtui sample --projects 10000` (three links a project on
average, all four types, people, allocations, a baseline), without its milestones: 10,000 tasks
and about 30,000 links. With --milestones they are kept, each a subtask of its project under a
summary task: 30,000 tasks and 40,000 links.

    .venv/bin/python bench/mspdi.py [--projects 10000] [--repeat 3] [--milestones]
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from progtui.interchange import write_program
from progtui.sample import generate

PROGTUI = [sys.executable, "-m", "progtui"]


def timed(cmd: list[str], repeat: int, setup=None) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall-clock and CPU (user + system) seconds of a whole process: on a shared
    machine the wall clock also counts the others' work, the CPU time only ours."""
    walls, cpus = [], []
    for _ in range(repeat):
        if setup:
            setup()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--milestones", action="store_true", help="keep the milestones")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="progtui-bench-mspdi-") as tmp:
        work = Path(tmp)
        yaml_file, xml_file = work / "GEN.yaml", work / "GEN.xml"
        db, db2 = work / "bench.db", work / "again.db"
        data = generate(projects=args.projects, seed=7)
        if not args.milestones:
            data = replace(data, projects=tuple(replace(p, milestones=()) for p in data.projects))
        write_program(data, yaml_file)
        subprocess.run([*PROGTUI, "--db", str(db), "import", str(yaml_file)], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

        def fresh(path: Path):  # type: ignore[no-untyped-def]
            def clear() -> None:
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)

            return clear

        x_exp = timed(
            [*PROGTUI, "--db", str(db), "export", "GEN", "--format", "mspdi", "-o", str(xml_file)],
            args.repeat,
        )
        y_exp = timed(
            [*PROGTUI, "--db", str(db), "export", "GEN", "-o", str(work / "out.yaml")], args.repeat
        )
        text = xml_file.read_text("utf-8")
        tasks = text.count("<Task>") - 1  # less the project summary task
        links = text.count("<PredecessorLink>")
        marks = len(re.findall(r"<Milestone>1</Milestone>", text))
        print(
            f"file: {tasks} tasks ({args.projects} projects"
            + (", their summary tasks and milestones" if marks else "")
            + f"), {links} links ({links - marks} dependencies, {marks} milestones tied to "
            f"their project), {len(text.encode()) / 2**20:.1f} MiB"
        )
        x_imp = timed(
            [*PROGTUI, "--db", str(db2), "import", str(xml_file)], args.repeat, fresh(db2)
        )
        y_imp = timed(
            [*PROGTUI, "--db", str(db2), "import", str(yaml_file)], args.repeat, fresh(db2)
        )
        ok = lambda v, limit: "ok  " if v < limit else "OVER"  # noqa: E731
        for what, (wall, cpu), (y_wall, y_cpu), limit in (
            ("import", x_imp, y_imp, 10),
            ("export", x_exp, y_exp, 5),
        ):
            print(
                f"MSPDI {what} {wall:6.2f} s (CPU {cpu:5.2f} s)   target < {limit:2d} s   "
                f"{ok(wall, limit)}   (YAML {what} of the same program: {y_wall:.2f} s, "
                f"CPU {y_cpu:.2f} s)"
            )
        print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
