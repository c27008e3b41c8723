"""Every reviewer action: what it changes, the event it leaves, and undo/redo over them."""

from __future__ import annotations

import itertools

import pytest
from desk_samples import TEXT_V2, article, claim_at, claims_v1, claims_v2

from core.desk import Desk
from core.errors import UserError
from core.model import Status
from core.review import Review


def last_event(desk, claim_id):
    return desk.events(claim_id)[-1]


def test_set_status_records_event_with_before_and_after(desk, review, cid):
    claim = review.set_status(cid, "verified", note="matches the ministry's list")
    assert claim.status == Status.VERIFIED and claim.reviewer == "ann" and claim.updated_at
    assert desk.claim(cid).status == Status.VERIFIED
    assert [n.text for n in desk.claim(cid).notes] == ["matches the ministry's list"]
    event = last_event(desk, cid)
    assert event.action == "status" and event.reviewer == "ann" and event.at
    assert event.before["status"] == "unreviewed" and event.after["status"] == "verified"
    assert event.after == desk.claim_dict(cid)
    assert "unreviewed → verified" in event.detail


@pytest.mark.parametrize(
    "status", ["needs_source", "false", "inconclusive", "dismissed", "unreviewed"]
)
def test_every_settable_status(review, desk, cid, status):
    assert review.set_status(cid, status).status == status
    assert desk.claim(cid).status == status


@pytest.mark.parametrize(
    ("status", "message"),
    [("corrected", "right value"), ("removed", "re-importing"), ("bogus", "unknown status")],
)
def test_set_status_refuses(review, desk, cid, status, message):
    with pytest.raises(UserError, match=message):
        review.set_status(cid, status)
    assert desk.claim(cid).status == Status.UNREVIEWED
    assert len(desk.events(cid)) == 1


def test_unknown_claim_is_a_user_error(review):
    with pytest.raises(UserError, match="no claim"):
        review.set_status("nope", "verified")


def test_correct_needs_value_or_statement(review, desk, cid):
    with pytest.raises(UserError, match="right value or the right wording"):
        review.correct(cid, value="  ", statement="")
    claim = review.correct(cid, value="29", note="ministry says 29")
    assert claim.status == Status.CORRECTED
    assert claim.correction.value == "29" and claim.correction.note == "ministry says 29"
    claim = review.correct(cid, statement="Mexico handed over 29 people.")
    assert claim.correction.statement == "Mexico handed over 29 people."
    assert claim.correction.value == ""


def test_new_verdict_clears_stale_correction(review, desk, cid):
    review.correct(cid, value="29")
    assert review.set_status(cid, "verified").correction is None
    assert desk.claim(cid).correction is None


def test_notes_append(review, desk, cid):
    review.add_note(cid, "first")
    claim = review.add_note(cid, "second")
    assert [(n.text, n.reviewer) for n in claim.notes] == [("first", "ann"), ("second", "ann")]
    with pytest.raises(UserError, match="needs some text"):
        review.add_note(cid, "   ")
    assert last_event(desk, cid).action == "note"


def test_sources_add_update_remove(review, desk, cid):
    claim = review.add_source(cid, "https://gob.mx/a", title="Comunicado", note="p. 2")
    source = claim.sources[0]
    assert (source.url, source.title, source.note, source.added_by) == (
        "https://gob.mx/a",
        "Comunicado",
        "p. 2",
        "ann",
    )
    assert len(source.accessed) == 10  # today's ISO date by default
    claim = review.add_source(cid, "https://gob.mx/a", title="Comunicado 12", accessed="2025-08-13")
    assert len(claim.sources) == 1 and claim.sources[0].accessed == "2025-08-13"
    review.add_source(cid, "https://example.org/b")
    claim = review.remove_source(cid, "https://gob.mx/a")
    assert [s.url for s in claim.sources] == ["https://example.org/b"]
    assert [s.url for s in desk.claim(cid).sources] == ["https://example.org/b"]
    with pytest.raises(UserError, match="has no source"):
        review.remove_source(cid, "https://gob.mx/a")
    with pytest.raises(UserError, match=r"needs an http\(s\) URL, or a title"):
        review.add_source(cid, " ")


def test_edit_statement(review, desk, cid):
    claim = review.edit_statement(cid, "Mexico extradited 26 people in February.")
    assert desk.claim(cid).statement == claim.statement
    assert last_event(desk, cid).before["statement"].startswith("Mexico handed over 26")
    with pytest.raises(UserError):
        review.edit_statement(cid, "")


def test_copy_verdict(review, desk):
    first, second = desk.claims()[:2]
    review.correct(first.id, value="29")
    review.add_source(first.id, "https://gob.mx/a")
    claim = review.copy_verdict(second.id, first.id)
    assert claim.status == Status.CORRECTED and claim.correction.value == "29"
    assert [s.url for s in claim.sources] == ["https://gob.mx/a"]
    assert first.id in claim.notes[-1].text
    assert last_event(desk, second.id).action == "copy_verdict"
    assert f"copied from {first.id} in Extraditions" in last_event(desk, second.id).detail


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 3), (0, 10_000), (0.5, 3)])
def test_manual_claim_offsets_are_validated(review, desk, start, end):
    with pytest.raises(UserError):
        review.add_manual_claim(desk.articles()[0].id, start, end)


def test_manual_claim_needs_known_article(review):
    with pytest.raises(UserError, match="no article"):
        review.add_manual_claim("nope", 0, 5)


def test_manual_claim_from_selection(review, desk):
    art = desk.articles()[0]
    start = art.text.index("Tariffs")
    end = art.text.index(".", start) + 1
    claim = review.add_manual_claim(art.id, start, end)
    assert claim.origin == "manual" and claim.statement == art.text[start:end]
    assert desk.claim(claim.id).start == start
    for fig in claim.figures:
        assert art.text[fig.start : fig.end] == fig.text
    event = last_event(desk, claim.id)
    assert event.action == "add_claim" and event.before is None
    with pytest.raises(UserError, match="already a claim"):
        review.add_manual_claim(art.id, start, end)
    given = review.add_manual_claim(art.id, 0, 6, statement="Mexico says so")
    assert given.statement == "Mexico says so"


def test_undo_redo_restore_exactly(review, desk, cid):
    original = desk.claim_dict(cid)
    review.set_status(cid, "verified")
    review.add_note(cid, "checked")
    after_note = desk.claim_dict(cid)
    undo = review.undo()
    assert undo.action == "undo" and undo.claim_id == cid
    assert desk.claim(cid).notes == [] and desk.claim(cid).status == Status.VERIFIED
    review.undo()
    assert desk.claim_dict(cid) == original
    assert review.undo() is None  # the import was made by someone else
    redo = review.redo()
    assert redo.action == "redo" and desk.claim(cid).status == Status.VERIFIED
    review.redo()
    assert desk.claim_dict(cid) == after_note
    assert review.redo() is None


def test_nothing_to_undo(desk):
    assert Review(desk, "nobody").undo() is None
    assert Review(desk, "nobody").redo() is None


def test_undo_of_import_says_so(desk):
    with pytest.raises(UserError, match="import, which cannot be undone"):
        Review(desk, "importer").undo()


def test_new_change_clears_redo(review, desk, cid):
    review.set_status(cid, "verified")
    review.undo()
    review.add_note(cid, "another")
    assert review.redo() is None


def test_undo_is_per_reviewer(desk, cid):
    ann, bob = Review(desk, "ann"), Review(desk, "bob")
    other = desk.claims()[1].id
    ann.set_status(cid, "verified")
    bob.set_status(other, "false")
    ann.undo()
    assert desk.claim(cid).status == Status.UNREVIEWED
    assert desk.claim(other).status == Status.FALSE


def test_undo_refuses_to_overwrite_someone_elses_later_change(desk, cid):
    ann, bob = Review(desk, "ann"), Review(desk, "bob")
    ann.set_status(cid, "verified")
    bob.add_note(cid, "no, wait")
    with pytest.raises(UserError, match="changed again since"):
        ann.undo()
    assert [n.text for n in desk.claim(cid).notes] == ["no, wait"]


def test_undo_of_manual_claim_deletes_it_and_redo_restores(review, desk):
    art = desk.articles()[0]
    claim = review.add_manual_claim(art.id, 0, 6, statement="Mexico")
    review.undo()
    assert not desk.has_claim(claim.id)
    assert claim.id not in [c.id for c in desk.claims(all_versions=True)]
    review.redo()
    assert desk.claim(claim.id).statement == "Mexico"


def test_undo_redo_across_restart(tmp_path):
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art = article()
        Review(desk, "importer").import_article(art, claims_v1(art))
        cid = desk.claims()[0].id
        Review(desk, "ann").set_status(cid, "verified")
        Review(desk, "ann").add_note(cid, "checked")
    with Desk.open(path) as desk:
        Review(desk, "ann").undo()
        assert desk.claim(cid).notes == []
    with Desk.open(path) as desk:
        review = Review(desk, "ann")
        review.undo()
        assert desk.claim(cid).status == Status.UNREVIEWED
    with Desk.open(path) as desk:
        Review(desk, "ann").redo()
        assert desk.claim(cid).status == Status.VERIFIED
    with Desk.open(path) as desk:
        Review(desk, "ann").redo()
        assert [n.text for n in desk.claim(cid).notes] == ["checked"]
        actions = [e.action for e in desk.events(cid)]
        assert actions == ["import", "status", "note", "undo", "undo", "redo", "redo"]


def test_history_is_chronological_and_complete(review, desk, cid):
    review.set_status(cid, "needs_source")
    review.add_source(cid, "https://gob.mx/a")
    review.set_status(cid, "verified")
    events = desk.events(cid)
    assert [e.action for e in events] == ["import", "status", "add_source", "status"]
    for earlier, later in itertools.pairwise(events):
        assert earlier.after == later.before  # nothing changed without an event
    assert events[-1].after == desk.claim_dict(cid)


def test_reviewer_is_required(desk):
    with pytest.raises(UserError, match="reviewer"):
        Review(desk, "  ")


# ---------------------------------------------------------------- importing


def test_first_import_and_unchanged_reimport(desk):
    art = desk.articles()[0]
    assert art.version == 1 and art.content_hash and art.imported_at
    report = Review(desk, "ann").import_article(article(), claims_v1(article()))
    assert report.up_to_date and "up to date" in report.summary()
    assert len(desk.articles(all_versions=True)) == 1
    assert len(desk.events()) == 3


def test_reimport_carries_review_and_flags_changed_figure(desk):
    review = Review(desk, "ann")
    by_figure = {c.key_figure.text: c for c in desk.claims()}
    review.set_status(by_figure["26"].id, "verified")
    review.add_note(by_figure["25 per cent"].id, "tariff checked")
    review.set_status(by_figure["25 per cent"].id, "verified")
    review.set_status(by_figure["90 days"].id, "needs_source")

    new = article(TEXT_V2)
    report = review.import_article(new, claims_v2(new))

    assert report.article.version == 2
    assert [c.key_figure.text for c in report.carried] == ["25 per cent"]
    assert [c.key_figure.text for c in report.changed] == ["27"]
    assert [c.id for c in report.removed] == [by_figure["90 days"].id]
    assert [c.key_figure.text for c in report.new] == ["50 per cent"]

    tariff = desk.claim(by_figure["25 per cent"].id)
    assert tariff.status == Status.VERIFIED
    assert [n.text for n in tariff.notes] == ["tariff checked"]
    assert tariff.start == TEXT_V2.index("Tariffs")  # re-anchored to the new text

    changed = desk.claim(by_figure["26"].id)  # keeps its id and history
    assert changed.status == Status.UNREVIEWED
    assert changed.flags == ["figure changed since review: 26 → 27"]
    assert changed.key_figure.value == 27
    assert [e.action for e in desk.events(changed.id)][-1] == "import"

    removed = desk.claim(by_figure["90 days"].id)
    assert removed.status == Status.REMOVED
    assert removed.id not in [c.id for c in desk.claims()]
    assert [e.action for e in desk.events(removed.id)] == ["import", "status", "import"]

    assert desk.article(new.id).version == 2 and desk.article(new.id, version=1).text != TEXT_V2
    assert [a.version for a in desk.articles(all_versions=True)] == [1, 2]
    assert desk.progress(new.id)["removed"] == 1

    # the reviewer's verdict clears the "figure changed" prompt
    assert review.set_status(changed.id, "verified").flags == []
    # a removed claim takes notes, not verdicts
    with pytest.raises(UserError, match="no longer in the current version"):
        review.set_status(removed.id, "verified")
    with pytest.raises(UserError, match="no longer in the current version"):
        review.correct(removed.id, value="3")
    assert review.add_note(removed.id, "dropped by the editors").status == Status.REMOVED


def test_reimport_keeps_manual_claims_whose_text_survives(desk):
    review = Review(desk, "ann")
    art = desk.articles()[0]
    start = art.text.index("Tariffs")
    manual = review.add_manual_claim(art.id, start, start + 7, statement="Tariffs")
    new = article(TEXT_V2)
    report = review.import_article(new, claims_v2(new))
    moved = desk.claim(manual.id)
    assert moved.origin == "manual" and moved.status == Status.UNREVIEWED
    assert TEXT_V2[moved.start : moved.end] == "Tariffs"
    assert manual.id in [c.id for c in report.carried]


def test_import_undo_barrier_keeps_earlier_edits(desk):
    review = Review(desk, "ann")
    cid = desk.claims()[1].id
    review.set_status(cid, "verified")
    new = article(TEXT_V2)
    review.import_article(new, claims_v2(new))
    with pytest.raises(UserError, match="cannot be undone"):
        review.undo()
    assert desk.claim(cid).status == Status.VERIFIED


def test_import_path_skips_extraction_when_text_is_on_the_desk(tmp_path, seed_path, monkeypatch):
    from core import extract
    from core.importing import import_path

    with Desk.open(tmp_path / "desk.json") as desk:
        first = import_path(desk, seed_path, "ann")
        assert first.new and not first.up_to_date

        def no_extraction(*_args, **_kwargs):
            raise AssertionError("extraction ran for an unchanged article")

        monkeypatch.setattr(extract, "extract_claims", no_extraction)
        again = import_path(desk, seed_path, "ann")
        assert again.up_to_date and again.article.id == first.article.id
        assert len(desk.events()) == len(first.new)


def test_figure_changed_twice_before_review_keeps_reviewed_value(desk):
    review = Review(desk, "ann")
    cid = next(c.id for c in desk.claims() if c.key_figure.text == "26")
    review.set_status(cid, "verified")
    new = article(TEXT_V2)
    review.import_article(new, claims_v2(new))
    third_text = TEXT_V2.replace("27 cartel", "28 cartel")
    third = article(third_text)
    claims = [
        claim_at(third, "Mexico handed", "28", "count", 28),
        claim_at(third, "Tariffs of", "25 per cent", "percent", 25),
        claim_at(third, "A new levy", "50 per cent", "percent", 50),
    ]
    report = review.import_article(third, claims)
    assert [c.id for c in report.changed] == [cid]
    assert desk.claim(cid).flags == ["figure changed since review: 26 → 28"]
