"""The team desk's write path: one change, one transaction, checked against revisions.

A claim the desk showed at revision *r* is updated only ``WHERE revision = r``; a claim
it showed as absent is inserted only if still absent. Either check failing rolls the
whole change back (events included: the history never records an edit that was not
applied) and raises :class:`~core.errors.ConflictError` with the latest change to the
claim. Every committed change is announced on the ``claimdesk`` channel, so open
workbenches show it at once.

A change costs one round trip to the server: its statements and its notice are sent at
once. A reviewer's edit (one claim and its event) is a single statement
(:mod:`core.team.one_edit`); anything else is a statement per claim, per event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from core.desk.codec import claim_to_dict, compact_claim, event_to_dict, stored_event
from core.errors import ConflictError, DeskError
from core.model import Article, Claim, Event, Status
from core.team import one_edit
from core.team.jsonb import dumps, jsonb
from core.team.schema import CHANNEL

if TYPE_CHECKING:
    from core.team.desk import TeamDesk

_COLUMNS = "article_id, start_at, end_at, status, reviewer, doc"
_INSERT_CLAIM = (
    f"INSERT INTO claims (id, {_COLUMNS}, revision) VALUES (%s, %s, %s, %s, %s, %s, %s, 1) "
)
_SET_CLAIM = (
    "article_id = %s, start_at = %s, end_at = %s, status = %s, reviewer = %s, doc = %s, "
    "revision = claims.revision + 1"
)
_UPSERT = (
    _INSERT_CLAIM + "ON CONFLICT (id) DO UPDATE SET "
    "article_id = EXCLUDED.article_id, start_at = EXCLUDED.start_at, end_at = EXCLUDED.end_at, "
    "status = EXCLUDED.status, reviewer = EXCLUDED.reviewer, doc = EXCLUDED.doc, "
    "revision = claims.revision + 1 RETURNING revision"
)
_INSERT_NEW = _INSERT_CLAIM + "ON CONFLICT (id) DO NOTHING RETURNING revision"
_UPDATE_AT = f"UPDATE claims SET {_SET_CLAIM} WHERE id = %s AND revision = %s RETURNING revision"
_INSERT_ARTICLE = (
    "INSERT INTO articles (id, version, ord, doc) VALUES (%s, %s, "
    "COALESCE((SELECT min(ord) FROM articles WHERE id = %s), nextval('article_ord')), %s) "
    "ON CONFLICT (id, version) DO UPDATE SET doc = EXCLUDED.doc"
)
_INSERT_EVENT = (
    "INSERT INTO events (id, claim_id, article_id, action, reviewer, undoes, batch, doc) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)
_ANNOUNCE = f"SELECT pg_notify('{CHANNEL}', %s) WHERE EXISTS (SELECT FROM events WHERE id = %s)"
_NOTIFY_CLAIMS = 50  # beyond this a notice names the articles only (an import)


STALE = "CD001"
"""The SQLSTATE ``claimdesk_stale`` raises: a revision check found the claim changed."""


def _claim_values(doc: dict[str, Any]) -> tuple:
    return (
        doc["article_id"],
        doc["start"],
        doc["end"],
        doc.get("status", Status.UNREVIEWED.value),
        doc.get("reviewer", ""),
        jsonb(doc),
    )


def _event_row(event: Event) -> tuple:
    doc = stored_event(event_to_dict(event))
    return (
        event.id,
        event.claim_id,
        event.article_id,
        event.action,
        event.reviewer or "",
        event.undoes,
        event.batch,
        jsonb(doc),
    )


def commit(
    desk: TeamDesk,
    articles: list[Article],
    claims: list[Claim | dict[str, Any]],
    deleted: list[str],
    events: list[Event],
) -> None:
    import psycopg

    docs = [compact_claim(c if isinstance(c, dict) else claim_to_dict(c)) for c in claims]
    if not (articles or docs or deleted or events):
        return
    notice = _notice(desk, docs, deleted, events)
    conn = desk._conn
    sent: list[tuple[str, dict[str, Any] | None, Any]] = []
    try:
        edit = None
        if not articles:
            claim_id = docs[0]["id"] if docs else deleted[0] if deleted else ""
            edit = one_edit.plan(desk._shown.get(claim_id), claims, docs, deleted, events)
        # Sent at once, one round trip: the server runs everything before a Sync as one
        # transaction (the connection is in autocommit, so there is no BEGIN or COMMIT:
        # psycopg's transaction() in a pipeline syncs at its start and end), committed at
        # the Sync if every statement succeeded and rolled back whole if one failed: a
        # failed revision check fails its own statement and the server skips the rest.
        with conn.pipeline() as pipeline:
            if edit is not None:  # the usual edit: one statement
                sent = [(edit.claim_id, edit.doc, conn.execute(edit.sql, edit.params))]
            else:
                sent = _send_change(desk, articles, docs, deleted, events)
            after = _announce(conn, pipeline, notice, events)
        if after is not None:
            conn.execute(*after)
    except psycopg.OperationalError as exc:
        raise DeskError(
            f"team desk {desk.path}: lost the server; this change was not saved ({_line(exc)})"
        ) from None
    except psycopg.Error as exc:
        if exc.sqlstate == STALE:
            claim_id = exc.diag.message_primary or ""
            desk._shown.pop(claim_id, None)
            raise ConflictError(explain_conflict(desk, claim_id)) from None
        if not (events and _on_desk(desk, events[0].id)):
            raise DeskError(
                f"team desk {desk.path} refused this change, nothing was saved: {_line(exc)}"
            ) from None
        desk.warnings.append(  # the change committed; its notice, a transaction behind, failed
            f"team desk {desk.path}: this change was saved, but other workbenches were not "
            f"told ({_line(exc)}); they show it when they next read the claim"
        )
    for claim_id, doc, cursor in sent:
        desk._shown[claim_id] = (int(cursor.fetchone()[0]) if doc is not None else 0, doc)
    desk.committed = [e.id for e in events]


def _send_change(
    desk: TeamDesk,
    articles: list[Article],
    docs: list[dict[str, Any]],
    deleted: list[str],
    events: list[Event],
) -> list[tuple[str, dict[str, Any] | None, Any]]:
    """Any other change (an import, a batch): its statements, each claim's revision checked
    in its own; returns each claim's cursor, to read its new revision from."""
    from psycopg.types.json import Jsonb

    conn = desk._conn
    sent: list[tuple[str, dict[str, Any] | None, Any]] = []
    for article in articles:
        conn.execute(
            _INSERT_ARTICLE, (article.id, article.version, article.id, Jsonb(article.to_dict()))
        )
    for doc in docs:
        sent.append((doc["id"], doc, _write_claim(conn, desk, doc)))
    for claim_id in deleted:
        sent.append((claim_id, None, _delete_claim(conn, desk, claim_id)))
    if events:
        conn.cursor().executemany(_INSERT_EVENT, [_event_row(e) for e in events])
    return sent


def _announce(conn: Any, pipeline: Any, notice: str, events: list[Event]) -> tuple | None:
    """End the change's transaction and queue its notice behind it, in the same round trip;
    returns the statement to run afterwards instead where that cannot be done.

    A notice inside the change's own transaction would have its commit take PostgreSQL's
    cluster-wide notify lock, held until the commit is flushed to disk: every notifying
    commit would wait for the one before it to reach the disk, one at a time (eight
    writers queued behind each other's fsync). So the change commits at a Sync of its own,
    its flush shared with other commits as the server does, and the notice follows as a
    transaction of its own that writes nothing and so waits for no flush. It is sent only
    if the change's first event is on the desk (committed): a refused change announces
    nothing. A writer killed in the microseconds between sending the two leaves its
    change saved but unannounced; a workbench shows it when it next reads the claim.
    """
    if not events:  # nothing to look for: the notice goes in the change's transaction
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, notice))
        return None
    announce = (_ANNOUNCE, (notice, events[0].id))
    end_transaction = getattr(pipeline, "_enqueue_sync", None)  # psycopg's own Sync
    if end_transaction is None:
        return announce  # a psycopg without it: the notice takes a round trip of its own
    end_transaction()
    conn.execute(*announce)
    return None


def _on_desk(desk: TeamDesk, event_id: str) -> bool:
    return desk._one("SELECT 1 FROM events WHERE id = %s", (event_id,)) is not None


def _checked(sql: str) -> str:
    """``sql`` (a write ``RETURNING revision``) that fails with ``CD001`` on no row."""
    return f"WITH w AS ({sql}) SELECT COALESCE((SELECT revision FROM w), claimdesk_stale(%s))"


def _write_claim(conn: Any, desk: TeamDesk, doc: dict[str, Any]) -> Any:
    cid = doc["id"]
    shown = desk._shown.get(cid)
    values = _claim_values(doc)
    if shown is None:  # never shown here (a bulk write): the newest state wins
        return conn.execute(_checked(_UPSERT), (cid, *values, cid))
    if shown[0] == 0:  # shown as absent: only if nobody created it meanwhile
        return conn.execute(_checked(_INSERT_NEW), (cid, *values, cid))
    return conn.execute(_checked(_UPDATE_AT), (*values, cid, shown[0], cid))


def _delete_claim(conn: Any, desk: TeamDesk, claim_id: str) -> Any:
    shown = desk._shown.get(claim_id)
    if shown is None:  # never shown here: gone is gone, whoever changed it last
        return conn.execute("DELETE FROM claims WHERE id = %s", (claim_id,))
    sql = "DELETE FROM claims WHERE id = %s AND revision = %s RETURNING 0 AS revision"
    return conn.execute(_checked(sql), (claim_id, shown[0], claim_id))


def _notice(desk: TeamDesk, docs: list[dict], deleted: list[str], events: list[Event]) -> str:
    claim_ids = [d["id"] for d in docs] + list(deleted)
    articles = sorted(
        {d["article_id"] for d in docs} | {e.article_id for e in events if e.article_id}
    )
    reviewer = events[0].reviewer if events else ""
    notice: dict[str, Any] = {
        "reviewer": reviewer,
        "articles": articles[:20],
        "origin": desk.origin,
    }
    if len(claim_ids) <= _NOTIFY_CLAIMS:
        notice["claims"] = claim_ids
    return dumps(notice).decode()


def explain_conflict(desk: TeamDesk, claim_id: str) -> str:
    """``claim X was changed by reviewer2 at 10:42: verified; …`` from its latest event."""
    row = desk._one(
        "SELECT reviewer, doc->>'at', action, doc->'before', doc->'after', doc->>'detail' "
        "FROM events WHERE claim_id = %s ORDER BY seq DESC LIMIT 1",
        (claim_id,),
    )
    if row is None:
        return (
            f"claim {claim_id} was changed by someone else since it was shown; "
            "your change was not saved and the claim now shows its current state"
        )
    who, at, action, before, after, detail = row
    return (
        f"claim {claim_id} was changed by {who or 'someone'} at {_clock(at)}: "
        f"{_what(action, before, after, detail)}; your change was not saved and the claim "
        "now shows theirs"
    )


def _what(action: str, before: dict | None, after: dict | None, detail: str | None) -> str:
    if after is None:
        return "deleted"
    old = (before or {}).get("status", Status.UNREVIEWED.value)
    new = after.get("status", Status.UNREVIEWED.value)
    if old != new or action in ("status", "correct", "copy_verdict"):
        return new
    return " ".join((detail or action).split())[:60]


def _clock(at: str | None) -> str:
    try:
        return datetime.fromisoformat(at or "").astimezone().strftime("%H:%M")
    except ValueError:
        return at or "an unknown time"


def restore(
    desk: TeamDesk, articles: Iterable[Article], claims: Iterable[Claim], events: Iterable[Event]
) -> None:
    """Bulk load into an empty desk with COPY, in one transaction."""
    import psycopg
    from psycopg.types.json import Jsonb

    if desk.readonly:
        raise DeskError(f"team desk {desk.path} is open read-only; nothing was restored")
    row = desk._one(
        "SELECT (SELECT count(*) FROM articles) + (SELECT count(*) FROM claims) "
        "+ (SELECT count(*) FROM events)"
    )
    if row and row[0]:
        raise DeskError(
            f"team desk {desk.path} is not empty; copy or restore into an empty database"
        )
    conn = desk._conn
    order: dict[str, int] = {}
    try:
        with conn.transaction(), conn.cursor() as cur:
            with cur.copy("COPY articles (id, version, ord, doc) FROM STDIN") as copy:
                for article in articles:
                    ord_ = order.setdefault(article.id, len(order) + 1)
                    copy.write_row((article.id, article.version, ord_, Jsonb(article.to_dict())))
            if order:
                cur.execute("SELECT setval('article_ord', %s)", (len(order),))
            with cur.copy(f"COPY claims (id, {_COLUMNS}, revision) FROM STDIN") as copy:
                for claim in claims:
                    doc = compact_claim(claim_to_dict(claim))
                    copy.write_row((doc["id"], *_claim_values(doc), 1))
            with cur.copy(
                "COPY events (id, claim_id, article_id, action, reviewer, undoes, batch, doc) "
                "FROM STDIN"
            ) as copy:
                for event in events:
                    copy.write_row(_event_row(event))
    except psycopg.Error as exc:
        raise DeskError(f"team desk {desk.path}: nothing was restored ({_line(exc)})") from None
    desk._shown.clear()


def _line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
