"""A claim's statement and key figure edited: undoable events, bad values refused."""

from __future__ import annotations

import pytest

from core.errors import UserError
from core.match import group_repeats


def test_the_key_figure_value_kind_and_unit_are_edited_and_undone(review, desk, cid):
    before = desk.claim(cid).key_figure
    claim = review.edit_figure(cid, value="26000", kind="money", unit="USD")
    figure = claim.key_figure
    assert (figure.kind, figure.value, figure.unit) == ("money", 26000, "USD")
    assert (figure.text, figure.start, figure.end) == (before.text, before.start, before.end)
    assert desk.claim(cid).key_figure.value == 26000
    event = desk.events(cid)[-1]
    assert event.action == "edit_figure" and "→ money 26000 USD" in event.detail
    claim = review.edit_figure(cid, unit="")
    assert claim.key_figure.unit is None
    review.undo()
    review.undo()
    assert desk.claim(cid).key_figure == before


def test_a_kind_change_keeps_a_value_that_still_reads(review, desk, cid):
    claim = review.edit_figure(cid, kind="percent")
    assert (claim.key_figure.kind, claim.key_figure.value) == ("percent", 26)
    with pytest.raises(UserError, match="duration"):
        review.edit_figure(cid, kind="duration")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "twenty-six"}, "a count's value is a number"),
        ({"value": "  "}, "needs a value"),
        ({"value": "nan"}, "finite number"),
        ({"kind": "weight", "value": "3"}, "unknown figure kind 'weight'"),
        ({"kind": "duration", "value": "90 days"}, "ISO 8601 duration"),
        ({"kind": "date", "value": "13/08/2025"}, "a date such as"),
    ],
)
def test_bad_figures_are_refused_with_one_line(review, desk, cid, changes, message):
    events = len(desk.events())
    with pytest.raises(UserError, match=message) as caught:
        review.edit_figure(cid, **changes)
    assert "\n" not in str(caught.value)
    assert len(desk.events()) == events


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [("duration", "P90D", "P90D"), ("date", "2025-Q4", "2025-Q4"), ("percent", "2.1", 2.1)],
)
def test_values_read_as_their_kind(review, cid, kind, value, stored):
    assert review.edit_figure(cid, value=value, kind=kind).key_figure.value == stored


def test_a_manual_claim_gets_its_figure_by_hand(review, desk):
    art = desk.articles()[0]
    start = art.text.index("Mexico")
    claim = review.add_manual_claim(art.id, start, start + len("Mexico"))
    assert claim.figures == []
    with pytest.raises(UserError, match="has no figure yet"):
        review.edit_figure(claim.id, kind="count")
    claim = review.edit_figure(claim.id, value="3", kind="count")
    figure = claim.key_figure
    assert (figure.text, figure.start, figure.end, figure.value) == ("Mexico", start, start + 6, 3)
    assert art.text[figure.start : figure.end] == figure.text
    review.undo()
    assert desk.claim(claim.id).figures == []


def test_a_manual_claim_without_a_figure_is_never_a_repeat(review, desk):
    art = desk.articles()[0]
    claims = desk.claims(art.id)
    manual = []
    for claim in claims[:2]:  # the very words of extracted claims, without their figures
        start = claim.start + 1
        made = review.add_manual_claim(art.id, start, claim.end)
        made = desk.claim(made.id)
        made.figures = []
        manual.append(made)
    grouped = {cid for group in group_repeats([*claims, *manual]) for cid in group}
    assert not grouped & {m.id for m in manual}


def test_an_edited_statement_is_an_event_and_empty_is_refused(review, desk, cid):
    old = desk.claim(cid).statement
    review.edit_statement(cid, "Mexico sent 26 people to the US.")
    assert desk.events(cid)[-1].action == "edit_statement"
    with pytest.raises(UserError, match="cannot be empty"):
        review.edit_statement(cid, "  ")
    review.undo()
    assert desk.claim(cid).statement == old
