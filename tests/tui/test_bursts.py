"""Keys typed in a burst land where a person meant them: a tab (or shift+tab) in a form
moves the focus as it arrives, so the characters after it go to the next field, and
ctrl+s saves only once every field has the keys typed before it. Each test queues all of
its keys before the app handles the first, as a paste or a text expander does."""

from __future__ import annotations

import pytest

from core.model import Status
from tests.tui.pilot_helpers import press, settle

pytestmark = pytest.mark.anyio


def burst(app, *keys: str) -> None:
    """Queue ``keys`` at once (single characters as typed, or key names)."""
    from textual import events

    chars = {"space": " ", "enter": "\r", "tab": "\t", "slash": "/"}
    names = {" ": "space", "/": "slash", ".": "full_stop", "%": "percent_sign"}
    for key in keys:
        name = names.get(key, key)
        app.post_message(events.Key(name, chars.get(name, key if len(key) == 1 else None)))


def typed(text: str) -> list[str]:
    return list(text)


async def test_tab_in_the_correct_form_moves_before_the_next_keys(seeded_desk, on_seed):
    from tui.screens.forms import CorrectForm

    async with on_seed("26") as (app, pilot, target):
        await press(pilot, "c")
        assert isinstance(app.screen, CorrectForm)
        burst(app, "2", "2", "tab", *typed("wording 2"), "tab", *typed("per DOJ"), "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, CorrectForm)
        saved = seeded_desk.claim(target.id)
        assert saved.status == Status.CORRECTED
        assert (saved.correction.value, saved.correction.statement, saved.correction.note) == (
            "22",
            "wording 2",
            "per DOJ",
        )


async def test_shift_tab_goes_back_a_field_in_a_burst(seeded_desk, on_seed):
    from tui.screens.forms import SourceForm

    async with on_seed("26") as (app, pilot, target):
        await press(pilot, "a")
        assert isinstance(app.screen, SourceForm)
        burst(
            app,
            "tab",
            *typed("DOJ release"),
            "shift+tab",
            *typed("https://justice.gov/x"),
            "tab",
            "tab",
            *typed("called"),
            "ctrl+s",
        )
        await settle(pilot)
        saved = seeded_desk.claim(target.id)
        source = saved.sources[-1]
        assert (source.url, source.title, source.note) == (
            "https://justice.gov/x",
            "DOJ release",
            "called",
        )


async def test_tab_in_the_export_form_moves_before_the_next_keys(tmp_path, on_seed):
    from tui.screens.export import ExportForm

    async with on_seed() as (app, pilot, _claim):
        form = await press(pilot, "e")
        assert isinstance(form, ExportForm)
        form.query_one("#statuses").focus()
        form.query_one("#statuses").value = ""
        await pilot.pause()
        burst(app, *typed("verified"), "tab", "space")
        await settle(pilot)
        # The space after the tab ticked the checkbox the tab moved to, not the field.
        assert form.query_one("#needs").value is True
        assert form.query_one("#statuses").value == "verified,needs_source"


async def test_filter_enter_and_a_verdict_in_one_burst(seeded_desk, on_seed):
    """``/90-day``, enter and ``s`` typed in one go: the verdict lands on the best match
    once the list has it, not in the filter box."""
    async with on_seed() as (app, pilot, _claim):
        burst(app, "slash", *typed("90-day"), "enter", "s")
        await settle(pilot)
        screen = app.screen
        assert screen.filter_query == "90-day"
        target = [
            c for c in screen.claims.values() if c.key_figure and c.key_figure.text == "90-day"
        ]
        assert seeded_desk.claim(target[0].id).status == Status.NEEDS_SOURCE
