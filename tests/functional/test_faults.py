"""Faults: a process killed (SIGKILL) in the middle of an import or of rank moves, and a
database file this account may only read. 3 kills a test in `make test`, 8 in `make soak`."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from conftest import GLOBAL_LAUNCH, cli, load, replayed
from progtui import services, store
from progtui.interchange import read_program
from progtui.interchange.yaml.writer import dump_program
from progtui.store import PRJ, P
from progtui.store.engine import open_database

KILLS = [pytest.param(3, id="3-kills"), pytest.param(8, id="8-kills", marks=pytest.mark.soak)]


def killed_at_random(args: list[str], low: float, high: float, rnd: random.Random) -> bool:
    """Run progtui ARGS and SIGKILL it after a random time; True if it was still running."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "progtui", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(rnd.uniform(low, high))
    alive = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return alive


def glx(db) -> str:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return dump_program(services.export_program(s, program="GLX"))


@pytest.mark.parametrize("kills", KILLS)
def test_an_import_killed_anywhere_leaves_all_or_nothing(
    db_url: str, tmp_path: Path, kills: int
) -> None:
    big = tmp_path / "big.yaml"
    assert cli("sample", "--projects", "3000", "--seed", "3", "-o", str(big)).code == 0
    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH)
    before = glx(db)
    start = time.perf_counter()
    assert cli("--db", db_url, "import", str(big)).code == 0
    took = time.perf_counter() - start
    key = read_program(big).program.key
    rnd = random.Random(11)
    interrupted = 0
    for _ in range(kills):
        with db.write() as s:  # start each round without the big program
            pid = s.execute(select(P.c.id).where(P.c.key == key)).scalar()
            if pid is not None:
                store.delete_program(s, pid)
        # the process's own start-up (about 0.3 s) plus the import itself
        interrupted += killed_at_random(["--db", db_url, "import", str(big)], 0.3, 0.3 + took, rnd)
        again = open_database(db_url)  # as the next user would: recovers the journal
        with again.read() as s:
            pid = s.execute(select(P.c.id).where(P.c.key == key)).scalar()
            n = (
                0
                if pid is None
                else s.execute(select(func.count()).where(PRJ.c.program_id == pid)).scalar_one()
            )
        assert n in (0, 3000), f"a killed import left {n} of 3000 projects"
        assert glx(again) == before
        again.dispose()
    assert interrupted >= kills // 2  # most kills did land in the middle
    db.dispose()


@pytest.mark.parametrize("kills", KILLS)
def test_rank_moves_killed_anywhere_keep_ranks_whole(
    db_url: str, tmp_path: Path, kills: int
) -> None:
    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH)
    with db.read() as s:
        mark = services.changes(s, program="GLX")[-1].id
    script = tmp_path / "mover.py"
    script.write_text(
        "import random, sys\n"
        "from progtui import services\n"
        "from progtui.store.engine import open_database\n"
        "db = open_database(sys.argv[1])\n"
        "keys = ['DE-REG', 'ES-TV', 'FR-PKG', 'IT-REG', 'CX-TRN']\n"
        "rnd = random.Random(int(sys.argv[2]))\n"
        "while True:\n"
        "    with db.write() as s:\n"
        "        services.move(s, program='GLX', project=rnd.choice(keys),\n"
        "                      rank=rnd.randint(1, 15))\n"
    )
    rnd = random.Random(5)
    for i in range(kills):
        proc = subprocess.Popen([sys.executable, str(script), db_url, str(i)])
        time.sleep(rnd.uniform(0.8, 1.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with db.read() as s:
        final = services.export_program(s, program="GLX")
        log = services.changes(s, program="GLX", after=mark)
    assert sorted(p.rank for p in final.projects) == list(range(1, 16))
    assert len(log) > kills  # moves did happen between the kills
    # every move that committed is in the log, and nothing else happened: replaying the log
    # on the file gives the order on disk
    again = replayed(tmp_path, GLOBAL_LAUNCH.read_text(), log)
    assert [p.key for p in again.projects] == [p.key for p in final.projects]
    db.dispose()


def test_a_database_file_this_account_may_only_read(tmp_path: Path) -> None:
    """As root, file modes do not apply: the command then runs as nobody (setpriv)."""
    folder = Path("/tmp") / f"progtui-ro-{os.getpid()}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o755)
    try:
        path = folder / "ro.db"
        db = open_database(str(path))
        load(db, GLOBAL_LAUNCH)
        db.dispose()
        path.chmod(0o444)
        folder.chmod(0o555)
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        prefix: list[str] = []
        if os.geteuid() == 0:
            if not shutil.which("setpriv"):
                pytest.fail("running as root needs setpriv (util-linux) for this test")
            prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        run = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-m",
                "progtui",
                "--db",
                str(path),
                "move",
                "GLX",
                "FR-PKG",
                "1",
            ],
            capture_output=True,
            text=True,
            cwd="/tmp",
            timeout=60,
        )
        assert run.returncode == 1
        assert run.stderr == (
            f"progtui: cannot open database {path}: the database is "
            "read-only (attempt to write a readonly database)\n"
        )
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
        assert sorted(p.name for p in folder.iterdir()) == ["ro.db"]
    finally:
        folder.chmod(0o755)
        shutil.rmtree(folder, ignore_errors=True)


SILENT_NETWORK_CLIENT = """
import sys, time
from progtui import store
from progtui.errors import Unavailable
from progtui.store.engine import open_database

database = open_database(sys.argv[1], network_timeout_ms=2000)
with database.read() as session:
    store.list_programs(session)
print("ready", flush=True)
sys.stdin.readline()
began = time.monotonic()
try:
    with database.read() as session:
        store.list_programs(session)
    print("answered")
except Unavailable as exc:
    print(f"unavailable after {time.monotonic() - began:.1f} s: {exc}")
"""


def test_a_postgresql_network_that_goes_silent_is_unreachable_in_one_line(
    tmp_path: Path,
) -> None:
    """A network that stops answering (no reset, no refusal: packets just vanish) ends a
    query within the network timeout as Unavailable, instead of hanging for the kernel's
    15 minutes of retransmissions. The server and the client share a network namespace of
    the test's own, whose loopback is taken down between two reads."""
    from conftest import pg_server

    if os.getuid() != 0:
        pytest.fail("this test needs root, for a network namespace (ip netns)", pytrace=False)
    netns = f"progtui-silent-{os.getpid()}"
    subprocess.run(["ip", "netns", "add", netns], check=True)
    try:
        subprocess.run(["ip", "netns", "exec", netns, "ip", "link", "set", "lo", "up"], check=True)
        with pg_server(max_connections=10, netns=netns) as cluster:
            url = cluster.new_database()
            tcp = url.split("?")[0].replace("@/", f"@127.0.0.1:{cluster.port}/")
            client = subprocess.Popen(
                ["ip", "netns", "exec", netns, sys.executable, "-c", SILENT_NETWORK_CLIENT, tcp],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            assert client.stdout is not None and client.stdin is not None
            assert client.stdout.readline().strip() == "ready", client.stderr.read()
            down = ["ip", "netns", "exec", netns, "ip", "link", "set", "lo", "down"]
            subprocess.run(down, check=True)
            try:
                out, err = client.communicate("go\n", timeout=60)
            finally:
                client.kill()
                subprocess.run([*down[:-1], "up"], check=True)
    finally:
        subprocess.run(["ip", "netns", "del", netns], check=False)
    assert client.returncode == 0, err
    assert "Traceback" not in err
    said = out.strip()
    assert said.startswith("unavailable after "), said
    assert len(said.splitlines()) == 1
    assert float(said.split()[2]) < 20, said


def test_a_postgresql_session_never_holds_a_lock_for_a_vanished_client(
    pg_cluster: object,
) -> None:
    """The server ends a statement that runs, or a transaction left idle, longer than a
    minute: a client that vanished mid-transaction (its network gone) frees its locks."""
    from sqlalchemy import text

    database = open_database(pg_cluster.new_database())  # type: ignore[attr-defined]
    with database.read() as session:
        shown = {
            name: session.execute(text(f"SHOW {name}")).scalar_one()
            for name in ("statement_timeout", "idle_in_transaction_session_timeout")
        }
    assert shown == {"statement_timeout": "1min", "idle_in_transaction_session_timeout": "1min"}
