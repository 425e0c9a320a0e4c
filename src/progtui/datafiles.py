"""The files progtui creates for its data (the SQLite database and its folders, the minutes):
private to the user, or in a group-shared folder the group's (docs/shared-use.md).

A folder is group-shared when it has the setgid bit and belongs to a group other than the
user's own (the README's `install -d -m 2770 -g pmo`): there folders are made 0770 and files
0660, less the umask, so `umask 007` lets the group open them; everywhere else 0700 and 0600,
whatever the umask.
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

PRIVATE = (0o700, 0o600)  # folder, file
SHARED = (0o770, 0o660)  # less the umask; a new folder keeps the setgid bit of its parent


def modes(path: Path) -> tuple[int, int]:
    """The (folder, file) modes for creating *path*, from the nearest folder above it that
    exists: SHARED in a group-shared one, else PRIVATE."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        st = folder.stat()
    except OSError:
        return PRIVATE
    if st.st_mode & stat.S_ISGID and st.st_gid != os.getegid():
        return SHARED
    return PRIVATE


def make_folders(folder: Path, mode: int) -> None:
    """Create *folder* and the folders above it that are missing, each with *mode* (mkdir -p
    would give those above 0777 less the umask)."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for each in reversed(missing):
        with suppress(FileExistsError):  # another process made it first
            each.mkdir(mode)


def create_file(path: Path) -> None:
    """Create the file *path* (and its folders) with the modes of `modes`; an existing one is
    left as it is."""
    folder_mode, file_mode = modes(path)
    make_folders(path.parent, folder_mode)
    with suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY | os.O_CLOEXEC, file_mode))


def write_text(path: Path, text: str) -> None:
    """Write *text* to the file *path* (UTF-8), creating it and its folders as `create_file`."""
    create_file(path)
    with path.open("w", encoding="utf-8") as fh:
        fh.write(text)
