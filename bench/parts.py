"""One `progtui status --format json` timed by part, in a fresh process (run by bench/analysis.py,
three times, for the breakdown of where the whole process's time goes).

    .venv/bin/python bench/parts.py TODAY FILE
    .venv/bin/python bench/parts.py TODAY DB PROGRAM

The steps are those the command runs, called one by one in its order, with the collector as the
command has it; after them, the floors: the least each step could cost (a bare libyaml event
parse of the same text, pydantic validating the same field values, one `json.dumps`, sqlite3
fetching every row). Prints one JSON object: {"steps": [[what, seconds], ...], "floors": {step:
[what, seconds]}, "late": modules imported during the steps (the imports step should hold them)}.
"""

import time

_T0 = time.perf_counter()

import gc  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from datetime import date  # noqa: E402

NODES = "YAML to nodes with positions (libyaml events, composing)"
FIELDS = "fields and validation (walking the nodes, pydantic)"
LOAD = "load the snapshot (queries, rows to frozen dataclasses)"
JSON = "JSON text, written"


def main() -> None:
    today = date.fromisoformat(sys.argv[1])
    from_db = len(sys.argv) == 4
    out: list[tuple[str, float]] = []
    floors: dict[str, tuple[str, float]] = {}
    now = time.perf_counter
    t = now()
    out.append(("this script's own imports (json, os)", t - _T0))
    import progtui.cli  # noqa: F401

    out.append(("imports: progtui.cli (Typer: what --help needs)", now() - t))
    t = now()
    import numpy  # noqa: F401  (the analysis imports it when it runs)

    from progtui.analysis import (
        analyze,
        baseline,  # noqa: F401  (status imports it)
        report,
    )

    if from_db:
        import sqlite3

        from sqlalchemy.dialects.sqlite import pysqlite  # noqa: F401

        from progtui import services  # noqa: F401
        from progtui.db import open_database
        from progtui.store import load_program

        what = "SQLAlchemy, SQLModel, tables, numpy, analysis"
    else:
        from progtui.gcpause import paused
        from progtui.interchange import checks, reader, source

        what = "PyYAML, pydantic, networkx, numpy, analysis"
    out.append((f"imports status adds: {what}", now() - t))
    before = set(sys.modules)

    if from_db:
        t = now()
        database = open_database(sys.argv[2], create=False)
        out.append(("open the database (engine, schema revision)", now() - t))
        t = now()
        with database.read() as session:
            data = load_program(session, sys.argv[3])
        out.append((LOAD, now() - t))
        built: list[object] = []
    else:
        name = sys.argv[2]
        t = now()
        text = source.read_text(name)
        out.append(("read the file (bytes to text)", now() - t))
        with paused():  # as read_program_text: the collector paused while building
            t = now()
            root = source.compose(name, text)
            out.append((NODES, now() - t))
            reader.compose = lambda *_: root  # parse() walks the nodes just composed
            t = now()
            parsed, problems = reader.parse(name, text)
            reader.compose = source.compose
            out.append((FIELDS, now() - t))
            t = now()
            data, more = checks.build(parsed, field_problems=bool(problems))
        out.append(("cross-entity checks and the snapshot", now() - t))
        assert data is not None and not problems and not more
        built = [root, parsed]
    t = now()
    a = analyze(data, today)
    out.append(("analysis", now() - t))
    t = now()
    obj = report.status(a, None)
    out.append(("status report (the dict)", now() - t))
    t = now()
    with open(os.devnull, "w") as sink:
        sink.write(report.dumps(obj) + "\n")
    out.append((JSON, now() - t))
    late = sorted(set(sys.modules) - before)
    t = now()
    json.dumps(obj, ensure_ascii=False)
    floor_json = now() - t
    t = now()
    del a, data, obj, built
    if from_db:
        database.dispose()
    else:
        del root, parsed
    out.append(("freeing what was built (the command's return)", now() - t))

    # the floors, after the work so that they warm nothing it uses
    if from_db:
        import sqlite3

        conn = sqlite3.connect(sys.argv[2])
        t = now()
        for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'"):
            conn.execute(f'SELECT * FROM "{table}"').fetchall()
        floors[LOAD] = ("sqlite3 fetching every row of every table", now() - t)
    else:
        import yaml

        t = now()
        for _ in yaml.parse(text, Loader=yaml.CSafeLoader):
            pass
        floors[NODES] = ("PyYAML's C event parser alone (no nodes, no positions)", now() - t)
        parsed, _ = reader.parse(name, text)
        items = [i for part in parsed.sections.values() for i in part]
        items += [c for i in items for kids in i.children.values() for c in kids]
        pairs = [(type(i.model), i.raw) for i in items if i.model is not None and i.raw]
        t = now()
        for model, raw in pairs:
            model.model_validate(raw)
        floors[FIELDS] = (f"pydantic alone, on the same {len(pairs):,} field dicts", now() - t)
        del parsed, items, pairs
    floors[JSON] = ("json.dumps of the same dict in one call", floor_json)
    print(
        json.dumps(
            {"steps": out, "floors": floors, "late": late, "elapsed": time.perf_counter() - _T0}
        )
    )


if __name__ == "__main__":
    gc.enable()  # as the command runs (main disables it, the global options enable it again)
    main()
