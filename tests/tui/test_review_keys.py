"""Every review key, driven through the real app on a real desk.

Each test presses keys as a reviewer would and then checks the desk (what was saved) and
the widgets (what the reviewer sees). The desk is the point: a screen that says "done"
without the desk agreeing is the bug these tests exist to catch.
"""

from __future__ import annotations

import pytest

from core.model import DECIDED_STATUSES, Status
from tests.tui.pilot_helpers import SIZE, go_to_claim, settle
from tui.screens.review import ReviewScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio


def _table(app) -> ClaimsTable:
    return app.screen.query_one(ClaimsTable)


def _progress_text(app) -> str:
    return str(app.screen.query_one("#progress").render())


async def test_opens_seed_with_claims_and_progress(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        claims = seeded_desk.claims(seed_article.id)
        assert _table(app).row_count == len(claims) > 0
        assert _progress_text(app) == f"0 of {len(claims)} reviewed"
        figures = {c.key_figure.text for c in claims if c.key_figure}
        assert {"26", "29"} <= figures
        # The cursor starts on the first unreviewed claim and the article follows it.
        assert _table(app).current_id == claims[0].id
        assert app.screen.query_one(ArticleView).selected == claims[0].id


@pytest.mark.parametrize(
    ("key", "status"),
    [
        ("v", Status.VERIFIED),
        ("f", Status.FALSE),
        ("s", Status.NEEDS_SOURCE),
        ("i", Status.INCONCLUSIVE),
        ("d", Status.DISMISSED),
    ],
)
async def test_decision_keys_save_then_move_to_next_unreviewed(
    seeded_desk, seed_article, key, status, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await pilot.press(key)
        await pilot.pause()
        saved = seeded_desk.claim(target.id)
        assert saved.status == status
        assert saved.reviewer == "tester"
        actions = [e for e in seeded_desk.events(target.id) if e.after and e.before]
        assert actions[-1].after["status"] == status
        # Cursor moved on, to an unreviewed claim, and the row shows the new status.
        current = _table(app).current_id
        assert current != target.id
        assert seeded_desk.claim(current).status == Status.UNREVIEWED
        row = _table(app).get_row(target.id)
        assert status.value.replace("_", " ") in str(row[0])
        decided = sum(
            1 for c in seeded_desk.claims(seed_article.id) if c.status in DECIDED_STATUSES
        )
        assert _progress_text(app).startswith(f"{decided} of ")


async def test_j_k_and_arrows_move_between_claims(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = _table(app).row_ids()
        assert _table(app).current_id == ids[0]
        await pilot.press("j")
        assert _table(app).current_id == ids[1]
        await pilot.press("down")
        assert _table(app).current_id == ids[2]
        await pilot.press("k")
        assert _table(app).current_id == ids[1]
        await pilot.press("up")
        await pilot.pause()
        assert _table(app).current_id == ids[0]
        assert app.screen.query_one(ArticleView).selected == ids[0]


async def test_undo_and_redo(seeded_desk, seed_article, make_app, claim_with_figure):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        await pilot.press("v")
        assert seeded_desk.claim(target.id).status == Status.VERIFIED
        await pilot.press("u")
        await pilot.pause()
        assert seeded_desk.claim(target.id).status == Status.UNREVIEWED
        assert _table(app).current_id == target.id
        assert "unreviewed" in str(_table(app).get_row(target.id)[0])
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert seeded_desk.claim(target.id).status == Status.VERIFIED
        assert "verified" in str(_table(app).get_row(target.id)[0])


async def test_decisions_survive_quit_and_reopen(
    seeded_desk, seed_article, tmp_path, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await pilot.press("v")
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
    seeded_desk.close()

    from core.desk import Desk

    with Desk.open(seeded_desk.path) as again:
        assert again.claim(target.id).status == Status.VERIFIED
        app2 = make_app(again, [again.article(seed_article.id)])
        async with app2.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert "verified" in str(_table(app2).get_row(target.id)[0])
            assert _progress_text(app2).startswith("1 of ")


async def test_filter_narrows_enter_keeps_escape_clears(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        total = _table(app).row_count
        await pilot.press("slash")
        await pilot.press(*"90-day")
        await pilot.pause()
        assert 0 < _table(app).row_count < total
        await pilot.press("enter")
        await pilot.pause()
        assert _table(app).has_focus
        assert _table(app).row_count < total  # filter kept
        current = seeded_desk.claim(_table(app).current_id)
        assert current.key_figure.text == "90-day"
        await pilot.press("s")
        assert seeded_desk.claim(current.id).status == Status.NEEDS_SOURCE
        await pilot.press("escape")
        await pilot.pause()
        assert _table(app).row_count == total
        assert not app.screen.query_one("#filter").display


async def test_filter_again_replaces_the_query(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"26", "enter")
        await pilot.pause()
        assert seeded_desk.claim(_table(app).current_id).key_figure.text == "26"
        await pilot.press("slash", *"29", "enter")
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "29"
        assert seeded_desk.claim(_table(app).current_id).key_figure.text == "29"


async def test_sort_toggle_orders_by_checkworthiness(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        by_position = _table(app).row_ids()
        await pilot.press("o")
        await pilot.pause()
        ids = _table(app).row_ids()
        scores = [seeded_desk.claim(cid).checkworthiness for cid in ids]
        assert scores == sorted(scores, reverse=True)
        assert sorted(ids) == sorted(by_position)
        await pilot.press("o")
        await pilot.pause()
        assert _table(app).row_ids() == by_position


async def test_tab_switches_pane_and_enter_shows_claim(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        article = app.screen.query_one(ArticleView)
        assert _table(app).has_focus
        await pilot.press("tab")
        assert article.has_focus
        await pilot.press("tab")
        assert _table(app).has_focus
        target = seeded_desk.claim(_table(app).row_ids()[-1])  # near the end of the text
        _table(app).move_to(target.id)
        await pilot.press("enter")
        await pilot.pause()
        assert article.selected == target.id
        # The claim near the end of the article was scrolled into view.
        assert article.scroll_y > 0


async def test_escape_goes_back_to_article_list(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    from tui.screens.article_list import ArticleListScreen

    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ArticleListScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_a_verdict_typed_right_before_slash_is_not_lost(seeded_desk, seed_article, make_app):
    """``v`` then ``/`` arriving together (a fast typist, a slow machine): the filter box
    opens at once, and the verdict still lands on the claim the list was on."""
    from textual import events

    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = _table(app).current_id
        for key, character in (("v", "v"), ("slash", "/")):
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert seeded_desk.claim(target).status == Status.VERIFIED
        assert app.screen.query_one("#filter").has_focus
