"""Where things live: bundled resources, the user's data folder, remembered settings.

Resources are found inside the installed package first (a wheel or a frozen
bundle carries them as ``localitydesk/resources``) and in the source tree's
``resources/`` otherwise, so an editable install and a wheel behave the same.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from platformdirs import PlatformDirs

APP_NAME = "LocalityDesk"
APP_AUTHOR = "LocalityDesk"

_dirs = PlatformDirs(APP_NAME, APP_AUTHOR, roaming=False)


def resource_dir() -> Path:
    """The folder holding i18n/, icons/ and fonts/."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "localitydesk" / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates.append(package_dir / "resources")
    candidates.append(package_dir.parent.parent / "resources")
    for candidate in candidates:
        if (candidate / "i18n").is_dir():
            return candidate
    raise FileNotFoundError("LocalityDesk resources are missing: looked in " + ", ".join(map(str, candidates)))


def resource(*parts: str) -> Path:
    return resource_dir().joinpath(*parts)


def user_data_dir() -> Path:
    override = os.environ.get("LOCALITYDESK_DATA_DIR")
    path = Path(override) if override else Path(_dirs.user_data_dir)
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return user_data_dir() / "localitydesk.sqlite3"


def demo_database_path() -> Path:
    return user_data_dir() / "demo.sqlite3"


def settings_path() -> Path:
    return user_data_dir() / "settings.json"


class Settings:
    """Small per-user preferences (language, window geometry) kept as JSON.

    Writes go through a temporary file and a rename, so a crash mid-write
    never leaves a truncated settings file behind.
    """

    def __init__(self, path: Path | None = None):
        self.path = path or settings_path()
        self._values: dict[str, Any] = {}
        try:
            self._values = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError, OSError):
            self._values = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self._values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self._values[key] = value
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self._values, handle, ensure_ascii=False, indent=2)
        os.replace(tmp, self.path)
