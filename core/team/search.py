"""The command palette's "any claim on the desk" lookup on a team desk, as queries.

The TinyDB desk indexes every claim in memory; a team desk of 100,000 claims must not be
read whole into a workbench. Here each query asks the server for the claims whose
statement holds every word typed (or, failing that, any of them), a few thousand at
most, and ranks those with rapidfuzz as the in-memory filter does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.model import Status

if TYPE_CHECKING:
    from core.team.desk import TeamDesk

CANDIDATES = 2000


class TeamSearch:
    def __init__(self, desk: TeamDesk) -> None:
        self.desk = desk

    def query(self, text: str, limit: int | None = 20) -> list[tuple[str, float]]:
        words = [w for w in text.lower().split() if w]
        if not words:
            return []
        patterns = ["%" + _escape(w) + "%" for w in words]
        rows = self._candidates("ALL", patterns) or self._candidates("ANY", patterns)
        if not rows:
            return []
        from rapidfuzz import fuzz, process

        scored = process.extract(
            text.lower(),
            {cid: statement.lower() for cid, statement in rows},
            scorer=fuzz.WRatio,
            limit=limit or len(rows),
        )
        return [(cid, round(float(score), 2)) for _text, score, cid in scored]

    def _candidates(self, how: str, patterns: list[str]) -> list[tuple[str, str]]:
        return self.desk._all(
            "SELECT id, doc->>'statement' FROM claims WHERE status <> %s "
            f"AND doc->>'statement' ILIKE {how}(%s) LIMIT %s",
            (Status.REMOVED.value, patterns, CANDIDATES),
        )


def _escape(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
