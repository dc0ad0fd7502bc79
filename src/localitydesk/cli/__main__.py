"""``python -m localitydesk.cli`` runs the command line, as ``localitydesk-cli`` does."""

import sys

from localitydesk.cli import main

sys.exit(main())
