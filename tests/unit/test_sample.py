"""The generator's realistic span: `years` plans the program as a real one is."""

from datetime import date, timedelta

from progtui.analysis import analyze
from progtui.sample import generate


def test_years_keeps_the_forecast_within_the_span() -> None:
    data = generate(projects=2000, seed=3, years=2)
    assert max(p.end for p in data.projects) <= date(2027, 1, 4) + timedelta(days=731)
    a = analyze(data, date(2027, 1, 4))
    finish = a.date_of(max(r.slot.f for r in a.projects if r.slot) - 1)
    # actual dates of done and started projects may run a little past the plan, no more
    assert finish <= date(2027, 1, 4) + timedelta(days=731 + 30)
    links = sum(len(p.depends_on) for p in data.projects)
    assert 2.5 * len(data.projects) <= links <= 3.1 * len(data.projects)


def test_years_is_deterministic() -> None:
    assert generate(projects=300, seed=5, years=1.5) == generate(projects=300, seed=5, years=1.5)
