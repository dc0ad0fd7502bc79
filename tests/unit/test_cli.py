"""What every command shares: the database it opens, and how it ends."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from localitydesk.cli import main


def test_a_mistyped_db_is_refused_in_the_users_language_and_no_file_is_made(tmp_path, capsys):
    missing = tmp_path / "tyop.sqlite3"
    for command in (["requests", "list"], ["rota", "check", "--from", "2026-12-07", "--weeks", "1"], ["workers", "export", str(tmp_path / "w.csv")]):
        assert main(["--db", str(missing), "--lang", "cy", *command]) == 1
        error = capsys.readouterr().err
        assert error.startswith("gwall: Does dim cronfa ddata yn ") and str(missing) in error
    assert not missing.exists()


def test_demo_is_the_command_that_makes_a_new_database(tmp_path, capsys):
    path = tmp_path / "new.sqlite3"
    assert main(["--db", str(path), "demo", "--workers", "12", "--providers", "3", "--weeks", "1"]) == 0
    assert path.exists()
    capsys.readouterr()
    # The whole demo period: a tiny demo may hold no request from today on.
    assert main(["--db", str(path), "requests", "list", "--json", "--from", "2020-01-01", "--to", "2030-01-01"]) == 0
    assert json.loads(capsys.readouterr().out)["requests"]


def test_output_cut_short_by_the_reader_ends_quietly(tmp_path):
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--workers", "60", "--providers", "30", "--weeks", "12"]) == 0
    command = [sys.executable, "-m", "localitydesk.cli", "--db", str(path), "requests", "list", "--json",
               "--from", "2020-01-01", "--to", "2030-01-01"]
    whole = subprocess.run(command, capture_output=True, check=True).stdout
    assert len(whole) > 2 * 64 * 1024  # twice a Linux pipe buffer, so the writer must meet the closed pipe
    # `head -c 1` reads one byte and goes away: the rest of the listing meets a closed pipe.
    pipeline = subprocess.run(
        " ".join(f'"{part}"' for part in command) + " | head -c 1",
        shell=True, capture_output=True, text=True, executable="/bin/bash",
    )
    assert pipeline.returncode == 0
    assert "Traceback" not in pipeline.stderr and "BrokenPipe" not in pipeline.stderr


def test_a_file_that_cannot_be_written_is_an_error_naming_it_and_no_part_file_is_left(tmp_path, capsys, monkeypatch):
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--workers", "30", "--providers", "6", "--weeks", "4"]) == 0
    capsys.readouterr()
    missing_folder = tmp_path / "no-such-folder"
    for command in (["rota", "pdf", "--from", "2026-11-30", "--weeks", "1", "--out", str(missing_folder / "rota.pdf")],
                    ["rota", "ics", "--from", "2026-11-30", "--weeks", "1", "--out", str(missing_folder / "rota.ics")],
                    ["workers", "export", str(missing_folder / "workers.csv")]):
        assert main(["--db", str(path), "--lang", "cy", *command]) == 1
        error = capsys.readouterr().err
        assert str(missing_folder) in error and "Traceback" not in error, error
    assert not missing_folder.exists()

    # A PDF that fails half way leaves the good copy that was there, and no part file.
    out = tmp_path / "rota.pdf"
    out.write_bytes(b"the good copy")
    from localitydesk.services import rota_publish

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rota_publish, "render_team_rota", broken)
    with pytest.raises(RuntimeError):
        main(["--db", str(path), "rota", "pdf", "--from", "2026-11-30", "--weeks", "1", "--out", str(out)])
    assert out.read_bytes() == b"the good copy"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_a_commands_own_lang_sets_its_document_not_the_messages(tmp_path, capsys):
    from localitydesk.cli import _language_from

    assert _language_from(["--db", "x.sqlite3", "--lang", "cy", "requests", "list"]) == "cy"
    assert _language_from(["--lang=cy", "requests", "list"]) == "cy"
    assert _language_from(["--db", "--lang", "timesheets", "pdf"]) is None  # a file named --lang, oddly
    assert _language_from(["timesheets", "pdf", "--week", "2026-W48", "--lang", "cy", "--out", "x.pdf"]) is None
    assert _language_from(["--db", "x", "statements", "--lang", "cy"]) is None


def test_book_and_rules_take_a_staff_number_and_match_prints_it_beside_each_name(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--workers", "80", "--providers", "12", "--weeks", "4"]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "requests", "list", "--json", "--from", "2020-01-01", "--to", "2030-01-01", "--status", "open"]) == 0
    requests = json.loads(capsys.readouterr().out)["requests"]
    chosen = None
    for request in requests:
        assert main(["--db", str(path), "match", request["id"], "--json"]) == 0
        candidates = json.loads(capsys.readouterr().out)["candidates"]
        if candidates:
            chosen = request, candidates[0]
            break
    assert chosen is not None, "the demo has an open request someone can take"
    request, top = chosen
    assert top["staff_number"].startswith("YM")
    assert main(["--db", str(path), "match", request["id"], "--limit", "1"]) == 0
    assert f"{top['name']} ({top['staff_number']})" in capsys.readouterr().out

    assert main(["--db", str(path), "rules", "check", top["staff_number"].lower()]) == 0
    capsys.readouterr()
    assert main(["--db", str(path), "book", request["id"], "YM99999"]) == 1
    assert "YM99999" in capsys.readouterr().err
    assert main(["--db", str(path), "book", request["id"], top["staff_number"]]) == 0
    assert capsys.readouterr().out.startswith("Booked: ")


def test_argparse_speaks_welsh_under_lang_cy(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--lang", "cy", "rota", "pdf", "--from", "2026-12-09", "--out", "x.pdf"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("defnydd: localitydesk-cli rota pdf")
    assert "gwall: --from: Nid dydd Llun yw dydd Mercher 9 Rhagfyr" in err and "2026-12-07" in err
    with pytest.raises(SystemExit):
        main(["--lang", "cy", "rota", "pdf", "--help"])
    assert "opsiynau:" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--lang", "en", "rota", "pdf", "--help"])
    assert "options:" in capsys.readouterr().out
