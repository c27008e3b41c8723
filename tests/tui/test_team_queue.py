"""A reviewer's own queue in the workbench on a team desk: the queue (``w``) opens on what
is still to decide in the reviewer's assigned articles, ``m`` switches to the desk-wide
queue, the queue reads by its fields (never the whole desk), the ``/`` filter knows the
article's assignee, and the article list sorts by assignee (``o``)."""

from __future__ import annotations

import re

import pytest
from textual.widgets import DataTable, Input

from core.desk import open_desk
from core.model import Status
from core.review import Review
from tests.tui.conftest import fresh
from tests.tui.pilot_helpers import SIZE, find_claim, paste, settle, wait_for_queue
from tests.tui.test_bursts import burst, typed
from tui.app import ClaimdeskApp
from tui.screens.queue import DEFAULT_QUERY, MINE_QUERY, QueueScreen
from tui.screens.review import ReviewScreen
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio


@pytest.fixture
def team_desk(pg_url, seed_extraction, gdp_extraction, frozen_clock):
    """The seed assigned to tester, the GDP story to nobody; in each a claim sent for
    sourcing by r2."""
    desk = open_desk(pg_url)
    review = Review(desk, "tester")
    for article, claims in (seed_extraction, gdp_extraction):
        review.import_article(fresh(article), [fresh(c) for c in claims])
    seed, gdp = desk.articles()
    desk.assign(seed.id, "Tester", "editor")
    r2 = Review(desk, "r2")
    r2.set_status(find_claim(desk, seed.id, "90-day").id, "needs_source")
    r2.set_status(find_claim(desk, gdp.id, "1.4%").id, "needs_source")
    try:
        yield desk, seed, gdp
    finally:
        desk.close()


def _rows(app) -> list[str]:
    return [str(key.value) for key in app.screen.query_one("#queue", DataTable).rows]


def _unreviewed(desk, article_id) -> list[str]:
    return [c.id for c in desk.claims(article_id) if c.status == Status.UNREVIEWED]


async def _open_queue(pilot) -> QueueScreen:
    await settle(pilot)
    await pilot.press("w")
    await wait_for_queue(pilot)
    assert isinstance(pilot.app.screen, QueueScreen)
    return pilot.app.screen


async def test_the_queue_opens_on_the_reviewers_own_and_m_shows_all(team_desk):
    desk, seed, gdp = team_desk
    app = ClaimdeskApp(desk, "tester", [])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_queue(pilot)
        assert screen.query_one("#queue-query", Input).value == MINE_QUERY
        mine = _unreviewed(desk, seed.id)
        assert _rows(app) == mine and mine
        # Read by the query: the claims of the other article were never loaded.
        assert set(screen.claims) == set(mine)
        table = screen.query_one("#queue", DataTable)
        assert str(table.get_cell(mine[0], "assigned")) == "Tester"
        await pilot.press("m")
        await wait_for_queue(pilot)
        assert screen.query_one("#queue-query", Input).value == DEFAULT_QUERY
        sourcing = [find_claim(desk, a.id, f).id for a, f in ((seed, "90-day"), (gdp, "1.4%"))]
        assert _rows(app) == sourcing
        assert str(table.get_cell(sourcing[1], "assigned")) == ""
        await pilot.press("m")
        await wait_for_queue(pilot)
        assert _rows(app) == mine


async def test_an_article_assigned_meanwhile_joins_the_open_queue(team_desk):
    desk, seed, gdp = team_desk
    app = ClaimdeskApp(desk, "tester", [])
    async with app.run_test(size=SIZE) as pilot:
        await _open_queue(pilot)
        assert _rows(app) == _unreviewed(desk, seed.id)
        with open_desk(desk.url) as editor:  # another workbench or the command line
            editor.assign(gdp.id, "tester", "editor")
            Review(editor, "r2").set_status(_unreviewed(desk, seed.id)[0], "verified")
        wanted = [*_unreviewed(desk, seed.id), *_unreviewed(desk, gdp.id)]
        for _ in range(100):
            await pilot.pause(0.05)
            if _rows(app) == wanted:
                break
        assert _rows(app) == wanted


async def test_another_reviewers_change_reaches_the_screen_once(team_desk):
    """The app hands a notice to the screen on top; it must not bubble back to the app,
    which would hand it over again, forever (the list refreshing without end)."""
    desk, seed, _gdp = team_desk
    from tui.messages import DeskChanged

    seen: list[object] = []
    app = ClaimdeskApp(desk, "tester", [])

    def hook(message) -> None:
        if isinstance(message, DeskChanged):
            seen.append(message._sender)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await settle(pilot)
        with open_desk(desk.url) as other:
            Review(other, "r2").set_status(_unreviewed(desk, seed.id)[0], "verified")
        for _ in range(200):
            await pilot.pause(0.02)
            if len(seen) >= 2:
                break
        await pilot.pause(0.5)  # a notice bouncing back would be handed over again by now
        assert len(seen) == 2  # from the listener to the app, from the app to the screen


async def test_deciding_from_my_queue_takes_the_claim_out_of_it(team_desk):
    desk, seed, _gdp = team_desk
    app = ClaimdeskApp(desk, "tester", [])
    async with app.run_test(size=SIZE) as pilot:
        await _open_queue(pilot)
        first = _rows(app)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one(ClaimsTable).current_id == first
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("escape")
        await wait_for_queue(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert first not in _rows(app)
        assert _rows(app) == _unreviewed(desk, seed.id)


async def test_a_reviewer_without_assignments_opens_on_the_desk_wide_queue(team_desk):
    desk, _seed, _gdp = team_desk
    app = ClaimdeskApp(desk, "carol", [])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_queue(pilot)
        assert screen.query_one("#queue-query", Input).value == DEFAULT_QUERY
        await pilot.press("m")
        await wait_for_queue(pilot)
        assert _rows(app) == []  # carol has nothing of her own
        hint = str(screen.query_one("#queue-hint").render())
        assert "0 claims match" in hint and "m mine or all" in hint


async def test_typed_fields_are_read_afresh_from_the_desk(team_desk):
    desk, seed, gdp = team_desk
    app = ClaimdeskApp(desk, "tester", [])
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_queue(pilot)
        # In one go, each key asks the desk again while the last read is under way ...
        await pilot.press("slash", "ctrl+u")
        burst(app, *typed("assigned:none status:unreviewed"), "enter")
        await wait_for_queue(pilot)
        assert _rows(app) == _unreviewed(desk, gdp.id)
        assert set(screen.claims) == set(_unreviewed(desk, gdp.id))
        # ... key by key, each read is answered before the next key.
        await pilot.press("slash", "ctrl+u", *"decided-by:R2", "enter")
        await wait_for_queue(pilot)
        assert _rows(app) == [
            find_claim(desk, seed.id, "90-day").id,
            find_claim(desk, gdp.id, "1.4%").id,
        ]
        await pilot.press("slash", "ctrl+u")
        burst(app, *typed("status:verifed"), "enter")
        await wait_for_queue(pilot)
        assert _rows(app) == []
        assert "unknown status 'verifed'" in str(screen.query_one("#queue-hint").render())


async def test_the_filter_in_an_article_knows_who_it_is_assigned_to(team_desk):
    desk, seed, _gdp = team_desk
    app = ClaimdeskApp(desk, "tester", [seed])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await paste(pilot, "reviewer:me status:unreviewed")  # key by key: test_review_keys
        table = app.screen.query_one(ClaimsTable)
        assert sorted(table.row_ids()) == sorted(_unreviewed(desk, seed.id))
        await pilot.press("ctrl+u")
        await paste(pilot, "assigned:none")
        assert table.row_ids() == []


async def test_the_article_list_sorts_by_assignee(team_desk):
    desk, seed, gdp = team_desk
    with open_desk(desk.url) as other:
        Review(other, "tester").import_article(
            *_budget(),
        )
        budget = other.articles()[2]
        other.assign(budget.id, "ann", "editor")
    app = ClaimdeskApp(desk, "tester", [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles", DataTable)
        order = [str(key.value) for key in table.rows]
        assert order == [seed.id, gdp.id, budget.id]  # import order
        cell = table.get_cell(seed.id, "reviewers")
        assert str(cell).startswith("→ Tester") and "bold" in str(cell.spans[0].style)
        assert str(table.get_cell(budget.id, "reviewers")) == "→ ann"
        await pilot.press("o")
        await pilot.pause()
        order = [str(key.value) for key in table.rows]
        assert order == [seed.id, budget.id, gdp.id]  # mine, then ann's, then nobody's
        assert "by assignee" in str(app.screen.query_one("#progress").render())
        await pilot.press("o")
        await pilot.pause()
        assert [str(key.value) for key in table.rows] == [seed.id, gdp.id, budget.id]
        # A click on the column's header sorts by it too.
        columns = list(table.columns.values())
        x = sum(c.get_render_width(table) for c in columns[:-1]) + 2
        await pilot.click("#articles", offset=(x, 0))
        await pilot.pause()
        assert [str(key.value) for key in table.rows] == [seed.id, budget.id, gdp.id]


def _budget():
    from core.extract import extract_claims
    from core.ingest import article_from_text

    article = article_from_text(
        "Council budget\n\nThe council spent €3 million on roads in 2024.\n", source="b.txt"
    )
    return article, extract_claims(article)


@pytest.fixture
def pinned_team_desk(pg_url, frozen_clock):
    """The pinned seed claims (``data/seed_claims.json``) on a team desk, the article
    assigned to tester, one claim verified by r2."""
    import json
    from pathlib import Path

    from core.model import Article, Claim

    data = json.loads((Path(__file__).parent / "data" / "seed_claims.json").read_text("utf-8"))
    desk = open_desk(pg_url)
    article = Article.from_dict(data["article"])
    Review(desk, "tester").import_article(article, [Claim.from_dict(c) for c in data["claims"]])
    desk.assign(article.id, "tester", "editor")
    Review(desk, "r2").set_status(find_claim(desk, article.id, "29").id, "verified")
    try:
        yield desk
    finally:
        desk.close()


def test_my_queue_snapshot(snap_compare, pinned_team_desk):
    async def queue(pilot):
        await settle(pilot)
        await pilot.press("w")
        await wait_for_queue(pilot)

    app = ClaimdeskApp(pinned_team_desk, "tester", [])
    assert snap_compare(app, terminal_size=SIZE, run_before=queue)


def test_team_article_list_snapshot(snap_compare, pinned_team_desk):
    async def listed(pilot):
        await settle(pilot)

    app = ClaimdeskApp(pinned_team_desk, "tester", [])
    assert snap_compare(app, terminal_size=SIZE, run_before=listed)


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_the_team_article_list_fits_the_terminal_with_every_column(pinned_team_desk, width):
    """On a team desk the list has a fifth column (who has the article); at 80 columns it
    still fits without scrolling sideways, every column shown and the progress readable."""
    app = ClaimdeskApp(pinned_team_desk, "tester", [])
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles", DataTable)
        assert [str(c.label) for c in table.columns.values()][-1] == "By reviewer"
        assert table.virtual_size.width <= table.scrollable_content_region.width
        progress = str(table.get_row_at(0)[2])
        assert re.fullmatch(r"[█░]{4,} \d+/\d+", progress), progress
        assert len(progress) <= table.columns[list(table.columns)[2]].width
