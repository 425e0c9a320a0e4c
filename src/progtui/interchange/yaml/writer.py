"""ProgramData -> YAML text in one canonical layout (SPEC section 2).

The layout is fixed so that export -> import -> export is byte-identical: sections in spec
order, entities in rank or file order, keys in schema order, small entities as one-line flow
mappings. Strings are written plain when they read back as the same string, else double-quoted.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from yaml import ScalarNode
from yaml.resolver import Resolver

from progtui import domain as d

_RESOLVER = Resolver()
_resolve: Callable[[type[ScalarNode], str, tuple[bool, bool]], str] = _RESOLVER.resolve
_STR_TAG = "tag:yaml.org,2002:str"
# Plain only when no YAML indicator can misread it: no leading indicator or space, none of the
# flow or comment characters anywhere, no trailing space.
_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#,\[\]{}\"\n\r\t]*")
_ESCAPE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


@lru_cache(maxsize=65536)
def text(value: str) -> str:
    """A YAML scalar for *value* that reads back as exactly *value*."""
    if (
        _PLAIN.fullmatch(value)
        and not value.endswith(" ")
        and value.isprintable()
        and _resolve(ScalarNode, value, (True, False)) == _STR_TAG
    ):
        return value
    quoted = json.dumps(value, ensure_ascii=False)
    return _ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def number(value: float) -> str:
    """A whole amount as an integer (120000), anything else as the shortest exact float."""
    if isinstance(value, int):
        return str(value)
    if value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return fraction(value)


def fraction(value: float) -> str:
    """Always a float literal (1.0, 0.5, 1.0e-05): for FTE and capacity."""
    r = repr(float(value))
    if "e" in r and "." not in r:
        r = r.replace("e", ".0e")
    return r


class _Raw(str):
    """Already-formatted YAML (a float that must keep its decimal point)."""


def _scalar(value: object) -> str:
    if isinstance(value, _Raw):
        return str.__str__(value)
    if isinstance(value, str):
        return text(value)
    if isinstance(value, bool):  # pragma: no cover - the model has no booleans
        raise TypeError("booleans are not part of the format")
    if isinstance(value, datetime):
        return value.isoformat(sep="T")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return number(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return _flow(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def _flow(fields: dict[str, object]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v)}" for k, v in fields.items()) + "}"


def _present(**fields: object) -> dict[str, object]:
    """Only the fields that carry a value (None and empty lists are left out)."""
    return {k: v for k, v in fields.items() if v is not None and v != () and v != []}


def _block(out: list[str], indent: str, fields: dict[str, object]) -> None:
    for k, v in fields.items():
        out.append(f"{indent}{k}: {_scalar(v)}")


def dump_program(data: d.ProgramData) -> str:
    """The whole program as YAML text."""
    p = data.program
    out = ["program:"]
    _block(
        out,
        "  ",
        _present(
            key=p.key,
            name=p.name,
            objective=p.objective,
            owner=p.owner,
            start=p.start,
            end=p.end,
            budget=p.budget,
            currency=p.currency,
            holidays=list(p.holidays),
        ),
    )
    if p.access is not None:
        out.append(
            "  access: "
            + _flow({"editors": list(p.access.editors), "viewers": list(p.access.viewers)})
        )
    s = data.settings
    if s != d.Settings():
        out.append("settings:")
        out.append(
            "  risk_levels: "
            + _flow({"medium": s.risk_medium, "high": s.risk_high, "critical": s.risk_critical})
        )
    if data.objectives:
        out.append("objectives:")
        for o in data.objectives:
            out.append(
                "  - "
                + _flow(
                    _present(
                        key=o.key,
                        name=o.name,
                        unit=o.unit,
                        baseline=o.baseline,
                        target=o.target,
                        current=o.current,
                    )
                )
            )
    if data.people:
        out.append("people:")
        for pe in data.people:
            fields = _present(key=pe.key, name=pe.name, role=pe.role)
            fields["capacity"] = _Raw(fraction(pe.capacity))
            fields.update(_present(cost_rate=pe.cost_rate))
            out.append("  - " + _flow(fields))
    if data.projects:
        out.append("projects:")
        for pr in data.projects:
            _project(out, pr)
    if data.risks:
        out.append("risks:")
        for r in data.risks:
            fields = _present(
                key=r.key,
                title=r.title,
                projects=list(r.projects),
                probability=r.probability,
                impact=r.impact,
                owner=r.owner,
                status=r.status,
                mitigation=r.mitigation,
                due=r.due,
            )
            out.append(f"  - key: {_scalar(r.key)}")
            del fields["key"]
            _block(out, "    ", fields)
    if data.decisions:
        out.append("decisions:")
        for dc in data.decisions:
            out.append(
                "  - "
                + _flow(_present(when=dc.when, who=dc.who, text=dc.text, about=list(dc.about)))
            )
    measures = [(o.key, m) for o in data.objectives for m in o.history]
    if measures:
        out.append("benefits:")
        out += [
            "  - " + _flow({"objective": key, "date": m.day, "value": m.value})
            for key, m in measures
        ]
    if data.baselines:
        out.append("baselines:")
        for b in data.baselines:
            out.append(f"  - name: {_scalar(b.name)}")
            out.append(f"    taken: {_scalar(b.taken)}")
            if b.projects:
                out.append("    projects:")
                out += [
                    "      - "
                    + _flow(
                        _present(
                            project=x.project,
                            start=x.start,
                            end=x.end,
                            budget=x.budget,
                            forecast_start=x.forecast_start,
                            forecast_end=x.forecast_end,
                        )
                    )
                    for x in b.projects
                ]
            if b.milestones:
                out.append("    milestones:")
                out += [
                    "      - "
                    + _flow(
                        _present(project=x.project, name=x.name, due=x.due, forecast=x.forecast)
                    )
                    for x in b.milestones
                ]
    out.append("")
    return "\n".join(out)


def _project(out: list[str], pr: d.Project) -> None:
    out.append(f"  - key: {_scalar(pr.key)}")
    scores = {n: getattr(pr.scores, n) for n in d.SCORE_NAMES if getattr(pr.scores, n) is not None}
    ho = pr.health_override
    _block(
        out,
        "    ",
        _present(
            name=pr.name,
            manager=pr.manager,
            status=pr.status,
            priority=pr.rank,
            start=pr.start,
            end=pr.end,
            actual_start=pr.actual_start,
            actual_end=pr.actual_end,
            budget=pr.budget,
            actual_cost=pr.actual_cost,
            percent_complete=pr.percent_complete or None,
            objectives=list(pr.objectives),
            scores=scores or None,
            health_override={"rag": ho.rag, "reason": ho.reason} if ho else None,
            reported_end=pr.reported_end,
        ),
    )
    if pr.depends_on:
        out.append("    depends_on:")
        for dep in pr.depends_on:
            if dep.type == "FS" and dep.lag == 0 and dep.program is None:
                out.append(f"      - {_scalar(dep.project)}")
            else:
                other = {"program": dep.program} if dep.program else {}
                out.append(
                    "      - "
                    + _flow({**other, "project": dep.project, "type": dep.type, "lag": dep.lag})
                )
    if pr.milestones:
        out.append("    milestones:")
        for m in pr.milestones:
            out.append("      - " + _flow(_present(name=m.name, due=m.due, done=m.done)))
    if pr.allocations:
        out.append("    allocations:")
        for a in pr.allocations:
            fields: dict[str, object] = {"person": a.person, "fte": _Raw(fraction(a.fte))}
            fields.update(_present(**{"from": a.start, "to": a.end}))
            out.append("      - " + _flow(fields))


def write_program(data: d.ProgramData, path: str | os.PathLike[str]) -> None:
    """Write the YAML to *path* atomically: the old file stays whole until the new one is."""
    write_atomic(path, dump_program(data))


def write_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* (UTF-8) to *path* atomically, keeping the mode of a file it replaces."""
    target = Path(path)
    try:
        mode = target.stat().st_mode & 0o777  # keep the mode of the file being replaced
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
