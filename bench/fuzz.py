"""Fuzz the file readers (YAML, MS Project XML, CSV): mutated program files for N minutes.

Every input must either read as a program or be refused with InvalidFile (FILE:LINE:COL
problems, one line each) within the time limit; any other exception is a crash and a too-slow
input a hang. Each is saved under --out and the run exits 1. YAML mutations start from the
sample programs and a small generated one: spans deleted, duplicated or moved, YAML tokens
inserted (anchors, tags, merge keys, flow brackets, odd scalars), bytes flipped, indentation
changed. MSPDI mutations start from tests/data/mspdi/*.xml, read through read_any: bytes
(spans, XML tokens: entities, DTDs, CDATA, encodings), elements (deleted, duplicated, moved,
odd text) and attributes (added, removed, the namespace changed). An MSPDI file that is
accepted must also import into a fresh SQLite database and export again. CSV mutations start
from the six tables of the samples and a small generated program, read together through
read_tables: spans and rows deleted, duplicated or swapped, cells swapped, CSV and formula
tokens inserted (quotes, separators, line ends, =, +, -, @, ', odd numbers and dates), bytes
that are not UTF-8, a table left out or given twice. An accepted set of tables must write out
and read back as the same program (the formula rule undone exactly).

    .venv/bin/python bench/fuzz.py [--minutes 10] [--seed 1] [--out fuzz-failures]
        [--formats yaml,mspdi,csv]
"""

from __future__ import annotations

import argparse
import copy
import random
import signal
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
TOKENS = [
    ":",
    ": ",
    "- ",
    "-",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: *a",
    "!!python/object:os.system ",
    "!!binary ",
    "!!str ",
    "!!int ",
    "!!float ",
    "!!timestamp ",
    "!custom ",
    "? ",
    "|",
    ">",
    "\t",
    "\x00",
    "\x1b]0;x\x07",
    "\u202e",
    "'",
    '"',
    "---\n",
    "...\n",
    "~",
    "null",
    "NO",
    "yes",
    "2027-02-30",
    "2027-13-01",
    "1e309",
    ".nan",
    "-.inf",
    "0x1F",
    "0o17",
    "1_000",
    "-0",
    "99999999999999999999",
    "key",
    "name",
    "projects",
    "depends_on",
    "allocations",
    "fte",
    "status",
    "on_hold",
    "\n  ",
    "\n    - ",
    "\n",
    " #",
    "%YAML 1.1\n",
    "%TAG ! tag:x,2000:\n",
    "\ufeff",
    "🚀",
    "漢字",
]
XML_TOKENS = [
    "<",
    ">",
    "</",
    "/>",
    "<Task>",
    "</Task>",
    "<UID>",
    "</UID>",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x1F680;",
    "&#99999999;",
    "&undefined;",
    "<!DOCTYPE Project [<!ENTITY a 'x'>]>",
    '<!DOCTYPE Project SYSTEM "file:///etc/passwd">',
    '<!ENTITY e SYSTEM "file:///etc/passwd">',
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<?pi x?>",
    '<?xml version="1.0" encoding="latin-1"?>',
    '<?xml version="1.0" encoding="UTF-16"?>',
    ' xmlns="urn:other"',
    ' xmlns:x="urn:x"',
    '"',
    "'",
    "=",
    "\x00",
    "\ufeff",
    "\u202e",
    "🚀",
]
XML_VALUES = [
    "",
    " ",
    "0",
    "-1",
    "1",
    "2",
    "99999999999999999999",
    "1e309",
    "NaN",
    "-0",
    "0.5",
    "2027-02-30T08:00:00",
    "2027-01-04",
    "9999-12-31T23:59:59",
    "0001-01-01T00:00:00",
    "PT-8H0M0S",
    "PT99999999H0M0S",
    "PT8H",
    "P1D",
    "=1+1",
    "\x1b]0;x\x07",
    "x" * 300,
    "漢字",
]
CSV_TOKENS = [
    ",",
    ";",
    "\t",
    '"',
    '""',
    "\n",
    "\r\n",
    "\r",
    "=",
    "+",
    "-",
    "@",
    "'",
    "''",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://x")',
    "-1",
    "+5",
    "-0",
    "1e309",
    "nan",
    "inf",
    "0x1F",
    "1_000",
    "yes",
    "~",
    "99999999999999999999",
    "2027-02-30",
    "9999-12-31",
    "2027-01-04T10:00:00",
    "\x00",
    "\x1b]0;x\x07",
    "\ufeff",
    "\u202e",
    " ",
    "key",
    "project",
    "depends_on",
    "fte",
    "status",
    "health_override",
    "🚀",
    "漢字",
]
LIMIT_SECONDS = 5  # an input taking longer is a hang


class Hang(Exception):
    pass


def corpus() -> list[str]:
    from progtui.interchange.yaml.writer import dump_program
    from progtui.sample import generate

    texts = [p.read_text() for p in sorted((ROOT / "sample_data").glob("*.yaml"))]
    texts.append(dump_program(generate(projects=30, seed=1)))
    return texts


def mutate(text: str, rnd: random.Random) -> str:
    for _ in range(rnd.randint(1, 6)):
        n = len(text)
        if n == 0:
            return rnd.choice(TOKENS)
        i, j = sorted(rnd.randrange(n + 1) for _ in range(2))
        op = rnd.randrange(7)
        if op == 0:
            text = text[:i] + text[j:]
        elif op == 1:
            text = text[:i] + text[i:j] * rnd.randint(2, 4) + text[j:]
        elif op == 2:
            text = text[:i] + rnd.choice(TOKENS) + text[i:]
        elif op == 3:
            k = rnd.randrange(n)
            text = text[:k] + chr(rnd.randrange(0x20, 0x7F)) + text[k + 1 :]
        elif op == 4:
            lines = text.split("\n")
            a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            lines[a], lines[b] = lines[b], lines[a]
            text = "\n".join(lines)
        elif op == 5:
            lines = text.split("\n")
            a = rnd.randrange(len(lines))
            lines[a] = " " * rnd.choice([0, 1, 2, 3, 5, 8]) + lines[a].lstrip(" ")
            text = "\n".join(lines)
        else:
            k = rnd.randrange(n)
            text = text[:k] + rnd.choice(TOKENS) * rnd.randint(1, 50) + text[k:]
    return text


MSPDI_NS = "http://schemas.microsoft.com/project"


def mspdi_corpus() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "tests" / "data" / "mspdi").glob("*.xml"))]


def mutate_bytes(data: bytes, rnd: random.Random) -> bytes:
    for _ in range(rnd.randint(1, 4)):
        n = len(data)
        if n == 0:
            return rnd.choice(XML_TOKENS).encode()
        i, j = sorted(rnd.randrange(n + 1) for _ in range(2))
        op = rnd.randrange(5)
        if op == 0:
            data = data[:i] + data[j : j + rnd.randint(0, 200)] + data[j:]
        elif op == 1:
            data = data[:i] + data[i : i + rnd.randint(1, 200)] * rnd.randint(2, 4) + data[i:]
        elif op == 2:
            data = data[:i] + rnd.choice(XML_TOKENS).encode() + data[i:]
        elif op == 3:
            k = rnd.randrange(n)
            data = data[:k] + bytes([rnd.randrange(256)]) + data[k + 1 :]
        else:
            data = data[:i] + data[i + rnd.randint(1, 50) :]
    return data


def mutate_tree(data: bytes, rnd: random.Random) -> bytes:
    """Elements and attributes changed on a parsed fixture (one that parses), written again."""
    try:
        root = ET.fromstring(data)  # our own fixtures: trusted input
    except ET.ParseError:
        return mutate_bytes(data, rnd)
    for _ in range(rnd.randint(1, 5)):
        parents = [(p, c) for p in root.iter() for c in p]
        if not parents:
            break
        parent, child = rnd.choice(parents)
        op = rnd.randrange(8)
        if op == 0:
            parent.remove(child)
        elif op == 1:
            for _ in range(rnd.randint(1, 3)):
                parent.insert(list(parent).index(child), _copy(child))
        elif op == 2:  # moved under another element
            parent.remove(child)
            rnd.choice(list(root.iter())).append(child)
        elif op == 3:
            child.text = rnd.choice(XML_VALUES)
        elif op == 4:  # the text of another element of the same name
            twins = [e for e in root.iter(child.tag) if e is not child]
            other = rnd.choice(twins or [child])
            child.text, other.text = other.text, child.text
        elif op == 5:
            child.set(rnd.choice(["UID", "x", "xmlns", "{urn:x}y"]), rnd.choice(XML_VALUES))
        elif op == 6:
            child.attrib.clear()
            child.tag = rnd.choice([child.tag, "{urn:other}" + child.tag.split("}")[-1], "Task"])
        else:
            ET.SubElement(
                child, rnd.choice([child.tag, f"{{{MSPDI_NS}}}UID", "Bogus"])
            ).text = rnd.choice(XML_VALUES)
    ET.register_namespace("", MSPDI_NS)
    return ET.tostring(root, encoding="utf-8", xml_declaration=rnd.random() < 0.5)


def _copy(element: ET.Element) -> ET.Element:
    return copy.deepcopy(element)


def mutate_mspdi(data: bytes, rnd: random.Random) -> bytes:
    return mutate_tree(data, rnd) if rnd.random() < 0.6 else mutate_bytes(data, rnd)


CSV_TABLES = ["projects", "people", "allocations", "risks", "milestones", "dependencies"]
CsvCase = dict[str, bytes]  # file name -> content: the tables of one program


def csv_corpus() -> list[CsvCase]:
    from progtui.interchange import read_program
    from progtui.interchange.table import dump_csv
    from progtui.sample import generate

    programs = [read_program(p) for p in sorted((ROOT / "sample_data").glob("*.yaml"))]
    programs.append(generate(projects=30, seed=1))
    return [
        {f"{p.program.key}-{t}.csv": dump_csv(p, t).encode() for t in CSV_TABLES} for p in programs
    ]


def mutate_csv(case: CsvCase, rnd: random.Random) -> CsvCase:
    out = dict(case)
    for _ in range(rnd.randint(1, 4)):
        name = rnd.choice(list(out))
        text = out[name].decode("utf-8", errors="surrogateescape")
        lines = text.split("\r\n")
        op = rnd.randrange(10)
        if op == 0 and len(out) > 1:
            del out[name]  # a table left out
            continue
        if op == 1:
            out[f"more-{name}"] = out[name]  # a table given twice
            continue
        if op == 2:  # a row deleted, duplicated or swapped
            a, b = rnd.randrange(len(lines)), rnd.randrange(len(lines))
            choice = rnd.randrange(3)
            if choice == 0:
                del lines[a]
            elif choice == 1:
                lines.insert(a, lines[b])
            else:
                lines[a], lines[b] = lines[b], lines[a]
        elif op == 3:  # cells of a row swapped or dropped
            a = rnd.randrange(len(lines))
            cells = lines[a].split(",")
            i, j = rnd.randrange(len(cells)), rnd.randrange(len(cells))
            cells[i], cells[j] = cells[j], cells[i]
            if rnd.random() < 0.3:
                del cells[i]
            lines[a] = ",".join(cells)
        elif op == 4:  # a cell replaced by a token
            a = rnd.randrange(len(lines))
            cells = lines[a].split(",")
            cells[rnd.randrange(len(cells))] = rnd.choice(CSV_TOKENS) * rnd.randint(1, 3)
            lines[a] = ",".join(cells)
        else:
            text = "\r\n".join(lines)
            n = len(text)
            i, j = sorted(rnd.randrange(n + 1) for _ in range(2))
            if op == 5:
                text = text[:i] + text[j:]
            elif op == 6:
                text = text[:i] + text[i : i + rnd.randint(1, 80)] * rnd.randint(2, 3) + text[i:]
            elif op == 7 and n:
                k = rnd.randrange(n)
                text = text[:k] + chr(rnd.randrange(0x20, 0x7F)) + text[k + 1 :]
            else:
                text = text[:i] + rnd.choice(CSV_TOKENS) + text[i:]
            lines = [text]
        data = "\r\n".join(lines).encode("utf-8", errors="surrogateescape")
        if rnd.random() < 0.03:  # a byte that is not UTF-8
            k = rnd.randrange(len(data) + 1)
            data = data[:k] + bytes([rnd.randrange(0x80, 0x100)]) + data[k:]
        out[name] = data
    return out


def csv_roundtrip(data: Any, folder: Path) -> None:
    """Accepted tables write out and read back as the same program."""
    from progtui.interchange.table import dump_csv, read_tables

    paths = []
    for t in CSV_TABLES:
        path = folder / f"again-{t}.csv"
        path.write_bytes(dump_csv(data, t).encode())
        paths.append(path)
    again = read_tables(paths, key=data.program.key)
    assert again == data, "the tables read back differ"


class Roundtrip:
    """An accepted MSPDI program imported into a fresh SQLite database and exported again."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.n = 0

    def __call__(self, data: Any) -> None:
        from progtui import services
        from progtui.interchange import dump_program
        from progtui.store.engine import open_database

        self.n += 1
        path = self.folder / f"roundtrip-{self.n}.db"
        db = open_database(str(path))
        try:
            with db.write() as s:
                services.import_program(s, data=data, source="fuzz.xml")
            with db.read() as s:
                dump_program(services.export_program(s, program=data.program.key))
        finally:
            db.dispose()
            path.unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="fuzz-failures")
    parser.add_argument(
        "--formats", default="yaml,mspdi,csv", help="comma-separated: yaml, mspdi, csv"
    )
    a = parser.parse_args()
    formats = a.formats.split(",")
    assert set(formats) <= {"yaml", "mspdi", "csv"}, a.formats

    from progtui.errors import InvalidFile
    from progtui.interchange import read_any, read_program_text, read_tables

    def alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    rnd = random.Random(a.seed)
    seeds: dict[str, list[Any]] = {
        "yaml": corpus() if "yaml" in formats else [],
        "mspdi": mspdi_corpus(),
        "csv": csv_corpus() if "csv" in formats else [],
    }
    counts = {f: {"valid": 0, "refused": 0, "crash": 0, "hang": 0} for f in formats}
    slowest = 0.0
    out = Path(a.out)
    scratch = Path(tempfile.mkdtemp(prefix="progtui-fuzz-"))
    roundtrip = Roundtrip(scratch)
    end = time.monotonic() + a.minutes * 60
    began = time.monotonic()
    while time.monotonic() < end:
        fmt = rnd.choice(formats)
        case: str | bytes | CsvCase
        if fmt == "yaml":
            case = mutate(rnd.choice(seeds["yaml"]), rnd)
            suffix = "yaml"
        elif fmt == "csv":
            case = mutate_csv(rnd.choice(seeds["csv"]), rnd)
            suffix = "csv"
        else:
            case = mutate_mspdi(rnd.choice(seeds["mspdi"]), rnd)
            suffix = "xml"
        c = counts[fmt]
        start = time.perf_counter()
        signal.alarm(LIMIT_SECONDS)
        try:
            if isinstance(case, str):
                read_program_text("fuzz.yaml", case)
            elif isinstance(case, dict):
                folder = scratch / "csv"
                folder.mkdir(exist_ok=True)
                for old in folder.iterdir():
                    old.unlink()
                for name, content in case.items():
                    (folder / name).write_bytes(content)
                data = read_tables(sorted(folder.iterdir()), key="FUZZ")
                csv_roundtrip(data, scratch)
            else:
                path = scratch / "fuzz.xml"
                path.write_bytes(case)
                data, _warnings, _fmt = read_any(path)
                roundtrip(data)
            c["valid"] += 1
        except InvalidFile as exc:
            c["refused"] += 1
            assert exc.problems and all(
                p.line >= 1 and p.col >= 1 and "\n" not in str(p) for p in exc.problems
            ), exc.problems
        except Hang:
            c["hang"] += 1
            save(out, f"{fmt}-hang-{c['hang']}.{suffix}", case)
        except Exception as exc:
            c["crash"] += 1
            save(out, f"{fmt}-crash-{c['crash']}.{suffix}", case)
            print(f"{fmt} crash: {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
        finally:
            signal.alarm(0)
        slowest = max(slowest, time.perf_counter() - start)
    seconds = time.monotonic() - began
    failed = 0
    for fmt, c in counts.items():
        total = sum(c.values())
        failed += c["crash"] + c["hang"]
        print(
            f"fuzzed the {fmt} reader for {seconds / 60:.1f} min: {total} inputs "
            f"({total / seconds:.0f}/s), {c['valid']} valid, {c['refused']} refused "
            f"with positions, {c['crash']} crashes, {c['hang']} hangs"
        )
    print(f"slowest input {slowest * 1000:.0f} ms")
    sys.exit(1 if failed else 0)


def save(out: Path, name: str, case: str | bytes | CsvCase) -> None:
    out.mkdir(exist_ok=True)
    if isinstance(case, dict):  # a folder of the tables
        folder = out / name
        folder.mkdir(exist_ok=True)
        for file, content in case.items():
            (folder / file).write_bytes(content)
    elif isinstance(case, str):
        (out / name).write_text(case)
    else:
        (out / name).write_bytes(case)


if __name__ == "__main__":
    main()
