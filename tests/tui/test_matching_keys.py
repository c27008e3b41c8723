"""Matching in the workbench: a verdict seen before applied with one key, repeats in an
article decided (and undone) together, and the palette finding any claim on the desk.

Each test checks the desk, not only the screen: the point is what was saved.
"""

from __future__ import annotations

import pytest

from core.model import Status
from tests.tui.pilot_helpers import SIZE, notified, settle, wait_for_palette
from tui.screens.review import ReviewScreen
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio

EXPELLED = "Mexico has expelled 26 alleged high-ranking cartel members to the United States."
REPEATS = (
    "Mexico has expelled 26 alleged cartel members to the United States, officials said.\n\n"
    "Officials said 41 people were hurt in the clashes on Monday.\n\n"
    "The government confirmed that Mexico expelled 26 alleged cartel members to the "
    "United States this week.\n\n"
    "Tariffs of 25 per cent were imposed on steel.\n"
)


def _import(desk, text: str, source: str, title: str | None = None):
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from core.review import Review

    article = article_from_text(text, source=source, title=title)
    Review(desk, "tester").import_article(article, extract_claims(article))
    return desk.article(article.id)


def _by_figure(desk, article_id: str, figure: str):
    return [c for c in desk.claims(article_id) if c.key_figure and c.key_figure.text == figure]


def _table(app) -> ClaimsTable:
    return app.screen.query_one(ClaimsTable)


# -- seen before -----------------------------------------------------------------------


async def test_p_applies_the_verdict_seen_before_and_moves_on(desk, make_app, frozen_clock):
    from core.review import Review

    first = _import(desk, f"{EXPELLED}\n", "first.txt", title="Cartel handover")
    second = _import(
        desk,
        f"On Tuesday, {EXPELLED}\n\nOfficials said 41 people were hurt on Monday.\n",
        "second.txt",
    )
    (old,) = _by_figure(desk, first.id, "26")
    review = Review(desk, "tester")
    review.correct(old.id, value="29", note="the ministry lists 29")
    review.add_source(old.id, "https://gob.mx/extraditions", title="Ministry list")
    (target,) = _by_figure(desk, second.id, "26")
    (hurt,) = _by_figure(desk, second.id, "41")

    app = make_app(desk, [second])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _table(app).move_to(target.id)
        await pilot.pause()
        assert "p applies the first verdict" in str(app.screen.query_one("#detail").content)
        await pilot.press("p")
        await pilot.pause()
        saved = desk.claim(target.id)
        assert saved.status == Status.CORRECTED
        assert saved.correction is not None and saved.correction.value == "29"
        assert [s.url for s in saved.sources] == ["https://gob.mx/extraditions"]
        event = desk.events(target.id)[-1]
        assert event.action == "copy_verdict"
        assert f"copied from {old.id} in Cartel handover" in event.detail
        assert _table(app).current_id == hurt.id  # on to the next unreviewed claim
        assert any("Applied corrected" in m for m in notified(app))


async def test_p_without_anything_seen_before_changes_nothing(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = _table(app).current_id
        await pilot.press("p")
        await pilot.pause()
        assert _table(app).current_id == before
        assert {e.action for e in seeded_desk.events()} == {"import"}
        assert any(m.startswith("Nothing seen before") for m in notified(app))


# -- repeats ---------------------------------------------------------------------------


async def test_verdict_on_a_repeat_settles_the_group_in_one_undoable_batch(
    desk, make_app, frozen_clock
):
    article = _import(desk, REPEATS, "repeats.txt")
    first, third = _by_figure(desk, article.id, "26")
    (hurt,) = _by_figure(desk, article.id, "41")

    app = make_app(desk, [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = _table(app)
        assert table.get_row(first.id)[-2] == "×2"  # the mark column
        assert table.get_row(third.id)[-2] == "×2"
        assert table.get_row(hurt.id)[-2] == ""
        assert table.current_id == first.id
        detail = str(app.screen.query_one("#detail").content)
        assert "1 more claim in this article states this figure" in detail

        await pilot.press("v")
        await pilot.pause()
        assert [desk.claim(c.id).status for c in (first, third)] == [Status.VERIFIED] * 2
        assert desk.claim(hurt.id).status == Status.UNREVIEWED
        events = [desk.events(c.id)[-1] for c in (first, third)]
        assert events[0].batch is not None and events[0].batch == events[1].batch
        assert "Verified: 2 repeats together (u undoes all 2)." in notified(app)
        assert table.current_id == hurt.id  # the repeat is settled: it is skipped
        assert app.screen.query_one("#progress").render().plain.startswith("2 of 4")

        await pilot.press("u")
        await pilot.pause()
        assert [desk.claim(c.id).status for c in (first, third)] == [Status.UNREVIEWED] * 2
        assert table.current_id == first.id
        assert table.get_row(third.id)[0].endswith("unreviewed")

        await pilot.press("ctrl+y")
        await pilot.pause()
        assert [desk.claim(c.id).status for c in (first, third)] == [Status.VERIFIED] * 2


async def test_repeat_with_its_own_verdict_is_left_and_g_decides_one_at_a_time(
    desk, make_app, frozen_clock
):
    from core.review import Review

    article = _import(desk, REPEATS, "repeats.txt")
    first, third = _by_figure(desk, article.id, "26")
    Review(desk, "tester").set_status(third.id, "needs_source")

    app = make_app(desk, [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _table(app).move_to(first.id)
        await pilot.press("f")
        await pilot.pause()
        assert desk.claim(first.id).status == Status.FALSE
        assert desk.claim(third.id).status == Status.NEEDS_SOURCE  # its own verdict stays
        assert any("Left as is: 1 repeat" in m for m in notified(app))

        await pilot.press("u", "g")
        await pilot.pause()
        assert desk.claim(first.id).status == Status.UNREVIEWED
        Review(desk, "tester").set_status(third.id, "unreviewed")
        app.screen.load_claims()  # both unreviewed again: in step
        await settle(pilot)
        assert _table(app).move_to(first.id)
        await pilot.press("v")
        await pilot.pause()
        assert desk.claim(first.id).status == Status.VERIFIED
        assert desk.claim(third.id).status == Status.UNREVIEWED  # g: one at a time
        assert desk.events(first.id)[-1].batch is None


# -- command palette -------------------------------------------------------------------


async def test_palette_finds_a_claim_in_another_article_and_opens_it(desk, make_app, frozen_clock):
    other = _import(desk, REPEATS, "repeats.txt", title="Clashes and tariffs")
    current = _import(desk, f"{EXPELLED}\n", "first.txt", title="Cartel handover")
    (hurt,) = _by_figure(desk, other.id, "41")

    app = make_app(desk, [current])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.article.id == current.id
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"41")
        prompts = await wait_for_palette(pilot, "claim: Officials said 41 people")
        assert any(p.startswith("claim: Officials said 41 people") for p in prompts), prompts
        assert "— Clashes and tariffs" in prompts[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.id == other.id
        assert _table(app).current_id == hurt.id
        assert app.desk_search is not None and app.desk_search.index is not None


async def test_palette_opens_a_claim_from_the_article_list(desk, make_app, frozen_clock):
    from tui.screens.article_list import ArticleListScreen

    article = _import(desk, REPEATS, "repeats.txt", title="Clashes and tariffs")
    _import(desk, f"{EXPELLED}\n", "first.txt", title="Cartel handover")
    (steel,) = _by_figure(desk, article.id, "25 per cent")

    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArticleListScreen)
        await pilot.press("ctrl+p", *"steel")
        await wait_for_palette(pilot, "steel")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.id == article.id
        assert _table(app).current_id == steel.id
        await pilot.press("escape")  # back to the list, as from any article
        await pilot.pause()
        assert isinstance(app.screen, ArticleListScreen)
