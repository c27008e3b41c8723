"""Typing a filter repaints the list and the status line without laying the screen out
again (both keep their size whatever they show), and the list still scrolls as far as
its rows go."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import SIZE, press, settle

pytestmark = pytest.mark.anyio


def _layouts_asked(widget) -> list[bool]:
    """Each ``refresh`` ``widget`` is asked for, True where it asks for a layout."""
    asked: list[bool] = []
    refresh = widget.refresh

    def recording(*regions, repaint=True, layout=False, recompose=False):
        asked.append(layout)
        return refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    widget.refresh = recording
    return asked


async def test_filter_keys_repaint_without_a_layout(pinned_desk, pinned_article, make_app):
    from textual.widgets import Static

    from tui.widgets.claims_table import ClaimsTable

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        table = screen.query_one(ClaimsTable)
        total = table.row_count
        await press(pilot, "slash", "t")
        line = screen.query_one("#status-line", Static)
        table_asked, line_asked = _layouts_asked(table), _layouts_asked(line)
        for key in "ariff":
            await press(pilot, key)
        await settle(pilot)
        assert "tariff" in str(line.render())
        assert 0 < table.row_count < total
        assert table_asked and line_asked  # both repainted…
        assert not any(table_asked) and not any(line_asked)  # …and laid nothing out


async def test_the_list_scrolls_as_far_as_its_rows(seeded_desk, seed_article, make_app):
    from tui.widgets.claims_table import ClaimsTable

    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=(80, 20)) as pilot:  # stacked panes: a short list
        await settle(pilot)
        table = app.screen.query_one(ClaimsTable)
        assert table.virtual_size.height == table.row_count + 1  # the header too
        assert table.max_scroll_y > 0  # more claims than lines
        await press(pilot, "slash", *"tariff")
        await settle(pilot)
        assert table.virtual_size.height == table.row_count + 1
        assert table.max_scroll_y == 0  # a few rows: nothing to scroll
        await press(pilot, "escape")
        await settle(pilot)
        assert table.max_scroll_y > 0
        await press(pilot, "end")
        await settle(pilot)
        assert table.scroll_y == table.max_scroll_y > 0
