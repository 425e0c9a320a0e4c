"""The change services: their rules, their refusals, and their audit rows."""

from __future__ import annotations

import random
from datetime import date

import pytest

from conftest import GLOBAL_LAUNCH, load
from progtui import identity, services
from progtui.errors import NotFound, Refused

TODAY = date(2027, 3, 15)


@pytest.fixture
def glx(database):  # type: ignore[no-untyped-def]
    load(database, GLOBAL_LAUNCH)
    return database


def ranks(db) -> list[str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [p.key for p in services.export_program(s, program="GLX").projects]


def rank_numbers(db) -> list[int]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [p.rank for p in services.export_program(s, program="GLX").projects]


def allocations(db, project: str) -> list[tuple[str, float, object, object]]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        data = services.export_program(s, program="GLX")
    (p,) = [p for p in data.projects if p.key == project]
    return [(a.person, a.fte, a.start, a.end) for a in p.allocations]


def log(db) -> list[tuple[str, str, str | None, str | None]]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return [(c.entity, c.field, c.old, c.new) for c in services.changes(s, program="GLX")]


def test_move_up_and_down_shifts_the_others(glx) -> None:  # type: ignore[no-untyped-def]
    before = ranks(glx)
    with glx.write() as s:
        moved = services.move(s, program="GLX", project="DE-PKG", rank=2)
    assert (moved.old_rank, moved.new_rank) == (13, 2)
    expected = before[:1] + ["DE-PKG"] + [k for k in before[1:] if k != "DE-PKG"]
    assert ranks(glx) == expected
    with glx.write() as s:
        services.move(s, program="GLX", project="DE-REG", rank=15)
    assert ranks(glx) == [*expected[1:], "DE-REG"]
    assert rank_numbers(glx) == list(range(1, 16))
    assert log(glx)[-2:] == [
        ("project:DE-PKG", "rank", "13", "2"),
        ("project:DE-REG", "rank", "1", "15"),
    ]


def test_random_moves_keep_ranks_gapless(glx) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(42)
    model = ranks(glx)
    for _ in range(40):
        key, rank = rng.choice(model), rng.randint(1, len(model))
        with glx.write() as s:
            services.move(s, program="GLX", project=key, rank=rank)
        model.remove(key)
        model.insert(rank - 1, key)
        assert ranks(glx) == model
    assert rank_numbers(glx) == list(range(1, 16))


def test_move_to_the_same_rank_changes_nothing(glx) -> None:  # type: ignore[no-untyped-def]
    n = len(log(glx))
    with glx.write() as s:
        services.move(s, program="GLX", project="DE-REG", rank=1)
    assert len(log(glx)) == n


@pytest.mark.parametrize("rank", [0, 16, -1])
def test_move_out_of_range_is_refused(glx, rank: int) -> None:  # type: ignore[no-untyped-def]
    before = ranks(glx)
    with (
        pytest.raises(Refused, match=f"rank must be between 1 and 15, not {rank}"),
        glx.write() as s,
    ):
        services.move(s, program="GLX", project="DE-REG", rank=rank)
    assert ranks(glx) == before


def test_unknown_program_and_project(glx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFound, match=r"no program 'XYZ' \(known: GLX\)"), glx.write() as s:
        services.move(s, program="XYZ", project="DE-REG", rank=1)
    with pytest.raises(NotFound, match="no project 'NOPE' in this program"), glx.write() as s:
        services.move(s, program="GLX", project="NOPE", rank=1)


def test_allocate_sets_changes_and_removes(glx) -> None:  # type: ignore[no-untyped-def]
    with glx.write() as s:
        services.allocate(s, program="GLX", person="greta", project="EU-SUP", fte=0.2)
    assert ("greta", 0.2, None, None) in allocations(glx, "EU-SUP")
    with glx.write() as s:
        services.allocate(s, program="GLX", person="greta", project="EU-SUP", fte=0.4)
    assert ("greta", 0.4, None, None) in allocations(glx, "EU-SUP")
    with glx.write() as s:
        services.allocate(
            s,
            program="GLX",
            person="greta",
            project="EU-SUP",
            fte=0.3,
            start=date(2027, 4, 1),
            end=date(2027, 4, 30),
        )
    assert ("greta", 0.3, date(2027, 4, 1), date(2027, 4, 30)) in allocations(glx, "EU-SUP")
    with glx.write() as s:
        services.allocate(s, program="GLX", person="greta", project="EU-SUP", fte=0)
    assert [a for a in allocations(glx, "EU-SUP") if a[0] == "greta"] == [
        ("greta", 0.3, date(2027, 4, 1), date(2027, 4, 30))
    ]
    assert log(glx)[-4:] == [
        ("allocation:EU-SUP/greta@project dates", "fte", "0", "0.2"),
        ("allocation:EU-SUP/greta@project dates", "fte", "0.2", "0.4"),
        ("allocation:EU-SUP/greta@2027-04-01..2027-04-30", "fte", "0", "0.3"),
        ("allocation:EU-SUP/greta@project dates", "fte", "0.4", "0"),
    ]


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"fte": -0.5}, "FTE must be a number of 0 or more, not -0.5"),
        ({"fte": float("nan")}, "FTE must be a number of 0 or more, not nan"),
        (
            {"fte": 0.5, "start": date(2027, 5, 1), "end": date(2027, 4, 1)},
            r"the allocation would end \(2027-04-01\) before it starts \(2027-05-01\)",
        ),
        ({"fte": 0}, r"greta has no allocation on EU-SUP for project dates"),
        (
            {"fte": 0.5, "project": "ES-TV"},
            "project ES-TV is cancelled; allocate people to open projects only",
        ),
    ],
)
def test_allocate_refusals(glx, kwargs: dict, message: str) -> None:  # type: ignore[no-untyped-def,type-arg]
    args = {"program": "GLX", "person": "greta", "project": "EU-SUP", **kwargs}
    n = len(log(glx))
    with pytest.raises(Refused, match=message), glx.write() as s:
        services.allocate(s, **args)
    assert len(log(glx)) == n


@pytest.mark.parametrize("fte", [0.0000004, 1e-300])
def test_an_fte_that_rounds_to_0_is_refused_not_taken_as_remove(glx, fte: float) -> None:  # type: ignore[no-untyped-def]
    """FTE 0 removes an allocation; 0.0000004 rounded to 0 and silently removed it."""
    before = allocations(glx, "DE-REG")
    n = len(log(glx))
    for call in (services.allocate, services.reallocate):
        args: dict[str, object] = {"program": "GLX", "person": "alice", "fte": fte}
        if call is services.reallocate:
            args.update(from_project="DE-REG", to_project="FR-REG", today=TODAY)
        else:
            args.update(project="DE-REG")
        with pytest.raises(Refused) as exc, glx.write() as s:
            call(s, **args)
        assert str(exc.value) == (
            f"FTE {fte} is too small: FTE is kept to 6 decimals, and 0 would remove the allocation"
        )
    assert allocations(glx, "DE-REG") == before
    assert len(log(glx)) == n


def test_reallocate_a_period_splits_the_source_and_never_rewrites_the_past(glx) -> None:  # type: ignore[no-untyped-def]
    """alice 0.2 FTE from DE-REG to FR-REG from today (15 Mar) to 30 Apr: before today her
    0.6 stays on DE-REG; the part keeps 0.4; FR-REG gets 0.2 for the part; undo puts all back."""
    from progtui.services import history

    def every() -> dict[str, list[str]]:  # in any order: undo gives rows new ids
        return {p: sorted(map(str, allocations(glx, p))) for p in ("DE-REG", "FR-REG")}

    before = every()
    with glx.write() as s:
        r = services.reallocate(
            s,
            program="GLX",
            person="alice",
            from_project="DE-REG",
            to_project="FR-REG",
            fte=0.2,
            today=TODAY,
            start=TODAY,
            end=date(2027, 4, 30),
        )
    assert (r.start, r.end, r.left_on_source, r.now_on_target) == (
        TODAY,
        date(2027, 4, 30),
        0.4,
        0.2,
    )
    mine = sorted(a for a in allocations(glx, "DE-REG") if a[0] == "alice")
    assert mine == [
        ("alice", 0.4, TODAY, date(2027, 4, 30)),
        ("alice", 0.6, date(2027, 1, 4), date(2027, 3, 14)),
    ]
    assert ("alice", 0.2, TODAY, date(2027, 4, 30)) in allocations(glx, "FR-REG")
    for start, end, why in (
        (date(2027, 3, 1), None, "before today (2027-03-15): the past is not rewritten"),
        (TODAY, date(2027, 5, 31), "the allocation runs 2027-03-15..2027-04-30"),
    ):
        pattern = why.replace("(", r"\(").replace(")", r"\)")
        with pytest.raises(Refused, match=pattern), glx.write() as s:
            services.reallocate(
                s,
                program="GLX",
                person="alice",
                from_project="DE-REG",
                to_project="FR-REG",
                fte=0.1,
                today=TODAY,
                start=start,
                end=end,
            )
    with glx.write() as s:
        history.undo(s, program="GLX")
    assert every() == before


def test_reallocate_moves_fte_for_the_same_period(glx) -> None:  # type: ignore[no-untyped-def]
    with glx.write() as s:
        r = services.reallocate(
            s,
            program="GLX",
            person="alice",
            from_project="DE-REG",
            to_project="FR-REG",
            fte=0.2,
            today=TODAY,
        )
    assert (r.left_on_source, r.now_on_target) == (0.4, 0.4)  # 0.6 - 0.2 is 0.4, not 0.39999…
    assert ("alice", 0.4, None, None) in allocations(glx, "DE-REG")
    assert ("alice", 0.4, None, None) in allocations(glx, "FR-REG")
    with glx.write() as s:
        services.reallocate(
            s,
            program="GLX",
            person="alice",
            from_project="DE-REG",
            to_project="DE-MKT",
            fte=0.4,
            today=TODAY,
        )
    assert [a for a in allocations(glx, "DE-REG") if a[0] == "alice"] == []
    assert ("alice", 0.4, None, None) in allocations(glx, "DE-MKT")


def test_reallocate_more_than_there_is_says_how_much_there_is(glx) -> None:  # type: ignore[no-untyped-def]
    before = allocations(glx, "DE-REG")
    with pytest.raises(Refused) as exc, glx.write() as s:
        services.reallocate(
            s,
            program="GLX",
            person="alice",
            from_project="DE-REG",
            to_project="FR-REG",
            fte=0.8,
            today=TODAY,
        )
    assert str(exc.value) == "alice has only 0.6 FTE on DE-REG (project dates), not 0.8"
    assert allocations(glx, "DE-REG") == before


@pytest.mark.parametrize(
    "source,target,fte,message",
    [
        ("DE-MKT", "FR-REG", 0.1, "alice has no allocation on DE-MKT"),
        ("DE-REG", "DE-REG", 0.1, "the source and target project are the same"),
        ("DE-REG", "ES-TV", 0.1, "project ES-TV is cancelled; move people to open projects only"),
        ("DE-REG", "FR-REG", 0, "FTE to move must be more than 0"),
    ],
)
def test_reallocate_refusals(glx, source: str, target: str, fte: float, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(Refused, match=message), glx.write() as s:
        services.reallocate(
            s,
            program="GLX",
            person="alice",
            from_project=source,
            to_project=target,
            fte=fte,
            today=TODAY,
        )


def test_decision_is_recorded_with_links_and_the_os_user(glx) -> None:  # type: ignore[no-untyped-def]
    with glx.write() as s:
        services.decide(s, program="GLX", text="Ship [bold]now[/] 🚀", about=("DE-REG", "R1"))
    with glx.read() as s:
        last = services.export_program(s, program="GLX").decisions[-1]
    assert (last.text, last.about, last.who) == (
        "Ship [bold]now[/] 🚀",
        ("DE-REG", "R1"),
        identity.current_user(),
    )
    with (
        pytest.raises(Refused, match="--about ZZ: no project, risk, person or objective"),
        glx.write() as s,
    ):
        services.decide(s, program="GLX", text="x", about=("ZZ",))


def test_current_user_comes_from_the_uid_not_the_environment(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import os
    import pwd

    monkeypatch.setenv("USER", "mallory")
    monkeypatch.setenv("LOGNAME", "mallory")
    assert identity.current_user() == pwd.getpwuid(os.getuid()).pw_name


def test_import_refuses_an_existing_program_unless_replace(glx) -> None:  # type: ignore[no-untyped-def]
    from progtui.interchange import read_program

    data = read_program(GLOBAL_LAUNCH)
    with (
        pytest.raises(Refused, match="program 'GLX' already exists; use --replace"),
        glx.write() as s,
    ):
        services.import_program(s, data=data)
    with glx.write() as s:
        services.move(s, program="GLX", project="ES-TV", rank=1)
        result = services.import_program(s, data=data, replace=True)
    assert result.replaced
    assert ranks(glx)[0] == "DE-REG"


def status_of(db, key: str):  # type: ignore[no-untyped-def]
    with db.read() as s:
        p = next(p for p in services.export_program(s, program="GLX").projects if p.key == key)
    return p.status, p.actual_start, p.actual_end, p.percent_complete


def test_status_moves_along_the_allowed_transitions_with_their_dates(glx) -> None:  # type: ignore[no-untyped-def]
    day = date(2027, 5, 3)
    with glx.write() as s:
        services.set_status(s, program="GLX", project="DE-MKT", status="active", on=day)
    assert status_of(glx, "DE-MKT") == ("active", day, None, 0)
    with glx.write() as s:
        services.set_status(s, program="GLX", project="DE-MKT", status="on_hold", on=day)
        services.set_status(s, program="GLX", project="DE-MKT", status="active", on=day)
        services.set_status(s, program="GLX", project="DE-MKT", status="done", on=date(2027, 7, 30))
    assert status_of(glx, "DE-MKT") == ("done", day, date(2027, 7, 30), 100)
    assert log(glx)[-9:] == [
        ("project:DE-MKT", "status", "approved", "active"),
        ("project:DE-MKT", "actual_start", None, "2027-05-03"),
        ("project:DE-MKT", "status", "active", "on_hold"),
        ("project:DE-MKT", "held_status", None, "active"),
        ("project:DE-MKT", "status", "on_hold", "active"),
        ("project:DE-MKT", "held_status", "active", None),
        ("project:DE-MKT", "status", "active", "done"),
        ("project:DE-MKT", "actual_end", None, "2027-07-30"),
        ("project:DE-MKT", "percent_complete", "0", "100"),
    ]


@pytest.mark.parametrize(
    "key,status,message",
    [
        ("DE-PKG", "active", "DE-PKG is done: a closed project keeps its status"),
        ("ES-TV", "approved", "ES-TV is cancelled: a closed project keeps its status"),
        (
            "DE-MKT",
            "done",
            "DE-MKT can go from approved to active or on_hold or cancelled, not done",
        ),
        ("IT-PKG", "approved", "IT-PKG can go from on_hold to active or cancelled, not approved"),
        (
            "ES-DIG",
            "active",
            "ES-DIG can go from proposed to approved or on_hold or cancelled, not active",
        ),
    ],
)
def test_status_refusals(glx, key: str, status: str, message: str) -> None:  # type: ignore[no-untyped-def]
    before = status_of(glx, key)
    with pytest.raises(Refused, match=message), glx.write() as s:
        services.set_status(s, program="GLX", project=key, status=status, on=TODAY)
    assert status_of(glx, key) == before


def test_percent_and_cost(glx) -> None:  # type: ignore[no-untyped-def]
    with glx.write() as s:
        assert services.set_percent(s, program="GLX", project="FR-PKG", percent=95) == (85, 95)
        assert services.set_actual_cost(s, program="GLX", project="FR-PKG", amount=52500.5) == (
            51000,
            52500.5,
        )
    assert log(glx)[-2:] == [
        ("project:FR-PKG", "percent_complete", "85", "95"),
        ("project:FR-PKG", "actual_cost", "51000", "52500.5"),
    ]
    for call, message in (
        (
            lambda s: services.set_percent(s, program="GLX", project="FR-PKG", percent=101),
            "percent complete must be a number from 0 to 100, not 101",
        ),
        (
            lambda s: services.set_actual_cost(s, program="GLX", project="FR-PKG", amount=-1),
            "actual cost must be a number of 0 or more, not -1",
        ),
        (
            lambda s: services.set_percent(s, program="GLX", project="ES-TV", percent=5),
            "ES-TV is cancelled",
        ),
    ):
        with pytest.raises(Refused, match=message), glx.write() as s:
            call(s)


def test_update_risk(glx) -> None:  # type: ignore[no-untyped-def]
    with glx.write() as s:
        changed = services.update_risk(
            s,
            program="GLX",
            risk="R2",
            probability=2,
            status="mitigating",
            mitigation=" Artwork kept editable ",
        )
    assert changed == {
        "probability": (4, 2),
        "status": ("open", "mitigating"),
        "mitigation": (
            "Legal review of the draft decree; artwork kept editable",
            "Artwork kept editable",
        ),
    }
    with glx.write() as s:
        assert services.update_risk(s, program="GLX", risk="R2", probability=2) == {}
        assert services.update_risk(s, program="GLX", risk="R2", mitigation="") == {
            "mitigation": ("Artwork kept editable", None)
        }
    assert log(glx)[-4:] == [
        ("risk:R2", "probability", "4", "2"),
        ("risk:R2", "status", "open", "mitigating"),
        (
            "risk:R2",
            "mitigation",
            "Legal review of the draft decree; artwork kept editable",
            "Artwork kept editable",
        ),
        ("risk:R2", "mitigation", "Artwork kept editable", None),
    ]
    for kwargs, message in (
        ({"impact": 6}, "impact must be from 1 to 5, not 6"),
        ({"status": "gone"}, "risk status must be open, mitigating, closed, occurred, not gone"),
    ):
        with pytest.raises(Refused, match=message), glx.write() as s:
            services.update_risk(s, program="GLX", risk="R2", **kwargs)


def test_on_hold_goes_back_to_the_status_it_left(glx) -> None:  # type: ignore[no-untyped-def]
    with glx.write() as s:
        services.set_status(s, program="GLX", project="DE-MKT", status="on_hold", on=TODAY)
        services.set_status(s, program="GLX", project="DE-MKT", status="back", on=TODAY)
    assert status_of(glx, "DE-MKT")[0] == "approved"
    with (
        pytest.raises(
            Refused, match="DE-MKT can go from approved to active or on_hold or cancelled, not back"
        ),
        glx.write() as s,
    ):
        services.set_status(s, program="GLX", project="DE-MKT", status="back", on=TODAY)


@pytest.mark.parametrize(
    "change,message",
    [
        (
            lambda s: services.allocate(
                s,
                program="GLX",
                person="greta",
                project="EU-SUP",
                fte=0.5,
                start=date(9999, 12, 31),
            ),
            "--from 9999-12-31 is outside the dates progtui plans in (1970-01-01 to 2199-12-31)",
        ),
        (
            lambda s: services.allocate(
                s, program="GLX", person="greta", project="EU-SUP", fte=1e308
            ),
            "fte 1e+308 is more than 10 times greta's capacity (1.0)",
        ),
        (
            lambda s: services.reallocate(
                s,
                program="GLX",
                person="alice",
                from_project="DE-REG",
                to_project="FR-REG",
                fte=0.1,
                today=date(9999, 12, 31),
            ),
            "today 9999-12-31 is outside the dates progtui plans in (1970-01-01 to 2199-12-31)",
        ),
        (
            lambda s: services.set_status(
                s, program="GLX", project="EU-SUP", status="done", on=date(9999, 12, 31)
            ),
            "--date 9999-12-31 is outside the dates progtui plans in (1970-01-01 to 2199-12-31)",
        ),
        (
            lambda s: services.set_actual_cost(
                s, program="GLX", project="EU-SUP", amount=9007199254740993
            ),
            "actual cost must be a number from 0 to less than 10000000000000 in whole cents, "
            "not 9007199254740993",
        ),
        (
            lambda s: services.record_benefit(
                s, program="GLX", objective="REV", value=1e308, on=TODAY
            ),
            "a value must be a number less than 1000000000000000 (10^15) in size, not 1e+308",
        ),
        (
            lambda s: services.record_benefit(
                s, program="GLX", objective="REV", value=1, on=date(9999, 12, 31)
            ),
            "--date 9999-12-31 is outside the dates progtui plans in (1970-01-01 to 2199-12-31)",
        ),
        (
            lambda s: services.take_baseline(
                s, program="GLX", name="far", today=date(9999, 12, 31)
            ),
            "today 9999-12-31 is outside the dates progtui plans in (1970-01-01 to 2199-12-31)",
        ),
    ],
)
def test_services_refuse_dates_money_and_fte_beyond_their_bounds(glx, change, message) -> None:  # type: ignore[no-untyped-def]
    """The command line's dates and numbers reach the services unchecked (cli.py parses
    them): each is refused in one line, and nothing is written."""
    n = len(log(glx))
    with pytest.raises(Refused) as exc, glx.write() as s:
        change(s)
    assert str(exc.value) == message
    assert len(log(glx)) == n


def test_check_fresh_names_who_changed_what_and_a_retry_knowing_it_passes(glx) -> None:  # type: ignore[no-untyped-def]
    from progtui.errors import Conflict

    with glx.read() as s:
        seen = services.last_change_id(s)
    identity.set_user("bob")
    with glx.write() as s:
        services.update_risk(s, program="GLX", risk="R2", probability=5)
        services.move(s, program="GLX", project="IT-REG", rank=1)
    identity.set_user("ann")
    with pytest.raises(Conflict) as caught, glx.write() as s:
        services.update_risk(s, program="GLX", risk="R2", probability=3)
        services.check_fresh(s, "GLX", seen)
    assert str(caught.value).startswith("not saved: bob changed risk:R2 at ")
    assert "(probability: 4 → 5) since your screen was loaded" in str(caught.value)
    with glx.write() as s:  # saved again, knowing bob's change: applied
        services.update_risk(s, program="GLX", risk="R2", probability=3)
        services.check_fresh(s, "GLX", caught.value.newest)
    # a move that finds nothing left to do (bob's move already put DE-REG at 2) is refused too
    with (
        pytest.raises(Conflict, match=r"bob changed the order of projects at .* \(IT-REG 12 → 1\)"),
        glx.write() as s,
    ):
        services.move(s, program="GLX", project="DE-REG", rank=2)
        services.check_fresh(s, "GLX", seen, order=True)
