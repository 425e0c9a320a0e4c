"""The dialogs' text field: an Input that acts on its keys when they reach it.

Textual hands each key to the widget focused when the key arrives, but a key that is a
binding (backspace, the arrows, home, a pick list's up/down) comes back to the app first and
is resolved against the focus of that later moment. Typed fast across a change of field
(`tab backspace 3`: the tab moves the focus at once, dialogs/ask.FIELD_KEYS), the backspace
then acted on the next field while the 3 went into the one left. A Field runs such a binding
itself, of its own or of the widgets around it up to the dialog, as the app would have at
the key's arrival: every key acts where the focus was when it was typed, in order.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen
from textual.widgets import Input


class Field(Input):
    async def _on_key(self, event: events.Key) -> None:
        if not event.is_printable:
            for node in self.ancestors_with_self:
                if isinstance(node, Screen):
                    break  # the dialog's own keys (escape, ctrl+s) mean the same from any field
                for key in event.aliases:
                    for binding in node._bindings.key_to_bindings.get(key, ()):
                        # one that declines (its check_action) leaves the key to the next
                        if not binding.priority and await self.app.run_action(binding.action, node):
                            event.stop()
                            event.prevent_default()
                            return
        await super()._on_key(event)
