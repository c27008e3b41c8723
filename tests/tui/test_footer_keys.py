"""The footer shows the keys the screen has now, and rebuilds them only when they change
(a focus change that leaves the keys as they were costs no rebuild)."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import SIZE, press, settle

pytestmark = pytest.mark.anyio


def _footer_keys(app):
    from textual.widgets._footer import FooterKey

    return list(app.screen.query(FooterKey))


async def test_moving_the_focus_keeps_the_footer_as_built(pinned_desk, pinned_article, make_app):
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        built = _footer_keys(app)
        assert [k.key for k in built][:3] == ["question_mark", "v", "c"]
        await press(pilot, "tab")  # the article pane: the same keys
        assert app.screen.focused.id == "article"
        await press(pilot, "tab")
        await settle(pilot)
        assert app.screen.focused.id == "claims"
        assert _footer_keys(app) == built  # the very same widgets: nothing rebuilt


async def test_the_footer_follows_keys_that_come_and_go(pinned_desk, pinned_article, make_app):
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "slash" in [k.key for k in _footer_keys(app)]
        await press(pilot, "slash")  # typed in the filter box, "/" is text: not a key
        await settle(pilot)
        assert "slash" not in [k.key for k in _footer_keys(app)]
        await press(pilot, "escape")
        await settle(pilot)
        assert "slash" in [k.key for k in _footer_keys(app)]


async def test_footer_keys_are_born_in_the_footer_style(pinned_desk, pinned_article, make_app):
    """The screen's keys follow the footer (not compact); the palette key stays compact,
    as Textual draws it."""
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = _footer_keys(app)
        palette = [k for k in keys if k.has_class("-command-palette")]
        assert len(palette) == 1 and palette[0].compact and palette[0].has_class("-compact")
        others = [k for k in keys if k not in palette]
        assert others and not any(k.compact or k.has_class("-compact") for k in others)


@pytest.mark.parametrize("articles", ["review", "list"])
async def test_the_keys_are_there_when_the_screen_is_mounted(
    pinned_desk, pinned_article, make_app, monkeypatch, articles
):
    """Before the screen's first layout, so the keys cost no second one."""
    from textual.widgets._footer import FooterKey

    from tui.screens.article_list import ArticleListScreen
    from tui.screens.review import ReviewScreen

    screen_class = ReviewScreen if articles == "review" else ArticleListScreen
    seen: list[list[str]] = []
    mounted = screen_class.on_mount

    async def on_mount(screen) -> None:
        await mounted(screen)
        seen.append([k.key for k in screen.query(FooterKey)])

    monkeypatch.setattr(screen_class, "on_mount", on_mount)
    app = make_app(pinned_desk, [pinned_article] if articles == "review" else [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
    assert seen and seen[0][0] == "question_mark"
