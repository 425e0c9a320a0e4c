"""Issue 16 point 3 on files MS Project wrote: for every task that has not started, progtui's
forecast start and finish after import against the Start and Finish MS Project saved in the
same file, at level 1 and at leaf level (docs/interchange-mspdi.md, "Checked against files MS
Project wrote").

Each file is also run through the commands a user would run, `progtui validate FILE` and
`progtui --today DAY status FILE --format json` (DAY: the day before the file's earliest
date), and any traceback or refusal of an MS Project file is reported: a reader bug.

A task is compared when it has not started (status approved after import), and counted in
scope when it and every task under it is auto-scheduled, as soon as possible (or
start-no-earlier-than its own Start, what MS Project writes for a task whose date was typed),
on the project calendar, with a duration in working time, in a file whose calendar progtui
reads as standard (no calendar warning). Each difference is given its reason.

    .venv/bin/python bench/msp_real.py FOLDER_OR_FILE... [--level 1 --level leaf] [-v]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as ET

from progtui import domain as d
from progtui.analysis import Analysis, analyze
from progtui.analysis.calendar import Calendar
from progtui.errors import InvalidFile
from progtui.interchange.mspdi import NAMESPACE, read_mspdi

NS = {"p": NAMESPACE}
PROGTUI = [sys.executable, "-m", "progtui"]
ELAPSED = {"4", "6", "8", "10", "12", "20", "36", "38", "40", "42", "44", "52"}


@dataclass
class Task:
    uid: str
    name: str
    level: int
    start: datetime
    finish: datetime
    duration: str
    milestone: bool
    pinned: bool = False  # start-no-earlier-than its own Start: progtui's planned start
    out_of_scope: set[str] = field(default_factory=set)
    links: list[tuple[str, str, int]] = field(default_factory=list)  # (pred UID, type, lag)
    under: list[Task] = field(default_factory=list)  # every task below it


def text(el: Any, tag: str) -> str | None:
    return el.findtext(f"p:{tag}", namespaces=NS)


def tasks_of(path: Path) -> tuple[dict[str, Task], int, time]:
    """The file's tasks by UID (each with the tasks below it), its minutes per day and the
    time its working days start."""
    root = ET.parse(path, forbid_dtd=True).getroot()
    per_day = int(text(root, "MinutesPerDay") or 480)
    day_start = time.fromisoformat(text(root, "DefaultStartTime") or "08:00:00")
    out: dict[str, Task] = {}
    stack: list[Task] = []
    for el in root.iterfind("p:Tasks/p:Task", NS):
        level = int(text(el, "OutlineLevel") or 0)
        if text(el, "IsNull") == "1" or level == 0 or not text(el, "Start"):
            continue
        t = Task(
            uid=text(el, "UID") or "",
            name=text(el, "Name") or "",
            level=level,
            start=datetime.fromisoformat(text(el, "Start") or ""),
            finish=datetime.fromisoformat(text(el, "Finish") or ""),
            duration=text(el, "Duration") or "",
            milestone=text(el, "Milestone") == "1",
        )
        if text(el, "Manual") == "1":
            t.out_of_scope.add("manually scheduled")
        constraint = text(el, "ConstraintType") or "0"
        on_own_start = constraint == "4" and text(el, "ConstraintDate") == text(el, "Start")
        t.pinned = on_own_start
        if constraint != "0" and not on_own_start:
            t.out_of_scope.add("constraint")
        if (text(el, "CalendarUID") or "-1") != "-1":
            t.out_of_scope.add("task calendar")
        if (text(el, "DurationFormat") or "") in ELAPSED:
            t.out_of_scope.add("elapsed duration")
        for link in el.iterfind("p:PredecessorLink", NS):
            lag = int(text(link, "LinkLag") or 0)
            t.links.append((text(link, "PredecessorUID") or "", text(link, "Type") or "1", lag))
        while stack and stack[-1].level >= level:
            stack.pop()
        for above in stack:
            above.under.append(t)
        stack.append(t)
        out[t.uid] = t
    return out, per_day, day_start


def day_of_finish(t: Task, day_start: time) -> date:
    """The last day a task works: its Finish's date, but the working day before when the
    Finish is at the start of a day (DefaultStartTime or earlier) after its Start's day, as MS
    Project writes a task that a link ends exactly there: it works no hour of that day."""
    day = t.finish.date()
    if day > t.start.date() and t.finish.time() <= day_start:
        day -= timedelta(days=1)
        while day.weekday() >= 5 and day > t.start.date():
            day -= timedelta(days=1)
    return day


def why(t: Task, tasks: dict[str, Task], per_day: int, level: str) -> str:
    """The reason progtui's dates differ from MS Project's for this task."""
    covered = [t, *t.under]
    for u in covered:
        for pred, _, lag in u.links:
            if lag % (per_day * 10):
                return "hours within a day: a lag of part of a day"
            p = tasks.get(pred)
            if p and 8 < p.finish.hour < 17:
                return "hours within a day: a predecessor ends within its day"
    if t.start.hour >= 17:
        return "hours within a day: a Start at the end of a day"
    if level != "leaf" and any(u.links for u in t.under):
        return "lifted links"
    return "unexplained"


def smoke(path: Path, today: date) -> list[str]:
    """What the commands a user runs say about the file, when it is not a clean run."""
    bad = []
    for cmd in (
        [*PROGTUI, "validate", str(path)],
        [*PROGTUI, "--today", today.isoformat(), "status", str(path), "--format", "json"],
    ):
        run = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if run.returncode or "Traceback" in run.stderr:
            bad.append(f"{' '.join(cmd[2:4])}: exit {run.returncode}: {run.stderr.strip()[-300:]}")
    return bad


def compare(path: Path, level: str, counts: Counter[str], verbose: bool) -> None:
    tasks, per_day, day_start = tasks_of(path)
    if not tasks:
        counts["files without tasks"] += 1
        return
    try:
        data, warnings = read_mspdi(path, level="leaf" if level == "leaf" else int(level))  # type: ignore[arg-type]
    except InvalidFile as exc:
        counts["files refused"] += 1
        print(f"{path.name} level {level}: refused: {exc.problems[0]}")
        return
    standard = not any("the project calendar" in str(w) for w in warnings)
    first = min(min(t.start for t in tasks.values()).date(), data.program.start)
    for mode in ("as written", "links alone"):
        if mode == "links alone":
            data = at_start(data, tasks)
        a = analyze(data, first - timedelta(days=1))
        tally(path, level, mode, a, tasks, (per_day, day_start), standard, counts, verbose)


def at_start(data: d.ProgramData, tasks: dict[str, Task]) -> d.ProgramData:
    """Every task that has not started moved back to the program's start, its length kept, so
    that the converted links (types and lags) alone must push it to MS Project's dates; not
    a task held by a start-no-earlier-than its own Start (progtui's planned start)."""
    cal = Calendar(data.program.holidays)
    first = cal.start_index(data.program.start)

    def moved(p: d.Project) -> d.Project:
        t = tasks.get(p.key[1:])
        if p.status != "approved" or t is None or any(u.pinned for u in [t, *t.under]):
            return p
        width = max(cal.working_days(p.start, p.end), 1)
        return replace(p, start=cal.date_of(first), end=cal.date_of(first + width - 1))

    return replace(data, projects=tuple(moved(p) for p in data.projects))


def tally(
    path: Path,
    level: str,
    mode: str,
    a: Analysis,
    tasks: dict[str, Task],
    day: tuple[int, time],
    standard: bool,
    counts: Counter[str],
    verbose: bool,
) -> None:
    """Count, for one analysis, the tasks that agree with MS Project's dates and those not."""
    for r in a.projects:
        t = tasks.get(r.project.key[1:])
        if r.project.status != "approved" or r.slot is None or t is None:
            counts[f"{mode}: started or not a task"] += 1
            continue
        scope = set().union(*(u.out_of_scope for u in [t, *t.under]))
        if not standard:
            scope.add("project calendar")
        got = (a.date_of(r.slot.s), a.date_of(r.slot.f - 1))
        want = (t.start.date(), day_of_finish(t, day[1]))
        same = got == want
        if scope:
            counts[f"{mode}: out of scope"] += 1
            counts[f"{mode}: out of scope, agree: {'yes' if same else 'no'}"] += 1
            for reason in scope:
                counts[f"{mode}: out of scope: {reason}"] += 1
            if verbose and not same:
                print(
                    f"  ({', '.join(sorted(scope))}) {mode}: {path.name} {level} "
                    f"T{t.uid} {t.name!r}: progtui {got[0]}..{got[1]}, "
                    f"MS Project {t.start}..{t.finish}"
                )
            continue
        counts[f"{mode}: compared"] += 1
        if any(u.links for u in [t, *t.under]) or t.start.date() > a.data.program.start:
            counts[f"{mode}: compared, with links or after the program's start"] += 1
        counts[f"{mode}: " + ("agree" if same else "differ")] += 1
        if not same:
            reason = why(t, tasks, day[0], level)
            counts[f"{mode}: differ: {reason}"] += 1
            print(
                f"  {mode}: {path.name} level {level} T{t.uid} {t.name!r}: "
                f"progtui {got[0]}..{got[1]}, MS Project {t.start}..{t.finish}: {reason}"
            )
    for m in a.milestones if mode == "as written" else ():  # moved projects keep their dues
        counts[f"{mode}: milestones"] += 1
        counts[f"{mode}: milestones " + ("agree" if m.forecast == m.due else "differ")] += 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("paths", nargs="+", type=Path, help="MSPDI files, or folders of *.xml")
    ap.add_argument("--level", action="append", help="1, 2, ... or leaf (default: 1 and leaf)")
    ap.add_argument("-v", "--verbose", action="store_true", help="also the out-of-scope misses")
    args = ap.parse_args(argv)
    files = sorted(f for p in args.paths for f in (p.glob("*.xml") if p.is_dir() else [p]))
    bugs = 0
    per_level: dict[str, Counter[str]] = {lv: Counter() for lv in args.level or ["1", "leaf"]}
    for f in files:
        try:
            tasks, _, _ = tasks_of(f)
        except ET.ParseError as exc:
            print(f"{f.name}: not XML ({exc}); skipped")
            continue
        start = min((t.start.date() for t in tasks.values()), default=date(2000, 1, 3))
        for line in smoke(f, start - timedelta(days=1)):
            bugs += "Traceback" in line or "not MS Project XML" not in line
            print(f"{f.name}: {line}")
        for lv, counts in per_level.items():
            counts["files"] += 1
            compare(f, lv, counts, args.verbose)
    for lv, counts in per_level.items():
        print(f"\nlevel {lv}:")
        for k, v in sorted(counts.items()):
            print(f"  {k}: {v}")
    return 1 if bugs else 0


if __name__ == "__main__":
    raise SystemExit(main())
