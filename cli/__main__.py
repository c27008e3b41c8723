"""``python -m cli`` runs the ``claimdesk`` command."""

import sys

from cli import main

sys.exit(main())
