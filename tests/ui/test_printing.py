"""Printing a finished PDF: the file goes to the system's print queue as it is,
and a refusal is told to the user in their language."""

from __future__ import annotations

import os
import stat
from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from localitydesk.ui import printing
from tests.unit.test_timesheets_service import scene  # noqa: F401 - fixture


def fake_lp(folder: Path, exit_code: int = 0, complaint: str = "") -> Path:
    """An `lp` that records what it was asked to print (or refuses it)."""
    folder.mkdir(exist_ok=True)
    script = folder / "lp"
    log = folder / "printed.txt"
    script.write_text(
        "#!/bin/sh\n"
        f'printf "%s\\n" "$@" >> "{log}"\n'
        + (f'echo "{complaint}" >&2\n' if complaint else "")
        + f"exit {exit_code}\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return log


@pytest.fixture
def only_path(monkeypatch, tmp_path):
    bin_folder = tmp_path / "bin"
    monkeypatch.setenv("PATH", str(bin_folder))
    return bin_folder


@pytest.mark.skipif(os.name == "nt", reason="CUPS path; Windows prints through the shell's print verb")
def test_a_pdf_goes_to_lp_unchanged(tmp_path, only_path):
    log = fake_lp(only_path)
    pdf = tmp_path / "timesheets.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    printing.send_to_printer(pdf)
    assert log.read_text().splitlines() == [str(pdf)]


@pytest.mark.skipif(os.name == "nt", reason="CUPS path")
def test_a_refusal_and_a_missing_print_system_are_said_in_welsh(tmp_path, only_path):
    from localitydesk.i18n import set_language

    pdf = tmp_path / "timesheets.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    set_language("cy")
    with pytest.raises(printing.PrintingUnavailable) as no_system:
        printing.send_to_printer(pdf)
    assert "lp" in str(no_system.value) and "argraff" in str(no_system.value)

    fake_lp(only_path, exit_code=1, complaint="lp: The printer or class does not exist.")
    with pytest.raises(printing.PrintingUnavailable) as refused:
        printing.send_to_printer(pdf)
    assert "The printer or class does not exist." in str(refused.value)
    assert str(refused.value).startswith("Gwrthododd")

    with pytest.raises(printing.PrintingUnavailable):
        printing.send_to_printer(tmp_path / "gone.pdf")


@pytest.mark.skipif(os.name == "nt", reason="CUPS path")
def test_print_week_makes_the_pdf_then_prints_it_from_the_prompt(qtbot, app_context, scene, monkeypatch, tmp_path, only_path):  # noqa: F811
    from PySide6.QtWidgets import QFileDialog, QInputDialog

    from localitydesk.ui.pages.timesheets_page import TimesheetsPage

    log = fake_lp(only_path)
    scene["booking"](date(2026, 11, 16), time(8), time(16))
    page = TimesheetsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.refresh()
    out = tmp_path / "week.pdf"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][-1], True))  # the whole week
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    page.print_week()
    qtbot.waitUntil(lambda: getattr(page, "pdf_prompt", None) is not None, timeout=10_000)
    prompt = page.pdf_prompt
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in prompt.text()
    print_button = next(b for b in prompt.buttons() if b.text() == "&Print")
    print_button.click()
    qtbot.waitUntil(lambda: log.exists(), timeout=10_000)
    assert log.read_text().splitlines() == [str(out)]
    assert isinstance(prompt, QMessageBox)
