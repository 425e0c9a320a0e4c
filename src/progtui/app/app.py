"""The progtui app: a program cockpit driven by the keyboard.

The App holds what is the user's: settings, themes and the keymap; its screen is the main
screen (screens/main.py), which loads, shows and saves the program (saving.py); dialogs are
pushed on top of it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from textual import events
from textual.app import App
from textual.worker import WorkerFailed

from progtui.app.commands import JumpProvider
from progtui.app.model import Loaded
from progtui.app.screens.main import PANE_CHAINS, MainScreen
from progtui.services.meetings import Meeting
from progtui.store.engine import Database, Watcher


class ProgtuiApp(App[None]):
    """Settings, themes and keymap; the cockpit is the main screen."""

    TITLE = "progtui"
    CSS_PATH = Path(__file__).parent / "app.tcss"  # absolute: subclasses live elsewhere
    COMMANDS = App.COMMANDS | {JumpProvider}

    def __init__(
        self,
        database: Database,
        *,
        program: str | None = None,
        today: date | None = None,
        theme: str | None = None,
        triage: bool = False,
    ) -> None:
        super().__init__()
        self.database = database
        self.crashed: BaseException | None = None  # what ended the app, if a bug did
        self.requested_theme = theme
        self.main = MainScreen(
            database, program=program, today=today or date.today(), triage=triage
        )

    # what tests and the command palette ask of the program on screen
    @property
    def loaded(self) -> Loaded | None:
        return self.main.loaded

    @property
    def meeting(self) -> Meeting | None:
        return self.main.meeting

    @property
    def watcher(self) -> Watcher:
        return self.main.watcher

    def jump_to(self, kind: str, key: str) -> None:
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

    def get_default_screen(self) -> MainScreen:
        """The cockpit is the screen at the bottom of the stack; dialogs go on top."""
        return self.main

    def on_mount(self) -> None:
        from progtui.app.keymap import keymap_problems
        from progtui.app.themes import DEFAULT, load_themes
        from progtui.settings import load_settings

        settings = load_settings()
        themes, problems = load_themes()
        problems = [*settings.problems, *problems]
        for theme in themes:
            self.register_theme(theme)
        wanted = self.requested_theme or settings.theme or DEFAULT
        if wanted not in self.available_themes:
            problems.append(f"unknown theme {wanted!r}; using {DEFAULT}")
            wanted = DEFAULT if DEFAULT in self.available_themes else "textual-dark"
        self.theme = wanted
        if settings.keymap:
            chains: list[list[type]] = [[type(self), MainScreen, *c] for c in PANE_CHAINS]
            known, wrong = keymap_problems(settings.keymap, chains)
            problems += wrong
            self.set_keymap({k: v for k, v in settings.keymap.items() if k in known})
        if problems:
            self.notify("\n".join(problems), severity="warning", timeout=15, markup=False)

    def watch_theme(self, theme: str) -> None:
        from progtui.reports.look import use_palette

        found = self.available_themes.get(theme)
        if found is not None:
            use_palette(found.variables)
        self.main.show_all()  # colours are baked into the rows: draw them again

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
        (then ask: save, discard, or stay)."""
        self.main.ask_before_quit()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
