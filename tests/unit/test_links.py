"""Adding, changing and removing dependencies: services.link / unlink / set_links, their
audit rows, undo and redo, cycles refused naming the cycle, and `progtui edit depends_on=`."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, cli, load
from progtui import identity, services
from progtui.errors import NotFound, Refused
from progtui.services import history, plan
from progtui.store.engine import open_database


@pytest.fixture
def db(tmp_path: Path):  # type: ignore[no-untyped-def]
    database = open_database(str(tmp_path / "links.db"))
    load(database, GLOBAL_LAUNCH)
    yield database
    database.dispose()


def deps(db, key: str) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        project = next(
            p for p in services.export_program(s, program="GLX").projects if p.key == key
        )
    return [(x.project, x.type, x.lag) for x in project.depends_on]


def test_link_adds_changes_and_unlink_removes_each_audited_and_undone(db) -> None:  # type: ignore[no-untyped-def]
    with db.write() as s:
        done = services.link(s, program="GLX", project="CX-TRN", predecessor="ES-REG", kind="ss+3")
    assert (done.old, done.new) == (None, "SS+3")
    assert ("ES-REG", "SS", 3) in deps(db, "CX-TRN")
    with db.write() as s:
        services.link(s, program="GLX", project="CX-TRN", predecessor="ES-REG", kind="FF")
    assert ("ES-REG", "FF", 0) in deps(db, "CX-TRN")
    with db.write() as s:
        services.unlink(s, program="GLX", project="CX-TRN", predecessor="ES-REG")
    assert [x[0] for x in deps(db, "CX-TRN")] == ["DE-MKT"]
    with db.read() as s:
        log = services.changes(s, program="GLX")[-3:]
    assert [(c.entity, c.field, c.old, c.new) for c in log] == [
        ("project:CX-TRN", "depends on ES-REG", None, "SS+3"),
        ("project:CX-TRN", "depends on ES-REG", "SS+3", "FF"),
        ("project:CX-TRN", "depends on ES-REG", "FF", None),
    ]
    with db.write() as s:
        history.undo(s, program="GLX")  # the removal comes back, as FF
    assert ("ES-REG", "FF", 0) in deps(db, "CX-TRN")
    with db.write() as s:
        history.undo(s, program="GLX")
        history.undo(s, program="GLX")
    assert deps(db, "CX-TRN") == [("DE-MKT", "SF", 5)]
    with db.write() as s:
        history.redo(s, program="GLX")
    assert ("ES-REG", "SS", 3) in deps(db, "CX-TRN")


def test_a_cycle_is_refused_naming_it_and_nothing_is_written(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused) as refused, db.write() as s:
        services.link(s, program="GLX", project="DE-PKG", predecessor="FR-MKT")
    assert str(refused.value) == (
        "DE-PKG cannot depend on FR-MKT: that would close the cycle "
        "FR-MKT → DE-PKG → DE-REG → DE-MKT → FR-MKT"
    )
    assert deps(db, "DE-PKG") == []
    with pytest.raises(Refused, match="cannot depend on itself"), db.write() as s:
        services.link(s, program="GLX", project="DE-PKG", predecessor="DE-PKG")
    with pytest.raises(Refused, match="'XX' is not a link type"), db.write() as s:
        services.link(s, program="GLX", project="DE-PKG", predecessor="EU-WEB", kind="XX")
    with pytest.raises(NotFound, match="does not depend on"), db.write() as s:
        services.unlink(s, program="GLX", project="DE-PKG", predecessor="EU-WEB")


def test_a_link_saved_on_a_stale_screen_is_refused_saying_who(db) -> None:  # type: ignore[no-untyped-def]
    with db.read() as s:
        seen = services.changes(s, program="GLX")[-1].id
    identity.set_user("bob")
    with db.write() as s:
        services.set_percent(s, program="GLX", project="CX-TRN", percent=10)
    identity.set_user(None)
    with pytest.raises(Refused, match="bob changed project:CX-TRN"), db.write() as s:
        services.link(s, program="GLX", project="CX-TRN", predecessor="EU-WEB")
        services.check_fresh(s, "GLX", seen)
    assert [x[0] for x in deps(db, "CX-TRN")] == ["DE-MKT"]


def test_set_links_makes_the_list_so() -> None:
    assert plan.parse_links("DE-MKT:SS+10, FR-REG,ES-PKG:ff -1") == {
        "DE-MKT": "SS+10",
        "FR-REG": "FS",
        "ES-PKG": "FF-1",
    }
    with pytest.raises(Refused, match="FR-REG is given twice"):
        plan.parse_links("FR-REG, FR-REG:SS")


def test_cli_edit_sets_and_removes_dependencies(tmp_path: Path) -> None:
    url = str(tmp_path / "cli.db")
    assert cli("--db", url, "import", str(GLOBAL_LAUNCH)).code == 0
    done = cli(
        "--db", url, "edit", "GLX", "project", "FR-MKT", "depends_on=FR-REG,DE-MKT:SS+12,ES-PKG"
    )
    assert done.code == 0, done.err
    assert done.out.splitlines() == [
        "FR-MKT depends on DE-MKT: SS+10 -> SS+12",
        "FR-MKT depends on ES-PKG: – -> FS",
    ]
    db = open_database(url)
    assert deps(db, "FR-MKT") == [("FR-REG", "FS", 0), ("DE-MKT", "SS", 12), ("ES-PKG", "FS", 0)]
    cycle = cli("--db", url, "edit", "GLX", "project", "DE-PKG", "depends_on=FR-MKT")
    assert cycle.code != 0
    assert cycle.err.strip().splitlines() == [
        "progtui: DE-PKG cannot depend on FR-MKT: that would close the cycle "
        "FR-MKT → DE-PKG → DE-REG → DE-MKT → FR-MKT"
    ]
    # a refused part refuses the whole edit: the name is not changed either
    mixed = cli("--db", url, "edit", "GLX", "project", "FR-MKT", "name=X", "depends_on=FR-REG:ZZ")
    assert mixed.code != 0 and "'ZZ' is not a link type" in mixed.err
    cleared = cli("--db", url, "edit", "GLX", "project", "FR-MKT", "name=Launch", "depends_on=")
    assert cleared.code == 0, cleared.err
    assert deps(db, "FR-MKT") == []
    with db.read() as s:
        names = {p.key: p.name for p in services.export_program(s, program="GLX").projects}
    assert names["FR-MKT"] == "Launch"
    db.dispose()


def test_cli_graph_prints_the_lanes(tmp_path: Path) -> None:
    shown = cli("--today", "2027-03-15", "graph", str(GLOBAL_LAUNCH))
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert len(lines) == 16 and lines[0].split()[:2] == ["key", "name"]
    de_reg = next(line for line in lines if " DE-REG " in line)
    assert de_reg.startswith("●───┴─┴─┐") and "EU-SUP SS+5, DE-PKG FS" in de_reg
    ascii = cli("graph", str(GLOBAL_LAUNCH), "--ascii")
    assert ascii.code == 0 and ascii.out.isascii()
