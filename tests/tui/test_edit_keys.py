"""N and A: a note or a source edited or removed from the workbench, then undone."""

from __future__ import annotations

import pytest

from tests.tui.pilot_helpers import notified, paste, press, settle
from tui.screens.edit_forms import NoteEditForm, SourceEditForm
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio


def detail(app) -> str:
    return str(app.screen.query_one("#detail").content)


async def test_a_note_is_edited_over_two_lines_and_undone(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        app.review.add_note(target.id, "called the AG")
        app.screen.apply(seeded_desk.claim(target.id))
        form = await press(pilot, "N")
        assert isinstance(form, NoteEditForm)
        await press(pilot, "end", *" office", "enter", *"they confirm 29", "ctrl+s")
        assert not isinstance(app.screen, NoteEditForm)
        saved = seeded_desk.claim(target.id)
        assert [n.text for n in saved.notes] == ["called the AG office\nthey confirm 29"]
        assert "1. called the AG office" in detail(app) and "they confirm 29" in detail(app)
        assert "Note saved." in notified(app)
        await press(pilot, "u")
        assert [n.text for n in seeded_desk.claim(target.id).notes] == ["called the AG"]
        assert "1. called the AG  (tester)" in detail(app)


async def test_a_note_is_picked_from_the_list_and_removed(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        app.review.add_note(target.id, "first")
        app.review.add_note(target.id, "second")
        app.screen.apply(seeded_desk.claim(target.id))
        form = await press(pilot, "N")
        form.query_one("#which").value = 1
        await pilot.pause()
        assert form.query_one("#text").text == "first"
        await press(pilot, "ctrl+d")
        assert [n.text for n in seeded_desk.claim(target.id).notes] == ["second"]
        assert "1. second" in detail(app) and "2. " not in detail(app)


async def test_an_emptied_note_is_refused_in_the_form(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        app.review.add_note(target.id, "x")
        app.screen.apply(seeded_desk.claim(target.id))
        events = len(seeded_desk.events())
        await press(pilot, "N")
        form = await press(pilot, "end", "backspace", "ctrl+s")
        assert isinstance(form, NoteEditForm)
        assert "needs some text" in str(form.query_one("#error").render())
        await pilot.press("escape")
        assert len(seeded_desk.events()) == events


async def test_without_notes_or_sources_the_keys_say_how_to_add(on_seed):
    async with on_seed("29") as (app, pilot, _claim):
        await press(pilot, "N", "A")
        assert "This claim has no notes yet: n adds one." in notified(app)
        assert "This claim has no sources yet: a adds one." in notified(app)


async def test_a_source_becomes_a_document_then_is_removed_and_undone(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        app.review.add_source(target.id, "https://gob.mx/x", title="Call", accessed="2025-08-13")
        app.screen.apply(seeded_desk.claim(target.id))
        form = await press(pilot, "A")
        assert isinstance(form, SourceEditForm)
        assert form.query_one("#url").value == "https://gob.mx/x"
        await pilot.press("ctrl+u", "enter", "end")
        await paste(pilot, " with the press office")  # the form reads no key as typed
        await pilot.press("enter", *"by phone", "enter", "enter")
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
        await press(pilot, "A")
        await press(pilot, "ctrl+d")
        assert seeded_desk.claim(target.id).sources == []
        await press(pilot, "u")
        assert seeded_desk.claim(target.id).sources[0].title == "Call with the press office"


async def test_a_bad_url_scheme_is_one_line_in_the_form(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        app.review.add_source(target.id, "https://gob.mx/x")
        app.screen.apply(seeded_desk.claim(target.id))
        events = len(seeded_desk.events())
        await press(pilot, "A")
        await pilot.press("ctrl+u")
        await paste(pilot, "javascript:alert(1)")
        form = await press(pilot, "ctrl+s")
        assert isinstance(form, SourceEditForm)
        error = str(form.query_one("#error").render())
        assert "must be an http(s) URL" in error and "\n" not in error.strip()
        await press(pilot, "escape")
        assert len(seeded_desk.events()) == events
        assert seeded_desk.claim(target.id).sources[0].url == "https://gob.mx/x"


async def test_r_edits_statement_and_figure_in_one_undo(seeded_desk, on_seed):
    from tui.screens.edit_forms import ClaimEditForm

    async with on_seed("29") as (app, pilot, target):
        form = await press(pilot, "r")
        assert isinstance(form, ClaimEditForm)
        assert form.query_one("#value").value == "29"
        await pilot.press("ctrl+u")
        await paste(pilot, "Mexico sent 29 people")
        await pilot.press("enter")
        await pilot.press("ctrl+u", *"30", "ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ClaimEditForm)
        saved = seeded_desk.claim(target.id)
        assert saved.statement == "Mexico sent 29 people"
        assert saved.key_figure.value == 30 and saved.key_figure.text == "29"
        assert "Mexico sent 29 people" in detail(app)
        await pilot.press("u")
        await settle(pilot)
        back = seeded_desk.claim(target.id)
        assert back.statement == target.statement and back.key_figure.value == 29


async def test_r_refuses_a_word_for_a_count_and_an_empty_statement(seeded_desk, on_seed):
    from tui.screens.edit_forms import ClaimEditForm

    async with on_seed("29") as (app, pilot, _claim):
        events = len(seeded_desk.events())
        form = await press(pilot, "r")
        await press(pilot, "tab", "ctrl+u", *"many", "ctrl+s")
        assert isinstance(app.screen, ClaimEditForm)
        assert "a count's value is a number" in str(form.query_one("#error").render())
        form.query_one("#value").value = "29"
        form.query_one("#statement").value = " "
        await press(pilot, "ctrl+s")
        assert "statement cannot be empty" in str(form.query_one("#error").render())
        await pilot.press("escape")
        assert len(seeded_desk.events()) == events


async def test_r_gives_a_manual_claim_its_figure(seeded_desk, seed_article, on_seed):
    async with on_seed() as (app, pilot, _claim):
        start = seed_article.text.index("delicate equilibrium")
        added = app.review.add_manual_claim(seed_article.id, start, start + 20)
        app.screen.apply(added)
        assert app.screen.query_one(ClaimsTable).move_to(added.id)
        await pilot.pause()
        await press(pilot, "r")
        await pilot.press("tab", *"2", "ctrl+s")
        await settle(pilot)
        saved = seeded_desk.claim(added.id)
        assert (saved.key_figure.kind, saved.key_figure.value) == ("count", 2)
        assert saved.key_figure.text == "delicate equilibrium"


async def test_x_splits_a_claim_and_u_joins_it(seeded_desk, seed_article, on_seed):
    from tui.screens.edit_forms import SplitForm

    async with on_seed("29") as (app, pilot, target):
        before = len(seeded_desk.claims(seed_article.id))
        words = seed_article.text[target.start : target.end].split()
        await press(pilot, "x")
        assert isinstance(app.screen, SplitForm)
        await pilot.press("ctrl+u", *[k if k != " " else "space" for k in words[2]], "enter")
        await settle(pilot)
        assert not isinstance(app.screen, SplitForm)
        claims = seeded_desk.claims(seed_article.id)
        assert len(claims) == before + 1
        head = seeded_desk.claim(target.id)
        assert head.end < target.end
        tail = next(c for c in claims if c.start == head.end)
        assert tail.id in app.screen.claims and tail.end == target.end
        assert app.screen.query_one(ClaimsTable).get_row(tail.id)
        await pilot.press("u")
        await settle(pilot)
        assert tail.id not in app.screen.claims
        assert seeded_desk.claim(target.id).end == target.end


async def test_x_needs_words_after_the_start(seeded_desk, on_seed):
    from tui.screens.edit_forms import SplitForm

    async with on_seed("29") as (_app, pilot, _claim):
        events = len(seeded_desk.events())
        await press(pilot, "x")
        form = await press(pilot, "ctrl+u", *"zzz", "enter")
        assert isinstance(form, SplitForm)
        assert "the split goes before them" in str(form.query_one("#error").render())
        await pilot.press("escape")
        assert len(seeded_desk.events()) == events


async def test_J_merges_with_the_next_claim_and_u_splits_again(seeded_desk, seed_article, on_seed):
    async with on_seed() as (app, pilot, _claim):
        claims = sorted(seeded_desk.claims(seed_article.id), key=lambda c: c.start)
        one, two = claims[0], claims[1]
        assert app.screen.query_one(ClaimsTable).move_to(one.id)
        await pilot.pause()
        await pilot.press("J")
        await settle(pilot)
        assert not seeded_desk.has_claim(two.id)
        assert two.id not in app.screen.claims
        assert seeded_desk.claim(one.id).end == two.end
        assert "Merged with the next claim: u splits them again." in notified(app)
        await pilot.press("u")
        await settle(pilot)
        assert two.id in app.screen.claims and seeded_desk.claim(one.id).end == one.end
