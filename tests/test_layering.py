"""Domain code never imports Textual (the import-linter contract in pyproject says so too)."""

from __future__ import annotations

import subprocess
import sys

DOMAIN = ["progtui.domain", "progtui.text", "progtui.models", "progtui.db", "progtui.store",
          "progtui.interchange", "progtui.services", "progtui.analysis.calendar",
          "progtui.analysis.graph", "progtui.sample", "progtui.cli"]


def test_domain_modules_load_without_textual() -> None:
    code = ("import sys\n" + "".join(f"import {m}\n" for m in DOMAIN) +
            "print([m for m in sys.modules if m == 'textual' or m.startswith('textual.')])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
