"""Y: update the selected project from its project manager's MS Project file. Asks for the
file, lists the changes (read and compared in a worker, against the snapshot on screen when
Y was pressed), and on y saves them through the screen's save worker with that snapshot's
version, so that a change someone else made meanwhile refuses the save, saying who."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from progtui import domain as d
from progtui import services
from progtui.app.dialogs.ask import Ask
from progtui.app.glyphs import glyphs_of
from progtui.app.saving import Change
from progtui.errors import ProgtuiError
from progtui.text import one_line

if TYPE_CHECKING:
    from progtui.app.saving import Saver
    from progtui.services import SyncChanges


def plan_path(typed: str) -> Path:
    """The file as typed: quotes around it (a pasted path) and ~ are understood."""
    return Path(typed.strip().strip("'\"")).expanduser()


class SyncReview(ModalScreen["SyncChanges | None"]):
    """The changes the plan brings, one a line: y saves them, n or escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "save", "Save", id="sync.save"),
        Binding("n,escape", "cancel", "Cancel", id="sync.cancel"),
    ]

    @dataclass
    class Read(Message):
        """The plan was read and compared (*changes*), or refused (*refused*)."""

        changes: SyncChanges | None
        refused: str | None

    def __init__(self, data: d.ProgramData, project: str, path: Path) -> None:
        super().__init__()
        self.data = data
        self.project = project
        self.path = path
        self.changes: SyncChanges | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(
                Text(one_line(f"Sync {self.project} from {self.path}"), style="bold"),
                id="sync-title",
            )
            yield Static(Text(glyphs_of(self).say("reading the plan…")), id="sync-body")
            yield Static(Text("n or escape: cancel"), id="sync-keys")

    def on_mount(self) -> None:
        self._read()

    @work(thread=True, exclusive=True)
    def _read(self) -> None:
        try:
            found = services.plan_changes(self.data, project=self.project, path=self.path)
        except ProgtuiError as exc:
            self.post_message(self.Read(None, str(exc)))
            return
        self.post_message(self.Read(found, None))

    def on_sync_review_read(self, message: Read) -> None:
        body = self.query_one("#sync-body", Static)
        keys = self.query_one("#sync-keys", Static)
        if message.changes is None:
            body.update(Text(one_line(message.refused or ""), style="bold red"))
            return
        self.changes = found = message.changes
        lines = [str(c) for c in found.changes] or ["nothing to change"]
        body.update(Text("\n".join(one_line(x) for x in [*lines, *found.notes()])))
        if found.changes:
            n = len(found.changes)
            keys.update(
                Text(
                    glyphs_of(self).say(
                        f"y: save these {n} change{'s' * (n != 1)} (u undoes them) · n: cancel"
                    )
                )
            )

    def action_save(self) -> None:
        if self.changes is not None and self.changes.changes:
            self.dismiss(self.changes)

    def action_cancel(self) -> None:
        self.dismiss(None)


def sync_selected(screen: Saver, project: str | None) -> None:
    """Ask for the plan of *project*, show what it changes, save it on y."""
    loaded = screen.loaded
    if project is None or loaded is None or loaded.data is None:
        screen.notify("select a project: Y updates it from its MS Project file", markup=False)
        return
    data, seen = loaded.data, screen.version()  # the snapshot compared, and its stamp

    def reviewed(changes: SyncChanges | None) -> None:
        if changes is None:
            return
        n = len(changes.changes)
        screen.save(
            Change(
                lambda s: services.sync_project(s, changes=changes, seen=seen),
                after=lambda _: screen.notify(
                    f"synced {project}: {n} change{'s' * (n != 1)} saved", markup=False
                ),
            )
        )

    def answered(typed: str | None) -> None:
        if typed:
            screen.app.push_screen(SyncReview(data, project, plan_path(typed)), reviewed)

    screen.app.push_screen(
        Ask(f"Update {project} from its project manager's MS Project file (XML):"), answered
    )
