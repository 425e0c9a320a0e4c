"""The app's one save path and its loads: nothing read on the UI thread, widgets read only
there, a superseded load dropped, a delete naming its target, a refusal never announced as
done. Each test reproduced its bug before the fix."""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from rich.console import Console
from sqlmodel import Session
from test_app import TODAY, _db, settled, table

from conftest import GLOBAL_LAUNCH, RETAIL
from progtui import identity, services
from progtui.app.app import ProgtuiApp
from progtui.app.widgets.program_header import ProgramHeader
from progtui.store.engine import Database


def on_ui_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class Watched:
    """The app's database, noting every read made on the UI thread, and able to hold the
    next read (once its data is read) until released."""

    def __init__(self, inner: Database) -> None:
        self.inner = inner
        self.ui_reads: list[str] = []
        self.reads = 0
        self.hold_next = False
        self.held = threading.Event()
        self.release = threading.Event()

    def __getattr__(self, name: str) -> object:
        return getattr(self.inner, name)

    @contextmanager
    def read(self) -> Iterator[Session]:
        if on_ui_thread():
            self.ui_reads.append("".join(traceback.format_stack(limit=6)))
        with self.inner.read() as session:
            yield session
        self.reads += 1
        if self.hold_next:
            self.hold_next = False
            self.held.set()
            self.release.wait(10)


async def until(condition, seconds: float = 5) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out")


async def test_e_reads_the_form_values_off_the_ui_thread(tmp_path: Path) -> None:
    db = Watched(_db(tmp_path, GLOBAL_LAUNCH))
    app = ProgtuiApp(db, today=TODAY)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("2", "e")  # edit DE-REG
        await settled(pilot)
        assert type(app.screen).__name__ == "Form"
        assert str(app.screen.query_one("#f-name").value).startswith("Germany")
        assert db.ui_reads == []


async def test_triage_steps_read_nothing_on_the_ui_thread(tmp_path: Path) -> None:
    db = Watched(_db(tmp_path, GLOBAL_LAUNCH))
    app = ProgtuiApp(db, today=TODAY, triage=True)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("a", "n", "n", "enter")  # attendees: ann
        await settled(pilot)
        assert app.meeting is not None and app.meeting.current == 0
        await pilot.press("n", "n", "N", "x")
        await settled(pilot)
        assert app.meeting.current == 1
        assert db.ui_reads == []


async def test_reallocate_reads_its_fields_only_on_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from progtui.app.dialogs.reallocate import Reallocate

    threads: list[bool] = []
    for name in ("query", "query_one"):
        original = getattr(Reallocate, name)

        def noting(self, *args, _original=original, **kw):  # type: ignore[no-untyped-def]
            threads.append(on_ui_thread())
            return _original(self, *args, **kw)

        monkeypatch.setattr(Reallocate, name, noting)
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("5", "down", "down", "down", "down", "down", "a")  # emma
        await settled(pilot)
        assert isinstance(app.screen, Reallocate)
        app.screen.query_one("#to").value = "ES-PKG"  # type: ignore[attr-defined]
        app.screen.query_one("#fte").value = "0.5"  # type: ignore[attr-defined]
        await settled(pilot)
        console = Console(width=100, record=True)
        console.print(app.screen.query_one("#said").content)  # type: ignore[attr-defined]
        assert "emma 0.5 FTE" in console.export_text()  # what it does is shown
    assert threads and all(threads), "a widget was read from a worker thread"


async def test_a_superseded_load_never_replaces_a_newer_one(tmp_path: Path) -> None:
    """p, p: the load of the first press is held until the second press's load is shown;
    when it finally arrives it is dropped, and the screen stays on the program asked for."""
    db = Watched(_db(tmp_path, GLOBAL_LAUNCH, RETAIL))
    app = ProgtuiApp(db, today=TODAY)  # type: ignore[arg-type]
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        reads = db.reads
        db.hold_next = True
        await pilot.press("p", "enter")  # RETAIL: its load is read, then held
        await until(db.held.is_set)
        await pilot.press("p", "enter")  # back to GLX
        await until(lambda: db.reads >= reads + 2)
        await asyncio.sleep(0.3)
        await pilot.pause()
        assert "GLX" in str(app.query_one(ProgramHeader).content)
        db.release.set()  # the old load arrives last
        await asyncio.sleep(0.5)
        await settled(pilot)
        assert table(app).keys[0] == "DE-REG"
        assert "GLX" in str(app.query_one(ProgramHeader).content)


async def test_delete_removes_the_allocation_chosen_even_after_a_live_refresh(
    tmp_path: Path,
) -> None:
    """ann chooses dana's allocation on DE-REG; before she confirms, bob removes alice's and
    adds bruno's, and the screen refreshes: it is still dana's that goes, not bruno's."""
    db = _db(tmp_path, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)

    def allocations() -> list[str]:
        with db.read() as s:
            p = services.load_program(s, program="GLX").projects[0]
        return [a.person for a in p.allocations]

    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        assert allocations() == ["alice", "dana"]
        await pilot.press("delete", "down", "down", "down", "down", "enter")  # dana's
        assert type(app.screen).__name__ == "Confirm"
        identity.set_user("bob")
        with db.write() as s:
            services.allocate(s, program="GLX", person="alice", project="DE-REG", fte=0)
            services.allocate(s, program="GLX", person="bruno", project="DE-REG", fte=0.2)
        identity.set_user(None)
        await until(
            lambda: (
                app.loaded is not None
                and app.loaded.data is not None
                and [a.person for a in app.loaded.data.projects[0].allocations] == ["dana", "bruno"]
            )
        )
        await pilot.press("y")
        await settled(pilot)
        assert allocations() == ["bruno"]


async def test_a_refused_baseline_is_not_announced_as_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = ProgtuiApp(_db(tmp_path, GLOBAL_LAUNCH), today=TODAY)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        monkeypatch.setattr(app, "notify", lambda message, **kw: notes.append(message))
        await pilot.press("b", "enter")  # "2027-03-15 plan"
        await settled(pilot)
        assert notes == ["comparing with baseline 2027-03-15 plan"]
        notes.clear()
        await pilot.press("b", "enter")  # the same name again: refused, in the prompt
        await settled(pilot)
        assert notes == []
        said = str(app.screen.query_one("#error").content)  # type: ignore[attr-defined]
        assert said == "there is already a baseline '2027-03-15 plan' in GLX"
