"""Write a program's dependency network as a TaskJuggler project (for the peer benchmark).

The same tasks and the same edges; where TaskJuggler has no equivalent the link is the
nearest it has: FS and SS map to `depends` (on the end or `onstart`), FF becomes FS and SF
becomes SS on the same pair, and negative lags become 0 (TaskJuggler gaps cannot be negative).
Durations are working days (`length`), holidays are TaskJuggler leaves.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

from progtui import domain as d
from progtui.analysis.calendar import Calendar


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


def write_tjp(data: d.ProgramData, path: Path) -> int:
    """Write the .tjp file; return the number of tasks."""
    from progtui.analysis import analyze

    cal = Calendar(data.program.holidays)
    live = [p for p in data.projects if p.status != "cancelled"]
    keys = {p.key for p in live}
    first = min(p.start for p in live)
    # TaskJuggler refuses tasks that end after the project: give it the latest finish of the
    # network it gets (scheduled by progtui from the first day) and a margin.
    mapped = analyze(as_taskjuggler_sees_it(data), first)
    last = max(r.slot.f for r in mapped.projects if r.slot)
    # TaskJuggler plans these links later than progtui does; its run time hardly depends on
    # the frame, so be generous.
    span = (cal.date_of(last - 1) - first).days * 4 + 400
    out = [
        f'project gen "{data.program.key}" {first.isoformat()} +{span}d {{',
        '  timezone "UTC"',
        "  timingresolution 60min",
        "}",
    ]
    for h in data.program.holidays:
        out.append(f'leaves holiday "holiday" {h.isoformat()}')
    for p in live:
        length = max(cal.working_days(p.start, p.end), 1)
        deps = [dep for dep in p.depends_on if dep.project in keys]
        out.append(f'task {p.key} "{p.key}" {{')
        if deps:
            links = []
            for dep in deps:
                opts = []
                if dep.type in ("SS", "SF"):
                    opts.append("onstart")
                if dep.lag > 0:
                    opts.append(f"gaplength {dep.lag}d")
                links.append(dep.project + (f" {{ {' '.join(opts)} }}" if opts else ""))
            out.append("  depends " + ", ".join(links))
        start = (
            p.start if p.start.weekday() < 5 else p.start + timedelta(days=7 - p.start.weekday())
        )
        out.append(f"  start {start.isoformat()}" if not deps else "")
        out.append(f"  length {length}d")
        out.append("}")
    path.write_text("\n".join(line for line in out if line) + "\n")
    return len(live)
