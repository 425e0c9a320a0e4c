"""The dependency graph as lanes, in the style of `git log --graph`: one project a row, in
topological order, and one vertical lane per link, from its predecessor's row down to its
successor's row.

Pure layout (no drawing: reports/graph.py draws it). Every link keeps a lane of its own over
its whole length, so following a lane from where it leaves a row always leads to the one row
it ends on; a lane is used again only by a link that starts below the row where the previous
one ended. Cancelled projects keep their row and their links (the schedule leaves them out,
the drawing marks them). Linear in projects and links: 10,000 projects lay out in a fraction
of a second, and a row is drawn from this without looking at the others.

Other programs' projects linked to this one's have rows too, keyed `PROGRAM/PROJECT`
(`another program` for those of programs the viewer may not read): a predecessor right above
the first of its successors here, a successor right below the last of its predecessors.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from dataclasses import dataclass, field

from progtui import domain as d

ANOTHER = "another program"  # the row of the projects of programs the viewer may not read


@dataclass(frozen=True, slots=True)
class External:
    """A row for another program's project: a predecessor (*before*) of this program's
    projects, or a successor; *program* and *project* None for one the viewer may not read."""

    program: str | None
    project: str | None
    before: bool


def external_key(program: str | None, project: str | None) -> str:
    """The row key of another program's project: `RTX/PAY-UPG` (a project key has no `/`)."""
    return ANOTHER if program is None or project is None else f"{program}/{project}"


def predecessor_key(dep: d.Dependency) -> str:
    """The row key of a link's predecessor."""
    return dep.project if dep.program is None else external_key(dep.program, dep.project)


@dataclass(frozen=True, slots=True)
class Link:
    """One dependency: *pred*'s row *source* to *succ*'s row *target* in lane *lane*; a link
    that would run upwards (only in a plan with a cycle) has lane -1 and is not drawn."""

    pred: str
    succ: str
    source: int
    target: int
    lane: int
    dep: d.Dependency


@dataclass(frozen=True, slots=True)
class Lanes:
    keys: tuple[str, ...]  # the projects, top to bottom
    row: dict[str, int]
    links: tuple[Link, ...]
    width: int  # number of lanes
    incoming: tuple[tuple[int, ...], ...]  # per row: indexes into links ending there, by lane
    outgoing: tuple[tuple[int, ...], ...]  # per row: indexes into links leaving it, by lane
    # per lane: the links in it, top to bottom, and the rows they leave from (for bisect)
    by_lane: tuple[tuple[int, ...], ...]
    lane_sources: tuple[tuple[int, ...], ...]
    # the rows of other programs' projects, by row key (the others are this program's)
    external: dict[str, External] = field(default_factory=dict)

    def passing(self, row: int, lanes: range | None = None) -> list[tuple[int, int]]:
        """(lane, link) of every lane in use on *row* (of those in *lanes*): a link leaving
        it, ending on it or passing it."""
        out: list[tuple[int, int]] = []
        for lane in lanes if lanes is not None else range(self.width):
            if lane >= self.width:
                break
            sources = self.lane_sources[lane]
            i = bisect_right(sources, row) - 1
            if i >= 0:
                link = self.by_lane[lane][i]
                if self.links[link].target >= row:
                    out.append((lane, link))
        return out

    def neighbours(self, key: str) -> tuple[list[int], list[int]]:
        """The links into and out of *key*'s project (indexes into links)."""
        r = self.row[key]
        return list(self.incoming[r]), list(self.outgoing[r])


def order(data: d.ProgramData) -> list[str]:
    """The projects in dependency order: in rank order, each right after those of its
    predecessors (and theirs, depth first, the higher-ranked first) not placed yet, so that
    a project's predecessors sit just above it (other programs' right above, by key). In a
    cycle (which a checked plan has not) the predecessor met second is taken as placed.
    Other programs' successors come right below the last of their predecessors here."""
    projects = sorted(data.projects, key=lambda p: p.rank)
    rank = {p.key: i for i, p in enumerate(projects)}
    preds: dict[str, list[str]] = {
        p.key: [  # this program's by rank, then other programs' by key (right above it)
            *sorted(
                {x.project for x in p.depends_on if x.program is None and x.project in rank},
                key=rank.__getitem__,
            ),
            *sorted({external_key(x.program, x.project) for x in p.depends_on if x.program}),
        ]
        for p in projects
    }
    for p in projects:
        for k in preds[p.key]:
            preds.setdefault(k, [])
    placed: set[str] = set()
    out: list[str] = []
    for p in projects:
        if p.key in placed:
            continue
        on_path = {p.key}
        stack = [(p.key, iter(preds[p.key]))]
        while stack:
            key, waiting = stack[-1]
            nxt = next((k for k in waiting if k not in placed and k not in on_path), None)
            if nxt is None:
                stack.pop()
                on_path.discard(key)
                placed.add(key)
                out.append(key)
            else:
                on_path.add(nxt)
                stack.append((nxt, iter(preds[nxt])))
    if not data.downstream:
        return out
    # other programs' successors, each right below the last of its predecessors here
    row = {k: i for i, k in enumerate(out)}
    below: dict[int, set[str]] = {}
    last: dict[str, int] = {}
    for x in data.downstream:
        key = external_key(x.program, x.project)
        if x.predecessor in row and key not in row:  # (a predecessor too only in a cycle)
            last[key] = max(last.get(key, -1), row[x.predecessor])
    for key, r in last.items():
        below.setdefault(r, set()).add(key)
    placed_out: list[str] = []
    for r, key in enumerate(out):
        placed_out.append(key)
        placed_out += sorted(below.get(r, ()), key=lambda k: (k == ANOTHER, k))
    return placed_out


FIRST_FIT_UP_TO = 3000  # links; beyond, the quicker colouring (a few more crossings)


def lanes(data: d.ProgramData) -> Lanes:
    """Lay the whole program out: rows in topological order, a lane for every link."""
    keys = order(data)
    row = {k: i for i, k in enumerate(keys)}
    found = [
        (row[pred], row[p.key], pred, p.key, dep)
        for p in data.projects
        for dep in p.depends_on
        if (pred := predecessor_key(dep)) in row and pred != p.key
    ]
    external = {
        external_key(dep.program, dep.project): External(dep.program, dep.project, True)
        for p in data.projects
        for dep in p.depends_on
        if dep.program is not None
    }
    seen: set[tuple[str, str, str, int]] = set()
    for x in data.downstream:
        succ = external_key(x.program, x.project)
        if x.predecessor not in row or (succ, x.predecessor, x.type, x.lag) in seen:
            continue  # the hidden programs' links, once each
        seen.add((succ, x.predecessor, x.type, x.lag))
        external.setdefault(succ, External(x.program, x.project, False))
        dep = d.Dependency(x.predecessor, x.type, x.lag)
        found.append((row[x.predecessor], row[succ], x.predecessor, succ, dep))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    drawn = [f for f in found if f[1] > f[0]]
    lane_of = _first_fit(drawn) if len(drawn) <= FIRST_FIT_UP_TO else _colouring(drawn)
    width = max(lane_of, default=-1) + 1
    links: list[Link] = []
    at = iter(lane_of)
    for source, target, pred, succ, dep in found:
        lane = next(at) if target > source else -1
        links.append(Link(pred, succ, source, target, lane, dep))
    incoming: list[list[int]] = [[] for _ in keys]
    outgoing: list[list[int]] = [[] for _ in keys]
    by_lane: list[list[int]] = [[] for _ in range(width)]
    for i, link in enumerate(links):
        incoming[link.target].append(i)
        outgoing[link.source].append(i)
        if link.lane >= 0:
            by_lane[link.lane].append(i)  # links are in source order already
    for per_row in (incoming, outgoing):
        for items in per_row:
            items.sort(key=lambda i: (links[i].lane, links[i].pred))
    return Lanes(
        keys=tuple(keys),
        row=row,
        links=tuple(links),
        width=width,
        incoming=tuple(tuple(x) for x in incoming),
        outgoing=tuple(tuple(x) for x in outgoing),
        by_lane=tuple(tuple(x) for x in by_lane),
        lane_sources=tuple(tuple(links[i].source for i in lane) for lane in by_lane),
        external=external,
    )


def _first_fit(found: list[tuple[int, int, str, str, d.Dependency]]) -> list[int]:
    """Lanes, the shortest links first, each in the lowest lane free over its whole run (no
    lane ends and starts on the same row): long links end up to the right, where fewer
    rows' lines cross them."""
    starts: list[list[int]] = []  # per lane, the rows its links leave from, sorted
    ends: list[list[int]] = []  # and the rows they end on
    lane_of = [0] * len(found)
    for i in sorted(range(len(found)), key=lambda i: (found[i][1] - found[i][0], found[i][0])):
        source, target = found[i][0], found[i][1]
        lane = 0
        while lane < len(starts):
            j = bisect_right(starts[lane], source)
            if (j == 0 or ends[lane][j - 1] < source) and (
                j == len(starts[lane]) or starts[lane][j] > target
            ):
                break
            lane += 1
        else:
            starts.append([])
            ends.append([])
        j = bisect_right(starts[lane], source)
        starts[lane].insert(j, source)
        ends[lane].insert(j, target)
        lane_of[i] = lane
    return lane_of


def _colouring(found: list[tuple[int, int, str, str, d.Dependency]]) -> list[int]:
    """Lanes by interval colouring, in the order links leave their rows: each takes the
    lowest lane free since a row above its own. As few lanes as can be; linear."""
    free: list[int] = []
    busy: list[tuple[int, int]] = []  # (row it ends on, lane)
    width = 0
    lane_of: list[int] = []
    for source, target, *_ in found:
        while busy and busy[0][0] < source:
            heapq.heappush(free, heapq.heappop(busy)[1])
        if free:
            lane = heapq.heappop(free)
        else:
            lane, width = width, width + 1
        heapq.heappush(busy, (target, lane))
        lane_of.append(lane)
    return lane_of
