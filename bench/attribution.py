"""Precision and recall of ``claimant`` on the labelled attribution set.

``tests/data/attribution.jsonl`` holds news sentences (some short paragraphs), each with a
figure (its first occurrence) or a quotation, and the claimant a fact-checker would name:
a person, a group or an organisation, or null where the article asserts the figure
itself. Each text goes through the whole extraction (``extract_claims``, as ``claimdesk
extract`` runs it) and the claim holding the figure or quotation is looked up.

A prediction counts as right when it equals the expected name (or one of the accepted
forms listed) with case and a leading "the"/"a"/"an" ignored. Precision is right names
over all names predicted; recall is right names over all expected names; a wrong name
counts against both. ``holdout`` rows were written first and only scored once the rules
were done; ``dev`` rows are the ones the rules were tuned on.

    python bench/attribution.py [--show-misses] [--model NAME]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.extract import extract_claims  # noqa: E402
from core.ingest import article_from_text  # noqa: E402

DATA = ROOT / "tests" / "data" / "attribution.jsonl"
TARGETS = {"precision": 0.85, "recall": 0.80}


def normalise(name: str | None) -> str | None:
    if name is None:
        return None
    folded = " ".join(name.casefold().replace("’", "'").split())
    return re.sub(r"^(?:the|a|an) ", "", folded)


def predict(row: dict, model: str | None = None) -> tuple[bool, str | None]:
    """(claim found, its claimant) for one labelled row."""
    article = article_from_text(row["text"], source=f"attribution-{row['id']}")
    claims = extract_claims(article, model=model)
    text = article.text
    if "quote" in row:
        for claim in claims:
            if claim.type == "quote" and row["quote"] in claim.statement:
                return True, claim.claimant
        return False, None
    match = re.search(rf"(?<![\w.,]){re.escape(row['figure'])}(?!\w)", text)
    if match is None:
        return False, None
    for claim in claims:
        key = claim.key_figure
        if key is not None and key.start <= match.start() < key.end:
            return True, claim.claimant
    return False, None


def score(rows: list[dict], model: str | None = None) -> dict:
    right = predicted = expected = 0
    misses = []
    for row in rows:
        found, got = predict(row, model)
        want = row["claimant"]
        accepted = {normalise(w) for w in (want if isinstance(want, list) else [want])}
        accepted.discard(None)
        ok = normalise(got) in accepted if accepted else got is None
        predicted += got is not None
        expected += bool(accepted)
        right += bool(got is not None and ok)
        if not ok:
            misses.append((row["id"], row["split"], want, got, found, row["text"]))
    return {
        "rows": len(rows),
        "precision": right / predicted if predicted else 1.0,
        "recall": right / expected if expected else 1.0,
        "right": right,
        "predicted": predicted,
        "expected": expected,
        "misses": misses,
    }


def load() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--model", default=None, help="a trained spaCy pipeline to use")
    opts = parser.parse_args(argv)
    rows = load()
    results = {}
    for split in ("all", "dev", "holdout"):
        chosen = rows if split == "all" else [r for r in rows if r["split"] == split]
        result = score(chosen, opts.model)
        results[split] = result
        print(
            f"{split:8} {result['rows']:4} rows  precision {result['precision']:.3f}  "
            f"recall {result['recall']:.3f}  ({result['right']} right of "
            f"{result['predicted']} named, {result['expected']} expected)"
        )
    if opts.show_misses:
        for ident, split, want, got, found, text in results["all"]["misses"]:
            where = "" if found else " [claim not found]"
            print(f"  #{ident} {split}: want {want!r}, got {got!r}{where}: {text[:110]}")
    print("--- results ---")
    for split, result in results.items():
        print(f"{split}_precision: {result['precision']:.3f}")
        print(f"{split}_recall: {result['recall']:.3f}")
    ok = all(results["all"][k] >= v for k, v in TARGETS.items())
    print(
        f"targets: precision >= {TARGETS['precision']}, recall >= {TARGETS['recall']}: "
        f"{'met' if ok else 'NOT MET'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
