"""t: a triage meeting in the cockpit. n/N step through the agenda, x marks an item
discussed, t ends it and writes the minutes (through the one save worker).

What was changed while an item was open belongs to it: the item's span of audit change ids
starts at the newest change the screen knows of (loaded, or committed by us), so stepping
reads nothing from the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static

from progtui import services
from progtui.app.dialogs.ask import Ask
from progtui.app.dialogs.choose import Confirm
from progtui.app.dialogs.leave import Leave
from progtui.app.glyphs import glyphs_of
from progtui.app.saving import Change
from progtui.app.screens.edits import Edits
from progtui.datafiles import write_text
from progtui.errors import ProgtuiError, Refused
from progtui.services.meetings import Meeting
from progtui.text import one_line

if TYPE_CHECKING:
    from sqlmodel import Session


class Triage(Edits):
    """The meeting's keys and its bar."""

    meeting: Meeting | None = None
    start_triage = False  # progtui triage: begin the meeting once the data is in
    _clock: Timer | None = None

    @dataclass
    class AgendaRead(Message):
        """The agenda of a meeting about to begin, read in a worker."""

        meeting: Meeting

    def action_add(self) -> None:
        if self.meeting is not None:  # in a triage meeting n is the next item
            self.action_triage_step(1)
        else:
            super().action_add()

    def action_triage(self) -> None:
        """t: start a triage meeting (asking who is there), or end it and write the minutes."""
        if self.program is None:
            return
        if self.meeting is None:

            def attendees(text: str | None) -> None:
                if text is not None:
                    people = tuple(a.strip() for a in text.split(",") if a.strip())
                    self._begin_meeting(self.program or "", people)

            self.app.push_screen(
                Ask("Triage meeting: who is here? (names, comma-separated)"), attendees
            )
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._end_meeting()

        self.app.push_screen(Confirm("End the meeting and write the minutes?"), confirmed)

    @work(thread=True, exclusive=True, group="triage")
    def _begin_meeting(self, program: str, attendees: tuple[str, ...]) -> None:
        try:
            with self.database.read() as session:
                items = services.triage_agenda(session, program=program, today=self.today)
        except ProgtuiError as exc:  # the database out of reach, say
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        self.post_message(self.AgendaRead(Meeting(program, attendees, items, datetime.now())))

    def on_triage_agenda_read(self, message: AgendaRead) -> None:
        meeting = message.meeting
        if not meeting.items:
            self.notify(
                "Nothing on the agenda: no red, late, risky, occurred or over-allocated items",
                markup=False,
            )
            return
        self.meeting = meeting
        meeting.open(0, self.newest())
        self.query_one("#triage-bar", Static).add_class("-on")
        self._clock = self.set_interval(1, self._show_triage)
        self._go_to_item()

    def action_triage_step(self, step: int) -> None:
        m = self.meeting
        if m is None:
            return
        index = min(max(m.current + step, 0), len(m.items) - 1)
        if index != m.current:
            m.open(index, self.newest())
        self._go_to_item()

    def action_triage_mark(self) -> None:
        if self.meeting is not None:
            self.meeting.mark()
            self._show_triage()

    def _go_to_item(self) -> None:
        m = self.meeting
        if m is None:
            return
        item = m.items[m.current]
        key = item.key.partition("/")[0] if item.kind == "milestone" else item.key
        self.jump_to("project" if item.kind == "milestone" else item.kind, key)
        self._show_triage()

    def _show_triage(self) -> None:
        m = self.meeting
        if m is None:
            return
        item = m.items[m.current]
        seconds = int((datetime.now() - m.started).total_seconds())
        g = glyphs_of(self)
        done = g.say("✓ discussed  ") if m.current in m.discussed else ""
        self.query_one("#triage-bar", Static).update(
            Text.assemble(
                ("TRIAGE ", "bold"),
                f"{m.current + 1}/{len(m.items)}  ",
                f"{seconds // 60:02d}:{seconds % 60:02d}  ",
                (done, "bold green"),
                (one_line(item.title), "bold"),
                f"  {one_line(item.why)}",
                (g.say("   n/N next/previous · x discussed · t end"), "dim"),
            )
        )

    def _end_meeting(self, *, then_quit: bool = False) -> None:
        from progtui.reports.minutes import compose, minutes_file

        m = self.meeting
        if m is None:
            return

        def write(session: Session) -> str:
            try:
                _, text = services.save_minutes(
                    session, meeting=m, ended=datetime.now(), compose=compose
                )
            except ProgtuiError as exc:
                raise Refused(f"minutes not written: {exc}") from exc
            return text

        def kept(text: object) -> None:
            # the file only once the record is committed: never a file of minutes that were
            # not kept, and minutes kept even when the file cannot be written
            path = minutes_file(m.program, m.started)
            try:
                write_text(path, str(text))  # private, or the group's in a shared folder
            except OSError as exc:
                self._ended(None, f"{path}: {exc.strerror or exc}")
            else:
                self._ended(str(path))
            if then_quit:
                self.app.exit()

        self.save(Change(write, after=kept))

    # --- quitting ------------------------------------------------------------------------------
    def ask_before_quit(self) -> None:
        """q (or ctrl+q): quit, unless something would be lost. A dialog with typed values
        asks to save them and quit, discard them and quit, or stay; then a meeting on asks to
        write the minutes and quit, discard the meeting and quit, or stay."""
        typed = next(
            (
                s
                for s in reversed(self.app.screen_stack)
                if getattr(s, "changed", None) is not None and s.changed()
            ),
            None,
        )
        if typed is not None:
            title = getattr(typed, "title_text", None) or getattr(typed, "question", "the form")

            def answered(answer: str | None) -> None:
                if answer == "keep":
                    typed.save_then(self.ask_before_quit)
                elif answer == "discard":
                    typed.dismiss(None)
                    self.ask_before_quit()

            self.app.push_screen(
                Leave(
                    f"{one_line(str(title))}: what you typed is not saved.",
                    "s",
                    "save it and quit",
                    "discard it and quit",
                ),
                answered,
            )
            return
        m = self.meeting
        if m is None:
            self.app.exit()
            return
        minutes = int((datetime.now() - m.started).total_seconds()) // 60

        def decided(answer: str | None) -> None:
            if answer == "keep":
                self._end_meeting(then_quit=True)
            elif answer == "discard":
                self.app.exit()

        self.app.push_screen(
            Leave(
                f"The triage meeting is on ({len(m.discussed)} of {len(m.items)} items "
                f"discussed, {minutes} min); its minutes are not written.",
                "w",
                "write the minutes and quit",
                "discard the meeting and quit",
            ),
            decided,
        )

    def _ended(self, path: str | None, why: str = "") -> None:
        self.meeting = None
        if self._clock is not None:
            self._clock.stop()
        self.query_one("#triage-bar", Static).remove_class("-on")
        if path is None:
            self.notify(
                f"minutes kept in the database (progtui minutes {self.program} prints them); "
                f"no file written: {why}",
                severity="warning",
                timeout=20,
                markup=False,
            )
            return
        self.notify(
            f"minutes written to {path} (progtui minutes {self.program} reprints them)",
            timeout=20,
            markup=False,
        )
