"""A claim split in two, two neighbours merged: one batch, one undo, in every export."""

from __future__ import annotations

import pytest

from core.errors import UserError
from core.model import Status


def ordered(desk):
    return sorted(desk.claims(), key=lambda c: c.start)


def test_a_split_keeps_the_verdict_on_the_first_part_and_undo_joins_them(review, desk):
    first = ordered(desk)[0]
    review.set_status(first.id, "verified")
    review.add_note(first.id, "checked")
    text = desk.articles()[0].text
    cut = text.index(" ", first.start + 10) - first.start
    head, tail = review.split_claim(first.id, cut)
    assert head.id == first.id and tail.id != first.id
    assert (head.start, head.end, tail.start, tail.end) == (
        first.start,
        first.start + cut,
        first.start + cut,
        first.end,
    )
    assert head.status == Status.VERIFIED and [n.text for n in head.notes] == ["checked"]
    assert tail.status == Status.UNREVIEWED and tail.notes == []
    assert head.statement + " " + tail.statement == " ".join(text[first.start : first.end].split())
    assert {e.action for e in desk.events(tail.id)} == {"split"}
    review.undo()
    assert not desk.has_claim(tail.id)
    assert desk.claim(first.id).end == first.end
    review.redo()
    assert desk.has_claim(tail.id)


def test_a_split_at_a_figure(review, desk):
    one, two = ordered(desk)[:2]
    claim = review.merge_claims(one.id, two.id)
    later = claim.figures[len(one.figures)]
    head, tail = review.split_at_figure(claim.id, later.text)
    assert tail.start == later.start and tail.key_figure.text == later.text
    assert all(f.start < later.start for f in head.figures)


@pytest.mark.parametrize("offset", [0, -3, 10_000])
def test_a_split_needs_words_on_both_sides(review, desk, offset):
    claim = ordered(desk)[0]
    with pytest.raises(UserError, match="words on both sides") as caught:
        review.split_claim(claim.id, offset)
    assert "\n" not in str(caught.value)


def test_a_split_at_a_figure_it_does_not_have(review, desk):
    claim = ordered(desk)[0]
    with pytest.raises(UserError, match="has no later figure '999'"):
        review.split_at_figure(claim.id, "999")


def test_neighbours_merge_and_undo_brings_both_back(review, desk):
    one, two = ordered(desk)[:2]
    review.set_status(one.id, "verified")
    review.add_source(two.id, "https://example.org/b")
    merged = review.merge_claims(two.id, one.id)
    assert merged.id == one.id and not desk.has_claim(two.id)
    assert (merged.start, merged.end) == (one.start, two.end)
    assert merged.status == Status.UNREVIEWED  # the verdicts differed
    assert [s.url for s in merged.sources] == ["https://example.org/b"]
    assert [f.text for f in merged.figures] == [
        *(f.text for f in one.figures),
        *(f.text for f in two.figures),
    ]
    assert desk.events(two.id)[-1].action == "merge"
    review.undo()
    assert desk.claim(two.id).sources[0].url == "https://example.org/b"
    assert desk.claim(one.id).end == one.end and desk.claim(one.id).status == Status.VERIFIED


def test_only_neighbours_of_one_article_merge(review, desk):
    claims = ordered(desk)
    with pytest.raises(UserError, match="not neighbours"):
        review.merge_claims(claims[0].id, claims[2].id)
    with pytest.raises(UserError, match="two different claims"):
        review.merge_claims(claims[0].id, claims[0].id)
