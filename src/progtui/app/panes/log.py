"""Pane 6, Log: decisions and the audit trail of changes, newest recorded first, in words."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical

from progtui.app.model import Loaded
from progtui.app.widgets.line_table import Column, LineTable
from progtui.services.audit import UNDO_REDO
from progtui.services.history import describe
from progtui.text import one_line

COLUMNS = [
    Column("when", "when", 16),
    Column("who", "who", 10, keep=1),
    Column("what", "what", 30, keep=0),
    Column("change", "change", flexible=True),
]


def entries(loaded: Loaded) -> list[tuple[tuple[int, datetime, int], tuple[Text, ...]]]:
    """(order, cells) of every decision and change, newest recorded first; decisions stand
    out in bold.

    The order is the order of recording: the audit trail's, where a decision made here or on
    the command line has its own row. A decision that came with an import has none: it is
    listed with that import, by its own date among the others."""
    out: list[tuple[tuple[int, datetime, int], tuple[Text, ...]]] = []
    data = loaded.data
    recorded = {
        (c.when, c.who, c.new): c.id
        for c in loaded.changes
        if c.entity == "decision" and c.action == "do" and c.old is None
    }
    imported = max((c.id for c in loaded.changes if c.entity == "program"), default=0)
    for n, dec in enumerate(data.decisions if data else ()):
        about = f" ({', '.join(dec.about)})" if dec.about else ""
        at = recorded.get((dec.when, dec.who, dec.text), imported)
        out.append(
            (
                (at, dec.when, n),
                (
                    Text(f"{dec.when:%Y-%m-%d %H:%M}"),
                    Text(one_line(dec.who)),
                    Text("decision" + about, style="bold"),
                    Text(one_line(dec.text), style="bold"),
                ),
            )
        )
    for c in loaded.changes:
        if c.entity == "decision" and c.action == "do":
            continue  # the decision itself is listed above
        what, change = describe(c.entity, c.field, c.old, c.new, c.action)
        cell = Text(one_line(what))
        if c.action in UNDO_REDO:  # the action first, where a narrow column keeps it
            cell.stylize("italic", 0, len(c.action or "") + 1)
        out.append(
            (
                (c.id, c.when, 0),
                (
                    Text(f"{c.when:%Y-%m-%d %H:%M}"),
                    Text(one_line(c.who)),
                    cell,
                    Text(one_line(change)),
                ),
            )
        )
    return sorted(out, key=lambda e: e[0], reverse=True)


class LogPane(Vertical):
    def compose(self) -> ComposeResult:
        yield LineTable(COLUMNS, id="log-table")

    @property
    def table(self) -> LineTable:
        return self.query_one(LineTable)

    def show(self, loaded: Loaded) -> None:
        rows = entries(loaded)
        self.table.set_rows([cells for _, cells in rows], [str(i) for i in range(len(rows))])
