"""Pause the cyclic garbage collector while building or reading a large structure.

Building a million small objects (YAML nodes, rows, analysis results) makes CPython's
collector rescan the growing heap again and again; pausing it cut reading a 10,000-project
file from 7.4 s to 3.4 s. Nothing built here holds reference cycles, so reference counting
still frees it all.

When the pause ends, what was built is moved straight to the oldest generation (freeze, then
unfreeze: two list splices, no scan) instead of being scanned by the next young collection
and again on its way up: an analysis of 100,000 projects otherwise ends with a 0.2 s
collection holding the interpreter lock, which the app's screen would feel. Nothing leaks:
the oldest generation is still examined by every full collection. Where objects are frozen
(the app freezes what it loaded first) nothing is moved, as unfreezing would undo that.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            promote()
            gc.enable()


def promote() -> None:
    """Move every tracked object to the oldest generation, unscanned; not when some objects
    are frozen: the app freezes what it loaded first, and unfreezing would undo that."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
