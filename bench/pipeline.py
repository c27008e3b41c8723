"""Whole-extraction throughput: article text in, claims out.

``bench/extract.py`` times the figure recogniser on its own; this times what a user waits
for — ``core.extract.extract_claims`` (sentences, figures, quotes, claims, scores) — on
the default rule-based pipeline, and, when a trained spaCy pipeline is installed, the
overhead our extraction adds on top of running that pipeline alone (target ≤ 20 %).

    python bench/pipeline.py [--model en_core_web_sm] [--tokens 200000]

Nothing is downloaded: a trained pipeline that is not installed is reported and skipped.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from extract import PARAGRAPHS  # noqa: E402  (the same news prose as the figure bench)

from core.extract import extract_claims  # noqa: E402
from core.extract.pipeline import get_nlp  # noqa: E402
from core.ingest import article_from_text  # noqa: E402


def articles(min_tokens: int, count_tokens) -> list[str]:
    """Article-sized texts (the seed plus news paragraphs), enough for ``min_tokens``."""
    seed = (ROOT / "seeds" / "mexico-extraditions-tariffs.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in seed.split("\n") if p.strip()] + PARAGRAPHS
    per_article = count_tokens("\n".join(paragraphs))
    n = max(1, math.ceil(min_tokens / per_article))
    # Each article takes the paragraphs in a different order, so no two are the same text.
    return [
        "\n".join(paragraphs[i % len(paragraphs) :] + paragraphs[: i % len(paragraphs)])
        for i in range(n)
    ]


def best_of(fn, repeats: int) -> float:
    """Best wall time of ``repeats`` runs: the machine is shared, the minimum is the signal."""
    best = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def extraction_seconds(texts: list[str], model: str | None) -> float:
    docs = [article_from_text(t, source=f"bench-{i}") for i, t in enumerate(texts)]

    def run() -> None:
        for article in docs:
            extract_claims(article, model=model)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=200_000)
    parser.add_argument("--model", default="en_core_web_sm", help="trained pipeline to compare")
    parser.add_argument("--repeats", type=int, default=3)
    opts = parser.parse_args(argv)

    blank = spacy.blank("en")
    count = lambda text: len(blank.make_doc(text))  # noqa: E731
    texts = articles(opts.tokens, count)
    tokens = sum(count(t) for t in texts)
    print(f"corpus: {len(texts)} articles, {tokens:,} tokens")

    get_nlp(None)  # build once, outside the timing
    default_rate = tokens / best_of(extraction_seconds(texts, None), opts.repeats)
    print(f"default pipeline, full extraction: {default_rate:12,.0f} tokens/s")

    results = {"extraction_tokens_per_s": round(default_rate)}
    if spacy.util.is_package(opts.model):
        trained = spacy.load(opts.model)
        small = texts[: max(1, len(texts) // 8)]  # a trained pipeline is ~10x slower
        small_tokens = sum(count(t) for t in small)
        # Extraction handles one article at a time, so the pipeline alone is timed the same
        # way; nlp.pipe's batching is printed beside it for comparison.
        alone = best_of(lambda: [trained(t) for t in small], opts.repeats)
        batched = best_of(lambda: list(trained.pipe(small)), opts.repeats)
        get_nlp(opts.model)
        ours = best_of(extraction_seconds(small, opts.model), opts.repeats)
        overhead = 100 * (ours - alone) / alone
        print(
            f"{opts.model} alone:            {small_tokens / alone:12,.0f} tokens/s"
            f"  (nlp.pipe batched: {small_tokens / batched:,.0f})\n"
            f"{opts.model} + our extraction: {small_tokens / ours:12,.0f} tokens/s"
            f"  (overhead {overhead:+.1f} %, on {small_tokens:,} tokens)"
        )
        results["trained_model"] = opts.model
        results["trained_alone_tokens_per_s"] = round(small_tokens / alone)
        results["trained_overhead_pct"] = round(overhead, 1)
    else:
        print(f"{opts.model}: not installed, trained-pipeline overhead not measured")

    print("--- results ---")
    for key, value in results.items():
        print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
