"""The progtui app: a program cockpit driven by the keyboard.

Data flows one way: a worker loads the snapshot and its analysis (plain data) and posts it; the
handlers update the widgets. A change goes through the same service function as the command
line, in its own transaction, and the screen then reloads.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass
from datetime import date, datetime

from rich.text import Text
from textual import work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ContentSwitcher, Footer, Static

from progtui import domain as d
from progtui import services
from progtui.app.commands import JumpProvider
from progtui.app.model import Loaded, load
from progtui.app.panes.dependencies import DependencyGraph
from progtui.app.panes.log import LogPane
from progtui.app.panes.people import PeoplePane
from progtui.app.panes.projects import ProjectsPane
from progtui.app.panes.ranked import RankedPane
from progtui.app.panes.risks import RisksPane
from progtui.app.panes.roadmap import RoadmapPane
from progtui.app.widgets.line_table import LineTable
from progtui.app.widgets.program_header import ProgramHeader
from progtui.app.widgets.project_detail import ProjectDetail
from progtui.errors import ProgtuiError
from progtui.gcpause import keep
from progtui.identity import current_user
from progtui.services.meetings import Meeting
from progtui.store.engine import Database
from progtui.text import one_line


class ProgtuiApp(App[None]):
    """The cockpit: the header, then one pane at a time."""

    TITLE = "progtui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    CSS = """
    #triage-bar { display: none; height: auto; background: $accent 30%; padding: 0 1; }
    #triage-bar.-on { display: block; }
    #body { height: 1fr; }
    ContentSwitcher { height: 1fr; width: 1fr; }
    """
    BINDINGS = [
        Binding("1", "pane('roadmap')", "Roadmap", id="pane.roadmap"),
        Binding("2", "pane('projects')", "Projects", id="pane.projects"),
        Binding("3", "pane('dependencies')", "Graph", id="pane.dependencies"),
        Binding("4", "pane('risks')", "Risks", id="pane.risks"),
        Binding("5", "pane('people')", "People", id="pane.people"),
        Binding("6", "pane('log')", "Log", id="pane.log"),
        Binding("enter,i", "toggle_detail", "Detail", id="detail.toggle"),
        Binding("d", "decide", "Decision", id="decision.record"),
        Binding("a", "reallocate", "Reallocate", id="people.reallocate"),
        Binding("n", "add", "Add", show=False, id="item.add"),
        Binding("e", "edit", "Edit", show=False, id="item.edit"),
        Binding("delete", "remove", "Delete", show=False, id="item.delete"),
        Binding("u", "undo", "Undo", show=False, id="history.undo"),
        Binding("b", "take_baseline", "Baseline", show=False, id="baseline.take"),
        Binding("v", "benefits", "Benefits", show=False, id="benefits.show"),
        Binding("t", "triage", "Triage", show=False, id="triage.toggle"),
        Binding("N", "triage_step(-1)", "Previous item", show=False, id="triage.previous"),
        Binding("x", "triage_mark", "Discussed", show=False, id="triage.mark"),
        Binding("B", "next_baseline", "Compare with", show=False, id="baseline.next"),
        Binding("ctrl+r", "redo", "Redo", show=False, id="history.redo"),
        Binding("p", "next_program", "Program", id="program.next"),
        Binding("question_mark", "toggle_help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    @dataclass
    class DataLoaded(Message):
        """A fresh snapshot and analysis, ready to show."""

        loaded: Loaded

    @dataclass
    class Moved(Message):
        """A rank move was saved: *key* now has *rank*."""

        key: str
        rank: int

    @dataclass
    class ChangeRefused(Message):
        """A change broke a rule; nothing was saved."""

        reason: str

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
        self.start_triage = triage  # progtui triage: begin the meeting once the data is in
        self.meeting: Meeting | None = None
        self.database = database
        self.program = program
        self.today = today or date.today()
        self.requested_theme = theme
        self.loaded: Loaded | None = None
        self.select_after: tuple[str, str] | None = None  # (kind, key) to select once shown
        self.me = current_user()
        self.first_change: int | None = None  # the newest change when the app opened

    def compose(self) -> ComposeResult:
        yield ProgramHeader(id="header")
        yield Static(id="triage-bar", markup=False)
        with Horizontal(id="body"):
            with ContentSwitcher(initial="roadmap"):
                yield RoadmapPane(id="roadmap")
                yield ProjectsPane(id="projects")
                yield DependencyGraph(id="dependencies")
                yield RisksPane(id="risks")
                yield PeoplePane(id="people")
                yield LogPane(id="log")
            yield ProjectDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
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
        problems += self._apply_keymap(settings.keymap)
        if problems:
            self.notify("\n".join(problems), severity="warning", timeout=15, markup=False)
        self.query_one(RoadmapPane).table.focus()
        self.watcher = self.database.watcher()
        self.set_interval(POLL_SECONDS, self._poll)
        self.reload()

    def _poll(self) -> None:
        """Another session committed: load again (the selection and scroll stay)."""
        if self.watcher.changed():
            self.reload()

    def on_unmount(self) -> None:
        self.watcher.close()

    def _apply_keymap(self, keymap: dict[str, str]) -> list[str]:
        """Remap keys by binding id; say which ids are unknown and which keys clash."""
        if not keymap:
            return []
        # What is active at one time: the app, one pane, and the widget that has focus there.
        chains = [
            [type(self), pane, LineTable]
            for pane in (RoadmapPane, ProjectsPane, RisksPane, PeoplePane, LogPane)
        ]
        chains.append([type(self), DependencyGraph])
        known = {b.id for chain in chains for scope in chain for b in _bindings(scope) if b.id}
        problems = [
            f"keymap: no key binding with id '{binding_id}'"
            for binding_id in keymap
            if binding_id not in known
        ]
        for chain in chains:
            seen: dict[str, Binding] = {}
            for b in (b for scope in chain for b in _bindings(scope)):
                for key in keymap.get(b.id or "", b.key).split(","):
                    other = seen.setdefault(key.strip(), b)
                    # a clash the remapping made (the same action twice is none)
                    if other.action != b.action and (b.id in keymap or other.id in keymap):
                        problems.append(
                            f"keymap: '{key.strip()}' is bound to both "
                            f"{other.id or other.action} and {b.id or b.action}"
                        )
        self.set_keymap({k: v for k, v in keymap.items() if k in known})
        return sorted(set(problems))

    def watch_theme(self, theme: str) -> None:
        from progtui.reports.look import use_palette

        found = self.available_themes.get(theme)
        if found is not None:
            use_palette(found.variables)
        if self.is_mounted:
            self._show()  # colours are baked into the rows: draw them again

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    # --- loading -----------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load")
    def reload(self) -> None:
        self.post_message(self.DataLoaded(load(self.database, self.program, self.today)))

    def on_progtui_app_data_loaded(self, message: DataLoaded) -> None:
        before = self.loaded.changes[-1].id if self.loaded and self.loaded.changes else None
        first = self.loaded is None
        self.loaded = message.loaded
        self._show()
        if first:  # what exists now lives as long as the app: keep the collector off it
            keep()
            gc.enable()  # the command line started the app with it off (cli.main)
            if self.start_triage:
                self.action_triage()
        from progtui.app.screens.benefits import Benefits

        if isinstance(self.screen, Benefits) and message.loaded.data is not None:
            self.screen.show(message.loaded.data)
        news = [
            c
            for c in message.loaded.changes
            if before is not None and c.id > before and c.who != self.me
        ]
        if news:  # someone else's change arrived: say whose, as the room would ask
            c = news[-1]
            more = f" and {len(news) - 1} more" if len(news) > 1 else ""
            self.notify(
                f"{c.who} changed {c.entity} {c.field}: {c.old or '—'} → {c.new or '—'}{more}",
                title="changed by someone else",
                markup=False,
            )
        if self.select_after is not None:
            kind, key = self.select_after
            self.select_after = None
            self.jump_to(kind, key)

    def _show(self) -> None:
        """Put the loaded program on screen: header, every pane, the detail panel."""
        loaded = self.loaded
        if loaded is None:
            return
        header = self.query_one(ProgramHeader)
        if loaded.analysis is None:
            header.show(
                None, empty=f"No programs in {self.database.where}: run 'progtui import FILE'"
            )
            return
        self.program = loaded.data.program.key  # type: ignore[union-attr]
        position = (
            f"program {loaded.programs.index(self.program) + 1}/{len(loaded.programs)}"
            if len(loaded.programs) > 1
            else ""
        )
        # who changed what last, once something changed while the app is open
        if self.first_change is None:
            self.first_change = loaded.changes[-1].id if loaded.changes else 0
        last = loaded.changes[-1] if loaded.changes else None
        mark = (
            f"✎ {last.who} {last.when:%H:%M} {last.entity} {last.field}"
            if last and last.id > self.first_change
            else ""
        )
        program = loaded.analysis.data.program
        read_only = not d.may(program.access, program.owner, self.me, write=True)
        header.show(loaded.analysis, position, mark, read_only=read_only, history=loaded.history)
        for pane in self.query(RankedPane):
            pane.show(loaded.analysis)
        self.query_one(DependencyGraph).show(loaded.analysis)
        self.query_one(RisksPane).show(loaded.analysis)
        self.query_one(PeoplePane).show(loaded.analysis)
        self.query_one(LogPane).show(loaded)
        self._update_detail()

    # --- changes -----------------------------------------------------------------------------
    def on_ranked_pane_change_requested(self, message: RankedPane.ChangeRequested) -> None:
        self.save_change(message.key, message.field, message.value)

    @work(thread=True, exclusive=True, group="save")
    def save_change(self, key: str, field: str, value: str) -> None:
        program = self.program or ""
        if field == "status":
            self._save(
                lambda session: services.set_status(
                    session, program=program, project=key, status=value, on=self.today
                )
            )
            return
        try:
            number = float(value.replace(",", "").replace("_", ""))
        except ValueError:
            self.post_message(self.ChangeRefused(f"{value!r} is not a number"))
            return
        if field == "percent":
            self._save(
                lambda session: services.set_percent(
                    session, program=program, project=key, percent=number
                )
            )
        else:
            self._save(
                lambda session: services.set_actual_cost(
                    session, program=program, project=key, amount=number
                )
            )

    def on_risks_pane_edit_requested(self, message: RisksPane.EditRequested) -> None:
        self.save_risk(message.key, message.field, message.value)

    @work(thread=True, exclusive=True, group="save")
    def save_risk(self, key: str, field: str, value: str) -> None:
        if field in ("probability", "impact"):
            if not value.strip().isdigit():
                self.post_message(self.ChangeRefused(f"{field} is a whole number from 1 to 5"))
                return
            change = {field: int(value)}
        else:
            change = {field: value}
        self._save(
            lambda session: services.update_risk(
                session, program=self.program or "", risk=key, **change
            )
        )  # type: ignore[arg-type]

    def on_ranked_pane_move_requested(self, message: RankedPane.MoveRequested) -> None:
        self.save_move(message.key, message.rank)

    @work(thread=True, exclusive=True, group="save")
    def save_move(self, key: str, rank: int) -> None:
        reason = self._commit(
            lambda session: services.move(
                session, program=self.program or "", project=key, rank=rank
            )
        )
        if reason is not None:
            self.post_message(self.ChangeRefused(reason))
            return
        self.post_message(self.Moved(key, rank))  # it reloads

    def on_progtui_app_moved(self, message: Moved) -> None:
        """Show the new order at once (ranks change nothing computed), then reload in the
        background for anything else that changed (the log, other people's edits)."""
        from dataclasses import replace

        from progtui.analysis import reranked

        loaded = self.loaded
        if loaded is not None and loaded.analysis is not None:
            order = [r.project.key for r in loaded.analysis.projects]
            if message.key in order:
                order.remove(message.key)
                order.insert(message.rank - 1, message.key)
                analysis = reranked(loaded.analysis, order)
                self.loaded = replace(loaded, data=analysis.data, analysis=analysis)
                # only what ranks change: the panes listing projects and the graph's order
                for pane in self.query(RankedPane):
                    pane.show(analysis)
                self.query_one(DependencyGraph).show(analysis)
                self._update_detail()
        self.reload()

    def action_decide(self) -> None:
        from progtui.app.screens.ask import Ask

        about = self._selected_project() or self._selected_risk()
        question = f"Decision about {about}:" if about else "Decision (about the program):"

        def answered(text: str | None) -> None:
            if text:
                self.save_decision(text, about)

        self.push_screen(Ask(question), answered)

    def action_reallocate(self) -> None:
        from progtui.app.screens.reallocate import Reallocate, Request

        if self.loaded is None or self.loaded.analysis is None:
            return
        data = self.loaded.analysis.data
        switcher = self.query_one(ContentSwitcher)
        person = source = ""
        if switcher.current == "people":
            person = self.query_one(PeoplePane).table.current_key or ""
            source = next(
                (
                    p.key
                    for p in data.projects
                    for al in p.allocations
                    if al.person == person and p.status not in d.CLOSED_STATUSES
                ),
                "",
            )
        elif (project := self._selected_project()) is not None:
            source = project
            p = next(p for p in data.projects if p.key == project)
            person = p.allocations[0].person if p.allocations else ""

        def answered(request: Request | None) -> None:
            if request is not None:
                self.save_reallocation(request)

        self.push_screen(
            Reallocate(self.database, self.loaded.analysis, person=person, from_project=source),
            answered,
        )

    @work(thread=True, exclusive=True, group="save")
    def save_reallocation(self, r) -> None:  # type: ignore[no-untyped-def]
        self._save(
            lambda session: services.reallocate(
                session,
                program=self.program or "",
                person=r.person,
                from_project=r.from_project,
                to_project=r.to_project,
                fte=r.fte,
                today=self.today,
            )
        )

    def _selected_risk(self) -> str | None:
        switcher = self.query_one(ContentSwitcher)
        return self.query_one(RisksPane).table.current_key if switcher.current == "risks" else None

    @work(thread=True, exclusive=True, group="save")
    def save_decision(self, text: str, about: str | None) -> None:
        self._save(
            lambda session: services.decide(
                session, program=self.program or "", text=text, about=(about,) if about else ()
            )
        )

    def _save(self, change) -> None:  # type: ignore[no-untyped-def]
        """Run one service in its own transaction; then reload, or say why it was refused."""
        reason = self._commit(change)
        if reason is not None:
            self.post_message(self.ChangeRefused(reason))
            return
        self.post_message(self.DataLoaded(load(self.database, self.program, self.today)))

    def _commit(self, change) -> str | None:  # type: ignore[no-untyped-def]
        """Every save of the app (from a worker): one transaction, refused if others changed
        the same things since the screen was loaded (services.check_fresh); the refusal, or
        None. The watcher's news of our own commit is consumed: the caller reloads."""
        try:
            seen = self._seen()
            with self.database.write() as session:
                change(session)
                services.check_fresh(session, self.program or "", seen)
        except ProgtuiError as exc:
            return str(exc)
        self.watcher.changed()
        return None

    # --- add, edit, delete, undo -------------------------------------------------------------
    def _current_kind(self) -> tuple[str, str | None] | None:
        """What n and e are about here: (kind, selected key), or None on the Log pane."""
        current = self.query_one(ContentSwitcher).current
        if current == "risks":
            return "risk", self._selected_risk()
        if current == "people":
            return "person", self.query_one(PeoplePane).table.current_key
        if current == "log":
            return None
        return "project", self._selected_project()

    def _write(self, change) -> str | None:  # type: ignore[no-untyped-def]
        """A save from a form (which shows the refusal itself); the refusal, or None."""
        reason = self._commit(change)
        if reason is not None:
            self.call_from_thread(self.reload)  # show what the refusal was about
        return reason

    def action_add(self) -> None:
        if self.meeting is not None:  # in a triage meeting n is the next item
            self.action_triage_step(1)
            return
        from progtui.app.screens.form import Form
        from progtui.services import editing

        here = self._current_kind()
        if here is None or self.program is None:
            return
        kind, _ = here
        program = self.program

        def save(values: dict[str, str]) -> str | None:
            return self._write(lambda s: editing.add(s, program=program, kind=kind, values=values))

        def done(saved: bool | None) -> None:
            if saved:
                self.select_after = (kind, form.values()["key"].strip())
                self.reload()

        form = Form(
            f"New {kind} in {program}",
            dict.fromkeys(editing.KINDS[kind].fields, ""),
            save,
            hints=FORM_HINTS,
        )
        self.push_screen(form, done)

    def action_edit(self) -> None:
        from progtui.app.screens.form import Form
        from progtui.services import editing

        here = self._current_kind()
        if here is None or here[1] is None or self.program is None:
            return
        kind, key = here
        program = self.program
        try:
            with self.database.read() as session:
                current = editing.form_values(session, program=program, kind=kind, key=key)
        except ProgtuiError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def save(values: dict[str, str]) -> str | None:
            return self._write(
                lambda s: editing.edit(s, program=program, kind=kind, key=key, values=values)
            )

        def done(saved: bool | None) -> None:
            if saved:
                self.reload()

        self.push_screen(
            Form(
                f"Edit {kind} {key}",
                current,
                save,
                hints=FORM_HINTS,
                fixed=(editing.KINDS[kind].fields[0],),
            ),
            done,
        )

    def action_remove(self) -> None:
        """delete: a risk, or one of the selected project's (person's) milestones and
        allocations, after a confirmation. Projects are cancelled (s), not deleted."""
        from progtui.app.screens.choose import Choose, Confirm

        here = self._current_kind()
        if here is None or here[1] is None or self.loaded is None or not self.loaded.data:
            return
        kind, key = here
        data = self.loaded.data
        if kind == "risk":
            risk = next(r for r in data.risks if r.key == key)
            choices = [(f"risk|{key}", f"risk {key}: {one_line(risk.title)}")]
        else:
            choices = []
            for p in data.projects:
                if kind == "project" and p.key == key:
                    choices += [
                        (f"milestone|{p.key}/{m.name}", f"◆ {one_line(m.name)}  due {m.due}")
                        for m in p.milestones
                    ]
                for i, al in enumerate(p.allocations):
                    if (kind == "project" and p.key == key) or al.person == key:
                        choices.append(
                            (
                                f"allocation|{p.key}|{i}",
                                f"{al.person} on {p.key}: {al.fte:g} FTE "
                                f"{al.start or p.start} .. {al.end or p.end}",
                            )
                        )
            if kind == "person":
                choices.append((f"person|{key}", f"the person {key} (without allocations)"))
        labels = dict(choices)

        def confirmed(choice: str, yes: bool | None) -> None:
            if yes:
                self.save_removal(choice)

        def chosen(choice: str | None) -> None:
            if choice is not None:
                self.push_screen(
                    Confirm(f"Delete {labels[choice]}?"), lambda yes: confirmed(choice, yes)
                )

        if not choices:
            self.notify(
                f"{key} has no milestones or allocations to delete (projects are cancelled with s)",
                markup=False,
            )
        elif len(choices) == 1:
            chosen(choices[0][0])
        else:
            self.push_screen(Choose(f"Delete which, of {key}?", choices), chosen)

    @work(thread=True, exclusive=True, group="save")
    def save_removal(self, choice: str) -> None:
        from progtui.services import editing

        program = self.program or ""
        kind, _, rest = choice.partition("|")
        if kind == "allocation":
            project, _, index = rest.partition("|")
            p = next(p for p in self.loaded.data.projects if p.key == project)  # type: ignore[union-attr]
            al = p.allocations[int(index)]
            self._save(
                lambda s: services.allocate(
                    s,
                    program=program,
                    person=al.person,
                    project=project,
                    fte=0,
                    start=al.start,
                    end=al.end,
                )
            )
        else:
            self._save(lambda s: editing.remove_entity(s, program=program, kind=kind, key=rest))

    def action_take_baseline(self) -> None:
        from progtui.app.screens.ask import Ask

        if self.program is None:
            return
        program = self.program

        def answered(name: str | None) -> None:
            if name:
                self.save_baseline(program, name)

        self.push_screen(
            Ask(f"Save the plan of {program} as baseline:", f"{self.today:%Y-%m-%d} plan"), answered
        )

    @work(thread=True, exclusive=True, group="save")
    def save_baseline(self, program: str, name: str) -> None:
        self._save(
            lambda s: services.take_baseline(s, program=program, name=name, today=self.today)
        )
        self.call_from_thread(self._compare_with, name)

    # --- triage meetings ------------------------------------------------------------------------
    def action_triage(self) -> None:
        """t: start a triage meeting (asking who is there), or end it and write the minutes."""
        from progtui.app.screens.ask import Ask
        from progtui.app.screens.choose import Confirm

        if self.program is None:
            return
        if self.meeting is None:

            def attendees(text: str | None) -> None:
                if text is not None:
                    people = tuple(a.strip() for a in text.split(",") if a.strip())
                    self.begin_meeting(self.program or "", people)

            self.push_screen(
                Ask("Triage meeting: who is here? (names, comma-separated)"), attendees
            )
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.end_meeting()

        self.push_screen(Confirm("End the meeting and write the minutes?"), confirmed)

    @work(thread=True, exclusive=True, group="triage")
    def begin_meeting(self, program: str, attendees: tuple[str, ...]) -> None:
        with self.database.read() as session:
            items = services.triage_agenda(session, program=program, today=self.today)
        self.call_from_thread(self._begin, Meeting(program, attendees, items, datetime.now()))

    def _mark(self) -> int:
        """The audit trail's newest id: what happens from here on belongs to the open item."""
        with self.database.read() as session:
            return services.last_change_id(session)

    def _begin(self, meeting: Meeting) -> None:
        if not meeting.items:
            self.notify(
                "Nothing on the agenda: no red, late, risky or over-allocated items", markup=False
            )
            return
        self.meeting = meeting
        meeting.open(0, self._mark())
        self.query_one("#triage-bar", Static).add_class("-on")
        self._clock = self.set_interval(1, self._show_triage)
        self._go_to_item()

    def action_triage_step(self, step: int) -> None:
        m = self.meeting
        if m is None:
            return
        index = min(max(m.current + step, 0), len(m.items) - 1)
        if index != m.current:
            m.open(index, self._mark())
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
        done = "✓ discussed  " if m.current in m.discussed else ""
        self.query_one("#triage-bar", Static).update(
            Text.assemble(
                ("TRIAGE ", "bold"),
                f"{m.current + 1}/{len(m.items)}  ",
                f"{seconds // 60:02d}:{seconds % 60:02d}  ",
                (done, "bold green"),
                (one_line(item.title), "bold"),
                f"  {one_line(item.why)}",
                ("   n/N next/previous · x discussed · t end", "dim"),
            )
        )

    @work(thread=True, exclusive=True, group="triage")
    def end_meeting(self) -> None:
        from progtui.reports.minutes import compose, minutes_file

        m = self.meeting
        if m is None:
            return
        try:
            with self.database.write() as session:
                _, text = services.save_minutes(
                    session, meeting=m, ended=datetime.now(), compose=compose
                )
            path = minutes_file(m.program, m.started)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        except (ProgtuiError, OSError) as exc:
            self.post_message(self.ChangeRefused(f"minutes not written: {exc}"))
            return
        self.call_from_thread(self._ended, str(path))

    def _ended(self, path: str) -> None:
        self.meeting = None
        self._clock.stop()
        self.query_one("#triage-bar", Static).remove_class("-on")
        self.notify(
            f"minutes written to {path} (progtui minutes {self.program} reprints them)",
            timeout=20,
            markup=False,
        )

    def action_benefits(self) -> None:
        from progtui.app.screens.benefits import Benefits

        if self.loaded is not None and self.loaded.data is not None:
            self.push_screen(Benefits(self.loaded.data))

    def action_record_benefit(self) -> None:
        from progtui.app.screens.form import Form

        if self.program is None or self.loaded is None or self.loaded.data is None:
            return
        program = self.program
        first = self.loaded.data.objectives[0].key if self.loaded.data.objectives else ""

        def save(values: dict[str, str]) -> str | None:
            try:
                value = float(values["value"].replace(",", "").replace("_", ""))
                day = date.fromisoformat(values["date"].strip())
            except ValueError as exc:
                return (
                    "value should be a number"
                    if "float" in str(exc)
                    else f"date should be like 2027-03-31, not {values['date']!r}"
                )
            return self._write(
                lambda s: services.record_benefit(
                    s, program=program, objective=values["objective"].strip(), value=value, on=day
                )
            )

        def done(saved: bool | None) -> None:
            if saved:
                self.reload()

        self.push_screen(
            Form(
                f"Record a value in {program}",
                {"objective": first, "value": "", "date": self.today.isoformat()},
                save,
                hints={"value": "a number, like 410000"},
            ),
            done,
        )

    def action_next_baseline(self) -> None:
        """Compare with the next older baseline; after the oldest, with none; then the newest."""
        if self.loaded is None or self.loaded.data is None:
            return
        names = [b.name for b in reversed(self.loaded.data.baselines)]  # newest first
        if not names:
            self.notify("no baselines yet: b saves one", markup=False)
            return
        current = self.query_one(RoadmapPane).baseline()
        if current is None:
            self._compare_with(names[0])
        elif current.name == names[-1]:
            self._compare_with("")
        else:
            self._compare_with(names[names.index(current.name) + 1])

    def _compare_with(self, name: str) -> None:
        for pane in self.query(RankedPane):
            pane.baseline_name = name
            if pane.analysis is not None:
                pane.show(pane.analysis)
        self.notify(
            f"comparing with baseline {name}" if name else "no baseline shown",
            markup=False,
            timeout=3,
        )

    def action_undo(self) -> None:
        self.save_revert("undo")

    def action_redo(self) -> None:
        self.save_revert("redo")

    @work(thread=True, exclusive=True, group="save")
    def save_revert(self, action: str) -> None:
        from progtui.services import history

        done: list[history.Reverted] = []
        program = self.program or ""
        self._save(lambda s: done.append(getattr(history, action)(s, program=program)))
        if done:
            more = f" (and {done[0].changes - 1} more)" if done[0].changes > 1 else ""
            self.call_from_thread(self.notify, f"{action}: {done[0].summary}{more}", markup=False)

    def on_progtui_app_change_refused(self, message: ChangeRefused) -> None:
        self.notify(message.reason, severity="error", markup=False)
        self.reload()  # whatever the refusal was about, show the database as it is

    def _seen(self) -> int:
        """The newest change on screen: a save is refused if others changed the same things
        after it (services.check_fresh)."""
        loaded = self.loaded
        return loaded.changes[-1].id if loaded and loaded.changes else 0

    # --- the detail panel --------------------------------------------------------------------
    def action_toggle_detail(self) -> None:
        self.query_one(ProjectDetail).toggle_class("-open")
        self._update_detail()

    def on_line_table_highlighted(self, message: LineTable.Highlighted) -> None:
        self._update_detail()

    def on_dependency_graph_selected(self, message: DependencyGraph.Selected) -> None:
        self._update_detail()

    def _update_detail(self) -> None:
        panel = self.query_one(ProjectDetail)
        if not panel.has_class("-open") or self.loaded is None:
            return
        key = self._selected_project()
        if key is not None:  # the panel is about projects
            panel.show(self.loaded.analysis, key)

    # --- navigation --------------------------------------------------------------------------
    def _selected_project(self) -> str | None:
        """The project selected in the current pane (None in panes about other things)."""
        switcher = self.query_one(ContentSwitcher)
        pane = switcher.query_one(f"#{switcher.current}")
        if isinstance(pane, RankedPane):
            return pane.table.current_key
        if isinstance(pane, DependencyGraph):
            return pane.selected
        return None

    def action_pane(self, name: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        current = self._selected_project()
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
        self._update_detail()

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
            else:
                pane.table.select_key(key)  # type: ignore[attr-defined]
        else:
            self.action_pane("people" if kind == "person" else "risks")
            switcher.query_one(f"#{switcher.current}").query_one(LineTable).select_key(key)
        self._update_detail()

    def action_next_program(self) -> None:
        if self.loaded and len(self.loaded.programs) > 1:
            programs = self.loaded.programs
            self.program = programs[(programs.index(self.program) + 1) % len(programs)]
            self.reload()


POLL_SECONDS = 0.5  # other sessions' changes show within this and a load

FORM_HINTS = {
    "key": "letters, digits, - and _",
    "start": "like 2027-01-04",
    "end": "like 2027-06-30",
    "due": "like 2027-06-30",
    "done": "like 2027-06-30",
    "probability": "1-5",
    "impact": "1-5",
    "status": "open, mitigating, closed, occurred",
    "projects": "keys, like DE-REG, FR-PKG",
    "manager": "a person's key",
    "owner": "a person's key",
    "capacity": "FTE, like 1 or 0.8",
    "budget": "an amount",
    "cost_rate": "per day",
}


def _bindings(cls: type) -> list[Binding]:
    """The Binding objects in effect for a class: its own, and those of its bases that it
    does not override with the same key."""
    by_key: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        for b in klass.__dict__.get("BINDINGS", ()):
            if isinstance(b, Binding):
                by_key[b.key] = b
    return list(by_key.values())
