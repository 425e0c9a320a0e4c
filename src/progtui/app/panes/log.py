"""Pane 6, Log: decisions and the audit trail of changes, newest first."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from progtui.app.model import Loaded
from progtui.app.widgets.line_table import Column, LineTable
from progtui.text import one_line

COLUMNS = [
    Column("when", "when", 16),
    Column("who", "who", 10, keep=1),
    Column("what", "what", 30, keep=0),
    Column("change", "change", flexible=True),
]


def entries(loaded: Loaded) -> list[tuple[datetime, int, tuple[Text, ...]]]:
    """(when, order, cells) of every decision and change; decisions stand out in bold."""
    out = []
    data = loaded.data
    for n, dec in enumerate(data.decisions if data else ()):
        about = f" ({', '.join(dec.about)})" if dec.about else ""
        out.append(
            (
                dec.when,
                n,
                (
                    Text(f"{dec.when:%Y-%m-%d %H:%M}"),
                    Text(one_line(dec.who)),
                    Text("decision" + about, style="bold"),
                    Text(one_line(dec.text), style="bold"),
                ),
            )
        )
    for c in loaded.changes:
        if c.entity == "decision":
            continue  # the decision itself is listed above
        change = f"{one_line(c.old or '—')} → {one_line(c.new or '—')}"
        what = Text(one_line(f"{c.entity} {c.field}"))
        if c.action in ("undo", "redo"):
            what.append(f" ({c.action})", style="italic")
        out.append(
            (
                c.when,
                10**9 + c.id,
                (Text(f"{c.when:%Y-%m-%d %H:%M}"), Text(one_line(c.who)), what, Text(change)),
            )
        )
    return sorted(out, key=lambda e: (e[0], e[1]), reverse=True)


class LogPane(Vertical):
    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS, id="log-table")

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    def show(self, loaded: Loaded) -> None:
        rows = entries(loaded)
        self.table.set_rows([cells for _, _, cells in rows], [str(i) for i in range(len(rows))])
