"""The claimant on the desk: stored, corrected by the reviewer (undoably), exported."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from desk_samples import TEXT_V2, article, claims_v1, claims_v2
from tinydb import TinyDB

from cli import main
from core.errors import UserError
from core.export import export, restore_dump
from core.review import Review
from core.store import Desk


@pytest.fixture
def desk(tmp_path):
    with Desk.open(tmp_path / "desk.json") as opened:
        art = article()
        claims = claims_v1(art)
        claims[0].claimant = "Al Jazeera"
        Review(opened, "importer").import_article(art, claims)
        yield opened


def _first(desk: Desk):
    return next(c for c in desk.claims() if c.key_figure.text == "26")


def test_the_desk_stores_the_claimant_in_its_tinydb_layout(desk):
    claim = _first(desk)
    assert claim.claimant == "Al Jazeera"
    path = desk.path
    desk.fold()  # the journal into the snapshot, which stock TinyDB reads
    desk.close()
    with TinyDB(path) as db:  # a person with stock TinyDB sees a plain field
        docs = {d["id"]: d for d in db.table("claims").all()}
    assert docs[claim.id]["claimant"] == "Al Jazeera"
    assert all("claimant" not in d for i, d in docs.items() if i != claim.id)  # null: left out


def test_a_desk_written_before_claimants_reads_them_as_null(tmp_path):
    path = tmp_path / "old.json"
    art = article()
    with TinyDB(path) as db:
        db.table("articles").insert({**art.to_dict(), "version": 1})
        for claim in claims_v1(art):
            doc = claim.to_dict()
            del doc["claimant"]
            db.table("claims").insert(doc)
    with Desk.open(path) as desk:
        claims = desk.claims()
        assert len(claims) == 3 and {c.claimant for c in claims} == {None}
        Review(desk, "ann").set_claimant(claims[0].id, "the ministry")
    with Desk.open(path) as desk:
        assert desk.claim(claims[0].id).claimant == "the ministry"


def test_setting_and_clearing_are_events_that_undo_takes_back(desk):
    review = Review(desk, "ann")
    claim = _first(desk)
    assert review.set_claimant(claim.id, "  Reuters  ").claimant == "Reuters"
    assert review.set_claimant(claim.id, "").claimant is None
    events = [e for e in desk.events(claim.id) if e.action == "claimant"]
    assert [e.detail for e in events] == ["Al Jazeera → Reuters", "Reuters → none"]
    review.undo()
    assert desk.claim(claim.id).claimant == "Reuters"
    review.undo()
    assert desk.claim(claim.id).claimant == "Al Jazeera"
    review.redo()
    assert desk.claim(claim.id).claimant == "Reuters"


@pytest.mark.parametrize("bad", ["x" * 201, "Reuters\x1b[31m"])
def test_a_claimant_must_be_a_name(desk, bad):
    with pytest.raises(UserError):
        Review(desk, "ann").set_claimant(_first(desk).id, bad)
    assert _first(desk).claimant == "Al Jazeera"


def test_a_re_import_keeps_the_claimant_a_reviewer_set(desk):
    review = Review(desk, "ann")
    claim = _first(desk)
    review.set_claimant(claim.id, "Reuters")
    art = article(TEXT_V2)
    new = claims_v2(art)
    for c in new:
        c.claimant = "Officials"  # what a new extraction says
    review.import_article(art, new)
    by_figure = {c.key_figure.text: c.claimant for c in desk.claims()}
    assert by_figure["27"] == "Reuters"  # the reviewer's answer, carried over
    assert by_figure["25 per cent"] == "Officials"  # never corrected: the extraction's


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_set_claimant_from_the_command_line(capsys, desk):
    claim_id = _first(desk).id
    path = str(desk.path)
    desk.close()
    os.environ["CLAIMDESK_DESK"] = path
    code, out, err = _cli(capsys, "set", claim_id[:8], "--claimant", "the health ministry")
    assert code == 0, err
    code, out, _ = _cli(capsys, "history", claim_id[:8])
    assert "claimant" in out and "Al Jazeera → the health ministry" in out
    code, out, _ = _cli(capsys, "set", claim_id[:8], "--no-claimant")
    assert code == 0
    with Desk.open(Path(path), readonly=True) as reopened:
        assert reopened.claim(claim_id).claimant is None
    code, out, _ = _cli(capsys, "undo")
    assert code == 0 and "claimant" in out
    with Desk.open(Path(path), readonly=True) as reopened:
        assert reopened.claim(claim_id).claimant == "the health ministry"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--claimant", "  "], "--claimant needs a name; --no-claimant clears it"),
        ([], "nothing to set: give --status, --note, --source or --claimant, or an edit"),
    ],
)
def test_set_claimant_mistakes_get_one_line(capsys, desk, args, message):
    claim_id = _first(desk).id
    path = str(desk.path)
    desk.close()
    code, _out, err = _cli(capsys, "set", claim_id, *args, "--desk", path)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith(f"claimdesk: error: {message}")


def _export(desk: Desk, fmt: str) -> str:
    buf = io.StringIO()
    export(desk, fmt, buf, statuses="all", all_versions=True)
    return buf.getvalue()


def test_exports_carry_the_claimant(desk, tmp_path):
    review = Review(desk, "ann")
    claims = sorted(desk.claims(), key=lambda c: c.start)
    for claim in claims:
        review.set_status(claim.id, "verified")
    review.set_claimant(claims[1].id, "Donald Trump")
    rows = {r["key_figure"]: r for r in csv.DictReader(io.StringIO(_export(desk, "csv")))}
    assert rows["26"]["claimant"] == "Al Jazeera"
    assert rows["25 per cent"]["claimant"] == "Donald Trump"
    assert rows["90 days"]["claimant"] == ""
    memo = _export(desk, "markdown")
    assert "**Claimant:** Al Jazeera" in memo and "**Claimant:** Donald Trump" in memo
    reviews = json.loads(_export(desk, "claimreview"))
    authors = {r["claimReviewed"][:12]: r["itemReviewed"].get("author") for r in reviews}
    assert authors["Mexico hande"] == {"@type": "Organization", "name": "Al Jazeera"}
    assert authors["Tariffs of 2"] == {"@type": "Person", "name": "Donald Trump"}
    assert authors["The exemptio"] is None  # the article's own claim, and no outlet URL
    dump = _export(desk, "json")
    assert {c["claimant"] for c in json.loads(dump)["claims"]} == {
        "Al Jazeera",
        "Donald Trump",
        None,
    }
    with Desk.open(tmp_path / "restored.json") as fresh:
        restore_dump(fresh, io.StringIO(dump))
        assert sorted(str(c.claimant) for c in fresh.claims()) == sorted(
            str(c.claimant) for c in desk.claims()
        )
