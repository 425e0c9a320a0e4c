"""Errors a user can cause. Each carries one readable line; the CLI maps them to exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class ProgtuiError(Exception):
    """Bad data, a refused change or a conflict: exit status 1, one line on stderr."""

    exit_code = 1


class NotFound(ProgtuiError):
    """A program, project or person key that does not exist."""


class Refused(ProgtuiError):
    """A change that breaks a rule; nothing was written."""


class Conflict(Refused):
    """Someone else changed the same thing after the change the caller's screen showed;
    *newest* is the id of that change (a retry made knowing it passes the check unless there
    is a newer one)."""

    def __init__(self, message: str, *, head: str, newest: int) -> None:
        super().__init__(message)
        self.head = head  # "not saved: bob changed risk:R2 at 10:02:13 (probability: 4 → 5)"
        self.newest = newest


class AccessDenied(ProgtuiError):
    """The program's access list does not let this account read or change it."""


class StoreError(ProgtuiError):
    """The database cannot be opened or written (permissions, wrong file, newer schema)."""


class Unavailable(StoreError):
    """The database cannot be reached or written just now (a server stopped or out of reach,
    a lock held beyond the busy timeout, a full disk); the transaction was rolled back."""


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One problem in an input file, reported as FILE:LINE:COL: message (1-based)."""

    file: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}: {self.message}"


class InvalidFile(ProgtuiError):
    """A file with one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(map(str, self.problems)))
