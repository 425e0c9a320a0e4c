"""The `keymap:` section of the settings: remap keys by binding id, through App.set_keymap."""

from __future__ import annotations

from textual.binding import Binding


def keymap_problems(keymap: dict[str, str], chains: list[list[type]]) -> tuple[set[str], list[str]]:
    """The binding ids known in *chains* (the classes active at one time, outermost first),
    and one line for each unknown id and each key the remapping binds twice in a chain."""
    known = {b.id for chain in chains for scope in chain for b in bindings(scope) if b.id}
    problems = [
        f"keymap: no key binding with id '{binding_id}'"
        for binding_id in keymap
        if binding_id not in known
    ]
    for chain in chains:
        seen: dict[str, Binding] = {}
        for b in (b for scope in chain for b in bindings(scope)):
            for key in keymap.get(b.id or "", b.key).split(","):
                other = seen.setdefault(key.strip(), b)
                # a clash the remapping made (the same action twice is none)
                same = other.action.removeprefix("app.") == b.action.removeprefix("app.")
                if not same and (b.id in keymap or other.id in keymap):
                    problems.append(
                        f"keymap: '{key.strip()}' is bound to both "
                        f"{other.id or other.action} and {b.id or b.action}"
                    )
    return {k for k in known if k}, sorted(set(problems))


def bindings(cls: type) -> list[Binding]:
    """The Binding objects in effect for a class: its own, and those of its bases that it
    does not override with the same key."""
    by_key: dict[str, Binding] = {}
    for klass in reversed(cls.__mro__):
        for b in klass.__dict__.get("BINDINGS", ()):
            if isinstance(b, Binding):
                by_key[b.key] = b
    return list(by_key.values())
