"""The cockpit: the header, the triage bar, one pane at a time and the detail panel.

The screen is built in layers, one module each: `saving.Saver` loads and saves,
`forms.Forms` adds, edits and deletes, `edits.Edits` makes the other changes, `triage.Triage`
runs a meeting, and `MainScreen` here composes, shows and navigates.
"""

from __future__ import annotations

import gc
from datetime import date
from typing import ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import ContentSwitcher, Static

from progtui import domain as d
from progtui.app.glyphs import UNICODE
from progtui.app.model import Loaded
from progtui.app.panes.dependencies import DependencyGraph
from progtui.app.panes.log import LogPane
from progtui.app.panes.people import PeoplePane
from progtui.app.panes.portfolio import PortfolioData, PortfolioPane
from progtui.app.panes.projects import ProjectsPane
from progtui.app.panes.ranked import RankedPane
from progtui.app.panes.risks import RisksPane
from progtui.app.panes.roadmap import RoadmapPane
from progtui.app.screens.triage import Triage
from progtui.app.widgets.key_footer import KeyFooter
from progtui.app.widgets.line_table import LineTable
from progtui.app.widgets.program_header import ProgramHeader
from progtui.app.widgets.project_detail import ProjectDetail
from progtui.app.widgets.status_line import LAST, PANE, POSITION, StatusLine, last_change
from progtui.gcpause import keep
from progtui.identity import current_user
from progtui.store.engine import Database
from progtui.text import one_line

POLL_SECONDS = 0.5  # other sessions' changes show within this and a load

# What is active at one time besides this screen: one pane, and the widget focused there.
PANES: tuple[type, ...] = (RoadmapPane, ProjectsPane, RisksPane, PeoplePane, LogPane, PortfolioPane)
PANE_CHAINS: list[list[type]] = [*([pane, LineTable] for pane in PANES), [DependencyGraph]]
TITLES = {"roadmap": "1 Roadmap", "projects": "2 Projects", "dependencies": "3 Graph"}
TITLES |= {"risks": "4 Risks", "people": "5 People", "log": "6 Log", "portfolio": "0 Portfolio"}


class MainScreen(Triage):
    """The program on screen; every key of the cockpit."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "pane('roadmap')", "Roadmap", id="pane.roadmap"),
        Binding("2", "pane('projects')", "Projects", id="pane.projects"),
        Binding("3", "pane('dependencies')", "Graph", id="pane.dependencies"),
        Binding("4", "pane('risks')", "Risks", id="pane.risks"),
        Binding("5", "pane('people')", "People", id="pane.people"),
        Binding("6", "pane('log')", "Log", id="pane.log"),
        Binding("0", "pane('portfolio')", "Portfolio", id="pane.portfolio"),
        Binding("enter,i", "toggle_detail", "Detail", id="detail.toggle"),
        Binding("d", "decide", "Decision", id="decision.record"),
        Binding("a", "reallocate", "Reallocate", id="people.reallocate"),
        Binding("n", "add", "Add", show=False, id="item.add"),
        Binding("e", "edit", "Edit", show=False, id="item.edit"),
        Binding("delete", "remove", "Delete", show=False, id="item.delete"),
        Binding("u", "undo", "Undo", show=False, id="history.undo"),
        Binding("b", "take_baseline", "Baseline", show=False, id="baseline.take"),
        Binding("v", "benefits", "Benefits", show=False, id="benefits.show"),
        Binding("Y", "sync_plan", "Sync plan", show=False, id="project.sync"),
        Binding("t", "triage", "Triage", show=False, id="triage.toggle"),
        Binding("N", "triage_step(-1)", "Previous item", show=False, id="triage.previous"),
        Binding("x", "triage_mark", "Discussed", show=False, id="triage.mark"),
        Binding("B", "next_baseline", "Compare with", show=False, id="baseline.next"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="history.redo"),
        Binding("p", "choose_program", "Program", id="program.choose"),
        Binding("H", "health_reasons", "Why this health", show=False, id="health.reasons"),
        Binding("question_mark", "app.toggle_help", "Help", id="app.help"),
        Binding("q", "app.quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self, database: Database, *, program: str | None, today: date, triage: bool = False
    ) -> None:
        super().__init__(database, program=program, today=today)
        self.start_triage = triage
        self.me = current_user()

    def compose(self) -> ComposeResult:
        yield ProgramHeader(id="header")
        yield Static(id="triage-bar", markup=False)
        yield Static(id="unreachable", markup=False)
        with Horizontal(id="body"):
            with ContentSwitcher(initial="roadmap"):
                yield RoadmapPane(id="roadmap")
                yield ProjectsPane(id="projects")
                yield DependencyGraph(
                    id="dependencies", ascii=getattr(self.app, "glyphs", UNICODE).ascii
                )
                yield RisksPane(id="risks")
                yield PeoplePane(id="people")
                yield LogPane(id="log")
                yield PortfolioPane(id="portfolio")
            yield ProjectDetail(id="detail")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one(RoadmapPane).table.focus()
        self.watcher = self.database.watcher()
        self.set_interval(POLL_SECONDS, self.poll)
        self.reload()

    def on_unmount(self) -> None:
        self.watcher.close()

    def show_unreachable(self, line: str | None) -> None:
        bar = self.query_one("#unreachable", Static)
        bar.update(line or "")
        bar.set_class(line is not None, "-on")

    def shown(self, before: Loaded | None, loaded: Loaded) -> None:
        self.show_all()
        if before is None:  # what exists now lives as long as the app: keep the collector off it
            keep()
            gc.enable()  # the command line started the app with it off (cli.main)
            if self.start_triage:
                self.action_triage()
        from progtui.app.dialogs.benefits import Benefits

        if isinstance(self.app.screen, Benefits) and loaded.data is not None:
            self.app.screen.show(loaded.data)
        seen = before.changes[-1].id if before and before.changes else None
        news = [c for c in loaded.changes if seen is not None and c.id > seen and c.who != self.me]
        if news:  # someone else's change arrived: say whose, as the room would ask
            c, g = news[-1], getattr(self.app, "glyphs", UNICODE)
            more = f" and {len(news) - 1} more" if len(news) > 1 else ""
            self.notify(
                f"{c.who} changed {c.entity} {c.field}: {c.old or g.none} {g.say('→')} "
                f"{c.new or g.none}{more}",
                title="changed by someone else",
                markup=False,
            )
        if self.select_after is not None:
            kind, key = self.select_after
            self.select_after = None
            self.jump_to(kind, key)

    def show_all(self) -> None:
        """Put the loaded program on screen: header, every pane, the detail panel."""
        loaded = self.loaded
        if loaded is None or not self.is_mounted:
            return
        header = self.query_one(ProgramHeader)
        if loaded.analysis is None:
            header.show(
                None, empty=f"No programs in {self.database.where}: run 'progtui import FILE'"
            )
            return
        self.program = loaded.analysis.data.program.key
        program = loaded.analysis.data.program
        read_only = not d.may(program.access, program.owner, self.me, write=True)
        header.show(loaded.analysis, read_only=read_only, history=loaded.history)
        for pane in self.query(RankedPane):
            pane.show(loaded.analysis)
        self.query_one(DependencyGraph).show(loaded.analysis)
        self.query_one(RisksPane).show(loaded.analysis)
        self.query_one(PeoplePane).show(loaded.analysis)
        self.query_one(LogPane).show(loaded)
        if self.query_one(ContentSwitcher).current == "portfolio":
            self.load_portfolio()  # every program's state, as fresh as this one's
        self.update_detail()
        self.update_status()

    # --- the portfolio (pane 0) ----------------------------------------------------------------
    def load_portfolio(self) -> None:
        self._load_portfolio(self.today)

    @work(thread=True, exclusive=True, group="portfolio")
    def _load_portfolio(self, today: date) -> None:
        from progtui import services
        from progtui.analysis.calendar import Calendar
        from progtui.analysis.capacity import capacity
        from progtui.analysis.portfolio import portfolio_kpis
        from progtui.errors import ProgtuiError

        try:
            with self.database.read() as session:
                rows, org = services.portfolio_and_organisation(session, today=today)
        except ProgtuiError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False)
            return
        people = tuple(capacity(org, Calendar(())))
        data = PortfolioData(rows, portfolio_kpis(rows), people, f"{today:%Y-%m}")
        self.app.call_from_thread(self.query_one(PortfolioPane).show, data)

    def on_portfolio_pane_open(self, message: PortfolioPane.Open) -> None:
        self.program = message.program
        self.reload()
        self.action_pane("roadmap")

    def on_portfolio_pane_move(self, message: PortfolioPane.Move) -> None:
        from progtui import services
        from progtui.app.saving import Change

        program, to = message.program, message.to
        self.save(
            Change(
                lambda session: services.move_program(session, program=program, to=to),
                after=lambda _: self.notify(f"{program} to portfolio rank {to}", markup=False),
            )
        )

    def update_status(self) -> None:
        """The status line: program i/n, the pane and its view, who changed last and when."""
        loaded = self.loaded
        if loaded is None or loaded.analysis is None or not self.is_mounted:
            return
        parts: list[tuple[str, int]] = []
        if len(loaded.programs) > 1 and self.program in loaded.programs:
            i = loaded.programs.index(self.program) + 1
            parts.append((f"program {i}/{len(loaded.programs)}", POSITION))
        switcher = self.query_one(ContentSwitcher)
        name = switcher.current or "roadmap"
        parts.append((TITLES.get(name, name), PANE))
        pane = switcher.query_one(f"#{name}")
        if isinstance(pane, RankedPane):
            parts += pane.view_state()
        if loaded.changes:
            c = loaded.changes[-1]
            g = self.app.glyphs  # type: ignore[attr-defined]
            parts.append((last_change(c.who, c.when, c.entity, c.field, self.today, g), LAST))
        self.query_one(StatusLine).show(parts)

    def on_ranked_pane_view_changed(self, message: RankedPane.ViewChanged) -> None:
        self.update_status()

    def action_health_reasons(self) -> None:
        from progtui.app.dialogs.health import HealthReasons

        if self.loaded is not None and self.loaded.analysis is not None:
            self.app.push_screen(HealthReasons(self.loaded.analysis))

    # --- the detail panel --------------------------------------------------------------------
    def action_toggle_detail(self) -> None:
        self.query_one(ProjectDetail).toggle_class("-open")
        self.update_detail()

    def on_line_table_highlighted(self, message: LineTable.Highlighted) -> None:
        self.update_detail()

    def on_dependency_graph_selected(self, message: DependencyGraph.Selected) -> None:
        self.update_detail()

    def on_dependency_graph_open_program(self, message: DependencyGraph.OpenProgram) -> None:
        """Follow a link into another program: open it on the graph, its project selected."""
        if self.loaded is None or message.program not in self.loaded.programs:
            self.notify(f"you may not open {message.program}", timeout=3, markup=False)
            return
        self.program = message.program
        self.select_after = ("project", message.project)
        self.reload()

    def update_detail(self) -> None:
        panel = self.query_one(ProjectDetail)
        if not panel.has_class("-open") or self.loaded is None:
            return
        key = self.selected_project()
        if key is not None:  # the panel is about projects
            panel.show(self.loaded.analysis, key)

    # --- navigation --------------------------------------------------------------------------
    def selected_project(self) -> str | None:
        """The project selected in the current pane (None in panes about other things)."""
        switcher = self.query_one(ContentSwitcher)
        pane = switcher.query_one(f"#{switcher.current}")
        if isinstance(pane, RankedPane):
            return pane.table.current_key
        if isinstance(pane, DependencyGraph):
            return pane.selected_project
        return None

    def selected_risk(self) -> str | None:
        switcher = self.query_one(ContentSwitcher)
        return self.query_one(RisksPane).table.current_key if switcher.current == "risks" else None

    def selected_person(self) -> str | None:
        switcher = self.query_one(ContentSwitcher)
        people = self.query_one(PeoplePane).table.current_key
        return people if switcher.current == "people" else None

    def current_kind(self) -> tuple[str, str | None] | None:
        """What n and e are about here: (kind, selected key), or None on the Log pane."""
        current = self.query_one(ContentSwitcher).current
        if current == "risks":
            return "risk", self.selected_risk()
        if current == "people":
            return "person", self.selected_person()
        if current in ("log", "portfolio"):
            return None
        return "project", self.selected_project()

    def action_pane(self, name: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        current = self.selected_project()
        switcher.current = name
        pane = switcher.query_one(f"#{name}")
        if isinstance(pane, RankedPane):
            if current:
                pane.table.select_key(current)  # the selected project stays selected
            pane.table.focus()
        elif isinstance(pane, DependencyGraph):
            pane.select(current)
            pane.focus()
        else:
            pane.query_one(LineTable).focus()
        if name == "portfolio":
            self.load_portfolio()
        self.update_detail()
        self.update_status()

    def jump_to(self, kind: str, key: str) -> None:
        """Show a project (on the pane showing projects, else the roadmap), person or risk."""
        switcher = self.query_one(ContentSwitcher)
        if kind == "project":
            if not isinstance(
                switcher.query_one(f"#{switcher.current}"), RankedPane | DependencyGraph
            ):
                self.action_pane("roadmap")
            pane = switcher.query_one(f"#{switcher.current}")
            if isinstance(pane, DependencyGraph):
                pane.select(key)
            elif isinstance(pane, RankedPane):
                pane.table.select_key(key)
        else:
            self.action_pane("people" if kind == "person" else "risks")
            switcher.query_one(f"#{switcher.current}").query_one(LineTable).select_key(key)
        self.update_detail()

    def action_sync_plan(self) -> None:
        from progtui.app.dialogs.sync import sync_selected

        sync_selected(self, self.selected_project())

    def action_choose_program(self) -> None:
        """p: the programs you may read in a list that filters as you type (key, name and,
        where known without analysing anything more, health); enter opens the lit one. The
        next program is lit at first, so p enter goes to the next one, as p did before."""
        from progtui.app.dialogs.choose import Pick

        loaded = self.loaded
        if not loaded or not loaded.programs or not self.program:
            return
        programs, names = loaded.programs, loaded.names or loaded.programs
        known = self.known_health()
        g = getattr(self.app, "glyphs", UNICODE)
        choices = [
            (
                key,
                f"{key}  {one_line(name)}"
                + (f"  {g.rag_label(known[key])}" if key in known else "")
                + ("  (on screen)" if key == self.program else ""),
            )
            for key, name in zip(programs, names, strict=True)
        ]
        here = programs.index(self.program) if self.program in programs else -1

        def chosen(key: str | None) -> None:
            if key is not None and key != self.program:
                self.program = key
                self.reload()

        self.app.push_screen(
            Pick(
                "Open which program? (type to filter, enter opens)",
                choices,
                highlight=programs[(here + 1) % len(programs)],
            ),
            chosen,
        )

    def known_health(self) -> dict[str, d.Rag]:
        """Each program's health as far as it is at hand: the program on screen's, and every
        one's once the Portfolio pane has read them."""
        out: dict[str, d.Rag] = {}
        portfolio = self.query_one(PortfolioPane).data
        if portfolio is not None:
            out.update({r.key: r.analysis.health for r in portfolio.rows})
        if self.loaded and self.loaded.analysis is not None:
            out[self.loaded.analysis.data.program.key] = self.loaded.analysis.health
        return out
