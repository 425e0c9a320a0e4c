"""bench/msp_real.py, the comparison of progtui's forecasts with the dates MS Project wrote
(docs/interchange-mspdi.md, "Checked against files MS Project wrote"), on the hand-made files:
it runs, counts, and names the reason of the one difference it must find."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
DATA = ROOT / "tests" / "data" / "mspdi"


def test_the_comparison_counts_agreements_and_names_the_reason_of_a_difference() -> None:
    files = [DATA / "relaunch.xml", DATA / "finish-at-day-start.xml"]
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "msp_real.py"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    level_one, leaf = run.stdout.split("\nlevel leaf:\n")
    assert "as written: agree: 9\n  as written: compared: 9\n" in level_one
    # Rollout's SF link, lifted to the project, allows a day earlier than MS Project's
    assert "links alone: relaunch.xml level 1 T13 'Rollout'" in level_one
    assert "links alone: differ: lifted links: 1\n" in level_one
    assert "as written: agree: 12\n  as written: compared: 12\n" in leaf
    assert "links alone: agree: 12\n  links alone: compared: 12\n" in leaf
    assert "differ" not in leaf
