"""What keeps a key press quick on a long article, without changing what it shows.

The collector is kept off what start-up built (``tui.heap``), and undone when the
workbench closes; the article, the list and the detail still follow every key.
"""

from __future__ import annotations

import gc

import pytest

from tests.tui.pilot_helpers import SIZE, settle
from tui import heap
from tui.widgets.article_view import ArticleView
from tui.widgets.claims_table import ClaimsTable
from tui.widgets.detail_pane import DetailPane

pytestmark = pytest.mark.anyio


async def test_what_start_up_built_is_kept_out_of_the_collectors_way(
    seeded_desk, seed_article, make_app
):
    threshold = gc.get_threshold()
    heap.hold()  # as ``tui.launch`` does: no collection while the workbench starts
    assert not gc.isenabled()
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.isenabled()  # from the first screen on
        assert gc.get_freeze_count() > 10_000  # modules, desk, screen: not walked again
        assert gc.get_threshold()[0] == heap.YOUNG_THRESHOLD
    # Closed: its objects are collectable again, and the collector is Python's own.
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


async def test_every_key_of_a_burst_moves_the_article_and_the_detail(
    seeded_desk, seed_article, make_app
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimsTable)
        rows = table.row_ids()
        start = rows.index(table.current_id)
        await pilot.press("j", "j", "j", "k", "j", "j")
        final = seeded_desk.claim(rows[start + 4])
        assert table.current_id == final.id
        assert app.screen.query_one(ArticleView).selected == final.id
        detail = str(app.screen.query_one(DetailPane).content)
        assert f"id {final.id[:8]}" in detail
        assert final.statement.splitlines()[0][:40] in detail
