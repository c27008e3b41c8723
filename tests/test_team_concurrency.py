"""Many writers on one team desk, and writers killed mid-transaction.

- 8 processes, each its own reviewer, 200 edits each on a few shared claims: every
  acknowledged edit is in the history, no edit based on a stale state was applied (each
  event's ``before`` is the claim as the previous event left it), and the claims are
  exactly a replay of the events.
- 50 rounds of SIGKILL to a writer in the middle of its work: no partial edit, the desk
  opens, nothing acknowledged is lost.

Writers are forked from this process (claimdesk already imported), so a round costs
milliseconds, not an interpreter start; each opens its own connection after the fork.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import pytest
from desk_samples import article
from forking import fork, frozen_heap, wait_for_output

from core.desk import open_desk
from core.desk.codec import expand_claim
from core.errors import ConflictError
from core.model import Claim, Figure, short_hash
from core.review import Review

pytestmark = pytest.mark.slow

STATUSES = ["verified", "false", "needs_source", "inconclusive", "dismissed", "unreviewed"]


def _seed(url: str, count: int) -> list[str]:
    text = " ".join(f"Item {i} cost {i + 10} dollars." for i in range(count))
    art = article(text)
    claims = []
    pos = 0
    for i in range(count):
        sentence = f"Item {i} cost {i + 10} dollars."
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        fig_start = start + sentence.index(str(i + 10))
        fig = Figure(str(i + 10), fig_start, fig_start + len(str(i + 10)), "count", i + 10)
        claims.append(
            Claim(
                id=short_hash(art.id, str(i)),
                article_id=art.id,
                statement=sentence,
                start=start,
                end=pos,
                figures=[fig],
            )
        )
    with open_desk(url) as desk:
        Review(desk, "importer").import_article(art, claims)
        return [c.id for c in desk.claims()]


def _edit(review: Review, rng: random.Random, ids: list[str], batch: bool = False) -> None:
    cid = rng.choice(ids)
    kind = rng.random()
    if batch:
        status = rng.choice(STATUSES[:-1])
        with review.batch():
            for claim_id in rng.sample(ids, 3):
                review.set_status(claim_id, status)
    elif kind < 0.6:
        review.set_status(cid, rng.choice(STATUSES))
    elif kind < 0.9:
        review.add_note(cid, f"note {rng.random():.6f}")
    else:
        review.add_source(cid, f"https://example.org/{rng.randrange(5)}")


def _wait_for(gate: Path, timeout: float = 60.0) -> None:
    """Block until ``gate`` exists: every writer starts editing at once, so they meet
    however long the forks took (in a big test run each fork can outlast a writer)."""
    deadline = time.monotonic() + timeout
    while not gate.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{gate} never appeared")
        time.sleep(0.002)


def _writer(
    url: str, ids: list[str], who: str, edits: int, seed: int, gate: Path, out_fd: int
) -> None:
    """A child process: ``edits`` edits, each acknowledged id written to ``out_fd``."""
    rng = random.Random(seed)
    acked, refused = [], 0
    with open_desk(url) as desk:
        review = Review(desk, who)
        desk.claims(desk.articles()[0].id)  # the screen this reviewer looks at
        _wait_for(gate)
        for _ in range(edits):
            try:
                _edit(review, rng, ids)
            except ConflictError:
                refused += 1
                continue
            acked.extend(desk.committed)
            if rng.random() < 0.3:  # now and then the screen catches up
                desk.claims(desk.articles()[0].id)
    os.write(out_fd, json.dumps({"acked": acked, "refused": refused}).encode())


def _check_history(url: str, acked: set[str]) -> int:
    """Every acknowledged event stored; each claim's events chain; claims = replay."""
    with open_desk(url, readonly=True) as desk:
        events = list(desk.iter_events())
        stored = {e.id for e in events}
        assert acked <= stored, f"{len(acked - stored)} acknowledged edits lost"
        state: dict[str, dict | None] = {}
        for event in events:
            if event.claim_id in state:
                assert event.before == state[event.claim_id], f"stale edit applied: {event.id}"
            state[event.claim_id] = event.after
        for claim in desk.iter_claims(all_versions=True):
            assert expand_claim(desk.claim_dict(claim.id)) == state[claim.id]
        assert {c.id for c in desk.iter_claims(all_versions=True)} == {
            cid for cid, after in state.items() if after is not None
        }
        return len(events)


def test_eight_writers_two_hundred_edits_each(pg_url, tmp_path):
    ids = _seed(pg_url, 6)
    outs = [tmp_path / f"writer{i}.json" for i in range(8)]
    gate = tmp_path / "go"
    with frozen_heap():
        children = [
            fork(_writer, pg_url, ids, f"reviewer{i}", 200, 1000 + i, gate, out=outs[i])
            for i in range(8)
        ]
    gate.touch()  # all eight forked and connected (or connecting): go
    results = []
    for pid, out in zip(children, outs, strict=True):
        _pid, status = os.waitpid(pid, 0)
        assert os.WEXITSTATUS(status) == 0
        results.append(json.loads(out.read_text()))
    acked = {eid for r in results for eid in r["acked"]}
    refused = sum(r["refused"] for r in results)
    total = _check_history(pg_url, acked)
    assert refused > 0, "the writers never met: the test proved nothing"
    assert len(acked) + refused >= 8 * 200
    assert total == len(ids) + len(acked)  # imports + acknowledged edits, nothing else


def _endless_writer(url: str, ids: list[str], seed: int, out_fd: int) -> None:
    rng = random.Random(seed)
    with open_desk(url) as desk:
        review = Review(desk, f"killed{seed}")
        while True:
            try:
                _edit(review, rng, ids, batch=rng.random() < 0.5)
            except ConflictError:
                desk.claims(desk.articles()[0].id)
                continue
            os.write(out_fd, ("\n".join(desk.committed) + "\n").encode())


def test_kill_minus_nine_mid_transaction_fifty_rounds(pg_url, tmp_path):
    ids = _seed(pg_url, 8)
    rng = random.Random(7)
    acked: set[str] = set()
    with frozen_heap():
        for round_ in range(50):
            out = tmp_path / f"round{round_}.log"
            pid = fork(_endless_writer, pg_url, ids, round_, out=out)
            wait_for_output(out)  # it is writing: kill it somewhere in what follows
            time.sleep(rng.uniform(0, 0.03))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            output = out.read_text()
            complete = output.rsplit("\n", 1)[0]  # a line cut by the kill was not acked
            acked.update(line for line in complete.split("\n") if line)
    assert len(acked) > 50
    _check_history(pg_url, acked)
    with open_desk(pg_url) as desk:  # and it takes new work at once
        Review(desk, "after").set_status(ids[0], "verified")
