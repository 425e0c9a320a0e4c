"""Every validation rule of SPEC section 2, reported as FILE:LINE:COL: message."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from progtui.errors import InvalidFile
from progtui.interchange import read_program

_TOKEN_END = re.compile(r"[,}\]]")
HEAD = """\
program: {key: GLX, name: Launch}
people:
  - {key: dana, name: Dana}
"""


def problems(tmp_path: Path, body: str, head: str = HEAD) -> list[str]:
    """The problems as `@text: message`, where text is what stands at the reported LINE:COL.

    So each expectation shows what the position points at (the offending key or value),
    and a wrong column fails the test.
    """
    path = tmp_path / "p.yaml"
    text = head + textwrap.dedent(body)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InvalidFile) as exc:
        read_program(path)
    lines = text.splitlines()
    out = []
    for p in exc.value.problems:
        assert p.file == str(path)
        assert str(p) == f"{path}:{p.line}:{p.col}: {p.message}"
        at = lines[p.line - 1][p.col - 1 :] if p.line <= len(lines) else ""
        token = _TOKEN_END.split(at)[0].strip()
        out.append(f"@{token}: {p.message}")
    return out


def test_valid_minimal_program(tmp_path: Path) -> None:
    path = tmp_path / "ok.yaml"
    path.write_text(
        HEAD + "projects:\n  - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-08}\n"
    )
    data = read_program(path)
    assert data.program.key == "GLX"
    assert [(p.key, p.rank, p.status) for p in data.projects] == [("A", 1, "proposed")]


def test_unknown_key_suggests_the_closest(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - key: A
            name: Alpha
            prority: 1
            start: 2027-01-04
            end: 2027-01-08
        """,
    ) == ["@prority: 1: unknown key 'prority' in project (did you mean 'priority'?)"]


def test_unknown_section_and_nested_key(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        risk:
          - {key: R1}
        projects:
          - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-08, scores: {valeu: 3}}
        """,
    ) == [
        "@risk:: unknown section 'risk' (did you mean 'risks'?)",
        "@valeu: 3: unknown key 'valeu' in scores (did you mean 'value'?)",
    ]


def test_missing_required_fields(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, start: 2027-01-04}
        """,
        head="program: {key: GLX}\n",
    ) == [
        "@{key: GLX: program is missing required field 'name'",
        "@{key: A: project is missing required field 'end'",
        "@{key: A: project is missing required field 'name'",
    ]


def test_missing_program_section(tmp_path: Path) -> None:
    assert problems(tmp_path, "people: []\n", head="") == [
        "@people: [: the file has no 'program:' section (it needs at least key and name)"
    ]


def test_wrong_types_and_unparsable_dates(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, start: 2027-02-30, end: soon, budget: lots, priority: 1.5}
        """,
    ) == [
        "@2027-02-30: start: '2027-02-30' is not a valid date (day is out of range for month)",
        "@soon: end: expected a date like 2027-01-04, got 'soon'",
        "@lots: budget should be a valid number, got 'lots'",
        "@1.5: priority should be a valid integer, got 1.5",
    ]


def test_ranges(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-08, percent_complete: 101,
             budget: -1, actual_cost: -2, allocations: [{person: dana, fte: -0.5}]}
        risks:
          - {key: R1, title: Flood, probability: 0, impact: 6}
        """,
        head="program: {key: GLX, name: L}\npeople:\n  - {key: dana, name: D, capacity: -1}\n",
    ) == [
        "@-1: capacity should be greater than or equal to 0, got -1",
        "@101: percent_complete should be less than or equal to 100, got 101",
        "@-1: budget should be greater than or equal to 0, got -1",
        "@-2: actual_cost should be greater than or equal to 0, got -2",
        "@-0.5: fte should be greater than 0, got -0.5",
        "@0: probability should be greater than or equal to 1, got 0",
        "@6: impact should be less than or equal to 5, got 6",
    ]


def test_dates_against_each_other(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, start: 2027-01-08, end: 2027-01-04}
          - {key: B, name: Weekend, start: 2027-01-09, end: 2027-01-10}
          - {key: C, name: Done, status: done, start: 2027-01-04, end: 2027-01-08}
          - {key: D, name: Late, status: active, start: 2027-01-04, end: 2027-01-08,
             actual_start: 2027-01-04, actual_end: 2027-01-08}
        """,
    ) == [
        "@2027-01-04: end 2027-01-04 is before start 2027-01-08",
        "@2027-01-10: no working day between start 2027-01-09 and end 2027-01-10",
        "@done: a done project needs actual_start and actual_end",
        "@2027-01-08: only done or cancelled projects have an actual_end (status is active)",
    ]


def test_holiday_can_leave_a_project_without_working_days(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-04}
        """,
        head="program: {key: GLX, name: L, holidays: [2027-01-04]}\n",
    ) == ["@2027-01-04: no working day between start 2027-01-04 and end 2027-01-04"]


def test_health_override_needs_rag_and_reason(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-08,
             health_override: {rag: purple}}
        """,
    ) == [
        "@{rag: purple: health_override is missing required field 'reason'",
        "@purple: health_override.rag should be 'red', 'amber' or 'green', got 'purple'",
    ]


def test_duplicates(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, priority: 1, start: 2027-01-04, end: 2027-01-08,
             milestones: [{name: M, due: 2027-01-05}, {name: M, due: 2027-01-06}]}
          - {key: A, name: Again, priority: 1, start: 2027-01-04, end: 2027-01-08}
          - {key: B, name: Beta, priority: 1, start: 2027-01-04, end: 2027-01-08,
             depends_on: [A, A]}
        """,
    ) == [
        "@M: duplicate milestone 'M' in project A",
        "@A: duplicate project key 'A' (first at line 5)",
        "@1: duplicate priority 1 (also A, line 5)",
        "@A: duplicate dependency on 'A'",
    ]


def test_duplicates_in_every_list_are_reported_where_they_stand(tmp_path: Path) -> None:
    """projects: [A, A] passed validate, then the import failed on UNIQUE(risk_project)."""
    assert problems(
        tmp_path,
        """\
        objectives:
          - {key: O1, name: Revenue, target: 10}
        projects:
          - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-08, objectives: [O1, O1]}
        risks:
          - {key: R1, title: Flood, probability: 1, impact: 1, projects: [A, A]}
        decisions:
          - {when: 2027-01-11T10:30:00, who: dana, text: Go, about: [A, R1, A]}
        """,
        head="""\
program: {key: GLX, name: Launch, access: {editors: [ann, ann], viewers: [vic, ann]}}
people:
  - {key: dana, name: Dana}
""",
    ) == [
        "@ann: duplicate 'ann' in access.editors",
        "@ann: 'ann' is both in access.editors and access.viewers",
        "@O1: duplicate 'O1' in objectives",
        "@A: duplicate 'A' in projects",
        "@A: duplicate 'A' in about",
    ]


def test_money_beyond_the_bound_or_finer_than_a_cent_is_refused(tmp_path: Path) -> None:
    """Budgets were FLOATs: 9007199254740993 came back as 9007199254740992.0, 10**30 as
    1.0e+30. Money is exact below 10^13 (whole cents), refused beyond, where it stands."""
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-08, budget: 9007199254740993,
             actual_cost: 1.0e+30}
        baselines:
          - name: B1
            taken: 2027-01-04
            projects:
              - {project: A, start: 2027-01-04, end: 2027-01-08, budget: 1.0e+308}
        """,
        head="""\
program: {key: GLX, name: Launch, budget: 10000000000000}
people:
  - {key: dana, name: Dana, cost_rate: 812.125}
""",
    ) == [
        "@10000000000000: budget: should be less than 10000000000000 (10^13), got 10000000000000",
        "@812.125: cost_rate: should be whole cents (at most 2 decimals), got 812.125",
        "@9007199254740993: budget: should be less than 10000000000000 (10^13), "
        "got 9007199254740993",
        "@1.0e+30: actual_cost: should be less than 10000000000000 (10^13), got 1e+30",
        "@1.0e+308: budget: should be less than 10000000000000 (10^13), got 1e+308",
    ]


def test_fte_capacity_and_measures_beyond_their_bounds_are_refused(tmp_path: Path) -> None:
    """fte: 1.0e+308 was accepted; capacity --format json then printed Infinity."""
    assert problems(
        tmp_path,
        """\
        objectives:
          - {key: O1, name: Revenue, target: 1.0e+308}
        projects:
          - {key: A, name: Alpha, start: 2027-01-04, end: 2027-01-08,
             allocations: [{person: dana, fte: 1.0e+308}, {person: ann, fte: 20.5}]}
        """,
        head="""\
program: {key: GLX, name: Launch}
people:
  - {key: dana, name: Dana}
  - {key: ann, name: Ann, capacity: 2.0}
  - {key: big, name: Team, capacity: 1.0e+308}
""",
    ) == [
        "@1.0e+308: capacity should be less than or equal to 1000, got 1e+308",
        "@1.0e+308: target: should be less than 1000000000000000 (10^15) in size, got 1e+308",
        "@1.0e+308: fte should be less than or equal to 10000, got 1e+308",
        "@20.5: fte 20.5 is more than 10 times ann's capacity (2.0)",
    ]


def test_dates_and_lags_beyond_what_the_calendar_holds_are_refused(tmp_path: Path) -> None:
    """end: 9999-12-31 or lag: 99999999999 validated, then status crashed."""
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, start: 1969-12-31, end: 9999-12-31}
          - {key: B, name: Beta, start: 2027-01-04, end: 2027-01-08,
             depends_on: [{project: C, lag: 99999999999}]}
          - {key: C, name: Gamma, start: 2027-01-04, end: 2027-01-08,
             milestones: [{name: M, due: 2200-01-01}]}
        decisions:
          - {when: 2300-01-11T10:30:00, who: dana, text: Go}
        """,
    ) == [
        "@1969-12-31: start: should be a date from 1970-01-01 to 2199-12-31, not 1969-12-31",
        "@9999-12-31: end: should be a date from 1970-01-01 to 2199-12-31, not 9999-12-31",
        "@99999999999: lag: should be from -5000 to 5000 working days, got 99999999999",
        "@2200-01-01: due: should be a date from 1970-01-01 to 2199-12-31, not 2200-01-01",
        "@2300-01-11T10:30:00: when: should be a date from 1970-01-01 to 2199-12-31, "
        "not 2300-01-11 10:30:00",
    ]


def test_references_that_do_not_exist(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, manager: dnaa, start: 2027-01-04, end: 2027-01-08,
             objectives: [REV], depends_on: [Z], allocations: [{person: bob, fte: 0.5}]}
        risks:
          - {key: R1, title: Flood, probability: 1, impact: 1, projects: [Q], owner: eve}
        decisions:
          - {when: 2027-01-11T10:30:00, who: dana, text: Go, about: [NOPE]}
        """,
    ) == [
        "@dnaa: unknown person 'dnaa' (did you mean 'dana'?)",
        "@REV: unknown objective 'REV'",
        "@Z: unknown project 'Z'",
        "@bob: unknown person 'bob'",
        "@Q: unknown project 'Q'",
        "@eve: unknown person 'eve'",
        "@NOPE: unknown project, risk, person or objective 'NOPE'",
    ]


def test_cycle_names_the_whole_cycle(tmp_path: Path) -> None:
    assert problems(
        tmp_path,
        """\
        projects:
          - {key: DE-REG, name: R, start: 2027-01-04, end: 2027-01-08, depends_on: [DE-PKG]}
          - {key: DE-PKG, name: P, start: 2027-01-04, end: 2027-01-08, depends_on: [DE-REG]}
          - {key: SELF, name: S, start: 2027-01-04, end: 2027-01-08, depends_on: [SELF]}
        """,
    ) == [
        "@DE-PKG: dependency cycle: DE-PKG -> DE-REG -> DE-PKG",
        "@SELF: dependency cycle: SELF -> SELF",
    ]


def test_every_problem_in_the_file_is_reported_not_only_the_first(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        """\
        projects:
          - {key: A, name: Alpha, status: actve, start: 2027-01-04, end: 2027-01-08}
          - {key: B, name: Beta, start: 2027-01-04, end: 2027-01-08, depends_on: [A]}
          - {key: bad key, name: C, start: 2027-01-04, end: 2027-01-08}
        """,
    )
    assert found == [
        "@actve: status should be 'proposed', 'approved', 'active', 'on_hold', 'done' or "
        "'cancelled', got 'actve' (did you mean 'active'?)",
        "@bad key: key may only hold letters, digits, '-' and '_', got 'bad key'",
    ]  # and no cascade: B's dependency on the invalid A is not reported as unknown


def test_plain_words_that_yaml_would_turn_into_booleans_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "no.yaml"
    path.write_text("program: {key: NO, name: yes}\npeople:\n  - {key: '2027', name: 1.10}\n")
    data = read_program(path)
    assert (data.program.key, data.program.name) == ("NO", "yes")
    assert (data.people[0].key, data.people[0].name) == ("2027", "1.10")


def test_priorities_optional_ranked_after_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_text(
        HEAD
        + textwrap.dedent("""\
        projects:
          - {key: A, name: a, start: 2027-01-04, end: 2027-01-08}
          - {key: B, name: b, priority: 7, start: 2027-01-04, end: 2027-01-08}
          - {key: C, name: c, start: 2027-01-04, end: 2027-01-08}
          - {key: D, name: d, priority: 2, start: 2027-01-04, end: 2027-01-08}
        """)
    )
    assert [(p.key, p.rank) for p in read_program(path).projects] == [
        ("D", 1),
        ("B", 2),
        ("A", 3),
        ("C", 4),
    ]


def test_control_characters_are_stripped_from_text(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text('program: {key: A, name: "x\\e]0;pwned\\a\\x9b2J y"}\n')
    assert read_program(path).program.name == "x]0;pwned2J y"


def test_an_explicit_tag_that_does_not_fit_its_value_is_a_problem_not_a_crash(
    tmp_path: Path,
) -> None:
    """Found by bench/fuzz.py: PyYAML's timestamp constructor raises AttributeError here."""
    assert problems(
        tmp_path,
        """\
        projects:
          - key: A
            name: Alpha
            start: !!timestamp 7
            end: 2027-01-08
            scores: {value: !!timestamp soon}
        """,
    ) == [
        "@!!timestamp 7: start: '7' is not a valid date",
        "@!!timestamp soon: scores.value: 'soon' is not a valid date",
    ]


def test_a_character_yaml_refuses_is_one_line_at_its_position(tmp_path: Path) -> None:
    """Found by bench/fuzz.py: PyYAML's message for it spans two lines and has no mark."""
    path = tmp_path / "ctl.yaml"
    path.write_text("program:\n  key: A\x1b\n")
    with pytest.raises(InvalidFile) as info:
        read_program(path)
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (2, 9)
    assert "\n" not in str(problem) and "control characters" in problem.message
