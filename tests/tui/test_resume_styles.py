"""A screen coming to the front is restyled only when what its styles are computed from
changed while it was hidden (``tui.screens.resume_styles``)."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import SIZE, press, settle

pytestmark = pytest.mark.anyio


def _recording_restyles(app) -> list:
    """Every node ``app.update_styles`` is asked to restyle (with its whole subtree)."""
    restyled: list = []
    update = app.update_styles

    def recording(node, animate: bool = True) -> None:
        restyled.append(node)
        update(node, animate)

    app.update_styles = recording
    return restyled


async def test_opening_and_coming_back_from_a_dialog_keep_the_styles(
    pinned_desk, pinned_article, make_app
):
    from tui.screens.review import ReviewScreen

    app = make_app(pinned_desk, [pinned_article])
    restyled = _recording_restyles(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review not in restyled  # styled once, as it was mounted
        await press(pilot, "question_mark")
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen is review
        assert review not in restyled


async def test_a_change_before_the_screen_comes_to_the_front_restyles_it(
    pinned_desk, pinned_article, make_app
):
    """What the screen's handler decides for Textual's (``refresh_styles``), asked on the
    real screen: a restyle only when the app's classes or the style rules changed."""
    from textual import events

    from tui.screens.resume_styles import KeepStylesOnResume

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = app.screen

        def restyles() -> bool:
            event = events.ScreenResume()
            KeepStylesOnResume._on_screen_resume(review, event)
            return event.refresh_styles

        assert not restyles()
        app.add_class("-dimmed")  # an app class: a selector may name it
        assert restyles()
        assert not restyles()  # restyled with it: nothing new since
        app.stylesheet.add_source("ReviewScreen #claims { width: 90; }", read_from=("t", "t"))
        assert restyles()  # new rules
        skipped = events.ScreenResume(refresh_styles=False)  # Textual's own "no restyle"
        KeepStylesOnResume._on_screen_resume(review, skipped)
        assert not skipped.refresh_styles


async def test_a_theme_changed_under_a_dialog_shows_on_the_screen_below(
    pinned_desk, pinned_article, make_app
):
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#claims")
        dark = table.styles.border_top
        await press(pilot, "question_mark")
        app.theme = "textual-light"
        await settle(pilot)
        await press(pilot, "escape")
        await settle(pilot)
        assert app.screen.query_one("#claims") is table
        assert table.styles.border_top != dark
