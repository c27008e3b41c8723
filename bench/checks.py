"""Known-check search: ranking quality on the labelled set, and speed at 100,000 checks.

Quality: the hand-written pairs of ``tests/data/checks/`` (each query has one right
check), searched among the labelled checks, their hard negatives and 3,000 generated
distractors. MAP@5 and recall@5 are printed for BM25 alone, the sentence vectors alone,
and the fused, re-ranked search that ``claimdesk checks search`` runs.

Scale: a 100,000-check ClaimReview feed imported into a fresh desk (each step in a child
process so that its peak memory is its own), then 300 queries timed one at a time.

With ``--team`` the same feed also goes into a team desk on a throwaway PostgreSQL
cluster (as bench/team.py starts one, fsync on), after the desk file in the same run as
the baseline: the import, the searches on the index the import cached, and the first
search of a machine whose cache is empty (it builds the index from the server's table).

    python bench/checks.py            # both
    python bench/checks.py --quality  # the labelled set only
    python bench/checks.py --team     # scale on a desk file, then on a team desk
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.checks.library import Searcher, import_files
from core.checks.search import DEFAULT, Weights
from core.desk import Desk, open_desk
from tests.check_samples import distractors, labelled, synthetic

NO_RERANK = {"figure_same": 0.0, "figure_other": 0.0, "claimant": 0.0, "names": 0.0}
MODES = {
    "lexical": replace(DEFAULT, lexical=1.0, semantic=0.0, **NO_RERANK),
    "semantic": replace(DEFAULT, lexical=0.0, semantic=1.0, **NO_RERANK),
    "blend": replace(DEFAULT, **NO_RERANK),
    "fused": DEFAULT,
}


def build_quality_desk(folder: Path) -> tuple[Path, list]:
    checks, pairs = labelled()
    feed = folder / "labelled.json"
    feed.write_text(json.dumps(checks + distractors()), encoding="utf-8")
    desk_path = folder / "desk.json"
    with Desk.open(desk_path) as desk:
        import_files(desk, [feed])
    return desk_path, pairs


def evaluate(desk: Desk, pairs: list, weights: Weights) -> dict[str, float]:
    searcher = Searcher(desk, weights=weights, own=False)
    ap: dict[str, list[float]] = {"all": [], "post": [], "paraphrase": []}
    for pair in pairs:
        urls = [m.row["url"] for m in searcher.search(pair.query, limit=5)]
        score = 1.0 / (urls.index(pair.url) + 1) if pair.url in urls else 0.0
        ap["all"].append(score)
        ap[pair.kind].append(score)
    out = {f"map5_{k}": statistics.fmean(v) for k, v in ap.items() if v}
    out["recall5"] = statistics.fmean(1.0 if s > 0 else 0.0 for s in ap["all"])
    return out


def quality() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        desk_path, pairs = build_quality_desk(Path(tmp))
        with Desk.open(desk_path, readonly=True) as desk:
            n = len(desk.check_rows())
            print(f"labelled set: {len(pairs)} queries, {n:,} checks")
            for mode, weights in MODES.items():
                r = evaluate(desk, pairs, weights)
                print(
                    f"  {mode:<9} MAP@5 {r['map5_all']:.3f}  recall@5 {r['recall5']:.3f}  "
                    f"(posts {r['map5_post']:.3f}, paraphrases {r['map5_paraphrase']:.3f})"
                )
                if mode == "fused":
                    print(f"checks_map5_fused: {r['map5_all']:.3f}")


def _child(step: str, folder: Path, desk: str, cache: str = "cache") -> dict:
    import os

    env = dict(os.environ, XDG_CACHE_HOME=str(folder / cache))  # a team desk's index
    out = subprocess.run(
        [sys.executable, __file__, "--child", step, str(folder), desk],
        capture_output=True, text=True, check=True, env=env,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def child(step: str, folder: Path, location: str) -> None:
    if step == "import":
        started = time.perf_counter()
        with open_desk(location) as desk:
            import_files(desk, [folder / "feed.json"])
        result = {"seconds": time.perf_counter() - started}
    else:
        _, pairs = labelled()
        queries = [p.query for p in pairs][:300]
        with open_desk(location, readonly=True) as desk:
            started = time.perf_counter()
            searcher = Searcher(desk, own=False)
            searcher.search("warm up")
            opened = time.perf_counter() - started
            times = []
            for q in queries:
                t = time.perf_counter()
                searcher.search(q, limit=5)
                times.append((time.perf_counter() - t) * 1000)
        times.sort()
        result = {
            "open_s": opened,
            "p50": statistics.median(times),
            "p95": times[int(len(times) * 0.95) - 1],
        }
    # VmHWM, not ru_maxrss: the latter survives exec and would count the parent's size.
    status = Path("/proc/self/status").read_text(encoding="ascii")
    result["peak_mb"] = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    print(json.dumps(result))


def _report(label: str, imp: dict, s: dict, tag: str) -> None:
    print(f"{label} import: {imp['seconds']:.1f} s, peak {imp['peak_mb']:.0f} MB")
    print(
        f"{label} search: p50 {s['p50']:.1f} ms, p95 {s['p95']:.1f} ms, "
        f"first search (maps the index, loads the model) {s['open_s'] * 1000:.0f} ms, "
        f"peak {s['peak_mb']:.0f} MB"
    )
    print(f"checks_peak_mb_100k{tag}: {max(imp['peak_mb'], s['peak_mb']):.0f}")
    print(f"checks_search_ms_p95_100k{tag}: {s['p95']:.1f}")
    print(f"checks_import_s_100k{tag}: {imp['seconds']:.1f}")
    print(f"checks_search_ms_p50_100k{tag}: {s['p50']:.1f}")


def scale(n: int = 100_000, team: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        feed = folder / "feed.json"
        feed.write_text(json.dumps(synthetic(n)), encoding="utf-8")
        print(f"feed: {n:,} ClaimReview records, {feed.stat().st_size / 2**20:.0f} MB")
        desk = str(folder / "desk.json")
        _report("desk file", _child("import", folder, desk), _child("search", folder, desk), "")
        if team:
            team_scale(folder)


def team_scale(folder: Path) -> None:
    from tests.pg_cluster import Cluster

    with Cluster(fast=False) as cluster:
        url = cluster.create_database("checks")
        print(f"team desk: PostgreSQL on 127.0.0.1:{cluster.port} (throwaway cluster, fsync on)")
        imp = _child("import", folder, url)
        _report("team desk", imp, _child("search", folder, url), "_team")
        cold = _child("search", folder, url, cache="empty-cache")
        print(
            f"team desk, a machine with no cached index: its first search builds it in "
            f"{cold['open_s']:.1f} s (peak {cold['peak_mb']:.0f} MB), then p50 "
            f"{cold['p50']:.1f} ms, p95 {cold['p95']:.1f} ms"
        )
        print(f"checks_team_cold_build_s_100k: {cold['open_s']:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="the labelled set only")
    parser.add_argument("--team", action="store_true", help="scale on a team desk too")
    parser.add_argument("--checks", type=int, default=100_000, help="checks in the feed")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.child[2])
        return
    if not args.team:
        quality()
    if not args.quality:
        scale(args.checks, team=args.team)


if __name__ == "__main__":
    main()
