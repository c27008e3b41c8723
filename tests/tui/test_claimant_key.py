"""``b`` (by whom): the reviewer sees who made the claim and corrects it; ``u`` takes it back."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import press
from tui.screens.claimant_form import ClaimantForm
from tui.screens.help import HelpScreen

pytestmark = pytest.mark.anyio


def _detail(app) -> str:
    return str(app.screen.query_one("#detail").content)


async def test_detail_shows_the_claimant_and_b_corrects_it_undoably(seeded_desk, on_seed):
    async with on_seed("26") as (app, pilot, target):
        assert "Claimant: Al Jazeera" in _detail(app)
        await press(pilot, "b")
        assert isinstance(app.screen, ClaimantForm)
        assert app.screen.query_one("#claimant").value == "Al Jazeera"  # as extracted
        await press(pilot, "ctrl+u", *"Reuters", "enter")
        assert not isinstance(app.screen, ClaimantForm)
        assert seeded_desk.claim(target.id).claimant == "Reuters"
        assert "Claimant: Reuters" in _detail(app)
        assert [e.action for e in seeded_desk.events(target.id)][-1] == "claimant"
        await press(pilot, "u")
        assert seeded_desk.claim(target.id).claimant == "Al Jazeera"
        assert "Claimant: Al Jazeera" in _detail(app)


async def test_an_empty_field_clears_the_claimant_and_escape_changes_nothing(seeded_desk, on_seed):
    async with on_seed("26") as (app, pilot, target):
        await press(pilot, "b")
        await press(pilot, *"Someone else", "escape")
        assert seeded_desk.claim(target.id).claimant == "Al Jazeera"
        await press(pilot, "b")
        await press(pilot, "ctrl+u", "enter")
        assert seeded_desk.claim(target.id).claimant is None
        assert "Claimant: none (the article asserts it)" in _detail(app)


async def test_help_lists_the_claimant_key(on_seed):
    async with on_seed() as (app, pilot, _claim):
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = [
            [str(cell) for cell in app.screen.query_one("#help-table").get_row_at(i)]
            for i in range(app.screen.query_one("#help-table").row_count)
        ]
        assert any(row[0] == "b" and "By whom: the claimant" in " ".join(row) for row in rows)
