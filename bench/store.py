"""Desk speed: a durable edit, opening, and file size, next to stock TinyDB JSONStorage.

For desks of 1,000 / 10,000 / 100,000 claims (100 claims per article, each imported with
its import event, as ``claimdesk import`` leaves them) this prints:

- median and p99 milliseconds per durable edit (``Review.set_status`` / ``add_note`` on
  random claims: claim + event journalled and fsynced before the call returns);
- milliseconds to open the desk (``Desk.open`` + listing the articles) after a clean
  close, and again with a full journal of unfolded edits to replay;
- milliseconds to fold the journal into fresh snapshots (what ``close`` pays);
- the size of the files;
- the same edit and open on stock TinyDB ``JSONStorage`` holding the same documents, in
  the same run. Stock TinyDB rewrites the whole file per edit, so at 100,000 claims only
  a few edits are timed (the count is printed);
- one ``claimdesk set`` as a user runs it (a new process each time: wall time of the
  whole process, median of ``--cli-runs``) on a one-article desk and on desks of 1,000,
  40,000 and 100,000 claims side by side, and whether it rewrote ``desk.json``;
- one ``claimdesk undo`` (a new process) on a desk with ``--undo-events`` events in its
  history, wall time and peak memory.

Targets (DESIGN.md): <= 5 ms median per edit and <= 1 s open at 100,000 claims. The last
line is ``edit_ms_median_100k: N``.

    /tmp/venv/bin/python bench/store.py [--sizes 1000,10000,100000] [--edits 300]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from core.desk import Desk
from core.desk.files import history_path, journal_path
from core.model import Event, now_iso
from core.review import Review

# The synthetic articles are the ones the desk tests use, from the repository's tests.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.desk_samples import many_claims

PER_ARTICLE = 100
NEWS_SENTENCE = (
    "Officials in district {a}-{i} said the council had counted {n} households on the "
    "register in February, up from the year before."
)
"""One claim per sentence of news length, as ``claimdesk import`` would leave them."""
STATUSES = ("verified", "false", "needs_source", "inconclusive")


def build_desk(path: Path, n_claims: int) -> None:
    with Desk.open(path) as desk:
        review = Review(desk, "importer")
        for index in range(n_claims // PER_ARTICLE):
            art, claims = many_claims(index, PER_ARTICLE, NEWS_SENTENCE)
            review.import_article(art, claims)
        desk.fold()  # as a long-used desk is: its imports folded into the snapshots


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class FsyncProbe:
    """A bare append + fsync of one edit record's size, interleaved with the edits.

    That is the disk's own price: an edit cannot be durable for less. Timed in turn with
    each edit (same moment, same disk) because on a shared machine the fsync latency
    swings between 0.1 and 4 ms from one minute to the next.
    """

    def __init__(self, directory: Path, record_bytes: int = 1500) -> None:
        self.path = directory / "fsync-probe"
        self.fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.payload = b"x" * record_bytes + b"\n"
        self.timings: list[float] = []

    def probe(self) -> None:
        t0 = time.perf_counter()
        os.write(self.fd, self.payload)
        os.fsync(self.fd)
        self.timings.append((time.perf_counter() - t0) * 1000)

    def close(self) -> float:
        os.close(self.fd)
        self.path.unlink()
        return statistics.median(self.timings)


def file_mb(*paths: Path) -> float:
    return sum(p.stat().st_size for p in paths if p.exists()) / 1e6


def parse_floor(path: Path) -> float:
    """Milliseconds for ``json.loads`` of the claims snapshot alone (collector paused).

    Opening cannot be faster than parsing the file it opens; printed beside the open time
    so a busy machine shows up as a busy machine.
    """
    raw = path.read_bytes()
    gc.collect()
    gc.disable()
    try:
        t0 = time.perf_counter()
        json.loads(raw)
        return (time.perf_counter() - t0) * 1000
    finally:
        gc.enable()


def time_open(path: Path) -> float:
    gc.collect()
    t0 = time.perf_counter()
    desk = Desk.open(path)
    desk.articles()
    elapsed = time.perf_counter() - t0
    desk.close()  # keep the journal as it is (no fold): we measure opening only
    return elapsed * 1000


def bench_desk(path: Path, n_claims: int, edits: int, rng: random.Random) -> dict:
    t0 = time.perf_counter()
    build_desk(path, n_claims)
    build_s = time.perf_counter() - t0
    open_ms = min(time_open(path) for _ in range(3))
    parse_ms = min(parse_floor(path) for _ in range(3))

    desk = Desk.open(path)
    ids = list(desk.index.claim_keys)
    review = Review(desk, "bench")
    timings = []
    probe = FsyncProbe(path.parent)
    for i in range(edits):
        cid = rng.choice(ids)
        t0 = time.perf_counter()
        if i % 2:
            review.add_note(cid, f"checked against source {i}")
        else:
            review.set_status(cid, STATUSES[i % len(STATUSES)])
        timings.append((time.perf_counter() - t0) * 1000)
        probe.probe()
    floor = probe.close()
    desk.close()  # leave the edits unfolded in the journal
    replay_ms = min(time_open(path) for _ in range(2))

    desk = Desk.open(path)
    t0 = time.perf_counter()
    desk.fold()  # snapshot of claims + history (every FOLD_THRESHOLD edits)
    fold_ms = (time.perf_counter() - t0) * 1000
    desk.close()
    return {
        "build_s": build_s,
        "open_ms": open_ms,
        "parse_ms": parse_ms,
        "replay_open_ms": replay_ms,
        "edit_median": statistics.median(timings),
        "edit_p99": percentile(timings, 0.99),
        "fsync_floor": floor,
        "fold_ms": fold_ms,
        "mb": file_mb(path, history_path(path), journal_path(path)),
        "claims_mb": file_mb(path),
    }


def bench_stock(path: Path, src: Path, edits: int, rng: random.Random) -> dict:
    """The same documents in one stock TinyDB JSON file; an edit = update + insert event."""
    main = json.loads(src.read_text())
    history = json.loads(history_path(src).read_text())
    path.write_text(
        json.dumps(
            {
                "articles": main["articles"],
                "claims": main["claims"],
                "events": history["events"],
            }
        )
    )
    gc.collect()
    t0 = time.perf_counter()
    db = TinyDB(path, storage=JSONStorage)
    claims_table = db.table("claims")
    len(claims_table)
    open_ms = (time.perf_counter() - t0) * 1000
    keys = [int(k) for k in main["claims"]]
    events_table = db.table("events")
    timings = []
    for i in range(edits):
        key = rng.choice(keys)
        t0 = time.perf_counter()
        doc = claims_table.get(doc_id=key)
        before = dict(doc)
        after = {**before, "status": STATUSES[i % len(STATUSES)], "updated_at": now_iso()}
        claims_table.update(after, doc_ids=[key])
        events_table.insert(
            Event("x", doc["id"], doc["article_id"], "status", before, after).to_dict()
        )
        timings.append((time.perf_counter() - t0) * 1000)
    db.close()
    return {
        "open_ms": open_ms,
        "edit_median": statistics.median(timings),
        "edit_p99": percentile(timings, 0.99),
        "edits": edits,
        "mb": file_mb(path),
    }


CLAIMDESK = str(Path(sys.executable).with_name("claimdesk"))


def run_cli(*argv: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one ``claimdesk`` process, start to exit."""
    probe = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, "
        "capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    t0 = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", probe, CLAIMDESK, *argv], check=True, capture_output=True
    )
    seconds = time.perf_counter() - t0
    return seconds, int(done.stdout.split()[-1]) / 1024


def bench_cli_set(sizes: list[int], runs: int) -> None:
    """One ``claimdesk set`` per process on desks of each size, side by side.

    The runs go round the desks in turn (one-article desk, 1,000, 40,000, …, again), so
    a busy moment of a shared machine lands on every size alike.
    """
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        desks = []
        for size in [1, *sizes]:  # 1: a one-article desk (one claim)
            path = Path(tmp) / f"desk-{size}.json"
            if size == 1:
                with Desk.open(path) as desk:
                    art, claims = many_claims(0, 1, NEWS_SENTENCE)
                    Review(desk, "importer").import_article(art, claims)
                    desk.fold()
            else:
                build_desk(path, size)
            with Desk.open(path, readonly=True) as desk:
                ids = [c.id for c in desk.claims()][:runs]
            desks.append((size, path, (ids * runs)[:runs], path.stat().st_mtime_ns, []))
        for i in range(runs):
            for _size, path, ids, _stamp, times in desks:
                argv = ("set", ids[i], "--status", STATUSES[i % 4], "--desk", str(path))
                times.append(run_cli(*argv)[0])
        rows = [
            (size, statistics.median(times), path.stat().st_mtime_ns != stamp)
            for size, path, _ids, stamp, times in desks
        ]
    base = rows[0][1]
    print(f"{'claims':>9} | {'claimdesk set, s':>16} | {'x one article':>13} | rewrote desk.json")
    for size, seconds, rewritten in rows:
        label = "1 article" if size == 1 else f"{size:,}"
        again = "yes" if rewritten else "no"
        print(f"{label:>9} | {seconds:>16.3f} | {seconds / base:>13.2f} | {again}")
    print(
        f"(median of {runs} runs each, taken in turn; a process per run: start, open, edit, exit)"
    )


def bench_cli_undo(n_events: int) -> None:
    """One ``claimdesk undo`` on a desk whose history holds ``n_events`` events."""
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
        path = Path(tmp) / "desk.json"
        t0 = time.perf_counter()
        build_desk(path, 1000)
        with Desk.open(path) as desk:
            ids = [c.id for c in desk.claims()]
            bulk = Review(desk, "bulk")
            done = 1000
            while done < n_events - 1:
                with bulk.batch():
                    for i in range(min(1000, n_events - 1 - done)):
                        bulk.set_status(ids[i % len(ids)], STATUSES[(done + i) % 4])
                done += min(1000, n_events - 1 - done)
            Review(desk, "ann").set_status(ids[0], "verified")
            desk.fold()
        build_s = time.perf_counter() - t0
        mb = file_mb(history_path(path))
        seconds, peak = run_cli("undo", "--reviewer", "ann", "--desk", str(path))
        base, base_peak = run_cli("status", "--desk", str(path))
    print(
        f"claimdesk undo, {n_events:,} events ({mb:.0f} MB of history): {seconds:.3f} s, "
        f"peak RSS {peak:.0f} MB; 'status' on the same desk {base:.3f} s, {base_peak:.0f} MB "
        f"(desk built in {build_s:.0f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--edits", type=int, default=300)
    parser.add_argument("--cli-sizes", default="1000,40000,100000")
    parser.add_argument("--cli-runs", type=int, default=5)
    parser.add_argument("--undo-events", type=int, default=190_000)
    parser.add_argument("--only-cli", action="store_true", help="skip the in-process tables")
    args = parser.parse_args()
    if args.only_cli:
        bench_cli_set([int(s) for s in args.cli_sizes.split(",")], args.cli_runs)
        bench_cli_undo(args.undo_events)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(13)
    results = {}
    print(
        f"{'claims':>8} | {'desk edit ms med/p99':>21} | {'fsync':>6} | {'open ms':>8} | "
        f"{'parse':>6} | "
        f"{'open+replay':>11} | "
        f"{'fold ms':>8} | {'files MB':>8} || {'stock edit ms med/p99':>22} | {'stock open':>10} | "
        f"{'stock MB':>8}"
    )
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="claimdesk-bench-") as tmp:
            desk_path = Path(tmp) / "desk.json"
            ours = bench_desk(desk_path, size, args.edits, rng)
            stock_edits = {1000: 50, 10_000: 10}.get(size, 3)
            stock = bench_stock(Path(tmp) / "stock.json", desk_path, stock_edits, rng)
        results[size] = ours
        print(
            f"{size:>8} | {ours['edit_median']:>9.2f} / {ours['edit_p99']:>9.2f} | "
            f"{ours['fsync_floor']:>6.2f} | "
            f"{ours['open_ms']:>8.0f} | {ours['parse_ms']:>6.0f} | "
            f"{ours['replay_open_ms']:>11.0f} | "
            f"{ours['fold_ms']:>8.0f} | {ours['mb']:>8.1f} || "
            f"{stock['edit_median']:>10.2f} / {stock['edit_p99']:>9.2f} | "
            f"{stock['open_ms']:>10.0f} | {stock['mb']:>8.1f}"
            + (f"   (stock: {stock['edits']} edits only)" if stock["edits"] < args.edits else ""),
            flush=True,
        )
    print(
        f"({args.edits} edits per desk; 'fsync' is the median of a bare append+fsync of "
        "an edit-sized record timed in turn with the edits, the floor for a durable edit; "
        "'parse' is json.loads of desk.json alone, the floor for opening; "
        f"'open+replay' opens with those edits still in the "
        "journal; 'fold' is what a fold pays (every 2,000 edits); build of the largest desk took "
        f"{results[sizes[-1]]['build_s']:.1f} s)"
    )
    bench_cli_set([int(s) for s in args.cli_sizes.split(",")], args.cli_runs)
    bench_cli_undo(args.undo_events)
    if 100_000 in results:
        print(f"edit_ms_median_100k: {results[100_000]['edit_median']:.2f}")
        print(f"open_ms_100k: {results[100_000]['open_ms']:.0f}")


if __name__ == "__main__":
    main()
