"""Compile the gettext catalogues while a wheel is built.

The .mo files are build products (ignored by git); compiling them here means a
wheel built from a fresh clone carries working translations without a separate
step. Babel is a build requirement in pyproject.toml for this reason.
"""

from __future__ import annotations

from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):  # noqa: D401 - hatch's signature
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root) / "resources" / "i18n"
        for po_path in root.glob("*/LC_MESSAGES/*.po"):
            locale = po_path.parent.parent.name
            with po_path.open("rb") as handle:
                catalogue = read_po(handle, locale=locale)
            with po_path.with_suffix(".mo").open("wb") as handle:
                write_mo(handle, catalogue)
