"""Who is acting and when: the operating-system account and the wall clock.

Every audit row, decision and access check asks here. Tests (and the load bench, which plays
several accounts in one process) say who with `acting_as`, never by patching a service.
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

_override: str | None = None
_clock: Callable[[], datetime] | None = None


def os_account() -> str:
    """The account running this process (from its uid, not the environment)."""
    uid = os.getuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return str(uid)


def current_user() -> str:
    """The account changes are recorded under: the OS account unless set with `set_user`."""
    return _override if _override is not None else os_account()


def set_user(name: str | None) -> None:
    """Act as *name* from now on (None: the OS account again)."""
    global _override
    _override = name


@contextmanager
def acting_as(name: str) -> Iterator[None]:
    """Act as *name* inside the block."""
    before = _override
    set_user(name)
    try:
        yield
    finally:
        set_user(before)


def now() -> datetime:
    """The local wall-clock time, to the second (how decisions and changes are dated)."""
    moment = _clock() if _clock is not None else datetime.now()
    return moment.replace(microsecond=0)


def set_clock(clock: Callable[[], datetime] | None) -> None:
    """Take the time from *clock* from now on (None: the wall clock again)."""
    global _clock
    _clock = clock
