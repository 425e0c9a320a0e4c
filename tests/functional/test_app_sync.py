"""Y on a project: the project manager's MS Project file asked for, its changes listed, saved on
y through the one save worker (and undone by u), refused saying who when someone else changed
the project while the changes were on screen."""

from __future__ import annotations

import io
import os
import re
from datetime import date
from pathlib import Path

from rich.console import Console

from conftest import GLOBAL_LAUNCH, TODAY, _db, capture_notes, settled
from progtui import domain as d
from progtui import identity, services
from progtui.app.app import ProgtuiApp
from progtui.app.dialogs.sync import SyncReview
from progtui.app.widgets.project_detail import ProjectDetail

PLAN = Path(__file__).parent.parent / "data" / "mspdi" / "de-reg-plan.xml"


def de_reg(db) -> d.Project:  # type: ignore[no-untyped-def]
    with db.read() as s:
        data = services.load_program(s, program="GLX")
    return next(p for p in data.projects if p.key == "DE-REG")


def text_of(widget) -> str:  # type: ignore[no-untyped-def]
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


async def ask_for(pilot, path: Path) -> SyncReview:  # type: ignore[no-untyped-def]
    """On the Projects pane, DE-REG selected: Y, the file's path, enter; the listed changes."""
    await pilot.press("2")
    assert pilot.app.screen.query_one("#projects-table").current_key == "DE-REG"
    await pilot.press("Y")
    await settled(pilot)
    await pilot.press(*os.path.relpath(path), "enter")  # as typed: from where progtui runs
    await settled(pilot)
    assert isinstance(pilot.app.screen, SyncReview)
    return pilot.app.screen


async def test_y_lists_the_plans_changes_saves_them_on_y_and_u_undoes_them(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    before = de_reg(db)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        notes = capture_notes(app)
        review = await ask_for(pilot, PLAN)
        listed = text_of(review.query_one("#sync-body"))
        assert "project:DE-REG percent_complete: 45 → 46.32" in listed
        assert "milestone:DE-REG/Approval granted due: 2027-04-30 → 2027-05-14" in listed
        assert "not matched: the plan's milestone 'Notified body audit'" in listed
        assert de_reg(db) == before  # listed, not saved
        await pilot.press("y")
        await settled(pilot)
        p = de_reg(db)
        assert (p.percent_complete, p.actual_cost, p.reported_end) == (
            46.32,
            54000.0,
            date(2027, 5, 14),
        )
        assert "synced DE-REG: 6 changes saved" in notes
        await pilot.press("i")  # the detail panel: the plan's finish beside the forecast
        await settled(pilot)
        detail = text_of(app.query_one(ProjectDetail).query_one("#detail-body"))
        assert re.search(r"PM plan +finish 2027-05-14 \(MS Project\)", detail)
        assert detail.index("forecast") < detail.index("PM plan")
        await pilot.press("u")
        await settled(pilot)
        assert de_reg(db) == before


async def test_n_cancels_and_a_file_that_is_no_plan_is_said_in_the_dialog(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    before = de_reg(db)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        review = await ask_for(pilot, Path("nope.xml"))
        assert text_of(review.query_one("#sync-body")).strip() == "nope.xml:1:1: no such file"
        await pilot.press("y")  # nothing to save: the dialog stays
        await settled(pilot)
        assert isinstance(app.screen, SyncReview)
        await pilot.press("escape")
        await ask_for(pilot, PLAN)
        await pilot.press("n")
        await settled(pilot)
        assert not isinstance(app.screen, SyncReview)
    assert de_reg(db) == before


async def test_a_change_by_someone_else_while_the_list_is_shown_refuses_the_save_saying_who(
    tmp_path: Path,
) -> None:
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        notes = capture_notes(app)
        await ask_for(pilot, PLAN)
        identity.set_user("bob")  # another account, in another session
        with db.write() as s:
            services.set_actual_cost(s, program="GLX", project="DE-REG", amount=60000)
        identity.set_user(None)
        await pilot.press("y")
        await settled(pilot)
        refused = [n for n in notes if n.startswith("not saved:")]
        assert len(refused) == 1
        assert refused[0].startswith("not saved: bob changed project:DE-REG actual_cost at ")
        p = de_reg(db)
        assert (p.actual_cost, p.percent_complete, p.reported_end) == (60000.0, 45, None)
