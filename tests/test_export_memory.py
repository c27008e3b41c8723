"""The json and jsonl dumps stream the desk's history instead of listing it.

Expanded into ``Event`` objects, a desk's whole history is the largest thing a dump could
hold (about 75 MB for 80,000 events); an export that listed it would grow with the desk.
These tests measure the memory an export allocates (tracemalloc) on a desk of a few
thousand events against the size of that list.
"""

from __future__ import annotations

import json
import os
import tracemalloc
from collections.abc import Callable

import pytest

from core.desk import Desk
from core.export import export
from core.model import Article, Claim, Event, Figure, Source, short_hash

N_CLAIMS = 600
EVENTS_PER_CLAIM = 4


def build_desk(path) -> Desk:
    """A desk of ``N_CLAIMS`` claims, each with a history of ``EVENTS_PER_CLAIM`` events."""
    article_id = short_hash("memory", "article")
    sentences, claims, events = [], [], []
    offset = 0
    for i in range(N_CLAIMS):
        sentence = f"Officials said {i} people crossed the border in week {i % 52}. "
        claim = Claim(
            id=short_hash(article_id, str(i)),
            article_id=article_id,
            statement=sentence.strip(),
            start=offset,
            end=offset + len(sentence) - 1,
            figures=[Figure(str(i), offset + 15, offset + 15 + len(str(i)), "count", float(i))],
            status="verified",
            sources=[Source(f"https://example.org/report/{i}", title="Ministry report")],
            updated_at="2026-11-27T10:00:00+00:00",
            reviewer="tester",
        )
        before = None
        for step in range(EVENTS_PER_CLAIM):
            after = claim.to_dict()
            after["statement"] = f"{claim.statement} (revision {step})"
            events.append(
                Event(
                    id=short_hash("event", claim.id, str(step)),
                    claim_id=claim.id,
                    article_id=article_id,
                    action="edit_statement",
                    before=before,
                    after=after,
                    reviewer="tester",
                    at=f"2026-11-27T10:{step:02d}:00+00:00",
                )
            )
            before = after
        claims.append(claim)
        sentences.append(sentence)
        offset += len(sentence)
    article = Article(id=article_id, title="Memory", source="memory.txt", text="".join(sentences))
    desk = Desk.open(path)
    desk.restore([article], claims, events)
    return desk


def peak_bytes(action: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    opened = build_desk(tmp_path_factory.mktemp("memory") / "desk.json")
    opened.events("no-such-claim")  # the history file is parsed once, on first use
    yield opened
    opened.close()


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_dump_memory_stays_far_below_the_listed_history(desk, fmt):
    listed = peak_bytes(desk.events)

    def dump() -> int:
        with open(os.devnull, "w", encoding="utf-8") as sink:
            return export(desk, fmt, sink, statuses="all", all_versions=True)

    assert dump() == N_CLAIMS
    exported = peak_bytes(dump)
    # Streaming holds one claim's history and a 64 K chunk at a time: a few hundred KB
    # here, against several MB for the list (and the gap widens with the desk).
    assert exported < listed / 5, (exported, listed)


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_streamed_dump_still_holds_every_event_once_per_place(desk, tmp_path, fmt):
    target = tmp_path / f"dump.{fmt}"
    with open(target, "w", encoding="utf-8") as out:
        export(desk, fmt, out, statuses="all", all_versions=True)
    text = target.read_text(encoding="utf-8")
    expected = [e.to_dict() for e in desk.events()]
    if fmt == "json":
        document = json.loads(text)
        assert document["events"] == expected
        histories = [e for c in document["claims"] for e in c["history"]]
        assert sorted(e["id"] for e in histories) == sorted(e["id"] for e in expected)
    else:
        records = [json.loads(line) for line in text.splitlines()]
        events = [r for r in records if r.pop("record") == "event"]
        assert events == expected
