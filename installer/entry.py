"""The frozen bundle's one entry point, built twice: ``localitydesk`` (the window)
and ``localitydesk-cli`` (the console). The executable's own name says which."""

import sys
from pathlib import Path


def run() -> int:
    if Path(sys.executable).stem.lower().endswith("-cli"):
        from localitydesk.cli import main
    else:
        from localitydesk.__main__ import main
    return main()


if __name__ == "__main__":
    sys.exit(run())
