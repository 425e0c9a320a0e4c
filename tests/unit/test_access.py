"""program.access: editors change, viewers read, others cannot open; read-only shown plainly."""

from __future__ import annotations

import pytest

from conftest import cli
from progtui import identity, services
from progtui.app.app import ProgtuiApp
from progtui.app.widgets.program_header import ProgramHeader
from progtui.interchange import read_program_text
from progtui.store.engine import open_database

FILE = """\
program:
  key: ACC
  name: Access test
  owner: dana
  access: {editors: [ann], viewers: [vic]}
people:
  - {key: p1, name: P1}
projects:
  - {key: A, name: A, start: 2027-01-04, end: 2027-02-26}
  - {key: B, name: B, start: 2027-01-04, end: 2027-02-26}
"""


@pytest.fixture
def acc(db_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path):  # type: ignore[no-untyped-def]
    identity.set_user("ann")
    db = open_database(db_url)
    with db.write() as s:
        services.import_program(s, data=read_program_text("acc.yaml", FILE))
    (tmp_path / "open.yaml").write_text(
        FILE.replace("ACC", "OPEN").replace("  access: {editors: [ann], viewers: [vic]}\n", "")
    )
    assert cli("--db", db_url, "import", str(tmp_path / "open.yaml")).code == 0
    yield db_url
    db.dispose()


def as_user(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    identity.set_user(name)


@pytest.mark.parametrize("who", ["ann", "dana"])
def test_editors_and_the_owner_change_the_program(acc: str, monkeypatch, who: str) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, who)
    r = cli("--db", acc, "move", "ACC", "B", "1")
    assert (r.code, r.err) == (0, "")


def test_viewers_read_but_cannot_change(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "vic")
    assert cli("--db", acc, "export", "ACC").out.startswith("program:\n  key: ACC")
    assert cli("--db", acc, "status", "ACC", "--format", "json").code == 0
    before = cli("--db", acc, "export", "ACC").out
    for command in (
        ["move", "ACC", "B", "1"],
        ["decide", "ACC", "x"],
        ["add", "ACC", "person", "key=p2", "name=P2"],
        ["undo", "ACC"],
    ):
        r = cli("--db", acc, *command)
        assert (r.code, r.err) == (
            1,
            "progtui: vic may only view program ACC (its owner dana "
            "or an editor can add you to its editors)\n",
        ), command
    assert cli("--db", acc, "export", "ACC").out == before


def test_others_cannot_open_it_or_see_it_listed(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "eve")
    r = cli("--db", acc, "export", "ACC")
    assert (r.code, r.err) == (
        1,
        "progtui: eve may not open program ACC (not among its owner, editors or viewers)\n",
    )
    assert "ACC" not in cli("--db", acc, "programs").out
    assert "OPEN" in cli("--db", acc, "programs").out  # a program without a list is open
    r = cli("--db", acc, "move", "OPEN", "B", "1")
    assert r.code == 0


def test_access_round_trips_and_an_import_cannot_lock_out_its_importer(
    acc: str, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "ann")
    out = cli("--db", acc, "export", "ACC").out
    assert "  access: {editors: [ann], viewers: [vic]}\n" in out
    (tmp_path / "again.yaml").write_text(out.replace("editors: [ann]", "editors: [bob]"))
    r = cli("--db", acc, "import", "--replace", str(tmp_path / "again.yaml"))
    assert (r.code, r.err) == (
        1,
        "progtui: the access list of ACC leaves you (ann) out: add "
        "yourself to its editors, or make yourself its owner\n",
    )
    as_user(monkeypatch, "vic")  # a viewer cannot replace it either
    (tmp_path / "mine.yaml").write_text(
        out.replace("viewers: [vic]", "viewers: []").replace("[ann]", "[ann, vic]")
    )
    r = cli("--db", acc, "import", "--replace", str(tmp_path / "mine.yaml"))
    assert r.err.startswith("progtui: vic may only view program ACC")


async def test_the_app_shows_read_only_plainly_and_refuses_changes(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "vic")
    db = open_database(acc)
    app = ProgtuiApp(db, program="ACC")
    notes: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        assert str(app.query_one(ProgramHeader).content).startswith(" READ-ONLY  Access test")
        await pilot.press("J")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert notes == [
            "vic may only view program ACC (its owner dana or an editor can add you to its editors)"
        ]
    db.dispose()


def test_viewers_may_read_the_steering_report_which_is_then_not_kept(acc: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    as_user(monkeypatch, "vic")
    r = cli("--db", acc, "--today", "2027-01-15", "report", "ACC")
    assert r.code == 0 and r.out.startswith("# Steering report: Access test (ACC)")
    as_user(monkeypatch, "ann")
    first = cli("--db", acc, "--today", "2027-01-22", "report", "ACC").out
    assert "previous report" not in first  # vic's was not kept
    second = cli("--db", acc, "--today", "2027-01-29", "report", "ACC").out
    assert "| KPI | 2027-01-29 | previous report (2027-01-22) | change |" in second


@pytest.mark.parametrize("replace", [[], ["--replace"]])
def test_importing_over_a_hidden_program_says_only_that_its_key_is_taken(
    acc: str, monkeypatch, tmp_path, replace: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """eve may not see ACC: her import of a file keyed ACC must not confirm what ACC is."""
    as_user(monkeypatch, "eve")
    mine = tmp_path / "mine.yaml"
    mine.write_text(FILE.replace("owner: dana", "owner: eve").replace("Access test", "Mine"))
    r = cli("--db", acc, "import", *replace, str(mine))
    assert (r.code, r.err) == (
        1,
        "progtui: the key ACC is taken by a program you (eve) may not see: use another key\n",
    )
    as_user(monkeypatch, "ann")
    assert "  name: Access test\n" in cli("--db", acc, "export", "ACC").out


def test_an_explicitly_empty_access_list_means_the_owner_only(
    db_url: str, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """access: {editors: [], viewers: []} stored nothing, which read as open to all."""
    text = FILE.replace("editors: [ann], viewers: [vic]", "editors: [], viewers: []")
    (tmp_path / "shut.yaml").write_text(text)
    as_user(monkeypatch, "dana")  # the owner
    assert cli("--db", db_url, "import", str(tmp_path / "shut.yaml")).code == 0
    exported = cli("--db", db_url, "export", "ACC").out
    assert "  access: {editors: [], viewers: []}\n" in exported
    assert exported == cli("--db", db_url, "export", "ACC").out
    as_user(monkeypatch, "bob")
    r = cli("--db", db_url, "move", "ACC", "B", "1")
    assert (r.code, r.err) == (
        1,
        "progtui: bob may not open program ACC (not among its owner, editors or viewers)\n",
    )
    assert "ACC" not in cli("--db", db_url, "programs").out
