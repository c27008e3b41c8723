"""The desk's ``checks`` table: known fact-checks, kept apart from claims and history.

A fact-checker's feed can hold far more checks than a desk holds claims, so they live in
their own snapshot (``desk.checks.json``), parsed only when something asks for them:
opening a desk to review costs nothing more. Changes go through the same fsynced journal
as every edit (one record per batch of checks), so an import survives a crash like a
verdict does. Checks are no claims: no event is recorded and nothing else changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from core.errors import DeskError

if TYPE_CHECKING:
    from core.desk.snapshots import SnapshotStorage


class CheckTable:
    """Mixed into :class:`core.desk.tinydesk.Desk`: the reads and writes of ``checks``."""

    _seq: int  # the desk's journal sequence, kept by Desk

    _checks: SnapshotStorage
    _check_keys: dict[str, str] | None = None  # check url → document key

    def check_rows(self) -> dict[str, dict[str, Any]]:
        """The ``checks`` table (document key → check dict), parsed on first use."""
        with self._mutex:  # type: ignore[attr-defined]
            return self._checks.read()["checks"]

    def checks_changed(self) -> bool:
        """Checks were changed since the checks snapshot was written (not yet folded)."""
        return self._checks.needs_snapshot

    def commit_checks(
        self, puts: Iterable[dict[str, Any]] = (), deletes: Iterable[str] = ()
    ) -> None:
        """Add or replace checks (by url) and delete some (by url) in one durable change."""
        if self.readonly:  # type: ignore[attr-defined]
            raise DeskError(f"desk {self.path} is open read-only; this change was not saved")  # type: ignore[attr-defined]
        journal = self._journal  # type: ignore[attr-defined]
        if self._closed or journal is None:  # type: ignore[attr-defined]
            raise DeskError(f"desk {self.path} is closed; this change was not saved")  # type: ignore[attr-defined]
        with self._mutex:  # type: ignore[attr-defined]
            rows = self.check_rows()
            if self._check_keys is None:
                self._check_keys = {doc["url"]: key for key, doc in rows.items()}
            keys = self._check_keys
            next_key = max((int(k) for k in rows), default=0) + 1
            ops: list[tuple[str, str, dict[str, Any] | None]] = []
            added: dict[str, str] = {}
            for doc in puts:
                key = keys.get(doc["url"]) or added.get(doc["url"])
                if key is None:
                    key = str(next_key)
                    next_key += 1
                added[doc["url"]] = key
                ops.append(("checks", key, doc))
            gone = [url for url in dict.fromkeys(deletes) if url in keys]
            ops.extend(("checks", keys[url], None) for url in gone)
            if not ops:
                return
            seq = self._seq + 1
            journal.append({"seq": seq, "ops": ops})
            self._seq = seq
            for op in ops:
                self._checks.apply(seq, op)
            keys.update(added)
            for url in gone:
                keys.pop(url, None)
            self._revision += 1  # type: ignore[attr-defined]
