"""What goes into the one-folder bundle, kept apart from the spec so tests can read it.

The spec (``localitydesk.spec``) asks this module for the data files, the hidden
imports and what to leave out, then filters PyInstaller's own findings through
:func:`keep_data` and :func:`keep_binary`. Nothing here needs PyInstaller
except :func:`ortools_binaries`; :func:`app_modules` uses PyInstaller's
collector when it is installed and the same walk by ``pkgutil`` otherwise.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import tomllib
from pathlib import Path

INSTALLER = Path(__file__).resolve().parent
ROOT = INSTALLER.parent
SRC = ROOT / "src"
PACKAGE = SRC / "localitydesk"
RESOURCES = ROOT / "resources"
ENTRY = INSTALLER / "entry.py"
BUILD = ROOT / "build"
ICON_DIR = BUILD / "icons"
ICO = ICON_DIR / "localitydesk.ico"

BUNDLE_NAME = "LocalityDesk"  # the folder under dist/
GUI_NAME = "localitydesk"
CLI_NAME = "localitydesk-cli"

# Qt modules the app imports. Every other Qt module is left out, with its
# libraries and plugins; tests/installer checks this list against the source.
QT_MODULES_USED = ("QtCore", "QtGui", "QtWidgets", "QtSvg")
QT_MODULES_EXCLUDED = (
    "Qt3DAnimation", "Qt3DCore", "Qt3DExtras", "Qt3DInput", "Qt3DLogic", "Qt3DRender",
    "QtAxContainer", "QtBluetooth", "QtCharts", "QtConcurrent", "QtDataVisualization", "QtDBus",
    "QtDesigner", "QtGraphs", "QtHelp", "QtHttpServer", "QtLocation", "QtMultimedia",
    "QtMultimediaWidgets", "QtNetwork", "QtNetworkAuth", "QtNfc", "QtOpenGL", "QtOpenGLWidgets",
    "QtPdf", "QtPdfWidgets", "QtPositioning", "QtPrintSupport", "QtQml", "QtQuick", "QtQuick3D",
    "QtQuickControls2", "QtQuickWidgets", "QtRemoteObjects", "QtScxml", "QtSensors", "QtSerialBus",
    "QtSerialPort", "QtSpatialAudio", "QtSql", "QtStateMachine", "QtSvgWidgets", "QtTest",
    "QtTextToSpeech", "QtUiTools", "QtWebChannel", "QtWebEngineCore", "QtWebEngineQuick",
    "QtWebEngineWidgets", "QtWebSockets", "QtWebView", "QtXml",
)

# Python packages that are never part of the desktop app: the test tools, the
# regional server (its own install, with the ``server`` extra) and the usual
# heavyweights a dependency might drag in optionally.
PYTHON_EXCLUDED = (
    "tests", "pytest", "_pytest", "pytestqt", "hypothesis", "pypdf",
    "localitydesk.regional", "fastapi", "starlette", "uvicorn", "psycopg", "psycopg_binary",
    "psycopg_pool", "pydantic", "pydantic_core",
    "tkinter", "_tkinter", "IPython", "jupyter_client", "matplotlib", "PIL.ImageQt", "scipy",
    "PyInstaller", "setuptools", "pip", "pkg_resources",
)

# Babel ships every CLDR locale (30 MB). The app formats in Welsh and British
# English only; these are those locales and the ones they inherit from.
BABEL_LOCALES = ("root", "cy", "cy_GB", "en", "en_001", "en_GB")


def version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def excludes() -> list[str]:
    return [f"PySide6.{name}" for name in QT_MODULES_EXCLUDED] + list(PYTHON_EXCLUDED)


def data_files() -> list[tuple[str, str]]:
    """(source, folder inside the bundle) pairs, in PyInstaller's ``datas`` form.

    The bundle keeps the layout ``localitydesk.paths`` and ``store.database``
    look for: ``localitydesk/resources/...`` and the Alembic scripts beside
    the ``store`` package.
    """
    pairs: list[tuple[str, str]] = []
    for mo in sorted((RESOURCES / "i18n").glob("*/LC_MESSAGES/*.mo")):
        pairs.append((str(mo), str(Path("localitydesk/resources") / mo.parent.relative_to(RESOURCES))))
    for folder in ("icons", "fonts"):
        for path in sorted((RESOURCES / folder).iterdir()):
            if path.is_file():
                pairs.append((str(path), f"localitydesk/resources/{folder}"))
    migrations = PACKAGE / "store" / "migrations"
    for path in sorted(migrations.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix in (".py", ".mako"):
            pairs.append((str(path), str(Path("localitydesk/store") / path.parent.relative_to(PACKAGE / "store"))))
    return pairs


def missing_data_files() -> list[str]:
    """What must exist before a build (the compiled catalogue above all)."""
    missing = []
    if not list((RESOURCES / "i18n").glob("cy/LC_MESSAGES/*.mo")):
        missing.append("resources/i18n/cy/LC_MESSAGES/localitydesk.mo (run `make translations`)")
    for source, _target in data_files():
        if not Path(source).exists():
            missing.append(source)
    return missing


def _is_desktop_module(name: str) -> bool:
    return not any(name == excluded or name.startswith(excluded + ".") for excluded in PYTHON_EXCLUDED)


def hidden_imports() -> list[str]:
    """Every module of the app (command groups are found with pkgutil at run
    time, migrations import by name), Qt's SVG support for the icon, and the
    optional packages that are installed."""
    modules = [name for name in app_modules() if _is_desktop_module(name)]
    modules.append("PySide6.QtSvg")
    modules += optional_packages()
    return sorted(set(modules))


@functools.cache
def app_modules() -> list[str]:
    """Every module of the ``localitydesk`` package: PyInstaller's own
    collector when it is there (a build), the same walk by pkgutil otherwise
    (the quick tests, where PyInstaller need not be installed)."""
    try:
        from PyInstaller.utils.hooks import collect_submodules
    except ImportError:
        import pkgutil

        import localitydesk

        found = ["localitydesk"]
        found += [m.name for m in pkgutil.walk_packages(localitydesk.__path__, "localitydesk.", onerror=lambda _n: None)]
        return sorted(found)
    return sorted(collect_submodules("localitydesk", on_error="ignore"))


def optional_packages() -> list[str]:
    """Packages shipped only when the build machine has them: OR-Tools for
    rota auto-fill (the ``planning`` extra), httpx and keyring for sync."""
    present = []
    for name in ("ortools.sat.python.cp_model", "httpx", "keyring"):
        top = name.split(".")[0]
        if importlib.util.find_spec(top) is not None:
            present.append(name)
    return present


def ortools_binaries() -> list[tuple[str, str]]:
    if importlib.util.find_spec("ortools") is None:
        return []
    from PyInstaller.utils.hooks import collect_dynamic_libs

    return collect_dynamic_libs("ortools")


_BABEL_DATA = re.compile(r"babel[/\\]locale-data[/\\](?P<locale>[^/\\]+)\.dat$")
_QT_TRANSLATION = re.compile(r"PySide6[/\\]Qt[/\\]translations[/\\]")
def keep_data(target: str) -> bool:
    """Whether a data file PyInstaller collected belongs in the bundle."""
    babel = _BABEL_DATA.search(target)
    if babel is not None:
        return babel["locale"] in BABEL_LOCALES
    # Qt has no Welsh; its own strings come from our catalogue (i18n.qt_bridge).
    return not _QT_TRANSLATION.search(target)


def keep_binary(target: str) -> bool:
    """Whether a shared library PyInstaller collected belongs in the bundle.

    Qt libraries are not filtered by name: PyInstaller collects only those the
    imported modules link to (libQt6DBus, for one, is needed by QtGui on
    Linux even though the app never imports QtDBus). Plugins for features the
    app does not use are dropped.
    """
    return not re.search(r"plugins[/\\](qmltooling|sqldrivers|designer|tls|networkinformation)[/\\]", target)
