"""Triage meeting minutes: the agenda as it went, with what was decided and changed while each
item was open, written as Markdown."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from progtui.reports.escape import md
from progtui.services.audit import ChangeRecord
from progtui.services.meetings import Meeting


def compose(m: Meeting, ended: datetime, changes: list[ChangeRecord], name: str) -> str:
    """The minutes; *changes* are the program's audit rows (decisions among them)."""
    import json

    minutes = max(int((ended - m.started).total_seconds() // 60), 0)
    out = [
        f"# Triage minutes: {md(name)} ({md(m.program)})",
        "",
        f"{m.started:%Y-%m-%d %H:%M} to {ended:%H:%M} ({minutes} min). "
        f"Attendees: {', '.join(md(a) for a in m.attendees) or '—'}.",
        "",
        f"{len(m.discussed)} of {len(m.items)} agenda items discussed.",
        "",
    ]
    during: dict[int, list[str]] = {}
    for c in changes:
        index = m.item_of(c.id)
        if index is None:
            continue
        if c.entity == "decision":
            text = json.loads(c.data)["text"] if c.data else (c.new or "")
            line = f"- Decision ({c.when:%H:%M}, {md(c.who)}): **{md(text)}**"
        else:
            line = (
                f"- Change ({c.when:%H:%M}, {md(c.who)}): {md(c.entity)} {md(c.field)} "
                f"{md(c.old or '—')} → {md(c.new or '—')}"
                + (f" ({c.action})" if c.action in ("undo", "redo") else "")
            )
        during.setdefault(index, []).append(line)
    reached = [i for i in range(len(m.items)) if i in m.spans]
    for n, i in enumerate(reached, start=1):
        item = m.items[i]
        state = "discussed" if i in m.discussed else "opened, not marked discussed"
        out += [
            f"## {n}. {md(item.title)}",
            "",
            f"Why on the agenda: {md(item.why)}. {state.capitalize()}.",
            "",
        ]
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
