"""Pause the cyclic garbage collector while building or reading a large structure.

Building a million small objects (YAML nodes, rows, analysis results) makes CPython's
collector rescan the growing heap again and again; pausing it cut reading a 10,000-project
file from 7.4 s to 3.4 s. Nothing built here holds reference cycles, so reference counting
still frees it all.

When the pause ends, what was built is moved straight to the oldest generation (freeze, then
unfreeze: two list splices, no scan) instead of being scanned by the next young collection
and again on its way up: an analysis of 100,000 projects otherwise ends with a 0.2 s
collection holding the interpreter lock. Nothing leaks:
the oldest generation is still examined by every full collection. Once the app has frozen
what it loaded first (keep()), nothing is moved, as unfreezing would undo that.
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


_kept = False  # the app froze what it loaded first (keep()): promoting would unfreeze it


def keep() -> None:
    """Freeze every tracked object for good: what the app loads first lives as long as the app,
    and the collector need never look at it again."""
    global _kept
    gc.freeze()
    _kept = True


def promote() -> None:
    """Move every tracked object to the oldest generation, unscanned; not after keep(), as
    unfreezing would undo it. (gc.get_freeze_count() cannot tell: it walks every frozen
    object, and this runs after each load and analysis.)"""
    if not _kept:
        gc.freeze()
        gc.unfreeze()
