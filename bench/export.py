"""Export speed and memory on a desk of 100,000 claims.

Builds the desk through ``Desk.restore`` (the bulk write path a dump restore uses), then
for each format prints the seconds to write every claim (``--status all``) to a file and
the CPU seconds (the reference machine is shared; wall time is inflated by other load), and
the peak memory the export itself allocated (tracemalloc, measured in a second run since
tracing slows Python down). Target: <= 5 s per format, memory that does not grow with the
output (the desk itself is in memory; the export must not hold a second copy).

    /tmp/venv/bin/python bench/export.py [--claims 100000] [--per-article 100]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import tempfile
import time
import tracemalloc
from pathlib import Path

from core.desk import Desk
from core.export import FORMATS, export
from core.model import (
    Article,
    Claim,
    Correction,
    Event,
    Figure,
    Note,
    Source,
    short_hash,
)

STATUSES = [
    "verified",
    "corrected",
    "false",
    "inconclusive",
    "needs_source",
    "unreviewed",
    "unreviewed",
    "dismissed",
    "verified",
    "verified",
]


def build(path: Path, n_claims: int, per_article: int) -> tuple[int, int]:
    articles: list[Article] = []
    claims: list[Claim] = []
    events: list[Event] = []
    stamp = "2026-11-27T10:00:00+00:00"
    for a in range(0, n_claims, per_article):
        article_id = short_hash("bench", str(a))
        sentences = []
        offset = 0
        count = min(per_article, n_claims - a)
        for i in range(count):
            number = str(10 + (a + i) % 990)
            sentence = f"Officials said {number} people [crossed] the *border* in week {i}. "
            start = offset + len("Officials said ")
            claim_id = short_hash(article_id, str(i))
            status = STATUSES[(a + i) % len(STATUSES)]
            claim = Claim(
                id=claim_id,
                article_id=article_id,
                statement=sentence.strip(),
                start=offset,
                end=offset + len(sentence) - 1,
                figures=[Figure(number, start, start + len(number), "count", float(number))],
                checkworthiness=0.7,
                status=status,
                updated_at=stamp,
                reviewer="bench" if status != "unreviewed" else "",
            )
            if status in ("verified", "corrected"):
                claim.sources = [Source(f"https://example.org/r/{claim_id}", title="Report")]
            if status == "corrected":
                claim.correction = Correction(value=str(int(number) + 1), note="per the ministry")
                claim.notes = [Note('Checked with "the ministry", twice', "bench", stamp)]
            if status != "unreviewed":
                events.append(
                    Event(
                        id=short_hash("ev", claim_id),
                        claim_id=claim_id,
                        article_id=article_id,
                        action="set_status",
                        before=None,
                        after=claim.to_dict(),
                        reviewer="bench",
                        at=stamp,
                    )
                )
            claims.append(claim)
            sentences.append(sentence)
            offset += len(sentence)
        articles.append(
            Article(
                id=article_id,
                title=f"Bench article {a // per_article}",
                source=f"https://news.example.com/{a // per_article}",
                text="".join(sentences),
                date="2026-11-20",
            )
        )
    with Desk.open(path) as desk:
        desk.restore(articles, claims, events)
    return len(claims), len(events)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        desk_path = Path(tmp) / "desk.json"
        t0 = time.perf_counter()
        n_claims, n_events = build(desk_path, args.claims, args.per_article)
        print(
            f"built desk: {n_claims} claims, {n_events} events in {time.perf_counter() - t0:.1f} s"
        )
        gc.collect()
        t0 = time.perf_counter()
        desk = Desk.open(desk_path, readonly=True)
        print(f"opened desk in {time.perf_counter() - t0:.2f} s")
        # The desk reads its history file on first use; every dump pays this once per
        # process. Shown on its own so the per-format figures compare like with like.
        t0, c0 = time.perf_counter(), time.process_time()
        desk.events("no-such-claim")
        print(
            f"history loaded on first use in {time.perf_counter() - t0:.2f} s "
            f"({time.process_time() - c0:.2f} s cpu): add it to a one-off json/jsonl export"
        )
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"max RSS after open: {rss0:.0f} MiB")
        load = os.getloadavg()[0]
        print(f"load average {load:.1f} on {os.cpu_count()} cores (wall time suffers above that)")
        print(
            f"{'format':12} {'claims':>8} {'wall s':>8} {'cpu s':>8} {'MB out':>8} {'peak MiB':>9}"
        )
        for fmt in FORMATS:
            out_path = Path(tmp) / f"out.{fmt}"
            statuses = None if fmt == "claimreview" else "all"
            with open(out_path, "w", encoding="utf-8", newline="") as out:
                t0, c0 = time.perf_counter(), time.process_time()
                count = export(desk, fmt, out, statuses=statuses, all_versions=True)
                seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
            size = out_path.stat().st_size / 1e6
            gc.collect()
            tracemalloc.start()
            with open(os.devnull, "w", encoding="utf-8", newline="") as out:
                export(desk, fmt, out, statuses=statuses, all_versions=True)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(
                f"{fmt:12} {count:>8} {seconds:>8.2f} {cpu:>8.2f} {size:>8.1f} {peak / 2**20:>9.1f}"
            )
        rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"max RSS at the end: {rss1:.0f} MiB (+{rss1 - rss0:.0f} MiB over the open desk)")
        desk.close()


if __name__ == "__main__":
    main()
