"""Other reviewers' changes as they happen (LISTEN/NOTIFY), and who is on which article.

A :class:`Listener` holds a connection of its own that LISTENs on the ``claimdesk``
channel; a daemon thread hands each notice (a small JSON object: ``reviewer``,
``articles``, ``claims`` or ``presence``) to a callback. Notices of the listener's own
desk are skipped: the workbench has shown its own change already.

Presence is a row per listening connection (keyed by its server backend pid) and is read
joined with ``pg_stat_activity``, so a workbench that died without a word drops out of
"who else is here" the moment its connection goes.
"""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from core.errors import DeskError
from core.team.connect import connect
from core.team.schema import CHANNEL

if TYPE_CHECKING:
    from core.team.desk import TeamDesk

POLL = 0.25
"""Seconds between checks for a stop request while waiting for notices (a fallback:
:meth:`Listener.close` wakes the thread with a notice on its own channel)."""


class Listener:
    def __init__(self, desk: TeamDesk, on_notice: Callable[[dict[str, Any]], None]) -> None:
        self.desk = desk
        self.on_notice = on_notice
        self._conn = connect(desk.url, application="claimdesk-live")
        self._conn.execute(f"LISTEN {CHANNEL}")
        self.pid = self._conn.info.backend_pid
        self._wake = f"{CHANNEL}_stop_{self.pid}"
        self._conn.execute(f"LISTEN {self._wake}")
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="claimdesk-listen", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psycopg

        while not self._stop.is_set():
            try:
                for notice in self._conn.notifies(timeout=POLL):
                    if self._stop.is_set():
                        return
                    if notice.channel == CHANNEL:
                        self._deliver(notice.payload)
            except psycopg.Error:
                return  # the connection is gone (closed, or the server went away)

    def _deliver(self, payload: str) -> None:
        try:
            notice = json.loads(payload)
        except ValueError:
            return
        if not isinstance(notice, dict) or notice.get("origin") == self.desk.origin:
            return
        self.on_notice(notice)

    # ------------------------------------------------------------------ presence
    def here(self, reviewer: str, article_id: str | None) -> None:
        """Say that ``reviewer`` has ``article_id`` open (``None``: the article list)."""
        self.desk._all(
            "INSERT INTO presence (pid, reviewer, article_id, at) VALUES (%s, %s, %s, now()) "
            "ON CONFLICT (pid) DO UPDATE SET reviewer = EXCLUDED.reviewer, "
            "article_id = EXCLUDED.article_id, at = now() RETURNING pid",
            (self.pid, reviewer, article_id),
        )
        self.desk._all(
            "SELECT pg_notify(%s, %s)",
            (
                CHANNEL,
                json.dumps(
                    {"presence": article_id, "reviewer": reviewer, "origin": self.desk.origin}
                ),
            ),
        )

    def others(self, article_id: str) -> list[str]:
        """Reviewers (other than this workbench) with ``article_id`` open now."""
        rows = self.desk._all(
            "SELECT DISTINCT p.reviewer FROM presence p JOIN pg_stat_activity a "
            "ON a.pid = p.pid WHERE p.article_id = %s AND p.pid <> %s ORDER BY 1",
            (article_id, self.pid),
        )
        return [row[0] for row in rows]

    def close(self) -> None:
        import psycopg

        self._stop.set()
        with contextlib.suppress(psycopg.Error, DeskError):  # else the poll ends the wait
            self.desk._all("SELECT pg_notify(%s, '')", (self._wake,))
        self._thread.join(timeout=2 * POLL + 1)
        with contextlib.suppress(psycopg.Error, DeskError):
            self.desk._all("DELETE FROM presence WHERE pid = %s RETURNING pid", (self.pid,))
        with contextlib.suppress(psycopg.Error):
            self._conn.close()
