"""Former home of the desk's files, kept while callers move to :mod:`core.desk`."""

from core.desk.files import (
    HISTORY_TABLES,
    MAIN_TABLES,
    META_KEY,
    atomic_write,
    damaged,
    encode,
    explain_os_error,
    history_path,
    journal_path,
    load_snapshot,
    quarantine_path,
)
from core.desk.journal import Journal, scan_journal
from core.desk.snapshots import HistoryStorage, SnapshotStorage

__all__ = [
    "HISTORY_TABLES",
    "MAIN_TABLES",
    "META_KEY",
    "HistoryStorage",
    "Journal",
    "SnapshotStorage",
    "atomic_write",
    "damaged",
    "encode",
    "explain_os_error",
    "history_path",
    "journal_path",
    "load_snapshot",
    "quarantine_path",
    "scan_journal",
]
