"""The forms behind c, n, a, m and e: what they save, and that cancelling saves nothing."""

from __future__ import annotations

import json

import pytest

from core.model import Origin, Status
from tests.tui.pilot_helpers import paste, press
from tui.screens.export import ExportForm
from tui.screens.forms import AddClaimForm, CorrectForm, NoteForm, SourceForm
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio


async def test_correct_form_saves_value_wording_and_note(seeded_desk, on_seed):
    async with on_seed("26") as (app, pilot, target):
        await press(pilot, "c")
        assert isinstance(app.screen, CorrectForm)
        await pilot.press(*"27", "enter")
        await paste(pilot, "Mexico expelled 27")
        await pilot.press("enter")
        await paste(pilot, "per the communique")
        await press(pilot, "enter")
        assert not isinstance(app.screen, CorrectForm)
        saved = seeded_desk.claim(target.id)
        assert saved.status == Status.CORRECTED
        assert saved.correction.value == "27"
        assert saved.correction.statement == "Mexico expelled 27"
        assert saved.correction.note == "per the communique"
        assert app.screen.query_one(ClaimsTable).current_id != target.id


async def test_correct_form_needs_a_value_and_escape_saves_nothing(seeded_desk, on_seed):
    async with on_seed("26") as (app, pilot, target):
        events_before = len(seeded_desk.events())
        await press(pilot, "c")
        form = await press(pilot, "ctrl+s")
        assert isinstance(form, CorrectForm)
        assert "right value" in str(form.query_one("#error").render())
        await press(pilot, "escape")
        assert not isinstance(app.screen, CorrectForm)
        assert seeded_desk.claim(target.id).status == Status.UNREVIEWED
        assert len(seeded_desk.events()) == events_before


async def test_note_form(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        await press(pilot, "n")
        assert isinstance(app.screen, NoteForm)
        await paste(pilot, "called the [bold]AG[/bold] office")
        await press(pilot, "enter", *"they confirm")
        assert isinstance(app.screen, NoteForm)  # enter starts a new line
        await press(pilot, "ctrl+s")
        saved = seeded_desk.claim(target.id)
        assert [n.text for n in saved.notes] == ["called the [bold]AG[/bold] office\nthey confirm"]
        assert saved.status == Status.UNREVIEWED  # a note is not a verdict
        detail = str(app.screen.query_one("#detail").content)
        assert "called the [bold]AG[/bold] office" in detail


async def test_source_form_requires_url(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        await press(pilot, "a")
        assert isinstance(app.screen, SourceForm)
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, SourceForm)
        await paste(pilot, "https://example.org/fgr")
        await pilot.press("enter")
        await paste(pilot, "FGR statement")
        await press(pilot, "enter", *"p. 2", "enter")
        saved = seeded_desk.claim(target.id)
        assert [(s.url, s.title, s.note) for s in saved.sources] == [
            ("https://example.org/fgr", "FGR statement", "p. 2")
        ]


async def test_source_form_refuses_a_javascript_url_and_takes_a_document(seeded_desk, on_seed):
    async with on_seed("29") as (app, pilot, target):
        await press(pilot, "a")
        await paste(pilot, "javascript:alert(1)")
        await press(pilot, "enter", *"click", "enter", "enter")
        assert isinstance(app.screen, SourceForm)  # still open, saying why
        error = str(app.screen.query_one("#error").content)
        assert "http://" in error and "javascript: is not allowed" in error
        assert seeded_desk.claim(target.id).sources == []
        url = app.screen.query_one("#url")
        url.value = ""
        await pilot.press("ctrl+s")  # no URL, a title: a document
        await pilot.pause()
        assert not isinstance(app.screen, SourceForm)
        saved = seeded_desk.claim(target.id)
        assert [(s.url, s.title) for s in saved.sources] == [("", "click")]
        detail = str(app.screen.query_one("#detail").content)
        assert "click  (document)" in detail


@pytest.mark.slow  # loads the spaCy figure pipeline for the new claim's figures
async def test_add_claim_from_article_text(seeded_desk, seed_article, on_seed):
    async with on_seed() as (app, pilot, _claim):
        before = len(seeded_desk.claims(seed_article.id))
        await press(pilot, "m")
        assert isinstance(app.screen, AddClaimForm)
        phrase = "strongly opposed any form of US military intervention"
        await paste(pilot, phrase)  # found as typed key by key: test_manual_claim_repeats
        await press(pilot, "enter")
        await app.workers.wait_for_complete()
        claims = seeded_desk.claims(seed_article.id)
        assert len(claims) == before + 1
        manual = [c for c in claims if c.origin == Origin.MANUAL]
        assert len(manual) == 1
        start = seed_article.text.index(phrase)
        assert (manual[0].start, manual[0].end) == (start, start + len(phrase))
        table = app.screen.query_one(ClaimsTable)
        assert table.current_id == manual[0].id
        assert table.row_count == before + 1


async def test_add_claim_not_found_keeps_form_open(seeded_desk, seed_article, on_seed):
    async with on_seed() as (app, pilot, _claim):
        before = len(seeded_desk.claims(seed_article.id))
        await press(pilot, "m", *"no such words here", "enter")
        assert isinstance(app.screen, AddClaimForm)
        assert "Not found" in str(app.screen.query_one("#error").render())
        await pilot.press("escape")
        assert len(seeded_desk.claims(seed_article.id)) == before


async def test_export_form_writes_file_in_worker(tmp_path, on_seed):
    async with on_seed("26") as (app, pilot, _claim):
        await pilot.press("v")
        form = await press(pilot, "e")
        assert isinstance(form, ExportForm)
        out = tmp_path / "out.json"
        form.query_one("#path").value = str(out)
        form.query_one("#statuses").value = "verified"
        await press(pilot, "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ExportForm)
    data = json.loads(out.read_text(encoding="utf-8"))
    claims = data["claims"] if isinstance(data, dict) else data
    assert [(c["figures"][0]["text"], c["status"]) for c in claims] == [("26", "verified")]


async def test_export_form_rejects_unknown_status(tmp_path, on_seed):
    async with on_seed() as (app, pilot, _claim):
        form = await press(pilot, "e")
        form.query_one("#path").value = str(tmp_path / "x.json")
        form.query_one("#statuses").value = "verifed"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ExportForm)
        assert "unknown status" in str(form.query_one("#error").render())
        assert not (tmp_path / "x.json").exists()
