"""Excel workbooks (.xlsx, openpyxl): a sheet per table, and on export the status analysis as a
sheet whose health cells carry their RAG word and a fill colour."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, time
from typing import Any

from progtui import domain as d
from progtui.errors import InvalidFile, Problem
from progtui.interchange.table.cells import neutralise
from progtui.interchange.table.columns import STATUS_SHEET, TABLE_NAMES, TABLES, Cell
from progtui.interchange.table.reader import Sheet
from progtui.interchange.yaml.writer import number
from progtui.text import did_you_mean

KIND = "Excel workbook (.xlsx)"
MAGIC = b"PK\x03\x04"
# Excel's own "Good", "Neutral" and "Bad" fills: the word is in the cell, the colour helps
FILLS = {"green": "C6EFCE", "amber": "FFEB9C", "red": "FFC7CE"}
STATUS_HEADERS = [
    "rank",
    "key",
    "name",
    "status",
    "health",
    "health_reason",
    "forecast_start",
    "forecast_finish",
    "slip",
    "total_float",
    "critical",
    "cpi",
    "spi",
    "eac",
    "wsjf",
    "risk_exposure",
]


def _out(column_text: bool, value: Cell) -> Any:
    """A cell as written: text neutralised (openpyxl would store '=...' as a formula), numbers
    and dates as themselves."""
    if isinstance(value, str):
        return neutralise(value) if column_text else value
    return value


def workbook(data: d.ProgramData | None, *, today: date | None = None) -> bytes:
    """The workbook of a program (without one, the template: each sheet its header row); with
    *today*, also the status sheet."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font, PatternFill

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for t in TABLES.values():
        ws = wb.create_sheet(t.name)
        ws.freeze_panes = "A2"
        ws.append([_header(ws, h, bold) for h in t.headers])
        if data is not None:
            texts = [c.text for c in t.columns]
            for row in t.rows(data):
                ws.append([_out(x, v) for x, v in zip(texts, row, strict=True)])
    if data is not None and today is not None:
        from progtui.analysis import analyze

        a = analyze(data, today)
        ws = wb.create_sheet(STATUS_SHEET)
        ws.freeze_panes = "A2"
        ws.append([_header(ws, h, bold) for h in STATUS_HEADERS])
        fills = {rag: PatternFill("solid", start_color=c, end_color=c) for rag, c in FILLS.items()}
        for r in a.projects:
            p, sl, ev, h = r.project, r.slot, r.ev, r.health
            health: Any = h.rag if h else None
            if h:
                health = WriteOnlyCell(ws, value=h.rag)
                health.fill = fills[h.rag]
            ws.append(
                [
                    p.rank,
                    neutralise(p.key),
                    neutralise(p.name),
                    p.status,
                    health,
                    neutralise("; ".join(h.reasons)) if h and h.reasons else None,
                    a.date_of(sl.s) if sl else None,
                    a.date_of(sl.f - 1) if sl else None,
                    sl.slip if sl else None,
                    sl.total_float if sl else None,
                    ("yes" if sl.critical else "no") if sl else None,
                    _finite(ev.cpi if ev else None),
                    _finite(ev.spi if ev else None),
                    _finite(ev.eac if ev else None),
                    _finite(r.wsjf),
                    r.exposure,
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _finite(value: float | None) -> float | None:
    return value if value is not None and value == value and abs(value) != float("inf") else None


def _header(ws: Any, text: str, font: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=text)
    cell.font = font
    return cell


def _text(value: object) -> str:
    """A cell read back as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return number(value)
    return str(value)


def read_xlsx(name: str, data: bytes, *, max_bytes: int) -> list[Sheet]:
    """The table sheets of a workbook (the status sheet is skipped: it is output only)."""

    def fail(message: str, where: str = name) -> InvalidFile:
        return InvalidFile([Problem(where, 1, 1, message)])

    if not data.strip():
        raise fail("file is empty")
    if not data.startswith(MAGIC):
        raise fail(f"not an {KIND}: it is not a ZIP file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise fail(f"not an {KIND}: {exc}") from None
    if unpacked > 4 * max_bytes:
        raise fail(
            f"the workbook unpacks to {unpacked / 2**20:.0f} MB; the limit is 4 × the file limit"
        )
    from openpyxl import load_workbook

    sheets: list[Sheet] = []
    problems: list[Problem] = []
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        try:
            for ws in wb.worksheets:
                title = ws.title
                where = f"{name}[{title}]"
                key = title.strip().lower()
                if key == STATUS_SHEET:
                    continue
                if key not in TABLES:
                    problems.append(
                        Problem(
                            where,
                            1,
                            1,
                            f"unknown sheet '{title}'"
                            + did_you_mean(key, [*TABLE_NAMES, STATUS_SHEET]),
                        )
                    )
                    continue
                # the size a workbook states may be missing or wrong: read to the end (else
                # openpyxl reads a whole sheet once more only to measure it)
                ws.reset_dimensions()
                header: list[str] | None = None
                header_row = 1
                rows: list[tuple[int, list[str]]] = []
                for number_, values in enumerate(ws.iter_rows(values_only=True), start=1):
                    cells = [_text(v) for v in values]
                    if not any(c.strip() for c in cells):
                        continue
                    if header is None:
                        header, header_row = cells, number_
                    else:
                        rows.append((number_, cells))
                if header is None:
                    continue  # an empty sheet: an empty table
                sheets.append(Sheet(where, TABLES[key], header, rows, header_row))
        finally:
            wb.close()
    except InvalidFile:
        raise
    except Exception as exc:  # openpyxl fails in many ways on a damaged or foreign workbook
        message = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise fail(f"not a readable {KIND}: {message}") from None
    if problems:
        raise InvalidFile(problems)
    return sheets
