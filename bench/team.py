"""Team desk speed on a PostgreSQL server on this machine (a throwaway cluster, fsync on).

Prints:

- milliseconds per edit (``Review.set_status`` / ``add_note``: one transaction, claim +
  event, acknowledged by the server) with 1, 4 and 8 writers at once, each its own
  process and reviewer: p50 and p99 over every edit of every writer, and the CPU time a
  writer process spends per edit (the writers share the machine's cores with the server);
- milliseconds to open a desk of 100,000 claims (connect, schema check, article list)
  and to open its largest article (its claims read for the review screen);
- the workbench's peak RSS with that largest article open on that desk.

Targets (DESIGN.md): p50 <= 5 ms and p99 <= 50 ms at 8 writers; open <= 1 s; RSS <= 200
MB. Needs initdb/pg_ctl (Debian's postgresql package).

    python bench/team.py [--claims 100000] [--edits 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.desk import open_desk  # noqa: E402
from core.review import Review  # noqa: E402
from tests.desk_samples import many_claims  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

PER_ARTICLE = 100
LARGEST = 1000
SENTENCE = (
    "Officials in district {a}-{i} said the council had counted {n} households on the "
    "register in February, up from the year before."
)
STATUSES = ("verified", "false", "needs_source", "inconclusive")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _writer(url: str, ids: list[str], who: str, edits: int, out: Path) -> None:
    rng = random.Random(who)
    times = []
    with open_desk(url) as desk:
        review = Review(desk, who)
        for cid in ids:
            desk.claim_dict(cid)
        cpu = time.process_time()
        for _ in range(edits):
            cid = rng.choice(ids)
            start = time.perf_counter()
            if rng.random() < 0.7:
                review.set_status(cid, rng.choice(STATUSES))
            else:
                review.add_note(cid, "checked against the register")
            times.append((time.perf_counter() - start) * 1000)
        cpu = (time.process_time() - cpu) * 1000 / edits
    out.write_text(json.dumps({"times": times, "cpu": cpu}))


def bench_edits(
    cluster: Cluster, writers: int, edits: int, tmp: Path
) -> tuple[float, float, float]:
    url = cluster.create_database(f"edits{writers}")
    with open_desk(url) as desk:
        art, claims = many_claims(0, 50 * writers, SENTENCE)
        Review(desk, "importer").import_article(art, claims)
        ids = [c.id for c in desk.claims()]
    pids = []
    outs = [tmp / f"w{writers}-{i}.json" for i in range(writers)]
    for i in range(writers):
        pid = os.fork()
        if pid == 0:  # each writer its own claims: this measures the edit, not conflicts
            try:
                _writer(url, ids[i::writers], f"reviewer{i}", edits, outs[i])
            finally:
                os._exit(0)
        pids.append(pid)
    for pid in pids:
        os.waitpid(pid, 0)
    results = [json.loads(out.read_text()) for out in outs]
    times = [t for result in results for t in result["times"]]
    cpu = statistics.mean(result["cpu"] for result in results)
    return statistics.median(times), percentile(times, 0.99), cpu


def build_big(cluster: Cluster, n_claims: int) -> tuple[str, str]:
    """A desk of ``n_claims`` (articles of 100, one of 1,000), loaded with COPY."""
    from core.desk.codec import claim_to_dict, new_event_id
    from core.model import Event, now_iso

    url = cluster.create_database("big")
    articles, claims, events = [], [], []
    largest, _ = many_claims(0, 1, SENTENCE)
    count, index = 0, 0
    while count < n_claims:
        size = LARGEST if index == 0 else PER_ARTICLE
        art, batch = many_claims(index, size, SENTENCE)
        art.version = 1
        articles.append(art)
        for claim in batch:
            after = claim_to_dict(claim)
            event = Event(new_event_id(), claim.id, art.id, "import", None, after, "importer")
            event.at, event.detail = now_iso(), "new"
            events.append(event)
        claims.extend(batch)
        count += size
        index += 1
        if index == 1:
            largest = art
    with open_desk(url) as desk:
        desk.restore(articles, claims, events)
    return url, largest.id


def bench_open(url: str, article_id: str) -> tuple[float, float, int]:
    start = time.perf_counter()
    desk = open_desk(url)
    listed = desk.articles()
    opened = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    shown = desk.claims(article_id)
    article_ms = (time.perf_counter() - start) * 1000
    desk.close()
    assert listed and shown
    return opened, article_ms, len(shown)


def workbench_rss(url: str, article_id: str) -> float:
    """Peak RSS (MB) of a fresh process running the workbench on the largest article."""
    code = f"""
import asyncio, sys
sys.path.insert(0, {str(ROOT)!r})
from core.desk import open_desk
from tui.app import ClaimdeskApp

async def main():
    desk = open_desk({url!r})
    app = ClaimdeskApp(desk, "bench", [desk.article({article_id!r})])
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(1.0)
        await pilot.press("v")
        await pilot.pause()
    desk.close()

asyncio.run(main())
with open("/proc/self/status") as status:  # VmHWM: this process's own peak (ru_maxrss
    for line in status:                   # carries the parent's peak across exec)
        if line.startswith("VmHWM:"):
            print(int(line.split()[1]) / 1024)
"""
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=600
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--edits", type=int, default=300)
    args = parser.parse_args()
    import tempfile

    with Cluster(fast=False) as cluster, tempfile.TemporaryDirectory() as tmp:
        print(f"PostgreSQL on 127.0.0.1:{cluster.port} (throwaway cluster, fsync on)")
        for writers in (1, 4, 8):
            p50, p99, cpu = bench_edits(cluster, writers, args.edits, Path(tmp))
            print(
                f"edit, {writers} writer(s): p50 {p50:.2f} ms, p99 {p99:.2f} ms "
                f"(client CPU {cpu:.2f} ms per edit)"
            )
        start = time.perf_counter()
        url, largest = build_big(cluster, args.claims)
        print(f"built a {args.claims:,}-claim desk in {time.perf_counter() - start:.1f} s")
        opened, article_ms, shown = bench_open(url, largest)
        print(f"open the desk (connect + article list): {opened:.0f} ms")
        print(f"open its largest article ({shown} claims): {article_ms:.0f} ms")
        rss = workbench_rss(url, largest)
        print(f"workbench peak RSS on it: {rss:.0f} MB")
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"(this benchmark process itself peaked at {own:.0f} MB)")
        asyncio.run(asyncio.sleep(0))


if __name__ == "__main__":
    main()
