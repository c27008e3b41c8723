"""Notes and sources edited and removed: each an event in history that undo takes back."""

from __future__ import annotations

import pytest

from core.errors import UserError


def test_a_note_is_edited_multi_line_and_undo_restores_it(review, desk, cid):
    review.add_note(cid, "called the ministry")
    review.add_note(cid, "second")
    claim = review.edit_note(cid, 1, "called the ministry\nthey confirmed 26")
    assert [n.text for n in claim.notes] == ["called the ministry\nthey confirmed 26", "second"]
    assert desk.claim(cid).notes[0].text.endswith("they confirmed 26")
    event = desk.events(cid)[-1]
    assert event.action == "edit_note"
    assert event.before["notes"][0]["text"] == "called the ministry"
    review.undo()
    assert [n.text for n in desk.claim(cid).notes] == ["called the ministry", "second"]


def test_a_note_is_removed_and_undo_brings_it_back(review, desk, cid):
    review.add_note(cid, "wrong claim, ignore")
    claim = review.remove_note(cid, 1)
    assert claim.notes == [] and desk.claim(cid).notes == []
    assert desk.events(cid)[-1].action == "remove_note"
    review.undo()
    assert [n.text for n in desk.claim(cid).notes] == ["wrong claim, ignore"]


@pytest.mark.parametrize(
    ("number", "text", "message"),
    [(2, "x", "there is no note 2"), (1, "  ", "needs some text"), (0, "x", "no note 0")],
)
def test_bad_note_edits_are_refused_with_one_line(review, desk, cid, number, text, message):
    review.add_note(cid, "only one")
    events = len(desk.events())
    with pytest.raises(UserError, match=message) as caught:
        review.edit_note(cid, number, text)
    assert "\n" not in str(caught.value)
    assert len(desk.events()) == events


def test_a_claim_without_notes_says_so(review, cid):
    with pytest.raises(UserError, match="has no notes"):
        review.remove_note(cid, 1)


def test_a_source_is_edited_field_by_field(review, desk, cid):
    review.add_source(
        cid, "http://gob.mx/a", title="Comunicado", note="p. 2", accessed="2025-08-13"
    )
    claim = review.edit_source(cid, "http://gob.mx/a", url="https://gob.mx/a", note="p. 3")
    (source,) = claim.sources
    assert (source.url, source.title, source.note, source.accessed) == (
        "https://gob.mx/a",
        "Comunicado",
        "p. 3",
        "2025-08-13",
    )
    assert desk.claim(cid).sources[0].url == "https://gob.mx/a"
    assert desk.events(cid)[-1].action == "edit_source"
    review.undo()
    assert desk.claim(cid).sources[0].url == "http://gob.mx/a"


def test_a_source_can_become_a_document_without_url_and_be_removed(review, desk, cid):
    review.add_source(cid, "https://example.org/b", title="Phone interview")
    claim = review.edit_source(cid, "https://example.org/b", url="", accessed="2025-08-14")
    assert (claim.sources[0].url, claim.sources[0].title) == ("", "Phone interview")
    claim = review.edit_source(cid, "Phone interview", title="Phone interview, press office")
    assert claim.sources[0].title == "Phone interview, press office"
    claim = review.edit_source(cid, "Phone interview, press office", url="https://example.org/c")
    claim = review.remove_source(cid, "https://example.org/c")
    assert claim.sources == [] and desk.claim(cid).sources == []
    assert desk.events(cid)[-1].action == "remove_source"
    review.undo()
    assert [s.url for s in desk.claim(cid).sources] == ["https://example.org/c"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "javascript:alert(1)"}, r"must be an http\(s\) URL"),
        ({"url": "ftp://example.org/x"}, r"must be an http\(s\) URL"),
        ({"url": "", "title": ""}, "needs an http"),
        ({"accessed": "13/08/2025"}, "YYYY-MM-DD"),
        ({"url": "https://example.org/other"}, "already has a source"),
    ],
)
def test_bad_source_edits_are_refused_with_one_line(review, desk, cid, changes, message):
    review.add_source(cid, "https://example.org/b")
    review.add_source(cid, "https://example.org/other")
    events = len(desk.events())
    with pytest.raises(UserError, match=message) as caught:
        review.edit_source(cid, "https://example.org/b", **changes)
    assert "\n" not in str(caught.value)
    assert len(desk.events()) == events


def test_editing_a_source_that_is_not_there_says_so(review, cid):
    with pytest.raises(UserError, match=r"has no source .https://nowhere\.org."):
        review.edit_source(cid, "https://nowhere.org", title="x")


def test_a_document_without_url_is_removed_by_its_title(review, desk, cid):
    review.add_source(cid, "https://example.org/b", title="Phone interview")
    review.edit_source(cid, "https://example.org/b", url="")
    claim = review.remove_source(cid, "Phone interview")
    assert claim.sources == [] and desk.claim(cid).sources == []
