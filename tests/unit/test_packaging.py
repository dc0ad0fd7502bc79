"""The wheel carries everything the app needs, and runs without the source tree."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    return next(out.glob("localitydesk-*.whl"))


def test_the_wheel_carries_translations_font_icons_and_migrations(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "localitydesk/resources/i18n/cy/LC_MESSAGES/localitydesk.mo",
        "localitydesk/resources/fonts/DejaVuSans.ttf",
        "localitydesk/resources/fonts/LICENSE-DejaVu.txt",
        "localitydesk/resources/icons/localitydesk.svg",
        "localitydesk/store/migrations/env.py",
        "localitydesk/store/migrations/script.py.mako",
    ):
        assert expected in names, expected
    assert any(n.startswith("localitydesk/store/migrations/versions/0001") for n in names)
    entry_points = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("entry_points.txt"))).decode()
    assert "localitydesk = localitydesk.__main__:main" in entry_points
    assert "localitydesk-cli = localitydesk.cli:main" in entry_points


def test_the_installed_wheel_runs_without_the_source_tree(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True)
    env = dict(os.environ, PYTHONPATH=str(target), QT_QPA_PLATFORM="offscreen", LOCALITYDESK_DATA_DIR=str(tmp_path / "data"))
    where = subprocess.run(
        [sys.executable, "-c", "import localitydesk.paths as p; print(p.resource_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    assert where.startswith(str(target)), where
    database = tmp_path / "one.sqlite3"
    seed = (
        "import sys; from localitydesk.store.database import open_database; "
        "sys.path.insert(0, %r); from tests.factories import seed_locality; "
        "db = open_database(%r); seed_locality(db); db.close()"
    ) % (str(ROOT), str(database))
    subprocess.run([sys.executable, "-c", seed], cwd=tmp_path, env=env, check=True)
    started = subprocess.run(
        [sys.executable, "-m", "localitydesk", "--db", str(database), "--quit-when-ready", "--lang", "cy"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
    )
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("ready in ")
