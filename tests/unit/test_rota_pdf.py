"""Rota PDFs: the team's bilingual with Welsh read first, each worker's in their
language, every Welsh letter embedded and extracted exactly."""

from __future__ import annotations

from datetime import date, datetime, timezone
from io import BytesIO

import pytest
from pypdf import PdfReader

from localitydesk.documents.rota_pdf import RotaDocument, RotaShiftLine, RotaWorkerLine, render_team_rota, render_worker_rota
from localitydesk.domain.vocabulary import AbsenceKind, Role

MONDAY = date(2026, 11, 30)
UTC = timezone.utc


def shift(day: int, start: int, end: int, cy="Plas Ŵy", en="Wye Hall") -> RotaShiftLine:
    return RotaShiftLine(datetime(2026, 11, day, start, 0, tzinfo=UTC) if day > 20 else datetime(2026, 12, day, start, 0, tzinfo=UTC),
                         datetime(2026, 11, day, end, 0, tzinfo=UTC) if day > 20 else datetime(2026, 12, day, end, 0, tzinfo=UTC),
                         cy, en, Role.CARE_WORKER, float(end - start) - 0.5)


@pytest.fixture
def document() -> RotaDocument:
    gwyn = RotaWorkerLine(
        name="Gwenllïan Ŷr", language="cy", contracted_hours=37.5,
        shifts={MONDAY: (shift(30, 8, 16),), date(2026, 12, 1): (shift(1, 8, 16, "Tŷ Gwyn", "Whitehouse"),)},
        absences={date(2026, 12, 4): AbsenceKind.ANNUAL_LEAVE}, week_hours=(15.0,), worker_id="w1",
    )
    chris = RotaWorkerLine(name="Chris Evans", language="en", contracted_hours=22.5,
                           shifts={date(2026, 12, 2): (shift(2, 7, 15),)}, week_hours=(7.5,), worker_id="w2")
    return RotaDocument("Ynys Môn", "Isle of Anglesey", MONDAY, 1, (gwyn, chris),
                        published_at=datetime(2026, 11, 23, 12, 0, tzinfo=UTC), printed_at=datetime(2026, 11, 23, 12, 5, tzinfo=UTC))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_team_rota_is_bilingual_welsh_first_with_every_welsh_letter(document):
    out = BytesIO()
    assert render_team_rota(document, out, "both") == 1
    text = text_of(out.getvalue())
    for exact in ("Gwenllïan Ŷr", "Plas Ŵy", "Tŷ Gwyn", "Ynys Môn"):
        assert exact in text
    assert text.index("Rota'r tîm craidd") < text.index("Core team rota")
    assert text.index("Dydd Llun") < text.index("Monday")
    assert text.index("Gwyliau blynyddol") < text.index("Annual leave")
    assert text.index("Gweithiwr gofal") < text.index("Care worker")
    assert "Cyhoeddwyd 23/11/2026 12:00" in text


def test_the_font_is_embedded_and_no_base_font_is_used(document):
    out = BytesIO()
    render_team_rota(document, out, "both")
    fonts = set()
    for page in PdfReader(BytesIO(out.getvalue())).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"].get_object()
    assert fonts and all("Helvetica" not in name for name in fonts)


def test_a_workers_rota_is_in_their_language_only(document):
    welsh, english = BytesIO(), BytesIO()
    render_worker_rota(document, document.workers[0], welsh)
    render_worker_rota(document, document.workers[1], english)
    cy, en = text_of(welsh.getvalue()), text_of(english.getvalue())
    assert "Rota ar gyfer Gwenllïan Ŷr" in cy and "Dydd Llun 30 Tachwedd 2026" in cy and "Plas Ŵy" in cy
    assert "Monday" not in cy and "Annual leave" not in cy and "Gwyliau blynyddol" in cy
    assert "Rota for Chris Evans" in en and "Wednesday 2 December 2026" in en and "Wye Hall" in en
    assert "Dydd" not in en


def test_a_large_team_runs_onto_more_pages(document):
    many = tuple(
        RotaWorkerLine(name=f"Gweithiwr {i}", language="cy", contracted_hours=37.5,
                       shifts={MONDAY: (shift(30, 8, 16),)}, week_hours=(7.5,), worker_id=i)
        for i in range(40)
    )
    out = BytesIO()
    pages = render_team_rota(RotaDocument("Conwy", "Conwy", MONDAY, 1, many), out, "both")
    assert pages > 1
    text = text_of(out.getvalue())
    assert all(f"Gweithiwr {i}\n" in text or f"Gweithiwr {i} " in text for i in range(40))
    assert f"Tudalen {pages} o {pages}" in text


def test_rota_pdf_and_ics_from_the_command_line(db, today, tmp_path):
    from localitydesk.cli import main
    from localitydesk.services.rota_grid import assign
    from tests.factories import ADMIN
    from tests.rota_scene import build

    scene = build(db, today)
    assign(db, ADMIN, scene.plas_monday, scene.sian)
    path = str(db.path)
    assert main(["--db", path, "rota", "pdf", "--from", "2026-11-30", "--weeks", "1", "--out", str(tmp_path / "team.pdf")]) == 0
    assert "Plas Ŵy" in text_of((tmp_path / "team.pdf").read_bytes())
    assert main(["--db", path, "rota", "pdf", "--from", "2026-11-30", "--weeks", "1", "--out", str(tmp_path / "sian.pdf"),
                 "--worker", str(scene.sian)]) == 0
    assert "Rota ar gyfer Siân Llwyd" in text_of((tmp_path / "sian.pdf").read_bytes())
    assert main(["--db", path, "rota", "ics", "--from", "2026-11-30", "--weeks", "1", "--out", str(tmp_path / "sian.ics"),
                 "--worker", str(scene.sian)]) == 0
    calendar = (tmp_path / "sian.ics").read_bytes()
    assert calendar.count(b"BEGIN:VEVENT") == 1
    assert "SUMMARY;LANGUAGE=cy:Plas Ŵy (Gweithiwr gofal)".encode() in calendar
    assert b"DTSTART;TZID=Europe/London:20261130T073000\r\n" in calendar


def baselines(pdf: bytes) -> dict[str, float]:
    """Each piece of text on the first page with the height it is printed at."""
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            found.setdefault(text.strip(), tm[5] * cm[3] + cm[5])

    PdfReader(BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return found


def test_a_week_without_shifts_keeps_the_contract_lines_inside_the_row():
    idle = tuple(
        RotaWorkerLine(name=name, language="cy", contracted_hours=37.5, shifts={}, week_hours=(0.0,), worker_id=name)
        for name in ("Alaw Idle", "Bryn Next")
    )
    out = BytesIO()
    render_team_rota(RotaDocument("Conwy", "Conwy", MONDAY, 1, idle), out, "both")
    at = baselines(out.getvalue())
    # The English contract line is the lowest of the first row; the next
    # worker's name (8.5 pt) must start clear below it.
    assert at["37.5 h contract"] - at["Bryn Next"] >= 8.5


def test_bank_holidays_are_marked_on_the_team_and_personal_rotas():
    christmas_week = date(2026, 12, 21)
    gwyn = RotaWorkerLine(name="Gwenllïan Ŷr", language="cy", contracted_hours=37.5, shifts={}, week_hours=(0.0, 0.0),
                          worker_id="w1")
    doc = RotaDocument("Ynys Môn", "Isle of Anglesey", christmas_week, 2, (gwyn,))
    team, own = BytesIO(), BytesIO()
    render_team_rota(doc, team, "both")
    render_worker_rota(doc, gwyn, own)
    team_text, own_text = text_of(team.getvalue()), text_of(own.getvalue())
    assert "Dydd Nadolig" in team_text and "Christmas Day" in team_text
    # Boxing Day falls on a Saturday in 2026: the holiday is taken on Monday 28 December.
    assert "Gŵyl y Banc: Dydd Nadolig" in own_text and "Gŵyl y Banc: Gŵyl San Steffan" in own_text
    assert own_text.index("Dydd Gwener 25 Rhagfyr 2026") < own_text.index("Gŵyl y Banc: Dydd Nadolig")
    assert own_text.index("Dydd Llun 28 Rhagfyr 2026") < own_text.index("Gŵyl y Banc: Gŵyl San Steffan")


def test_a_long_provider_name_wraps_in_its_cell_instead_of_losing_its_end():
    long = RotaShiftLine(datetime(2026, 11, 30, 8, tzinfo=UTC), datetime(2026, 11, 30, 16, tzinfo=UTC),
                         "Cartref Nyrsio Trem y Foel", "Trem y Foel Nursing Home", Role.CARE_WORKER, 7.5)
    nia = RotaWorkerLine(name="Nia Cooper", language="cy", contracted_hours=22.5, shifts={MONDAY: (long,)},
                         week_hours=(7.5,), worker_id="w1")
    out = BytesIO()
    render_team_rota(RotaDocument("Conwy", "Conwy", MONDAY, 1, (nia,)), out, "both")
    text = text_of(out.getvalue())
    assert "Foel" in text.replace("\n", " ") and "Trem…" not in text
