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


class PersonDisagrees(Refused):
    """A file's person differs from the database's person of that key, whom other programs
    use (SPEC 6): *field* is the first that differs; the reader's caller locates *key*."""

    def __init__(self, key: str, field: str, here: object, there: object, used_by: list[str]):
        self.key, self.field, self.used_by = key, field, used_by
        super().__init__(
            f"person '{key}' has {field} {_shown(here)} here but {_shown(there)} in the "
            f"database (used by {', '.join(used_by)}); --update-people changes them there"
        )


class LinkMissing(Refused):
    """A dependency on another program's project that the database does not hold: the
    reader's caller locates *field* (program or project) of dependency *index* of *project*."""

    def __init__(self, project: str, index: int, field: str, message: str):
        self.project, self.index, self.field = project, index, field
        super().__init__(message)


def _shown(value: object) -> str:
    return "none" if value is None else repr(value) if isinstance(value, str) else f"{value}"


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
