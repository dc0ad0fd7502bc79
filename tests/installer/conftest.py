"""The installer folder is not a package; its modules are loaded from there."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


@pytest.fixture(scope="session")
def cfg():
    sys.path.insert(0, str(INSTALLER))
    try:
        import bundle_config

        yield bundle_config
    finally:
        sys.path.remove(str(INSTALLER))


@pytest.fixture(scope="session")
def installer_module():
    """Import a module of installer/ by name."""
    import importlib
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    def load(name: str):
        sys.path.insert(0, str(INSTALLER))
        try:
            return importlib.import_module(name)
        finally:
            sys.path.remove(str(INSTALLER))

    return load


@pytest.fixture(scope="session")
def rendered_icons(qapp, installer_module, tmp_path_factory):
    # ``qapp`` first: render_icons would otherwise make a QGuiApplication, and
    # the widget tests later in the session need a QApplication.
    return installer_module("render_icons").render_all(tmp_path_factory.mktemp("icons"))
