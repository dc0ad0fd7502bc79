"""The PyInstaller spec still runs, and says what the bundle should hold.

The spec is executed as PyInstaller executes it, with its build classes
replaced by recorders, so a broken spec (a syntax error, a missing data file,
a renamed module) fails here in a second rather than in a ten-minute build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.installer.conftest import INSTALLER

SPEC = INSTALLER / "localitydesk.spec"
SRC = INSTALLER.parent / "src" / "localitydesk"


class _Recorded:
    def __init__(self, kind, *args, **kwargs):
        self.kind, self.args, self.kwargs = kind, args, kwargs


class _Analysis(_Recorded):
    def __init__(self, scripts, **kwargs):
        super().__init__("Analysis", scripts, **kwargs)
        # What PyInstaller itself would add, for the spec's filters to act on.
        self.datas = [(dest, src, "DATA") for src, dest in kwargs["datas"]] + [
            ("babel/locale-data/cy.dat", "x", "DATA"),
            ("babel/locale-data/fr.dat", "x", "DATA"),
            ("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"),
        ]
        self.binaries = [
            ("PySide6/Qt/lib/libQt6DBus.so.6", "x", "BINARY"),
            ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", "x", "BINARY"),
            ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
        ]
        self.scripts = [("entry", str(scripts[0]), "PYSOURCE")]
        self.pure = []


@pytest.fixture(scope="module")
def built(cfg):
    recorded: dict[str, list] = {"EXE": [], "COLLECT": [], "PYZ": [], "Analysis": []}

    def recorder(kind):
        def make(*args, **kwargs):
            item = _Analysis(*args, **kwargs) if kind == "Analysis" else _Recorded(kind, *args, **kwargs)
            recorded[kind].append(item)
            return item

        return make

    namespace = {"SPECPATH": str(INSTALLER), "__name__": "__main__", "__file__": str(SPEC)}
    namespace.update({kind: recorder(kind) for kind in recorded})
    exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    return recorded


def test_the_spec_builds_one_folder_with_the_window_and_the_console_commands(built, cfg):
    [analysis] = built["Analysis"]
    gui, cli = built["EXE"]
    [collect] = built["COLLECT"]
    assert (gui.kwargs["name"], gui.kwargs["console"]) == ("localitydesk", False)
    assert (cli.kwargs["name"], cli.kwargs["console"]) == ("localitydesk-cli", True)
    assert gui.kwargs["exclude_binaries"] and cli.kwargs["exclude_binaries"]  # one folder, not one file
    assert collect.kwargs["name"] == "LocalityDesk"
    assert collect.args[:2] == (gui, cli)
    assert analysis.args[0] == [str(cfg.ENTRY)]


def test_the_bundle_carries_translations_icons_font_and_every_migration(built):
    [analysis] = built["Analysis"]
    targets = {(Path(src).name, dest) for src, dest in analysis.kwargs["datas"]}
    assert ("localitydesk.mo", "localitydesk/resources/i18n/cy/LC_MESSAGES") in targets
    assert ("localitydesk.svg", "localitydesk/resources/icons") in targets
    assert ("DejaVuSans.ttf", "localitydesk/resources/fonts") in targets
    assert ("env.py", "localitydesk/store/migrations") in targets
    assert ("script.py.mako", "localitydesk/store/migrations") in targets
    versions = {path.name for path in (SRC / "store" / "migrations" / "versions").glob("*.py")}
    assert versions and {(name, "localitydesk/store/migrations/versions") for name in versions} <= targets
    for src, _dest in analysis.kwargs["datas"]:
        assert Path(src).is_file(), src
        assert "/tests/" not in src and not src.endswith((".po", ".pot"))


def test_only_welsh_and_british_english_locale_data_and_no_qt_translations_are_kept(built):
    [analysis] = built["Analysis"]
    kept = {dest for dest, _src, _kind in analysis.datas}
    assert "babel/locale-data/cy.dat" in kept and "babel/locale-data/fr.dat" not in kept
    assert not any("translations/qtbase" in dest for dest in kept)
    binaries = {dest for dest, _src, _kind in analysis.binaries}
    # QtGui links libQt6DBus on Linux: a library is never dropped for its name.
    assert binaries == {"PySide6/Qt/lib/libQt6DBus.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so"}


def test_every_module_of_the_app_is_included_and_nothing_for_tests_or_the_server(built):
    [analysis] = built["Analysis"]
    hidden = set(analysis.kwargs["hiddenimports"])
    commands = {f"localitydesk.cli.{path.stem}" for path in (SRC / "cli").glob("*.py") if path.stem != "__init__"}
    assert commands <= hidden  # found by pkgutil at run time, so invisible to the analysis
    assert {"localitydesk.store.types", "localitydesk.ui.first_run", "PySide6.QtSvg"} <= hidden
    assert not any(name.startswith(("localitydesk.regional", "tests")) for name in hidden)
    excluded = set(analysis.kwargs["excludes"])
    assert {"tests", "pytest", "localitydesk.regional", "fastapi", "PySide6.QtNetwork", "PySide6.QtQml"} <= excluded


def test_no_qt_module_the_app_imports_is_excluded(cfg):
    imported = set()
    for path in SRC.rglob("*.py"):
        imported.update(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported, "the app imports Qt modules"
    assert imported <= set(cfg.QT_MODULES_USED), "add the new module to QT_MODULES_USED"
    assert not imported & set(cfg.QT_MODULES_EXCLUDED)


def test_the_optional_planning_solver_goes_in_when_installed(cfg):
    import importlib.util

    has_ortools = importlib.util.find_spec("ortools") is not None
    assert ("ortools.sat.python.cp_model" in cfg.hidden_imports()) == has_ortools


def test_pyinstallers_own_collector_finds_the_same_modules(cfg, monkeypatch):
    """The fallback walk used without PyInstaller must agree with PyInstaller's."""
    hooks = pytest.importorskip("PyInstaller.utils.hooks", reason="PyInstaller is installed by the `bundle` extra")
    with_pyinstaller = {m for m in hooks.collect_submodules("localitydesk", on_error="ignore") if cfg._is_desktop_module(m)}
    import builtins

    real_import = builtins.__import__

    def without_pyinstaller(name, *args, **kwargs):
        if name.startswith("PyInstaller"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_pyinstaller)
    walked = {m for m in cfg.app_modules.__wrapped__() if cfg._is_desktop_module(m)}
    assert walked == with_pyinstaller
