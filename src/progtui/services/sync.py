"""Sync: one project updated from its project manager's MS Project file (`progtui sync`, the
app's Y). The changes are computed against a loaded snapshot and shown first; saving writes
exactly those, as one audited batch (undone as a whole), and is refused when another account
changed the project, one of its milestones or the program since that snapshot.
The rules are in docs/interchange-mspdi.md, "Sync".
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update
from sqlmodel import Session

from progtui import domain as d
from progtui import store
from progtui.errors import NotFound, Refused
from progtui.identity import current_user
from progtui.services.audit import audit, show_value
from progtui.store import CHG, MS, PRJ
from progtui.text import did_you_mean

if TYPE_CHECKING:
    from progtui.interchange.mspdi.plan import Plan, PlanMilestone

# How far along a status is: sync moves a project forward to what the plan's actuals show,
# never back. Approving a proposal, holding and cancelling are the program's decisions, not
# the plan's: a proposed or held project keeps its status, a cancelled one is not synced.
_PROGRESS: dict[str, int] = {"proposed": 0, "approved": 1, "active": 2, "done": 3}
_DECIDED = {"proposed": "approve it first", "on_hold": "put it back first"}
PROJECT_FIELDS = (
    "status",
    "actual_start",
    "actual_end",
    "percent_complete",
    "actual_cost",
    "reported_end",
)


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that sync changes: *entity* as the audit trail names it (project:KEY or
    milestone:KEY/NAME), the value now and the plan's."""

    entity: str
    field: str
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.entity} {self.field}: {show_value(self.old) or '–'} → " + (
            show_value(self.new) or "–"
        )


@dataclass(frozen=True, slots=True)
class SyncChanges:
    """What syncing *project* from *file* changes, computed against a snapshot."""

    program: str
    project: str
    file: str
    changes: tuple[FieldChange, ...]
    not_matched: tuple[PlanMilestone, ...] = ()  # in the plan, not in the project: not added
    not_in_plan: tuple[str, ...] = ()  # the project's milestones the plan lacks: kept
    kept: tuple[str, ...] = ()  # what the plan says that sync does not take, and why

    def notes(self) -> list[str]:
        """The lines after the changes: milestones not matched, and what was kept."""
        out = [
            f"not matched: the plan's milestone '{m.name}' (due {m.due}, "
            f"{self.file}:{m.line}:{m.col}) is not in {self.project}; not added"
            for m in self.not_matched
        ]
        out += [
            f"not in the plan: milestone '{name}' of {self.project}; kept"
            for name in self.not_in_plan
        ]
        return out + [f"kept: {line}" for line in self.kept]


def plan_changes(data: d.ProgramData, *, project: str, path: str | os.PathLike[str]) -> SyncChanges:
    """Read the plan at *path* and compare it with *project* of the snapshot *data*: the
    changes sync would make (nothing is written). Raises NotFound, Refused or InvalidFile."""
    p = next((x for x in data.projects if x.key == project), None)
    if p is None:
        keys = [x.key for x in data.projects]
        raise NotFound(
            f"no project '{project}' in program {data.program.key}" + did_you_mean(project, keys)
        )
    if p.status == "cancelled":
        raise Refused(f"{project} is cancelled: a cancelled project is not synced")
    from progtui.interchange.mspdi.plan import read_plan  # the XML reader: not at start-up

    return compare(data.program.key, p, read_plan(path))


def compare(program: str, p: d.Project, plan: Plan) -> SyncChanges:
    """The changes that bring project *p* to what *plan* says (the rules of "Sync")."""
    kept: list[str] = []
    status: str = p.status
    actual_start, actual_end = p.actual_start, p.actual_end
    if p.status in _DECIDED:  # the program's decision: actuals and percent, not the status
        if plan.status != "approved":
            kept.append(
                f"status {p.status} (the plan shows it {_shown(plan)}): {_DECIDED[p.status]}"
            )
        actual_start = plan.actual_start or actual_start
    elif _PROGRESS[plan.status] < _PROGRESS[p.status]:
        kept.append(
            f"status {p.status} and its actual dates (the plan shows it {_shown(plan)}): "
            "sync never takes progress back"
        )
    else:
        status = plan.status
        actual_start = plan.actual_start or actual_start
        if status == "done":
            actual_end = plan.actual_end
    percent = 100.0 if status == "done" else plan.percent_complete
    after: dict[str, Any] = {
        "status": status,
        "actual_start": actual_start,
        "actual_end": actual_end,
        "percent_complete": percent,
        "actual_cost": p.actual_cost if plan.actual_cost is None else plan.actual_cost,
        "reported_end": plan.finish,
    }
    entity = f"project:{p.key}"
    changes = [
        FieldChange(entity, f, getattr(p, f), after[f])
        for f in PROJECT_FIELDS
        if getattr(p, f) != after[f]
    ]
    matched, not_matched, twice = _match(p.milestones, plan.milestones)
    for ms, pm in matched:
        where = f"milestone:{p.key}/{ms.name}"
        if pm.done is not None:
            if ms.done != pm.done:
                changes.append(FieldChange(where, "done", ms.done, pm.done))
        elif ms.done is not None:
            kept.append(f"milestone '{ms.name}' done on {ms.done} (not done in the plan)")
        elif ms.due != pm.due:
            changes.append(FieldChange(where, "due", ms.due, pm.due))
    kept += [f"milestone '{name}': its name is in the plan more than once" for name in twice]
    taken = {ms.name for ms, _ in matched} | set(twice)
    return SyncChanges(
        program,
        p.key,
        plan.file,
        tuple(changes),
        tuple(not_matched),
        tuple(ms.name for ms in p.milestones if ms.name not in taken),
        tuple(kept),
    )


def _shown(plan: Plan) -> str:
    if plan.status == "done":
        return f"done on {plan.actual_end}"
    if plan.status == "active":
        return f"started on {plan.actual_start}"
    return "not started"


def _fold(name: str) -> str:
    return " ".join(name.casefold().split())


def _match(
    ours: tuple[d.Milestone, ...], theirs: tuple[PlanMilestone, ...]
) -> tuple[list[tuple[d.Milestone, PlanMilestone]], list[PlanMilestone], list[str]]:
    """Milestones by name: the same name first, then the same but for case and spaces. A name
    the plan has twice matches nothing. Returns the pairs, the plan's milestones left over,
    and ours whose name the plan has more than once."""
    pairs: list[tuple[d.Milestone, PlanMilestone]] = []
    twice: list[str] = []
    used: set[int] = set()
    left = list(ours)
    for same in (lambda a, b: a == b, lambda a, b: _fold(a) == _fold(b)):
        for ms in list(left):
            found = [pm for pm in theirs if id(pm) not in used and same(ms.name, pm.name)]
            if len(found) > 1:
                twice.append(ms.name)
                used.update(id(pm) for pm in found)
            elif found:
                pairs.append((ms, found[0]))
                used.add(id(found[0]))
            else:
                continue
            left.remove(ms)
    return pairs, [pm for pm in theirs if id(pm) not in used], twice


# --- saving ------------------------------------------------------------------------------------


def sync_project(session: Session, *, changes: SyncChanges, seen: int | None) -> SyncChanges:
    """Save the changes *plan_changes* listed, as they were listed, in one audited batch.

    *seen* is the newest audit change of the snapshot they were computed against: refused,
    saying who and when, when another account changed the project, one of its milestones or
    the program after it; refused too when a value is no longer the one listed."""
    program, key = changes.program, changes.project
    pid = store.program_id(session, program, lock=True)
    row = session.execute(select(PRJ).where(PRJ.c.program_id == pid, PRJ.c.key == key)).first()
    if row is None:
        raise NotFound(f"no project '{key}' in program {program}")
    _check_since(session, program, key, seen)
    project: dict[str, Any] = {}
    milestones: dict[str, dict[str, Any]] = {}
    for c in changes.changes:
        if c.entity == f"project:{key}":
            now = getattr(row, c.field)
            project[c.field] = c.new
        else:
            name = c.entity.partition("/")[2]
            found = session.execute(
                select(MS).where(MS.c.project_id == row.id, MS.c.name == name)
            ).first()
            if found is None:
                raise Refused(f"not saved: {c.entity} is gone; nothing was written, sync again")
            now = getattr(found, c.field)
            milestones.setdefault(found.id, {})[c.field] = c.new
        if show_value(now) != show_value(c.old):
            raise Refused(
                f"not saved: {c.entity} {c.field} is {show_value(now) or '–'} now, not "
                f"{show_value(c.old) or '–'} as listed; nothing was written, sync again"
            )
    if project:
        session.execute(update(PRJ).where(PRJ.c.id == row.id).values(**project))
    for mid, values in milestones.items():
        session.execute(update(MS).where(MS.c.id == mid).values(**values))
    for c in changes.changes:
        audit(session, program, c.entity, c.field, c.old, c.new)
    return changes


def _check_since(session: Session, program: str, key: str, seen: int | None) -> None:
    if seen is None:
        return
    other = session.execute(
        select(CHG)
        .where(
            CHG.c.program_key == program,
            CHG.c.id > seen,
            CHG.c.who != current_user(),
            or_(
                CHG.c.entity == f"project:{key}",
                CHG.c.entity.startswith(f"milestone:{key}/", autoescape=True),
                CHG.c.entity == "program",
            ),
        )
        .order_by(CHG.c.id.desc())
    ).first()
    if other is not None:
        raise Refused(
            f"not saved: {other.who} changed {other.entity} {other.field} at "
            f"{other.when:%H:%M:%S} since the changes were listed; nothing was written, "
            "sync again"
        )
