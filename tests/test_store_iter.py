"""Streaming reads of the desk: iter_events, iter_event_dicts, iter_claim_dicts.

The dict forms skip building model objects, so they must give exactly what the objects'
``to_dict`` gives (same keys, same order, same values) for every shape a stored document
can have, including ones written by an older or newer claimdesk.
"""

from __future__ import annotations

import pytest

from core.desk import Desk
from core.desk.codec import claim_from_doc, claim_record, claim_to_dict, event_record
from core.importing import import_path
from core.model import Claim, Event
from core.review import Review


@pytest.fixture
def desk(tmp_path, seed_path):
    with Desk.open(tmp_path / "desk.json") as opened:
        import_path(opened, seed_path, "tester")
        review = Review(opened, "tester")
        first, second, third = [c.id for c in opened.claims()[:3]]
        review.set_status(first, "verified")
        review.add_source(first, "https://example.org/a", title="تقرير", note="wire copy")
        review.correct(second, value="29", statement='He said "29"', note="per the DOJ")
        review.add_note(second, "中文 😀, twice")
        review.set_status(third, "false", note="=1+1")
        review.undo()
        yield opened


def ordered(items: list[dict]) -> list[list]:
    """Dicts as key/value lists, so that comparing them compares key order too."""
    return [list(item.items()) for item in items]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"statuses": ["verified", "corrected", "false"]},
        {"statuses": ["unreviewed"]},
        {"all_versions": True},
    ],
)
def test_claim_dicts_are_the_claims_to_dict(desk, filters):
    dicts = list(desk.iter_claim_dicts(**filters))
    assert ordered(dicts) == ordered([c.to_dict() for c in desk.iter_claims(**filters)])
    assert dicts


def test_claim_dicts_of_one_article(desk):
    article_id = desk.articles()[0].id
    assert ordered(list(desk.iter_claim_dicts(article_id))) == ordered(
        [c.to_dict() for c in desk.claims(article_id)]
    )
    assert list(desk.iter_claim_dicts("no-such-article")) == []


def test_events_stream_in_the_order_they_happened(desk):
    events = desk.events()
    assert len(events) >= 6
    assert list(desk.iter_events()) == events
    assert ordered(list(desk.iter_event_dicts())) == ordered([e.to_dict() for e in events])
    claim_id = events[0].claim_id
    mine = [e for e in events if e.claim_id == claim_id]
    assert list(desk.iter_events(claim_id)) == mine == desk.events(claim_id)
    assert [d["id"] for d in desk.iter_event_dicts(claim_id)] == [e.id for e in mine]
    assert list(desk.iter_events("no-such-claim")) == []


def test_an_event_committed_mid_iteration_does_not_break_it(desk):
    review = Review(desk, "tester")
    before = [e.id for e in desk.events()]
    stream = desk.iter_event_dicts()
    seen = [next(stream)["id"]]
    review.set_status(desk.claims()[5].id, "needs_source")  # a new event while streaming
    seen += [e["id"] for e in stream]
    assert seen == before
    assert len(desk.events()) == len(before) + 1


def test_claim_record_matches_the_claim_for_documents_of_other_shapes(desk):
    stored = claim_to_dict(next(c for c in desk.iter_claims() if c.sources))
    stored["notes"] = [{"text": "checked", "reviewer": "tester", "at": "2026-11-27"}]
    assert list(claim_record(stored).items()) == list(stored.items())
    shapes = [
        {**stored, "added_later": 1},  # a field from a newer claimdesk
        {**stored, "sources": [{**stored["sources"][0], "archived": "x"}]},
        {**stored, "notes": [{"text": "older note without fields"}]},
        {**stored, "correction": {}},
        {**stored, "figures": [{**stored["figures"][0], "extra": True}]},
        {"id": "x", "article_id": "a", "statement": "s", "start": 0, "end": 1},
    ]
    for doc in shapes:
        assert list(claim_record(doc).items()) == list(
            claim_to_dict(claim_from_doc(doc)).items()
        ), doc


def test_event_record_matches_the_event_for_older_and_newer_documents(desk):
    event = desk.events()[-1].to_dict()
    older = {k: v for k, v in event.items() if k not in ("batch", "undoes", "detail")}
    newer = {**event, "added_later": [1]}
    for doc in (event, older, newer):
        expected = Event.from_dict(doc).to_dict()
        expected["before"] = expected["before"] and Claim.from_dict(expected["before"]).to_dict()
        expected["after"] = expected["after"] and Claim.from_dict(expected["after"]).to_dict()
        assert list(event_record(doc).items()) == list(expected.items()), doc
