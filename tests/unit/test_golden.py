"""The sample programs' `status --format json` at their story date, against reviewed files.

To update after an intended change: run the command below, read the diff, commit.
    progtui --today 2027-03-15 status sample_data/NAME.yaml --format json \\
        > tests/golden/NAME.status.json
"""

from __future__ import annotations

import pytest

from conftest import ROOT, cli


@pytest.mark.parametrize("name", ["global-launch", "retail-transformation"])
def test_status_json_of_the_samples(name: str) -> None:
    r = cli(
        "--today",
        "2027-03-15",
        "status",
        str(ROOT / "sample_data" / f"{name}.yaml"),
        "--format",
        "json",
    )
    assert r.code == 0
    assert r.out == (ROOT / "tests" / "golden" / f"{name}.status.json").read_text()


def test_a_stored_program_gives_the_same_status_as_its_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = str(tmp_path / "g.db")
    assert cli("--db", db, "import", str(ROOT / "sample_data" / "global-launch.yaml")).code == 0
    r = cli("--db", db, "--today", "2027-03-15", "status", "GLX", "--format", "json")
    assert r.out == (ROOT / "tests" / "golden" / "global-launch.status.json").read_text()
