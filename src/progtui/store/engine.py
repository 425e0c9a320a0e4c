"""The database: one engine per process, a session per unit of work, migrations on open.

SQLite (the default, a file in the user's data folder) gets foreign keys on, WAL, a busy
timeout and `BEGIN IMMEDIATE` for write transactions, so that a read that decides a write is
never based on data another process changes meanwhile. PostgreSQL takes the same URL option.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError
from sqlmodel import Session

from progtui.errors import StoreError, Unavailable

if TYPE_CHECKING:
    import psycopg

MIGRATIONS = Path(__file__).with_name("migrations")
BUSY_TIMEOUT_MS = 15000
# PostgreSQL over a network that stops answering (a cable pulled, a VPN dropped): the kernel
# gives up on unacknowledged data after this long, and keepalives find a dead idle connection
# (the watcher's LISTEN) within about a minute; the server ends a statement that runs, or a
# transaction left idle, longer than a minute, so a vanished client never holds a lock.
NETWORK_TIMEOUT_MS = 30000
STATEMENT_TIMEOUT_MS = 60000


def pg_connect_args(network_timeout_ms: int = NETWORK_TIMEOUT_MS) -> dict[str, Any]:
    """libpq settings of every PostgreSQL connection progtui opens (docs/store.md)."""
    return {
        "connect_timeout": 10,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
        "tcp_user_timeout": int(network_timeout_ms),
        "options": (
            f"-c statement_timeout={STATEMENT_TIMEOUT_MS} "
            f"-c idle_in_transaction_session_timeout={STATEMENT_TIMEOUT_MS}"
        ),
    }


def default_path() -> Path:
    """progtui.db in the user's data folder (created on first use, not at import)."""
    import platformdirs

    return platformdirs.user_data_path("progtui") / "progtui.db"


def resolve_url(db: str | None) -> str:
    """The --db option, else PROGTUI_DB, else the default file; a bare path means SQLite."""
    db = db or os.environ.get("PROGTUI_DB") or str(default_path())
    if "://" not in db:
        db = "sqlite:///" + str(Path(db).expanduser().absolute())
    return db


def describe(url: str) -> str:
    """The URL as shown to a user: a file path for SQLite, no password otherwise."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return u.render_as_string(hide_password=True)


def _prepare_sqlite_file(path: Path) -> None:
    """Create a missing database file (its folders too) private, or the group's in a shared
    folder (datafiles.modes), or say why not."""
    from progtui.datafiles import create_file

    if path.exists():
        if path.is_dir():
            raise StoreError(f"cannot open database {path}: it is a directory")
        return
    try:
        create_file(path)  # another process may have created it first
    except OSError as exc:
        raise StoreError(f"cannot create database {path}: {exc.strerror or exc}") from None


def _sqlite_setup(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn, record):  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (pysqlite's is too late)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        record.info["journal_mode"] = cur.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn):  # type: ignore[no-untyped-def]
        mode = conn.get_execution_options().get("progtui_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


CHANNEL = "progtui"  # PostgreSQL LISTEN/NOTIFY channel


class Watcher:
    """Says whether the database changed since the last call: a hint to re-query, never the
    change itself. Thread-safe: the app polls it, and its save worker calls it right after
    its own commit (consuming the news of its own change, which it reloads anyway)."""

    def __init__(self) -> None:
        import threading

        self.lock = threading.Lock()
        self.closed = False

    def changed(self) -> bool:
        with self.lock:
            return not self.closed and self._changed()

    def _changed(self) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        """Stop watching: after a poll that is running ends, never while (a connection closed
        under a query in another thread takes the process down with it)."""
        with self.lock:
            self.closed = True
            self._close()

    def _close(self) -> None:
        """Close what the watcher holds (the lock is held)."""


class SqliteWatcher(Watcher):
    """PRAGMA data_version on a connection of its own: it changes when any other connection
    commits (a few microseconds a call)."""

    def __init__(self, path: str) -> None:
        import sqlite3

        super().__init__()
        self.conn = sqlite3.connect(path, check_same_thread=False)
        self.version = self._version()

    def _version(self) -> int:
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def _changed(self) -> bool:
        now = self._version()
        changed, self.version = now != self.version, now
        return changed

    def _close(self) -> None:
        self.conn.close()


class PostgresWatcher(Watcher):
    """LISTEN on a connection of its own. Notifications sent while it was not listening are
    lost, so a lost connection counts as a change (re-query) and is opened again."""

    def __init__(self, url: str, network_timeout_ms: int = NETWORK_TIMEOUT_MS) -> None:
        super().__init__()
        self.conninfo = (
            make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self.connect_args = {**pg_connect_args(network_timeout_ms), "connect_timeout": 5}
        self.conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._listen()

    def _listen(self) -> None:
        import psycopg

        try:
            conn = psycopg.connect(self.conninfo, autocommit=True, **self.connect_args)
            conn.execute(f"LISTEN {CHANNEL}")
            self.conn = conn
        except psycopg.Error:
            self.conn = None

    def _changed(self) -> bool:
        import psycopg

        if self.conn is None or self.conn.closed:
            self._listen()
            return True
        try:
            return any(True for _ in self.conn.notifies(timeout=0))
        except psycopg.Error:
            self.conn = None
            return True

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()


@dataclass
class Database:
    """An open, migrated database."""

    url: str
    engine: Engine
    writer: Engine
    network_timeout_ms: int = NETWORK_TIMEOUT_MS

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def where(self) -> str:
        return describe(self.url)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (a consistent snapshot on both databases).

        Raises Unavailable when the database cannot be reached (see `unavailable`)."""
        with (
            reachable(),
            Session(self.engine, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One all-or-nothing write transaction: committed on success, rolled back on error
        (Unavailable when the database could not be reached or written).

        On PostgreSQL it also notifies the open apps (delivered only if it commits)."""
        with (
            reachable(),
            Session(self.writer, expire_on_commit=False) as session,
            session.begin(),
        ):
            yield session
            if not self.is_sqlite:
                session.execute(text(f"NOTIFY {CHANNEL}"))

    def watcher(self) -> Watcher:
        """Something to ask, a few times a second, whether another connection committed."""
        if self.is_sqlite:
            return SqliteWatcher(make_url(self.url).database or ":memory:")
        return PostgresWatcher(self.url, self.network_timeout_ms)

    @contextmanager
    def dry_run(self) -> Iterator[Session]:
        """A write transaction that is always rolled back: run a change to see its result."""
        with reachable(), Session(self.writer, expire_on_commit=False) as session:
            session.begin()
            try:
                yield session
            finally:
                session.rollback()

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(
    db: str | None = None,
    *,
    migrations: Path = MIGRATIONS,
    create: bool = True,
    busy_timeout_ms: int = BUSY_TIMEOUT_MS,
    network_timeout_ms: int = NETWORK_TIMEOUT_MS,
) -> Database:
    """Open (and create or upgrade) the database at *db*; raise StoreError with one line.

    *busy_timeout_ms*: how long an SQLite write waits for another's lock before it fails.
    *network_timeout_ms*: how long PostgreSQL data may go unacknowledged before the
    connection counts as lost (a network that went silent)."""
    url = resolve_url(db)
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StoreError(f"not a database URL: {url}") from None
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not create and not path.exists():
            raise StoreError(f"no database at {path}")
        _prepare_sqlite_file(path)
    try:
        engine = (
            create_engine(url)
            if is_sqlite
            # pre-ping: a connection the server dropped (a restart) is replaced, not used
            else create_engine(
                url, connect_args=pg_connect_args(network_timeout_ms), pool_pre_ping=True
            )
        )
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise StoreError(f"cannot use database {describe(url)}: {exc}") from None
    if is_sqlite:
        _sqlite_setup(engine, busy_timeout_ms)
    database = Database(
        url, engine, engine.execution_options(progtui_begin="IMMEDIATE"), network_timeout_ms
    )
    try:
        migrate(database, migrations)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StoreError(f"cannot open database {database.where}: {explain(exc)}") from None
    return database


def explain(exc: BaseException) -> str:
    """One line from a driver error (no SQL, no traceback)."""
    orig = getattr(exc, "orig", None) or exc
    line = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    if "readonly" in line or "read-only" in line:
        return "the database is read-only (" + line + ")"
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in SQLITE_WHY:
        return f"{SQLITE_WHY[code & 0xFF]} ({line})"
    return line


# SQLite's primary result codes of a database that cannot be written just now, and what they
# mean to a user; every other OperationalError of SQLite ("no such table") is a bug.
SQLITE_WHY = {
    5: "the database is locked by another program",  # SQLITE_BUSY, beyond the busy timeout
    6: "the database is locked by another program",  # SQLITE_LOCKED
    8: "the database is read-only",  # SQLITE_READONLY
    10: "the disk cannot be read or written",  # SQLITE_IOERR
    13: "the disk is full",  # SQLITE_FULL
    14: "the database file cannot be opened",  # SQLITE_CANTOPEN
}


def unavailable(exc: BaseException) -> bool:
    """Whether a driver error says the database is out of reach or cannot be written just
    now, rather than that the program is wrong: on PostgreSQL a lost or refused connection
    and the server's operational errors (shutdown, disk full, a deadlock), on SQLite a lock
    held too long, a full or failing disk, a read-only file."""
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if not isinstance(exc, OperationalError):
        return False
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code is None or code & 0xFF in SQLITE_WHY


@contextmanager
def reachable() -> Iterator[None]:
    """Turn a driver error saying the database is out of reach into Unavailable, one line."""
    try:
        yield
    except DBAPIError as exc:
        if not unavailable(exc):
            raise
        raise Unavailable(explain(exc)) from exc


HEAD = "0012"  # the newest revision in migrations/versions (a test checks they agree)


def _revision(database: Database) -> str | None:
    """The schema revision stored in the database, or None (no table yet, or unreadable)."""
    try:
        with database.engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError:
        return None


def migrate(database: Database, migrations: Path = MIGRATIONS) -> None:
    """Bring the schema to the newest revision; refuse a database newer than this program."""
    if migrations == MIGRATIONS and _revision(database) == HEAD:
        return  # the common case, without importing Alembic (a tenth of a second)
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations))
    script = ScriptDirectory.from_config(config)
    head = script.get_current_head()

    with database.engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    with database.writer.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # outside any transaction, where SQLite lets this change (see _migrate)
            _foreign_keys(conn, on=False)
        try:
            with conn.begin():  # BEGIN IMMEDIATE: one process migrates at a time
                _migrate(database, conn, config, script, head)
        finally:
            if sqlite:
                _foreign_keys(conn, on=True)


def _foreign_keys(conn: Connection, *, on: bool) -> None:
    driver = conn.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")


def _migrate(database: Database, conn: Connection, config: Any, script: Any, head: Any) -> None:
    """Upgrade in the caller's write transaction.

    On SQLite, foreign keys are off meanwhile: batch migrations copy a table and drop the old
    one, and dropping a program table with them on deletes every row that refers to it. What
    the copies did to the references is checked before the transaction commits."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7201)"))
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.util.exc import CommandError

    current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return
    if current is None:
        tables = set(inspect(conn).get_table_names()) - {"alembic_version"}
        if tables:
            raise StoreError(
                f"{database.where} is not a progtui database "
                f"(it has other tables: {', '.join(sorted(tables)[:3])})"
            )
    else:
        try:
            script.get_revision(current)
        except CommandError:
            raise StoreError(
                f"database {database.where} has schema {current}, newer than this progtui "
                f"(which knows up to {head}): upgrade progtui to open it"
            ) from None
    config.attributes["connection"] = conn
    command.upgrade(config, "head")
    if conn.dialect.name == "sqlite" and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
        raise StoreError(f"cannot upgrade {database.where}: it would break references")
