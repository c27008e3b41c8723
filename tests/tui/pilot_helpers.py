"""Small helpers shared by the Pilot tests: the terminal size, settling the app, and
finding a claim by the text of its key figure."""

from __future__ import annotations

SIZE = (120, 36)
"""Every Pilot test runs in the same terminal size, so layouts are comparable."""


async def settle(pilot) -> None:
    """Let the app mount, finish its workers, and draw the result."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def find_claim(desk, article_id, figure):
    """The claim of ``article_id`` whose key figure reads ``figure``."""
    for claim in desk.claims(article_id):
        if claim.key_figure is not None and claim.key_figure.text == figure:
            return claim
    raise AssertionError(f"no claim with key figure {figure!r}")
