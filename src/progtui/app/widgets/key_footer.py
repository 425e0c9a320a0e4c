"""The footer: the keys that apply here, whole entries only.

Textual's Footer lays its keys out in a row and lets the palette key, docked right, cover
whatever does not fit (`a▏^p palette` at 80 columns). This one is a single line built for its
width: the palette key is kept at the right, and entries that do not fit are left out whole,
from the last, never cut. In ASCII the keys are named (`enter`, not `⏎`; see
ProgtuiApp.get_key_display).
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widget import Widget

from progtui.app.glyphs import UNICODE, Glyphs

GAP = 2  # spaces between entries


def footer_text(entries: list[tuple[str, str]], palette: str, width: int, g: Glyphs) -> Text:
    """*entries* (key, description) in order, as many whole ones as fit before *palette*."""
    tail = Text.assemble((f"{g.today if g.ascii else '▏'}", "dim"), (palette, "bold"), " ")
    room = width - (tail.cell_len if palette else 0)
    line = Text(" ", no_wrap=True, overflow="crop", end="")
    for i, (key, description) in enumerate(entries):
        entry = Text.assemble(" " * GAP if i else "", (key, "bold"), " ", description)
        if line.cell_len + entry.cell_len + 1 > room:  # one space before the palette key
            break
        line.append_text(entry)
    if palette:
        line.append(" " * max(room - line.cell_len, 0))
        line.append_text(tail)
    return line


class KeyFooter(Widget):
    """One line of the active keys, refreshed when the screen's bindings change."""

    DEFAULT_CSS = """
    KeyFooter { dock: bottom; height: 1; background: $footer-background;
                color: $footer-foreground; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def _key(self, binding: Binding) -> str:
        return self.app.get_key_display(binding)  # ASCII names in ASCII (ProgtuiApp)

    def render(self) -> Text:
        g: Glyphs = getattr(self.app, "glyphs", UNICODE)
        entries: list[tuple[str, str]] = []
        seen: set[str] = set()
        palette = ""
        bindings = self.screen.active_bindings
        command = bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if command is not None and self.app.ENABLE_COMMAND_PALETTE:
            palette = f"{self._key(command.binding)} palette"
        for key, active in bindings.items():
            binding = active.binding
            if key == self.app.COMMAND_PALETTE_BINDING or not binding.show:
                continue
            if binding.action in seen:
                continue
            seen.add(binding.action)
            entries.append((self._key(binding), binding.description))
        return footer_text(entries, palette, self.size.width, g)
