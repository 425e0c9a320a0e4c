"""The app's one door for changes, and its loads.

Every change (a move, a field, a form, a reallocation, a decision, a delete, a baseline, an
undo) is a `Change`: the service call to run, built on the UI thread from what the widgets
hold. `Saver.save` starts the one save worker with the screen's version (the newest audit
change it has loaded, for `services.check_fresh`); the worker commits, posts `Saved`, then
loads the program again and posts `DataLoaded`. Loads are numbered in the order they read
the database: one read before the snapshot on screen is dropped, and so is a load whose
worker was superseded (another program asked for meanwhile).

When a load finds the database out of reach (`Unavailable`: a PostgreSQL server stopped or
out of reach), the screen keeps what it shows, says since when in one line, refuses every
change at once, and loads again after 1, 2, 4, 8, then every 15 s (the watcher's news are
not asked meanwhile); the first load that works ends it. A save that fails so (also an
SQLite lock held beyond the busy timeout, a full disk) is rolled back and said in one line.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import get_current_worker

from progtui import services
from progtui.app.glyphs import glyphs_of
from progtui.app.model import Loaded, load
from progtui.errors import Conflict, ProgtuiError, Unavailable
from progtui.store.engine import Database, Watcher

if TYPE_CHECKING:
    from sqlmodel import Session

_reads = itertools.count(1)  # the order loads read the database in (next() is atomic)
RETRY_SECONDS = (1, 2, 4, 8, 15)  # after each failed load in a row; the last one repeats
KEPT = "what you typed is kept: save again to apply it over theirs, or esc to drop it"


class Stamp:
    """The version a change is made against: the newest audit change of the screen a form
    or prompt was opened from (not of whatever is on screen when it is saved: the screen
    reloads meanwhile, and saving against that would silently overwrite what others changed).
    A refusal because someone else changed the same thing moves it to that change, so saving
    again, knowing it, re-applies what was typed."""

    __slots__ = ("seen",)

    def __init__(self, seen: int) -> None:
        self.seen = seen


@dataclass(frozen=True, slots=True)
class Change:
    """One change a user asked for. *apply* runs a service in the worker's transaction and
    must not touch a widget; *after* gets its result on the UI thread once it is saved;
    *reply* (a dialog waiting for the outcome) gets the refusal, or None; *stamp*, what the
    change was made against (None: the screen as it is when saved, for a key that saves at
    once); *order*, whether it moves a project."""

    apply: Callable[[Session], object]
    after: Callable[[object], None] | None = None
    reply: Callable[[str | None], None] | None = None
    stamp: Stamp | None = None
    order: bool = False  # a move: refused if others changed the order, even if it did nothing


class Saver(Screen[None]):
    """A screen showing one program, loaded and saved in workers."""

    watcher: Watcher  # whether another connection committed (opened once mounted)

    @dataclass
    class DataLoaded(Message):
        """A snapshot and its analysis; *order* says when it was read (higher is newer)."""

        loaded: Loaded
        order: int

    @dataclass
    class Saved(Message):
        """A change was committed (*refused* None) or refused; *version* is the newest audit
        change id once it was committed."""

        change: Change
        refused: str | None
        result: object = None
        version: int = 0

    @dataclass
    class Unreachable(Message):
        """A load could not reach the database: *reason* is the driver's one line."""

        reason: str

    def __init__(self, database: Database, *, program: str | None, today: date) -> None:
        super().__init__()
        self.database = database
        self.program = program
        self.today = today
        self.loaded: Loaded | None = None
        self.shown_order = 0  # the read order of the snapshot on screen
        self.saved_version = 0  # the newest change id of our own commits
        self._turn = threading.Condition()  # one commit at a time, in the order asked
        self._asked = 0  # saves asked for (tickets given on the UI thread)
        self._served = 0  # saves done (their worker finished its transaction)
        self.unreachable_since: datetime | None = None  # while loads fail: since when
        self._failed_loads = 0  # in a row, for the backoff
        self._retry: Timer | None = None
        self.reuse = services.Reuse()  # the programs upstream, read again only once changed

    def version(self) -> int:
        """The newest change on screen: a save is refused if others changed the same things
        after it (services.check_fresh)."""
        loaded = self.loaded
        return loaded.changes[-1].id if loaded and loaded.changes else 0

    def newest(self) -> int:
        """The newest change this screen knows of: on screen, or committed by us since."""
        return max(self.version(), self.saved_version)

    class Changed(Message):
        """Another connection committed: the program on screen may be out of date."""

    # --- loading -----------------------------------------------------------------------------
    def poll(self) -> None:
        """Ask the watcher, a few times a second, whether to load again (in a worker: even
        this tiny query, or a PostgreSQL reconnect, stays off the UI thread). Not while the
        database is unreachable: the retries ask then."""
        if self.unreachable_since is None:
            self._poll()

    @work(thread=True, exclusive=True, group="poll")
    def _poll(self) -> None:
        if self.watcher.changed():
            self.post_message(self.Changed())

    def on_saver_changed(self, message: Changed) -> None:
        self.reload()  # the selection and scroll stay

    def reload(self) -> None:
        """Load the program again in the background (the selection and scroll stay)."""
        self._load(self.program)

    @work(thread=True, exclusive=True, group="load")
    def _load(self, program: str | None, *, retry: bool = False) -> None:
        try:
            if retry:  # listen again first (if the connection was lost): no news missed after
                self.watcher.changed()
            order, loaded = self._read(program)
        except Unavailable as exc:
            self.post_message(self.Unreachable(str(exc)))
            return
        if not get_current_worker().is_cancelled:  # superseded: another load was asked for
            self.post_message(self.DataLoaded(loaded, order))

    def _read(self, program: str | None) -> tuple[int, Loaded]:
        order = next(_reads)
        return order, load(self.database, program, self.today, self.reuse)

    def on_saver_data_loaded(self, message: DataLoaded) -> None:
        if message.order < self.shown_order:
            return  # read before what is on screen: older
        data = message.loaded.data
        if data and self.program in message.loaded.programs and data.program.key != self.program:
            return  # a save's load of the program shown before another was asked for
        self.shown_order = message.order
        if self.unreachable_since is not None:  # back: the retries end
            self.unreachable_since, self._failed_loads = None, 0
            if self._retry is not None:
                self._retry.stop()
                self._retry = None
            self.show_unreachable(None)
        before = self.loaded
        self.loaded = message.loaded
        self.shown(before, message.loaded)

    def on_saver_unreachable(self, message: Unreachable) -> None:
        """A load failed: keep the screen, say so, and try again later (one timer at a time,
        whatever else asked for a load meanwhile)."""
        if self.unreachable_since is None:
            self.unreachable_since = datetime.now()
        if self._retry is not None:
            return  # a retry is already due; this was another load (a key, a save)
        wait = RETRY_SECONDS[min(self._failed_loads, len(RETRY_SECONDS) - 1)]
        self._failed_loads += 1
        self._retry = self.set_timer(wait, self._retry_load)
        at = datetime.fromtimestamp(datetime.now().timestamp() + wait)
        self.show_unreachable(
            f"{glyphs_of(self).say('✖')} database unreachable since "
            f"{self.unreachable_since:%H:%M:%S}; "
            f"retry {self._failed_loads} at {at:%H:%M:%S}; nothing can be changed meanwhile "
            f"({message.reason})"
        )

    def _retry_load(self) -> None:
        self._retry = None
        self._load(self.program, retry=True)

    def show_unreachable(self, line: str | None) -> None:
        """Show the line saying the database is out of reach, or hide it (None)."""
        raise NotImplementedError

    def shown(self, before: Loaded | None, loaded: Loaded) -> None:
        """Put a newly loaded snapshot on screen (*before*: the one it replaces)."""
        raise NotImplementedError

    # --- saving ------------------------------------------------------------------------------
    def stamp(self) -> Stamp:
        """The version on screen now, for a dialog about to open (see `Stamp`)."""
        return Stamp(self.version())

    def save(self, change: Change) -> None:
        """Save *change* against its stamp (or the version on screen now, read here on the UI
        thread); refused at once while the database is unreachable. Saves commit one at a
        time in the order asked (each key press counts), and only the last of a run of them
        loads the program again."""
        if self.unreachable_since is not None:
            refused = (
                f"not saved: the database is unreachable since "
                f"{self.unreachable_since:%H:%M:%S}; try again once it is back"
            )
            if change.reply is None:
                self.notify(refused, severity="error", markup=False)
            else:
                change.reply(refused)
            return
        seen = change.stamp.seen if change.stamp is not None else self.version()
        ticket = self._asked
        self._asked += 1
        self._save(change, self.program or "", seen, ticket)

    @work(thread=True, group="save")
    def _save(self, change: Change, program: str, seen: int, ticket: int) -> None:
        worker = get_current_worker()
        with self._turn:  # its turn; or, cancelled (the app ends), nothing
            while not self._turn.wait_for(lambda: self._served == ticket, timeout=0.25):
                if worker.is_cancelled:
                    return
        try:
            saved = self._commit(change, program, seen)
        finally:
            with self._turn:
                self._served += 1
                self._turn.notify_all()
        if saved is None:
            return
        self.post_message(saved)
        if self._asked > ticket + 1:
            return  # another save is waiting: the load after the last one shows them all
        try:
            order, loaded = self._read(program)
        except Unavailable as exc:  # saved, then the connection went: the retries load it
            self.post_message(self.Unreachable(str(exc)))
            return
        self.post_message(self.DataLoaded(loaded, order))

    def _commit(self, change: Change, program: str, seen: int) -> Saved | None:
        """Run the change in its transaction: the committed `Saved`, or None once a refusal
        was posted."""
        try:
            with self.database.write() as session:
                result = change.apply(session)
                services.check_fresh(session, program, seen, order=change.order)
                version = services.last_change_id(session)
        except Unavailable as exc:  # rolled back: nothing of it was written
            why = f"not saved: {exc}; nothing was written, try again"
            self.post_message(self.Saved(change, why))
            return None
        except Conflict as exc:
            why = str(exc)
            if change.stamp is not None:  # saving again, knowing it, re-applies it
                change.stamp.seen = max(change.stamp.seen, exc.newest)
            if change.reply is not None:  # a dialog, which keeps what was typed
                why = f"{exc.head} since you opened this; {KEPT}"
            self.post_message(self.Saved(change, why))
            return None
        except ProgtuiError as exc:
            self.post_message(self.Saved(change, str(exc)))
            return None
        self.watcher.changed()  # our own commit: the load that follows shows it
        return self.Saved(change, None, result, version)

    def on_saver_saved(self, message: Saved) -> None:
        change = message.change
        if message.refused is not None:
            self.refuse(message.refused, quiet=change.reply is not None)
        else:
            self.saved_version = max(self.saved_version, message.version)
            if change.after is not None:
                change.after(message.result)
        if change.reply is not None:
            change.reply(message.refused)

    def refuse(self, reason: str, *, quiet: bool = False) -> None:
        """A change broke a rule; nothing was saved: say why (unless a dialog does), and show
        the database as it is, whatever the refusal was about."""
        if not quiet:
            self.notify(reason, severity="error", markup=False)
        self.reload()
