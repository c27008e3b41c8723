"""Where things live: the default desk path and the reviewer's name."""

from __future__ import annotations

import getpass
import os
from pathlib import Path

import platformdirs

DESK_ENV = "CLAIMDESK_DESK"
REVIEWER_ENV = "CLAIMDESK_REVIEWER"


def default_desk_path() -> Path:
    """``$CLAIMDESK_DESK`` if set, else ``desk.json`` in the user data directory."""
    env = os.environ.get(DESK_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("claimdesk", appauthor=False)) / "desk.json"


def default_reviewer() -> str:
    """``$CLAIMDESK_REVIEWER`` if set, else the login name: every event says who did it."""
    env = os.environ.get(REVIEWER_ENV)
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no passwd entry (containers): still record something honest
        return "unknown"
