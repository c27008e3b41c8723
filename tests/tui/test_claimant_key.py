"""``b`` (by whom): the reviewer sees who made the claim and corrects it; ``u`` takes it back."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import SIZE, go_to_claim, settle
from tui.screens.claimant_form import ClaimantForm
from tui.screens.help import HelpScreen

pytestmark = pytest.mark.anyio


def _detail(app) -> str:
    return str(app.screen.query_one("#detail").content)


async def test_detail_shows_the_claimant_and_b_corrects_it_undoably(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        assert "Claimant: Al Jazeera" in _detail(app)
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, ClaimantForm)
        assert app.screen.query_one("#claimant").value == "Al Jazeera"  # as extracted
        await pilot.press("ctrl+u", *"Reuters", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, ClaimantForm)
        assert seeded_desk.claim(target.id).claimant == "Reuters"
        assert "Claimant: Reuters" in _detail(app)
        assert [e.action for e in seeded_desk.events(target.id)][-1] == "claimant"
        await pilot.press("u")
        await pilot.pause()
        assert seeded_desk.claim(target.id).claimant == "Al Jazeera"
        assert "Claimant: Al Jazeera" in _detail(app)


async def test_an_empty_field_clears_the_claimant_and_escape_changes_nothing(
    seeded_desk, seed_article, make_app, claim_with_figure
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"Someone else", "escape")
        await pilot.pause()
        assert seeded_desk.claim(target.id).claimant == "Al Jazeera"
        await pilot.press("b")
        await pilot.pause()
        await pilot.press("ctrl+u", "enter")
        await pilot.pause()
        assert seeded_desk.claim(target.id).claimant is None
        assert "Claimant: none (the article asserts it)" in _detail(app)


async def test_help_lists_the_claimant_key(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = [
            [str(cell) for cell in app.screen.query_one("#help-table").get_row_at(i)]
            for i in range(app.screen.query_one("#help-table").row_count)
        ]
        assert any(row[0] == "b" and "By whom: the claimant" in " ".join(row) for row in rows)
