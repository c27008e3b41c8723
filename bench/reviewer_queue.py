"""A reviewer's queue on a team desk of 100,000 claims: read by its fields, never whole.

Prints milliseconds (median of 5) to select each query's claims with
``core.claimselect.select`` (the SQL the team desk runs, then the exact check) beside
reading every current claim and filtering in Python (how a desk file answers, and how the
team desk answered before), and the wall time of ``claimdesk claims --reviewer ann``.
Ten articles (1,000 claims) are assigned to ann; ann decided 200 claims elsewhere.

    python bench/reviewer_queue.py [--claims 100000]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from team import build_big  # noqa: E402

from core.claimquery import parse_query, rank  # noqa: E402
from core.claimselect import CURRENT, select  # noqa: E402
from core.desk import open_desk  # noqa: E402
from core.review import Review  # noqa: E402
from tests.pg_cluster import Cluster  # noqa: E402

QUERIES = (
    "reviewer:ann status:unreviewed",
    "reviewer:ann",
    "assigned:ann",
    "decided-by:ann",
    "assigned:none status:needs_source",
)


def median_ms(work, runs: int = 5) -> tuple[float, int]:
    times, found = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        found = work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    args = parser.parse_args()
    with Cluster(fast=False) as cluster:
        url, _largest = build_big(cluster, args.claims)
        with open_desk(url) as desk:
            articles = desk.articles()
            for article in articles[1:11]:
                desk.assign(article.id, "ann", "editor")
            review = Review(desk, "ann")
            for article in articles[20:40]:
                for claim in desk.claims(article.id)[:10]:
                    review.set_status(claim.id, "verified")
        print(f"a {args.claims:,}-claim team desk, {len(articles)} articles, 10 assigned to ann")
        with open_desk(url, readonly=True) as desk:
            for text in QUERIES:
                query = parse_query(text)

                def by_sql(query=query) -> int:
                    chosen = select(desk, query.fields(), CURRENT)
                    return len(rank(query, chosen.claims, lambda _t: [], chosen.assignees))

                def whole(query=query) -> int:
                    held = desk.assignments()
                    claims = {c.id: c for c in desk.iter_claims(statuses=CURRENT)}
                    return len(rank(query, claims, lambda _t: [], held))

                sql_ms, n = median_ms(by_sql)
                whole_ms, m = median_ms(whole, runs=3)
                assert n == m, (text, n, m)
                print(
                    f"{text:<36} {n:>6} claims: by SQL {sql_ms:7.1f} ms, "
                    f"whole desk {whole_ms:7.0f} ms"
                )
        claimdesk = str(Path(sys.executable).with_name("claimdesk"))
        start = time.perf_counter()
        done = subprocess.run(
            [claimdesk, "claims", "--reviewer", "ann", "-f", "jsonl", "--desk", url],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        wall = time.perf_counter() - start
        print(
            f"claimdesk claims --reviewer ann: {len(done.stdout.splitlines())} lines "
            f"in {wall:.2f} s"
        )


if __name__ == "__main__":
    main()
