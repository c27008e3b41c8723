"""The desk as a database: what it stores, where, how it reads back, and who may write."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from desk_samples import article, claims_v1
from tinydb import TinyDB

from core.desk import Desk
from core.desk.files import history_path, journal_path
from core.desk.migrate import SCHEMA_VERSION
from core.errors import DeskError, UserError
from core.model import Status
from core.review import Review

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def desk_path(tmp_path) -> Path:
    return tmp_path / "desk.json"


@pytest.fixture
def filled(desk_path) -> Path:
    with Desk.open(desk_path) as desk:
        art = article()
        Review(desk, "ann").import_article(art, claims_v1(art))
        desk.fold()  # closing alone leaves the import in the journal
    return desk_path


def test_new_desk_is_a_tinydb_file_with_schema(desk_path):
    with Desk.open(desk_path) as desk:
        assert desk_path.exists()
        assert desk.meta["schema"] == SCHEMA_VERSION
    with TinyDB(desk_path) as db:  # stock TinyDB can read what we wrote
        assert db.table("meta").all()[0]["schema"] == SCHEMA_VERSION


def test_claims_are_readable_by_stock_tinydb_after_close(filled):
    with TinyDB(filled) as db:
        statements = sorted(doc["statement"] for doc in db.table("claims").all())
    assert statements[0].startswith("Mexico handed over 26")
    events = json.loads(history_path(filled).read_text())["events"]
    assert len(events) == 3 and {e["action"] for e in events.values()} == {"import"}


def test_fold_puts_the_journal_into_the_snapshot_and_close_does_not(filled):
    assert journal_path(filled).read_bytes() == b""
    data = json.loads(filled.read_text())
    assert len(data["claims"]) == 3
    assert data["meta"]["1"]["seq"] >= 1
    with Desk.open(filled) as desk:
        Review(desk, "ann").add_note(desk.claims()[0].id, "journalled")
    assert journal_path(filled).stat().st_size > 0
    assert json.loads(filled.read_text()) == data


def test_edits_are_durable_before_close(filled):
    """An edit is in the journal (fsynced) when it returns; a process that dies keeps it."""
    code = textwrap.dedent(
        f"""
        import os
        from core.desk import Desk
        from core.review import Review
        desk = Desk.open({str(filled)!r})
        claim = desk.claims()[0]
        Review(desk, "bob").set_status(claim.id, "verified")
        os._exit(0)  # no close, no fold
        """
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    assert journal_path(filled).stat().st_size > 0
    with Desk.open(filled) as desk:
        assert desk.claims()[0].status == Status.VERIFIED
        assert desk.events()[-1].reviewer == "bob"


def test_journal_folds_past_threshold(filled):
    with Desk.open(filled, fold_threshold=3) as desk:
        review = Review(desk, "ann")
        cid = desk.claims()[0].id
        review.add_note(cid, "one")
        review.add_note(cid, "two")
        assert journal_path(filled).stat().st_size > 0
        review.add_note(cid, "three")
        assert journal_path(filled).read_bytes() == b""
        snap = {d["id"]: d for d in json.loads(filled.read_text())["claims"].values()}
        assert [n["text"] for n in snap[cid]["notes"]] == ["one", "two", "three"]


def test_snapshot_and_journal_replay_skip_folded_records(filled):
    """A crash after the snapshot rename but before the journal reset replays nothing twice."""
    with Desk.open(filled) as desk:
        cid = desk.claims()[0].id
        Review(desk, "ann").add_note(cid, "once")
        journal = journal_path(filled).read_bytes()
    # The close folded the note; put the already-folded record back, as a crash would.
    journal_path(filled).write_bytes(journal)
    with Desk.open(filled) as desk:
        assert [n.text for n in desk.claim(cid).notes] == ["once"]
        assert len(desk.events(cid)) == 2


def test_claims_in_text_order_removed_hidden(filled):
    with Desk.open(filled) as desk:
        claims = desk.claims()
        assert [c.start for c in claims] == sorted(c.start for c in claims)
        cid = claims[2].id
        doc = desk.claim_dict(cid)
        doc["status"] = Status.REMOVED.value
        desk.commit(claims=[doc])
        assert cid not in [c.id for c in desk.claims()]
        assert cid in [c.id for c in desk.claims(all_versions=True)]
        assert [c.id for c in desk.claims(statuses=["removed"])] == [cid]
        assert [c.id for c in desk.iter_claims(statuses={"removed"})] == [cid]
        assert desk.progress(claims[0].article_id)["removed"] == 1


def test_claims_filter_by_article_and_status(filled):
    with Desk.open(filled) as desk:
        other = article("Prices rose 3 per cent.", article_id="art000000002", title="Prices")
        from desk_samples import claim_at

        Review(desk, "ann").import_article(
            other, [claim_at(other, "Prices", "3 per cent", "percent", 3)]
        )
        assert [a.id for a in desk.articles()] == ["art000000001", "art000000002"]
        assert len(desk.claims("art000000002")) == 1
        assert len(desk.claims()) == 4
        cid = desk.claims("art000000002")[0].id
        Review(desk, "ann").set_status(cid, "verified")
        assert [c.id for c in desk.claims(statuses=["verified"])] == [cid]
        assert desk.progress("art000000002")["verified"] == 1
        assert desk.progress("art000000001")["unreviewed"] == 3


def test_claim_and_article_lookups_raise_keyerror(filled):
    with Desk.open(filled) as desk:
        with pytest.raises(KeyError):
            desk.claim("nope")
        with pytest.raises(KeyError):
            desk.article("nope")
        with pytest.raises(KeyError):
            desk.article("art000000001", version=7)
        assert desk.article("art000000001").version == 1


def test_resolve_claim_id_by_unique_prefix(filled):
    with Desk.open(filled) as desk:
        ids = [c.id for c in desk.claims()]
        assert desk.resolve_claim_id(ids[0][:8]) == ids[0]
        assert desk.resolve_claim_id(ids[1]) == ids[1]
        with pytest.raises(UserError, match="no claim"):
            desk.resolve_claim_id("zzzz")
        with pytest.raises(UserError, match="no claim"):
            desk.resolve_claim_id(ids[0] + "0")


def test_ambiguous_prefix_is_reported(desk_path):
    with Desk.open(desk_path) as desk:
        art = article()
        claims = claims_v1(art)
        claims[0].id, claims[1].id, claims[2].id = "abc111", "abc222", "def333"
        Review(desk, "ann").import_article(art, claims)
        with pytest.raises(UserError, match=r"ambiguous.*abc111, abc222"):
            desk.resolve_claim_id("abc")
        assert desk.resolve_claim_id("abc2") == "abc222"
        with pytest.raises(UserError):
            desk.resolve_claim_id(" ")


def test_history_is_loaded_only_when_asked(filled):
    with Desk.open(filled) as desk:
        assert not desk._history.loaded
        assert len(desk.claims()) == 3
        assert not desk._history.loaded
        assert len(desk.events()) == 3
        assert desk._history.loaded


def test_edits_before_history_load_are_kept(filled):
    with Desk.open(filled) as desk:
        cid = desk.claims()[0].id
        Review(desk, "ann").add_note(cid, "early")  # events table not parsed yet
    with Desk.open(filled) as desk:
        assert [e.action for e in desk.events(cid)] == ["import", "note"]


def _hold_desk(path: Path) -> subprocess.Popen:
    code = textwrap.dedent(
        f"""
        import sys, time
        from core.desk import Desk
        desk = Desk.open({str(path)!r})
        print("ready", flush=True)
        sys.stdin.read()
        desk.close()
        """
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_second_process_is_refused_with_pid_and_readonly_works(filled):
    holder = _hold_desk(filled)
    try:
        with pytest.raises(DeskError) as info:
            Desk.open(filled)
        message = str(info.value)
        assert f"pid {holder.pid}" in message and "can still read it" in message
        assert "\n" not in message
        with Desk.open(filled, readonly=True) as desk:
            assert len(desk.claims()) == 3
            with pytest.raises(DeskError, match="read-only"):
                Review(desk, "ann").set_status(desk.claims()[0].id, "verified")
    finally:
        holder.communicate("")
    with Desk.open(filled) as desk:  # released on close
        assert len(desk.claims()) == 3


def test_lock_is_released_on_close_in_process(desk_path):
    Desk.open(desk_path).close()
    with Desk.open(desk_path):
        pass


def test_readonly_open_of_missing_desk(desk_path):
    with pytest.raises(DeskError, match="no desk"):
        Desk.open(desk_path, readonly=True)


def test_readonly_sees_unfolded_journal_without_touching_it(filled):
    with Desk.open(filled) as desk:
        cid = desk.claims()[0].id
        Review(desk, "ann").set_status(cid, "false")
        size = journal_path(filled).stat().st_size
        with Desk.open(filled, readonly=True) as reader:
            assert reader.claim(cid).status == Status.FALSE
        assert journal_path(filled).stat().st_size == size


def test_migrates_desk_written_by_stock_tinydb(desk_path):
    """Schema 0: numeric document ids and no meta, as stock TinyDB writes them."""
    art = article()
    claims = claims_v1(art)
    with TinyDB(desk_path) as db:
        db.table("articles").insert({**art.to_dict(), "version": 1})
        for claim in claims:
            db.table("claims").insert(claim.to_dict())
        db.table("events").insert(
            {
                "id": "old1",
                "claim_id": claims[0].id,
                "article_id": art.id,
                "action": "import",
                "before": None,
                "after": claims[0].to_dict(),
                "reviewer": "ann",
                "at": "",
                "detail": "",
                "undoes": None,
            }
        )
    with Desk.open(desk_path) as desk:
        assert desk.meta["schema"] == SCHEMA_VERSION
        assert desk.claim(claims[1].id).statement == claims[1].statement
        assert [e.id for e in desk.events(claims[0].id)] == ["old1"]
        assert desk.article(art.id).title == art.title
        Review(desk, "ann").add_note(claims[0].id, "after the upgrade")
    with Desk.open(desk_path) as desk:  # the new event did not overwrite the old one
        assert [e.action for e in desk.events(claims[0].id)] == ["import", "note"]
        desk.fold()
    data = json.loads(desk_path.read_text())
    assert {d["id"] for d in data["claims"].values()} == {c.id for c in claims}
    assert "events" not in data
    events = json.loads(history_path(desk_path).read_text())["events"]
    assert next(e["id"] for e in events.values()) == "old1" and len(events) == 2


def test_migration_hook_runs_each_step(desk_path, monkeypatch):
    import core.desk.migrate as store

    seen = []
    monkeypatch.setattr(store, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(store.MIGRATIONS, 1, lambda main, history: seen.append(len(main["claims"])))
    desk_path.write_text(
        json.dumps(
            {
                "meta": {"1": {"schema": 1, "seq": 0}},
                "claims": {"1": claims_v1(article())[0].to_dict()},
            }
        )
    )
    with Desk.open(desk_path) as desk:
        assert desk.meta["schema"] == 2
    assert seen == [1]
    assert json.loads(desk_path.read_text())["meta"]["1"]["schema"] == 2


def test_newer_schema_is_refused_and_kept(desk_path):
    payload = json.dumps({"meta": {"1": {"schema": 99, "seq": 0}}})
    desk_path.write_text(payload)
    with pytest.raises(DeskError, match="newer claimdesk"):
        Desk.open(desk_path)
    assert desk_path.read_text() == payload


def test_restore_fills_empty_desk_and_refuses_full_one(filled, tmp_path):
    with Desk.open(filled, readonly=True) as src:
        articles, claims, events = (
            src.articles(all_versions=True),
            src.claims(all_versions=True),
            src.events(),
        )
    target = tmp_path / "copy.json"
    with Desk.open(target) as desk:
        desk.restore(articles, claims, events)
        with pytest.raises(DeskError, match="not empty"):
            desk.restore(articles, claims, events)
    with Desk.open(target) as desk:
        assert [c.to_dict() for c in desk.claims(all_versions=True)] == [
            c.to_dict() for c in claims
        ]
        assert [e.to_dict() for e in desk.events()] == [e.to_dict() for e in events]


def test_stray_temp_files_from_interrupted_snapshot_are_cleaned(filled):
    stray = filled.parent / f".{filled.name}.abc123.tmp"
    stray.write_text("{half")
    with Desk.open(filled) as desk:
        assert len(desk.claims()) == 3
    assert not stray.exists()


def test_desk_usable_from_other_directory(filled, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    with Desk.open(os.path.relpath(filled)) as desk:
        assert len(desk.claims()) == 3


def test_stored_claims_leave_defaults_out_but_read_back_whole(filled):
    raw = next(iter(json.loads(filled.read_text())["claims"].values()))
    assert "sources" not in raw and "correction" not in raw and "flags" not in raw
    assert "unit" not in raw["figures"][0]
    with Desk.open(filled) as desk:
        claim = desk.claims()[0]
        assert desk.claim_dict(claim.id) == claim.to_dict()
        assert list(desk.claim_dict(claim.id)) == list(claim.to_dict())  # same field order
        event = desk.events(claim.id)[0]
        assert event.after == claim.to_dict()


def test_fast_claim_dict_matches_dataclass_asdict():
    from core.desk.codec import claim_to_dict
    from core.model import Correction, Note, Source

    art = article()
    for claim in claims_v1(art):
        assert claim_to_dict(claim) == claim.to_dict()
    claim = claims_v1(art)[0]
    claim.correction = Correction(value="29", note="n")
    claim.sources = [Source(url="u", title="t")]
    claim.notes = [Note(text="x", reviewer="r")]
    claim.flags = ["f"]
    assert claim_to_dict(claim) == claim.to_dict()
    assert list(claim_to_dict(claim)) == list(claim.to_dict())


def test_fast_claim_reader_matches_from_dict_and_copies_lists(filled):
    from core.desk.codec import claim_from_doc, compact_claim
    from core.model import Claim

    with Desk.open(filled) as desk:
        cid = desk.claims()[0].id
        review = Review(desk, "ann")
        review.correct(cid, value="29", note="n")
        review.add_source(cid, "https://gob.mx/a", title="t")
        review.add_note(cid, "x")
        full = desk.claim_dict(cid)
        full["flags"] = ["figure changed since review: 26 → 27"]
        newer = {**full, "added_later": 1, "figures": [{**full["figures"][0], "new": 2}]}
        for doc in (full, compact_claim(full), newer):
            assert claim_from_doc(doc) == Claim.from_dict(full)
        claim = desk.claim(cid)
        claim.flags.append("changed by a caller")
        claim.notes.append(claim.notes[0])
        assert desk.claim(cid).flags == [] and len(desk.claim(cid).notes) == 1


def test_tinydb_own_write_path_is_durable_too(filled):
    """Writes through TinyDB's table API (not used by claimdesk) fold a snapshot at once."""
    with Desk.open(filled) as desk:
        desk.db.table("articles").update({"title": "Renamed"}, doc_ids=[1])
        assert journal_path(filled).read_bytes() == b""
        assert json.loads(filled.read_text())["articles"]["1"]["title"] == "Renamed"
