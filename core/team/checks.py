"""The team desk's ``checks`` table: known fact-checks on the server, as on a desk file.

The same methods as the desk file's :class:`core.desk.checktable.CheckTable`, so
:mod:`core.checks.library` imports, removes, counts and indexes them the same way. Each
change is one transaction that also bumps ``checks_generation`` in ``claimdesk_meta``:
the search index, which is built on each machine from this table (see
:mod:`core.checks.place`), records the generation it was built at and so knows when
another reviewer's import has made it stale. One feed import from anywhere is one new
generation per batch; nothing else (claims, events) changes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from core.errors import DeskError

_BUMP = (
    "UPDATE claimdesk_meta SET value = to_jsonb(value::text::bigint + 1) "
    "WHERE key = 'checks_generation' RETURNING value"
)
_UPSERT = (
    "INSERT INTO checks (url, publisher, doc) "
    "SELECT d->>'url', coalesce(d->>'publisher', ''), d FROM json_array_elements(%s) AS d "
    "ON CONFLICT (url) DO UPDATE SET publisher = EXCLUDED.publisher, doc = EXCLUDED.doc"
)


class TeamChecks:
    """Mixed into :class:`core.team.desk.TeamDesk`: the reads and writes of ``checks``.

    :meth:`check_rows` keeps what it read for as long as the generation is unchanged, so
    an import that asks for the table again after its own batches reads it once.
    """

    path: str
    readonly: bool
    _conn: Any
    _lock: threading.RLock

    _check_cache: dict[str, dict[str, Any]] | None = None
    _check_cache_generation: int = -1

    if TYPE_CHECKING:  # given by TeamDesk

        def _all(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]: ...
        def _stream(self, sql: str, params: Iterable[Any] = ()) -> Iterator[tuple]: ...

    def checks_generation(self) -> int:
        """Grows with every change to the checks, by anyone (0: never changed)."""
        rows = self._all("SELECT value FROM claimdesk_meta WHERE key = 'checks_generation'")
        return int(rows[0][0]) if rows else 0

    def desk_identity(self) -> dict[str, str]:
        """Which desk this is, without any credential: server, database, schema and the
        random id the schema was created with (a cached index is kept under these)."""
        rows = self._all(
            "SELECT current_database(), current_schema(), "
            "(SELECT value #>> '{}' FROM claimdesk_meta WHERE key = 'desk_id')"
        )
        database, schema, desk_id = rows[0]
        return {"where": self.path, "database": database, "schema": schema, "id": desk_id or ""}

    def check_rows(self) -> dict[str, dict[str, Any]]:
        """The ``checks`` table (url → check dict), in the order checks were first imported."""
        generation = self.checks_generation()
        if self._check_cache is None or generation != self._check_cache_generation:
            read_at, rows = self.check_snapshot()
            self._check_cache = {doc["url"]: doc for doc in rows}
            self._check_cache_generation = read_at
        return self._check_cache

    def rows_to_index(self) -> tuple[int, list[dict[str, Any]]]:
        """(generation, every check) to build an index from: what an import just wrote and
        still holds, if nobody changed the checks since, else read afresh and not kept (a
        workbench building its index must not hold 100,000 checks besides)."""
        generation = self.checks_generation()
        cache = self._check_cache
        if cache is not None and generation == self._check_cache_generation:
            return generation, list(cache.values())
        return self.check_snapshot()

    def check_snapshot(self) -> tuple[int, list[dict[str, Any]]]:
        """(generation, every check) read in one statement, so the two agree; streamed on a
        connection of its own so a workbench's other reads are not held up meanwhile."""
        generation = None
        rows: list[dict[str, Any]] = []
        sql = (
            "SELECT (SELECT value FROM claimdesk_meta WHERE key = 'checks_generation'), doc "
            "FROM checks ORDER BY ord"
        )
        import psycopg

        try:
            for gen, doc in self._stream(sql):
                generation = gen
                rows.append(doc)
        except psycopg.OperationalError as exc:
            line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise DeskError(f"team desk {self.path}: lost the server ({line})") from None
        if generation is None:  # no rows: the generation on its own is as good
            return self.checks_generation(), rows
        return int(generation), rows

    def check_publishers(self) -> dict[str, int]:
        """Checks counted by publisher ('' for none) as one query, publishers in the order
        their first check was imported (as a desk file lists them)."""
        sql = "SELECT publisher, count(*) FROM checks GROUP BY publisher ORDER BY min(ord)"
        return dict(self._all(sql))

    def checks_changed(self) -> bool:
        """Nothing waits to be folded: every change is complete on the server."""
        return False

    def commit_checks(
        self, puts: Iterable[dict[str, Any]] = (), deletes: Iterable[str] = ()
    ) -> None:
        """Add or replace checks (by url) and delete some (by url) in one transaction."""
        import psycopg
        from psycopg.types.json import Json

        if self.readonly:
            raise DeskError(f"team desk {self.path} is open read-only; this change was not saved")
        docs = list({doc["url"]: doc for doc in puts}.values())
        gone = list(dict.fromkeys(deletes))
        if not docs and not gone:
            return
        try:
            with self._lock, self._conn.transaction():
                if docs:
                    self._conn.execute(_UPSERT, (Json(docs),))
                if gone:
                    self._conn.execute("DELETE FROM checks WHERE url = ANY(%s)", (gone,))
                row = self._conn.execute(_BUMP).fetchone()
        except psycopg.Error as exc:
            line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise DeskError(f"team desk {self.path}: the checks were not saved ({line})") from None
        generation = int(row[0]) if row else 0
        cache = self._check_cache
        if cache is not None and generation == self._check_cache_generation + 1:
            for doc in docs:  # nobody else changed the checks meanwhile: keep the cache
                cache[doc["url"]] = doc
            for url in gone:
                cache.pop(url, None)
            self._check_cache_generation = generation
        else:
            self._check_cache = None
