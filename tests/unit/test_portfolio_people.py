"""People are the organisation's (SPEC 6): one person a key across programs, an import that
disagrees refused at the person, --update-people audited, and the 0011 upgrade merging the
people of older databases."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from conftest import GLOBAL_LAUNCH, RETAIL, cli, load
from progtui import services
from progtui.errors import Refused
from progtui.identity import set_user
from progtui.services import editing
from progtui.store.engine import open_database

PLATFORM = """\
program: {key: PLT, name: Platform, start: 2027-01-04, end: 2027-12-31}
people:
  - {key: ops, name: Olga Pavlova, role: SRE, capacity: 1.0, cost_rate: 700}
  - {key: farid, name: Farid Haddad, role: Supply chain lead, capacity: FARID, cost_rate: 950}
projects:
  - key: API
    name: Partner API
    status: approved
    priority: 1
    start: 2027-03-01
    end: 2027-06-30
    allocations:
      - {person: farid, fte: 0.5}
      - {person: ops, fte: 1.0}
"""


def platform(tmp_path: Path, capacity: str = "1.0") -> Path:
    path = tmp_path / "platform.yaml"
    path.write_text(PLATFORM.replace("FARID", capacity))
    return path


def test_a_person_key_is_one_person_whom_every_program_shares(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    assert cli("--db", url, "import", str(GLOBAL_LAUNCH), str(platform(tmp_path))).code == 0
    db = open_database(url)
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM person WHERE key = 'farid'")).scalar() == 1
    with db.write() as s:  # edited once, from either program ...
        editing.edit(s, program="PLT", kind="person", key="farid", values={"capacity": "0.8"})
    with db.read() as s:  # ... it is changed for both
        glx = services.export_program(s, program="GLX")
        plt = services.export_program(s, program="PLT")
    db.dispose()
    assert [p.capacity for p in glx.people if p.key == "farid"] == [0.8]
    assert [p.capacity for p in plt.people if p.key == "farid"] == [0.8]
    assert [p.key for p in plt.people] == ["ops", "farid"]  # the file's own list and order


def test_an_import_whose_person_differs_is_refused_at_the_person(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    assert cli("--db", url, "import", str(GLOBAL_LAUNCH)).code == 0
    path = platform(tmp_path, "0.8")
    result = cli("--db", url, "import", str(path))
    assert result.code == 1
    assert result.err == (
        f"{path}:4:73: person 'farid' has capacity 0.8 here but 1.0 in the database "
        "(used by GLX); --update-people changes them there\n"
    )
    listed = cli("--db", url, "programs", "--format", "json")
    assert '"PLT"' not in listed.out  # nothing written


def test_update_people_changes_the_person_for_every_program_audited(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    load_url = cli("--db", url, "import", str(GLOBAL_LAUNCH))
    assert load_url.code == 0
    set_user("bob")
    result = cli("--db", url, "import", "--update-people", str(platform(tmp_path, "0.8")))
    assert result.code == 0, result.err
    db = open_database(url)
    with db.read() as s:
        glx = services.export_program(s, program="GLX")
        log = [
            (c.who, c.entity, c.field, c.old, c.new)
            for c in services.changes(s, program="PLT")
            if c.entity.startswith("person:")
        ]
    db.dispose()
    assert [p.capacity for p in glx.people if p.key == "farid"] == [0.8]
    assert log == [("bob", "person:farid", "capacity", "1", "0.8")]


def test_a_program_replaced_alone_with_its_people_changes_them(tmp_path: Path) -> None:
    """Nobody else uses them: the file replacing the program is the word on its people."""
    url = str(tmp_path / "p.db")
    assert cli("--db", url, "import", str(platform(tmp_path))).code == 0
    again = cli("--db", url, "import", "--replace", str(platform(tmp_path, "0.8")))
    assert again.code == 0, again.err


def test_adding_a_person_of_the_organisation_to_a_program_takes_them_as_they_are(
    tmp_path: Path,
) -> None:
    db = open_database(str(tmp_path / "p.db"))
    load(db, GLOBAL_LAUNCH, RETAIL)
    same = {"key": "farid", "name": "Farid Haddad", "role": "Supply chain lead"}
    with db.write() as s:
        editing.add(s, program="RTX", kind="person", values={**same, "cost_rate": "950"})
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM person WHERE key = 'farid'")).scalar() == 1
        assert services.export_program(s, program="RTX").people[-1].key == "farid"
    with db.write() as s:  # off RTX's list; GLX still has him
        editing.remove_entity(s, program="RTX", kind="person", key="farid")
    with db.read() as s:
        assert s.execute(text("SELECT count(*) FROM person WHERE key = 'farid'")).scalar() == 1
    try:
        with db.write() as s:
            editing.add(s, program="RTX", kind="person", values={**same, "cost_rate": "1000"})
    except Refused as exc:
        assert str(exc).startswith("person 'farid' has cost_rate 1000.0 here but 950.0 in the ")
    else:
        raise AssertionError("a person who differs from the organisation's was added")
    db.dispose()


def test_the_0011_upgrade_merges_equal_people_and_renames_those_that_differ(
    db_url: str, capsys
) -> None:  # type: ignore[no-untyped-def]
    """A database made before 0011 held a person row per program. The same key with equal
    fields becomes one person; with differing fields the newer program's person is renamed
    KEY-PROGRAM there (allocations and decisions follow), audited and said on stderr."""
    from test_store import downgraded

    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH, RETAIL)
    with db.read() as s:
        glx_before = services.export_program(s, program="GLX")
    with downgraded(db, "0010") as conn:
        rtx = conn.execute(text("SELECT id FROM program WHERE key = 'RTX'")).scalar_one()
        project = conn.execute(
            text("SELECT id FROM project WHERE program_id = :p ORDER BY rank LIMIT 1"), {"p": rtx}
        ).scalar_one()
        for key, name, capacity in (("farid", "Farid Haddad", 1.0), ("alice", "Alice M.", 0.5)):
            role = "Supply chain lead" if key == "farid" else "Regulatory lead"
            rate = 95000 if key == "farid" else 90000
            pid = conn.execute(
                text(
                    "INSERT INTO person (program_id, key, name, role, capacity, cost_rate) "
                    "VALUES (:p, :k, :n, :r, :c, :rate) RETURNING id"
                ),
                {"p": rtx, "k": key, "n": name, "r": role, "c": capacity, "rate": rate},
            ).scalar_one()
            conn.execute(
                text("INSERT INTO allocation (project_id, person_id, fte) VALUES (:x, :p, 0.25)"),
                {"x": project, "p": pid},
            )
        did = conn.execute(
            text(
                'INSERT INTO decision (program_id, "when", who, text) '
                "VALUES (:p, '2027-03-01 10:00:00', 'dana', 'Alice leads') RETURNING id"
            ),
            {"p": rtx},
        ).scalar_one()
        conn.execute(
            text("INSERT INTO decision_about (decision_id, ref) VALUES (:d, 'alice')"), {"d": did}
        )
    db.dispose()
    capsys.readouterr()
    again = open_database(db_url)
    said = capsys.readouterr().err
    with again.read() as s:
        keys = sorted(s.execute(text("SELECT key FROM person")).scalars())
        glx = services.export_program(s, program="GLX")
        rtx_data = services.export_program(s, program="RTX")
        log = [(c.who, c.entity, c.old, c.new) for c in services.changes(s, program="RTX")]
    again.dispose()
    assert keys.count("farid") == 1 and "alice-rtx" in keys and keys.count("alice") == 1
    assert glx == glx_before
    assert [p.key for p in rtx_data.people][-2:] == ["farid", "alice-rtx"]
    assert {a.person for a in rtx_data.projects[0].allocations} >= {"farid", "alice-rtx"}
    assert [p.capacity for p in rtx_data.people if p.key == "alice-rtx"] == [0.5]
    assert rtx_data.decisions[-1].about == ("alice-rtx",)
    assert ("progtui upgrade", "person:alice-rtx", "alice", "alice-rtx") in log
    assert said == (
        "progtui: upgrade: person 'alice' of RTX differs from GLX's (name 'Alice M.', not "
        "'Alice Moreau', capacity 0.5, not 1.0): RTX now calls them 'alice-rtx'\n"
    )


def test_a_person_changed_from_another_program_since_the_screen_was_loaded_is_refused(
    tmp_path: Path,
) -> None:
    """Two program managers edit the one farid from two programs: the second save, based on
    a screen loaded before the first, is refused naming who changed him and when."""
    url = str(tmp_path / "p.db")
    assert cli("--db", url, "import", str(GLOBAL_LAUNCH), str(platform(tmp_path))).code == 0
    db = open_database(url)
    with db.read() as s:
        seen = services.last_change_id(s)  # alice's GLX screen
    set_user("bob")
    with db.write() as s:
        editing.edit(s, program="PLT", kind="person", key="farid", values={"capacity": "0.8"})
    set_user("alice")
    try:
        with db.write() as s:
            editing.edit(s, program="GLX", kind="person", key="farid", values={"role": "Lead"})
            services.check_fresh(s, "GLX", seen)
    except Refused as exc:
        assert str(exc).startswith("not saved: bob changed person:farid at ")
    else:
        raise AssertionError("a stale edit of a shared person was saved")
    with db.read() as s:
        plt = services.export_program(s, program="PLT")
    db.dispose()
    assert [(p.capacity, p.role) for p in plt.people if p.key == "farid"] == [
        (0.8, "Supply chain lead")
    ]


TWO = """\
program: {key: KEY, name: Program KEY, start: 2027-03-01, end: 2027-03-31}
people:
  - {key: pat, name: Pat Lee, capacity: 1.0}
  - {key: KEY-own, name: Own person, capacity: 1.0}
projects:
  - {key: X, name: X, status: active, priority: 1, start: 2027-03-01, end: 2027-03-31,
     allocations: [{person: pat, fte: 0.6}]}
  - {key: C, name: C, status: cancelled, priority: 2, start: 2027-03-01, end: 2027-03-31,
     allocations: [{person: pat, fte: 0.9}]}
"""


def test_a_person_at_0_6_in_each_of_two_programs_is_over_allocated_in_both(
    tmp_path: Path,
) -> None:
    """SPEC 6 by hand: pat works 0.6 in A and 0.6 in B over all of March 2027 (and 0.9 on a
    cancelled project in each, which counts nowhere): 1.2 of a capacity of 1.0 in both."""
    from progtui.analysis import analyze

    files = []
    for key in ("A", "B"):
        path = tmp_path / f"{key}.yaml"
        path.write_text(TWO.replace("KEY", key))
        files.append(str(path))
    url = str(tmp_path / "p.db")
    assert cli("--db", url, "import", *files).code == 0, "import"
    db = open_database(url)
    with db.read() as s:
        a = analyze(services.load_program(s, program="A"), date(2027, 3, 15))
        b = analyze(services.load_program(s, program="B"), date(2027, 3, 15))
    db.dispose()
    for mine, other in ((a, "B"), (b, "A")):
        (march,) = next(pl for pl in mine.capacity if pl.key == "pat").months
        assert march.month == "2027-03"
        assert march.demand == pytest.approx(1.2) and march.over
        assert march.own == pytest.approx(0.6)
        assert march.elsewhere == (pytest.approx((other, 0.6)),)  # type: ignore[comparison-overlap]
        assert mine.projects[0].health is not None and mine.projects[0].health.rag != "green"
    result = cli("--db", url, "capacity", "A", "--format", "json")
    assert '"this_program": 0.6' in result.out and '"program": "B", "demand": 0.6' in result.out


def test_demand_in_a_program_the_viewer_may_not_read_is_counted_but_never_named(
    tmp_path: Path,
) -> None:
    from progtui.analysis import analyze

    url = str(tmp_path / "p.db")
    a, b = tmp_path / "A.yaml", tmp_path / "B.yaml"
    a.write_text(TWO.replace("KEY", "A"))
    b.write_text(
        TWO.replace("KEY", "B").replace(
            "name: Program B,", "name: Program B, owner: bob, access: {editors: [], viewers: []},"
        )
    )
    set_user("bob")
    assert cli("--db", url, "import", str(a), str(b)).code == 0
    set_user("alice")
    db = open_database(url)
    with db.read() as s:
        data = services.load_program(s, program="A")
    db.dispose()
    assert {(e.program, e.project) for e in data.elsewhere} == {(None, None)}
    (march,) = next(
        pl for pl in analyze(data, date(2027, 3, 15)).capacity if pl.key == "pat"
    ).months
    assert march.over and march.elsewhere == (("other programs", pytest.approx(0.6)),)
    shown = cli("--db", url, "capacity", "A", "--format", "json").out
    assert "Program B" not in shown and '"B"' not in shown and '"other programs"' in shown


def test_people_lists_the_organisation_with_each_ones_load_by_program(tmp_path: Path) -> None:
    import json

    url = str(tmp_path / "p.db")
    for key in ("A", "B"):
        (tmp_path / f"{key}.yaml").write_text(TWO.replace("KEY", key))
    assert cli("--db", url, "import", str(tmp_path / "A.yaml"), str(tmp_path / "B.yaml")).code == 0
    shown = json.loads(cli("--db", url, "people", "--format", "json").out)
    pat = next(p for p in shown["people"] if p["key"] == "pat")
    assert pat["programs"] == ["A", "B"]
    assert [(m["month"], m["over"]) for m in pat["months"]] == [("2027-03", True)]
    march = pat["months"][0]
    assert march["demand"] == pytest.approx(1.2)
    assert [(x["program"], x["demand"]) for x in march["by_program"]] == [
        ("A", pytest.approx(0.6)),
        ("B", pytest.approx(0.6)),
    ]
    assert [p["key"] for p in shown["people"]] == ["A-own", "B-own", "pat"]
    table = cli("--db", url, "people").out
    assert "pat" in table and "A, B" in table and "!120%" in table


def test_a_screens_reloads_read_its_peoples_load_elsewhere_again_only_once_it_changed(
    db_url: str,
) -> None:
    """GLX and PLT share diego: GLX's reload after a move of its own (services.Reuse) takes
    his PLT allocations as read before; once bob changes one in PLT, or GLX lists another
    person PLT uses, the reload reads them again, as a load without reuse does."""
    from conftest import SAMPLES

    db = open_database(db_url)
    load(db, GLOBAL_LAUNCH, RETAIL, SAMPLES / "shared-platform.yaml")
    reuse = services.Reuse()

    def glx(reused: bool = True):  # type: ignore[no-untyped-def]
        with db.read() as s:
            return services.load_program(s, program="GLX", reuse=reuse if reused else None)

    with db.read() as s:
        o = next(p for p in services.export_program(s, program="RTX").people if p.key == "omar")
    OMAR = (o.name, o.role or "", f"{o.cost_rate:g}")
    first = glx().elsewhere
    assert any(e.person == "diego" and e.program == "PLT" for e in first)
    with db.write() as s:
        services.move(s, program="GLX", project="EU-SUP", rank=1)
    assert glx().elsewhere is first
    set_user("bob")
    with db.write() as s:
        services.allocate(s, program="PLT", person="diego", project="ES-STORE", fte=0.2)
    set_user(None)
    changed = glx().elsewhere
    assert changed != first and changed == glx(reused=False).elsewhere
    assert {e.fte for e in changed if e.person == "diego" and e.project == "ES-STORE"} == {0.2}
    with db.write() as s:
        editing.add(
            s,
            program="GLX",
            kind="person",
            values={"key": "omar", "name": OMAR[0], "role": OMAR[1], "cost_rate": OMAR[2]},
        )
    assert glx().elsewhere == glx(reused=False).elsewhere != changed
    assert any(e.person == "omar" for e in glx().elsewhere)
    db.dispose()
