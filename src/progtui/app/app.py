"""The progtui app (placeholder cockpit): the programs in the database and their projects.

Data comes from the store as plain snapshots; every cell is built from a rich Text so that a
name such as "[bold]x[/]" is shown as written, and control characters never reach the terminal.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from progtui import domain as d
from progtui import store
from progtui.db import Database
from progtui.text import one_line


def cell(value: object) -> Text:
    """A table cell that shows *value* literally (never markup, never a control sequence)."""
    return Text(one_line("" if value is None else str(value)), no_wrap=True, overflow="ellipsis")


class ProgtuiApp(App[None]):
    """The cockpit. For now: one program at a time, its projects in rank order."""

    TITLE = "progtui"
    CSS = """
    #title { height: 1; background: $panel; color: $text; padding: 0 1; }
    DataTable { height: 1fr; }
    """
    BINDINGS = [
        Binding("p", "next_program", "Program", id="program.next"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(self, database: Database, *, program: str | None = None,
                 today: date | None = None, theme: str | None = None) -> None:
        super().__init__()
        self.database = database
        self.today = today or date.today()
        self.requested_theme = theme
        with database.read() as session:
            self.programs = [p.key for p in store.list_programs(session)]
        self.index = self.programs.index(program) if program in self.programs else 0
        self.data: d.ProgramData | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="title", markup=False)
        yield DataTable(id="projects", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        if self.requested_theme:
            if self.requested_theme in self.available_themes:
                self.theme = self.requested_theme
            else:
                self.notify(f"unknown theme {self.requested_theme!r}; using the default",
                            severity="warning", markup=False)
        table = self.query_one(DataTable)
        for label in ("#", "key", "name", "manager", "status", "start", "end"):
            table.add_column(label, key=label)
        self.show_program()

    def show_program(self) -> None:
        title = self.query_one("#title", Static)
        table = self.query_one(DataTable)
        table.clear()
        if not self.programs:
            title.update(Text(f"No programs in {self.database.where}: run 'progtui import FILE'"))
            return
        key = self.programs[self.index]
        with self.database.read() as session:
            self.data = store.load_program(session, key)
        p = self.data.program
        title.update(Text.assemble(
            (one_line(p.name), "bold"), f"  ({p.key}, {len(self.data.projects)} projects)  ",
            f"today {self.today.isoformat()}  ",
            f"program {self.index + 1}/{len(self.programs)}"))
        for x in self.data.projects:
            table.add_row(cell(x.rank), cell(x.key), cell(x.name), cell(x.manager),
                          cell(x.status), cell(x.start), cell(x.end), key=x.key)

    def action_next_program(self) -> None:
        if self.programs:
            self.index = (self.index + 1) % len(self.programs)
            self.show_program()
