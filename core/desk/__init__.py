"""The desk: where articles, claims and their history are kept, behind one interface.

:class:`~core.desk.api.DeskBackend` is what review, export, the CLI and the workbench
use; :class:`~core.desk.tinydesk.Desk` is the TinyDB backend (one reviewer, files a
person can open). :func:`open_desk` picks the backend for what ``--desk`` names.

The package, from the bottom up: ``records`` checks stored records, ``codec`` is their
stored form, ``files`` the desk's files and atomic writes, ``journal`` the change log,
``snapshots`` the TinyDB storages, ``index`` the lookup maps, ``undo`` every undo rule,
``migrate`` the schema, ``tinydesk`` the desk itself, ``recovery`` what doctor does,
``staging`` a whole new desk built out of sight and moved into place (``copy``).
"""

from __future__ import annotations

import os
from pathlib import Path

from core.desk.api import DeskBackend
from core.desk.tinydesk import FOLD_THRESHOLD, Desk
from core.team import is_team_url

__all__ = ["FOLD_THRESHOLD", "Desk", "DeskBackend", "describe", "desk_exists", "open_desk"]


def open_desk(target: str | os.PathLike[str], *, readonly: bool = False) -> DeskBackend:
    """Open the desk ``target`` names: a ``postgresql://`` URL is a team desk on that
    server (:mod:`core.team`), anything else a file path, the TinyDB desk. The one place
    that tells them apart; everything above uses the desk the same way after that."""
    if is_team_url(target):
        from core.team.desk import TeamDesk

        return TeamDesk.open(str(target), readonly=readonly)
    return Desk.open(target, readonly=readonly)


def desk_exists(target: str | os.PathLike[str]) -> bool:
    """Whether there is a desk to read: a team desk always is (its schema is made on use)."""
    return is_team_url(target) or Path(target).expanduser().exists()


def describe(target: str | os.PathLike[str]) -> str:
    """``target`` as a message may show it: a team desk's URL without its password."""
    if is_team_url(target):
        from core.team.connect import display_url

        return display_url(str(target))
    return str(target)
