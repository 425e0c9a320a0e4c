"""Where each project sits in the dependency graph's drawing: generations as columns.

Pure layout (no drawing): a project's column is its topological generation (networkx), its
row its place in that column in rank order. Cancelled projects are left out, as in the
schedule.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from progtui import domain as d


@dataclass(frozen=True, slots=True)
class GraphLayout:
    column: dict[str, int]
    row: dict[str, int]
    columns: list[list[str]]  # keys per column, top to bottom
    edges: list[tuple[str, str, d.Dependency]]  # (predecessor, successor, link)


def layered(data: d.ProgramData) -> GraphLayout:
    live = [p for p in data.projects if p.status != "cancelled"]
    keys = {p.key for p in live}
    graph = nx.DiGraph()
    graph.add_nodes_from(p.key for p in live)
    edges = [(dep.project, p.key, dep) for p in live for dep in p.depends_on
             if dep.project in keys]
    graph.add_edges_from((a, b) for a, b, _ in edges)
    rank = {p.key: p.rank for p in live}
    columns = [sorted(gen, key=rank.__getitem__) for gen in nx.topological_generations(graph)]
    column = {k: c for c, gen in enumerate(columns) for k in gen}
    row = {k: r for gen in columns for r, k in enumerate(gen)}
    return GraphLayout(column, row, columns, edges)
