"""Programs in and out of files: validate, import, export, programs, sample."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from progtui.cli import common
from progtui.cli.common import Format, FormatOpt, ProgramArg
from progtui.errors import InvalidFile, ProgtuiError

if TYPE_CHECKING:
    from progtui.domain import ProgramData
    from progtui.errors import Problem

FilesArg = Annotated[list[Path], typer.Argument(help="Program YAML files.", metavar="FILE...")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
]


def _read_each(files: list[Path]) -> tuple[list[tuple[Path, ProgramData]], list[Problem]]:
    """Read every file: the programs read, and the problems of all the others."""
    from progtui.interchange import read_program

    programs, problems = [], []
    for path in files:
        try:
            programs.append((path, read_program(path)))
        except InvalidFile as exc:
            problems += exc.problems
    return programs, problems


def import_(
    ctx: typer.Context,
    files: FilesArg,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Replace programs that already exist with the same key."),
    ] = False,
) -> None:
    """Import programs from YAML files, all or nothing.

    Every problem in every file is listed as FILE:LINE:COL: message and nothing is written.

    \b
    Example:
      progtui import sample_data/global-launch.yaml sample_data/retail-transformation.yaml
    """
    from progtui import services

    read, problems = _read_each(files)
    if problems:
        raise InvalidFile(problems)
    keys = [data.program.key for _, data in read]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ProgtuiError(f"program {dupes[0]} is in more than one of the files")
    with common.session(ctx, write=True, create=True) as session:
        results = [
            services.import_program(session, data=data, replace=replace, source=path.name)
            for path, data in read
        ]
    for r in results:
        verb = "replaced" if r.replaced else "imported"
        common.out(f"{verb} {r.key} ({r.projects} projects) into {common.where(ctx)}")


def export(ctx: typer.Context, program: ProgramArg, output: OutputOpt = None) -> None:
    """Write a program as YAML (the import format).

    \b
    Example:
      progtui export GLX -o glx.yaml
    """
    from progtui import services
    from progtui.interchange import dump_program, write_program

    with common.session(ctx) as session:
        data = services.export_program(session, program=program)
    if output is None:
        sys.stdout.write(dump_program(data))
    else:
        try:
            write_program(data, output)
        except OSError as exc:
            raise ProgtuiError(f"cannot write {output}: {exc.strerror or exc}") from None


def validate(files: FilesArg) -> None:
    """Check files without touching any database.

    \b
    Example:
      progtui validate sample_data/*.yaml
    """
    read, problems = _read_each(files)
    for path, data in read:
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
    common.table(
        ("key", "name", "owner", "start", "end", "projects"),
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
