"""Whole-file problems: what is not a readable YAML mapping is refused with one clear line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from progtui.errors import InvalidFile
from progtui.interchange import read_program


def only_problem(path: Path, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidFile) as exc:
        read_program(path, **kw)
    assert len(exc.value.problems) == 1
    return str(exc.value.problems[0])


def test_missing_file(tmp_path: Path) -> None:
    assert only_problem(tmp_path / "nope.yaml") == f"{tmp_path}/nope.yaml:1:1: no such file"


def test_directory(tmp_path: Path) -> None:
    assert only_problem(tmp_path).endswith(":1:1: is a directory, not a YAML file")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_bytes(b"program:\n\x00\x01\x02")
    assert only_problem(path).endswith(
        "b.yaml:2:1: binary file (contains NUL bytes), not YAML text"
    )


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "l.yaml"
    path.write_bytes(b"program:\n  name: caf\xe9\n")
    assert only_problem(path).endswith("l.yaml:2:12: not UTF-8 text (byte 0xe9)")


@pytest.mark.parametrize("content", ["", "\n\n  \n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, content: str) -> None:
    path = tmp_path / "e.yaml"
    path.write_text(content)
    assert only_problem(path).endswith("e.yaml:1:1: file is empty")


def test_a_list_instead_of_a_mapping(tmp_path: Path) -> None:
    path = tmp_path / "l.yaml"
    path.write_text("- program\n- GLX\n")
    assert only_problem(path).endswith(
        "l.yaml:1:1: expected a mapping with a 'program:' section at the top, found a list"
    )


def test_syntax_error_points_at_the_place(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("program:\n  key: GLX\n  name: [unclosed\n")
    assert only_problem(path).startswith(f"{path}:4:1: YAML syntax: while parsing a flow sequence")


def test_second_document_refused(tmp_path: Path) -> None:
    path = tmp_path / "two.yaml"
    path.write_text("program: {key: A, name: a}\n---\nprogram: {key: B, name: b}\n")
    assert only_problem(path).endswith(
        "two.yaml:2:1: one program per file: a second YAML document starts here"
    )


def test_alias_bomb_is_refused_at_once(tmp_path: Path) -> None:
    rows = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        rows.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(rows) + "\n")
    assert len(path.read_bytes()) < 1000  # a billion lols if it were expanded
    started = time.monotonic()
    assert only_problem(path).endswith(
        "bomb.yaml:1:4: YAML anchors and aliases (& and *) are not allowed"
    )
    assert time.monotonic() - started < 30  # generous: the point is that it returns at all


def test_anchor_without_alias_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("program: &p {key: A, name: a}\n")
    assert only_problem(path).endswith(
        "a.yaml:1:10: YAML anchors and aliases (& and *) are not allowed"
    )


def test_ampersand_and_star_in_text_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("program: {key: A, name: R&D * Ops & more}\n")
    assert read_program(path).program.name == "R&D * Ops & more"


def test_default_size_limit_is_50_mb(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024 + 1)  # sparse: nothing is read before the size check
    assert only_problem(path).endswith("huge.yaml:1:1: file is 50 MB; the limit is 50 MB")


def test_unreadable_file(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:  # root reads anything; check the message with a path root cannot read
        path = Path("/proc/self/mem")
        with pytest.raises(InvalidFile):
            read_program(path)
        return
    path = tmp_path / "secret.yaml"
    path.write_text("program: {key: A, name: a}\n")
    path.chmod(0)
    assert only_problem(path).endswith("secret.yaml:1:1: permission denied")


@pytest.mark.parametrize("kind", ["device", "pipe"])
def test_a_device_or_a_pipe_is_refused_without_reading_it(tmp_path: Path, kind: str) -> None:
    """/dev/zero reports a size of 0 and never ends: it grew a reader to 10 GB in 8 s."""
    import os

    if kind == "device":
        path, what = Path("/dev/zero"), "a character device"
    else:
        path, what = tmp_path / "fifo.yaml", "a pipe"
        os.mkfifo(path)  # no writer: opening it to read would wait forever
    started = time.monotonic()
    assert only_problem(path) == f"{path}:1:1: is {what}, not a regular file"
    assert time.monotonic() - started < 5


def test_reading_stops_at_the_limit_whatever_the_size_says(tmp_path: Path) -> None:
    """A file whose size says 0 (as /proc's do) is still read only up to the limit."""
    path = Path("/proc/self/maps")  # a regular file of size 0, much longer than 100 bytes
    assert path.stat().st_size == 0
    assert only_problem(path, max_bytes=100) == f"{path}:1:1: file is over the limit of 100 bytes"


# --- the same refusals for the spreadsheet formats (issue 16 point 9) ------------------------


def only_table_problem(path: Path, fmt: str | None = None) -> str:
    from progtui.interchange import read_any

    with pytest.raises(InvalidFile) as exc:
        read_any(path, fmt=fmt)  # type: ignore[arg-type]
    assert len(exc.value.problems) == 1
    return str(exc.value.problems[0])


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_missing_table_file_or_a_directory(tmp_path: Path, suffix: str) -> None:
    assert only_table_problem(tmp_path / f"nope.{suffix}") == (
        f"{tmp_path}/nope.{suffix}:1:1: no such file"
    )
    folder = tmp_path / f"dir.{suffix}"
    folder.mkdir()
    assert only_table_problem(folder) == f"{folder}:1:1: is a directory, not a CSV or Excel file"


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_a_device_is_not_a_table(suffix: str) -> None:
    assert only_table_problem(Path("/dev/zero"), suffix) == (
        "/dev/zero:1:1: is a character device, not a regular file"
    )


@pytest.mark.parametrize(
    "name,content,message",
    [
        (
            "b.csv",
            b"key,name\n\x00\x01",
            "b.csv:2:1: binary file (contains NUL bytes), not CSV text",
        ),
        ("l.csv", b"key,name\nbob,caf\xe9\n", "l.csv:2:8: not UTF-8 text (byte 0xe9)"),
        ("e.csv", b"", "e.csv:1:1: file is empty"),
        ("e2.csv", b" \n,,\n", "e2.csv:1:1: file is empty"),
        ("q.csv", b'key,name\nbob,"Bob\n', "q.csv:2:1: CSV syntax: unexpected end of data"),
        (
            "b.xlsx",
            b"\x00\x01binary",
            "b.xlsx:1:1: not an Excel workbook (.xlsx): it is not a ZIP file",
        ),
        ("e.xlsx", b"", "e.xlsx:1:1: file is empty"),
        (
            "y.xlsx",
            b"program: {key: A, name: a}\n",
            "y.xlsx:1:1: not an Excel workbook (.xlsx): it is not a ZIP file",
        ),
    ],
)
def test_binary_not_utf8_empty_or_broken_table_files(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert only_table_problem(path) == f"{tmp_path}/{message}"


def test_a_yaml_file_read_as_csv_is_refused_as_no_table(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("program: {key: A, name: a}\n")
    assert only_table_problem(path, "csv").startswith(
        f"{path}:1:1: cannot tell which table this is: name the file after it (projects.csv, "
    )


def test_a_zip_that_is_no_workbook_is_refused(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "z.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    assert only_table_problem(path).startswith(
        f"{path}:1:1: not a readable Excel workbook (.xlsx): "
    )


def test_a_workbook_that_unpacks_to_far_more_than_the_limit_is_refused(tmp_path: Path) -> None:
    import zipfile

    from progtui.interchange.table import read_tables

    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    assert path.stat().st_size < 100_000
    with pytest.raises(InvalidFile) as exc:
        read_tables([path], max_bytes=1_000_000)
    assert [str(p) for p in exc.value.problems] == [
        f"{path}:1:1: the workbook unpacks to 5 MB; the limit is 4 × the file limit"
    ]
