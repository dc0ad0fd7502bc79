"""What every command shares: the database it opens, and how it ends."""

from __future__ import annotations

import json
import subprocess
import sys

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
    assert main(["--db", str(path), "requests", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["requests"]


def test_output_cut_short_by_the_reader_ends_quietly(tmp_path):
    path = tmp_path / "demo.sqlite3"
    assert main(["--db", str(path), "demo", "--workers", "60", "--providers", "20", "--weeks", "12"]) == 0
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
