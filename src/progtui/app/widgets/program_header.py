"""The header line: program, today, program health (symbol, word, colour) and the KPIs.

It is built for the width it has: whole parts are dropped by priority as the terminal
narrows (sparklines first, then benefits, utilization, the key, today, risk exposure, CPI and
on-time delivery), never half a KPI; the name is cut last, and only the name. Who changed
what last, the program's position and the pane's view are on the status line below.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from progtui.analysis import Analysis
from progtui.app.glyphs import UNICODE, Glyphs, glyphs
from progtui.app.widgets import show_text
from progtui.reports.look import rag_style
from progtui.text import one_line

KEEP = 10  # a part never dropped (the name is cut instead)


def trend(
    history: tuple[dict[str, float | None], ...], name: str, now: float | None, ascii: bool = False
) -> str:
    """A sparkline of a KPI over the past steering reports and now ('' without reports)."""
    from progtui.analysis.benefits import sparkline

    values = [v for v in [*(h.get(name) for h in history), now] if v is not None]
    return glyphs(ascii).spark(sparkline(values) if len(values) > 1 else "")


@dataclass(frozen=True, slots=True)
class Part:
    """A piece of a line: *glue* before it, dropped whole when its *priority* is lowest."""

    text: Text
    priority: int
    glue: str = "  "


def fit(parts: list[Part], width: int, g: Glyphs = UNICODE, cut: int | None = None) -> Text:
    """The parts that fit in *width*, lowest priority dropped first; if the ones that are
    always kept do not fit, part *cut* (an index) is shortened with an ellipsis."""
    shown = list(parts)

    def length(items: list[Part]) -> int:
        return sum(p.text.cell_len + len(p.glue) for p in items) - (
            len(items[0].glue) if items else 0
        )

    while length(shown) > width:
        droppable = [p for p in shown if p.priority < KEEP]
        if not droppable:
            break
        shown.remove(min(droppable, key=lambda p: p.priority))
    line = Text(no_wrap=True, end="")
    over = max(length(shown) - width, 0)
    for i, part in enumerate(shown):
        if i:
            line.append(part.glue)
        text = part.text
        if over and cut is not None and part is parts[cut]:
            text = text.copy()
            keep = max(text.cell_len - over - len(g.ellipsis), 1)
            text.truncate(keep)
            text.append(g.ellipsis)
        line.append_text(text)
    line.truncate(width)
    return line


def header_parts(
    a: Analysis,
    read_only: bool = False,
    history: tuple[dict[str, float | None], ...] = (),
    g: Glyphs = UNICODE,
) -> list[Part]:
    """The header's parts in the order shown; the name is part 0 or 1 (after READ-ONLY)."""
    k = a.kpis
    none = g.none

    def pct(value: float | None) -> str:
        return none if value is None else f"{value:.0%}"

    def kpi(
        label: str, value: str, priority: int, name: str | None, now: float | None
    ) -> list[Part]:
        out = [Part(Text(f"{label} {value}"), priority)]
        line = trend(history, name, now, g.ascii) if name else ""
        if line:
            out.append(Part(Text(line), 1, " "))
        return out

    p = a.data.program
    cpi = none if k.cost_performance is None else f"{k.cost_performance:.2f}"
    return [
        *([Part(Text(" READ-ONLY ", "bold reverse"), KEEP)] if read_only else []),
        Part(Text(one_line(p.name), "bold"), KEEP, " "),
        Part(Text(p.key), 5),
        Part(Text(a.today.isoformat()), 6),
        Part(Text(g.rag_label(a.health), rag_style(a.health)), KEEP),
        *kpi("on-time", pct(k.on_time_delivery), 9, "on_time_delivery", k.on_time_delivery),
        *kpi("CPI", cpi, 8, "cost_performance", k.cost_performance),
        *kpi("util", pct(k.utilization), 4, None, None),
        *kpi("benefits", pct(k.benefit_realisation), 3, None, None),
        *kpi("risk", str(k.risk_exposure), 7, "risk_exposure", k.risk_exposure),
    ]


class ProgramHeader(Static):
    """One line about the whole program, fitted to its width; shown literally (Text)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: list[Part] = []
        self.cut: int | None = None
        self.empty = ""

    def show(
        self,
        analysis: Analysis | None,
        empty: str = "",
        read_only: bool = False,
        history: tuple[dict[str, float | None], ...] = (),
    ) -> None:
        g: Glyphs = getattr(self.app, "glyphs", UNICODE)
        self.parts = header_parts(analysis, read_only, history, g) if analysis else []
        self.cut = 1 if read_only else 0
        self.empty = empty
        self._fit()

    def _fit(self) -> None:
        width = self.content_region.width or self.app.size.width - 2
        g: Glyphs = getattr(self.app, "glyphs", UNICODE)
        show_text(self, fit(self.parts, width, g, self.cut) if self.parts else Text(self.empty))

    def on_resize(self) -> None:
        self._fit()
