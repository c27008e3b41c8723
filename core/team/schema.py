"""The team desk's tables, created on first use and upgraded by numbered migrations.

``claimdesk_meta`` holds the schema version. Opening a desk takes a transaction-level
advisory lock while it checks the version, so two reviewers starting claimdesk on a new
database at the same moment do not both create the tables.

- ``articles``: every version of every article (``ord``: first-import order).
- ``claims``: the current state of each claim, with ``revision`` (bumped on every change,
  the optimistic-concurrency check) and the flexible parts in ``doc`` (JSONB).
- ``events``: every change, in ``seq`` order; the source of truth the claims replay from.
- ``assignments``: which reviewer an article is given to.
- ``claimdesk_stale(claim)``: raises ``CD001``; a write whose revision check found no
  row calls it, so a stale edit fails inside its own statement (see core.team.writes).
- ``presence``: which reviewer has which article open, keyed by server backend pid so
  that a workbench killed without closing leaves no stale entry.

Version 2 adds the known fact-checks (see core.team.checks) and an index for queues:

- ``claims_last_reviewer``: the claims by who changed them last (``lower(reviewer)``), for
  the ``decided-by:`` and ``reviewer:`` halves of a queue.
- ``checks``: one row per check, keyed by its url as on the desk file; ``ord`` keeps the
  order checks were first imported in (a re-import updates in place), ``doc`` the check
  as JSON text (``json``, not ``jsonb``: a check's fields keep their order, so a search
  prints the same line on a team desk as on a desk file).
- ``claimdesk_meta`` ``checks_generation``: bumped in the same transaction as every
  change to ``checks``, so a search index built at one generation knows when it is stale;
  ``desk_id``: a random name for this desk, so a cached index of a dropped and recreated
  database of the same name is never taken for its own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from core.errors import DeskError

SCHEMA_VERSION = 2
LOCK_KEY = 0x636C61696D  # "claim": the advisory lock taken while migrating
CHANNEL = "claimdesk"
"""The LISTEN/NOTIFY channel every committed change is announced on."""

_V1 = """
CREATE TABLE IF NOT EXISTS articles (
    id text COLLATE "C" NOT NULL,
    version integer NOT NULL,
    ord bigint NOT NULL,
    doc jsonb NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE SEQUENCE IF NOT EXISTS article_ord;
CREATE INDEX IF NOT EXISTS articles_ord ON articles (ord, version);
CREATE TABLE IF NOT EXISTS claims (
    id text COLLATE "C" PRIMARY KEY,
    article_id text COLLATE "C" NOT NULL,
    start_at integer NOT NULL,
    end_at integer NOT NULL,
    status text NOT NULL,
    reviewer text NOT NULL DEFAULT '',
    revision bigint NOT NULL,
    doc jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS claims_article ON claims (article_id, start_at, end_at, id);
CREATE INDEX IF NOT EXISTS claims_status ON claims (status);
CREATE TABLE IF NOT EXISTS events (
    seq bigserial PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE,
    claim_id text COLLATE "C" NOT NULL,
    article_id text COLLATE "C",
    action text NOT NULL,
    reviewer text NOT NULL DEFAULT '',
    undoes text,
    batch text,
    doc jsonb NOT NULL
);
CREATE INDEX IF NOT EXISTS events_claim ON events (claim_id, seq);
CREATE INDEX IF NOT EXISTS events_reviewer ON events (reviewer, seq);
CREATE TABLE IF NOT EXISTS assignments (
    article_id text COLLATE "C" PRIMARY KEY,
    reviewer text NOT NULL,
    assigned_by text NOT NULL,
    at text NOT NULL
);
CREATE OR REPLACE FUNCTION claimdesk_stale(claim text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'CD001', MESSAGE = claim;
END $$;
CREATE TABLE IF NOT EXISTS presence (
    pid integer PRIMARY KEY,
    reviewer text NOT NULL,
    article_id text COLLATE "C",
    at timestamptz NOT NULL DEFAULT now()
);
"""


_V2 = """
CREATE TABLE IF NOT EXISTS checks (
    url text COLLATE "C" PRIMARY KEY,
    ord bigserial NOT NULL,
    publisher text NOT NULL DEFAULT '',
    doc json NOT NULL
);
CREATE INDEX IF NOT EXISTS checks_ord ON checks (ord);
CREATE INDEX IF NOT EXISTS claims_last_reviewer ON claims (lower(reviewer));
INSERT INTO claimdesk_meta (key, value) VALUES ('checks_generation', '0')
    ON CONFLICT (key) DO NOTHING;
INSERT INTO claimdesk_meta (key, value)
    VALUES ('desk_id', to_jsonb(md5(random()::text || clock_timestamp()::text)))
    ON CONFLICT (key) DO NOTHING;
"""


def _to_v1(cur: Any) -> None:
    cur.execute(_V1)


def _to_v2(cur: Any) -> None:
    cur.execute(_V2)


MIGRATIONS: dict[int, Callable[[Any], None]] = {0: _to_v1, 1: _to_v2}
"""``version → step`` upgrading the tables from ``version`` to ``version + 1``."""


def ensure_schema(conn: Any, where: str, target: int = SCHEMA_VERSION) -> int:
    """Create or upgrade the tables to ``target`` (this code's version; an older one only
    to make a desk as an older claimdesk did); returns the version found before (0: a
    new desk). Every step runs in one transaction under the advisory lock: two processes
    opening an old desk at once migrate it once (the second waits, then finds it done)."""
    from psycopg.types.json import Jsonb

    if conn.autocommit and _version_now(conn) == target:
        return target  # the common case: nothing to create or upgrade, no lock to take
    with conn.transaction(), conn.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        cur.execute("CREATE TABLE IF NOT EXISTS claimdesk_meta (key text PRIMARY KEY, value jsonb)")
        cur.execute("SELECT value FROM claimdesk_meta WHERE key = 'schema'")
        row = cur.fetchone()
        found = int(row[0]) if row else 0
        if found > SCHEMA_VERSION:
            raise DeskError(
                f"team desk {where} was written by a newer claimdesk (schema {found}, "
                f"this one reads {SCHEMA_VERSION}); upgrade claimdesk"
            )
        for version in range(found, target):
            MIGRATIONS[version](cur)
        if found < target:
            cur.execute(
                "INSERT INTO claimdesk_meta (key, value) VALUES ('schema', %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (Jsonb(target),),
            )
    return found


def _version_now(conn: Any) -> int | None:
    """The desk's schema version as committed, in one statement outside any transaction;
    ``None`` when it has no tables yet. A migration under way elsewhere is not visible
    until it commits, so a desk read as current here is current."""
    import psycopg

    try:
        row = conn.execute("SELECT value FROM claimdesk_meta WHERE key = 'schema'").fetchone()
    except psycopg.errors.UndefinedTable:
        return None
    return int(row[0]) if row else 0
