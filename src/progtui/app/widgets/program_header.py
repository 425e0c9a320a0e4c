"""The header line: program, today, program health (symbol, word, colour) and the KPIs."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from progtui.analysis import Analysis
from progtui.reports.look import rag_label, rag_style
from progtui.text import one_line


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0%}"


def trend(history: tuple[dict[str, float | None], ...], name: str, now: float | None) -> str:
    """A sparkline of a KPI over the past steering reports and now ('' without reports)."""
    from progtui.analysis.benefits import sparkline

    values = [v for v in [*(h.get(name) for h in history), now] if v is not None]
    return sparkline(values) if len(values) > 1 else ""


def header_text(
    a: Analysis,
    position: str = "",
    last: str = "",
    read_only: bool = False,
    history: tuple[dict[str, float | None], ...] = (),
) -> Text:
    """The line; *last* says who changed what last (shown literally); *history* (the KPIs of
    past steering reports) adds a sparkline to on-time delivery, CPI and risk exposure."""
    k = a.kpis

    def spark(name: str, now: float | None) -> str:
        line = trend(history, name, now)
        return f" {line}" if line else ""

    p = a.data.program
    return Text.assemble(
        (" READ-ONLY ", "bold reverse") if read_only else "",
        " " if read_only else "",
        (one_line(p.name), "bold"),
        f"  {p.key}  {a.today.isoformat()}  ",
        (rag_label(a.health), rag_style(a.health)),
        f"  on-time {_pct(k.on_time_delivery)}{spark('on_time_delivery', k.on_time_delivery)}"
        f"  CPI {'—' if k.cost_performance is None else f'{k.cost_performance:.2f}'}"
        f"{spark('cost_performance', k.cost_performance)}"
        f"  util {_pct(k.utilization)}  benefits {_pct(k.benefit_realisation)}"
        f"  risk {k.risk_exposure}{spark('risk_exposure', k.risk_exposure)}",
        (f"  {position}" if position else "", "dim"),
        (f"  {one_line(last)}" if last else "", "italic"),
        no_wrap=True,
        overflow="ellipsis",
    )


class ProgramHeader(Static):
    """One line about the whole program; shown literally (it is built from Text)."""

    def show(
        self,
        analysis: Analysis | None,
        position: str = "",
        last: str = "",
        empty: str = "",
        read_only: bool = False,
        history: tuple[dict[str, float | None], ...] = (),
    ) -> None:
        self.update(
            header_text(analysis, position, last, read_only, history) if analysis else Text(empty)
        )
