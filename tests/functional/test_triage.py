"""Triage meetings: the agenda of the samples, a whole meeting driven by its keys, minutes."""

from __future__ import annotations

from pathlib import Path

from conftest import GLOBAL_LAUNCH, RETAIL, TODAY, cli, load, settled
from progtui import services
from progtui.analysis import analyze
from progtui.analysis.agenda import agenda
from progtui.app.app import ProgtuiApp
from progtui.interchange import read_program
from progtui.store.engine import open_database


def test_the_agenda_of_the_samples_most_urgent_first() -> None:
    glx = agenda(analyze(read_program(GLOBAL_LAUNCH), TODAY))
    assert [(i.kind, i.key) for i in glx] == [
        ("project", "FR-REG"),
        ("project", "FR-PKG"),
        ("project", "ES-REG"),
        ("milestone", "ES-REG/Dossier submitted"),
        ("milestone", "DE-REG/Regulator questions answered"),
        ("risk", "R7"),  # an issue: it occurred
        ("risk", "R2"),
        ("risk", "R4"),
        ("person", "alice"),
        ("person", "farid"),
    ]
    assert glx[0].why.endswith(
        "; broken dependency: started 2027-01-18, but FS predecessor FR-PKG has not finished "
        "(forecast 2027-03-15)"
    )
    assert glx[1].why.endswith("; critical with -22 working days of float")  # once, two reasons
    assert glx[5].why == "issue: it occurred (15)"
    assert glx[6].why == "critical (16); overdue: due 2027-03-12, 3 days ago"
    assert glx[9].why == "over capacity: 120% in 2027-03"
    rtx = agenda(analyze(read_program(RETAIL), TODAY))
    assert [(i.kind, i.key) for i in rtx] == [
        ("project", "ECOM-PLT"),
        ("milestone", "ECOM-PLT/Checkout on new platform"),
        ("risk", "RK1"),
        ("risk", "RK5"),
        ("person", "omar"),
    ]
    assert rtx[2].why == "critical (16); overdue: due 2027-03-05, 10 days ago"


def test_projects_amber_in_the_last_two_reports_come_last(glx_url: str) -> None:
    for day in ("2027-03-08", "2027-03-15"):
        cli("--db", glx_url, "--today", day, "report", "GLX")
    db = open_database(glx_url)
    with db.read() as s:
        items = services.triage_agenda(s, program="GLX", today=TODAY)
    db.dispose()
    tail = [(i.key, i.why) for i in items if i.why == "amber in the last two reports"]
    assert [k for k, _ in tail] == ["DE-REG", "EU-SUP", "FR-MKT", "ES-DIG", "IT-PKG"]
    assert items[-5:] == [i for i in items if i.why == "amber in the last two reports"]


async def test_a_whole_meeting_by_its_keys_writes_minutes_matching_the_database(
    tmp_path: Path,
) -> None:
    db = open_database(str(tmp_path / "app.db"))
    load(db, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY, triage=True)  # as progtui triage GLX opens it
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press(*"Dana, Bruno", "enter")
        await settled(pilot)
        assert app.meeting is not None and app.meeting.current == 0
        assert (
            app.query_one("#projects-table").current_key == "FR-REG"
            or app.query_one("#roadmap-table").current_key == "FR-REG"
        )  # its context on screen
        await pilot.press("x", "d", *"Escalate to legal", "enter")  # item 1: FR-REG
        await settled(pilot)
        await pilot.press("n")  # item 2: FR-PKG
        await pilot.press("percent_sign", *"90", "enter")
        await settled(pilot)
        await pilot.press("x", "n", "n", "N")  # reach item 4, back to 3
        assert app.meeting.current == 2
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("t", "y")
        await settled(pilot)
        assert app.meeting is None
    with db.read() as s:
        text = services.minutes_of(s, program="GLX")
        log = services.changes(s, program="GLX")
    assert "Attendees: Dana, Bruno.\n\n2 of 10 agenda items discussed." in text
    one, two = text.split("## 2. ")[0], text.split("## 2. ")[1].split("## 3. ")[0]
    assert "**Escalate to legal**" in one and "percent" not in one
    assert "FR-PKG % complete: 85 → 90" in two and "Escalate" not in two
    assert [c.new for c in log if c.field == "percent_complete"] == ["90"]  # as the database
    missed = text.split("## Not reached\n\n")[1]
    assert missed.startswith("- ◆ DE-REG: Regulator questions answered")
    path = Path(notes[-1].split("minutes written to ")[1].split(" (progtui")[0])
    assert path.read_text() == text
    db.dispose()


def test_minutes_command(glx_url: str) -> None:
    r = cli("--db", glx_url, "minutes", "GLX")
    assert (r.code, r.err) == (
        1,
        "progtui: no minutes of GLX: end a triage meeting (t in the app) to write some\n",
    )


async def test_minutes_are_kept_when_their_file_cannot_be_written(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The record is the minutes; the file a copy written once the record is committed. A
    minutes folder that cannot be made (a file stands in its place) loses nothing: the
    database keeps them and the toast says where the file could not go."""
    data = tmp_path / "data"
    (data / "progtui").mkdir(parents=True)
    (data / "progtui" / "minutes").write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    db = open_database(str(tmp_path / "app.db"))
    load(db, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY, triage=True)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press(*"Dana", "enter")
        await settled(pilot)
        await pilot.press("x")
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("t", "y")
        await settled(pilot)
        assert app.meeting is None
    with db.read() as s:
        text = services.minutes_of(s, program="GLX")
    db.dispose()
    assert "Attendees: Dana." in text
    assert notes[-1].startswith("minutes kept in the database (progtui minutes GLX prints them)")
    assert "no file written: " in notes[-1] and str(data / "progtui" / "minutes") in notes[-1]
