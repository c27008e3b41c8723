"""The team desk's edit path on a real server: what one edit sends, what it stores, what it
announces, and that a change refused or failed half way leaves nothing behind.

An edit of one claim is one statement (core.team.one_edit) and its notice a transaction
of its own sent behind it; any other change is a statement per claim and per event. Both
must store exactly the event the desk describes, refuse a stale edit naming who changed
the claim, and announce only what was committed.
"""

from __future__ import annotations

import psycopg
import pytest
from desk_samples import article, claims_v1

from core.desk import open_desk
from core.desk.codec import claim_to_dict, compact_claim, event_to_dict, new_event_id, stored_event
from core.errors import ConflictError, DeskError
from core.model import Event, now_iso
from core.review import Review
from core.team.schema import CHANNEL


@pytest.fixture
def listener(pg_url):
    """A plain LISTEN on the desk's channel: every notice the server delivers."""
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f"LISTEN {CHANNEL}")
        yield conn


def _notices(conn) -> list[str]:
    import json

    return [json.loads(n.payload) for n in conn.notifies(timeout=0.5)]


def _raw(desk, table: str, key: str) -> dict | None:
    row = desk._one(f"SELECT doc FROM {table} WHERE id = %s", (key,))
    return row[0] if row else None


def _revision(desk, claim_id: str) -> int:
    row = desk._one("SELECT revision FROM claims WHERE id = %s", (claim_id,))
    return int(row[0])


def _edit(desk, claim_id: str, reviewer: str = "ann", after: dict | None = ...) -> Event:
    """An event as Review writes one: the claim before (as shown) and after."""
    before = desk.claim_dict(claim_id)
    if after is ...:
        after = dict(before, status="verified", reviewer=reviewer, updated_at=now_iso())
    event = Event(new_event_id(), claim_id, before["article_id"], "status", before, after)
    event.reviewer, event.at, event.detail = reviewer, now_iso(), "unreviewed → verified"
    return event


@pytest.mark.parametrize("shown", ["at its revision", "never"])
def test_one_edit_stores_the_event_the_desk_describes(team, ids, pg_url, shown):
    event = _edit(team, ids[0])
    if shown == "never":  # a desk that never showed the claim writes it whatever it is
        team._shown.clear()
    team.commit(claims=[event.after], events=[event])
    assert _raw(team, "events", event.id) == stored_event(event_to_dict(event))
    assert _raw(team, "claims", ids[0]) == compact_claim(event.after)
    assert _revision(team, ids[0]) == 2
    with open_desk(pg_url) as fresh:
        assert fresh.events(ids[0])[-1].after == event.after


def test_a_claim_shown_as_absent_is_created_with_its_event(pg_url):
    art = article()
    claim = claims_v1(art)[0]
    with open_desk(pg_url) as desk:
        assert desk.claim_dict(claim.id) is None  # shown as absent
        after = claim_to_dict(claim)
        event = Event(new_event_id(), claim.id, art.id, "add_claim", None, after, "ann")
        event.at = now_iso()
        desk.commit(claims=[after], events=[event])
        assert _raw(desk, "events", event.id) == stored_event(event_to_dict(event))
        assert _revision(desk, claim.id) == 1


@pytest.mark.parametrize("shown", [True, False])
def test_one_deletion_stores_its_event_and_removes_the_claim(team, ids, shown):
    event = _edit(team, ids[1], after=None)
    event.action = "undo"
    if not shown:
        team._shown.clear()
    team.commit(deleted_claims=[ids[1]], events=[event])
    assert _raw(team, "events", event.id) == stored_event(event_to_dict(event))
    assert _raw(team, "claims", ids[1]) is None
    assert not team.has_claim(ids[1])


def test_a_stale_deletion_is_refused_and_the_claim_stays(team, ids, pg_url):
    event = _edit(team, ids[1], after=None)
    with open_desk(pg_url) as other:
        Review(other, "bob").set_status(ids[1], "false")
    with pytest.raises(ConflictError, match=r"changed by bob at .*: false"):
        team.commit(deleted_claims=[ids[1]], events=[event])
    assert team.has_claim(ids[1])
    assert _raw(team, "events", event.id) is None


def test_an_edit_whose_event_fails_leaves_the_claim_as_it_was(team, ids, listener):
    """The claim is written first within the statement; the event's insert failing (it
    names no action) must take the claim's write back with it."""
    first = _edit(team, ids[0])
    team.commit(claims=[first.after], events=[first])
    _notices(listener)
    again = _edit(team, ids[0])
    again.after = dict(again.after, status="false")
    again.action = None  # type: ignore[assignment]
    with pytest.raises(DeskError, match="refused this change, nothing was saved"):
        team.commit(claims=[again.after], events=[again])
    assert _raw(team, "claims", ids[0])["status"] == "verified"
    assert _revision(team, ids[0]) == 2
    assert [e.id for e in team.events(ids[0])][-1] == first.id
    assert _notices(listener) == []


def test_a_batch_failing_at_its_last_statement_leaves_nothing_half_done(
    team, ids, listener, pg_url
):
    """Every claim of the batch is written before the event that fails (its id is already
    on the desk): the server must roll all of them back, and announce nothing."""
    team.claims("art000000001")
    events = [_edit(team, cid) for cid in ids]
    events[-1].id = team.events(ids[2])[0].id  # the import's event
    with pytest.raises(DeskError, match="nothing was saved"):
        team.commit(claims=[e.after for e in events], events=events)
    with open_desk(pg_url) as fresh:
        assert [c.status for c in fresh.claims()] == ["unreviewed"] * 3
        assert sum(1 for _ in fresh.iter_events()) == 3
        assert [_revision(fresh, cid) for cid in ids] == [1, 1, 1]
    assert _notices(listener) == []
    # the desk goes on: the same batch with an id of its own is saved whole
    events[-1].id = new_event_id()
    team.commit(claims=[e.after for e in events], events=events)
    assert [c.status for c in team.claims()] == ["verified"] * 3
    assert [n["claims"] for n in _notices(listener)] == [ids]


def test_a_committed_edit_is_announced_and_a_refused_one_is_not(team, ids, pg_url, listener):
    shown_to_ann = Review(team, "ann")
    team.claims("art000000001")
    with open_desk(pg_url) as other:
        Review(other, "bob").set_status(ids[0], "false")
        (notice,) = _notices(listener)
        assert notice["reviewer"] == "bob"
        assert notice["claims"] == [ids[0]] and notice["articles"] == ["art000000001"]
        assert notice["origin"] == other.origin
    with pytest.raises(ConflictError):
        shown_to_ann.set_status(ids[0], "verified")
    assert _notices(listener) == []
    shown_to_ann.set_status(ids[0], "verified")  # now based on bob's verdict
    assert [n["reviewer"] for n in _notices(listener)] == ["ann"]


def test_a_notice_reaches_a_listening_desk_with_the_claim_committed(team, ids, pg_url):
    """The notice follows the commit: a workbench reading the claim on the notice sees the
    change (never a notice that arrives before what it announces)."""
    import threading

    seen: list[str] = []
    arrived = threading.Event()
    with open_desk(pg_url) as watcher:

        def on_notice(notice: dict) -> None:
            seen.append(watcher.claim(notice["claims"][0]).status)
            arrived.set()

        listening = watcher.listen(on_notice)
        try:
            Review(team, "ann").set_status(ids[1], "needs_source")
            assert arrived.wait(5)
        finally:
            listening.close()
    assert seen == ["needs_source"]


def _frontend_messages(desk, action) -> list[tuple[str, str]]:
    """(message type, text) of every message this desk's connection sends during
    ``action``, from libpq's own protocol trace."""
    import os
    import tempfile

    pgconn = desk._conn.pgconn
    with tempfile.TemporaryFile("w+") as trace:
        pgconn.trace(trace.fileno())
        pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
        try:
            action()
        finally:
            pgconn.untrace()
        os.fsync(trace.fileno())
        trace.seek(0)
        lines = trace.read().splitlines()
    out = []
    for line in lines:
        parts = line.split("\t")
        if parts[0] == "F":
            out.append((parts[2], "\t".join(parts[3:])))
    return out


def test_an_edit_is_one_statement_committed_before_its_notice(team, ids):
    team.claims("art000000001")  # what the reviewer is shown
    review = Review(team, "ann")
    review.set_status(ids[0], "false")  # the statement is parsed once, then prepared
    sent = _frontend_messages(team, lambda: review.set_status(ids[1], "verified"))
    kinds = [kind for kind, _ in sent]
    assert kinds.count("Execute") == 2, sent  # the edit, then its notice
    assert kinds.count("Sync") == 2, sent
    first_sync = kinds.index("Sync")
    assert kinds.index("Execute") < first_sync < len(kinds) - 1 - kinds[::-1].index("Execute")
    statements = " ".join(text for kind, text in sent if kind in ("Parse", "Query"))
    assert "BEGIN" not in statements and "COMMIT" not in statements


def test_a_batch_sends_its_statements_at_once_and_commits_before_its_notice(team, ids):
    team.claims("art000000001")
    review = Review(team, "ann")

    def batch() -> None:
        with review.batch():
            for cid in ids:
                review.set_status(cid, "verified")

    sent = _frontend_messages(team, batch)
    kinds = [kind for kind, _ in sent]
    assert kinds.count("Sync") == 2, sent  # the change's transaction, then the notice's
    assert kinds.count("Execute") == 3 + 3 + 1, sent  # claims, events, notice
    assert kinds[kinds.index("Sync") + 1 :].count("Execute") == 1
    assert not any(text.strip('"') in ("BEGIN", "COMMIT") for _, text in sent)


def test_a_figure_past_64_bits_is_saved_exactly(pg_url):
    """orjson refuses integers past 64 bits; such a value still goes to the server exact."""
    from core.model import Claim, Figure

    text = "The debt reached 100000000000000000000 dollars last year."
    art = article(text)
    start = text.index("1000")
    value = 10**20
    fig = Figure(str(value), start, start + len(str(value)), "count", value)
    claim = Claim(id="big000000001", article_id=art.id, statement=text, start=0, end=len(text))
    claim.figures = [fig]
    with open_desk(pg_url) as desk:
        Review(desk, "importer").import_article(art, [claim])
        desk.claims(art.id)
        Review(desk, "ann").set_status(claim.id, "verified")
    with open_desk(pg_url) as fresh:
        (saved,) = fresh.claims(art.id)
        assert saved.figures[0].value == value and saved.status == "verified"
        assert fresh.events(claim.id)[-1].after["figures"][0]["value"] == value


def test_a_notice_the_server_refuses_leaves_the_edit_saved_and_says_so(team, ids, listener):
    """The notice is a transaction behind the edit's: its failure (here a payload past
    the server's 8,000 bytes, from a reviewer name that long) cannot undo the edit, and
    the edit is not reported as lost."""
    team.claims("art000000001")
    Review(team, "r" * 8100).set_status(ids[0], "verified")
    assert _raw(team, "claims", ids[0])["status"] == "verified"
    assert team.events(ids[0])[-1].reviewer == "r" * 8100
    (warning,) = team.warnings
    assert "this change was saved, but other workbenches were not told" in warning
    assert "payload string too long" in warning
    assert _notices(listener) == []


def test_closing_a_listener_wakes_it_at_once(team, pg_url, monkeypatch):
    """A workbench on a team desk quits without waiting out the listener's poll: closing
    it wakes its thread (here the poll is made far longer than the test could wait)."""
    import time

    import core.team.live

    monkeypatch.setattr(core.team.live, "POLL", 60.0)
    with open_desk(pg_url) as watcher:
        listening = watcher.listen(lambda notice: None)
        time.sleep(0.2)  # the thread is inside its wait for notices
        started = time.monotonic()
        listening.close()
        assert time.monotonic() - started < 10
        assert not listening._thread.is_alive()
