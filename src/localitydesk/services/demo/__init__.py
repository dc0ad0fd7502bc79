"""The demonstration data set: a North Wales locality that looks real.

``build_demo(db)`` fills an empty database; ``generate`` alone gives the rows
without a database (tests, benchmarks).
"""

from .build import DemoAlreadyBuilt, DemoSummary, build_demo
from .generator import DemoData, DemoOptions, generate

__all__ = ["DemoAlreadyBuilt", "DemoData", "DemoOptions", "DemoSummary", "build_demo", "generate"]
