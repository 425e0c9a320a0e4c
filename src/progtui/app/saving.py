"""The app's one door for changes, and its loads.

Every change (a move, a field, a form, a reallocation, a decision, a delete, a baseline, an
undo) is a `Change`: the service call to run, built on the UI thread from what the widgets
hold. `Saver.save` starts the one save worker with the screen's version (the newest audit
change it has loaded, for `services.check_fresh`); the worker commits, posts `Saved`, then
loads the program again and posts `DataLoaded`. Loads are numbered in the order they read
the database: one read before the snapshot on screen is dropped, and so is a load whose
worker was superseded (another program asked for meanwhile).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from progtui import services
from progtui.app.model import Loaded, load
from progtui.errors import ProgtuiError
from progtui.store.engine import Database, Watcher

if TYPE_CHECKING:
    from sqlmodel import Session

_reads = itertools.count(1)  # the order loads read the database in (next() is atomic)


@dataclass(frozen=True, slots=True)
class Change:
    """One change a user asked for. *apply* runs a service in the worker's transaction and
    must not touch a widget; *after* gets its result on the UI thread once it is saved;
    *reply* (a form waiting for the outcome) gets the refusal, or None."""

    apply: Callable[[Session], object]
    after: Callable[[object], None] | None = None
    reply: Callable[[str | None], None] | None = None


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

    def __init__(self, database: Database, *, program: str | None, today: date) -> None:
        super().__init__()
        self.database = database
        self.program = program
        self.today = today
        self.loaded: Loaded | None = None
        self.shown_order = 0  # the read order of the snapshot on screen
        self.saved_version = 0  # the newest change id of our own commits
        self._writing = threading.Lock()  # one commit at a time, in the order asked

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
        this tiny query, or a PostgreSQL reconnect, stays off the UI thread)."""
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
    def _load(self, program: str | None) -> None:
        order, loaded = self._read(program)
        if not get_current_worker().is_cancelled:  # superseded: another load was asked for
            self.post_message(self.DataLoaded(loaded, order))

    def _read(self, program: str | None) -> tuple[int, Loaded]:
        order = next(_reads)
        return order, load(self.database, program, self.today)

    def on_saver_data_loaded(self, message: DataLoaded) -> None:
        if message.order < self.shown_order:
            return  # read before what is on screen: older
        data = message.loaded.data
        if data and self.program in message.loaded.programs and data.program.key != self.program:
            return  # a save's load of the program shown before another was asked for
        self.shown_order = message.order
        before = self.loaded
        self.loaded = message.loaded
        self.shown(before, message.loaded)

    def shown(self, before: Loaded | None, loaded: Loaded) -> None:
        """Put a newly loaded snapshot on screen (*before*: the one it replaces)."""
        raise NotImplementedError

    # --- saving ------------------------------------------------------------------------------
    def save(self, change: Change) -> None:
        """Save *change* against the version on screen now (read here, on the UI thread)."""
        self._save(change, self.program or "", self.version())

    @work(thread=True, group="save")
    def _save(self, change: Change, program: str, seen: int) -> None:
        with self._writing:
            try:
                with self.database.write() as session:
                    result = change.apply(session)
                    services.check_fresh(session, program, seen)
                    version = services.last_change_id(session)
            except ProgtuiError as exc:
                self.post_message(self.Saved(change, str(exc)))
                return
            self.watcher.changed()  # our own commit: the load below shows it
        self.post_message(self.Saved(change, None, result, version))
        order, loaded = self._read(program)
        self.post_message(self.DataLoaded(loaded, order))

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
