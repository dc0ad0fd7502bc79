"""Providers to and from CSV and XLSX files (see ``columns`` for the format)."""

from localitydesk.services.tabular import ExportReport, ImportProblem, ImportReport

from .columns import HEADERS
from .service import export_providers, import_providers

__all__ = ["HEADERS", "ExportReport", "ImportProblem", "ImportReport", "export_providers", "import_providers"]
