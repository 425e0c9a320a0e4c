"""The command line as a user meets it: exit codes, one-line errors, nothing half-written."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, RETAIL, cli, cli_process

COMMANDS = [
    "tui",
    "demo",
    "import",
    "export",
    "validate",
    "programs",
    "move",
    "allocate",
    "reallocate",
    "decide",
    "log",
    "sample",
    "status",
    "impact",
    "capacity",
    "set-status",
    "set-percent",
    "set-cost",
    "sync",
    "risk",
]


def dump(path: Path) -> list[str]:
    """Everything in an SQLite database, as SQL text (to compare before and after)."""
    with sqlite3.connect(path) as conn:
        return list(conn.iterdump())


@pytest.fixture
def dbfile(tmp_path: Path) -> Path:
    path = tmp_path / "p.db"
    assert cli("--db", str(path), "import", str(GLOBAL_LAUNCH), str(RETAIL)).code == 0
    return path


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str) -> None:
    r = cli(command, "--help")
    assert r.code == 0
    assert "Example:" in r.out
    examples = r.out.split("Example:")[1].split("Arguments:")[0].split("Options:")[0]
    lines = [line.split() for line in examples.strip().splitlines()]
    assert any(words[0] == "progtui" and command in words for words in lines)


def test_import_then_programs(dbfile: Path) -> None:
    r = cli("--db", str(dbfile), "programs", "--format", "json")
    assert r.code == 0
    assert [(p["key"], p["projects"]) for p in json.loads(r.out)["programs"]] == [
        ("GLX", 15),
        ("RTX", 10),
    ]
    table = cli("--db", str(dbfile), "programs").out.splitlines()
    assert table[1].split() == [
        "GLX",
        "Global",
        "launch",
        "of",
        "the",
        "X",
        "product",
        "line",
        "dana",
        "2026-11-02",
        "2027-09-30",
        "15",
    ]
    assert table[2].split() == [
        "RTX",
        "Retail",
        "transformation",
        "2027",
        "sam",
        "2026-07-01",
        "2027-12-17",
        "10",
    ]


def test_import_reports_what_it_did(tmp_path: Path) -> None:
    r = cli("--db", str(tmp_path / "n.db"), "import", str(GLOBAL_LAUNCH))
    assert (r.code, r.out, r.err) == (0, f"imported GLX (15 projects) into {tmp_path}/n.db\n", "")


def test_import_existing_needs_replace(dbfile: Path) -> None:
    before = dump(dbfile)
    r = cli("--db", str(dbfile), "import", str(GLOBAL_LAUNCH))
    assert (r.code, r.err) == (
        1,
        "progtui: program 'GLX' already exists; use --replace to replace it\n",
    )
    assert dump(dbfile) == before
    assert cli("--db", str(dbfile), "import", "--replace", str(GLOBAL_LAUNCH)).out.startswith(
        "replaced GLX"
    )


def test_import_is_all_or_nothing_across_files(tmp_path: Path, dbfile: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("program: {key: NEW, name: x}\nprojects:\n  - {key: A, name: a}\n")
    good = tmp_path / "good.yaml"
    good.write_text("program: {key: OK, name: fine}\n")
    before = dump(dbfile)
    r = cli("--db", str(dbfile), "import", str(good), str(bad))
    assert r.code == 1
    assert r.err == (
        f"{bad}:3:5: project is missing required field 'end'\n"
        f"{bad}:3:5: project is missing required field 'start'\n"
    )
    assert dump(dbfile) == before


def test_export_to_stdout_and_to_a_file(tmp_path: Path, dbfile: Path) -> None:
    out = cli("--db", str(dbfile), "export", "GLX").out
    assert out.startswith("program:\n  key: GLX\n")
    target = tmp_path / "glx.yaml"
    assert cli("--db", str(dbfile), "export", "GLX", "-o", str(target)).code == 0
    assert target.read_text() == out


def test_validate_lists_problems_of_every_file(tmp_path: Path) -> None:
    bad = tmp_path / "b.yaml"
    bad.write_text("program: {key: A, name: a, budget: -5}\n")
    r = cli("validate", str(GLOBAL_LAUNCH), str(bad), str(tmp_path / "missing.yaml"))
    assert r.code == 1
    assert r.out == f"{GLOBAL_LAUNCH}: ok (GLX, 15 projects)\n"
    assert r.err.splitlines() == [
        f"{bad}:1:36: budget should be greater than or equal to 0, got -5",
        f"{tmp_path}/missing.yaml:1:1: no such file",
    ]


def test_reallocate_moves_a_period_from_today_never_the_past(dbfile: Path) -> None:
    args = ("--db", str(dbfile), "--today", "2027-03-15", "reallocate", "GLX", "alice")
    r = cli(*args, "DE-REG", "FR-REG", "0.2", "--from", "2027-03-01")
    assert (r.code, r.err) == (
        1,
        "progtui: the move would start on 2027-03-01, before today (2027-03-15): the past is "
        "not rewritten\n",
    )
    r = cli(*args, "DE-REG", "FR-REG", "0.2", "--to", "2027-04-30")  # from today
    assert r.out == (
        "moved 0.2 FTE of alice from DE-REG (now 0.4) to FR-REG (now 0.2) "
        "for 2027-03-15..2027-04-30\n"
    )


def test_changes_from_the_command_line(dbfile: Path) -> None:
    db = str(dbfile)
    assert cli("--db", db, "move", "GLX", "ES-TV", "1").out == "ES-TV: rank 15 -> 1\n"
    assert (
        cli(
            "--db",
            db,
            "allocate",
            "GLX",
            "greta",
            "EU-SUP",
            "0.2",
            "--from",
            "2027-04-01",
            "--to",
            "2027-04-30",
        ).out
        == "greta on EU-SUP: 0 -> 0.2 FTE\n"
    )
    r = cli(
        "--db",
        db,
        "--today",
        "2027-03-15",
        "reallocate",
        "GLX",
        "alice",
        "DE-REG",
        "FR-REG",
        "0.25",
    )
    assert r.out == "moved 0.25 FTE of alice from DE-REG (now 0.35) to FR-REG (now 0.45)\n"
    r = cli("--db", db, "reallocate", "GLX", "alice", "DE-REG", "FR-REG", "2")
    assert (r.code, r.err) == (
        1,
        "progtui: alice has only 0.35 FTE on DE-REG (project dates), not 2\n",
    )
    assert cli("--db", db, "decide", "GLX", "Go [bold]now[/]", "--about", "DE-REG").code == 0
    entries = json.loads(cli("--db", db, "log", "GLX", "--format", "json").out)["changes"]
    assert [(e["entity"], e["field"], e["old"], e["new"]) for e in entries[1:]] == [
        ("project:ES-TV", "rank", "15", "1"),
        ("allocation:EU-SUP/greta@2027-04-01..2027-04-30", "fte", "0", "0.2"),
        ("allocation:DE-REG/alice@project dates", "fte", "0.6", "0.35"),
        ("allocation:FR-REG/alice@project dates", "fte", "0.2", "0.45"),
        ("decision", "text", None, "Go [bold]now[/]"),
    ]
    assert "Go [bold]now[/]" in cli("--db", db, "log", "GLX").out  # shown literally


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["move", "GLX", "DE-REG"],
            "progtui: Missing argument 'rank'. (see 'progtui move --help')",
        ),
        (
            ["move", "GLX", "DE-REG", "first"],
            "progtui: Invalid value for 'rank': Input should be a valid integer, unable to parse "
            "string as an integer (see 'progtui move --help')",
        ),
        (
            ["--today", "2027-13-01", "programs"],
            "progtui: Invalid value for --today: expected a date like 2027-03-15, not "
            "'2027-13-01' (see 'progtui --help')",
        ),
        (
            ["frobnicate"],
            "progtui: No such command 'frobnicate'. Did you mean 'reallocate'? "
            "(see 'progtui --help')",
        ),
        (["programs", "--format", "xml"], None),
    ],
)
def test_wrong_usage_exits_2_with_one_line(
    dbfile: Path, args: list[str], message: str | None
) -> None:
    r = cli("--db", str(dbfile), *args)
    assert r.code == 2
    assert len(r.err.splitlines()) == 1
    if message:
        assert r.err.strip() == message


BAD_FILES = {
    "missing": (None, "no such file"),
    "directory": ("DIR", "is a directory, not a YAML file"),
    "binary": (
        b"\x7fELF\x02\x01\x01\x00\x00\x00",
        "binary file (contains NUL bytes), not YAML text",
    ),
    "latin1": (b"program: {key: A, name: caf\xe9}\n", "not UTF-8 text (byte 0xe9)"),
    "empty": (b"", "file is empty"),
    "list": (
        b"- a\n- b\n",
        "expected a mapping with a 'program:' section at the top, found a list",
    ),
}


def _bad_file(tmp_path: Path, kind: str) -> Path:
    content, _ = BAD_FILES[kind]
    path = tmp_path / f"{kind}.yaml"
    if content == "DIR":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    "command", ["import", "validate", "import --replace", "status", "capacity"]
)
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_files_give_one_line_and_change_nothing(
    tmp_path: Path, dbfile: Path, command: str, kind: str
) -> None:
    path = _bad_file(tmp_path, kind)
    before = dump(dbfile)
    r = cli("--db", str(dbfile), *command.split(), str(path))
    assert r.code == 1
    assert r.err.splitlines() == [
        f"{path}:{'1:28' if kind == 'latin1' else '1:1'}: {BAD_FILES[kind][1]}"
    ]
    assert dump(dbfile) == before


@pytest.mark.parametrize("command", ["validate", "import"])
def test_a_device_given_as_a_file_is_refused_in_one_line(dbfile: Path, command: str) -> None:
    before = dump(dbfile)
    r = cli("--db", str(dbfile), command, "/dev/zero")
    assert (r.code, r.err) == (1, "/dev/zero:1:1: is a character device, not a regular file\n")
    assert dump(dbfile) == before


@pytest.mark.parametrize(
    "args",
    [
        ["export", "NOPE"],
        ["move", "NOPE", "A", "1"],
        ["allocate", "NOPE", "dana", "A", "0.5"],
        ["reallocate", "NOPE", "dana", "A", "B", "0.5"],
        ["decide", "NOPE", "text"],
        ["log", "NOPE"],
        ["tui", "NOPE"],
    ],
)
def test_unknown_program_key(dbfile: Path, args: list[str]) -> None:
    before = dump(dbfile)
    r = cli("--db", str(dbfile), *args)
    assert (r.code, r.err) == (1, "progtui: no program 'NOPE' (known: GLX, RTX)\n")
    assert dump(dbfile) == before


@pytest.mark.parametrize(
    "args",
    [
        ["programs"],
        ["import", str(GLOBAL_LAUNCH)],
        ["export", "GLX"],
        ["move", "GLX", "A", "1"],
        ["decide", "GLX", "x"],
        ["log", "GLX"],
    ],
)
def test_database_in_a_read_only_folder(read_only_folder: Path, args: list[str]) -> None:
    where = read_only_folder / "x.db"
    r = cli("--db", str(where), *args)
    assert r.code == 1
    assert r.err in (
        f"progtui: cannot create database {where}: Permission denied\n",
        f"progtui: no database at {where}\n",
    )
    assert not where.exists()


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 50)
    r = cli("--db", str(path), "programs")
    assert (r.code, r.err) == (1, f"progtui: cannot open database {path}: file is not a database\n")
    assert path.read_text() == "not a database\n" * 50


def test_export_into_a_missing_folder(tmp_path: Path, dbfile: Path) -> None:
    r = cli("--db", str(dbfile), "export", "GLX", "-o", str(tmp_path / "no" / "such" / "x.yaml"))
    assert r.code == 1
    assert r.err == f"progtui: cannot write {tmp_path}/no/such/x.yaml: No such file or directory\n"


def test_sample_is_deterministic_and_valid(tmp_path: Path) -> None:
    a, b, c = (tmp_path / n for n in ("a.yaml", "b.yaml", "c.yaml"))
    for path, seed in ((a, "5"), (b, "5"), (c, "6")):
        assert cli("sample", "--projects", "300", "--seed", seed, "-o", str(path)).code == 0
    assert a.read_bytes() == b.read_bytes() != c.read_bytes()
    assert cli("validate", str(a)).out == f"{a}: ok (GEN, 300 projects)\n"


def test_help_does_not_load_the_heavy_modules() -> None:
    """`progtui --help` must answer at once: no database, YAML or Textual import behind it."""
    import subprocess
    import sys

    code = (
        "import sys; from progtui.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'yaml', 'textual', 'alembic', "
        "'networkx', 'pydantic') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_no_traceback_for_an_unexpected_error(monkeypatch, dbfile: Path) -> None:  # type: ignore[no-untyped-def]
    from progtui import services

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(services, "move", boom)
    r = cli("--db", str(dbfile), "move", "GLX", "DE-REG", "2")
    assert (r.code, r.err) == (
        1,
        "progtui: internal error: RuntimeError: disk on fire "
        "(run with PROGTUI_DEBUG=1 for details)\n",
    )


def test_installed_entry_point_runs() -> None:
    r = cli_process("validate", str(GLOBAL_LAUNCH))
    assert (r.code, r.out) == (0, f"{GLOBAL_LAUNCH}: ok (GLX, 15 projects)\n")


def test_status_percent_and_cost_commands(dbfile: Path) -> None:
    db = str(dbfile)
    assert (
        cli("--db", db, "--today", "2027-05-03", "set-status", "GLX", "DE-MKT", "active").out
        == "DE-MKT: approved -> active\n"
    )
    r = cli("--db", db, "set-status", "GLX", "DE-PKG", "active")
    assert (r.code, r.err) == (1, "progtui: DE-PKG is done: a closed project keeps its status\n")
    assert (
        cli("--db", db, "set-percent", "GLX", "FR-PKG", "95").out == "FR-PKG: 85 -> 95 % complete\n"
    )
    assert (
        cli("--db", db, "set-cost", "GLX", "FR-REG", "101500").out
        == "FR-REG: actual cost 95000 -> 101500\n"
    )
    r = cli("--db", db, "set-percent", "GLX", "FR-PKG", "120")
    assert (r.code, r.err) == (
        1,
        "progtui: percent complete must be a number from 0 to 100, not 120\n",
    )


@pytest.mark.postgres
def test_commands_called_in_one_process_leave_no_connection_open(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    """A command closes what it opened when it returns, not only when its process ends: the
    app and the tests run many commands in one process, and a server has a connection limit."""
    import psycopg

    url = pg_cluster.new_database()
    dbname = url.split("@/")[1].split("?")[0]

    def connections() -> int:
        with psycopg.connect(
            host=pg_cluster.host, port=pg_cluster.port, user=pg_cluster.user, dbname="postgres"
        ) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s", (dbname,)
            ).fetchone()
            return int(row[0]) if row else 0

    assert cli("--db", url, "import", str(GLOBAL_LAUNCH)).code == 0
    for _ in range(5):
        assert cli("--db", url, "programs").code == 0
        assert cli("--db", url, "move", "GLX", "FR-MKT", "1").code == 0
        assert cli("--db", url, "nonsense-command").code == 2
    assert connections() == 0


def test_capacity_json_of_an_unbounded_fte_is_refused_never_infinity(tmp_path: Path) -> None:
    """fte: 1.0e+308 was accepted; capacity --format json printed Infinity (not JSON), and
    numpy's overflow warnings reached stderr."""
    path = tmp_path / "big.yaml"
    path.write_text(
        "program: {key: BIG, name: Big, budget: 1.0e+308}\n"
        "people:\n  - {key: p, name: P}\n"
        "projects:\n  - {key: A, name: A, start: 2027-01-04, end: 2027-02-26,\n"
        "     allocations: [{person: p, fte: 1.0e+308}]}\n"
    )
    r = cli("capacity", str(path), "--format", "json")
    assert (r.code, r.out) == (1, "")
    assert r.err.splitlines() == [
        f"{path}:1:40: budget: should be less than 10000000000000 (10^13), got 1e+308",
        f"{path}:6:37: fte should be less than or equal to 10000, got 1e+308",
    ]


def test_capacity_json_of_an_fte_stored_before_the_bounds_is_one_line(dbfile: Path) -> None:
    with sqlite3.connect(dbfile) as conn:
        conn.execute("UPDATE allocation SET fte = 1e308")
    r = cli("--db", str(dbfile), "capacity", "GLX", "--format", "json")
    assert (r.code, r.out) == (1, "")
    assert r.err == "progtui: a number to print is not finite (NaN or infinity): not JSON\n"


OUTSIDE = "should be a date from 1970-01-01 to 2199-12-31, not"


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["impact", "GLX", "DE-REG", "99999999999"],
            "Invalid value for DAYS: a slip is 0 to 5000 working days, not 99999999999 "
            "(see 'progtui impact --help')",
        ),
        (
            ["impact", "GLX", "DE-REG", "5001"],
            "Invalid value for DAYS: a slip is 0 to 5000 working days, not 5001 "
            "(see 'progtui impact --help')",
        ),
        (
            ["--today", "9999-12-31", "status", "GLX"],
            f"Invalid value for --today: {OUTSIDE} 9999-12-31 (see 'progtui --help')",
        ),
        (
            ["--today", "2200-01-01", "programs"],
            f"Invalid value for --today: {OUTSIDE} 2200-01-01 (see 'progtui --help')",
        ),
        (
            ["--today", "1969-12-31", "impact", "GLX", "DE-REG", "1"],
            f"Invalid value for --today: {OUTSIDE} 1969-12-31 (see 'progtui --help')",
        ),
        (
            ["allocate", "GLX", "greta", "EU-SUP", "0.5", "--to", "9999-12-31"],
            f"Invalid value for --to: {OUTSIDE} 9999-12-31 (see 'progtui allocate --help')",
        ),
        (
            ["allocate", "GLX", "greta", "EU-SUP", "0.5", "--from", "1969-12-31"],
            f"Invalid value for --from: {OUTSIDE} 1969-12-31 (see 'progtui allocate --help')",
        ),
        (
            ["set-status", "GLX", "DE-MKT", "active", "--date", "1900-01-01"],
            f"Invalid value for --date: {OUTSIDE} 1900-01-01 (see 'progtui set-status --help')",
        ),
        (
            ["benefit", "GLX", "REV", "1", "--date", "2200-01-01"],
            f"Invalid value for --date: {OUTSIDE} 2200-01-01 (see 'progtui benefit --help')",
        ),
        (
            ["report", "GLX", "--since", "1900-01-01"],
            f"Invalid value for --since: {OUTSIDE} 1900-01-01 (see 'progtui report --help')",
        ),
        (
            ["minutes", "GLX", "--date", "3000-01-01"],
            f"Invalid value for --date: {OUTSIDE} 3000-01-01 (see 'progtui minutes --help')",
        ),
    ],
)
def test_days_and_dates_beyond_the_calendar_are_wrong_usage(
    dbfile: Path, args: list[str], message: str
) -> None:
    """They crashed with OverflowError; then the layers below refused them (exit 1), after a
    report or a minutes look-up had run on a day no program holds. The command line bounds
    them as it parses, with the bounds of domain.py."""
    before = dump(dbfile)
    r = cli("--db", str(dbfile), *args)
    assert (r.code, r.out, r.err) == (2, "", f"progtui: {message}\n")
    assert dump(dbfile) == before


@pytest.mark.parametrize(
    "args",
    [
        ["--today", "1970-01-01", "status", "GLX"],
        ["--today", "2199-12-31", "programs"],
        ["--today", "2027-03-15", "impact", "GLX", "DE-REG", "0"],
        ["--today", "2027-03-15", "impact", "GLX", "DE-REG", "5000"],
    ],
)
def test_the_bounds_themselves_are_accepted(dbfile: Path, args: list[str]) -> None:
    r = cli("--db", str(dbfile), *args)
    assert (r.code, r.err) == (0, "")


@pytest.mark.parametrize(
    "args,message",
    [
        (["status", "/dev/zero"], "/dev/zero:1:1: is a character device, not a regular file"),
        (["capacity", "/dev/zero"], "/dev/zero:1:1: is a character device, not a regular file"),
        (
            ["impact", "/dev/zero", "A", "1"],
            "/dev/zero:1:1: is a character device, not a regular file",
        ),
        (["status", "{tmp}"], "{tmp}:1:1: is a directory, not a YAML file"),
    ],
)
def test_an_existing_path_that_is_no_file_is_read_as_a_file_not_a_program_key(
    dbfile: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    """status /dev/zero said "no program '/dev/zero'": only a regular file went to the reader."""
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    r = cli("--db", str(dbfile), *args)
    assert (r.code, r.out, r.err) == (1, "", message.replace("{tmp}", str(tmp_path)) + "\n")


def test_adding_a_milestone_without_its_project_says_so(dbfile: Path) -> None:
    before = dump(dbfile)
    r = cli("--db", str(dbfile), "add", "GLX", "milestone", "name=Signed", "due=2027-05-03")
    assert (r.code, r.err) == (1, "progtui: a milestone needs its project (--project KEY)\n")
    assert dump(dbfile) == before


# --- MS Project XML (MSPDI) in: issue 16, points 1, 2 and 9 ----------------------------------

MSPDI = Path(__file__).parent.parent / "data" / "mspdi"
RELAUNCH_XML = MSPDI / "relaunch.xml"
RELAUNCH_WARNING = (
    f"{RELAUNCH_XML}:183:5: warning: cost resource 3 'Licences' is not carried "
    "(only work resources become people)"
)


def test_mspdi_import_prints_its_warnings_and_plans_as_ms_project(tmp_path: Path) -> None:
    db = str(tmp_path / "m.db")
    r = cli("--db", db, "import", str(RELAUNCH_XML))
    assert (r.code, r.err.splitlines()) == (0, [RELAUNCH_WARNING])
    assert r.out.startswith("imported relaunch (5 projects) into ")
    status = json.loads(
        cli("--db", db, "--today", "2027-01-11", "status", "relaunch", "--format", "json").out
    )
    dates = {p["key"]: (p["forecast_start"], p["forecast_finish"]) for p in status["projects"]}
    assert dates == {
        "T1": ("2027-01-04", "2027-01-15"),
        "T5": ("2027-01-18", "2027-01-29"),
        "T8": ("2027-02-02", "2027-02-09"),
        "T12": ("2027-02-02", "2027-02-02"),
        "T13": ("2027-02-08", "2027-02-10"),
    }


def test_mspdi_validate_with_key_and_level(tmp_path: Path) -> None:
    r = cli("validate", str(RELAUNCH_XML), "--key", "WEB", "--level", "leaf")
    assert (r.code, r.out, r.err.splitlines()) == (
        0,
        f"{RELAUNCH_XML}: ok (WEB, 9 projects)\n",
        [RELAUNCH_WARNING],
    )
    renamed = tmp_path / "plan.txt"
    renamed.write_bytes(RELAUNCH_XML.read_bytes())
    r = cli("validate", "--format", "mspdi", str(renamed), "--level", "2")
    assert (r.code, r.out) == (0, f"{renamed}: ok (plan, 9 projects)\n")


@pytest.mark.parametrize(
    "args,message",
    [
        (["--level", "0"], "expected a whole number from 1 to 100 or 'leaf', not '0'"),
        (["--level", "deep"], "expected a whole number from 1 to 100 or 'leaf', not 'deep'"),
        (["--key", "a b"], "'a b': 1 to 40 letters, digits, '-' and '_'"),
        (["--format", "ods"], None),
    ],
)
def test_mspdi_options_misused_exit_2_with_one_line(
    dbfile: Path, args: list[str], message: str | None
) -> None:
    before = dump(dbfile)
    r = cli("--db", str(dbfile), "import", str(RELAUNCH_XML), *args)
    assert (r.code, len(r.err.splitlines())) == (2, 1)
    if message:
        assert message in r.err
    assert dump(dbfile) == before


def test_key_and_level_on_a_yaml_file_is_one_line(dbfile: Path) -> None:
    r = cli("--db", str(dbfile), "validate", str(GLOBAL_LAUNCH), "--key", "X")
    assert (r.code, r.err) == (
        1,
        f"progtui: {GLOBAL_LAUNCH}: --key and --level are for MS Project XML files; "
        "this one is YAML\n",
    )


@pytest.mark.parametrize(
    "name", ["billion-laughs.xml", "external-entity.xml", "not-mspdi.xml", "cycle.xml"]
)
def test_a_refused_mspdi_file_writes_nothing_even_beside_a_good_one(
    dbfile: Path, name: str
) -> None:
    before = dump(dbfile)
    r = cli("--db", str(dbfile), "import", str(RELAUNCH_XML), str(MSPDI / name))
    assert r.code == 1
    assert next(line for line in r.err.splitlines() if ": warning: " not in line).startswith(
        f"{MSPDI / name}:"
    )
    assert dump(dbfile) == before


BAD_MSPDI = {
    "missing": (None, "1:1", "no such file"),
    "directory": ("DIR", "1:1", "is a directory, not an MS Project XML file"),
    "binary": (
        b"\x7fELF\x02\x01\x01\x00\x00\x00",
        "1:1",
        "binary file (contains NUL bytes), not MS Project XML text",
    ),
    "latin1": (
        b'<?xml version="1.0"?>\n<Project xmlns="http://schemas.microsoft.com/project">'
        b"<Title>caf\xe9</Title></Project>\n",
        "2:65",
        "not UTF-8 text (byte 0xe9)",
    ),
    "empty": (b"", "1:1", "file is empty"),
    "yaml": (b"program: {key: A, name: B}\n", "1:1", "XML syntax: syntax error"),
    "foreign-xml": (
        b"<html><body/></html>\n",
        "1:1",
        'not MS Project XML: the root element is <html>, not <Project xmlns="http://schemas.microsoft.com/project">',
    ),
}


# status FILE has no --format mspdi (its --format is table or json): the content decides there;
# YAML content is read as YAML whatever the file's name, unless --format mspdi says otherwise
BAD_MSPDI_CASES = [
    (kind, command, how)
    for kind in sorted(BAD_MSPDI)
    for command, how in [
        ("import", []),
        ("import", ["--format", "mspdi"]),
        ("validate", []),
        ("validate", ["--format", "mspdi"]),
        ("status", []),
    ]
    if kind != "yaml" or how
]


@pytest.mark.parametrize("kind,command,how", BAD_MSPDI_CASES)
def test_bad_mspdi_files_give_one_line_and_change_nothing(
    tmp_path: Path, dbfile: Path, kind: str, command: str, how: list[str]
) -> None:
    content, where, message = BAD_MSPDI[kind]
    path = tmp_path / f"{kind}.xml"
    if content == "DIR":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    before = dump(dbfile)
    r = cli("--db", str(dbfile), command, str(path), *how)
    assert (r.code, r.err.splitlines()) == (1, [f"{path}:{where}: {message}"])
    assert dump(dbfile) == before


@pytest.mark.parametrize("how", [[], ["--format", "mspdi"]])
def test_a_device_or_a_50_mb_mspdi_file_is_one_line(tmp_path: Path, how: list[str]) -> None:
    big = tmp_path / "big.xml"
    with big.open("wb") as fh:
        fh.truncate(50 * 2**20 + 1)
    r = cli("validate", str(big), *how)
    assert (r.code, r.err) == (1, f"{big}:1:1: file is 50 MB; the limit is 50 MB\n")
    r = cli("validate", "/dev/zero", *how)
    assert (r.code, r.err) == (1, "/dev/zero:1:1: is a character device, not a regular file\n")


# --- spreadsheets: CSV and xlsx out and in (issue 16 points 6, 7 and 9) ---------------------

TABLES = ["projects", "people", "allocations", "risks", "milestones", "dependencies"]


def test_csv_tables_export_import_and_export_again_identically(
    tmp_path: Path, dbfile: Path
) -> None:
    files = []
    for t in TABLES:
        target = tmp_path / f"GLX-{t}.csv"
        r = cli(
            "--db", str(dbfile), "export", "GLX", "--format", "csv", "--table", t, "-o", str(target)
        )
        assert (r.code, r.out, r.err) == (0, "", "")
        assert target.read_text(encoding="utf-8").splitlines()[1:]  # a header and the rows
        files.append(str(target))
    new = str(tmp_path / "new.db")
    r = cli("--db", new, "import", "--format", "csv", *files)
    assert (r.code, r.out) == (0, f"imported GLX (15 projects) into {new}\n")
    for t, path in zip(TABLES, files, strict=True):
        out = cli("--db", new, "export", "GLX", "--format", "csv", "--table", t).out
        assert out == Path(path).read_bytes().decode()
    r = cli("validate", *files, "--key", "COPY")
    assert (r.code, r.out) == (0, f"{', '.join(files)}: ok (COPY, 15 projects)\n")


def test_an_xlsx_export_holds_every_table_and_the_status_and_imports_back(
    tmp_path: Path, dbfile: Path
) -> None:
    book = tmp_path / "GLX.xlsx"
    r = cli(
        "--db",
        str(dbfile),
        "--today",
        "2027-03-15",
        "export",
        "GLX",
        "--format",
        "xlsx",
        "-o",
        str(book),
    )
    assert (r.code, r.err) == (0, "")
    from openpyxl import load_workbook

    assert load_workbook(book, read_only=True).sheetnames == [*TABLES, "status"]
    new = str(tmp_path / "new.db")
    assert cli("--db", new, "import", str(book)).out == f"imported GLX (15 projects) into {new}\n"
    for t in TABLES:
        args = ("export", "GLX", "--format", "csv", "--table", t)
        assert cli("--db", new, *args).out == cli("--db", str(dbfile), *args).out


def test_a_bad_csv_import_lists_every_problem_and_writes_nothing(
    tmp_path: Path, dbfile: Path
) -> None:
    projects = tmp_path / "NEW-projects.csv"
    projects.write_text("key,name,start,end,satus\nA,=cmd,2027-01-04,2027-02-01,active\n")
    people = tmp_path / "NEW-people.csv"
    people.write_text("key,name,capacity\nbob,Bob,lots\n")
    before = dump(dbfile)
    r = cli("--db", str(dbfile), "import", str(projects), str(people))
    assert (r.code, r.out) == (1, "")
    assert r.err.splitlines() == [
        f"{projects}:1:5: unknown column 'satus' in projects (did you mean 'status'?)",
    ]
    projects.write_text("key,name,start,end,status\nA,=cmd,2027-01-04,2027-02-01,actif\n")
    r = cli("--db", str(dbfile), "import", str(projects), str(people))
    assert r.err.splitlines() == [
        f"{people}:2:3: capacity should be a valid number, got 'lots'",
        f"{projects}:2:2: name: '=cmd' starts like a spreadsheet formula; put a single quote "
        "(') before it to mean the text",
        f"{projects}:2:5: status should be 'proposed', 'approved', 'active', 'on_hold', 'done' "
        "or 'cancelled', got 'actif' (did you mean 'active'?)",
    ]
    assert r.code == 1
    assert dump(dbfile) == before


def test_templates_are_empty_tables_with_their_headers(tmp_path: Path) -> None:
    r = cli("export", "--template", "--format", "csv", "--table", "allocations")
    assert (r.code, r.out) == (0, "project,person,fte,from,to\r\n")
    book = tmp_path / "plan.xlsx"
    assert cli("export", "--template", "--format", "xlsx", "-o", str(book)).code == 0
    r = cli("validate", str(book))
    assert (r.code, r.out) == (0, f"{book}: ok (plan, 0 projects)\n")


@pytest.mark.parametrize(
    "args,message",
    [
        (["GLX", "--format", "csv"], "a CSV file holds one table: add --table projects|"),
        (["GLX", "--format", "csv", "--table", "peple"], "(did you mean 'people'?)"),
        (["GLX", "--format", "xlsx"], "a workbook is binary: write it to a file with -o FILE"),
        (["GLX", "--format", "xlsx", "--table", "risks"], "a workbook holds every table"),
        (["GLX", "--template", "--format", "csv"], "a template is of no program"),
        (["--format", "csv", "--table", "risks"], "which program? give its key"),
        (["GLX", "--table", "risks"], "--table is for csv: a YAML file holds every table"),
        (["NONE", "--table", "risks"], "--table is for csv: a YAML file holds every table"),
        (["--template"], "--template is for csv and xlsx"),
    ],
)
def test_table_export_options_misused_exit_2_in_one_line_writing_nothing(
    tmp_path: Path, dbfile: Path, args: list[str], message: str
) -> None:
    r = cli("--db", str(dbfile), "export", *args)
    assert (r.code, r.out, len(r.err.splitlines())) == (2, "", 1)
    assert message in r.err


def test_a_table_export_into_a_missing_folder_writes_nothing(tmp_path: Path, dbfile: Path) -> None:
    target = tmp_path / "nowhere" / "GLX.xlsx"
    r = cli("--db", str(dbfile), "export", "GLX", "--format", "xlsx", "-o", str(target))
    assert (r.code, len(r.err.splitlines())) == (1, 1)
    assert r.err.startswith(f"progtui: cannot write {target}: ")
    assert not target.parent.exists()


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("missing.csv", None, "no such file"),
        ("folder.csv", "dir", "is a directory, not a CSV or Excel file"),
        ("b.csv", b"key,name\n\x00", "binary file (contains NUL bytes), not CSV text"),
        ("e.csv", b"", "file is empty"),
        ("l.csv", b"key,name\nbob,caf\xe9\n", "not UTF-8 text (byte 0xe9)"),
        ("wrong.csv", b"program: {key: A, name: a}\n", "cannot tell which table this is"),
        ("b.xlsx", b"program: {key: A, name: a}\n", "not an Excel workbook (.xlsx)"),
        ("e.xlsx", b"", "file is empty"),
        ("people.csv", b"key,name,capacity\nbob,Bob,2027-02-30\n", "is not a valid date"),
        ("people.csv", b"key,name,cost_rate\nbob,Bob,1e999\n", "cost_rate"),
    ],
)
@pytest.mark.parametrize("command", ["import", "validate"])
def test_every_bad_table_file_is_one_line_exit_1_and_nothing_written(
    tmp_path: Path, dbfile: Path, command: str, name: str, content: bytes | str | None, message: str
) -> None:
    path = tmp_path / name
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    before = dump(dbfile)
    r = cli("--db", str(dbfile), command, str(path))
    assert (r.code, r.out, len(r.err.splitlines())) == (1, "", 1), r.err
    assert r.err.startswith(f"{path}:") and message in r.err
    assert dump(dbfile) == before


def test_csv_export_into_a_folder_writes_every_table_that_imports_as_one(
    tmp_path: Path, dbfile: Path
) -> None:
    folder = tmp_path / "tables"
    folder.mkdir()
    r = cli("--db", str(dbfile), "export", "RTX", "--format", "csv", "-o", str(folder))
    assert (r.code, r.err) == (0, "")
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"RTX-{t}.csv" for t in TABLES)
    r = cli("validate", *sorted(str(p) for p in folder.iterdir()))
    assert (r.code, r.out.endswith(": ok (RTX, 10 projects)\n")) == (0, True)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli("export", "--template", "--format", "csv", "-o", str(empty)).code == 0
    assert (empty / "people.csv").read_text() == "key,name,role,capacity,cost_rate\n"


def test_a_table_person_who_differs_from_the_database_is_refused_at_its_cell(
    tmp_path: Path, dbfile: Path
) -> None:
    people = tmp_path / "NEW-people.csv"
    people.write_text("key,name,role\nzed,Zed,\nalice,Alice Other,PM\n")
    before = dump(dbfile)
    r = cli("--db", str(dbfile), "import", str(people))
    assert (r.code, r.err.splitlines()) == (
        1,
        [
            f"{people}:3:2: person 'alice' has name 'Alice Other' here but 'Alice Moreau' in the "
            "database (used by GLX); --update-people changes them there"
        ],
    )
    assert dump(dbfile) == before
