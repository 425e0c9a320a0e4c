"""Triage meeting minutes: the agenda as it went, with what was decided and changed while each
item was open, as one Document (reports.document) written as Markdown."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from progtui.reports import render
from progtui.reports.document import Bullets, Document, Line, Paragraph, Section, Strong, joined
from progtui.services.audit import ChangeRecord
from progtui.services.history import describe
from progtui.services.meetings import Meeting


def _during(c: ChangeRecord) -> Line:
    """One decision or change made while an item was open."""
    if c.entity == "decision":
        text = json.loads(c.data)["text"] if c.data else (c.new or "")
        return (f"Decision ({c.when:%H:%M}, ", c.who, "): ", Strong(text))
    what, change = describe(c.entity, c.field, c.old, c.new, c.action)  # as the log says it
    return (f"Change ({c.when:%H:%M}, ", c.who, "): ", what, ": ", change)


def document(m: Meeting, ended: datetime, changes: list[ChangeRecord], name: str) -> Document:
    """The minutes; *changes* are the program's audit rows (decisions among them)."""
    minutes = max(int((ended - m.started).total_seconds() // 60), 0)
    during: dict[int, list[Line]] = {}
    for c in changes:
        index = m.item_of(c.id)
        if index is not None:
            during.setdefault(index, []).append(_during(c))
    sections = []
    reached = [i for i in range(len(m.items)) if i in m.spans]
    for n, i in enumerate(reached, start=1):
        item = m.items[i]
        state = "discussed" if i in m.discussed else "opened, not marked discussed"
        why = Paragraph(("Why on the agenda: ", item.why, f". {state.capitalize()}."))
        done = tuple(during.get(i) or [("Nothing decided or changed.",)])
        sections.append(Section((f"{n}. ", item.title), (why, Bullets(done))))
    missed = [m.items[i] for i in range(len(m.items)) if i not in m.spans]
    sections.append(
        Section(
            ("Not reached",),
            (
                Bullets(
                    tuple((x.title, ": ", x.why) for x in missed)
                    or (("None: every item was opened.",),)
                ),
            ),
        )
    )
    attendees = joined(m.attendees, ", ") or ("—",)
    intro = (
        Paragraph(
            (
                f"{m.started:%Y-%m-%d %H:%M} to {ended:%H:%M} ({minutes} min). Attendees: ",
                *attendees,
                ".",
            )
        ),
        Paragraph((f"{len(m.discussed)} of {len(m.items)} agenda items discussed.",)),
    )
    return Document(("Triage minutes: ", name, " (", m.program, ")"), intro, tuple(sections))


def compose(m: Meeting, ended: datetime, changes: list[ChangeRecord], name: str) -> str:
    """The minutes as Markdown; *changes* are the program's audit rows (decisions among them)."""
    return render.markdown(document(m, ended, changes, name))


def minutes_file(program: str, started: datetime) -> Path:
    """Where the app writes a meeting's minutes: the data folder's minutes/."""
    import platformdirs

    folder = platformdirs.user_data_path("progtui") / "minutes"
    return folder / f"{program}-{started:%Y-%m-%d-%H%M%S}.md"
