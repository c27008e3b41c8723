"""The terminal's size at start-up reaches the screens once (``tui.start_size``); every
later resize reaches them as Textual sends it."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import SIZE, settle

pytestmark = pytest.mark.anyio


@pytest.fixture
def resizes(monkeypatch) -> list:
    """The sizes each ``Resize`` told the review screen, in order."""
    from tui.screens.review import ReviewScreen

    told: list = []
    handler = ReviewScreen.on_resize

    def on_resize(screen) -> None:
        told.append(tuple(screen.size))
        handler(screen)

    monkeypatch.setattr(ReviewScreen, "on_resize", on_resize)
    return told


async def test_the_start_up_size_is_taken_once(pinned_desk, pinned_article, make_app, resizes):
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.pause(0.05)
        assert resizes == [SIZE]


async def test_later_resizes_reach_the_screen(pinned_desk, pinned_article, make_app, resizes):
    from textual import events
    from textual.geometry import Size

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert app.screen.has_class("narrow")
        await pilot.resize_terminal(*SIZE)
        await settle(pilot)
        assert not app.screen.has_class("narrow")
        told = len(resizes)
        app.post_message(events.Resize(Size(*SIZE), Size(*SIZE)))  # the same size again
        await settle(pilot)
        await pilot.pause(0.05)
        assert len(resizes) > told
