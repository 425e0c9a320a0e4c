"""Triage meeting minutes: the agenda as it went, with what was decided and changed while each
item was open, written as Markdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from progtui.analysis.agenda import Item
from progtui.services import ChangeRecord
from progtui.steering import md


@dataclass
class Meeting:
    """A triage meeting in progress: the agenda, which item is open and since when.

    An item's spans are ranges of the audit trail's change ids (after, up to): what was
    changed or decided while it was open, by anyone, exactly, whatever the clock says."""

    program: str
    attendees: tuple[str, ...]
    items: list[Item]
    started: datetime
    current: int = 0
    opened: int | None = None  # the newest change id when the current item was opened
    discussed: set[int] = field(default_factory=set)
    spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)

    def open(self, index: int, mark: int) -> None:
        self.close(mark)
        self.current, self.opened = index, mark

    def close(self, mark: int) -> None:
        if self.opened is not None:
            self.spans.setdefault(self.current, []).append((self.opened, mark))
            self.opened = None

    def mark(self) -> None:
        """x: the open item was discussed (again: not)."""
        self.discussed ^= {self.current}

    def item_of(self, change_id: int) -> int | None:
        for index, spans in self.spans.items():
            if any(after < change_id <= upto for after, upto in spans):
                return index
        return None


def compose(m: Meeting, ended: datetime, changes: list[ChangeRecord], name: str) -> str:
    """The minutes; *changes* are the program's audit rows (decisions among them)."""
    import json

    minutes = max(int((ended - m.started).total_seconds() // 60), 0)
    out = [f"# Triage minutes: {md(name)} ({md(m.program)})", "",
           f"{m.started:%Y-%m-%d %H:%M} to {ended:%H:%M} ({minutes} min). "
           f"Attendees: {', '.join(md(a) for a in m.attendees) or '—'}.", "",
           f"{len(m.discussed)} of {len(m.items)} agenda items discussed.", ""]
    during: dict[int, list[str]] = {}
    for c in changes:
        index = m.item_of(c.id)
        if index is None:
            continue
        if c.entity == "decision":
            text = json.loads(c.data)["text"] if c.data else (c.new or "")
            line = f"- Decision ({c.when:%H:%M}, {md(c.who)}): **{md(text)}**"
        else:
            line = (f"- Change ({c.when:%H:%M}, {md(c.who)}): {md(c.entity)} {md(c.field)} "
                    f"{md(c.old or '—')} → {md(c.new or '—')}"
                    + (f" ({c.action})" if c.action in ("undo", "redo") else ""))
        during.setdefault(index, []).append(line)
    reached = [i for i in range(len(m.items)) if i in m.spans]
    for n, i in enumerate(reached, start=1):
        item = m.items[i]
        state = "discussed" if i in m.discussed else "opened, not marked discussed"
        out += [f"## {n}. {md(item.title)}", "", f"Why on the agenda: {md(item.why)}. "
                f"{state.capitalize()}.", ""]
        out += during.get(i) or ["- Nothing decided or changed."]
        out.append("")
    missed = [m.items[i] for i in range(len(m.items)) if i not in m.spans]
    out += ["## Not reached", ""]
    out += [f"- {md(x.title)}: {md(x.why)}" for x in missed] or ["- None: every item was opened."]
    out.append("")
    return "\n".join(out)


def minutes_file(program: str, started: datetime) -> Path:
    """Where the app writes a meeting's minutes: the data folder's minutes/."""
    import platformdirs

    folder = platformdirs.user_data_path("progtui") / "minutes"
    return folder / f"{program}-{started:%Y-%m-%d-%H%M%S}.md"
