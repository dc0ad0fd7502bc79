"""Workers to and from CSV and XLSX files (see ``columns`` for the format)."""

from .columns import HEADERS
from .service import ExportReport, ImportProblem, ImportReport, export_workers, import_workers
from .welsh_scale import WelshScale

__all__ = ["HEADERS", "ExportReport", "ImportProblem", "ImportReport", "WelshScale", "export_workers", "import_workers"]
