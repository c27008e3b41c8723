"""One action over several claims: a verdict on a claim and its repeats is one batch.

Each claim gets its own event, all events share a batch id, the desk gets them in one
commit, and undo / redo take the whole batch back in one step — also after a restart.
"""

from __future__ import annotations

import pytest
from desk_samples import article, claims_v1

from core.desk import Desk
from core.errors import UserError
from core.model import Status
from core.repeats import Repeats
from core.review import Review


def _seed(path):
    with Desk.open(path) as desk:
        art = article()
        Review(desk, "importer").import_article(art, claims_v1(art))
        return [c.id for c in desk.claims()]


@pytest.fixture
def path(tmp_path):
    return tmp_path / "desk.json"


@pytest.fixture
def ids(path):
    return _seed(path)


def _together(review, ids, status, note=None):
    """One verdict on ``ids[0]`` settling the rest as its repeats, as the workbench does."""
    repeats = [review.desk.claim(cid) for cid in ids[1:]]
    settled = review.settle(
        ids[0],
        lambda cid: review.set_status(cid, status, note=note),
        Repeats.TOGETHER,
        known_repeats=repeats,
    )
    return settled.claims


def _statuses(desk, ids):
    return [desk.claim(cid).status for cid in ids]


def test_a_verdict_with_repeats_gives_each_claim_an_event_sharing_one_batch(path, ids):
    with Desk.open(path) as desk:
        saved = _together(Review(desk, "ann"), ids, "verified", note="ministry list")
        assert [c.id for c in saved] == ids
        assert _statuses(desk, ids) == [Status.VERIFIED] * len(ids)
        events = [desk.events(cid)[-1] for cid in ids]
        assert {e.action for e in events} == {"status"}
        batches = {e.batch for e in events}
        assert len(batches) == 1 and None not in batches
        assert all(desk.claim(cid).notes[-1].text == "ministry list" for cid in ids)


def test_single_change_has_no_batch(path, ids):
    with Desk.open(path) as desk:
        Review(desk, "ann").set_status(ids[0], "verified")
        assert desk.events(ids[0])[-1].batch is None


def test_undo_takes_back_the_whole_batch_across_a_restart_and_redo_reapplies_it(path, ids):
    first, *rest = ids
    with Desk.open(path) as desk:
        review = Review(desk, "ann")
        review.set_status(first, "false")  # an earlier, separate change
        _together(review, rest, "verified")
    with Desk.open(path) as desk:
        review = Review(desk, "ann")
        event = review.undo()
        assert event is not None and event.claim_id == rest[0]
        assert len(review.last_events) == len(rest)
        assert _statuses(desk, rest) == [Status.UNREVIEWED] * len(rest)
        assert desk.claim(first).status == Status.FALSE  # not part of the batch
    with Desk.open(path) as desk:
        review = Review(desk, "ann")
        event = review.redo()
        assert event is not None and event.claim_id == rest[0]
        assert _statuses(desk, rest) == [Status.VERIFIED] * len(rest)
        # the redo is itself one step: undo again takes back the batch, not one claim
        review.undo()
        assert _statuses(desk, rest) == [Status.UNREVIEWED] * len(rest)
        assert desk.claim(first).status == Status.FALSE
        review.undo()  # then the earlier separate change
        assert desk.claim(first).status == Status.UNREVIEWED
        assert review.undo() is None  # the import was someone else's


def test_batch_is_all_or_nothing(path, ids):
    with Desk.open(path) as desk:
        review = Review(desk, "ann")
        with pytest.raises(UserError), review.batch():
            review.set_status(ids[0], "verified")
            review.set_status(ids[1], "corrected")  # needs a correction: refused
        assert _statuses(desk, ids) == [Status.UNREVIEWED] * len(ids)
        assert [e.action for e in desk.events(ids[0])] == ["import"]
        assert desk.undo_state("ann") == ([], [])


def test_same_claim_twice_in_a_batch_undoes_to_the_start(path, ids):
    with Desk.open(path) as desk:
        review = Review(desk, "ann")
        with review.batch():
            review.set_status(ids[0], "verified")
            review.add_note(ids[0], "two sources agree")
            review.set_status(ids[1], "needs_source")
        assert desk.claim(ids[0]).notes[-1].text == "two sources agree"
        review.undo()
        assert _statuses(desk, ids[:2]) == [Status.UNREVIEWED] * 2
        assert desk.claim(ids[0]).notes == []
        review.redo()
        assert _statuses(desk, ids[:2]) == [Status.VERIFIED, Status.NEEDS_SOURCE]
        assert [n.text for n in desk.claim(ids[0]).notes] == ["two sources agree"]


def test_batch_undo_refuses_when_one_claim_changed_since(path, ids):
    with Desk.open(path) as desk:
        _together(Review(desk, "ann"), ids[:2], "verified")
        Review(desk, "bob").set_status(ids[1], "false")
        with pytest.raises(UserError, match="changed again"):
            Review(desk, "ann").undo()
        # nothing of the batch was undone, not even the claim nobody else touched
        assert _statuses(desk, ids[:2]) == [Status.VERIFIED, Status.FALSE]


def test_cli_undo_takes_back_a_batch(path, ids, capsys, monkeypatch):
    from cli import main

    with Desk.open(path) as desk:
        _together(Review(desk, "tester"), ids, "verified")
    monkeypatch.setenv("CLAIMDESK_DESK", str(path))
    assert main(["undo"]) == 0
    out = capsys.readouterr().out
    assert f"{len(ids) - 1} more" in out
    with Desk.open(path) as desk:
        assert _statuses(desk, ids) == [Status.UNREVIEWED] * len(ids)
