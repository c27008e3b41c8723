"""``python -m core`` runs the ``claimdesk`` command."""

import sys

from core.cli import main

sys.exit(main())
