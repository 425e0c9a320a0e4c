"""Fuzz the YAML reader: mutated program files for N minutes.

Every input must either read as a program or be refused with InvalidFile (FILE:LINE:COL
problems) within the time limit; any other exception is a crash and a too-slow input a hang.
Each is saved under --out and the run exits 1. Mutations start from the sample programs and a
small generated one: spans deleted, duplicated or moved, YAML tokens inserted (anchors, tags,
merge keys, flow brackets, odd scalars), bytes flipped, indentation changed.

    .venv/bin/python bench/fuzz.py [--minutes 10] [--seed 1] [--out fuzz-failures]
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from pathlib import Path

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default="fuzz-failures")
    a = parser.parse_args()

    from progtui.errors import InvalidFile
    from progtui.interchange import read_program_text

    def alarm(signum, frame):  # type: ignore[no-untyped-def]
        raise Hang()

    signal.signal(signal.SIGALRM, alarm)
    rnd = random.Random(a.seed)
    seeds = corpus()
    counts = {"valid": 0, "refused": 0, "crash": 0, "hang": 0}
    slowest = 0.0
    out = Path(a.out)
    end = time.monotonic() + a.minutes * 60
    began = time.monotonic()
    while time.monotonic() < end:
        text = mutate(rnd.choice(seeds), rnd)
        start = time.perf_counter()
        signal.alarm(LIMIT_SECONDS)
        try:
            read_program_text("fuzz.yaml", text)
            counts["valid"] += 1
        except InvalidFile as exc:
            counts["refused"] += 1
            assert exc.problems and all(p.line >= 1 and p.col >= 1 for p in exc.problems)
        except Hang:
            counts["hang"] += 1
            out.mkdir(exist_ok=True)
            (out / f"hang-{counts['hang']}.yaml").write_text(text)
        except Exception as exc:
            counts["crash"] += 1
            out.mkdir(exist_ok=True)
            (out / f"crash-{counts['crash']}.yaml").write_text(text)
            print(f"crash: {type(exc).__name__}: {exc}"[:300], file=sys.stderr)
        finally:
            signal.alarm(0)
        slowest = max(slowest, time.perf_counter() - start)
    total = sum(counts.values())
    seconds = time.monotonic() - began
    print(
        f"fuzzed the YAML reader for {seconds / 60:.1f} min: {total} inputs "
        f"({total / seconds:.0f}/s), {counts['valid']} valid, {counts['refused']} refused "
        f"with positions, {counts['crash']} crashes, {counts['hang']} hangs; slowest input "
        f"{slowest * 1000:.0f} ms"
    )
    sys.exit(1 if counts["crash"] or counts["hang"] else 0)


if __name__ == "__main__":
    main()
