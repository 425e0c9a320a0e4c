"""bench/fuzz.py for one minute on the YAML, MS Project XML and CSV readers: no crash, no hang,
every refusal located on one line, every accepted MSPDI file imported and exported, every
accepted set of CSV tables written and read back the same (`make bench` runs it for ten
minutes). The minute runs beside the rest of the suite: conftest starts it as soon as this
test is collected (the suite is single-process, the machine has two cores), and the test
waits for it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

FUZZ = Path(__file__).parents[2] / "bench" / "fuzz.py"


def test_a_minute_of_mutated_yaml_mspdi_and_csv_files_neither_crashes_nor_hangs(
    tmp_path: Path,
) -> None:
    from conftest import FUZZING

    out, started = FUZZING.get("out"), FUZZING.get("process")
    if started is None:  # not started by the collection hook (a direct call): run it now
        out = tmp_path / "failures"
        started = start_fuzzer(out)
    try:
        stdout, stderr = started.communicate(timeout=240)
    finally:
        started.kill()
    run = subprocess.CompletedProcess(started.args, started.returncode, stdout, stderr)
    assert out is not None
    print(run.stdout)  # the counts, with -s
    saved = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert run.returncode == 0 and saved == [], (saved, run.stderr[-3000:])
    for fmt in ("yaml", "mspdi", "csv"):
        assert f"fuzzed the {fmt} reader" in run.stdout
        assert f"{fmt} reader for 1.0 min: 0 inputs" not in run.stdout


def start_fuzzer(out: Path) -> subprocess.Popen[str]:
    """bench/fuzz.py for one minute, writing the inputs that failed into *out*; niced, so
    that the tests running beside it on this 2-core machine come first (it fuzzes a minute
    whatever it gets: fewer inputs, never fewer seconds)."""
    return subprocess.Popen(
        [sys.executable, str(FUZZ), "--minutes", "1", "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=lambda: os.nice(10),
    )
