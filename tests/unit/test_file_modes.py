"""What progtui creates on disk (the SQLite database and its folders, the minutes) is private,
or, in a group-shared folder (setgid, another group than the user's own), the group's as far
as the umask lets it be (docs/shared-use.md)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, TODAY, load, settled

# Opens (creates) the database argv[2] under the umask argv[1], writes to it, and prints the
# modes and group of the database, its -wal file and the folders argv[3:], while it is open.
CREATE = """
import json, os, sys
from pathlib import Path
os.umask(int(sys.argv[1], 8))
from progtui.store.engine import open_database
path = Path(sys.argv[2])
db = open_database(str(path))
with db.write() as s:
    from sqlalchemy import text
    s.execute(text("CREATE TABLE t (x INTEGER)"))
out = {}
for p in [path, Path(str(path) + "-wal"), *map(Path, sys.argv[3:])]:
    st = p.stat()
    out[p.name] = [oct(st.st_mode & 0o7777), st.st_gid]
db.dispose()
print(json.dumps(out))
"""


def created(umask: int, db: Path, *folders: Path) -> dict[str, tuple[int, int]]:
    """The modes and groups of the database *db* and *folders*, created under *umask* in a
    process of its own (the umask is the process's)."""
    done = subprocess.run(
        [sys.executable, "-c", CREATE, oct(umask), str(db), *map(str, folders)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return {name: (int(mode, 8), gid) for name, (mode, gid) in json.loads(done.stdout).items()}


@pytest.fixture
def group() -> Iterator[int]:
    """A group that is not the test account's primary one: made with groupadd as root, else
    one of the account's other groups; with neither the test fails saying so (no skip)."""
    if os.geteuid() != 0:
        others = [g for g in os.getgroups() if g != os.getgid()]
        if not others:
            pytest.fail("needs root (groupadd) or a second group of this account", pytrace=False)
        yield others[0]
        return
    name = f"progtui-t{os.getpid()}"
    subprocess.run(["groupadd", "-f", name], check=True, capture_output=True)
    import grp

    yield grp.getgrnam(name).gr_gid
    subprocess.run(["groupdel", name], capture_output=True)


def shared_folder(path: Path, gid: int) -> Path:
    """The README's recipe: install -d -m 2770 -g pmo."""
    path.mkdir()
    os.chown(path, -1, gid)
    path.chmod(0o2770)
    return path


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_new_database_and_its_folders_are_private(tmp_path: Path, umask: int) -> None:
    db = tmp_path / "new" / "deeper" / "p.db"
    modes = created(umask, db, tmp_path / "new", tmp_path / "new" / "deeper")
    gid = os.getegid()
    assert modes == {
        "p.db": (0o600, gid),
        "p.db-wal": (0o600, gid),
        "new": (0o700, gid),
        "deeper": (0o700, gid),
    }


@pytest.mark.parametrize("umask,file,folder", [(0o007, 0o660, 0o2770), (0o022, 0o640, 0o2750)])
def test_in_a_group_shared_folder_the_group_may_open_a_new_database(
    tmp_path: Path, group: int, umask: int, file: int, folder: int
) -> None:
    """It came out -rw------- root pmo, which nobody else of pmo could open."""
    shared = shared_folder(tmp_path / "srv", group)
    assert created(umask, shared / "programs.db") == {
        "programs.db": (file, group),
        "programs.db-wal": (file, group),
    }
    modes = created(umask, shared / "team" / "p.db", shared / "team")
    assert modes == {"p.db": (file, group), "p.db-wal": (file, group), "team": (folder, group)}


def test_a_setgid_folder_of_ones_own_group_is_not_shared(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    mine.chmod(0o2770)
    gid = os.getegid()
    assert created(0o007, mine / "p.db") == {"p.db": (0o600, gid), "p.db-wal": (0o600, gid)}


async def end_a_meeting(tmp_path: Path) -> Path:
    """Hold a triage meeting in the app and end it: the minutes file it wrote."""
    from progtui.app.app import ProgtuiApp
    from progtui.store.engine import open_database

    db = open_database(str(tmp_path / "app.db"))
    load(db, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    notes: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("t", *"Dana", "enter")
        await settled(pilot)
        app.notify = lambda message, **kw: notes.append(message)  # type: ignore[method-assign]
        await pilot.press("t", "y")
        await settled(pilot)
    db.dispose()
    return Path(notes[-1].split("minutes written to ")[1].split(" (progtui")[0])


def modes_up_to(path: Path, top: Path) -> list[tuple[str, int]]:
    """The mode of *path* and of each folder above it, up to *top* (not included)."""
    out = []
    while path != top:
        out.append((path.name, stat.S_IMODE(path.stat().st_mode)))
        path = path.parent
    return out


@pytest.fixture
def umask() -> Iterator[None]:
    """Run the test under umask 022 (most systems' default), and put the old one back."""
    old = os.umask(0o022)
    yield
    os.umask(old)


async def test_minutes_and_their_folders_are_private(
    tmp_path: Path, umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They were 0755/0644: anyone on the machine read a program's minutes."""
    data = tmp_path / "data"
    data.mkdir()
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    path = await end_a_meeting(tmp_path)
    assert [mode for _, mode in modes_up_to(path, data)] == [0o600, 0o700, 0o700]


async def test_minutes_in_a_group_shared_data_folder_are_the_groups(
    tmp_path: Path, group: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = shared_folder(tmp_path / "data", group)
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    old = os.umask(0o007)
    try:
        path = await end_a_meeting(tmp_path)
    finally:
        os.umask(old)
    assert [mode for _, mode in modes_up_to(path, data)] == [0o660, 0o2770, 0o2770]
    assert path.stat().st_gid == group
