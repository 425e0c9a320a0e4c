"""The progtui app: a program cockpit driven by the keyboard.

Data flows one way: a worker loads the snapshot and its analysis (plain data) and posts it; the
handlers update the widgets. A change goes through the same service function as the command
line, in its own transaction, and the screen then reloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ContentSwitcher, Footer

from progtui.app.model import Loaded, load
from progtui.app.panes.projects import ProjectsPane
from progtui.app.panes.ranked import RankedPane
from progtui.app.panes.roadmap import RoadmapPane
from progtui.app.widgets.line_table import LineTable
from progtui.app.widgets.program_header import ProgramHeader
from progtui.app.widgets.project_detail import ProjectDetail
from progtui.db import Database
from progtui.errors import ProgtuiError


class ProgtuiApp(App[None]):
    """The cockpit: the header, then one pane at a time."""

    TITLE = "progtui"
    CSS = """
    #body { height: 1fr; }
    ContentSwitcher { height: 1fr; width: 1fr; }
    """
    BINDINGS = [
        Binding("1", "pane('roadmap')", "Roadmap", id="pane.roadmap"),
        Binding("2", "pane('projects')", "Projects", id="pane.projects"),
        Binding("enter,i", "toggle_detail", "Detail", id="detail.toggle"),
        Binding("p", "next_program", "Program", id="program.next"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    @dataclass
    class DataLoaded(Message):
        """A fresh snapshot and analysis, ready to show."""

        loaded: Loaded

    @dataclass
    class ChangeRefused(Message):
        """A change broke a rule; nothing was saved."""

        reason: str

    def __init__(self, database: Database, *, program: str | None = None,
                 today: date | None = None, theme: str | None = None) -> None:
        super().__init__()
        self.database = database
        self.program = program
        self.today = today or date.today()
        self.requested_theme = theme
        self.loaded: Loaded | None = None

    def compose(self) -> ComposeResult:
        yield ProgramHeader(id="header")
        with Horizontal(id="body"):
            with ContentSwitcher(initial="roadmap"):
                yield RoadmapPane(id="roadmap")
                yield ProjectsPane(id="projects")
            yield ProjectDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        if self.requested_theme:
            if self.requested_theme in self.available_themes:
                self.theme = self.requested_theme
            else:
                self.notify(f"unknown theme {self.requested_theme!r}; using the default",
                            severity="warning", markup=False)
        self.query_one(RoadmapPane).table.focus()
        self.reload()

    # --- loading -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def reload(self) -> None:
        self.post_message(self.DataLoaded(load(self.database, self.program, self.today)))

    def on_progtui_app_data_loaded(self, message: DataLoaded) -> None:
        loaded = self.loaded = message.loaded
        header = self.query_one(ProgramHeader)
        if loaded.analysis is None:
            header.show(None, empty=f"No programs in {self.database.where}: "
                                    "run 'progtui import FILE'")
            return
        self.program = loaded.data.program.key  # type: ignore[union-attr]
        position = (f"program {loaded.programs.index(self.program) + 1}/{len(loaded.programs)}"
                    if len(loaded.programs) > 1 else "")
        header.show(loaded.analysis, position)
        for pane in self.query(RankedPane):
            pane.show(loaded.analysis)
        self._update_detail()

    # --- changes -----------------------------------------------------------------------------
    def on_ranked_pane_move_requested(self, message: RankedPane.MoveRequested) -> None:
        self.save_move(message.key, message.rank)

    @work(thread=True, exclusive=True, group="save")
    def save_move(self, key: str, rank: int) -> None:
        from progtui import services

        try:
            with self.database.write() as session:
                services.move(session, program=self.program or "", project=key, rank=rank)
        except ProgtuiError as exc:
            self.post_message(self.ChangeRefused(str(exc)))
            return
        self.post_message(self.DataLoaded(load(self.database, self.program, self.today)))

    def on_progtui_app_change_refused(self, message: ChangeRefused) -> None:
        self.notify(message.reason, severity="error", markup=False)

    # --- the detail panel --------------------------------------------------------------------
    def action_toggle_detail(self) -> None:
        self.query_one(ProjectDetail).toggle_class("-open")
        self._update_detail()

    def on_line_table_highlighted(self, message: LineTable.Highlighted) -> None:
        self._update_detail()

    def _update_detail(self) -> None:
        panel = self.query_one(ProjectDetail)
        if not panel.has_class("-open") or self.loaded is None:
            return
        switcher = self.query_one(ContentSwitcher)
        key = switcher.query_one(f"#{switcher.current}", RankedPane).table.current_key
        panel.show(self.loaded.analysis, key)

    # --- navigation --------------------------------------------------------------------------
    def action_pane(self, name: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        current = switcher.query_one(f"#{switcher.current}", RankedPane).table.current_key
        switcher.current = name
        pane = switcher.query_one(f"#{name}", RankedPane)
        if current:
            pane.table.select_key(current)  # the selection follows from pane to pane
        pane.table.focus()

    def action_next_program(self) -> None:
        if self.loaded and len(self.loaded.programs) > 1:
            programs = self.loaded.programs
            self.program = programs[(programs.index(self.program) + 1) % len(programs)]
            self.reload()
