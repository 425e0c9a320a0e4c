"""Benefits over time: objective values recorded with their dates, trends, and the app's v."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import GLOBAL_LAUNCH, TODAY, cli, load, settled
from progtui import services
from progtui.analysis.benefits import sparkline, trend
from progtui.app.app import ProgtuiApp
from progtui.app.dialogs.benefits import Benefits
from progtui.app.dialogs.form import Form
from progtui.errors import InvalidFile
from progtui.interchange import read_program, read_program_text
from progtui.store.engine import open_database


def test_the_samples_history_gives_the_realisation_over_time() -> None:
    data = read_program(GLOBAL_LAUNCH)
    # REV 0..5,000,000, SHARE 0..4, NPS 20..45; each objective's latest value by then
    assert trend(data) == [
        (date(2026, 12, 31), pytest.approx((0 + 0 + 2 / 25) / 3)),
        (date(2027, 1, 31), pytest.approx((100_000 / 5e6 + 0.6 / 4 + 5 / 25) / 3)),
        (date(2027, 2, 28), pytest.approx((350_000 / 5e6 + 1.2 / 4 + 8 / 25) / 3)),
    ]
    assert sparkline([0.0267, 0.123, 0.23]) == "▁▄█"


def test_benefit_records_keeps_history_and_sets_the_current_value(glx_url: str) -> None:
    r = cli("--db", glx_url, "benefit", "GLX", "REV", "410000", "--date", "2027-03-31")
    assert (r.code, r.out) == (0, "REV on 2027-03-31: — -> 410000\n")
    r = cli("--db", glx_url, "benefit", "GLX", "REV", "300000", "--date", "2027-01-31")  # a fix
    assert r.out == "REV on 2027-01-31: 100000 -> 300000\n"
    out = cli("--db", glx_url, "benefit", "GLX").out
    assert "REV      New-market revenue               0 -> 410000 of 5000000 EUR  8%  ▁▄█" in out
    exported = cli("--db", glx_url, "export", "GLX").out
    assert (
        "  - {objective: REV, date: 2027-01-31, value: 300000}\n"
        "  - {objective: REV, date: 2027-02-28, value: 350000}\n"
        "  - {objective: REV, date: 2027-03-31, value: 410000}\n"
    ) in exported
    assert "current: 410000}" in exported
    cli("--db", glx_url, "undo", "GLX")  # the fix
    cli("--db", glx_url, "undo", "GLX")  # the new value, and the current value with it
    again = cli("--db", glx_url, "export", "GLX").out
    assert "date: 2027-03-31" not in again and "value: 100000}" in again
    assert "current: 350000}" in again
    r = cli("--db", glx_url, "benefit", "GLX", "REVV", "1")
    assert r.err == "progtui: no objective 'REVV' in GLX (did you mean 'REV'?)\n"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "  - {objective: REVV, date: 2027-01-31, value: 1}",
            "unknown objective 'REVV' (did you mean 'REV'?)",
        ),
        ("  - {objective: REV, date: 2027-02-28, value: 1}", "a second value of REV on 2027-02-28"),
        (
            "  - {objective: REV, date: 2027-02-28, value: lots}",
            "value should be a valid number, got 'lots'",
        ),
    ],
)
def test_a_benefits_section_is_checked(line: str, message: str) -> None:
    text = GLOBAL_LAUNCH.read_text().replace("benefits:\n", f"benefits:\n{line}\n")
    with pytest.raises(InvalidFile) as exc:
        read_program_text("g.yaml", text)
    assert [p.message for p in exc.value.problems] == [message]


async def test_v_shows_the_trend_and_n_records_a_value(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "app.db"))
    load(db, GLOBAL_LAUNCH)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        await pilot.press("v")
        assert isinstance(app.screen, Benefits)
        shown = str(app.screen.query_one("#trend").render())
        assert "benefit realisation ▁▄█  3% on 2026-12-31 → 23% on 2027-02-28" in shown
        await pilot.press("n")
        assert isinstance(app.screen, Form)
        await pilot.press("enter", *"410000", "ctrl+s")  # REV, on today
        await settled(pilot)
        assert isinstance(app.screen, Benefits)  # back, and showing the new value
        with db.read() as s:
            rev = services.export_program(s, program="GLX").objectives[0]
        assert (rev.current, rev.history[-1].day, rev.history[-1].value) == (410000, TODAY, 410000)
        assert app.screen.data.objectives[0].current == 410000  # the open screen got it
