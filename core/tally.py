"""What a reviewer has decided since the workbench opened: how many, how fast, which way.

Counted from the claims' statuses, not from key presses: a claim counts once however
often its verdict changes, by the status it has now, and an undo that takes it back to
the status it had when first seen here takes it out of the count again.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

from core.model import DECIDED_STATUSES

MIN_HOURS = 1 / 60
"""Pace is reported per hour only after a minute: two verdicts in ten seconds are not
720 an hour."""


class DecisionTally:
    """Claims decided since ``started`` (a ``clock()`` reading), by their status now."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.started = clock()
        self._first: dict[str, str] = {}  # claim id → status when first changed here
        self._now: dict[str, str] = {}  # claim id → status now

    def record(self, claim_id: str, before: str, after: str) -> None:
        """A claim's status went from ``before`` to ``after`` (a verdict, undo or redo)."""
        self._first.setdefault(claim_id, before)
        self._now[claim_id] = after

    def by_status(self) -> Counter[str]:
        """Claims decided here, by the status each has now."""
        return Counter(
            status
            for claim_id, status in self._now.items()
            if status in DECIDED_STATUSES and status != self._first[claim_id]
        )

    @property
    def decided(self) -> int:
        return sum(self.by_status().values())

    def hours(self) -> float:
        return max(0.0, self._clock() - self.started) / 3600

    def per_hour(self) -> float | None:
        """Claims decided per hour since the start; ``None`` in the first minute."""
        hours = self.hours()
        return self.decided / hours if hours >= MIN_HOURS else None
