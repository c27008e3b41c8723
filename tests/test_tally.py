"""Decisions since the workbench opened: counted by the claims' statuses, not by keys."""

from __future__ import annotations

from core.tally import DecisionTally


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_claim_counts_once_by_its_status_now_and_undo_takes_it_out():
    clock = Clock()
    tally = DecisionTally(clock)
    tally.record("a", "unreviewed", "verified")
    tally.record("b", "unreviewed", "needs_source")
    tally.record("a", "verified", "false")  # changed its mind: still one claim
    assert tally.decided == 2
    assert tally.by_status() == {"false": 1, "needs_source": 1}
    tally.record("b", "needs_source", "unreviewed")  # undone
    assert tally.decided == 1
    tally.record("c", "verified", "verified")  # no change of status: nothing decided
    assert tally.decided == 1


def test_pace_per_hour_after_the_first_minute():
    clock = Clock()
    tally = DecisionTally(clock)
    for name in "abc":
        tally.record(name, "unreviewed", "verified")
    clock.now += 30
    assert tally.per_hour() is None  # three in thirty seconds is not 360 an hour
    clock.now += 30 * 60 - 30
    assert tally.per_hour() == 6.0
    assert tally.hours() == 0.5
