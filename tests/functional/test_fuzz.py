"""bench/fuzz.py for one minute on the YAML, MS Project XML and CSV readers: no crash, no hang,
every refusal located on one line, every accepted MSPDI file imported and exported, every
accepted set of CSV tables written and read back the same (`make bench` runs it for ten
minutes)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FUZZ = Path(__file__).parents[2] / "bench" / "fuzz.py"


def test_a_minute_of_mutated_yaml_mspdi_and_csv_files_neither_crashes_nor_hangs(
    tmp_path: Path,
) -> None:
    out = tmp_path / "failures"
    run = subprocess.run(
        [sys.executable, str(FUZZ), "--minutes", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    print(run.stdout)  # the counts, with -s
    saved = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert run.returncode == 0 and saved == [], (saved, run.stderr[-3000:])
    for fmt in ("yaml", "mspdi", "csv"):
        assert f"fuzzed the {fmt} reader" in run.stdout
        assert f"{fmt} reader for 1.0 min: 0 inputs" not in run.stdout
