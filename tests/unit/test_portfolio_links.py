"""Programs depend on programs (SPEC 6): a dependency naming another program's project,
refused when the database does not hold it, cycles through programs refused by name, and
the other program's forecast as the bound of the successor."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from test_analysis_properties import programs

from conftest import cli
from progtui import domain as d
from progtui import services
from progtui.analysis import analyze
from progtui.analysis.calendar import Calendar
from progtui.interchange import dump_program
from progtui.store.engine import open_database

PLAT = """\
program: {key: PLAT, name: Platform, start: 2027-01-04, end: 2027-12-31}
projects:
  - {key: API, name: Partner API, status: approved, priority: 1, start: 2027-03-01,
     end: 2027-03-12}
  - {key: OPS, name: Operations, status: approved, priority: 2, start: 2027-03-01,
     end: 2027-03-05, depends_on: [DEPENDS]}
"""
PROD = """\
program: {key: PROD, name: Product, start: 2027-01-04, end: 2027-12-31}
projects:
  - key: WEB
    name: Web shop
    status: approved
    priority: 1
    start: 2027-03-01
    end: 2027-03-05
    depends_on:
      - {program: PLAT, project: API, type: FS, lag: 5}
"""


def files(tmp_path: Path, plat_depends: str = "API") -> tuple[Path, Path]:
    plat, prod = tmp_path / "plat.yaml", tmp_path / "prod.yaml"
    plat.write_text(PLAT.replace("DEPENDS", plat_depends))
    prod.write_text(PROD)
    return plat, prod


def test_a_link_to_another_programs_project_moves_the_successor_by_its_forecast(
    tmp_path: Path,
) -> None:
    """By hand: API runs Mon 2027-03-01 to Fri 03-12 (10 working days); FS with a lag of 5
    puts WEB's start 5 working days after API's finish: Mon 03-22, and its 5 days end Fri
    03-26 (planned 03-01 to 03-05)."""
    url = str(tmp_path / "p.db")
    plat, prod = files(tmp_path)
    result = cli("--db", url, "import", str(prod), str(plat))  # either order in one import
    assert result.code == 0, result.err
    db = open_database(url)
    with db.read() as s:
        data = services.load_program(s, program="PROD")
    db.dispose()
    assert data.projects[0].depends_on == (d.Dependency("API", "FS", 5, "PLAT"),)
    slot = analyze(data, date(2027, 2, 1)).projects[0].slot
    assert slot is not None
    cal = Calendar(())
    assert (cal.date_of(slot.s), cal.date_of(slot.f - 1)) == (date(2027, 3, 22), date(2027, 3, 26))
    alone = analyze(dataclasses.replace(data, upstream=()), date(2027, 2, 1)).projects[0].slot
    assert alone is not None and cal.date_of(alone.s) == date(2027, 3, 1)


def test_export_writes_the_link_with_its_program_and_reads_back_the_same(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    plat, prod = files(tmp_path)
    assert cli("--db", url, "import", str(plat), str(prod)).code == 0
    exported = cli("--db", url, "export", "PROD").out
    assert "      - {program: PLAT, project: API, type: FS, lag: 5}\n" in exported
    again = tmp_path / "again.yaml"
    again.write_text(exported)
    assert cli("--db", url, "import", "--replace", str(again)).code == 0
    assert cli("--db", url, "export", "PROD").out == exported  # byte-identical


def test_a_link_to_a_program_or_project_the_database_does_not_hold_is_refused_located(
    tmp_path: Path,
) -> None:
    url = str(tmp_path / "p.db")
    plat, prod = files(tmp_path)
    missing = cli("--db", url, "import", str(prod))
    assert missing.code == 1
    assert missing.err == (
        f"{prod}:10:19: project WEB depends on program 'PLAT', which the database does not "
        "hold: import it first, or in the same import\n"
    )
    plat.write_text(PLAT.replace("DEPENDS", "API").replace("key: API", "key: APX"))
    plat.write_text(plat.read_text().replace("[API]", "[APX]"))
    assert cli("--db", url, "import", str(plat)).code == 0
    gone = cli("--db", url, "import", str(prod))
    assert gone.code == 1
    assert gone.err.startswith(f"{prod}:10:34: project WEB depends on 'API' of PLAT, which has ")
    assert "PROD" not in cli("--db", url, "programs").out  # nothing written


def test_a_cycle_through_programs_is_refused_named_with_program_keys(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    plat, prod = files(tmp_path, plat_depends="{program: PROD, project: WEB}")
    result = cli("--db", url, "import", str(plat), str(prod))
    assert result.code == 1
    assert result.err == (
        "progtui: dependency cycle across programs: PLAT -> PROD -> PLAT "
        "(PROD/WEB needs PLAT/API; PLAT/OPS needs PROD/WEB)\n"
    )
    assert cli("--db", url, "programs").out.count("PLAT") == 0  # all or nothing


def test_replacing_the_predecessor_program_keeps_the_links_into_it(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    plat, prod = files(tmp_path)
    assert cli("--db", url, "import", str(plat), str(prod)).code == 0
    again = cli("--db", url, "import", "--replace", str(plat))
    assert again.code == 0, again.err
    assert (
        "{program: PLAT, project: API, type: FS, lag: 5}" in cli("--db", url, "export", "PROD").out
    )
    plat.write_text(plat.read_text().replace("key: API", "key: APX").replace("[API]", "[APX]"))
    refused = cli("--db", url, "import", "--replace", str(plat))
    assert refused.code == 1
    assert refused.err == (
        "progtui: project WEB of PROD depends on PLAT's project 'API', which the new PLAT does "
        "not have: keep it, or remove that dependency from PROD first\n"
    )


@settings(deadline=None, max_examples=40)
@given(programs(), programs())
def test_a_program_with_no_links_to_another_is_analysed_as_alone(case, other) -> None:  # type: ignore[no-untyped-def]
    """SPEC 6: the portfolio analysis of programs without cross links equals each alone."""
    (data, today), (up, _) = case, other
    up = dataclasses.replace(up, program=dataclasses.replace(up.program, key="UP"))
    together = analyze(dataclasses.replace(data, upstream=(up,)), today)
    alone = analyze(data, today)
    assert [r.slot for r in together.projects] == [r.slot for r in alone.projects]
    assert dump_program(data) == dump_program(dataclasses.replace(data, upstream=(up,)))


def test_a_screens_reloads_read_the_programs_upstream_again_only_once_they_changed(
    tmp_path: Path, db_url: str
) -> None:
    """What the app's loads reuse (services.Reuse): PROD's reload after a change of its own
    takes PLAT as read before (the same snapshot); once PLAT's API is three days later (and
    once PLAT is replaced by an import), the reload reads PLAT again and WEB moves with it,
    as a load without reuse says."""
    url = db_url
    plat, prod = files(tmp_path)
    assert cli("--db", url, "import", str(plat), str(prod)).code == 0
    db = open_database(url)
    reuse = services.Reuse()

    def web(reused: bool = True) -> tuple[d.ProgramData, date | None]:
        with db.read() as s:
            data = services.load_program(s, program="PROD", reuse=reuse if reused else None)
        today = date(2027, 2, 1)
        a = analyze(data, today, bounds=reuse.bounds(data, today) if reused else None)
        slot = next(r.slot for r in a.projects if r.project.key == "WEB")
        assert slot is not None
        return data.upstream[0], a.date_of(slot.s)

    first, start = web()
    assert start == date(2027, 3, 22)
    assert cli("--db", url, "set-percent", "PROD", "WEB", "10").code == 0
    again, start = web()
    assert again is first and start == date(2027, 3, 22)
    assert cli("--db", url, "edit", "PLAT", "project", "API", "end=2027-03-17").code == 0
    moved, start = web()
    assert moved is not first and start == date(2027, 3, 25) == web(reused=False)[1]
    plat.write_text(PLAT.replace("DEPENDS", "API").replace("end: 2027-03-12", "end: 2027-03-19"))
    assert cli("--db", url, "import", "--replace", str(plat)).code == 0
    _, start = web()
    assert start == date(2027, 3, 29) == web(reused=False)[1]
    db.dispose()
