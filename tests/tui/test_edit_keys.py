"""N and A: a note or a source edited or removed from the workbench, then undone."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import SIZE, go_to_claim, notified, settle
from tui.screens.edit_forms import NoteEditForm, SourceEditForm

pytestmark = pytest.mark.anyio


def detail(app) -> str:
    return str(app.screen.query_one("#detail").content)


async def test_a_note_is_edited_over_two_lines_and_undone(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        app.review.add_note(target.id, "called the AG")
        app.screen.apply(seeded_desk.claim(target.id))
        await pilot.press("N")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NoteEditForm)
        await pilot.press("end", *" office", "enter", *"they confirm 29", "ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, NoteEditForm)
        saved = seeded_desk.claim(target.id)
        assert [n.text for n in saved.notes] == ["called the AG office\nthey confirm 29"]
        assert "1. called the AG office" in detail(app) and "they confirm 29" in detail(app)
        assert "Note saved." in notified(app)
        await pilot.press("u")
        await pilot.pause()
        assert [n.text for n in seeded_desk.claim(target.id).notes] == ["called the AG"]
        assert "1. called the AG  (tester)" in detail(app)


async def test_a_note_is_picked_from_the_list_and_removed(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        app.review.add_note(target.id, "first")
        app.review.add_note(target.id, "second")
        app.screen.apply(seeded_desk.claim(target.id))
        await pilot.press("N")
        await pilot.pause()
        form = app.screen
        form.query_one("#which").value = 1
        await pilot.pause()
        assert form.query_one("#text").text == "first"
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert [n.text for n in seeded_desk.claim(target.id).notes] == ["second"]
        assert "1. second" in detail(app) and "2. " not in detail(app)


async def test_an_emptied_note_is_refused_in_the_form(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        app.review.add_note(target.id, "x")
        app.screen.apply(seeded_desk.claim(target.id))
        events = len(seeded_desk.events())
        await pilot.press("N")
        await pilot.pause()
        await pilot.press("end", "backspace", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NoteEditForm)
        assert "needs some text" in str(form.query_one("#error").render())
        await pilot.press("escape")
        assert len(seeded_desk.events()) == events


async def test_without_notes_or_sources_the_keys_say_how_to_add(
    seeded_desk, seed_article, make_app
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        await pilot.press("N", "A")
        await pilot.pause()
        assert "This claim has no notes yet: n adds one." in notified(app)
        assert "This claim has no sources yet: a adds one." in notified(app)


async def test_a_source_becomes_a_document_then_is_removed_and_undone(
    seeded_desk, seed_article, make_app
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        app.review.add_source(target.id, "https://gob.mx/x", title="Call", accessed="2025-08-13")
        app.screen.apply(seeded_desk.claim(target.id))
        await pilot.press("A")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SourceEditForm)
        assert form.query_one("#url").value == "https://gob.mx/x"
        await pilot.press("ctrl+u", "enter", "end", *" with the press office", "enter")
        await pilot.press(*"by phone", "enter", "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SourceEditForm)
        (source,) = seeded_desk.claim(target.id).sources
        assert (source.url, source.title, source.note, source.accessed) == (
            "",
            "Call with the press office",
            "by phone",
            "2025-08-13",
        )
        assert "Call with the press office" in detail(app)
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert seeded_desk.claim(target.id).sources == []
        await pilot.press("u")
        await pilot.pause()
        assert seeded_desk.claim(target.id).sources[0].title == "Call with the press office"


async def test_a_bad_url_scheme_is_one_line_in_the_form(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        app.review.add_source(target.id, "https://gob.mx/x")
        app.screen.apply(seeded_desk.claim(target.id))
        events = len(seeded_desk.events())
        await pilot.press("A")
        await pilot.pause()
        await pilot.press("ctrl+u", *"javascript:alert(1)", "ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, SourceEditForm)
        error = str(form.query_one("#error").render())
        assert "http:// or https://" in error and "\n" not in error.strip()
        await pilot.press("escape")
        await pilot.pause()
        assert len(seeded_desk.events()) == events
        assert seeded_desk.claim(target.id).sources[0].url == "https://gob.mx/x"
