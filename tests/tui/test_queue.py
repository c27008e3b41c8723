"""Queues in the workbench: the ``/`` filter's fields, enter on the best match, and the
desk-wide queue screen (``w``) whose enter opens a claim in its article."""

from __future__ import annotations

import pytest

from core.model import Status
from tests.tui.conftest import fresh
from tests.tui.pilot_helpers import (
    SIZE,
    find_claim,
    paste,
    settle,
    wait_for_palette,
    wait_for_queue,
)
from tests.tui.test_bursts import burst, typed
from tui.screens.queue import QueueScreen
from tui.screens.review import ReviewScreen
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio


@pytest.fixture
def two_article_desk(seeded_desk, gdp_extraction):
    """The seed and a GDP story; a needs-source claim in each, one verified by r2."""
    from core.review import Review

    article, claims = gdp_extraction
    Review(seeded_desk, "tester").import_article(fresh(article), [fresh(c) for c in claims])
    seed = seeded_desk.articles()[0]
    gdp = seeded_desk.article(article.id)
    review = Review(seeded_desk, "r2")
    review.set_status(find_claim(seeded_desk, seed.id, "90-day").id, "needs_source")
    review.set_status(find_claim(seeded_desk, gdp.id, "1.4%").id, "needs_source")
    review.set_status(find_claim(seeded_desk, seed.id, "29").id, "verified")
    return seeded_desk, seed, gdp


def _table(app) -> ClaimsTable:
    return app.screen.query_one(ClaimsTable)


def _figures(app) -> list[str]:
    claims = app.screen.claims
    return [claims[cid].key_figure.text for cid in _table(app).row_ids()]


@pytest.mark.parametrize(
    ("query", "figures"),
    [
        ("status:needs_source", ["90-day"]),
        ("needs source", ["90-day"]),
        ("needs-source", ["90-day"]),
        ("status:needs source", ["90-day"]),
        ("status:verified", ["29"]),
        ("reviewer:r2", ["29", "90-day"]),
        ("kind:percent tariff", ["25 per cent", "25 per cent"]),
        ("status:verifed", []),
    ],
)
async def test_the_filter_understands_fields(two_article_desk, make_app, query, figures):
    desk, seed, _ = two_article_desk
    app = make_app(desk, [seed])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, query)  # the filter typed key by key: test_review_keys
        assert sorted(_figures(app)) == sorted(figures)
        if query == "status:verifed":
            line = str(app.screen.query_one("#status-line").render())
            assert "unknown status 'verifed'" in line


async def test_filter_then_enter_lands_on_the_best_match_and_the_next_key_acts_there(
    two_article_desk, make_app
):
    desk, _, gdp = two_article_desk
    app = make_app(desk, [gdp])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # Typed in one go, as a reviewer does: no pause between the keys.
        await pilot.press("slash", *"quarter", "enter", "f")
        await pilot.pause()
        target = find_claim(desk, gdp.id, "2.1%")
        assert desk.claim(target.id).status == Status.FALSE
        assert desk.claim(find_claim(desk, gdp.id, "A quarter").id).status == Status.UNREVIEWED


async def test_queue_lists_claims_across_articles_and_enter_opens_one(two_article_desk, make_app):
    desk, seed, gdp = two_article_desk
    app = make_app(desk, [seed])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await wait_for_queue(pilot)
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one("#queue")
        rows = [str(key.value) for key in table.rows]
        wanted = [
            find_claim(desk, seed.id, "90-day").id,
            find_claim(desk, gdp.id, "1.4%").id,
        ]
        assert rows == wanted  # every needs-source claim, articles in import order
        await pilot.press("j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.id == gdp.id
        assert _table(app).current_id == wanted[1]
        # Deciding it there takes it out of the queue; escape goes back to the queue.
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for_queue(pilot)
        table = app.screen.query_one("#queue")
        assert [str(key.value) for key in table.rows] == wanted[:1]


async def test_queue_query_is_the_filter_language(two_article_desk, make_app):
    desk, _, gdp = two_article_desk
    app = make_app(desk, [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await wait_for_queue(pilot)
        # In one go: each key narrows the list as it arrives (key by key: test_team_queue).
        burst(app, "slash", *typed("status:unreviewed kind:percent quarter"), "enter")
        await settle(pilot)
        table = app.screen.query_one("#queue")
        first = str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        assert first == find_claim(desk, gdp.id, "2.1%").id
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert _table(app).current_id == first


async def test_the_queue_is_in_the_palette(two_article_desk, make_app):
    desk, seed, _ = two_article_desk
    app = make_app(desk, [seed])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"queue")
        await wait_for_palette(pilot, "queue")
        await pilot.press("enter")
        await wait_for_queue(pilot)


async def test_quarter_enter_and_false_in_one_burst_marks_the_best_match(
    two_article_desk, make_app
):
    desk, _, gdp = two_article_desk
    app = make_app(desk, [gdp])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        burst(app, "slash", *typed("quarter"), "enter", "f")
        await settle(pilot)
        assert app.screen.filter_query == "quarter"
        assert desk.claim(find_claim(desk, gdp.id, "2.1%").id).status == Status.FALSE
        assert desk.claim(find_claim(desk, gdp.id, "A quarter").id).status == Status.UNREVIEWED
