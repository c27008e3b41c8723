"""A reviewer's edit (one claim, one event) as one SQL statement.

Nearly every change a reviewer makes is a single claim and its event. Each statement is
work for the client and the server alike (8 writers share 2 cores with the server), so
such an edit goes as one statement, checked and written at once::

    WITH w AS (UPDATE claims ... WHERE id = :claim AND revision = :shown RETURNING revision),
         c AS (SELECT COALESCE((SELECT revision FROM w), claimdesk_stale(:claim)) AS revision),
         e AS (INSERT INTO events ... SELECT ... FROM c)
    SELECT revision FROM c

The statement is its own transaction (see :mod:`core.team.writes`): the claim and its
event commit together or not at all. A revision check that finds the claim changed
raises ``CD001`` from ``claimdesk_stale``, which fails the whole statement, so a refused
edit leaves no event behind. The event is inserted from ``c``, which reads ``w``: its
``seq`` is drawn only once the claim's row is written (and locked), so events keep the
order their claims were written in.

The event's ``after`` is the claim document itself: it travels once and the server puts
it into the event (``jsonb_set``), so the event stored is the one the desk would have
written whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from core.model import Status
from core.team.jsonb import jsonb

if TYPE_CHECKING:
    from core.model import Event

_SET = (
    "article_id = %(article)s, start_at = %(start)s, end_at = %(end)s, status = %(status)s, "
    "reviewer = %(reviewer)s, doc = %(doc)s, revision = claims.revision + 1"
)
_INSERT = (
    "INSERT INTO claims (id, article_id, start_at, end_at, status, reviewer, doc, revision) "
    "VALUES (%(claim)s, %(article)s, %(start)s, %(end)s, %(status)s, %(reviewer)s, %(doc)s, 1) "
)
_STALE = "claimdesk_stale(%(claim)s)"

_WRITES = {
    # shown at a revision: only if still at it
    "update": (
        f"UPDATE claims SET {_SET} WHERE id = %(claim)s AND revision = %(shown)s "
        "RETURNING revision",
        _STALE,
    ),
    # shown as absent: only if nobody created it meanwhile
    "create": (_INSERT + "ON CONFLICT (id) DO NOTHING RETURNING revision", _STALE),
    # never shown here (a bulk write): the newest state wins
    "upsert": (_INSERT + f"ON CONFLICT (id) DO UPDATE SET {_SET} RETURNING revision", _STALE),
    # deleting what was shown at a revision: only if still at it
    "delete": (
        "DELETE FROM claims WHERE id = %(claim)s AND revision = %(shown)s RETURNING 0 AS revision",
        _STALE,
    ),
    # deleting what was never shown: gone is gone, whoever changed it last
    "delete_any": ("DELETE FROM claims WHERE id = %(claim)s RETURNING 0 AS revision", "0"),
}


_WRITTEN = "jsonb_set(%(event_doc)s, '{after}', %(doc)s)"  # the event, its after added
_DELETED = "%(event_doc)s"  # the event whole (its after is null)


def _statement(write: str, check: str, event_doc: str) -> str:
    return (
        f"WITH w AS ({write}), "
        f"c AS (SELECT COALESCE((SELECT revision FROM w), {check}) AS revision), "
        "e AS (INSERT INTO events "
        "(id, claim_id, article_id, action, reviewer, undoes, batch, doc) "
        "SELECT %(event)s::text, %(claim)s::text, %(event_article)s::text, %(action)s::text, "
        f"%(who)s::text, %(undoes)s::text, %(batch)s::text, {event_doc} FROM c) "
        "SELECT revision FROM c"
    )


STATEMENTS = {
    kind: _statement(write, check, _DELETED if kind.startswith("delete") else _WRITTEN)
    for kind, (write, check) in _WRITES.items()
}
"""kind of write → the statement that makes it, with its event."""


@dataclass(slots=True)
class OneEdit:
    """What :func:`plan` found: the claim written (``None``: deleted) and its statement."""

    claim_id: str
    doc: dict[str, Any] | None
    sql: str
    params: dict[str, Any]


def plan(
    shown: tuple[int, dict[str, Any] | None] | None,
    claims: list[Any],
    docs: list[dict[str, Any]],
    deleted: list[str],
    events: list[Event],
) -> OneEdit | None:
    """The edit as one statement, or ``None`` when it is not one claim and its event.

    ``claims`` are what the caller passed (the event's ``after`` is usually the very
    dict), ``docs`` their stored forms, ``shown`` what this desk last showed of the claim.
    """
    from core.desk.codec import compact_claim, event_to_dict

    if len(events) != 1 or len(docs) + len(deleted) != 1:
        return None
    event = events[0]
    claim_id = docs[0]["id"] if docs else deleted[0]
    if event.claim_id != claim_id:
        return None
    stored = event_to_dict(event)
    before, after = stored["before"], stored["after"]
    stored["before"] = compact_claim(before) if before else before
    params: dict[str, Any] = {"claim": claim_id}
    if docs:
        doc = docs[0]
        if not (after is claims[0] or (after and compact_claim(after) == doc)):
            return None  # the event records something else: write it whole, elsewhere
        del stored["after"]
        kind = "upsert" if shown is None else "create" if shown[0] == 0 else "update"
        params.update(
            article=doc["article_id"],
            start=doc["start"],
            end=doc["end"],
            status=doc.get("status", Status.UNREVIEWED.value),
            reviewer=doc.get("reviewer", ""),
            doc=jsonb(doc),
        )
    else:
        doc = None
        stored["after"] = compact_claim(after) if after else after
        kind = "delete_any" if shown is None else "delete"
    if shown is not None:
        params["shown"] = shown[0]
    params.update(
        event=event.id,
        event_article=event.article_id,
        action=event.action,
        who=event.reviewer or "",
        undoes=event.undoes,
        batch=event.batch,
        event_doc=jsonb(stored),
    )
    return OneEdit(claim_id, doc, STATEMENTS[kind], params)
