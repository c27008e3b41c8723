"""A claim added by hand without a figure is never a repeat of anything."""

from __future__ import annotations

import pytest

from core.model import Origin
from tests.tui.pilot_helpers import SIZE, paste, settle
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio


async def test_a_manual_claim_without_a_figure_is_not_grouped(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await paste(pilot, "delicate equilibrium")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"Sheinbaum", "enter")  # found as it is typed, key by key
        await settle(pilot)
        screen = app.screen
        manual = [c for c in screen.claims.values() if c.origin == Origin.MANUAL]
        assert len(manual) == 2 and all(not c.figures for c in manual)
        for claim in manual:
            assert screen.list.repeats_of(claim) == []
            table = screen.query_one(ClaimsTable)
            table.move_to(claim.id)
            await pilot.pause()
            assert "×" not in " ".join(str(c) for c in table.get_row(claim.id))
