"""kill -9 at random moments: the desk always opens and holds every acknowledged edit.

A child process (forked from the test) applies edits as fast as it can and writes the id
of each one after it returned (i.e. after the desk said it was saved). The parent kills
it with SIGKILL at a random moment and checks the desk. A tiny fold threshold makes the
child fold the journal into new snapshots every few edits, so many kills land in the
middle of a snapshot.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from desk_samples import many_claims
from forking import fork, frozen_heap, wait_for_output

from core.desk import Desk
from core.review import Review

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 60


def _editor(path: Path, start: int, out_fd: int) -> None:
    """The child: edits as fast as it can, each acknowledged one written to ``out_fd``
    after the desk said it was saved."""
    desk = Desk.open(path, fold_threshold=4)
    ids = [c.id for c in desk.claims()]
    review = Review(desk, "crash")
    os.write(out_fd, b"ready\n")
    n = start
    while True:
        cid = ids[n % len(ids)]
        review.add_note(cid, f"edit {n}")
        if n % 3 == 0:
            review.set_status(cid, ("verified", "false", "needs_source")[n % 9 // 3])
        os.write(out_fd, f"{n} {cid}\n".encode())  # one write: a line is whole or absent
        n += 1


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_an_acknowledged_edit(tmp_path):
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art, claims = many_claims(0, 400)  # big enough that a snapshot takes a while
        Review(desk, "setup").import_article(art, claims)
    rng = random.Random(20260813)
    acknowledged: dict[str, list[str]] = {}
    next_edit = 0
    stray_snapshots = 0
    with frozen_heap():
        for _round in range(ROUNDS):
            out = tmp_path / f"round{_round}.log"
            child = fork(_editor, path, next_edit, out=out)
            wait_for_output(out)  # "ready": the desk is open
            time.sleep(rng.uniform(0.0, 0.12))
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            lines = out.read_text().splitlines(keepends=True)
            assert lines[0] == "ready\n"
            for line in lines[1:]:
                if not line.endswith("\n"):
                    continue  # cut off by the kill: that acknowledgement never arrived
                n, cid = line.split()
                acknowledged.setdefault(cid, []).append(f"edit {n}")
                next_edit = max(next_edit, int(n) + 1)
            next_edit += 1  # an edit may have been in flight: never reuse its number
            stray_snapshots += len(list(tmp_path.glob(".*.tmp")))

            with Desk.open(path, readonly=True) as desk:
                for cid, notes in acknowledged.items():
                    stored = [n.text for n in desk.claim(cid).notes]
                    missing = [n for n in notes if n not in stored]
                    assert not missing, f"round {_round}: lost acknowledged {missing[:3]}"
                assert len(desk.claims()) == 400

    assert sum(len(v) for v in acknowledged.values()) > ROUNDS  # the child did real work
    with Desk.open(path) as desk:  # and a writer can open it, replay, fold
        events = desk.events()
        assert len(events) >= sum(len(v) for v in acknowledged.values())
    print(f"{ROUNDS} kills, {stray_snapshots} interrupted snapshots seen")


READER_CHILD = textwrap.dedent(
    """
    import sys
    from core.desk import Desk
    from core.review import Review

    desk = Desk.open(sys.argv[1], fold_threshold=3)
    ids = [c.id for c in desk.claims()]
    review = Review(desk, "writer")
    print("ready", flush=True)
    n = 0
    while True:
        review.add_note(ids[n % len(ids)], f"edit {n}")
        n += 1
    """
)


@pytest.mark.slow
def test_readonly_opens_while_a_writer_edits_and_folds(tmp_path):
    """Readers take no lock: they must still always see a whole, consistent desk."""
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art, claims = many_claims(1, 300)
        Review(desk, "setup").import_article(art, claims)
    writer = subprocess.Popen(
        [sys.executable, "-c", READER_CHILD, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    try:
        assert writer.stdout.readline().strip() == "ready"
        seen = 0
        for _ in range(40):
            with Desk.open(path, readonly=True) as desk:
                claims = desk.claims()
                assert len(claims) == 300
                numbers = sorted(int(n.text.split()[1]) for c in claims for n in c.notes)
                # a consistent view holds exactly the first N edits: no hole, no lost fold
                assert numbers == list(range(len(numbers)))
                assert len(numbers) >= seen  # and never goes back in time
                seen = len(numbers)
                assert len(desk.events()) >= 300 + seen  # history is never behind claims
        assert seen > 0
    finally:
        writer.kill()
        writer.wait()
