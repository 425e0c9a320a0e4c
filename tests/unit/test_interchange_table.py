"""Spreadsheet tables (CSV and xlsx, issue 16 points 6 and 7): every table out and back in
unchanged, formulas neutralised out and refused in, the YAML format's rules at FILE:ROW:COLUMN."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, RETAIL
from progtui import domain as d
from progtui.errors import InvalidFile
from progtui.interchange import read_any, read_program
from progtui.interchange.table import TABLES, dump_csv, read_tables, template, workbook
from progtui.sample import generate


def write_tables(data: d.ProgramData, folder: Path, prefix: str = "") -> list[Path]:
    paths = []
    for t in TABLES:
        path = folder / f"{prefix}{t}.csv"
        path.write_bytes(dump_csv(data, t).encode())
        paths.append(path)
    return paths


def carried(data: d.ProgramData, key: str) -> d.ProgramData:
    """What the tables carry of a program (docs/interchange-csv.md), under *key*."""
    return dataclasses.replace(
        data,
        program=d.Program(key=key, name=key),
        settings=d.Settings(),
        objectives=(),
        decisions=(),
        baselines=(),
        projects=tuple(dataclasses.replace(p, objectives=()) for p in data.projects),
    )


def problems(paths: list[Path], **kw) -> list[str]:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidFile) as exc:
        read_tables(paths, **kw)
    return [str(p) for p in exc.value.problems]


SAMPLES = [
    pytest.param(lambda: read_program(GLOBAL_LAUNCH), id="global-launch"),
    pytest.param(lambda: read_program(RETAIL), id="retail"),
    pytest.param(lambda: generate(projects=300, seed=3), id="generated-300"),
]


@pytest.mark.parametrize("load", SAMPLES)
def test_every_table_round_trips_through_csv_identically(load, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = load()
    back = read_tables(write_tables(data, tmp_path, "P-"))
    assert back == carried(data, "P")
    for t in TABLES:
        assert dump_csv(back, t) == dump_csv(data, t)


@pytest.mark.parametrize("load", SAMPLES)
def test_a_workbook_round_trips_every_table(load, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = load()
    path = tmp_path / "PLAN.xlsx"
    path.write_bytes(workbook(data, today=date(2027, 3, 15)))
    back, warnings, fmt = read_any(path)
    assert (warnings, fmt) == ([], "xlsx")
    assert back == carried(data, "PLAN")


def test_the_csv_has_a_header_row_and_one_row_per_entity() -> None:
    data = read_program(GLOBAL_LAUNCH)
    rows = dump_csv(data, "allocations").splitlines()
    assert rows[0] == "project,person,fte,from,to"
    assert len(rows) == 1 + sum(len(p.allocations) for p in data.projects)
    assert dump_csv(data, "dependencies").splitlines()[0] == "project,depends_on,type,lag"


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-2+3", "@SUM(A1)", "\tx", "'quoted"]


def _with_texts(texts: list[str]) -> d.ProgramData:
    data = read_program(GLOBAL_LAUNCH)
    projects = list(data.projects)
    for i, t in enumerate(texts):
        projects[i] = dataclasses.replace(projects[i], name=t)
    i = next(i for i, p in enumerate(projects) if p.depends_on)
    dep = dataclasses.replace(projects[i].depends_on[0], type="SS", lag=-3)
    projects[i] = dataclasses.replace(projects[i], depends_on=(dep, *projects[i].depends_on[1:]))
    return dataclasses.replace(data, projects=tuple(projects))


def test_formulas_are_neutralised_with_a_quote_and_read_back_as_written(tmp_path: Path) -> None:
    data = _with_texts(FORMULAS)
    import csv

    rows = list(csv.reader(io.StringIO(dump_csv(data, "projects"), newline="")))
    assert [r[1] for r in rows[1 : 1 + len(FORMULAS)]] == ["'" + f for f in FORMULAS]
    assert ",SS,-3" in dump_csv(data, "dependencies")  # a negative number stays a number
    back = read_tables(write_tables(data, tmp_path), key="F")
    assert [p.name for p in back.projects[: len(FORMULAS)]] == FORMULAS
    assert back == carried(data, "F")


def test_a_workbook_holds_no_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = _with_texts(FORMULAS)
    path = tmp_path / "f.xlsx"
    path.write_bytes(workbook(data, today=data.projects[0].start))
    wb = load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert wb["projects"]["B2"].value == "'" + FORMULAS[0]
    assert wb["dependencies"]["D2"].value == -3
    assert [p.name for p in read_tables([path]).projects[: len(FORMULAS)]] == FORMULAS


def test_the_status_sheet_colours_health_by_rag_and_says_it(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    data = read_program(GLOBAL_LAUNCH)
    path = tmp_path / "s.xlsx"
    path.write_bytes(workbook(data, today=date(2027, 3, 15)))
    ws = load_workbook(path)["status"]
    header = [c.value for c in ws[1]]
    col = header.index("health")
    fills = {
        row[col].value: row[col].fill.fgColor.rgb
        for row in ws.iter_rows(min_row=2)
        if row[col].value
    }
    assert fills == {"red": "00FFC7CE", "amber": "00FFEB9C", "green": "00C6EFCE"}
    assert ws.max_row == 1 + len(data.projects)


def test_a_formula_in_a_file_is_refused_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text(
        "key,name,start,end,budget\n"
        "A,=1+1,2027-01-04,2027-02-01,-5\n"
        "B,@cmd,2027-01-04,2027-02-01,=2*3\n"
        "C,'=fine,2027-01-04,2027-02-01,\n"
    )
    assert problems([path]) == [
        f"{path}:2:2: name: '=1+1' starts like a spreadsheet formula; put a single quote (') "
        "before it to mean the text",
        f"{path}:2:5: budget should be greater than or equal to 0, got -5",
        f"{path}:3:2: name: '@cmd' starts like a spreadsheet formula; put a single quote (') "
        "before it to mean the text",
        f"{path}:3:5: budget: '=2*3' starts like a spreadsheet formula; put a single quote (') "
        "before it to mean the text",
    ]


def test_problems_are_the_yaml_rules_at_file_row_column_with_did_you_mean(tmp_path: Path) -> None:
    projects = tmp_path / "W-projects.csv"
    projects.write_text(
        "key,name,status,start,end,manager\n"
        "A,Alpha,actve,2027-01-04,2027-02-01,bob\n"
        "B,Beta,active,2027-01-04,2027-02-01,\n"
        "C,Gamma,active,2027-02-04,2027-01-01,\n"
        "D,Delta,active,2027-01-04,2027-13-01,\n"
        "A,Again,active,2027-01-04,2027-02-01,\n"
    )
    people = tmp_path / "W-people.csv"
    people.write_text("key,name,capacity\nbob,Bob,one\nann,Ann,1\n")
    allocations = tmp_path / "W-allocations.csv"
    allocations.write_text("project,person,fte\nA,bob,0.5\nBB,ann,0.5\nB,anne,0.5\n,ann,1\n")
    assert problems([projects, people, allocations]) == [
        f"{allocations}:3:1: unknown project 'BB' (did you mean 'B'?)",
        f"{allocations}:4:2: unknown person 'anne' (did you mean 'ann'?)",
        f"{allocations}:5:1: each row of allocations needs its project",
        f"{people}:2:3: capacity should be a valid number, got 'one'",
        f"{projects}:2:3: status should be 'proposed', 'approved', 'active', 'on_hold', 'done' "
        "or 'cancelled', got 'actve' (did you mean 'active'?)",
        f"{projects}:4:5: end 2027-01-01 is before start 2027-02-04",
        f"{projects}:5:5: end: '2027-13-01' is not a valid date (month must be in 1..12)",
        f"{projects}:6:1: duplicate project key 'A' (first at row 2)",
    ]


def test_unknown_missing_and_repeated_columns_are_refused_at_the_header(tmp_path: Path) -> None:
    path = tmp_path / "projects.csv"
    path.write_text("key,nmae,start,start,colour\nA,Alpha,2027-01-04,2027-01-04,red\n")
    assert problems([path]) == [
        f"{path}:1:1: projects needs a column 'end' (the columns are: "
        + ", ".join(TABLES["projects"].headers)
        + ")",
        f"{path}:1:1: projects needs a column 'name' (the columns are: "
        + ", ".join(TABLES["projects"].headers)
        + ")",
        f"{path}:1:2: unknown column 'nmae' in projects (did you mean 'name'?)",
        f"{path}:1:4: duplicate column 'start' (first in column 3)",
        f"{path}:1:5: unknown column 'colour' in projects",
    ]


def test_the_table_is_told_by_the_file_name_or_else_by_its_header(tmp_path: Path) -> None:
    team = tmp_path / "team.csv"
    team.write_text("Key,Name,Capacity\nbob,Bob,0.5\n")
    assert read_tables([team]).people == (d.Person("bob", "Bob", None, 0.5, None),)
    odd = tmp_path / "odd.csv"
    odd.write_text("key,name\nbob,Bob\n")  # people's columns: key and name suffice
    assert read_tables([odd]).people[0].key == "bob"
    neither = tmp_path / "stuff.csv"
    neither.write_text("a,b\n1,2\n")
    (message,) = problems([neither])
    assert message.startswith(f"{neither}:1:1: cannot tell which table this is")
    two = tmp_path / "more-people.csv"
    two.write_text("key,name\nann,Ann\n")
    assert problems([odd, two]) == [f"{two}:1:1: a second people table (the first is {odd})"]


def test_the_key_comes_from_the_file_names_or_is_given(tmp_path: Path) -> None:
    folder = tmp_path / "web shop"
    folder.mkdir()
    bare = folder / "people.csv"
    bare.write_text("key,name\nann,Ann\n")
    assert read_tables([bare]).program.key == "web-shop"
    named = tmp_path / "GLX_people.csv"
    named.write_text("key,name\nann,Ann\n")
    assert read_tables([named]).program.key == "GLX"
    assert read_tables([named], key="OTHER").program == d.Program(key="OTHER", name="OTHER")


def test_the_templates_are_the_header_rows_and_read_as_an_empty_program(tmp_path: Path) -> None:
    assert template("csv", "risks") == (",".join(TABLES["risks"].headers) + "\r\n").encode()
    path = tmp_path / "empty.xlsx"
    path.write_bytes(template("xlsx"))
    from openpyxl import load_workbook

    wb = load_workbook(path)
    assert wb.sheetnames == list(TABLES)
    assert [c.value for c in wb["people"][1]] == TABLES["people"].headers
    data = read_tables([path])
    assert (data.program.key, data.projects, data.people) == ("empty", (), ())


def test_a_semicolon_separated_file_with_a_bom_and_crlf_reads_the_same(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes("\ufeffkey;name;cost_rate\r\nbob;Bob Müller;800\r\n".encode())
    assert read_tables([path]).people == (d.Person("bob", "Bob Müller", None, 1.0, 800),)


def test_a_workbook_with_a_formula_or_an_unknown_sheet_is_refused(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "people"
    ws.append(["key", "name", "capacity"])
    ws.append(["bob", "Bob", "=1/2"])
    wb.create_sheet("peple").append(["key"])
    out = io.BytesIO()
    wb.save(out)
    path = tmp_path / "book.xlsx"
    path.write_bytes(out.getvalue())
    assert problems([path]) == [
        f"{path}[peple]:1:1: unknown sheet 'peple' (did you mean 'people'?)",
    ]
    del wb["peple"]
    out = io.BytesIO()
    wb.save(out)
    path.write_bytes(out.getvalue())
    assert problems([path]) == [
        f"{path}[people]:2:3: capacity: '=1/2' starts like a spreadsheet formula; put a single "
        "quote (') before it to mean the text"
    ]


def test_problems_quoting_a_cell_carry_no_control_character(tmp_path: Path) -> None:
    projects = tmp_path / "projects.csv"
    projects.write_text("key,name,start,end,na\x1b]0;x\x07me\n")
    allocations = tmp_path / "allocations.csv"
    allocations.write_text('project,person,fte\n"A\x1b[2J\nB",bob,0.5\n')
    assert problems([projects]) == [f"{projects}:1:5: unknown column 'na]0;xme' in projects"]
    projects.write_text("key,name,start,end\n")
    assert problems([projects, allocations]) == [f"{allocations}:2:1: unknown project 'A[2J B'"]


def test_read_any_tells_a_table_by_its_name_or_its_header_row(tmp_path: Path) -> None:
    named = tmp_path / "GLX-people.csv"
    named.write_text("key,name\nann,Ann\n")
    assert read_any(named)[0].people[0].key == "ann"
    assert read_any(named)[2] == "csv"
    plain = tmp_path / "team.txt"  # no .csv: the header row says it is the people table
    plain.write_text("key,name,role\nann,Ann,PM\n")
    data, warnings, fmt = read_any(plain, key="T")
    assert (data.people[0].role, warnings, fmt) == ("PM", [], "csv")
    yaml = tmp_path / "plan.txt"
    yaml.write_text("program: {key: A, name: a}\n")
    assert read_any(yaml)[2] == "yaml"


def test_a_key_a_program_cannot_have_is_refused_not_raised(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("key,name\nann,Ann\n")
    assert problems([path], key="a b") == [
        f"{path}:1:1: key may only hold letters, digits, '-' and '_', got 'a b'"
    ]


def test_xlsx_asked_for_takes_workbooks_only(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("key,name\nann,Ann\n")
    assert problems([path], fmt="xlsx") == [
        f"{path}:1:1: not an Excel workbook (.xlsx): it is not a ZIP file"
    ]
    assert read_any(path, fmt="csv")[0].people[0].key == "ann"


def test_a_workbook_reports_unknown_columns_bad_numbers_and_dates_at_its_sheet(
    tmp_path: Path,
) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "projects"
    ws.append(["key", "name", "start", "end", "budget"])
    ws.append(["A", "Alpha", datetime(2027, 1, 4), "2027-02-30", "lots"])
    ws.append(["B", "Beta", datetime(2027, 1, 4, 9, 30), datetime(2027, 2, 1), 1000.5])
    people = wb.create_sheet("people")
    people.append(["key", "nam"])
    path = tmp_path / "book.xlsx"
    wb.save(path)
    assert problems([path]) == [
        f"{path}[people]:1:1: people needs a column 'name' (the columns are: key, name, role, "
        "capacity, cost_rate)",
        f"{path}[people]:1:2: unknown column 'nam' in people (did you mean 'name'?)",
    ]
    del wb["people"]
    wb.save(path)
    assert problems([path]) == [
        f"{path}[projects]:2:4: end: '2027-02-30' is not a valid date (day is out of range for "
        "month)",
        f"{path}[projects]:2:5: budget should be a valid number, got 'lots'",
        f"{path}[projects]:3:3: start: expected a date like 2027-01-04, not a date and time",
    ]
