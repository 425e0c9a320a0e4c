"""export -> import into an empty database -> export gives a byte-identical file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import GLOBAL_LAUNCH, RETAIL, load
from progtui import domain as d
from progtui import services
from progtui.interchange import dump_program, read_program, read_program_text
from progtui.sample import generate
from progtui.store.engine import open_database


def _export(database, key: str) -> str:  # type: ignore[no-untyped-def]
    with database.read() as session:
        return dump_program(services.export_program(session, program=key))


def _import_text(database, text: str, name: str = "x.yaml") -> None:  # type: ignore[no-untyped-def]
    with database.write() as session:
        services.import_program(session, data=read_program_text(name, text))


@pytest.mark.parametrize("path,key", [(GLOBAL_LAUNCH, "GLX"), (RETAIL, "RTX")])
def test_samples_round_trip(database, db_url: str, tmp_path: Path, path: Path, key: str) -> None:  # type: ignore[no-untyped-def]
    load(database, path)
    first = _export(database, key)
    second_db = open_database(str(tmp_path / "second.db"))
    _import_text(second_db, first)
    assert _export(second_db, key) == first
    # and the export says what the file said (nothing dropped on the way through the store)
    assert read_program_text("a", first) == read_program(path)


def test_generated_2000_projects_round_trip(database) -> None:  # type: ignore[no-untyped-def]
    text = dump_program(generate(projects=2000, seed=3))
    _import_text(database, text)
    exported = _export(database, "GEN")
    assert exported == text
    assert exported.count("\n  - key: PRJ") == 2000


def test_writer_output_reads_back_to_the_same_snapshot() -> None:
    data = read_program(GLOBAL_LAUNCH)
    assert read_program_text("again", dump_program(data)) == data


_text = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda s: s.strip() != ""
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_text, objective=_text, title=_text)
def test_any_text_survives_write_and_read(name: str, objective: str, title: str) -> None:
    """Names with [, ], \\, emoji, quotes, colons, YAML words (yes, null, 1e3) come back as is."""
    from progtui.text import clean

    # text of control characters alone is empty once cleaned, and refused
    assume(all(clean(x).strip() for x in (name, objective, title)))
    data = d.ProgramData(
        program=d.Program(key="K", name=clean(name), objective=clean(objective)),
        projects=(
            d.Project(
                key="P", name=clean(title), start=date(2027, 1, 4), end=date(2027, 1, 8), rank=1
            ),
        ),
    )
    text = dump_program(data)
    assert read_program_text("t", text) == data
    assert dump_program(read_program_text("t", text)) == text


@pytest.mark.parametrize(
    "tricky",
    [
        "[bold]x[/] \\ 🚀",
        "yes",
        "null",
        "~",
        "1e3",
        "0x1F",
        "- a",
        "a: b",
        "#hash",
        "x #y",
        "'quoted'",
        '"dq"',
        "tab\there",
        "line\nbreak",
        "  padded  ",
        "2027-01-04",
        "%percent",
        "@at",
        "`tick",
        "{brace}",
        "ẞ漢字",
        "<<",
        "=",
        "!tag",
        "&anchor",
        "*alias",
        "?q",
        ">fold",
        "|lit",
        "\u2028sep",
    ],
)
def test_tricky_names_round_trip(tricky: str) -> None:
    data = d.ProgramData(program=d.Program(key="K", name=tricky))
    assert read_program_text("t", dump_program(data)).program.name == tricky
