"""Snapshots pin what the reviewer sees: the article list, the review screen, the
correction form and the help screen (fixed size, temporary desk, fixed reviewer, frozen
clock). Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at
the report before committing."""

from __future__ import annotations

from tests.tui.pilot_helpers import SIZE
from tests.tui.pilot_helpers import settle as _settle


def test_article_list(snap_compare, pinned_desk, make_app):
    assert snap_compare(make_app(pinned_desk), terminal_size=SIZE, run_before=_settle)


def test_review_screen(snap_compare, pinned_desk, pinned_article, make_app):
    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=SIZE, run_before=_settle
    )


def test_review_screen_after_decisions(snap_compare, pinned_desk, pinned_article, make_app):
    async def decide(pilot):
        await _settle(pilot)
        await pilot.press("v", "s", "f")
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=SIZE, run_before=decide
    )


def test_review_screen_narrow(snap_compare, pinned_desk, pinned_article, make_app):
    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=(80, 24), run_before=_settle
    )


def test_correction_form(snap_compare, pinned_desk, pinned_article, make_app):
    async def open_form(pilot):
        await _settle(pilot)
        await pilot.press("c", *"27")
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=SIZE, run_before=open_form
    )


def test_help_screen(snap_compare, pinned_desk, pinned_article, make_app):
    async def open_help(pilot):
        await _settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=SIZE, run_before=open_help
    )


def test_review_screen_light_theme(snap_compare, pinned_desk, pinned_article, make_app):
    async def light(pilot):
        pilot.app.theme = "textual-light"
        await _settle(pilot)
        await pilot.press("v", "s")
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=SIZE, run_before=light
    )
