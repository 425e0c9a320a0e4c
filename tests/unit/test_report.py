"""The steering report: Markdown golden files for both samples, HTML checked as a document
(strict HTML5 parse, self-contained, printable), KPIs compared with the previous report.

Regenerate a golden file after reviewing the change:
    progtui --db /tmp/g.db import sample_data/NAME.yaml
    progtui --db /tmp/g.db --today 2027-03-15 report KEY --since 2027-03-01 \\
        > tests/golden/NAME.report.md
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest

from conftest import GLOBAL_LAUNCH, RETAIL, ROOT, cli
from progtui import services
from progtui.interchange import read_program_text
from progtui.store.engine import open_database


@pytest.mark.parametrize(("sample", "key"), [(GLOBAL_LAUNCH, "GLX"), (RETAIL, "RTX")])
def test_markdown_report_of_the_samples(tmp_path: Path, sample: Path, key: str) -> None:
    db = str(tmp_path / "r.db")
    assert cli("--db", db, "import", str(sample)).code == 0
    r = cli("--db", db, "--today", "2027-03-15", "report", key, "--since", "2027-03-01")
    assert r.code == 0, r.err
    golden = ROOT / "tests" / "golden" / f"{sample.stem}.report.md"
    assert r.out == golden.read_text()


def test_the_next_report_compares_with_the_previous_ones_kpis(glx_url: str) -> None:
    cli("--db", glx_url, "--today", "2027-03-15", "report", "GLX")
    cli("--db", glx_url, "set-cost", "GLX", "FR-REG", "150000")  # CPI falls
    out = cli("--db", glx_url, "--today", "2027-03-22", "report", "GLX").out
    assert "| KPI | 2027-03-22 | previous report (2027-03-15) | change |" in out
    assert "| Cost performance (CPI) | 0.82 | 0.91 | -0.09 |" in out
    # changes since the previous report's day, by default
    assert "## Decisions and changes since the previous report (" in out
    assert "| FR-REG actual cost | 95000 → 150000 |" in out  # in the Log pane's words


def test_html_report_is_one_valid_printable_file(glx_url: str, tmp_path: Path) -> None:
    page = tmp_path / "steering.html"
    r = cli(
        "--db",
        glx_url,
        "--today",
        "2027-03-15",
        "report",
        "GLX",
        "--format",
        "html",
        "-o",
        str(page),
        "--since",
        "2027-03-01",
    )
    assert (r.code, r.out) == (0, f"wrote the html report of GLX to {page}\n")
    text = page.read_text()
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "@page { size: A4 landscape;" in text
    assert "<script" not in text and not re.search(r"(src|href)=", text)  # nothing fetched
    assert text.count("<svg") == 1 and "today</text>" in text
    for heading in (
        "KPIs",
        "Roadmap",
        "Critical path",
        "Projects by health",
        "Milestones",
        "Top risks",
        "Capacity hot spots",
        "Decisions and changes since 2027-03-01",
    ):
        assert f"<h2>{heading}</h2>" in text


def test_text_from_the_data_is_escaped_in_both_formats(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "x.db"))
    odd = (
        'program: {key: ODD, name: "<script>alert(1)</script> [x](y) *b* | \\\\ 🚀"}\n'
        'projects:\n  - {key: A, name: "</td><b>x</b>", start: 2027-01-04, '
        "end: 2027-02-26}\n"
    )
    with db.write() as s:
        services.import_program(s, data=read_program_text("odd.yaml", odd))
    db.dispose()
    md = cli("--db", str(tmp_path / "x.db"), "--today", "2027-01-15", "report", "ODD").out
    assert (
        "# Steering report: \\<script\\>alert(1)\\</script\\> \\[x\\](y) \\*b\\* \\| \\\\ 🚀" in md
    )
    page = cli(
        "--db", str(tmp_path / "x.db"), "--today", "2027-01-15", "report", "ODD", "--format", "html"
    ).out
    html5lib.HTMLParser(strict=True).parse(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "&lt;/td&gt;&lt;b&gt;x&lt;/b&gt;" in page


@pytest.mark.parametrize("sample", [GLOBAL_LAUNCH, RETAIL])
def test_both_formats_have_the_same_sections_headings_and_tables(sample: Path) -> None:
    """One document, two renderers: what the Markdown says, the HTML says (no drift)."""
    from datetime import date

    from progtui.analysis import analyze
    from progtui.interchange import read_program
    from progtui.reports import steering
    from progtui.services.steering import SteeringData

    made = SteeringData(analyze(read_program(sample), date(2027, 3, 15)), None, None, (), ())
    md, page = steering.markdown(made), steering.html_page(made)

    def unmd(line: str) -> str:
        return re.sub(r"\\(.)", r"\1", line)

    for level in (2, 3):
        in_md = [unmd(x[level + 1 :]) for x in md.splitlines() if x.startswith("#" * level + " ")]
        in_html = [html.unescape(x) for x in re.findall(rf"<h{level}>(.*?)</h{level}>", page)]
        assert in_md == in_html and in_md
    assert md.count("\n|---") == page.count("<table")
    assert md.count("\n- ") == page.count("<li>")


def test_a_report_that_cannot_be_written_records_nothing(glx_url: str, tmp_path: Path) -> None:
    r = cli("--db", glx_url, "report", "GLX", "-o", str(tmp_path / "missing" / "r.md"))
    assert r.code == 2 and "does not exist" in r.err
    out = cli("--db", glx_url, "--today", "2027-03-15", "report", "GLX").out
    assert "previous report" not in out  # the failed one was not kept


def test_html_report_renders_in_a_headless_browser(glx_url: str, tmp_path: Path) -> None:
    """Renders the page to a PNG to look at. Chromium is required (make test installs it as
    root)."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.fail(
            "Chromium is not installed: make test installs it as root, or apt-get install chromium",
            pytrace=False,
        )
    page = tmp_path / "steering.html"
    cli(
        "--db",
        glx_url,
        "--today",
        "2027-03-15",
        "report",
        "GLX",
        "--format",
        "html",
        "-o",
        str(page),
    )
    shot = tmp_path / "steering.png"
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1400,2000",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


async def test_the_app_header_shows_kpi_trends_over_the_reports(glx_url: str) -> None:
    from conftest import TODAY, settled
    from progtui.app.app import ProgtuiApp
    from progtui.app.widgets.program_header import ProgramHeader

    cli("--db", glx_url, "--today", "2027-03-15", "report", "GLX")
    cli("--db", glx_url, "set-cost", "GLX", "FR-REG", "150000")  # CPI 0.91 -> 0.82
    cli("--db", glx_url, "risk", "GLX", "R1", "--probability", "5")  # exposure 46 -> 54
    db = open_database(glx_url)
    app = ProgtuiApp(db, today=TODAY)
    async with app.run_test(size=(160, 40)) as pilot:
        await settled(pilot)
        header = str(app.query_one(ProgramHeader).content)
    db.dispose()
    assert "on-time 50% ▁▁" in header and "CPI 0.82 █▁" in header
    assert header.rstrip().endswith("risk 54 ▁█")


# --- the portfolio's report (issue 15 point 8) -------------------------------------------------

PLATFORM = ROOT / "sample_data" / "shared-platform.yaml"
PORTFOLIO_HEADINGS = (
    "Portfolio health and KPIs",
    "Programs by rank",
    "Cross-program dependencies at risk",
    "People over-allocated across programs",
    "Top risks across programs",
)


def _three(tmp_path: Path) -> str:
    db = str(tmp_path / "p.db")
    assert cli("--db", db, "import", str(GLOBAL_LAUNCH), str(RETAIL), str(PLATFORM)).code == 0
    return db


def test_markdown_report_of_the_sample_portfolio(tmp_path: Path) -> None:
    """Regenerate after reviewing: import the three samples, then
    progtui --today 2027-03-15 report --portfolio > tests/golden/portfolio.report.md"""
    db = _three(tmp_path)
    r = cli("--db", db, "--today", "2027-03-15", "report", "--portfolio")
    assert r.code == 0, r.err
    assert r.out == (ROOT / "tests" / "golden" / "portfolio.report.md").read_text()


def test_html_portfolio_report_is_one_valid_printable_file(tmp_path: Path) -> None:
    db = _three(tmp_path)
    page = tmp_path / "portfolio.html"
    args = ("--db", db, "--today", "2027-03-15", "report", "--portfolio", "--format", "html")
    r = cli(*args, "-o", str(page))
    assert (r.code, r.out) == (0, f"wrote the html report of the portfolio to {page}\n")
    text = page.read_text()
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert "@page { size: A4 landscape;" in text
    assert "<script" not in text and not re.search(r"(src|href)=", text)  # nothing fetched
    assert [html.unescape(x) for x in re.findall(r"<h2>(.*?)</h2>", text)] == list(
        PORTFOLIO_HEADINGS
    )
    # the link RTX's payments upgrade holds PLT's checkout API by, and the red finish
    assert "<td>PLT/CHECKOUT-API</td><td>RTX/PAY-UPG</td><td>FS +5</td>" in text
    assert '<td class="red">2027-09-01</td>' in text
    # diego is fine in GLX and in PLT alone, over counting both
    assert "<td>GLX 50% + PLT 60%</td>" in text


def test_both_formats_of_the_portfolio_report_say_the_same(tmp_path: Path) -> None:
    db = _three(tmp_path)
    base = ("--db", db, "--today", "2027-03-15", "report", "--portfolio")
    md, page = cli(*base).out, cli(*base, "--format", "html").out
    for level in (2, 3):
        in_md = [
            re.sub(r"\\(.)", r"\1", x[level + 1 :])
            for x in md.splitlines()
            if x.startswith("#" * level + " ")
        ]
        assert in_md == [html.unescape(x) for x in re.findall(rf"<h{level}>(.*?)</h{level}>", page)]
    assert md.count("\n|---") == page.count("<table") == 5
    assert md.count("\n| ") == page.count("<tr>")  # the same rows, heads included


def test_text_from_the_data_is_escaped_in_the_portfolio_report(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "x.db"))
    odd = (
        'program: {key: ODD, name: "<script>alert(1)</script> [x](y) *b* | 🚀"}\n'
        "settings:\n  risk_levels: {medium: 5, high: 10, critical: 15}\n"
        'projects:\n  - {key: A, name: "a", start: 2027-01-04, end: 2027-02-26}\n'
        'risks:\n  - {key: R1, title: "</td><b>x</b> =1+1", probability: 3, impact: 3}\n'
    )
    with db.write() as s:
        services.import_program(s, data=read_program_text("odd.yaml", odd))
    db.dispose()
    base = ("--db", str(tmp_path / "x.db"), "--today", "2027-01-15", "report", "--portfolio")
    md = cli(*base).out
    assert "| ODD \\<script\\>alert(1)\\</script\\> \\[x\\](y) \\*b\\* \\| 🚀 |" in md
    assert "| ODD | R1 \\</td\\>\\<b\\>x\\</b\\> =1+1 |" in md
    page = cli(*base, "--format", "html").out
    html5lib.HTMLParser(strict=True).parse(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>" not in page
    assert "&lt;/td&gt;&lt;b&gt;x&lt;/b&gt;" in page


def test_a_portfolio_report_is_not_kept_and_wants_a_program_or_portfolio(
    tmp_path: Path,
) -> None:
    db = _three(tmp_path)
    assert cli("--db", db, "--today", "2027-03-15", "report", "--portfolio").code == 0
    out = cli("--db", db, "--today", "2027-03-15", "report", "GLX").out
    assert "previous report" not in out  # the portfolio's report kept nothing
    for args, said in (
        (("report",), "give a PROGRAM, or --portfolio"),
        (("report", "GLX", "--portfolio"), "give a PROGRAM or --portfolio, not both"),
        (("report", "--portfolio", "--since", "2027-03-01"), "has no decisions and changes"),
    ):
        r = cli("--db", db, *args)
        assert r.code == 2 and said in r.err and "Traceback" not in r.err
    missing = tmp_path / "missing" / "p.md"
    r = cli("--db", db, "report", "--portfolio", "-o", str(missing))
    assert r.code == 2 and "does not exist" in r.err and not missing.parent.exists()


def test_the_portfolio_report_never_names_a_program_the_reader_may_not_read(
    tmp_path: Path,
) -> None:
    from test_portfolio_people import TWO

    from progtui.identity import set_user

    url = str(tmp_path / "p.db")
    a, b = tmp_path / "A.yaml", tmp_path / "B.yaml"
    a.write_text(TWO.replace("KEY", "A"))
    b.write_text(
        TWO.replace("KEY", "B").replace(
            "name: Program B,", "name: Program B, owner: bob, access: {editors: [], viewers: []},"
        )
    )
    set_user("bob")
    assert cli("--db", url, "import", str(a), str(b)).code == 0
    set_user("alice")
    md = cli("--db", url, "--today", "2027-03-15", "report", "--portfolio").out
    assert "| pat Pat Lee | 2027-03 | 120% | A 60% + other programs 60% |" in md
    assert "Program B" not in md and not re.search(r"\bB\b", md)
