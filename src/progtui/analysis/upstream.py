"""Programs that depend on programs (SPEC 6): the forecasts a program's links to other
programs' projects take as bounds, each upstream program scheduled with its own calendar and
its own upstream bounds, in dependency order."""

from __future__ import annotations

from datetime import date

from progtui import domain as d
from progtui.analysis.calendar import Calendar
from progtui.analysis.schedule import Bounds, compute


def upstream_bounds(
    data: d.ProgramData, today: date, extra: dict[str, dict[str, int]] | None = None
) -> Bounds:
    """Forecast first and last day of every project of the programs *data* depends on
    (data.upstream), keyed (program, project). The backward pass of each ignores successors
    in other programs, so a program's float is against its own end. *extra*: by program key,
    projects N working days longer (a what-if in an upstream program)."""
    programs = {u.program.key: u for u in data.upstream}
    dates: dict[str, Bounds] = {}

    def of(key: str, path: tuple[str, ...]) -> Bounds:
        if key not in dates:
            u = programs[key]
            above: Bounds = {}
            for other in sorted(
                {dp.program for p in u.projects for dp in p.depends_on if dp.program}
            ):
                if other in programs and other not in path:  # cycles are refused on import
                    above.update(of(other, (*path, key)))
            cal = Calendar(u.program.holidays)
            slip = extra.get(key) if extra else None
            sched = compute(u, cal, cal.index(today), slip, bounds=above)
            date_of = cal.date_of
            dates[key] = {
                (key, k): (date_of(slot.s), date_of(max(slot.f, slot.s + 1) - 1))
                for k, slot in sched.slots.items()
            }
        return dates[key]

    out: Bounds = {}
    for key in sorted({dp.program for p in data.projects for dp in p.depends_on if dp.program}):
        if key in programs:
            out.update(of(key, (data.program.key,)))
    return out


class BoundsMemo:
    """The last upstream bounds computed, given again for the same upstream snapshots (the
    very objects store.Kept hands back while their programs are unchanged), the same programs
    named, at the same date: a reload after a move in a program with many programs upstream
    then schedules none of them again. It holds the snapshots it was computed for, so their
    identities stay theirs."""

    def __init__(self) -> None:
        self._last: tuple[object, tuple[d.ProgramData, ...], Bounds] | None = None

    def bounds(self, data: d.ProgramData, today: date) -> Bounds:
        named = frozenset(dp.program for p in data.projects for dp in p.depends_on if dp.program)
        key = (tuple(map(id, data.upstream)), named, today)
        last = self._last
        if last is not None and last[0] == key:
            return last[2]
        out = upstream_bounds(data, today)
        self._last = (key, data.upstream, out)
        return out
