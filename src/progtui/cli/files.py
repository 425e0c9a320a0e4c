"""Programs in and out of files: validate, import, export, programs, sample."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from progtui.cli import common
from progtui.cli.common import Format, FormatOpt, ProgramArg
from progtui.errors import InvalidFile, LinkMissing, PersonDisagrees, Problem, ProgtuiError

if TYPE_CHECKING:
    from progtui.domain import ProgramData
    from progtui.interchange import FileFormat as ReadAs
    from progtui.interchange import Level

FilesArg = Annotated[
    list[Path], typer.Argument(help="Program files: YAML or MS Project XML.", metavar="FILE...")
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
]


class FileFormat(StrEnum):
    yaml = "yaml"
    mspdi = "mspdi"


FileFormatOpt = Annotated[
    FileFormat | None,
    typer.Option(
        "--format",
        help="yaml or mspdi (MS Project XML); by default the content decides.",
        show_default=False,
    ),
]
KeyOpt = Annotated[
    str | None,
    typer.Option(
        "--key",
        metavar="KEY",
        help="MS Project XML: the program's key (default: from the file name).",
        show_default=False,
    ),
]
LevelOpt = Annotated[
    str,
    typer.Option(
        "--level",
        metavar="N|leaf",
        help="MS Project XML: tasks at outline level N become projects, or 'leaf' the leaf "
        "tasks; deeper tasks roll up into their project.",
    ),
]


def _level(value: str) -> Level:
    if value == "leaf":
        return "leaf"
    if value.isdigit() and 1 <= int(value) <= 100:
        return int(value)
    raise typer.BadParameter(f"expected a whole number from 1 to 100 or 'leaf', not {value!r}")


def _read_each(
    files: list[Path], fmt: FileFormat | None, key: str | None, level: str
) -> tuple[list[tuple[Path, ProgramData, ReadAs]], list[Problem]]:
    """Read every file: the programs read, and the problems of all the others. Warnings (MS
    Project XML's) are printed on stderr as they come and fail nothing."""
    from progtui.interchange import read_any
    from progtui.interchange.yaml.schema import KEY_PATTERN

    depth = _level(level)
    if key is not None and (len(key) > 40 or not re.fullmatch(KEY_PATTERN, key)):
        raise typer.BadParameter(
            f"{key!r}: 1 to 40 letters, digits, '-' and '_'", param_hint="'--key'"
        )
    programs: list[tuple[Path, ProgramData, ReadAs]] = []
    problems = []
    for path in files:
        try:
            data, warnings, read_as = read_any(
                path, fmt=fmt.value if fmt else None, key=key, level=depth
            )
        except InvalidFile as exc:
            problems += exc.problems
            continue
        if read_as == "yaml" and (key is not None or level != "1"):
            raise ProgtuiError(
                f"{path}: --key and --level are for MS Project XML files; this one is YAML"
            )
        for w in warnings:
            sys.stderr.write(f"{w}\n")
        programs.append((path, data, read_as))
    return programs, problems


def import_(
    ctx: typer.Context,
    files: FilesArg,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace programs that already exist with the same key."),
    ] = False,
    fmt: FileFormatOpt = None,
    key: KeyOpt = None,
    level: LevelOpt = "1",
    update_people: Annotated[
        bool,
        typer.Option(
            "--update-people",
            help="Change the database's people (for every program) where a file's differ.",
        ),
    ] = False,
) -> None:
    """Import programs from YAML or MS Project XML files, all or nothing.

    A person is one person across the database's programs: a file's person whom another
    program uses must be the same (name, role, capacity, cost rate), unless --update-people.

    Every problem in every file is listed as FILE:LINE:COL: message and nothing is written.
    What MS Project XML holds that progtui cannot carry is listed as FILE:LINE:COL: warning:
    and does not stop the import (docs/interchange-mspdi.md).

    \b
    Example:
      progtui import sample_data/global-launch.yaml sample_data/retail-transformation.yaml
      progtui import plan.xml --key WEB --level 2
    """
    from progtui import services
    from progtui.interchange import locate_dependency, locate_person

    read, problems = _read_each(files, fmt, key, level)
    if problems:
        raise InvalidFile(problems)
    keys = [data.program.key for _, data, _ in read]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ProgtuiError(f"program {dupes[0]} is in more than one of the files")
    found = {data.program.key: (path, read_as) for path, data, read_as in read}
    with common.session(ctx, write=True, create=True) as session:
        try:
            results = services.import_programs(
                session,
                programs=[(data, path.name) for path, data, _ in read],
                replace=replace,
                update_people=update_people,
            )
        except (PersonDisagrees, LinkMissing) as exc:  # located in the file that says so
            path, read_as = found[getattr(exc, "program")]  # noqa: B009 (set by services)
            where = (
                locate_person(path, exc.key, exc.field, fmt=read_as, key=key, level=_level(level))
                if isinstance(exc, PersonDisagrees)
                else locate_dependency(
                    path,
                    exc.project,
                    exc.index,
                    exc.field,
                    fmt=read_as,
                    key=key,
                    level=_level(level),
                )
            )
            raise InvalidFile([Problem(str(path), *where, str(exc))]) from None
    for r in results:
        verb = "replaced" if r.replaced else "imported"
        common.out(f"{verb} {r.key} ({r.projects} projects) into {common.where(ctx)}")


class ExportFormat(StrEnum):
    yaml = "yaml"
    mspdi = "mspdi"


def _yaml_text(data: ProgramData, baseline: str | None) -> str:
    from progtui.interchange import dump_program

    if baseline is not None:
        raise typer.BadParameter("is for --format mspdi", param_hint="'--baseline'")
    return dump_program(data)


def _mspdi_text(data: ProgramData, baseline: str | None) -> str:
    from progtui.interchange import choose_baseline, dump_mspdi

    return dump_mspdi(data, baseline=choose_baseline(data, baseline))


# one text writer per format: (the program, --baseline) -> the file's text
EXPORTERS: dict[ExportFormat, Callable[[ProgramData, str | None], str]] = {
    ExportFormat.yaml: _yaml_text,
    ExportFormat.mspdi: _mspdi_text,
}


def export(
    ctx: typer.Context,
    program: ProgramArg,
    output: OutputOpt = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", help="yaml (the import format) or mspdi (MS Project XML)."),
    ] = ExportFormat.yaml,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="NAME",
            help="MS Project XML: the baseline written as Baseline 0 (default: the newest).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write a program as YAML (the import format) or MS Project XML.

    \b
    Example:
      progtui export GLX -o glx.yaml
      progtui export GLX --format mspdi --baseline "Q1 plan" -o glx.xml
    """
    from progtui import services
    from progtui.interchange import write_atomic

    with common.session(ctx) as session:
        data = services.export_program(session, program=program)
    text = EXPORTERS[fmt](data, baseline)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_atomic(output, text)
        except OSError as exc:
            raise ProgtuiError(f"cannot write {output}: {exc.strerror or exc}") from None


def validate(
    files: FilesArg, fmt: FileFormatOpt = None, key: KeyOpt = None, level: LevelOpt = "1"
) -> None:
    """Check files (YAML or MS Project XML) without touching any database.

    \b
    Example:
      progtui validate sample_data/*.yaml
      progtui validate plan.xml --level leaf
    """
    read, problems = _read_each(files, fmt, key, level)
    for path, data, _ in read:
        common.out(f"{path}: ok ({data.program.key}, {len(data.projects)} projects)")
    if problems:
        raise InvalidFile(problems)


def programs(ctx: typer.Context, fmt: FormatOpt = Format.table) -> None:
    """List the programs in the database.

    \b
    Example:
      progtui programs --format json
    """
    from progtui import services

    with common.session(ctx, create=True) as session:
        rows = services.list_programs(session)
    if fmt is Format.json:
        common.json(
            {
                "programs": [
                    {
                        "key": r.key,
                        "name": r.name,
                        "owner": r.owner,
                        "start": r.start.isoformat() if r.start else None,
                        "end": r.end.isoformat() if r.end else None,
                        "projects": r.projects,
                    }
                    for r in rows
                ]
            }
        )
        return
    if not rows:
        common.out(f"no programs in {common.where(ctx)} yet: try 'progtui import FILE'")
        return
    Col = common.Col
    cols = [Col("key"), Col("name", cut=True, least=16), Col("owner", cut=True, least=8, keep=1)]
    cols += [Col("start", keep=2), Col("end", keep=2), Col("projects", right=True)]
    common.table(
        cols,
        (
            (r.key, r.name, r.owner or "", str(r.start or ""), str(r.end or ""), str(r.projects))
            for r in rows
        ),
    )


def sample(
    projects: Annotated[
        int, typer.Option("--projects", min=1, max=1_000_000, help="Number of projects.")
    ] = 100,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same file).")] = 1,
    years: Annotated[
        float | None,
        typer.Option(
            "--years",
            min=1,
            max=50,
            help="Plan the program over this many years, links agreeing with the plan, as a "
            "real one (default: random links, chains over decades).",
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Generate a valid program of any size (for tests and benchmarks).

    Three dependencies per project on average, of all four types; a tenth as many people as
    projects, four allocations per project, 0.3 risks per project.

    \b
    Example:
      progtui sample --projects 10000 --seed 7 -o big.yaml
      progtui sample --projects 10000 --seed 7 --years 2 -o two-years.yaml
    """
    from progtui.interchange import dump_program, write_program
    from progtui.sample import generate

    data = generate(projects=projects, seed=seed, years=years)
    if output is None:
        sys.stdout.write(dump_program(data))
    else:
        write_program(data, output)
