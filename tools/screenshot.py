"""Redraw ``docs/screenshot.svg``: the review screen on the reference article.

Imports the seed into a temporary desk, verifies the first claim and marks the 90-day
extension as needing a source (so the picture shows statuses), then saves Textual's SVG
screenshot at 120×36.

    python tools/screenshot.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/mexico-extraditions-tariffs.txt"


async def main() -> int:
    from core.desk import Desk
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from core.review import Review
    from tui.app import ClaimdeskApp

    text = (ROOT / SEED).read_text(encoding="utf-8")
    article = article_from_text(text, source=SEED)
    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp) / "desk.json") as desk:
        review = Review(desk, "reviewer")
        review.import_article(article, extract_claims(article))
        claims = desk.claims(article.id)
        review.set_status(claims[0].id, "verified")
        extension = next(c for c in claims if c.key_figure and c.key_figure.value == "P90D")
        review.set_status(extension.id, "needs_source")
        app = ClaimdeskApp(desk, "reviewer", [desk.article(article.id)])
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause(0.5)
            app.save_screenshot(filename="screenshot.svg", path=str(ROOT / "docs"))
    print("wrote docs/screenshot.svg")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
