"""A locality's week of 1,000 timesheets into one bilingual PDF.

Baselines in the same run, both from the exact strings our renderer draws
(recorded from one untimed pass, with their fonts, sizes and positions):

* ``raw_canvas`` — the issue's baseline: every string of every page drawn
  straight onto a reportlab canvas with the same embedded font, one
  ``drawString`` each. Our renderer stores the fixed part of the form once
  (a form XObject), so it can beat this.
* ``raw_canvas_with_form`` — the floor under our renderer: the same form
  XObject and per-page strings replayed with no layout work. The gap to it is
  everything the document layer adds: translation lookups, dates, measuring
  and wrapping, rules and boxes.

Memory: tracemalloc's peak over a render of 250, 500 and 1,000 timesheets.
reportlab holds the whole document until ``save()``, so the peak grows with
the page count; "flat" means the cost per page stays the same as the batch
grows (nothing accumulates per page beyond the page's own compressed bytes),
and the raw canvas baseline shows the floor of that per-page cost.

Targets: ≥ 100 pages per second, within 2× of the raw canvas. Prints JSON.
"""

from __future__ import annotations

import io
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.pdfgen.canvas import Canvas  # noqa: E402

from localitydesk.documents import timesheet_pdf  # noqa: E402
from localitydesk.documents.fonts import REGULAR, register_fonts  # noqa: E402
from localitydesk.documents.timesheet_pdf import CoverSheet, Signature, TimesheetDocument, render_timesheets  # noqa: E402
from localitydesk.domain.vocabulary import BookingKind, Role, TimesheetStatus  # noqa: E402

LONDON = ZoneInfo("Europe/London")
TIMESHEETS = 1000
REPEATS = 3
FIRST_NAMES = ["Gwenllïan", "Llŷr", "Siân", "Dafydd", "Ffion", "Rhodri", "Mared", "Iestyn", "Elen", "Gruffydd",
               "Angharad", "Siôn", "Nia", "Emyr", "Catrin", "Tomos"]
LAST_NAMES = ["ap Dafydd-Ŵyn", "Pêr", "Gŵen", "Jones", "Hughes", "Prŷs", "Roberts", "Llwyd", "Ellis", "Parri"]
PROVIDERS = [(f"Cartref Gofal {place}", f"{place} Care Home") for place in
             ("Bryn Ŷd", "Tŷ Gwêr", "Plas Gŵyl", "Llys Elan", "Bod Hyfryd", "Glan Conwy", "Min y Môr", "Pen y Bryn")]
SHIFTS = ((7, 30, 15, 0, 30), (14, 30, 22, 0, 30), (20, 0, 8, 0, 30), (8, 0, 20, 0, 60))


def local(day: date, hour: int, minute: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON).astimezone(timezone.utc)


def week_of_timesheets(count: int) -> list[TimesheetDocument]:
    """A week with the October clock change in it, every status, some changed hours."""
    monday = date(2025, 10, 20)
    sheets = []
    for index in range(count):
        day = monday + timedelta(days=index % 7)
        start_h, start_m, end_h, end_m, brk = SHIFTS[index % len(SHIFTS)]
        start = local(day, start_h, start_m)
        end = local(day + timedelta(days=1 if end_h < start_h else 0), end_h, end_m)
        late = index % 5 == 0
        provider = PROVIDERS[index % len(PROVIDERS)]
        name = f"{FIRST_NAMES[index % len(FIRST_NAMES)]} {LAST_NAMES[index % len(LAST_NAMES)]}"
        signed = index % 4 != 3
        sheets.append(
            TimesheetDocument(
                reference=f"CD-2025-{index:05d}",
                worker_name=name,
                staff_number=f"B{10000 + index % 300}",
                role=list(Role)[index % len(Role)],
                provider_name_cy=provider[0],
                provider_name_en=provider[1],
                setting="Uned Dementia, Llanrwst" if index % 2 else "Ward Tegid, Ysbyty Glan Clwyd",
                booked_start=start,
                booked_end=end,
                booked_break_minutes=brk,
                actual_start=start,
                actual_end=end + timedelta(minutes=30) if late else end,
                break_minutes=brk,
                mileage=Decimal(index % 40) / 2,
                change_reason="Arhosodd hanner awr i drosglwyddo gofal. Stayed 30 minutes to hand over care." if late else "",
                booking_kind=BookingKind.SHADOW if index % 50 == 0 else BookingKind.BANK,
                status=TimesheetStatus.SIGNED if signed else TimesheetStatus.DRAFT,
                worker_signature=Signature(name, end + timedelta(minutes=5)) if signed else None,
                signatory_signature=Signature("Siôn Prŷs", end + timedelta(minutes=10), job_title="Rheolwr") if signed else None,
                content_hash=f"{index:064x}" if signed else "",
                issuer="Tîm Ardal Conwy a Sir Ddinbych / Conwy and Denbighshire Locality Team",
            )
        )
    return sheets


COVER = CoverSheet(date(2025, 10, 20), date(2025, 10, 26), "Ardal Conwy", "Conwy locality")
PRINTED = datetime(2025, 10, 27, 9, tzinfo=timezone.utc)


def render(sheets, out) -> int:
    return render_timesheets(sheets, out, language="both", cover=COVER, printed_at=PRINTED)


class _RecordingCanvas(Canvas):
    """Notes every string drawn, with its font and place, page by page; the
    strings of the timesheet form are noted once and where each page shows it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.recorded: list[list[tuple]] = [[]]
        self.form: list[tuple] = []
        self._target = self.recorded[-1]

    def setFont(self, name, size, leading=None):  # noqa: N802 — reportlab's name
        self._target.append(("font", name, size))
        super().setFont(name, size, leading)

    def drawString(self, x, y, text, *args, **kwargs):  # noqa: N802
        self._target.append(("text", x, y, text))
        super().drawString(x, y, text, *args, **kwargs)

    def drawRightString(self, x, y, text, *args, **kwargs):  # noqa: N802
        self._target.append(("right", x, y, text))
        super().drawRightString(x, y, text, *args, **kwargs)

    def beginForm(self, *args, **kwargs):  # noqa: N802
        self._target = self.form
        super().beginForm(*args, **kwargs)

    def endForm(self, *args, **kwargs):  # noqa: N802
        self._target = self.recorded[-1]
        super().endForm(*args, **kwargs)

    def doForm(self, name):  # noqa: N802
        self._target.append(("form",))
        super().doForm(name)

    def showPage(self):  # noqa: N802
        self.recorded.append([])
        self._target = self.recorded[-1]
        super().showPage()


def record_strings(sheets) -> tuple[list[list[tuple]], list[tuple]]:
    holder = {}
    original = timesheet_pdf.new_canvas

    def recording(out, language, pagesize=None):
        register_fonts()
        holder["canvas"] = _RecordingCanvas(out, pagesize=A4, pageCompression=1, initialFontName=REGULAR, initialFontSize=9)
        return holder["canvas"]

    timesheet_pdf.new_canvas = recording
    try:
        render(sheets, io.BytesIO())
    finally:
        timesheet_pdf.new_canvas = original
    canvas = holder["canvas"]
    return [page for page in canvas.recorded if page], canvas.form


def _replay(canvas: Canvas, operations) -> None:
    for operation in operations:
        kind = operation[0]
        if kind == "font":
            canvas.setFont(operation[1], operation[2])
        elif kind == "text":
            canvas.drawString(operation[1], operation[2], operation[3])
        elif kind == "right":
            canvas.drawRightString(operation[1], operation[2], operation[3])


def raw_canvas(recording, out) -> int:
    """The baseline the issue names: every string of every page drawn straight
    onto the page (the form's strings included, on each page)."""
    pages, form = recording
    canvas = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=REGULAR, initialFontSize=9)
    for operations in pages:
        for operation in operations:
            if operation[0] == "form":
                _replay(canvas, form)
            else:
                _replay(canvas, (operation,))
        canvas.showPage()
    canvas.save()
    return len(pages)


def raw_canvas_with_form(recording, out) -> int:
    """The floor under our renderer: the same strings as it draws, the form
    stored once and placed on each page, with no layout work at all."""
    pages, form = recording
    canvas = Canvas(out, pagesize=A4, pageCompression=1, initialFontName=REGULAR, initialFontSize=9)
    canvas.beginForm("form")
    _replay(canvas, form)
    canvas.endForm()
    for operations in pages:
        for operation in operations:
            if operation[0] == "form":
                canvas.doForm("form")
            else:
                _replay(canvas, (operation,))
        canvas.showPage()
    canvas.save()
    return len(pages)


def timed(function, *args) -> dict:
    """Median wall-clock and CPU seconds over REPEATS runs writing to a real file.

    CPU time is reported beside wall time because the benchmark machine is
    shared: under load the wall clock measures the neighbours as much as us."""
    folder = tempfile.mkdtemp(prefix="ld-bench-ts-")
    path = os.path.join(folder, "out.pdf")
    wall, cpu, pages = [], [], 0
    for _ in range(REPEATS):
        started, started_cpu = time.perf_counter(), time.process_time()
        pages = function(*args, path)
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    size = os.path.getsize(path)
    os.remove(path)
    os.rmdir(folder)
    wall_s, cpu_s = statistics.median(wall), statistics.median(cpu)
    return {
        "pages": pages,
        "seconds": round(wall_s, 3),
        "pages_per_second": round(pages / wall_s, 1),
        "cpu_seconds": round(cpu_s, 3),
        "pages_per_cpu_second": round(pages / cpu_s, 1),
        "pdf_bytes": size,
    }


def _accelerated() -> bool:
    """Whether reportlab found its C helpers (the rl-accel package)."""
    from reportlab.lib import rl_accel

    return not rl_accel.fp_str.__name__.startswith("_py_")


def peak_kib(function, *args) -> float:
    tracemalloc.start()
    tracemalloc.reset_peak()
    function(*args, io.BytesIO())
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 1024


def main() -> None:
    os.environ.setdefault("LOCALITYDESK_DATA_DIR", tempfile.mkdtemp(prefix="ld-bench-"))
    register_fonts()
    sheets = week_of_timesheets(TIMESHEETS)
    render(sheets[:20], io.BytesIO())  # warm caches: catalogues, Babel locale data, glyph widths
    recorded = record_strings(sheets)

    ours = timed(render, sheets)
    raw = timed(raw_canvas, recorded)
    floor = timed(raw_canvas_with_form, recorded)
    pages = ours["pages"]
    assert raw["pages"] == floor["pages"] == pages, (raw, floor, ours)
    strings = [sum(len(recorded[1]) if op[0] == "form" else op[0] != "font" for op in page) for page in recorded[0]]

    memory = []
    for count in (250, 500, 1000):
        subset = sheets[:count]
        subset_recorded = record_strings(subset)
        page_count = len(subset_recorded[0])
        render_peak = peak_kib(render, subset)
        raw_peak = peak_kib(raw_canvas, subset_recorded)
        memory.append(
            {
                "timesheets": count,
                "pages": page_count,
                "render_peak_kib": round(render_peak),
                "render_peak_kib_per_page": round(render_peak / page_count, 2),
                "raw_canvas_peak_kib": round(raw_peak),
                "raw_canvas_peak_kib_per_page": round(raw_peak / page_count, 2),
            }
        )

    ratio = ours["seconds"] / raw["seconds"]
    cpu_ratio = ours["cpu_seconds"] / raw["cpu_seconds"]
    print(
        json.dumps(
            {
                "benchmark": "timesheets_pdf",
                "timesheets": TIMESHEETS,
                "pages": pages,
                "cover_pages": pages - TIMESHEETS,
                "strings_per_page": round(sum(strings) / len(strings), 1),
                "render": ours,
                "raw_canvas": raw,
                "ratio_to_raw_canvas": round(ratio, 2),
                "cpu_ratio_to_raw_canvas": round(cpu_ratio, 2),
                "raw_canvas_with_form": floor,
                "ratio_to_raw_canvas_with_form": round(ours["seconds"] / floor["seconds"], 2),
                "reportlab_accelerated": _accelerated(),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "memory": memory,
                "targets": {"pages_per_second_at_least": 100, "ratio_at_most": 2.0},
                "meets_targets": ours["pages_per_second"] >= 100 and ratio <= 2.0,
                "meets_targets_in_cpu_time": ours["pages_per_cpu_second"] >= 100 and cpu_ratio <= 2.0,
                "repeats": REPEATS,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
