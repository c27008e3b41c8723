"""Snapshots of moving through the work at 80×24 and 120×36: the detail pane one key
away, the article list with its progress, the import prompt, the statistics. Update with
``--snapshot-update`` and look at the report."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import find_claim, settle

NARROW = (80, 24)
WIDE = (120, 36)


def _decided(desk, article):
    from core.review import Review

    review = Review(desk, "tester")
    review.set_status(find_claim(desk, article.id, "26").id, "verified")
    review.set_status(find_claim(desk, article.id, "29").id, "needs_source")


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x36"])
def test_article_list_sizes(snap_compare, pinned_desk, pinned_article, make_app, size):
    _decided(pinned_desk, pinned_article)
    assert snap_compare(make_app(pinned_desk), terminal_size=size, run_before=settle)


def test_detail_one_key_away_narrow(snap_compare, pinned_desk, pinned_article, make_app):
    async def detail(pilot):
        await settle(pilot)
        await pilot.press("j", "j", "j", "j", "j", "j", "z")
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=NARROW, run_before=detail
    )


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x36"])
def test_import_prompt(snap_compare, pinned_desk, pinned_article, make_app, size):
    async def prompt(pilot):
        await settle(pilot)
        await pilot.press("ctrl+o", *"seeds/mex")
        await settle(pilot)

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=size, run_before=prompt
    )


@pytest.mark.parametrize("size", [NARROW, WIDE], ids=["80x24", "120x36"])
def test_statistics(snap_compare, pinned_desk, pinned_article, make_app, size):
    async def statistics(pilot):
        await settle(pilot)
        await pilot.press("v", "s", "l", "t")
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=size, run_before=statistics
    )
