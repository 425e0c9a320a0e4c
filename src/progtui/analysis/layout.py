"""Where each project sits in the dependency graph's drawing: generations as columns.

Pure layout (no drawing): a project's column is its topological generation (networkx), its
row its place in that column in rank order. Cancelled projects are left out, as in the
schedule.
"""

from __future__ import annotations

from dataclasses import dataclass

from progtui import domain as d


@dataclass(frozen=True, slots=True)
class GraphLayout:
    column: dict[str, int]
    row: dict[str, int]
    columns: list[list[str]]  # keys per column, top to bottom
    edges: list[tuple[str, str, d.Dependency]]  # (predecessor, successor, link)
    whole: bool  # every project, or only a neighbourhood of a big program


WHOLE_GRAPH_UP_TO = 400  # projects; beyond, a drawing of everything is unreadable anyway
NEIGHBOURHOOD = 2  # links each way from the selected project, in a big program


def layered(data: d.ProgramData, around: str | None = None) -> GraphLayout:
    """The whole graph, or, in a program of more than WHOLE_GRAPH_UP_TO projects, the
    projects within NEIGHBOURHOOD links of *around* (its predecessors and successors)."""
    live = [p for p in data.projects if p.status != "cancelled"]
    whole = len(live) <= WHOLE_GRAPH_UP_TO
    if not whole:
        live = _neighbourhood(live, around or live[0].key)
    import networkx as nx  # here: the app starts without it, the graph pane is drawn later

    keys = {p.key for p in live}
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(p.key for p in live)
    edges = [(dep.project, p.key, dep) for p in live for dep in p.depends_on if dep.project in keys]
    graph.add_edges_from((a, b) for a, b, _ in edges)
    rank = {p.key: p.rank for p in live}
    columns = [sorted(gen, key=rank.__getitem__) for gen in nx.topological_generations(graph)]
    column = {k: c for c, gen in enumerate(columns) for k in gen}
    row = {k: r for gen in columns for r, k in enumerate(gen)}
    return GraphLayout(column, row, columns, edges, whole)


def _neighbourhood(live: list[d.Project], around: str) -> list[d.Project]:
    preds = {p.key: [x.project for x in p.depends_on] for p in live}
    succs: dict[str, list[str]] = {}
    for key, before in preds.items():
        for b in before:
            succs.setdefault(b, []).append(key)
    keep = {around}
    for links in (preds, succs):
        frontier = {around}
        for _ in range(NEIGHBOURHOOD):
            frontier = {n for k in frontier for n in links.get(k, ()) if n in preds} - keep
            keep |= frontier
    return [p for p in live if p.key in keep]
