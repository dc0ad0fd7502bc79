"""Documents read back from the PDFs and CSVs they produce."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timezone
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest
from PIL import Image, ImageDraw
from pypdf import PdfReader

from localitydesk.documents.confirmation import BookingConfirmation, confirmation_sms, confirmation_text, render_confirmation
from localitydesk.documents.csv_export import PAY_COLUMNS, STATEMENT_COLUMNS, Payee, write_pay_csv, write_statement_csv
from localitydesk.documents.statement_pdf import StatementDocument, render_statement
from localitydesk.documents.timesheet_pdf import (
    CoverSheet,
    Signature,
    TimesheetDocument,
    cover_page_count,
    render_timesheets,
)
from localitydesk.domain.charging import (
    STANDARD_SETTINGS,
    VAT_RATE_PCT,
    DatedSettings,
    ProviderTerms,
    RateCardEntry,
    WorkedShift,
    build_statement,
    pay_rate_key,
)
from localitydesk.domain.pay import PayPeriod, pay_lines
from localitydesk.domain.vocabulary import BookingKind, ChargingBasis, Role, TimesheetStatus

LONDON = ZoneInfo("Europe/London")
WORKERS = ("Gwenllïan ap Dafydd-Ŵyn", "Llŷr Pêr", "Siân Gŵen")
PROVIDER_CY, PROVIDER_EN = "Cartref Gofal Bryn Ŷd", "Bryn Ŷd Care Home"


def at(y, mo, d, h=0, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=LONDON).astimezone(timezone.utc)


def signature_png() -> bytes:
    image = Image.new("RGBA", (300, 90), (255, 255, 255, 0))
    ImageDraw.Draw(image).line([(10, 70), (80, 20), (150, 75), (290, 30)], fill=(10, 10, 80, 255), width=4)
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def sheet(index: int = 0, **overrides) -> TimesheetDocument:
    start = at(2025, 10, 20 + index, 8)
    values = dict(
        reference=f"CD-2025-{index:05d}",
        worker_name=WORKERS[index % len(WORKERS)],
        staff_number=f"B{1000 + index}",
        role=Role.CARE_WORKER,
        provider_name_cy=PROVIDER_CY,
        provider_name_en=PROVIDER_EN,
        setting="Uned Tŷ Gwêr, Llanrwst",
        booked_start=start,
        booked_end=at(2025, 10, 20 + index, 16),
        booked_break_minutes=30,
        actual_start=start,
        actual_end=at(2025, 10, 20 + index, 16),
        break_minutes=30,
        mileage=D("12.5"),
        status=TimesheetStatus.SIGNED,
        worker_signature=Signature(WORKERS[index % len(WORKERS)], at(2025, 10, 20 + index, 16, 5), signature_png()),
        signatory_signature=Signature("Siôn Prŷs", at(2025, 10, 20 + index, 16, 10), signature_png(), job_title="Rheolwr"),
        content_hash=f"{index:064x}",
    )
    values.update(overrides)
    return TimesheetDocument(**values)


def render_to_reader(sheets, **kwargs) -> tuple[PdfReader, int]:
    buffer = io.BytesIO()
    pages = render_timesheets(sheets, buffer, printed_at=datetime(2025, 11, 1, 9, tzinfo=timezone.utc), **kwargs)
    return PdfReader(io.BytesIO(buffer.getvalue())), pages


COVER = CoverSheet(date(2025, 10, 20), date(2025, 10, 26), "Ardal Conwy", "Conwy locality")


# ------------------------------------------------------------ timesheets


def test_welsh_letters_come_back_out_of_the_pdf_exactly():
    reader, _ = render_to_reader([sheet(i) for i in range(3)], cover=COVER)
    for index, page in enumerate(reader.pages[1:]):
        text = page.extract_text()
        assert WORKERS[index] in text
        assert PROVIDER_CY in text and PROVIDER_EN in text
        assert "Uned Tŷ Gwêr, Llanrwst" in text
        assert "Siôn Prŷs" in text
        assert "egwyl ddi-dâl" in text.lower()
    for letter in "ŵŴŷŶâê":
        assert letter in "".join(page.extract_text() for page in reader.pages)


def test_only_the_bundled_font_is_used_and_it_is_embedded():
    reader, _ = render_to_reader([sheet(0)], cover=COVER)
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            assert "DejaVuSans" in font["/BaseFont"], font["/BaseFont"]
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor  # the TrueType program itself is in the file
            assert len(descriptor["/FontFile2"].get_object().get_data()) > 1000


def test_page_count_is_timesheets_plus_cover():
    reader, pages = render_to_reader([sheet(i) for i in range(3)], cover=COVER)
    assert pages == len(reader.pages) == 3 + 1
    reader, pages = render_to_reader([sheet(i) for i in range(3)])
    assert pages == len(reader.pages) == 3


def test_a_long_batch_has_a_cover_that_runs_over_pages():
    assert cover_page_count(1) == cover_page_count(34) == 1
    assert cover_page_count(35) == 2
    sheets = [sheet(i % 7, reference=f"REF-{i:04d}") for i in range(40)]
    reader, pages = render_to_reader(sheets, cover=COVER)
    assert pages == len(reader.pages) == 40 + 2
    cover_text = reader.pages[0].extract_text() + reader.pages[1].extract_text()
    for i in range(40):
        assert f"REF-{i:04d}" in cover_text
    # The cover points at the page each timesheet is on.
    assert "REF-0039" in reader.pages[41].extract_text()


def _positions(page) -> dict[str, tuple[float, float]]:
    found: dict[str, tuple[float, float]] = {}

    def visit(text, cm, tm, font_dict, font_size):
        text = text.strip()
        if text and text not in found:
            found[text] = (tm[4], tm[5])

    page.extract_text(visitor_text=visit)
    return found


def test_welsh_is_placed_to_be_read_first():
    reader, _ = render_to_reader([sheet(0)])
    page = reader.pages[0]
    text = page.extract_text()
    for welsh, english in [
        ("Taflen amser", "Timesheet"),
        ("Rwy'n cadarnhau bod yr oriau uchod yn gywir", "I confirm that the hours above are correct"),
        ("Rwy'n cadarnhau bod y gweithiwr wedi gweithio", "I confirm that the worker worked"),
        ("Gweithiwr gofal", "Care worker"),
    ]:
        assert text.index(welsh) < text.index(english), (welsh, english)
    positions = _positions(page)
    # The Welsh title sits above the English one, Welsh labels to the left of English.
    assert positions["Taflen amser"][1] > positions["Timesheet"][1]
    assert positions["Gweithiwr"][0] < positions["/ Worker"][0]


def test_one_language_on_request():
    english = render_to_reader([sheet(0)], language="en")[0].pages[0].extract_text()
    welsh = render_to_reader([sheet(0)], language="cy")[0].pages[0].extract_text()
    assert "Timesheet" in english and "Taflen amser" not in english
    assert "Taflen amser" in welsh and "Timesheet" not in welsh
    assert PROVIDER_EN in english and PROVIDER_CY not in english
    assert PROVIDER_CY in welsh


def test_every_field_the_issue_names_is_on_the_page():
    document = sheet(0, actual_end=at(2025, 10, 20, 16, 45), change_reason="Arhosodd i gefnogi Mrs Ŵen.")
    text = render_to_reader([document], language="en")[0].pages[0].extract_text()
    for expected in (
        "CD-2025-00000",  # booking reference
        WORKERS[0],
        "B1000",
        PROVIDER_EN,
        "Uned Tŷ Gwêr, Llanrwst",  # setting
        "Monday 20 October 2025",  # date
        "20/10/2025 08:00",  # start
        "20/10/2025 16:45",  # finish
        "30",  # break
        "8.25",  # total hours: 8 h 45 min less 30 min
        "12.5",  # mileage
        "Arhosodd i gefnogi Mrs Ŵen.",  # reason for change
        "I confirm that the hours above are correct",
        "I confirm that the worker worked the hours shown above",
        "Siôn Prŷs",
        "20/10/2025 16:10",  # signed at
        f"{0:064x}",  # content hash
    ):
        assert expected in text, expected


def test_signature_images_are_drawn_and_shared_once_per_file():
    reader, _ = render_to_reader([sheet(0), sheet(1)])
    for page in reader.pages:
        images = [x for x in page["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
        assert images
    # Identical stroke images are stored once, however many pages show them.
    first = {x.idnum for x in reader.pages[0]["/Resources"]["/XObject"].values()}
    second = {x.idnum for x in reader.pages[1]["/Resources"]["/XObject"].values()}
    assert first & second


def test_clock_change_is_explained_on_the_page_it_affects():
    night = sheet(0, booked_start=at(2025, 10, 25, 20), booked_end=at(2025, 10, 26, 8),
                  actual_start=at(2025, 10, 25, 20), actual_end=at(2025, 10, 26, 8))
    reader, _ = render_to_reader([night, sheet(1)], language="both")
    first, second = (page.extract_text() for page in reader.pages)
    assert "Mae'r clociau'n newid" in first and "The clocks change" in first
    assert "12.50" in first  # 20:00–08:00 is 13 real hours; less the 30-minute break, 12.50 paid
    assert "clociau" not in second
    march = sheet(0, booked_start=at(2026, 3, 28, 20), booked_end=at(2026, 3, 29, 8),
                  actual_start=at(2026, 3, 28, 20), actual_end=at(2026, 3, 29, 8))
    text = render_to_reader([march], language="en")[0].pages[0].extract_text()
    assert "10.50" in text and "The clocks change" in text


def test_paper_form_leaves_room_for_wet_signatures_and_unrecorded_times():
    blank = sheet(0, actual_start=None, actual_end=None, break_minutes=None, mileage=None,
                  worker_signature=None, signatory_signature=None, status=TimesheetStatus.DRAFT, content_hash="")
    text = render_to_reader([blank], paper=True)[0].pages[0].extract_text()
    assert "Llofnodwch mewn inc" in text and "Please sign in ink" in text
    assert "Dim llofnod eto" not in text
    assert "20/10/2025 08:00" in text  # the booked times are pre-filled
    on_screen = render_to_reader([blank])[0].pages[0].extract_text()
    assert "Dim llofnod eto" in on_screen and "Not signed yet" in on_screen


def test_hours_verified_another_way_are_said_so():
    verified = sheet(0, signatory_signature=None, verified_by="Mair Jones", verified_reason="ffoniodd y rheolwr")
    text = render_to_reader([verified])[0].pages[0].extract_text()
    assert "Oriau wedi'u gwirio heb lofnod y darparwr gan Mair Jones: ffoniodd y rheolwr" in text


# ------------------------------------------------------------ statements and CSV


def statement_doc(vat: bool = True) -> StatementDocument:
    card = (RateCardEntry("care_worker", date(2025, 4, 1), D("22.50"), D("10"), D("50"), D("20"), D("100")),)
    rows = [*STANDARD_SETTINGS] + ([(VAT_RATE_PCT, date(2020, 1, 1), "20")] if vat else [])
    shifts = [
        WorkedShift("CD-1", "w1", "care_worker", at(2025, 10, 20, 8), at(2025, 10, 20, 16), 30),
        WorkedShift("CD-2", "w2", "care_worker", at(2025, 10, 25, 20), at(2025, 10, 26, 8), 30),
        WorkedShift("CD-3", "w2", "care_worker", at(2025, 10, 21, 8), at(2025, 10, 21, 16), booking_kind=BookingKind.SHADOW),
        WorkedShift("CD-4", "w1", "care_worker", at(2025, 10, 22, 8), at(2025, 10, 22, 16), cancelled_late=True),
    ]
    statement = build_statement(shifts, ProviderTerms(ChargingBasis.RATE_CARD, card), DatedSettings(rows), date(2025, 10, 31))
    return StatementDocument("DAT-0042", PROVIDER_CY, PROVIDER_EN, date(2025, 10, 20), date(2025, 10, 26), date(2025, 10, 31),
                             statement, {"w1": WORKERS[0], "w2": WORKERS[1]})


def test_statement_pdf_lines_and_totals():
    doc = statement_doc()
    # 7.5 h × £22.50 = 168.75; the October night 12.5 paid h: Sat 20–24 night 4 h × 27.00,
    # Sun 00:00–08:00 (9 real h less 30 min) at Sunday +50% = 8.5 × 33.75; late cancellation 8 h × 22.50.
    assert [line.amount for line in doc.statement.lines] == [D("168.75"), D("180.00"), D("394.88")]
    assert doc.statement.subtotal == D("743.63")
    assert doc.statement.vat == D("148.73")  # 148.726
    assert doc.statement.total == D("892.36")
    buffer = io.BytesIO()
    render_statement(doc, buffer, printed_at=datetime(2025, 11, 1, tzinfo=timezone.utc))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages)
    text = " ".join(text.split())  # a long name wraps within its column
    for expected in (PROVIDER_CY, PROVIDER_EN, WORKERS[0], WORKERS[1], "£168.75", "£394.88", "£743.63", "£148.73", "£892.36"):
        assert expected in text, expected
    assert "CD-3" not in text  # shadow shifts never appear
    assert text.index("Is-gyfanswm") < text.index("Subtotal") and text.index("Datganiad") < text.index("Statement")
    assert "Canslo hwyr" in text


def test_statement_without_vat_has_no_vat_row():
    buffer = io.BytesIO()
    render_statement(statement_doc(vat=False), buffer, language="en")
    text = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    assert "VAT" not in text and "Subtotal" in text and "£743.63" in text


def test_statement_csv_has_lines_then_totals():
    stream = io.StringIO(newline="")
    write_statement_csv(statement_doc(), stream)
    rows = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert list(rows[0]) == list(STATEMENT_COLUMNS)
    assert [row["Line Type"] for row in rows] == ["worked", "late_cancellation", "worked", "subtotal", "vat", "total"]
    night = rows[2]
    assert night["Worker"] == WORKERS[1] and night["Hours"] == "12.50"
    assert (night["Night Hours"], night["Sunday Hours"]) == ("4.00", "8.50")
    assert night["Start"] == "25/10/2025 20:00" and night["Finish"] == "26/10/2025 08:00"
    assert rows[4]["Charge Percent"] == "20.00" and rows[4]["Amount"] == "148.73"
    assert rows[5]["Amount"] == "892.36"


def test_pay_csv_for_the_bureau(tmp_path):
    settings = DatedSettings([*STANDARD_SETTINGS, (pay_rate_key("care_worker"), date(2025, 4, 1), "12.60")])
    shifts = [
        WorkedShift("a", "w1", "care_worker", at(2025, 10, 20, 8), at(2025, 10, 20, 15, 5), mileage=D("10")),
        WorkedShift("b", "w2", "care_worker", at(2025, 10, 21, 8), at(2025, 10, 21, 16), 30),
    ]
    lines = pay_lines(shifts, PayPeriod(date(2025, 10, 20), date(2025, 10, 26)), settings)
    path = tmp_path / "pay.csv"
    payees = {"w1": Payee("B0002", "ap Dafydd-Ŵyn", "Gwenllïan"), "w2": Payee("B0001", "Pêr", "Llŷr")}
    assert write_pay_csv(lines, payees, path) == 5
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Welsh letters correctly
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert list(rows[0]) == list(PAY_COLUMNS)
    assert [(r["Employee Ref"], r["Pay Code"]) for r in rows] == [
        ("B0001", "BASIC"), ("B0001", "HOLPAY"), ("B0002", "BASIC"), ("B0002", "HOLPAY"), ("B0002", "MILEAGE"),
    ]
    basic = rows[2]
    assert (basic["Surname"], basic["Forenames"]) == ("ap Dafydd-Ŵyn", "Gwenllïan")
    assert (basic["Period Start"], basic["Period End"]) == ("20/10/2025", "26/10/2025")
    assert (basic["Units"], basic["Unit Type"], basic["Rate"], basic["Amount"]) == ("7.0833", "HOURS", "12.60", "89.25")
    # Units to four places reproduce the amount to the penny.
    assert (D(basic["Units"]) * D(basic["Rate"])).quantize(D("0.01")) == D(basic["Amount"])
    assert (rows[4]["Units"], rows[4]["Rate"], rows[4]["Amount"]) == ("10.00", "0.45", "4.50")
    assert (rows[3]["Unit Type"], rows[3]["Units"], rows[3]["Rate"], rows[3]["Amount"]) == ("PCT_OF_PAY", "89.25", "12.07", "10.77")


# ------------------------------------------------------------ confirmations


def confirmation(language: str) -> BookingConfirmation:
    return BookingConfirmation(
        language, "CD-2025-00412", "Gwenllïan ap Dafydd-Ŵyn", PROVIDER_CY, PROVIDER_EN, Role.SENIOR_CARE_WORKER,
        at(2025, 10, 25, 20), at(2025, 10, 26, 8), 30, setting="Uned Tŷ Gwêr", welsh_essential=True,
        office_phone="01824 700700", issuer="Tîm Ardal Conwy",
    )


def test_confirmation_text_in_the_workers_language_with_welsh_letters_intact():
    welsh = confirmation_text(confirmation("cy"))
    assert welsh.startswith("Annwyl Gwenllïan ap Dafydd-Ŵyn,\n")
    assert "Cartref Gofal Bryn Ŷd, Uned Tŷ Gwêr" in welsh
    assert "Dydd Sadwrn 25 Hydref 2025" in welsh and "Dydd Sul 26 Hydref 2025 08:00" in welsh
    assert "siaradwch Gymraeg" in welsh and "Mae'r clociau'n newid" in welsh
    assert "Booking" not in welsh
    assert "  " not in welsh.replace("\n  ", "\n")  # no spaces padding labels into columns
    english = confirmation_text(confirmation("en"))
    assert "Bryn Ŷd Care Home, Uned Tŷ Gwêr" in english and "Saturday 25 October 2025" in english
    assert confirmation_sms(confirmation("cy")) == (
        "Tîm Ardal Conwy: Archeb CD-2025-00412 wedi'i chadarnhau. Dydd Sadwrn 25 Hydref 2025, 20:00–08:00. "
        "Lle: Cartref Gofal Bryn Ŷd. Rôl: Uwch weithiwr gofal."
    )


@pytest.mark.parametrize(("language", "title", "other"), [("cy", "Cadarnhad archeb", "Booking confirmation"), ("en", "Booking confirmation", "Cadarnhad archeb")])
def test_confirmation_pdf_is_one_language(language, title, other):
    buffer = io.BytesIO()
    assert render_confirmation(confirmation(language), buffer) == 1
    text = PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    assert title in text and other not in text
    assert "Gwenllïan ap Dafydd-Ŵyn" in text
