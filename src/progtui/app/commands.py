"""ctrl+p: jump to any project, person or risk by key or name (a command-palette provider)."""

from __future__ import annotations

from functools import partial
from typing import Protocol, cast

from rich.text import Text
from textual.command import Hit, Hits, Provider

from progtui.text import one_line


class Jumps(Protocol):
    """The app, as far as this provider needs it."""

    def jump_to(self, kind: str, key: str) -> None: ...


class JumpProvider(Provider):
    """Offers every project, person and risk of the program on screen."""

    def _targets(self) -> list[tuple[str, str, str]]:
        loaded = getattr(self.app, "loaded", None)
        data = loaded.data if loaded is not None else None
        if data is None:
            return []
        return (
            [("project", p.key, p.name) for p in data.projects]
            + [("person", p.key, p.name) for p in data.people]
            + [("risk", r.key, r.title) for r in data.risks]
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for kind, key, name in self._targets():
            label = f"{kind} {key}  {one_line(name)}"
            score = matcher.match(label)
            if score > 0:
                yield Hit(
                    score,
                    Text(label),
                    partial(cast(Jumps, self.app).jump_to, kind, key),
                    text=label,
                    help=f"Go to {kind} {key}",
                )

    async def discover(self) -> Hits:
        for kind, key, name in self._targets():
            label = f"{kind} {key}  {one_line(name)}"
            yield Hit(
                0.5,
                Text(label),
                partial(cast(Jumps, self.app).jump_to, kind, key),
                text=label,
                help=f"Go to {kind} {key}",
            )
