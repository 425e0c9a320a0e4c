"""What-if across programs (issue 15 point 5, SPEC 6): `progtui impact` lists what moves in
the programs downstream of the slipping project, by hand on the sample programs, and never
names a program the account may not read (whose dates still carry the slip on)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import GLOBAL_LAUNCH, RETAIL, SAMPLES, cli
from progtui import identity

PLATFORM = SAMPLES / "shared-platform.yaml"
# a fourth program after PLT: its launch waits for PLT's single sign-on
PROD = """\
program: {key: PROD, name: Storefront relaunch, owner: sam, start: 2027-01-04, end: 2027-12-31}
projects:
  - key: LAUNCH
    name: Relaunch the storefronts
    status: approved
    priority: 1
    start: 2027-09-01
    end: 2027-09-14
    depends_on:
      - {program: PLT, project: SSO, type: FS}
"""


def elsewhere(url: str, *args: str) -> list[dict[str, object]]:
    result = cli("--db", url, "--today", "2027-03-15", "impact", *args, "--format", "json")
    assert result.code == 0, result.err
    return json.loads(result.out)["elsewhere"]  # type: ignore[no-any-return]


def moved(key: str, old: tuple[str, str], new: tuple[str, str]) -> dict[str, str]:
    return {
        "kind": "project",
        "key": key,
        "old_start": old[0],
        "new_start": new[0],
        "old_finish": old[1],
        "new_finish": new[1],
    }


def test_a_slip_in_rtx_moves_plts_checkout_api_and_its_successors_by_hand(
    tmp_path: Path,
) -> None:
    """RTX/PAY-UPG is forecast to finish Fri 2027-05-28. Ten RTX working days longer (Mon
    05-31 is an RTX holiday): Mon 06-14. PLT/CHECKOUT-API follows FS with a lag of 5 PLT
    working days (no PLT holiday in June): before, Mon 05-31..Fri 06-04 pass and it starts
    Mon 06-07; after, Tue 06-15..Mon 06-21 pass and it starts Tue 06-22: 11 PLT working days
    later, so its 64-day run ends 09-16 instead of 09-01 and its milestone (planned 07-16,
    forecast 08-18) comes 11 working days later, 09-02. SSO starts SS+10 after it: 06-21 ->
    07-06, ending 09-16 -> 10-01; PERF follows SSO (FS): 09-17 -> Mon 10-04, its 20 days
    ending 10-29. GLX does not depend on RTX and is not listed."""
    url = str(tmp_path / "p.db")
    assert cli("--db", url, "import", str(GLOBAL_LAUNCH), str(RETAIL), str(PLATFORM)).code == 0
    assert elsewhere(url, "RTX", "PAY-UPG", "10") == [
        {
            "program": "PLT",
            "moved": [
                moved("CHECKOUT-API", ("2027-06-07", "2027-09-01"), ("2027-06-22", "2027-09-16")),
                moved("SSO", ("2027-06-21", "2027-09-16"), ("2027-07-06", "2027-10-01")),
                moved("PERF", ("2027-09-17", "2027-10-14"), ("2027-10-04", "2027-10-29")),
            ],
            "milestones": [
                {
                    "kind": "milestone",
                    "project": "CHECKOUT-API",
                    "name": "First storefront checks out",
                    "old": "2027-08-18",
                    "new": "2027-09-02",
                }
            ],
        }
    ]
    assert elsewhere(url, "RTX", "PAY-UPG", "0") == []
    assert elsewhere(url, "PLT", "CHECKOUT-API", "10") == []  # nothing downstream of PLT
    table = cli("--db", url, "--today", "2027-03-15", "impact", "RTX", "PAY-UPG", "10")
    assert table.code == 0, table.err
    lines = table.out.splitlines()
    assert lines[1] == "in other programs (PLT): 3 projects and 1 milestones move"
    ours = next(i for i, x in enumerate(lines) if x.startswith("PAY-PCI "))
    theirs = next(i for i, x in enumerate(lines) if x.startswith("PLT/CHECKOUT-API "))
    assert ours < theirs  # this program's first, then the others'
    assert "2027-06-07 .. 2027-09-01  2027-06-22 .. 2027-09-16" in lines[theirs]


def test_a_program_the_account_may_not_read_is_not_named_but_carries_the_slip(
    tmp_path: Path,
) -> None:
    """PLT is closed to zed (owner pia, no viewers); PROD, open, waits for PLT/SSO: RTX's
    slip reaches PROD through PLT, and zed sees PROD's move and nothing of PLT."""
    url = str(tmp_path / "p.db")
    plt = tmp_path / "plt.yaml"
    plt.write_text(
        PLATFORM.read_text().replace("  owner: pia\n", "  owner: pia\n  access: {editors: []}\n", 1)
    )
    prod = tmp_path / "prod.yaml"
    prod.write_text(PROD)
    identity.set_user("pia")
    try:
        assert cli("--db", url, "import", str(RETAIL), str(plt), str(prod)).code == 0
        seen_by_pia = elsewhere(url, "RTX", "PAY-UPG", "10")
    finally:
        identity.set_user("zed")
    try:
        seen_by_zed = elsewhere(url, "RTX", "PAY-UPG", "10")
        table = cli("--db", url, "--today", "2027-03-15", "impact", "RTX", "PAY-UPG", "10")
    finally:
        identity.set_user(None)
    assert [e["program"] for e in seen_by_pia] == ["PLT", "PROD"]
    # SSO finishes 2027-10-01 instead of 09-16: LAUNCH starts the next working day
    assert seen_by_zed == [
        {
            "program": "PROD",
            "moved": [moved("LAUNCH", ("2027-09-17", "2027-09-30"), ("2027-10-04", "2027-10-15"))],
            "milestones": [],
        }
    ]
    assert seen_by_zed == [e for e in seen_by_pia if e["program"] == "PROD"]
    assert "PLT" not in table.out and "PROD/LAUNCH" in table.out
