"""The export form's last settings, remembered per desk in the user state directory.

A reviewer exports the same way every evening; the form opens on the format, statuses and
file used last time on this desk (then, for a desk never exported from the workbench, the
configuration's ``[export]`` table, then the built-in defaults). Remembering is a
convenience: a state file that cannot be read or written is ignored, never an error.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from core.export.naming import path_for_format
from core.export.selection import DEFAULT_STATUSES

_KEYS = ("format", "statuses", "only_article", "path")


def state_file() -> Path:
    return Path(platformdirs.user_state_dir("claimdesk", appauthor=False)) / "export.json"


def _desk_key(desk: Any) -> str:
    path = getattr(desk, "path", None)
    return str(Path(path).resolve()) if path is not None else str(getattr(desk, "url", "desk"))


def _read() -> dict[str, Any]:
    try:
        data = json.loads(state_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def initial_settings(desk: Any, default_dir: Path) -> dict[str, Any]:
    """format, statuses (text), only_article, path: what the form opens with."""
    from core.config import value_of

    fmt = value_of("export.format") or "json"
    statuses = value_of("export.status") or list(DEFAULT_STATUSES)
    settings: dict[str, Any] = {
        "format": fmt,
        "statuses": ",".join(statuses),
        "only_article": True,
        "path": path_for_format(str(default_dir / "claimdesk-export.json"), fmt),
    }
    last = _read().get(_desk_key(desk))
    if isinstance(last, dict):
        for key in _KEYS:
            if isinstance(last.get(key), type(settings[key])):
                settings[key] = last[key]
    return settings


def remember(desk: Any, settings: dict[str, Any]) -> None:
    """Keep ``settings`` for the next export from this desk (atomically; best effort)."""
    target = state_file()
    data = _read()
    data[_desk_key(desk)] = {key: settings[key] for key in _KEYS if key in settings}
    with contextlib.suppress(OSError):
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".export-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
            os.replace(tmp, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
