"""Cross-entity rules of the YAML format (SPEC section 2) and the build of the ProgramData."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from progtui import domain as d
from progtui.analysis.calendar import Calendar
from progtui.errors import Problem
from progtui.interchange.yaml.reader import Item, ParsedFile, Pos
from progtui.text import did_you_mean


class _Checker:
    def __init__(self, parsed: ParsedFile) -> None:
        self.parsed = parsed
        self.problems: list[Problem] = []

    def problem(self, pos: Pos, message: str) -> None:
        self.problems.append(Problem(self.parsed.name, pos[0], pos[1], message))

    def unique_keys(self, section: str, label: str) -> tuple[dict[str, Item], set[str]]:
        """The valid entities by key, and every key written (valid entity or not)."""
        seen: dict[str, Item] = {}
        for item in self.parsed.sections.get(section, []):
            key = item.key
            if key is None:
                continue
            if key in seen:
                first = seen[key].at("key")[0]
                self.problem(
                    item.at("key"), f"duplicate {label} key '{key}' (first at line {first})"
                )
            else:
                seen[key] = item
        return {k: i for k, i in seen.items() if i.model is not None}, set(seen)

    def no_repeats(self, item: Item, loc: tuple[Any, ...], values: Iterable[str]) -> None:
        """Report every value a list repeats (each would be a second row of a unique pair)."""
        seen: set[str] = set()
        for i, value in enumerate(values):
            if value in seen:
                self.problem(item.at(*loc, i), f"duplicate '{value}' in {'.'.join(map(str, loc))}")
            seen.add(value)

    def ref(
        self, item: Item, loc: tuple[Any, ...], label: str, key: str | None, known: set[str]
    ) -> bool:
        """Check a reference; its position is looked up only when it is broken."""
        if key is None or key in known:
            return True
        self.problem(item.at(*loc), f"unknown {label} '{key}'" + did_you_mean(key, sorted(known)))
        return False


def _valid(items: Iterable[Item]) -> list[Item]:
    return [i for i in items if i.model is not None]


def build(
    parsed: ParsedFile, *, field_problems: bool = False
) -> tuple[d.ProgramData | None, list[Problem]]:
    """Check everything that spans entities; return the snapshot when the file is valid
    (no problem here and, as the caller says, none in the fields either)."""
    c = _Checker(parsed)
    prog = parsed.program.model if parsed.program else None
    cal = Calendar(prog.holidays if prog else ())
    program_key = prog.key if prog else None

    settings = d.Settings()
    if parsed.settings and parsed.settings.model:
        lv = parsed.settings.model.risk_levels
        if not lv.medium < lv.high < lv.critical:
            c.problem(
                parsed.settings.at("risk_levels"), "risk_levels must rise: medium < high < critical"
            )
        settings = d.Settings(lv.medium, lv.high, lv.critical)

    if parsed.program and prog and prog.access:
        access = prog.access
        c.no_repeats(parsed.program, ("access", "editors"), access.editors)
        c.no_repeats(parsed.program, ("access", "viewers"), access.viewers)
        editors = set(access.editors)
        for i, who in enumerate(access.viewers):
            if who in editors:
                c.problem(
                    parsed.program.at("access", "viewers", i),
                    f"'{who}' is both in access.editors and access.viewers",
                )
    if parsed.program and prog and prog.start and prog.end and prog.end < prog.start:
        c.problem(
            parsed.program.at("end"), f"program end {prog.end} is before its start {prog.start}"
        )

    objectives, objective_keys = c.unique_keys("objectives", "objective")
    for item in objectives.values():
        o = item.model
        if o.target == o.baseline:
            c.problem(item.at("target"), "target must differ from baseline (nothing to realise)")
    people, person_keys = c.unique_keys("people", "person")
    projects, project_keys = c.unique_keys("projects", "project")
    risks, risk_keys = c.unique_keys("risks", "risk")

    priorities: dict[int, Item] = {}
    edges: dict[tuple[str, str], Item] = {}
    for item in projects.values():
        p = item.model
        if p.priority is not None:
            if p.priority in priorities:
                other = priorities[p.priority]
                c.problem(
                    item.at("priority"),
                    f"duplicate priority {p.priority} "
                    f"(also {other.model.key}, line {other.at('priority')[0]})",
                )
            else:
                priorities[p.priority] = item
        _check_dates(c, item, cal)
        c.ref(item, ("manager",), "person", p.manager, person_keys)
        for i, key in enumerate(p.objectives):
            c.ref(item, ("objectives", i), "objective", key, objective_keys)
        c.no_repeats(item, ("objectives",), p.objectives)
        preds: set[tuple[str | None, str]] = set()
        for dep in _valid(item.children.get("depends_on", [])):
            pred, theirs = dep.model.project, _other_program(dep.model.program, program_key)
            if (theirs, pred) in preds:
                shown = pred if theirs is None else f"{theirs}/{pred}"
                c.problem(dep.at("project"), f"duplicate dependency on '{shown}'")
            elif theirs is None and (
                c.ref(dep, ("project",), "project", pred, project_keys) and pred in projects
            ):  # another program's project is found in the database on import
                edges[(pred, p.key)] = dep
            preds.add((theirs, pred))
        names: set[str] = set()
        for ms in _valid(item.children.get("milestones", [])):
            m = ms.model
            if m.name in names:
                c.problem(ms.at("name"), f"duplicate milestone '{m.name}' in project {p.key}")
            names.add(m.name)
        periods: set[tuple[Any, ...]] = set()
        for al in _valid(item.children.get("allocations", [])):
            a = al.model
            if c.ref(al, ("person",), "person", a.person, person_keys) and a.person in people:
                too_much = d.fte_problem(a.fte, a.person, people[a.person].model.capacity)
                if too_much:
                    c.problem(al.at("fte"), too_much)
            if a.start and a.end and a.end < a.start:
                c.problem(al.at("to"), f"allocation ends ({a.end}) before it starts ({a.start})")
            if (a.person, a.start, a.end) in periods:
                c.problem(
                    al.at("person"), f"duplicate allocation of '{a.person}' for the same period"
                )
            periods.add((a.person, a.start, a.end))

    from progtui.analysis.graph import cycles, dependency_graph  # networkx: not at start-up

    for knot in cycles(dependency_graph(edges)):
        c.problem(edges[(knot[0], knot[1])].at("project"), "dependency cycle: " + " -> ".join(knot))

    for item in risks.values():
        r = item.model
        for i, key in enumerate(r.projects):
            c.ref(item, ("projects", i), "project", key, project_keys)
        c.no_repeats(item, ("projects",), r.projects)
        c.ref(item, ("owner",), "person", r.owner, person_keys)
    measured: set[tuple[str, object]] = set()
    for item in _valid(parsed.sections.get("benefits", [])):
        m = item.model
        if c.ref(item, ("objective",), "objective", m.objective, objective_keys):
            if (m.objective, m.date) in measured:
                c.problem(item.at("date"), f"a second value of {m.objective} on {m.date}")
            measured.add((m.objective, m.date))
    baseline_names: set[str] = set()
    for item in _valid(parsed.sections.get("baselines", [])):
        b = item.model
        if b.name in baseline_names:
            c.problem(item.at("name"), f"duplicate baseline '{b.name}'")
        baseline_names.add(b.name)
        seen: set[str] = set()
        for bp in _valid(item.children.get("projects", [])):
            x = bp.model
            if x.project in seen:
                c.problem(bp.at("project"), f"project '{x.project}' twice in baseline '{b.name}'")
            seen.add(x.project)
            if x.end < x.start:
                c.problem(bp.at("end"), f"end {x.end} is before start {x.start}")
    anything = objective_keys | person_keys | project_keys | risk_keys
    for item in _valid(parsed.sections.get("decisions", [])):
        for i, key in enumerate(item.model.about):
            c.ref(item, ("about", i), "project, risk, person or objective", key, anything)
        c.no_repeats(item, ("about",), item.model.about)

    if c.problems or field_problems or prog is None:
        return None, c.problems
    return _snapshot(parsed, prog, settings, projects), []


def _check_dates(c: _Checker, item: Item, cal: Calendar) -> None:
    p = item.model
    if p.end < p.start:
        c.problem(item.at("end"), f"end {p.end} is before start {p.start}")
    elif cal.working_days(p.start, p.end) <= 0:
        c.problem(item.at("end"), f"no working day between start {p.start} and end {p.end}")
    if p.actual_end and not p.actual_start:
        c.problem(item.at("actual_end"), "actual_end given without actual_start")
    if p.actual_start and p.actual_end and p.actual_end < p.actual_start:
        c.problem(
            item.at("actual_end"),
            f"actual_end {p.actual_end} is before actual_start {p.actual_start}",
        )
    if p.status == "done" and not (p.actual_start and p.actual_end):
        c.problem(item.at("status"), "a done project needs actual_start and actual_end")
    if p.actual_end and p.status not in d.CLOSED_STATUSES:
        c.problem(
            item.at("actual_end"),
            f"only done or cancelled projects have an actual_end (status is {p.status})",
        )


def _ranked(items: list[Item]) -> list[Item]:
    """Given priorities first in their order, then the rest in file order (SPEC section 2)."""
    with_rank = sorted(
        (i for i in items if i.model.priority is not None), key=lambda i: i.model.priority
    )
    return with_rank + [i for i in items if i.model.priority is None]


def _snapshot(
    parsed: ParsedFile, prog: Any, settings: d.Settings, projects: dict[str, Item]
) -> d.ProgramData:
    def models(section: str) -> list[Any]:
        return [i.model for i in parsed.sections.get(section, [])]

    def project(rank: int, item: Item) -> d.Project:
        p = item.model
        sc = p.scores
        ho = p.health_override
        return d.Project(
            key=p.key,
            name=p.name,
            start=p.start,
            end=p.end,
            rank=rank,
            manager=p.manager,
            status=p.status,
            actual_start=p.actual_start,
            actual_end=p.actual_end,
            budget=p.budget,
            actual_cost=p.actual_cost,
            percent_complete=p.percent_complete,
            objectives=tuple(p.objectives),
            scores=d.Scores(sc.value, sc.time_criticality, sc.risk_reduction, sc.effort),
            health_override=d.HealthOverride(ho.rag, ho.reason) if ho else None,
            depends_on=tuple(
                d.Dependency(
                    x.model.project,
                    x.model.type,
                    x.model.lag,
                    _other_program(x.model.program, prog.key),
                )
                for x in item.children.get("depends_on", [])
            ),
            milestones=tuple(
                d.Milestone(x.model.name, x.model.due, x.model.done)
                for x in item.children.get("milestones", [])
            ),
            reported_end=p.reported_end,
            allocations=tuple(
                d.Allocation(x.model.person, x.model.fte, x.model.start, x.model.end)
                for x in item.children.get("allocations", [])
            ),
        )

    history: dict[str, tuple[d.Measure, ...]] = {}
    for b in sorted(models("benefits"), key=lambda b: b.date):
        history[b.objective] = (*history.get(b.objective, ()), d.Measure(b.date, b.value))

    def baseline(item: Item) -> d.Baseline:
        b = item.model
        return d.Baseline(
            b.name,
            b.taken,
            tuple(
                d.BaselineProject(
                    x.model.project,
                    x.model.start,
                    x.model.end,
                    x.model.budget,
                    x.model.forecast_start,
                    x.model.forecast_end,
                )
                for x in item.children.get("projects", [])
            ),
            tuple(
                d.BaselineMilestone(x.model.project, x.model.name, x.model.due, x.model.forecast)
                for x in item.children.get("milestones", [])
            ),
        )

    return d.ProgramData(
        program=d.Program(
            key=prog.key,
            name=prog.name,
            objective=prog.objective,
            owner=prog.owner,
            start=prog.start,
            end=prog.end,
            budget=prog.budget,
            currency=prog.currency,
            holidays=tuple(sorted(set(prog.holidays))),
            access=d.Access(tuple(prog.access.editors), tuple(prog.access.viewers))
            if prog.access
            else None,
        ),
        settings=settings,
        objectives=tuple(
            d.Objective(
                o.key, o.name, o.target, o.unit, o.baseline, o.current, history.get(o.key, ())
            )
            for o in models("objectives")
        ),
        people=tuple(
            d.Person(p.key, p.name, p.role, p.capacity, p.cost_rate) for p in models("people")
        ),
        projects=tuple(
            project(rank, item)
            for rank, item in enumerate(_ranked(list(projects.values())), start=1)
        ),
        risks=tuple(
            d.Risk(
                r.key,
                r.title,
                r.probability,
                r.impact,
                tuple(r.projects),
                r.owner,
                r.status,
                r.mitigation,
                r.due,
            )
            for r in models("risks")
        ),
        decisions=tuple(
            d.Decision(x.when, x.who, x.text, tuple(x.about)) for x in models("decisions")
        ),
        baselines=tuple(baseline(item) for item in parsed.sections.get("baselines", [])),
    )


def _other_program(program: str | None, own: str | None) -> str | None:
    """A dependency's program when it is another one (its own key counts as none)."""
    return None if program is None or program == own else program
