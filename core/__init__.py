"""claimdesk's domain: extraction, the desk, review actions, matching and export.

Nothing in this package imports Textual; the workbench in ``tui`` is a thin layer on top.
"""

__version__ = "0.1.0"
