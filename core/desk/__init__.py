"""The desk: where articles, claims and their history are kept, behind one interface.

:class:`~core.desk.api.DeskBackend` is what review, export, the CLI and the workbench
use; :class:`~core.desk.tinydesk.Desk` is the TinyDB backend (one reviewer, files a
person can open). :func:`open_desk` picks the backend for what ``--desk`` names.

The package, from the bottom up: ``records`` checks stored records, ``codec`` is their
stored form, ``files`` the desk's files and atomic writes, ``journal`` the change log,
``snapshots`` the TinyDB storages, ``index`` the lookup maps, ``undo`` every undo rule,
``migrate`` the schema, ``tinydesk`` the desk itself, ``recovery`` what doctor does.
"""

from __future__ import annotations

import os

from core.desk.api import DeskBackend
from core.desk.tinydesk import FOLD_THRESHOLD, Desk

__all__ = ["FOLD_THRESHOLD", "Desk", "DeskBackend", "open_desk"]


def open_desk(target: str | os.PathLike[str], *, readonly: bool = False) -> DeskBackend:
    """Open the desk ``target`` names (a file path: the TinyDB desk)."""
    return Desk.open(target, readonly=readonly)
