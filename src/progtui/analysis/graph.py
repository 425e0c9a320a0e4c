"""The project dependency graph (networkx), and the cycles that make a plan impossible."""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx


def dependency_graph(
    edges: Iterable[tuple[str, str]], nodes: Iterable[str] = ()
) -> nx.DiGraph[str]:
    """A directed graph predecessor -> successor."""
    graph: nx.DiGraph[str] = nx.DiGraph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


def cycles(graph: nx.DiGraph[str]) -> list[list[str]]:
    """One cycle per strongly connected knot, as [a, b, ..., a] in dependency order."""
    out: list[list[str]] = []
    for component in nx.strongly_connected_components(graph):
        if len(component) == 1:
            (node,) = component
            if graph.has_edge(node, node):
                out.append([node, node])
            continue
        first = min(component)
        edges = nx.find_cycle(graph.subgraph(component), source=first)
        out.append([edges[0][0], *(v for _, v in edges)])
    return sorted(out)
