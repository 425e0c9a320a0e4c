"""The store: SQLite settings, file safety, concurrency, migrations, constraints."""

from __future__ import annotations

import multiprocessing
import shutil
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError, OperationalError

from conftest import GLOBAL_LAUNCH, RETAIL, load
from progtui import services
from progtui.errors import StoreError, Unavailable
from progtui.store.engine import MIGRATIONS, default_path, open_database, resolve_url


def test_default_database_is_in_the_user_data_folder(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_path() == tmp_path / "data" / "progtui" / "progtui.db"
    assert resolve_url(None) == f"sqlite:///{tmp_path}/data/progtui/progtui.db"
    db = open_database(None)
    db.dispose()
    assert stat.S_IMODE(default_path().stat().st_mode) == 0o600


def test_env_var_and_bare_paths(monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PROGTUI_DB", str(tmp_path / "env.db"))
    assert resolve_url(None) == f"sqlite:///{tmp_path}/env.db"
    assert resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"


def test_new_sqlite_file_is_private(sqlite_path: Path) -> None:
    open_database(str(sqlite_path)).dispose()
    assert stat.S_IMODE(sqlite_path.stat().st_mode) == 0o600


def test_sqlite_connection_settings(sqlite_path: Path) -> None:
    db = open_database(str(sqlite_path))
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    db.dispose()


def test_foreign_keys_cascade_on_sqlite(sqlite_path: Path) -> None:
    db = open_database(str(sqlite_path))
    load(db, GLOBAL_LAUNCH)
    with db.write() as s:
        s.execute(text("DELETE FROM program"))
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM project")).scalar() == 0
        assert s.execute(text("SELECT count(*) FROM allocation")).scalar() == 0
    db.dispose()


def test_database_holds_its_rules(database) -> None:  # type: ignore[no-untyped-def]
    load(database, GLOBAL_LAUNCH)
    for statement in (
        "UPDATE project SET rank = 1 WHERE key = 'EU-SUP'",  # ranks unique
        "UPDATE project SET percent_complete = 120 WHERE key = 'EU-SUP'",
        "UPDATE project SET status = 'finished' WHERE key = 'EU-SUP'",
        "UPDATE risk SET probability = 6 WHERE key = 'R1'",
        "UPDATE allocation SET fte = -1",
        'INSERT INTO project (program_id, key, name, rank, status, start, "end", '
        "percent_complete) SELECT program_id, 'DE-REG', 'dup', 99, 'active', start, \"end\", 0 "
        "FROM project WHERE key = 'EU-SUP'",  # keys unique in program
        "UPDATE allocation SET person_id = 999999",  # foreign keys
    ):
        with pytest.raises(IntegrityError), database.write() as s:
            s.execute(text(statement))


def _increment(path: str, times: int) -> None:
    db = open_database(path)
    for _ in range(times):
        with db.write() as s:  # read-modify-write: safe only because it begins IMMEDIATE
            value = s.execute(text("SELECT budget FROM program")).scalar()
            s.execute(text("UPDATE program SET budget = :b"), {"b": value + 1})
    db.dispose()


def test_concurrent_read_modify_write_loses_nothing(sqlite_path: Path) -> None:
    db = open_database(str(sqlite_path))
    load(db, GLOBAL_LAUNCH)
    with db.write() as s:
        s.execute(text("UPDATE program SET budget = 0"))
    db.dispose()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_increment, args=(str(sqlite_path), 40)) for _ in range(6)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    db = open_database(str(sqlite_path))
    with db.read() as s:
        assert s.execute(text("SELECT budget FROM program")).scalar() == 240
    db.dispose()


def test_schema_matches_the_models(database) -> None:  # type: ignore[no-untyped-def]
    """The migrations build exactly the tables the code declares (no drift)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    with database.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_vocabulary_checks_are_the_migrations_own_text() -> None:
    """tables.py builds its CHECK lists from domain.py's vocabularies (compare_metadata does
    not compare CHECKs): each must read as a migration wrote it, or the two schemas differ."""
    from sqlalchemy import CheckConstraint
    from sqlmodel import SQLModel

    import progtui.store.tables  # noqa: F401  (the tables, on SQLModel.metadata)

    written = "".join(f.read_text() for f in (MIGRATIONS / "versions").glob("0*.py"))
    checks = [
        str(c.sqltext)
        for table in SQLModel.metadata.tables.values()
        for c in table.constraints
        if isinstance(c, CheckConstraint) and " IN (" in str(c.sqltext)
    ]
    assert len(checks) == 5  # project status and RAG, dependency type, risk status, access role
    for sql in checks:
        assert f'"{sql}"' in written, sql


HEAD = max(f.name[:4] for f in (MIGRATIONS / "versions").glob("0*.py"))
LATER = f"{int(HEAD) + 1:04d}"
SECOND_REVISION = '''"""A later revision, for the upgrade test."""
from alembic import op
import sqlalchemy as sa

revision = "LATER"
down_revision = "HEAD"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.add_column(sa.Column("email", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("person") as batch:
        batch.drop_column("email")
'''


def _migrations_with_second_revision(tmp_path: Path) -> Path:
    copy = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / f"{LATER}_email.py").write_text(
        SECOND_REVISION.replace("LATER", LATER).replace("HEAD", HEAD)
    )
    return copy


def test_older_database_is_upgraded_on_open(db_url: str, tmp_path: Path) -> None:
    old = open_database(db_url)  # made by the initial revision
    load(old, GLOBAL_LAUNCH)
    old.dispose()
    newer = open_database(db_url, migrations=_migrations_with_second_revision(tmp_path))
    with newer.read() as s:
        assert s.execute(text("SELECT version_num FROM alembic_version")).scalar() == LATER
        assert s.execute(text("SELECT count(*) FROM person WHERE email IS NULL")).scalar() == 10
        assert s.execute(text("SELECT count(*) FROM project")).scalar() == 15  # data kept
    newer.dispose()


def test_newer_database_is_refused(db_url: str, tmp_path: Path) -> None:
    newer = open_database(db_url, migrations=_migrations_with_second_revision(tmp_path))
    newer.dispose()
    with pytest.raises(
        StoreError,
        match=rf"has schema {LATER}, newer than this progtui \(which "
        rf"knows up to {HEAD}\): upgrade progtui to open it",
    ):
        open_database(db_url)


def test_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("shopping list\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="file is not a database"):
        open_database(str(path))
    assert path.read_bytes() == before


def test_sqlite_database_of_another_application(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE customers (id INTEGER)")
    with pytest.raises(StoreError, match="is not a progtui database"):
        open_database(str(path))


def test_database_in_a_read_only_folder(read_only_folder: Path) -> None:
    with pytest.raises(StoreError) as exc:
        open_database(str(read_only_folder / "x.db"))
    assert str(exc.value) == f"cannot create database {read_only_folder}/x.db: Permission denied"
    assert not (read_only_folder / "x.db").exists()


def test_ui_gets_plain_data_not_live_rows(database) -> None:  # type: ignore[no-untyped-def]
    load(database, GLOBAL_LAUNCH)
    with database.read() as s:
        data = services.export_program(s, program="GLX")
    database.dispose()  # the session and engine are gone; the snapshot still reads fine
    assert data.projects[0].name == "Germany regulatory approval"
    assert data.projects[0].milestones[0].name == "Dossier submitted"


@contextmanager
def downgraded(db, revision: str) -> Iterator[Connection]:  # type: ignore[no-untyped-def]
    """A connection in a transaction, the schema taken down to *revision* (as a database of
    an older progtui). SQLite's foreign keys are off meanwhile, as progtui.store.engine has
    them for migrations: the batch copies of a table would otherwise cascade deletes."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.downgrade(config, revision)
                yield conn
        finally:
            if sqlite:
                conn.connection.driver_connection.execute("PRAGMA foreign_keys=ON")


def test_a_database_of_the_first_revision_gets_the_on_hold_memory(db_url: str) -> None:
    """0002 adds held_status and fills it for projects already on hold."""
    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH)
    with downgraded(db, "0001") as conn:
        assert "held_status" not in {
            c["name"] for c in __import__("sqlalchemy").inspect(conn).get_columns("project")
        }
    db.dispose()
    again = open_database(db_url)
    with again.read() as s:
        assert (
            s.execute(text("SELECT held_status FROM project WHERE key = 'IT-PKG'")).scalar()
            == "active"
        )  # on hold after it started
        assert (
            s.execute(text("SELECT count(*) FROM project WHERE held_status IS NOT NULL")).scalar()
            == 1
        )
    again.dispose()


def test_the_head_revision_progtui_checks_quickly_is_the_newest_migration() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from progtui.store.engine import HEAD

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_a_database_before_0009_keeps_its_access_lists(db_url: str) -> None:
    """0009 adds program.access_listed (an empty list is owner-only) and sets it for every
    program whose list has rows; the others stay open."""
    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH, RETAIL)
    with downgraded(db, "0008") as conn:
        conn.execute(
            text(
                "INSERT INTO program_access (program_id, account, role) "
                "SELECT id, 'ann', 'editor' FROM program WHERE key = 'GLX'"
            )
        )
    db.dispose()
    again = open_database(db_url)
    with again.read() as s:
        listed = s.execute(text("SELECT key, access_listed FROM program ORDER BY key")).all()
        assert [(k, bool(v)) for k, v in listed] == [("GLX", True), ("RTX", False)]
        assert (
            s.execute(text("SELECT count(*) FROM project")).scalar() == 25
        )  # data kept (15 + 10 projects)
    again.dispose()


MONEY = """\
program: {key: M, name: Money, budget: 9999999999999.99}
people:
  - {key: p, name: P, cost_rate: 812.13}
projects:
  - key: A
    name: A
    status: proposed
    priority: 1
    start: 2027-01-04
    end: 2027-01-08
    budget: 9007199254740.5
    actual_cost: 0.07
"""


def test_money_is_stored_exactly_as_integer_cents(database) -> None:  # type: ignore[no-untyped-def]
    """Budgets and costs were FLOAT columns (9007199254740993 came back ...992.0): they are
    integers of cents now, and export writes back what was written."""
    from progtui.interchange import dump_program, read_program_text

    with database.write() as s:
        services.import_program(s, data=read_program_text("m.yaml", MONEY))
    with database.read() as s:
        stored = [
            s.execute(text("SELECT budget FROM program")).scalar(),
            s.execute(text("SELECT cost_rate FROM person")).scalar(),
            *s.execute(text("SELECT budget, actual_cost FROM project")).one(),
        ]
        exported = dump_program(services.export_program(s, program="M"))
    assert stored == [999999999999999, 81213, 900719925474050, 7]
    assert all(type(v) is int for v in stored)
    assert "  budget: 9999999999999.99\n" in exported
    assert "cost_rate: 812.13}" in exported
    assert "    budget: 9007199254740.5\n    actual_cost: 0.07\n" in exported


def test_a_database_before_0010_gets_its_money_in_cents(db_url: str) -> None:
    """0010 turns the FLOAT money columns into integer cents, keeping every row (on SQLite the
    tables are copied with foreign keys off: dropping a parent table would cascade)."""
    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH, RETAIL)
    with db.read() as s:
        before = services.export_program(s, program="GLX")
    with downgraded(db, "0009") as conn:
        assert conn.execute(text("SELECT budget FROM program WHERE key = 'GLX'")).scalar() == (
            2400000
        )
    db.dispose()
    again = open_database(db_url)
    with again.read() as s:
        assert s.execute(text("SELECT budget FROM program WHERE key = 'GLX'")).scalar() == (
            240000000
        )
        assert s.execute(text("SELECT count(*) FROM project")).scalar() == 25
        assert s.execute(text("SELECT count(*) FROM allocation")).scalar() > 0
        assert services.export_program(s, program="GLX") == before
    again.dispose()


def test_a_database_before_0012_gets_projects_without_a_reported_finish(db_url: str) -> None:
    """0012 adds project.reported_end (the finish a synced plan reports), empty for every
    project already there, every row kept; the column is then read and written."""
    from sqlalchemy import inspect

    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH, RETAIL)
    with db.read() as s:
        before = services.export_program(s, program="GLX")
    with downgraded(db, "0011") as conn:
        assert "reported_end" not in {c["name"] for c in inspect(conn).get_columns("project")}
    db.dispose()
    again = open_database(db_url)
    with again.write() as s:
        empty = text("SELECT count(*) FROM project WHERE reported_end IS NULL")
        assert s.execute(empty).scalar() == 25
        assert services.export_program(s, program="GLX") == before
        s.execute(text("UPDATE project SET reported_end = '2027-05-14' WHERE key = 'DE-REG'"))
    with again.read() as s:
        after = services.export_program(s, program="GLX")
    assert [p.reported_end for p in after.projects if p.key == "DE-REG"] == [date(2027, 5, 14)]
    again.dispose()


def test_a_lock_held_too_long_is_unavailable_and_a_missing_table_stays_a_bug(
    tmp_path: Path,
) -> None:
    """Unavailable (the app waits and retries) only for what the database cannot do just
    now; SQLite's other OperationalErrors are bugs, to end in the crash line."""
    path = tmp_path / "lock.db"
    db = open_database(str(path), busy_timeout_ms=50)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        locked = r"^the database is locked by another program"
        with pytest.raises(Unavailable, match=locked), db.write() as s:
            s.execute(text("DELETE FROM program"))
    finally:
        holder.rollback()
        holder.close()
    with pytest.raises(OperationalError, match="no such table"), db.read() as s:
        s.execute(text("SELECT * FROM no_such_table"))
    db.dispose()


def test_a_closed_watcher_answers_no_change_and_a_poll_never_overlaps_the_close(
    tmp_path: Path,
) -> None:
    """The app polls its watcher in a worker thread and closes it when its screen goes: a
    connection closed under a running query took the process down (a segfault in sqlite3)."""
    import threading

    db = open_database(str(tmp_path / "w.db"))
    watcher = db.watcher()
    errors: list[BaseException] = []
    started = threading.Event()

    def poll() -> None:
        started.set()
        try:
            for _ in range(20_000):
                watcher.changed()
        except BaseException as exc:  # pragma: no cover - what the test is for
            errors.append(exc)

    thread = threading.Thread(target=poll)
    thread.start()
    started.wait()
    watcher.close()
    thread.join()
    assert errors == []
    assert watcher.changed() is False
    db.dispose()
