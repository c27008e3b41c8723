""" "Checked before" looks a claim up once the cursor rests on it, not on every key: a
burst of keys searches once, for the claim it ends on; the checks of a claim the cursor
has left never show meanwhile; ``K`` acts on the claim under the cursor even before the
panel has caught up. The detail pane and the article follow every key at once.

The other tests run with no delay (``conftest.zero_delays``); these set one.
"""

from __future__ import annotations

import json

import pytest

import tui.screens.review_checks
from core.checks.library import import_files
from core.model import Status
from tests.check_samples import claimreview
from tests.tui.pilot_helpers import SIZE, go_to_claim, settle, wait_until
from tui.widgets.article_view import ArticleView
from tui.widgets.checked_before import CheckedBefore
from tui.widgets.claims_table import ClaimsTable
from tui.widgets.detail_pane import DetailPane

pytestmark = pytest.mark.anyio

CHECK_URL = "https://factcheck.example/2025/mexico-29"


@pytest.fixture
def feed(tmp_path, seeded_desk):
    checks = [
        claimreview(
            CHECK_URL,
            "Mexico handed over 29 cartel figures to the United States in February.",
            "How many cartel figures did Mexico send to the US?",
            "PolitiFact",
            "False",
            "Mexican government",
            "2025-02-28",
        )
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(checks), encoding="utf-8")
    import_files(seeded_desk, [path])


def _delay(monkeypatch, seconds: float) -> None:
    monkeypatch.setattr(tui.screens.review_checks, "CHECKS_DELAY", seconds)


def _searched(panel: CheckedBefore) -> set[str]:
    """The claims the panel has looked up (its results are kept per claim)."""
    return {key[0] for key in panel._results}


def _rows_after(app, claim_id: str, count: int) -> list[str]:
    rows = app.screen.query_one(ClaimsTable).row_ids()
    start = rows.index(claim_id) + 1
    return rows[start : start + count]


async def test_a_burst_of_keys_searches_once_for_the_claim_it_ends_on(
    monkeypatch, feed, seeded_desk, seed_article, make_app
):
    # Longer than four keys take on a loaded machine, so the burst is one burst.
    _delay(monkeypatch, 1.0)
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        start = app.screen.current_claim
        panel = app.screen.query_one(CheckedBefore)
        await wait_until(pilot, lambda: _searched(panel), "a search once the cursor rested")
        await settle(pilot)
        assert _searched(panel) == {start.id}  # the claim the cursor rested on at start
        passed = _rows_after(app, start.id, 4)
        await pilot.press("j", "j", "j", "j")
        # Each key moved the article and the detail at once.
        final = seeded_desk.claim(passed[-1])
        assert app.screen.query_one(ArticleView).selected == final.id
        assert f"id {final.id[:8]}" in str(app.screen.query_one(DetailPane).content)
        # A search for a claim passed by would have started before this one.
        await wait_until(pilot, lambda: final.id in _searched(panel), "the search it ends on")
        await settle(pilot)
        assert _searched(panel) == {start.id, final.id}  # none of the claims passed by


async def test_the_checks_of_a_claim_left_behind_never_show(
    monkeypatch, feed, seeded_desk, seed_article, make_app
):
    _delay(monkeypatch, 0.3)
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        panel = app.screen.query_one(CheckedBefore)
        await wait_until(pilot, lambda: panel.matches, "the check shown")
        await settle(pilot)
        assert panel.display and CHECK_URL in str(panel.content)
        _delay(monkeypatch, 30)  # the panel will not catch up during this test
        await pilot.press("j")
        await settle(pilot)
        assert not panel.display
        assert panel.matches == []


async def test_the_panel_catches_up_once_the_cursor_rests(
    monkeypatch, feed, seeded_desk, seed_article, make_app
):
    _delay(monkeypatch, 30)
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(CheckedBefore)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "90-day")
        await settle(pilot)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await settle(pilot)
        assert not panel.display  # the cursor has not rested on it yet
        _delay(monkeypatch, 0.2)
        await pilot.press("j", "k")
        await wait_until(pilot, lambda: panel.matches, "the panel caught up")
        await settle(pilot)
        assert panel.display and CHECK_URL in str(panel.content)


async def test_k_right_after_a_move_never_applies_the_claim_left_behind(
    monkeypatch, feed, seeded_desk, seed_article, make_app
):
    _delay(monkeypatch, 0.3)
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        on_26 = await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        panel = app.screen.query_one(CheckedBefore)
        await wait_until(pilot, lambda: panel.matches, "the check looked up")
        await settle(pilot)
        assert panel.matches  # K would apply it here
        _delay(monkeypatch, 30)
        (after,) = _rows_after(app, on_26.id, 1)
        await pilot.press("j", "K")
        await settle(pilot)
        assert seeded_desk.claim(after).status == Status.UNREVIEWED
        assert seeded_desk.claim(on_26.id).status == Status.UNREVIEWED
        assert {e.action for e in seeded_desk.events()} == {"import"}
        # Back on the claim with the check, K applies it at once (looked up before).
        await pilot.press("k", "K")
        await settle(pilot)
        saved = seeded_desk.claim(on_26.id)
        assert saved.status == Status.FALSE
        assert [s.url for s in saved.sources] == [CHECK_URL]


async def test_claims_without_checks_leave_the_empty_panel_alone(
    monkeypatch, feed, seeded_desk, seed_article, make_app
):
    """Most claims have no known check: clearing a panel already empty would lay the whole
    screen out again after every rest of the cursor."""
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(CheckedBefore)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "90-day")
        await settle(pilot)
        assert not panel.display
        updates: list[object] = []
        real_update = panel.update
        monkeypatch.setattr(panel, "update", lambda *a: (updates.append(a), real_update(*a)))
        for _ in range(3):
            await pilot.press("k", "j")
            await settle(pilot)
        assert not panel.display and panel.matches == []
        assert updates == []
        await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await settle(pilot)
        assert panel.display and CHECK_URL in str(panel.content)  # and it still draws
