"""The layers hold: domain code never imports Textual, and no module imports in a circle."""

from __future__ import annotations

import subprocess
import sys

import grimp
import networkx as nx

BELOW_THE_APP = [
    "progtui.domain",
    "progtui.identity",
    "progtui.text",
    "progtui.store",
    "progtui.interchange",
    "progtui.services",
    "progtui.analysis",
    "progtui.reports",
    "progtui.sample",
    "progtui.cli",
]


def test_modules_below_the_app_load_without_textual() -> None:
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in BELOW_THE_APP)
        + "print([m for m in sys.modules if m == 'textual' or m.startswith('textual.')])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_import_cycles() -> None:
    """Function-level imports count too: a cycle hidden inside a function is still a cycle.
    (A package's __init__ re-exporting its own modules is not a cycle of modules.)"""
    graph = grimp.build_graph("progtui")
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            if not (imported.startswith(module + ".") or module.startswith(imported + ".")):
                edges.add_edge(module, imported)
    cycles = [c for c in nx.simple_cycles(edges, length_bound=6)]
    assert cycles == []
