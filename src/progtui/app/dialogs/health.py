"""H: why the program is red, amber or green, in the triage agenda's words."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from progtui.analysis import Analysis
from progtui.app.glyphs import UNICODE, Glyphs
from progtui.reports.look import rag_style
from progtui.text import one_line


def program_reasons(a: Analysis) -> list[str]:
    """The rule that set the program's health (SPEC section 4: red when a red project is on
    the critical path or more than a quarter of the open projects are red; amber when any is
    red or amber), then each red and amber project with its reasons, worded as the agenda
    words them ('red: 12 working days late; ...')."""
    open_ = [r for r in a.projects if r.health is not None]
    reds = [r for r in open_ if r.health and r.health.rag == "red"]
    ambers = [r for r in open_ if r.health and r.health.rag == "amber"]
    critical = [r.project.key for r in reds if r.slot and r.slot.critical]
    lines = []
    if a.health == "red":
        if critical:
            lines.append(f"red on the critical path: {', '.join(critical)}")
        if len(reds) * 4 > len(open_):
            lines.append(f"{len(reds)} of {len(open_)} open projects red (more than a quarter)")
    elif a.health == "amber":
        lines.append(
            f"{len(reds)} red and {len(ambers)} amber of {len(open_)} open projects"
            " (none red on the critical path, at most a quarter red)"
        )
    else:
        lines.append(f"all {len(open_)} open projects green")
    for r in [*reds, *ambers]:
        health = r.health
        assert health is not None
        why = f"{health.rag}: " + "; ".join(health.reasons) if health.reasons else health.rag
        override = " (set by hand)" if health.overridden else ""
        lines.append(f"{r.project.key} {one_line(r.project.name)}: {why}{override}")
    return lines


def reasons_text(a: Analysis, g: Glyphs = UNICODE) -> Text:
    """The whole dialog's text: the health, the rule, one line per project."""
    head, *rest = program_reasons(a)
    text = Text.assemble(
        "Program health ",
        (g.rag_label(a.health), rag_style(a.health)),
        f": {head}\n",
    )
    for line in rest:
        text.append(f"\n{line}")
    return text


class HealthReasons(ModalScreen[None]):
    """The program's health and every reason for it, scrollable; esc, q or H closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,H", "dismiss", "Close", id="health.close")
    ]

    def __init__(self, analysis: Analysis) -> None:
        super().__init__()
        self.analysis = analysis

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(reasons_text(self.analysis, getattr(self.app, "glyphs", UNICODE)))
