"""Write a program's dependency network as a TaskJuggler project (for the peer benchmark), and
find the shortest project frame TaskJuggler can schedule it in.

The same tasks, the same edges and the same facts the forecast starts from: a done project is
pinned at its actual dates, a started one at its actual start (and lasts at least to today),
and one not started begins no earlier than its planned start and today (a link with a calendar
gap from a milestone on the first day, as TaskJuggler takes no "start, unless a dependency says
later"); done and started projects keep no links, as in the forecast. Where TaskJuggler has no
equivalent the link is the nearest it has: FS and SS map to `depends` (on the end or
`onstart`), FF becomes FS and SF becomes SS on the same pair, and negative lags become 0
(TaskJuggler gaps cannot be negative). Durations are working days (`length`), holidays are
TaskJuggler leaves.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

from progtui import domain as d
from progtui.analysis.calendar import Calendar

REPORT = "task-ends"  # the one report of the run that finds the frame: every task's end


def as_taskjuggler_sees_it(data: d.ProgramData) -> d.ProgramData:
    """The network with its links mapped as they are written to the .tjp file."""
    mapping = {"FS": "FS", "FF": "FS", "SS": "SS", "SF": "SS"}
    return dataclasses.replace(
        data,
        projects=tuple(
            dataclasses.replace(
                p,
                depends_on=tuple(
                    d.Dependency(x.project, mapping[x.type], max(x.lag, 0)) for x in p.depends_on
                ),
            )
            for p in data.projects
        ),
    )


def _weekday(day: date) -> date:
    return day if day.weekday() < 5 else day + timedelta(days=7 - day.weekday())


def tasks(data: d.ProgramData, today: date) -> tuple[date, list[str]]:
    """The first day TaskJuggler's frame must hold, and the .tjp text of each task: a milestone
    on that day, then one task per project that is not cancelled."""
    cal = Calendar(data.program.holidays)
    live = [p for p in data.projects if p.status != "cancelled"]
    keys = {p.key for p in live}
    t = cal.index(today)
    first = min(min(p.start, p.actual_start or p.start) for p in live)
    out = [f'task T0 "first day" {{\n  start {first.isoformat()}\n  milestone\n}}']
    for p in live:
        length = max(cal.working_days(p.start, p.end), 1)
        if p.status == "done" and p.actual_start and p.actual_end:
            body = [
                f"start {_weekday(p.actual_start).isoformat()}",
                f"length {max(cal.working_days(p.actual_start, p.actual_end), 1)}d",
            ]
        elif p.actual_start:  # started: f = max(s + D, t + 1)
            s = cal.start_index(p.actual_start)
            body = [
                f"start {_weekday(p.actual_start).isoformat()}",
                f"length {max(s + length, t + 1) - s}d",
            ]
        else:
            earliest = max(p.start, today)
            deps = [dep for dep in p.depends_on if dep.project in keys]
            if deps:
                gap = (earliest - first).days
                links = [f"T0 {{ gapduration {gap}d }}" if gap else "T0"]
                for dep in deps:
                    opts = ["onstart"] if dep.type in ("SS", "SF") else []
                    if dep.lag > 0:
                        opts.append(f"gaplength {dep.lag}d")
                    links.append(dep.project + (f" {{ {' '.join(opts)} }}" if opts else ""))
                body = ["depends " + ", ".join(links)]
            else:
                body = [f"start {_weekday(earliest).isoformat()}"]
            body.append(f"length {length}d")
        out.append(f'task {p.key} "{p.key}" {{\n' + "".join(f"  {x}\n" for x in body) + "}")
    return first, out


def write_tjp(
    data: d.ProgramData, today: date, path: Path, frame_days: int, *, report: bool = False
) -> int:
    """Write the .tjp file with a frame of *frame_days* from the first day (and, with *report*,
    a CSV report of every task's end); return the number of scheduled projects."""
    first, body = tasks(data, today)
    out = [
        f'project gen "{data.program.key}" {first.isoformat()} +{frame_days}d {{',
        '  timezone "UTC"',
        "  timingresolution 60min",
        "}",
    ]
    out += [f'leaves holiday "holiday" {h.isoformat()}' for h in data.program.holidays]
    out += body
    if report:
        out.append(
            f'taskreport "{REPORT}" {{\n  formats csv\n  columns id, end\n'
            '  timeformat "%Y-%m-%d-%H:%M"\n}'
        )
    path.write_text("\n".join(out) + "\n")
    return len(body) - 1


@dataclasses.dataclass(frozen=True)
class Frame:
    """The shortest frame found, and how TaskJuggler's schedule compares with progtui's."""

    days: int  # from the first day
    same: int  # projects whose finish in tj3's schedule is progtui's forecast finish
    of: int
    cached: bool = False


def shortest_frame(tj3: str, data: d.ProgramData, today: date, work: Path, cache: Path) -> Frame:
    """The fewest days from the first day that hold TaskJuggler's schedule of this network
    (kept in *cache*, keyed by the tasks and tj3's version, as finding them costs a run).

    Found by one tj3 run with a frame too long to matter and a report of every task's end:
    its latest end, rounded up to a whole day. TaskJuggler schedules these tasks as soon as
    possible, so the frame does not move them, and a day less does not fit. The same run's
    ends are compared with progtui's forecast of the network as mapped (the check that both
    schedule the same job)."""
    from progtui.analysis import analyze

    first, body = tasks(data, today)
    version = subprocess.run([tj3, "--version"], capture_output=True, text=True).stdout
    key = hashlib.sha256(("\n".join(body) + version).encode()).hexdigest()
    known = json.loads(cache.read_text()) if cache.exists() else {}
    if key in known:
        return Frame(**known[key], cached=True)
    mapped = analyze(as_taskjuggler_sees_it(data), today)
    ours = {r.project.key: mapped.date_of(r.slot.f - 1) for r in mapped.projects if r.slot}
    days = (max(ours.values()) - first).days * 4 + 400  # generous; doubled if short
    tjp = work / "find-frame.tjp"
    while True:
        write_tjp(data, today, tjp, days, report=True)
        proc = subprocess.run([tj3, "--silent", tjp.name], cwd=work, capture_output=True, text=True)
        if proc.returncode == 0:
            break
        if "did not fit" not in proc.stdout + proc.stderr:
            raise SystemExit(f"tj3 failed: {(proc.stdout + proc.stderr)[-500:]!r}")
        days *= 2
    ends = {}
    for line in (work / f"{REPORT}.csv").read_text().splitlines()[1:]:
        task, end = (x.strip('"') for x in line.split(";"))
        ends[task] = datetime.strptime(end, "%Y-%m-%d-%H:%M")
    last = max(ends.values()) - datetime.combine(first, datetime.min.time())
    found = {
        "days": math.ceil(last / timedelta(days=1)),
        "same": sum(ends[k].date() == v for k, v in ours.items()),
        "of": len(ours),
    }
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({**known, key: found}, indent=1) + "\n")
    return Frame(**found)
