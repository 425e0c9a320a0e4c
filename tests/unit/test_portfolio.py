"""One cockpit over the programs (SPEC 6): the portfolio's rows and KPIs, its gapless rank,
audited and undone, and a cross-program link bounding the successor in the portfolio's
analysis as in the program's own."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import text
from test_portfolio_links import files

from conftest import GLOBAL_LAUNCH, RETAIL, cli, load
from progtui import services
from progtui.analysis import analyze
from progtui.errors import Refused
from progtui.identity import set_user
from progtui.store.engine import open_database

TODAY = "2027-03-15"


def test_the_portfolio_of_the_samples_by_rank_with_health_and_why(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    assert cli("--db", url, "import", str(GLOBAL_LAUNCH), str(RETAIL)).code == 0
    shown = json.loads(cli("--db", url, "--today", TODAY, "portfolio", "--format", "json").out)
    assert shown["health"] == "red"  # GLX is red
    glx, rtx = shown["programs"]
    assert (glx["rank"], glx["key"], rtx["rank"], rtx["key"]) == (1, "GLX", 2, "RTX")
    assert glx["reasons"][0] == "red on the critical path: FR-PKG"
    assert (glx["finish"], glx["deadline"], glx["slip"]) == ("2027-09-24", "2027-09-30", -4)
    assert glx["over_allocated"] == ["farid"] and rtx["over_allocated"] == ["omar"]
    # the portfolio's KPIs are over every project: on time 1 of 2 done in GLX, 1 of 1 in RTX
    assert shown["kpis"]["on_time_delivery"] == 2 / 3
    assert shown["kpis"]["risk_exposure"] == glx["risk_exposure"] + rtx["risk_exposure"]
    single = json.loads(cli("--db", url, "--today", TODAY, "status", "GLX", "--format", "json").out)
    assert single["program"]["health"] == glx["health"]


def test_programs_are_ranked_gaplessly_audited_and_undone(tmp_path: Path) -> None:
    url = str(tmp_path / "p.db")
    plat, prod = files(tmp_path)
    assert cli("--db", url, "import", str(GLOBAL_LAUNCH), str(RETAIL), str(plat)).code == 0
    assert cli("--db", url, "import", str(prod)).code == 0  # a new program comes last

    def ranks() -> list[str]:
        out = json.loads(cli("--db", url, "--today", TODAY, "portfolio", "--format", "json").out)
        return [p["key"] for p in out["programs"]]

    assert ranks() == ["GLX", "RTX", "PLAT", "PROD"]
    assert cli("--db", url, "move-program", "PROD", "1").out == "PROD: portfolio rank 4 → 1\n"
    assert ranks() == ["PROD", "GLX", "RTX", "PLAT"]
    assert cli("--db", url, "import", "--replace", str(plat)).code == 0  # keeps its place
    assert ranks() == ["PROD", "GLX", "RTX", "PLAT"]
    bad = cli("--db", url, "move-program", "GLX", "9")
    assert (bad.code, bad.err) == (1, "progtui: a portfolio rank is 1 to 4, not 9\n")
    assert cli("--db", url, "undo", "PROD").out == "Undo: the program portfolio rank back to 4\n"
    assert ranks() == ["GLX", "RTX", "PLAT", "PROD"]
    db = open_database(url)
    with db.read() as s:
        stored = sorted(s.execute(text("SELECT portfolio_rank FROM program")).scalars())
    db.dispose()
    assert stored == [1, 2, 3, 4]


def test_a_move_of_programs_on_a_stale_screen_is_refused_saying_who(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "p.db"))
    load(db, GLOBAL_LAUNCH, RETAIL)
    with db.read() as s:
        seen = services.last_change_id(s)
    set_user("bob")
    with db.write() as s:
        services.move_program(s, program="RTX", to=1)
    set_user("alice")
    try:
        with db.write() as s:
            services.move_program(s, program="GLX", to=1)  # as her screen had it
            services.check_fresh(s, "GLX", seen)
    except Refused as exc:
        assert str(exc).startswith("not saved: bob changed the order of programs at ")
    else:
        raise AssertionError("a move based on a stale order of programs was saved")
    db.dispose()


def test_the_portfolio_analysis_bounds_a_successor_as_its_programs_own_does(
    tmp_path: Path,
) -> None:
    url = str(tmp_path / "p.db")
    plat, prod = files(tmp_path)
    assert cli("--db", url, "import", str(prod), str(plat)).code == 0
    db = open_database(url)
    with db.read() as s:
        rows = services.portfolio(s, today=date(2027, 2, 1))
        alone = analyze(services.load_program(s, program="PROD"), date(2027, 2, 1))
    db.dispose()
    prod_row = next(r for r in rows if r.key == "PROD")
    web = prod_row.analysis.projects[0].slot
    assert web is not None and web == alone.projects[0].slot
    assert prod_row.analysis.calendar.date_of(web.s) == date(2027, 3, 22)


def test_a_database_before_0013_gets_its_programs_ranked_by_key(db_url: str) -> None:
    from test_store import downgraded

    db = open_database(db_url)
    load(db, RETAIL, GLOBAL_LAUNCH)
    with downgraded(db, "0012"):
        pass
    db.dispose()
    again = open_database(db_url)
    with again.read() as s:
        ranked = s.execute(text("SELECT key, portfolio_rank FROM program ORDER BY key")).all()
    again.dispose()
    assert [tuple(r) for r in ranked] == [("GLX", 1), ("RTX", 2)]


def test_a_link_at_risk_is_one_whose_predecessor_moves_the_successor_past_its_plan(
    tmp_path: Path,
) -> None:
    """By hand: API runs 2027-03-01 to 03-12; WEB needs it FS +5, so it may start Mon 03-22
    at the earliest: 15 working days after its planned start of 03-01, finishing 03-26 past
    its end of 03-05. Planned to start on 03-22 it is on plan, and done it is history: no
    risk in either."""
    from progtui.analysis.portfolio import links_at_risk

    def at_risk(replace: tuple[str, str] = ("", "")) -> list[tuple[object, ...]]:
        url = str(tmp_path / f"p{len(replace[1])}.db")
        plat, prod = files(tmp_path)
        prod.write_text(prod.read_text().replace(*replace))
        assert cli("--db", url, "import", str(prod), str(plat)).code == 0
        db = open_database(url)
        with db.read() as s:
            rows = services.portfolio(s, today=date(2027, 2, 1))
        db.dispose()
        return [
            (x.program, x.project, x.pred_program, x.pred_project, x.earliest_start, x.late_days)
            for x in links_at_risk(rows)
        ]

    assert at_risk() == [("PROD", "WEB", "PLAT", "API", date(2027, 3, 22), 15)]
    planned_later = (
        "start: 2027-03-01\n    end: 2027-03-05",
        "start: 2027-03-22\n    end: 2027-03-26",
    )
    assert at_risk(planned_later) == []
    done = (
        "status: approved",
        "status: done\n    actual_start: 2027-01-04\n    actual_end: 2027-01-08\n"
        "    percent_complete: 100",
    )
    assert at_risk(done) == []
