"""A deterministic generator of valid programs of any size, for tests and benchmarks.

The same (projects, seed) always gives the same program. Dependencies only point from an
earlier project to a later one, so the network is acyclic; each project has three on average,
of all four types, with lags from -3 to +5 working days. By default random links between random
dates chain projects over decades; with `years` the plan is one a real program could have.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, datetime, timedelta

from progtui import domain as d

_START = date(2027, 1, 4)
_WORDS = (
    "Atlas",
    "Beacon",
    "Cobalt",
    "Delta",
    "Ember",
    "Falcon",
    "Granite",
    "Harbor",
    "Iris",
    "Juniper",
    "Keystone",
    "Lumen",
    "Meridian",
    "Nimbus",
    "Orion",
    "Pioneer",
    "Quartz",
    "Redwood",
    "Summit",
    "Tundra",
)
_KINDS = (
    "platform",
    "rollout",
    "migration",
    "integration",
    "pilot",
    "upgrade",
    "launch",
    "training",
    "compliance",
    "analytics",
)
_ROLES = ("Engineer", "Analyst", "Designer", "Tester", "Architect", "Project manager")
_STATUSES: tuple[tuple[d.ProjectStatus, int], ...] = (  # weights
    ("done", 15),
    ("active", 35),
    ("approved", 25),
    ("proposed", 13),
    ("on_hold", 6),
    ("cancelled", 6),
)
_TYPES: tuple[tuple[d.DependencyType, int], ...] = (("FS", 55), ("SS", 20), ("FF", 20), ("SF", 5))


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _agrees(pred: d.Project, kind: str, lag: int, start: date, end: date) -> bool:
    """Whether a link from *pred* holds in the plan of a project from *start* to *end* (a lag in
    working days taken as twice as many calendar days, and a weekend to spare)."""
    bound = {
        "FS": (pred.end, start),
        "SS": (pred.start, start),
        "FF": (pred.end, end),
        "SF": (pred.start, end),
    }[kind]
    return bound[0] + timedelta(days=2 * max(lag, 0) + 3) <= bound[1]


def generate(*, projects: int, seed: int = 1, years: float | None = None) -> d.ProgramData:
    """A program with *projects* projects, 3 dependencies each on average, and people,
    allocations (4 per project), risks (0.3 per project), milestones and objectives to match.

    With *years*, projects start in date order and end within that many years of the program
    start, and every link agrees with the plan, so the forecast spans about *years* as a real
    program's does; without it (the default, unchanged), links join random dates and the
    chains they make span 15 to 20 years at 10,000 projects."""
    rng = random.Random(seed)
    statuses = [s for s, w in _STATUSES for _ in range(w)]
    types = [t for t, w in _TYPES for _ in range(w)]
    n_people = max(5, projects // 10)
    people = tuple(
        d.Person(
            f"P{i:05d}",
            f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}son",
            rng.choice(_ROLES),
            rng.choice((1.0, 1.0, 1.0, 0.8, 0.5)),
            float(rng.randrange(400, 1200, 50)),
        )
        for i in range(n_people)
    )
    objectives = tuple(
        d.Objective(
            f"OBJ{i}",
            f"Objective {i}",
            1_000_000.0 * (i + 1),
            "EUR",
            0,
            float(rng.randrange(0, 500_000 * (i + 1), 1000)),
        )
        for i in range(5)
    )
    span = max(60, min(1500, projects // 4))  # calendar days over which projects start
    if years is not None:  # starts in date order, the last one early enough to end in time
        span = max(1, round(years * 365.25) - 160)
        window = max(200, projects * 200 // span)  # the projects that started in ~200 days
    out: list[d.Project] = []
    for i in range(projects):
        key = f"PRJ{i:06d}"
        if years is None:
            start = _weekday(_START + timedelta(days=rng.randrange(span)))
        else:
            start = _weekday(_START + timedelta(days=span * i // projects))
        end = start + timedelta(days=rng.randrange(14, 160))
        status = rng.choice(statuses)
        actual_start = actual_end = None
        if status in ("done", "active", "on_hold") or (
            status == "cancelled" and rng.random() < 0.5
        ):
            actual_start = start + timedelta(days=rng.randrange(0, 5))
        if status == "done":
            actual_end = end + timedelta(days=rng.randrange(-5, 15))
            actual_end = max(actual_end, actual_start)  # type: ignore[type-var]
        preds: list[d.Dependency] = []
        if i and years is None:
            earlier = range(max(0, i - 200), i)
            count = min(len(earlier), rng.choice((1, 2, 3, 3, 4, 5)))
            for j in sorted(rng.sample(earlier, count)):
                lag = rng.randrange(-3, 6) if rng.random() < 0.4 else 0
                preds.append(d.Dependency(f"PRJ{j:06d}", rng.choice(types), lag))
        elif i:
            earlier = range(max(0, i - window), i)
            count = min(len(earlier), rng.choice((1, 2, 3, 3, 4, 5)))
            chosen: dict[int, d.Dependency] = {}
            for _ in range(count):  # the type first, so the mix stays, then a predecessor
                lag = rng.randrange(-3, 6) if rng.random() < 0.4 else 0
                kind = rng.choice(types)
                for _ in range(10):
                    j = rng.choice(earlier)
                    if j not in chosen and _agrees(out[j], kind, lag, start, end):
                        chosen[j] = d.Dependency(f"PRJ{j:06d}", kind, lag)
                        break
            preds = [chosen[j] for j in sorted(chosen)]
        budget = float(rng.randrange(20_000, 2_000_000, 5_000))
        percent = {
            "done": 100.0,
            "active": float(rng.randrange(5, 95)),
            "on_hold": float(rng.randrange(5, 60)),
        }.get(status, 0.0)
        allocs = tuple(
            d.Allocation(
                p.key,
                rng.choice((0.1, 0.2, 0.25, 0.5)),
                *((start, end - timedelta(days=7)) if rng.random() < 0.2 else (None, None)),
            )
            for p in rng.sample(people, min(4, len(people)))
        )
        scores = (
            d.Scores(*(rng.randrange(1, 11) for _ in range(4)))
            if rng.random() < 0.8
            else d.Scores()
        )
        out.append(
            d.Project(
                key=key,
                name=f"{rng.choice(_WORDS)} {rng.choice(_KINDS)} {i}",
                start=start,
                end=end,
                rank=i + 1,
                manager=rng.choice(people).key,
                status=status,
                actual_start=actual_start,
                actual_end=actual_end,
                budget=budget,
                actual_cost=round(budget * percent / 100 * rng.uniform(0.8, 1.3))
                if percent
                else None,
                percent_complete=percent,
                objectives=(rng.choice(objectives).key,),
                scores=scores,
                depends_on=tuple(preds),
                milestones=(
                    d.Milestone(
                        "Design approved",
                        start + timedelta(days=10),
                        start + timedelta(days=11) if status == "done" else None,
                    ),
                ),
                allocations=allocs,
            )
        )
    risks = tuple(
        d.Risk(
            f"R{i:05d}",
            f"Risk {i}: {rng.choice(_KINDS)} slips",
            rng.randrange(1, 6),
            rng.randrange(1, 6),
            tuple(sorted({rng.choice(out).key for _ in range(rng.choice((0, 1, 1, 2)))})),
            rng.choice(people).key,
            rng.choice(d.RISK_STATUSES),
            "Weekly review",
            _START + timedelta(days=rng.randrange(span)),
        )
        for i in range(int(projects * 0.3))
    )
    decisions = tuple(
        d.Decision(
            datetime(2027, 1, 4, 9, 0) + timedelta(days=i),
            "pm",
            f"Decision {i}",
            (rng.choice(out).key,),
        )
        for i in range(projects // 100)
    )
    return d.ProgramData(
        program=d.Program(
            key="GEN",
            name=f"Generated program ({projects} projects, seed {seed})",
            objective="Benchmark and test data",
            owner="pm",
            start=_START,
            budget=float(sum(p.budget or 0 for p in out)),
            currency="EUR",
            holidays=(date(2027, 12, 24), date(2027, 12, 31)),
        ),
        objectives=objectives,
        people=people,
        projects=tuple(out),
        risks=risks,
        decisions=decisions,
    )


def generate_portfolio(
    *,
    programs: int,
    projects: int,
    people: int,
    links: int,
    seed: int = 1,
    years: float | None = None,
) -> list[d.ProgramData]:
    """A portfolio of *programs* programs (keys PF01, PF02, ...) with *projects* projects in
    all, each program made as `generate` makes one (its seed `seed * 1000 + i`), then:

    - its people drawn from one organisation of *people* people (keys P00000...), each person
      listed in two programs or more when there are people enough for it, with the same name,
      role, capacity and cost rate everywhere (as the import requires); its allocations,
      managers and risk owners re-drawn among the people it lists;
    - *links* FS or SS links from a project of an earlier program to one of a later program
      (programs in key order), so no cycle runs through programs; with *years*, a link agrees
      with the plan where one of a few tries finds such a pair."""
    if programs < 1 or projects < programs:
        raise ValueError("a portfolio has one program or more, and a project or more in each")
    rng = random.Random(seed)
    org = tuple(
        d.Person(
            f"P{i:05d}",
            f"{rng.choice(_WORDS)} {rng.choice(_WORDS)}son",
            rng.choice(_ROLES),
            rng.choice((1.0, 1.0, 1.0, 0.8, 0.5)),
            float(rng.randrange(400, 1200, 50)),
        )
        for i in range(max(people, 5))
    )
    # who works where: every person in two programs (one when there is one program), the
    # second chosen at random; then each program gets five people at least
    listed: list[set[int]] = [set() for _ in range(programs)]
    for j in range(len(org)):
        first = j % programs
        listed[first].add(j)
        if programs > 1:
            listed[(first + 1 + rng.randrange(programs - 1)) % programs].add(j)
    for s in listed:
        while len(s) < 5:
            s.add(rng.randrange(len(org)))
    sizes = [projects // programs + (1 if i < projects % programs else 0) for i in range(programs)]
    out: list[d.ProgramData] = []
    for i, size in enumerate(sizes):
        data = generate(projects=size, seed=seed * 1000 + i, years=years)
        mine = tuple(org[j] for j in sorted(listed[i]))
        keys = [p.key for p in mine]
        prng = random.Random(seed * 1000 + i)

        def staff(p: d.Project, prng: random.Random = prng, keys: list[str] = keys) -> d.Project:
            chosen = prng.sample(keys, min(len(p.allocations), len(keys)))
            return replace(
                p,
                manager=prng.choice(keys),
                allocations=tuple(
                    replace(a, person=k) for a, k in zip(p.allocations, chosen, strict=False)
                ),
            )

        key = f"PF{i + 1:02d}"
        out.append(
            replace(
                data,
                program=replace(
                    data.program,
                    key=key,
                    name=f"Portfolio program {i + 1} of {programs} ({size} projects, seed {seed})",
                ),
                people=mine,
                projects=tuple(staff(p) for p in data.projects),
                risks=tuple(replace(r, owner=prng.choice(keys)) for r in data.risks),
            )
        )
    if programs < 2:
        return out
    extra: list[dict[str, list[d.Dependency]]] = [{} for _ in range(programs)]
    seen: set[tuple[int, str, int, str]] = set()
    tries = 0
    while len(seen) < links and tries < links * 50:
        tries += 1
        a, b = sorted(rng.sample(range(programs), 2))
        pred = rng.choice(out[a].projects)
        succ = rng.choice(out[b].projects)
        kind: d.DependencyType = "FS" if rng.random() < 0.7 else "SS"
        lag = rng.randrange(0, 6) if rng.random() < 0.4 else 0
        if years is not None:
            for _ in range(5):
                if _agrees(pred, kind, lag, succ.start, succ.end):
                    break
                pred = rng.choice(out[a].projects)
        if (a, pred.key, b, succ.key) in seen:
            continue
        seen.add((a, pred.key, b, succ.key))
        extra[b].setdefault(succ.key, []).append(
            d.Dependency(pred.key, kind, lag, out[a].program.key)
        )
    return [
        replace(
            data,
            projects=tuple(
                replace(p, depends_on=(*p.depends_on, *more[p.key])) if p.key in more else p
                for p in data.projects
            ),
        )
        for data, more in zip(out, extra, strict=True)
    ]
