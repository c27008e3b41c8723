"""Upgrading a desk's stored layout: the schema version and one step per version.

A step takes the main and history tables as dicts and changes them in place; the desk
then folds once, writing the upgraded files. Each step is safe to run twice: a crash
after the history was written but before the main file was runs it again on the next
open, and that must give the same desk (no event twice).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from core.desk.index import next_key
from core.desk.snapshots import META_KEY, HistoryStorage, SnapshotStorage
from core.errors import DeskError

SCHEMA_VERSION = 1
"""Bump when the stored layout changes, and add a step to :data:`MIGRATIONS`."""


def _migrate_unversioned(main: dict[str, dict], history: dict[str, dict]) -> None:
    """Schema 0 → 1: a desk written by stock TinyDB in one file, without ``meta``.

    History moves to its own snapshot (it is parsed only when asked for).
    """
    events = main.pop("events", None) or {}
    rows = history.setdefault("events", {})
    present = {doc.get("id") for doc in rows.values() if isinstance(doc, dict)}
    for doc in events.values():
        if isinstance(doc, dict) and doc.get("id") in present:
            continue  # moved already by an upgrade a crash cut short
        rows[str(len(rows) + 1)] = doc


MIGRATIONS: dict[int, Callable[[dict[str, dict], dict[str, dict]], None]] = {
    0: _migrate_unversioned,
}
"""``version → function`` upgrading a desk's tables from ``version`` to ``version + 1``."""


def migrate(path: Path, main: SnapshotStorage, history: HistoryStorage) -> bool:
    """Upgrade the tables in memory to :data:`SCHEMA_VERSION`; whether anything changed.

    A desk from a newer claimdesk is refused (``DeskError``) and left as it is.
    """
    data = main.read()
    meta = data["meta"].get(META_KEY)
    if meta is None:
        version = 0 if any(data.get(t) for t in ("articles", "claims", "events")) else None
    else:
        version = meta.get("schema", 0)
    if version is not None and version > SCHEMA_VERSION:
        raise DeskError(
            f"desk {path} was written by a newer claimdesk (schema {version}, "
            f"this one reads {SCHEMA_VERSION}); upgrade claimdesk"
        )
    if version is None or version == SCHEMA_VERSION:
        return False
    events = history.read()
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](data, events)
        version += 1
    data["meta"][META_KEY] = {
        **(meta or {}),
        "schema": SCHEMA_VERSION,
        "seq": main.seq,
        "next_event": next_key(events["events"]),
    }
    main.dirty = history.dirty = True
    return True
