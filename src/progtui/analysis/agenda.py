"""The triage meeting's agenda, most urgent first, built from the analysis.

Order: red projects (rank order), critical projects with negative float, overdue milestones
(most overdue first), issues (risks that occurred, highest score first), open or mitigating
risks that are critical, past their due date or without a mitigation (highest score first),
people over capacity this month or next, projects whose data contradict themselves (a broken
dependency, progress before the start: analysis.consistency), and projects amber in the last
two reports and still amber. A project appears once, with every reason it is there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from progtui.analysis import risks as rk
from progtui.analysis.calendar import month_labels
from progtui.analysis.consistency import broken_dependencies, progress_without_start
from progtui.text import one_line

if TYPE_CHECKING:
    from progtui.analysis import Analysis


class Item(NamedTuple):
    kind: str  # project, milestone, risk or person
    key: str  # a project, risk or person key; PROJECT/NAME for a milestone
    title: str
    why: str


def agenda(a: Analysis, amber_twice: frozenset[str] = frozenset()) -> list[Item]:
    data = a.data
    projects: dict[str, list[str]] = {}  # key -> reasons, in the order they were first met
    for r in a.projects:
        if r.health and r.health.rag == "red":
            projects.setdefault(r.project.key, []).append(
                "red: " + "; ".join(r.health.reasons) if r.health.reasons else "red"
            )
    for r in a.projects:
        s = r.slot
        if s and s.critical and s.total_float is not None and s.total_float < 0:
            projects.setdefault(r.project.key, []).append(
                f"critical with {s.total_float} working days of float"
            )
    urgent = set(projects)
    broken: dict[str, list[str]] = {}
    for b in broken_dependencies(a):
        broken.setdefault(b.successor, []).append(b.words())
    for r in a.projects:
        key = r.project.key
        progress = progress_without_start(a, key)
        for why in [*broken.get(key, ()), *([progress] if progress else [])]:
            projects.setdefault(key, []).append(why)
    checks = set(projects) - urgent
    for r in a.projects:
        if r.project.key in amber_twice and r.health and r.health.rag == "amber":
            projects.setdefault(r.project.key, []).append("amber in the last two reports")
    names = {r.project.key: r.project.name for r in a.projects}
    items = {
        k: Item("project", k, f"{k} {one_line(names[k])}", "; ".join(why))
        for k, why in projects.items()
    }
    first = [items[k] for k in projects if k in urgent]
    to_check = [items[k] for k in projects if k in checks]
    last = [items[k] for k in projects if k not in urgent and k not in checks]

    milestones = [
        Item(
            "milestone",
            f"{m.project}/{m.name}",
            f"◆ {m.project}: {one_line(m.name)}",
            f"overdue by {m.overdue_days} working days (due {m.due})",
        )
        for m in sorted(a.milestones, key=lambda m: (-m.overdue_days, m.project))
        if m.overdue_days
    ]

    issues = [
        Item(
            "risk",
            risk.key,
            f"{risk.key} {one_line(risk.title)}",
            f"issue: it occurred ({rk.score(risk)})"
            + ("" if risk.mitigation else "; no response recorded"),
        )
        for risk in sorted(data.risks, key=lambda r: (-rk.score(r), r.key))
        if risk.status == "occurred"
    ]

    risks = []
    for risk in sorted(data.risks, key=lambda r: (-rk.score(r), r.key)):
        if risk.status not in rk.LIVE:
            continue
        level = rk.level(rk.score(risk), data.settings)
        why = []
        if level == "critical":
            why.append(f"critical ({rk.score(risk)})")
        if risk.due and risk.due < a.today:
            days = (a.today - risk.due).days
            why.append(f"overdue: due {risk.due}, {days} day{'s' if days != 1 else ''} ago")
        if not risk.mitigation:
            why.append("no mitigation")
        if why:
            risks.append(
                Item("risk", risk.key, f"{risk.key} {one_line(risk.title)}", "; ".join(why))
            )

    soon = month_labels(a.today, 2)  # this month and next
    people_names = {p.key: p.name for p in data.people}
    people = []
    for pl in a.capacity:
        over = [m for m in pl.months if m.month in soon and m.over]
        if over:
            people.append(
                Item(
                    "person",
                    pl.key,
                    f"{pl.key} {one_line(people_names.get(pl.key, ''))}",
                    "over capacity: "
                    + ", ".join(
                        f"{'∞' if m.utilization is None else f'{m.utilization:.0%}'} in {m.month}"
                        for m in over
                    ),
                )
            )
    return first + milestones + issues + risks + people + to_check + last
