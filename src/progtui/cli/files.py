"""Programs in and out of files: validate, import, export, programs, sample."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from progtui.cli import common
from progtui.cli.common import Format, FormatOpt
from progtui.errors import InvalidFile, LinkMissing, PersonDisagrees, Problem, ProgtuiError
from progtui.text import did_you_mean

if TYPE_CHECKING:
    from progtui.domain import ProgramData
    from progtui.interchange import FileFormat as ReadAs
    from progtui.interchange import Level

FilesArg = Annotated[
    list[Path],
    typer.Argument(
        help="Program files: YAML, MS Project XML, or the CSV tables (or .xlsx) of one program.",
        metavar="FILE...",
    ),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout."),
]


class FileFormat(StrEnum):
    yaml = "yaml"
    mspdi = "mspdi"
    csv = "csv"
    xlsx = "xlsx"


TABLE_FORMATS = (FileFormat.csv, FileFormat.xlsx)
FileFormatOpt = Annotated[
    FileFormat | None,
    typer.Option(
        "--format",
        help="yaml, mspdi (MS Project XML), csv or xlsx (a program's tables); by default the "
        "content decides.",
        show_default=False,
    ),
]
KeyOpt = Annotated[
    str | None,
    typer.Option(
        "--key",
        metavar="KEY",
        help="MS Project XML, CSV, xlsx: the program's key (default: from the file name).",
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
) -> tuple[list[tuple[list[Path], ProgramData, ReadAs]], list[Problem]]:
    """Read every file: the programs read (each with the files it is from and the format),
    and the problems of all the others. Warnings (MS Project XML's) are
    printed on stderr as they come and fail nothing. The CSV files and workbooks among them
    are the tables of one program."""
    from progtui.interchange import is_table_file, read_any, read_tables
    from progtui.interchange.yaml.schema import KEY_PATTERN

    depth = _level(level)
    if key is not None and (len(key) > 40 or not re.fullmatch(KEY_PATTERN, key)):
        raise typer.BadParameter(
            f"{key!r}: 1 to 40 letters, digits, '-' and '_'", param_hint="'--key'"
        )
    programs: list[tuple[list[Path], ProgramData, ReadAs]] = []
    problems = []
    # the CSV files (and workbooks) given together are the tables of one program
    tables = [p for p in files if fmt in TABLE_FORMATS or (fmt is None and is_table_file(p))]
    if tables:
        if level != "1":
            raise ProgtuiError(f"{tables[0]}: --level is for MS Project XML files; this is a table")
        only: Literal["xlsx"] | None = "xlsx" if fmt is FileFormat.xlsx else None
        try:
            programs.append((tables, read_tables(tables, key=key, fmt=only), only or "csv"))
        except InvalidFile as exc:
            problems += exc.problems
    for path in (p for p in files if p not in tables):
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
        programs.append(([path], data, read_as))
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
    """Import programs from YAML or MS Project XML files, or one program from its CSV tables
    (or an .xlsx workbook), all or nothing.

    A person is one person across the database's programs: a file's person whom another
    program uses must be the same (name, role, capacity, cost rate), unless --update-people.

    Every problem in every file is listed as FILE:LINE:COL: message and nothing is written.
    What MS Project XML holds that progtui cannot carry is listed as FILE:LINE:COL: warning:
    and does not stop the import (docs/interchange-mspdi.md).

    \b
    Example:
      progtui import sample_data/global-launch.yaml sample_data/retail-transformation.yaml
      progtui import plan.xml --key WEB --level 2
      progtui import --format csv GLX-projects.csv GLX-people.csv GLX-allocations.csv
    """
    from progtui import services
    from progtui.interchange import locate_dependency, locate_person, locate_table_person

    read, problems = _read_each(files, fmt, key, level)
    if problems:
        raise InvalidFile(problems)
    keys = [data.program.key for _, data, _ in read]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise ProgtuiError(f"program {dupes[0]} is in more than one of the files")
    found = {data.program.key: (paths, read_as) for paths, data, read_as in read}
    with common.session(ctx, write=True, create=True) as session:
        try:
            results = services.import_programs(
                session,
                programs=[(data, paths[0].name) for paths, data, _ in read],
                replace=replace,
                update_people=update_people,
            )
        except (PersonDisagrees, LinkMissing) as exc:  # located in the file that says so
            paths, read_as = found[getattr(exc, "program")]  # noqa: B009 (set by services)
            if isinstance(exc, PersonDisagrees) and read_as in TABLE_FORMATS:
                where = locate_table_person(paths, exc.key, exc.field)
            elif isinstance(exc, PersonDisagrees):
                at = locate_person(
                    paths[0], exc.key, exc.field, fmt=read_as, key=key, level=_level(level)
                )
                where = (str(paths[0]), *at)
            elif read_as in TABLE_FORMATS:  # the tables carry no links to other programs
                where = (str(paths[0]), 1, 1)
            else:
                at = locate_dependency(
                    paths[0],
                    exc.project,
                    exc.index,
                    exc.field,
                    fmt=read_as,
                    key=key,
                    level=_level(level),
                )
                where = (str(paths[0]), *at)
            raise InvalidFile([Problem(*where, str(exc))]) from None
    for r in results:
        verb = "replaced" if r.replaced else "imported"
        common.out(f"{verb} {r.key} ({r.projects} projects) into {common.where(ctx)}")


class ExportFormat(StrEnum):
    yaml = "yaml"
    mspdi = "mspdi"
    csv = "csv"
    xlsx = "xlsx"


TableOpt = Annotated[
    str | None,
    typer.Option(
        "--table",
        metavar="TABLE",
        help="CSV: the table to write: projects, people, allocations, risks, milestones or "
        "dependencies (without it, -o FOLDER gets them all as KEY-TABLE.csv).",
        show_default=False,
    ),
]


Load = Callable[[], "ProgramData | None"]  # the program to export; None for a template
Exporter = Callable[[typer.Context, Load, "Path | None", "str | None", "str | None"], None]


def _export_yaml(
    ctx: typer.Context, load: Load, output: Path | None, table: str | None, baseline: str | None
) -> None:
    from progtui.interchange import dump_program, write_program

    if table is not None:
        raise typer.BadParameter("--table is for csv: a YAML file holds every table")
    if baseline is not None:
        raise typer.BadParameter("is for --format mspdi", param_hint="'--baseline'")
    data = load()
    if data is None:
        raise typer.BadParameter("--template is for csv and xlsx")
    if output is None:
        sys.stdout.write(dump_program(data))
    else:
        write_program(data, output)


def _export_mspdi(
    ctx: typer.Context, load: Load, output: Path | None, table: str | None, baseline: str | None
) -> None:
    from progtui.interchange import choose_baseline, dump_mspdi, write_atomic

    if table is not None:
        raise typer.BadParameter("--table is for csv: an MS Project file holds every table")
    data = load()
    if data is None:
        raise typer.BadParameter("--template is for csv and xlsx")
    text = dump_mspdi(data, baseline=choose_baseline(data, baseline))
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


def _export_table(fmt: str) -> Exporter:
    def export(
        ctx: typer.Context,
        load: Load,
        output: Path | None,
        table: str | None,
        baseline: str | None,
    ) -> None:
        from progtui.interchange import TABLE_NAMES
        from progtui.interchange.table import (
            csv_files,
            export_bytes,
            template,
            write_all,
            write_bytes,
        )

        if baseline is not None:
            raise typer.BadParameter("is for --format mspdi", param_hint="'--baseline'")
        names = "|".join(TABLE_NAMES)
        every = fmt == "csv" and table is None and output is not None and output.is_dir()
        if fmt == "csv" and table is None and not every:
            raise typer.BadParameter(
                f"a CSV file holds one table: add --table {names} (or give -o a folder for all)"
            )
        if fmt == "xlsx" and table is not None:
            raise typer.BadParameter("a workbook holds every table: leave out --table")
        if table is not None and table not in TABLE_NAMES:
            raise typer.BadParameter(
                f"{table!r} is not a table: {names}" + did_you_mean(table, TABLE_NAMES),
                param_hint="'--table'",
            )
        if fmt == "xlsx" and output is None:
            raise typer.BadParameter("a workbook is binary: write it to a file with -o FILE")
        data = load()
        if every:
            assert output is not None
            write_all(
                csv_files(data, output)
                if data is not None
                else {output / f"{t}.csv": template("csv", t) for t in TABLE_NAMES}
            )
            return
        content = (
            template(fmt, table)  # type: ignore[arg-type]
            if data is None
            else export_bytes(data, fmt, table=table, today=common.options(ctx).today)  # type: ignore[arg-type]
        )
        if output is None:
            sys.stdout.write(content.decode())
        else:
            write_bytes(output, content)

    return export


# One writer per format: each checks its options, then loads the program (None for a
# template) and writes it to the output (None for stdout).
_EXPORTERS: dict[ExportFormat, Exporter] = {
    ExportFormat.yaml: _export_yaml,
    ExportFormat.mspdi: _export_mspdi,
    ExportFormat.csv: _export_table("csv"),
    ExportFormat.xlsx: _export_table("xlsx"),
}


def export(
    ctx: typer.Context,
    program: Annotated[str | None, typer.Argument(help="Program key.", show_default=False)] = None,
    output: OutputOpt = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="yaml (the import format), mspdi (MS Project XML), csv (one --table) or xlsx.",
        ),
    ] = ExportFormat.yaml,
    table: TableOpt = None,
    baseline: Annotated[
        str | None,
        typer.Option(
            "--baseline",
            metavar="NAME",
            help="MS Project XML: the baseline written as Baseline 0 (default: the newest).",
            show_default=False,
        ),
    ] = None,
    empty: Annotated[
        bool,
        typer.Option("--template", help="CSV, xlsx: the tables with their headers only."),
    ] = False,
) -> None:
    """Write a program as YAML (the import format), MS Project XML, one table of it as CSV,
    or all of its tables and its status as an Excel workbook (docs/interchange-csv.md).

    \b
    Example:
      progtui export GLX -o glx.yaml
      progtui export GLX --format mspdi --baseline "Q1 plan" -o glx.xml
      progtui export GLX --format csv --table projects -o GLX-projects.csv
      progtui export GLX --format csv -o glx-tables/
      progtui --today 2027-03-15 export GLX --format xlsx -o GLX.xlsx
      progtui export --template --format xlsx -o plan.xlsx
    """
    from progtui import services

    if empty and program is not None:
        raise typer.BadParameter("a template is of no program: leave out PROGRAM")
    if not empty and program is None:
        raise typer.BadParameter("which program? give its key", param_hint="PROGRAM")

    def load() -> ProgramData | None:
        if program is None:
            return None
        with common.session(ctx) as session:
            return services.export_program(session, program=program)

    try:
        _EXPORTERS[fmt](ctx, load, output, table, baseline)
    except OSError as exc:
        raise ProgtuiError(f"cannot write {output}: {exc.strerror or exc}") from None


def validate(
    files: FilesArg, fmt: FileFormatOpt = None, key: KeyOpt = None, level: LevelOpt = "1"
) -> None:
    """Check files (YAML, MS Project XML, CSV tables, xlsx) without touching any database.

    \b
    Example:
      progtui validate sample_data/*.yaml
      progtui validate plan.xml --level leaf
    """
    read, problems = _read_each(files, fmt, key, level)
    for paths, data, _ in read:
        common.out(
            f"{', '.join(map(str, paths))}: ok ({data.program.key}, {len(data.projects)} projects)"
        )
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
    portfolio: Annotated[
        int | None,
        typer.Option(
            "--portfolio",
            min=1,
            max=99,
            metavar="N",
            help="Make a portfolio of N programs (PF01.yaml ... in the folder of -o) sharing "
            "people and linked from earlier to later programs; --projects is then the total.",
        ),
    ] = None,
    people: Annotated[
        int | None,
        typer.Option(
            "--people",
            min=5,
            max=1_000_000,
            help="With --portfolio: people in the organisation (default: a fifth of --projects).",
            show_default=False,
        ),
    ] = None,
    links: Annotated[
        int | None,
        typer.Option(
            "--links",
            min=0,
            max=1_000_000,
            help="With --portfolio: links between programs (default: a twentieth of --projects).",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
) -> None:
    """Generate a valid program of any size (for tests and benchmarks).

    Three dependencies per project on average, of all four types; a tenth as many people as
    projects, four allocations per project, 0.3 risks per project.

    With --portfolio N: N programs with --projects projects in all, each person of --people
    listed in two of them with the same fields everywhere, and --links FS/SS links from a
    project of an earlier program to one of a later one (no cycle through programs), written
    to the folder -o names (made if missing) as PF01.yaml, PF02.yaml, ...

    \b
    Example:
      progtui sample --projects 10000 --seed 7 -o big.yaml
      progtui sample --projects 10000 --seed 7 --years 2 -o two-years.yaml
      progtui sample --portfolio 20 --projects 10000 --people 2000 --links 500 --years 2 -o pf
    """
    from progtui.interchange import dump_program, write_program
    from progtui.sample import generate, generate_portfolio

    if portfolio is None and (people is not None or links is not None):
        raise typer.BadParameter("--people and --links make a portfolio: give --portfolio N")
    if portfolio is not None:
        people = max(5, projects // 5) if people is None else people
        links = projects // 20 if links is None else links
        if output is None:
            raise typer.BadParameter("a portfolio is written to a folder: give -o DIR")
        if projects < portfolio:
            raise typer.BadParameter(
                f"{portfolio} programs need {portfolio} projects or more, not {projects}",
                param_hint="--projects",
            )
        if output.exists() and not output.is_dir():
            raise typer.BadParameter(f"{output} is not a folder", param_hint="-o")
        programs = generate_portfolio(
            programs=portfolio,
            projects=projects,
            people=people,
            links=links,
            seed=seed,
            years=years,
        )
        try:
            output.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise typer.BadParameter(
                f"cannot make {output}: {exc.strerror}", param_hint="-o"
            ) from None
        for data in programs:
            write_program(data, output / f"{data.program.key}.yaml")
        made = sum(1 for p in programs for x in p.projects for dp in x.depends_on if dp.program)
        if made < links:  # too few projects for as many distinct pairs
            sys.stderr.write(
                f"progtui: sample: {made} of {links} links between programs made: no more "
                "distinct pairs of projects to link\n"
            )
        return
    data = generate(projects=projects, seed=seed, years=years)
    if output is None:
        sys.stdout.write(dump_program(data))
    else:
        write_program(data, output)
