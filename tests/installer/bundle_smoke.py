"""Smoke tests of the real bundle and Debian package. Slow: `make bundle-test` only.

    make bundle-test      # builds dist/LocalityDesk and the .deb, then runs this file

Not collected by the quick suite (its name does not start with ``test_``);
pytest collects it when named on the command line. Installing the package
needs root, as CI has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.installer.conftest import INSTALLER

ROOT = INSTALLER.parent
BUNDLE = ROOT / "dist" / "LocalityDesk"


def _run(command: list[str], env: dict[str, str], timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)


def _fresh_env(home: Path) -> dict[str, str]:
    """A user who has never run LocalityDesk: own home, no data folder override."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LOCALITYDESK_", "XDG_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", LANG="cy_GB.UTF-8")
    home.mkdir(parents=True, exist_ok=True)
    return env


def _package() -> Path:
    found = sorted((ROOT / "dist").glob("localitydesk_*.deb"))
    assert found, "no .deb in dist/: run `make deb`"
    return found[-1]


def test_the_bundle_is_reported_and_carries_nothing_unused():
    assert (BUNDLE / "localitydesk").is_file() and (BUNDLE / "localitydesk-cli").is_file(), "run `make bundle`"
    internal = BUNDLE / "_internal"
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle: {size / 2**20:.1f} MiB in {BUNDLE}")
    for name in ("tests", "pytest", "_pytest", "hypothesis", "pytestqt", "fastapi", "uvicorn", "psycopg"):
        assert not (internal / name).exists(), name
    assert not (internal / "localitydesk" / "regional").exists()
    assert sorted(p.stem for p in (internal / "babel" / "locale-data").glob("*.dat")) == sorted(
        ["cy", "cy_GB", "en", "en_001", "en_GB", "root"]
    )
    assert not list((internal / "PySide6" / "Qt").rglob("*.qm"))
    assert (internal / "localitydesk" / "resources" / "i18n" / "cy" / "LC_MESSAGES" / "localitydesk.mo").is_file()
    assert list((internal / "localitydesk" / "store" / "migrations" / "versions").glob("0001_*.py"))


def test_the_bundle_runs_the_command_line_and_the_window(tmp_path):
    env = _fresh_env(tmp_path / "home")
    database = tmp_path / "smoke.sqlite3"
    built = _run([str(BUNDLE / "localitydesk-cli"), "--db", str(database), "demo", "--workers", "20", "--providers", "5", "--weeks", "2"], env)
    assert built.returncode == 0, built.stderr
    backup = _run([str(BUNDLE / "localitydesk-cli"), "--lang", "cy", "--db", str(database), "backup", "--out", str(tmp_path / "b.sqlite3")], env)
    assert backup.returncode == 0 and "Copi wrth gefn" in backup.stdout, backup.stderr
    restored = _run([str(BUNDLE / "localitydesk-cli"), "--db", str(tmp_path / "new.sqlite3"), "restore", str(tmp_path / "b.sqlite3")], env)
    assert restored.returncode == 0, restored.stderr
    window = _run([str(BUNDLE / "localitydesk"), "--db", str(tmp_path / "new.sqlite3"), "--quit-when-ready"], env)
    assert window.returncode == 0 and window.stdout.startswith("ready in "), window.stdout + window.stderr


def test_the_debian_package_installs_starts_from_its_location_and_removes_cleanly(tmp_path):
    if os.geteuid() != 0:
        pytest.fail("installing the .deb needs root (CI runs as root)")
    package = _package()
    subprocess.run(["dpkg", "--purge", "localitydesk"], capture_output=True)
    installed = subprocess.run(["dpkg", "-i", str(package)], capture_output=True, text=True)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    home = tmp_path / "home"
    env = _fresh_env(home)
    try:
        assert shutil.which("localitydesk") == "/usr/bin/localitydesk"
        first_run = _run(["localitydesk", "--quit-when-ready"], env)  # no database: the first-run window
        assert first_run.returncode == 0 and first_run.stdout.startswith("ready in "), first_run.stdout + first_run.stderr
        demo = _run(["localitydesk", "--demo", "--quit-when-ready"], env)
        assert demo.returncode == 0 and demo.stdout.startswith("ready in "), demo.stdout + demo.stderr
        data = list(home.rglob("demo.sqlite3"))
        assert data and str(data[0]).startswith(str(home / ".local" / "share"))
        listed = _run(["localitydesk-cli", "--db", str(data[0]), "backup", "--list"], env)
        assert listed.returncode == 0, listed.stderr
    finally:
        removed = subprocess.run(["dpkg", "--remove", "localitydesk"], capture_output=True, text=True)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert not Path("/opt/localitydesk").exists()
    assert not Path("/usr/bin/localitydesk").exists() and not Path("/usr/bin/localitydesk-cli").exists()
    assert not Path("/usr/share/applications/localitydesk.desktop").exists()
    assert data[0].exists()  # the user's database is theirs, and stays
    status = subprocess.run(["dpkg", "-s", "localitydesk"], capture_output=True, text=True)
    assert "install ok installed" not in status.stdout
