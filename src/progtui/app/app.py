"""The progtui app: a program cockpit driven by the keyboard.

The App holds what is the user's: settings, themes and the keymap; its screen is the main
screen (screens/main.py), which loads, shows and saves the program (saving.py); dialogs are
pushed on top of it.

Given a way to open the database rather than a database (the command line does so), the
first frame is a skeleton of the cockpit drawn before anything heavy is imported; a worker
then imports the program's modules (SQLAlchemy, the analysis) and opens the database, and the
main screen takes the skeleton's place. This module imports only Textual and small leaves.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.widgets import Static
from textual.worker import WorkerFailed

from progtui.app.commands import JumpProvider
from progtui.app.glyphs import glyphs
from progtui.app.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from progtui.app.model import Loaded
    from progtui.app.screens.main import MainScreen
    from progtui.services.meetings import Meeting
    from progtui.settings import Settings
    from progtui.store.engine import Database, Watcher


class AsciiScrollBarRender(ScrollBarRender):
    """Scrollbars without the eighth-block characters: the thumb is whole cells in reverse
    video (so it shows under NO_COLOR too)."""

    VERTICAL_BARS: ClassVar[list[str]] = [" "] * 8
    HORIZONTAL_BARS: ClassVar[list[str]] = [" "] * 8


class Skeleton(Screen[None]):
    """The first frame: the header, the pane's column heads, the status line and the footer,
    while a worker imports the program's modules and opens the database."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "app.quit", "Quit", id="app.quit")]

    def compose(self) -> ComposeResult:
        yield Static(Text("progtui  opening the program…", "bold"), classes="skeleton-header")
        yield Static(Text("   # key         name", "bold"), classes="skeleton-table")
        yield Static(Text("loading", "italic"), classes="skeleton-status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.call_after_refresh(self.app.open_program)  # type: ignore[attr-defined]


class ProgtuiApp(App[None]):
    """Settings, themes and keymap; the cockpit is the main screen."""

    TITLE = "progtui"
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {JumpProvider}

    def __init__(
        self,
        database: Database | Callable[[], Database],
        *,
        program: str | None = None,
        today: date | None = None,
        theme: str | None = None,
        triage: bool = False,
        ascii: bool = False,
    ) -> None:
        """*database*, or a function opening it once the first frame is drawn (see the module);
        *ascii*: draw with ASCII only (glyphs.ascii_terminal() says when, at the command
        line); the app's class `-ascii` switches Textual's borders and scrollbars too."""
        super().__init__()
        self.glyphs = glyphs(ascii)
        self.set_class(ascii, "-ascii")
        ScrollBar.renderer = AsciiScrollBarRender if ascii else ScrollBarRender
        self.crashed: BaseException | None = None  # what ended the app, if a bug did
        self.requested_theme = theme
        self._main_options = (program, today or date.today(), triage)
        self.main: MainScreen | None = None
        self.settings: Settings | None = None  # read once mounted
        self.problems: list[str] = []  # with the settings and themes, said once
        self._opener: Callable[[], Database] | None = None
        if callable(database):
            self._opener = database
        else:
            self.database = database
            self.main = self._main_screen()

    def _main_screen(self) -> MainScreen:
        from progtui.app.screens.main import MainScreen

        program, today, triage = self._main_options
        return MainScreen(self.database, program=program, today=today, triage=triage)

    def open_program(self) -> None:
        """After the skeleton's first frame: import, open, then show the main screen."""
        self._open()

    @work(thread=True, exclusive=True, group="open")
    def _open(self) -> None:
        import progtui.app.screens.main  # noqa: F401  the program's modules, off the UI thread

        assert self._opener is not None
        self.database = self._opener()
        self.call_from_thread(self._install)

    def _install(self) -> None:
        self.main = self._main_screen()
        self.push_screen(self.main)  # over the skeleton, which stays beneath, unseen
        if self.settings is not None:  # else on_mount checks it
            self._check_keymap()

    # what tests and the command palette ask of the program on screen
    @property
    def loaded(self) -> Loaded | None:
        return self.main.loaded if self.main else None

    @property
    def meeting(self) -> Meeting | None:
        return self.main.meeting if self.main else None

    @property
    def watcher(self) -> Watcher:
        assert self.main is not None
        return self.main.watcher

    def jump_to(self, kind: str, key: str) -> None:
        if self.main:
            self.main.jump_to(kind, key)

    def _handle_exception(self, error: Exception) -> None:
        """A bug ends the app, as in Textual, but without its traceback (which renders every
        local, and takes a minute on a large program): the command line says it in one line
        and exits 1 (cli/launch.py). PROGTUI_DEBUG=1 keeps Textual's traceback."""
        if self.crashed is None:
            self.crashed = error.error if isinstance(error, WorkerFailed) else error
        if os.environ.get("PROGTUI_DEBUG"):
            super()._handle_exception(error)
            return
        self._return_code = 1
        if self._exception is None:  # what Pilot re-raises in a test
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def get_key_display(self, binding: Binding) -> str:
        """Textual's key names (⏎, ↑), or in ASCII the key's own name (enter, up)."""
        shown = super().get_key_display(binding)
        if self.glyphs.ascii and not shown.isascii():
            key = binding.key.split(",")[0]
            shown = {"question_mark": "?"}.get(key, key.replace("_", " "))
        return shown

    def _get_dom_base(self) -> DOMNode:
        """Queries from the app go to the cockpit, also when it was pushed over the skeleton
        (Textual's default: the screen at the bottom of the stack)."""
        return self.main if self.main is not None else super()._get_dom_base()

    def get_default_screen(self) -> Screen[None]:
        """The cockpit is the screen at the bottom of the stack; dialogs go on top (the
        skeleton until the program's modules are imported)."""
        return self.main or Skeleton()

    def on_mount(self) -> None:
        from progtui.app.themes import DEFAULT, load_themes
        from progtui.settings import load_settings

        settings = load_settings()
        self.settings = settings
        themes, problems = load_themes()
        problems = [*settings.problems, *problems]
        for theme in themes:
            self.register_theme(theme)
        wanted = self.requested_theme or settings.theme or DEFAULT
        if wanted not in self.available_themes:
            problems.append(f"unknown theme {wanted!r}; using {DEFAULT}")
            wanted = DEFAULT if DEFAULT in self.available_themes else "textual-dark"
        self.theme = wanted
        self.problems = problems
        if self.main is not None:
            self._check_keymap()

    def _check_keymap(self) -> None:
        """The settings' keymap against the cockpit's bindings, then every problem found in
        one notification (the keymap needs the main screen's modules)."""
        from progtui.app.keymap import keymap_problems
        from progtui.app.screens.main import PANE_CHAINS, MainScreen

        assert self.settings is not None
        problems, keymap = self.problems, self.settings.keymap
        if keymap:
            chains: list[list[type]] = [[type(self), MainScreen, *c] for c in PANE_CHAINS]
            known, wrong = keymap_problems(keymap, chains)
            problems += wrong
            self.set_keymap({k: v for k, v in keymap.items() if k in known})
        if problems:
            self.notify("\n".join(problems), severity="warning", timeout=15, markup=False)

    def watch_theme(self, theme: str) -> None:
        from progtui.reports.look import use_palette

        found = self.available_themes.get(theme)
        if found is not None:
            use_palette(found.variables)
        if self.main is not None:
            from progtui.app.widgets.line_table import LineTable

            self.main.show_all()  # colours are baked into the rows: draw them again
            for table in self.main.query(LineTable):
                table.redraw()

    async def on_event(self, event: events.Event) -> None:
        """A key typed on the cockpit that comes back here unhandled once a dialog is up (it
        was typed ahead of the dialog, which the key before it opened) is typed again on the
        dialog: keys typed ahead reach the dialog, in order, never the screen under it."""
        if (
            isinstance(event, events.Key)
            and event.is_forwarded
            and getattr(event, "typed_on", None) is not None
            and getattr(event, "typed_on", None) is not self.screen
        ):
            event.stop()
            self.post_message(events.Key(event.key, event.character))
            return
        await super().on_event(event)

    async def action_quit(self) -> None:
        """q and ctrl+q: quit, unless a meeting's minutes or typed values would be lost
        (then ask: save, discard, or stay). Before the program is on screen, nothing is."""
        if self.main is None:
            self.exit()
        else:
            self.main.ask_before_quit()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
