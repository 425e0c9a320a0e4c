"""The README's daily commands work when pasted into a shell, in order, from a fresh checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_readme_starts_with_the_two_setup_commands() -> None:
    text = (ROOT / "README.md").read_text()
    first_block = re.search(r"```sh\n(.*?)```", text, re.DOTALL).group(1)  # type: ignore[union-attr]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == [
        "make demo",
        "make test",
    ]


def test_daily_commands_work_when_pasted(tmp_path: Path, db_url: str) -> None:
    """As written (a scratch SQLite file), and with PROGTUI_DB pointing at PostgreSQL."""
    text = (ROOT / "README.md").read_text()
    block = text.split("## Daily commands", 1)[1]
    commands = re.search(r"```sh\n(.*?)```", block, re.DOTALL).group(1)  # type: ignore[union-attr]
    assert "progtui import" in commands
    on_sqlite = "://" not in db_url
    if not on_sqlite:
        scratch = "export PROGTUI_DB=$PWD/scratch.db\n"
        assert scratch in commands
        commands = commands.replace(scratch, f"export PROGTUI_DB='{db_url}'\n")
    shutil.copytree(ROOT / "sample_data", tmp_path / "sample_data")
    venv_bin = Path(sys.executable).parent
    (tmp_path / ".venv").symlink_to(venv_bin.parent)
    script = "set -e\n" + commands
    proc = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{venv_bin}:{os.environ['PATH']}"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == ""
    assert "replaced GLX (15 projects)" in proc.stdout
    assert "FR-MKT: rank 6 -> 1" in proc.stdout
    assert (tmp_path / "big.yaml").exists()
    assert (tmp_path / "scratch.db").exists() == on_sqlite
