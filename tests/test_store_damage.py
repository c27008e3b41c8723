"""Damaged, unwritable and full desks: refuse clearly, keep the files, recover what we can."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from desk_samples import article, claims_v1

import core.desk.files as storage
from core.desk import Desk
from core.desk.files import history_path, journal_path
from core.desk.recovery import recover, salvage_tables
from core.errors import DeskError
from core.model import Status
from core.review import Review


@pytest.fixture
def filled(tmp_path) -> Path:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art = article()
        Review(desk, "ann").import_article(art, claims_v1(art))
        desk.fold()  # closing alone leaves the import in the journal
    return path


def _edit_without_fold(path: Path, *notes: str) -> str:
    """Journal some notes, then drop the desk without folding (as a crash would)."""
    desk = Desk.open(path)
    cid = desk.claims()[0].id
    for note in notes:
        Review(desk, "ann").add_note(cid, note)
    desk.close()
    return cid


def _damaged_copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob("*.damaged-*"))


# ------------------------------------------------------------------ snapshot damage
@pytest.mark.parametrize(
    "content",
    [b'{"claims": {"1": {"id"', b"\x00\x00\x00garbage", b"", b"[1, 2, 3]", b"\xff\xfe{}"],
    ids=["truncated", "garbage", "empty", "not-tinydb", "not-utf8"],
)
def test_unparsable_desk_is_refused_and_left_untouched(filled, content):
    filled.write_bytes(content)
    with pytest.raises(DeskError) as info:
        Desk.open(filled)
    message = str(info.value)
    assert str(filled) in message and "claimdesk doctor" in message and "\n" not in message
    assert filled.read_bytes() == content  # never overwritten
    with pytest.raises(DeskError):
        Desk.open(filled, readonly=True)
    assert filled.read_bytes() == content


def test_doctor_salvages_truncated_snapshot(filled):
    cid = _edit_without_fold(filled, "kept in the journal")
    raw = filled.read_bytes()
    cut = raw.rindex(b'{"id"')  # cut inside the last claim document
    filled.write_bytes(raw[: cut + 10])
    report = recover(filled)
    assert not report.healthy
    kept = _damaged_copies(filled)
    assert len(kept) == 1 and kept[0].read_bytes() == raw[: cut + 10]
    # the two complete claims, and the third rebuilt from its latest event
    assert report.counts["claims"] == 3 and report.rebuilt == 1
    with Desk.open(filled) as desk:
        assert len(desk.claims()) == 3
        assert [n.text for n in desk.claim(cid).notes] == ["kept in the journal"]
    assert recover(filled).healthy


def test_doctor_on_healthy_desk_changes_nothing(filled):
    before = filled.read_bytes()
    report = recover(filled)
    assert report.healthy and "healthy" in report.lines()[0]
    assert filled.read_bytes() == before and not _damaged_copies(filled)


def test_salvage_reads_complete_documents_only():
    text = '{"meta": {"1": {"schema": 1}}, "claims": {"1": {"id": "a"}, "2": {"id": "b"}, "3": {"id'
    tables, complete = salvage_tables(text)
    assert not complete
    assert tables["claims"] == {"1": {"id": "a"}, "2": {"id": "b"}}
    tables, complete = salvage_tables(json.dumps({"claims": {"1": {"id": "a"}}}))
    assert complete and tables == {"claims": {"1": {"id": "a"}}}


def test_damaged_history_is_refused_when_read_and_recovered(filled):
    history_path(filled).write_text('{"events": {"1": ')
    with Desk.open(filled) as desk:  # claims still open: history is read on demand
        assert len(desk.claims()) == 3
        with pytest.raises(DeskError, match="doctor"):
            desk.events()
    report = recover(filled)
    assert not report.healthy
    with Desk.open(filled) as desk:
        assert desk.events() == []
        assert len(desk.claims()) == 3


def test_missing_snapshot_with_history_left_is_refused_then_rebuilt(filled):
    cid = _edit_without_fold(filled, "journalled")
    filled.unlink()
    with pytest.raises(DeskError, match=r"missing.*doctor"):
        Desk.open(filled)
    assert not filled.exists()  # not replaced by an empty desk
    report = recover(filled)
    # the journalled claim, and the other two rebuilt from the history
    assert not report.healthy and report.counts["claims"] == 3 and report.rebuilt == 2
    assert report.orphaned == {"art000000001": 3}  # the article text was in desk.json only
    with Desk.open(filled) as desk:
        assert [n.text for n in desk.claim(cid).notes] == ["journalled"]
        assert len(desk.events()) == 4


# ------------------------------------------------------------------ journal damage
def test_torn_last_journal_record_is_dropped_with_one_warning(filled):
    cid = _edit_without_fold(filled, "first", "second")
    journal = journal_path(filled)
    raw = journal.read_bytes()
    journal.write_bytes(raw[:-25])  # crash in the middle of appending "second"
    with Desk.open(filled) as desk:
        assert len(desk.warnings) == 1 and "incomplete last change" in desk.warnings[0]
        assert [n.text for n in desk.claim(cid).notes] == ["first"]
        Review(desk, "ann").add_note(cid, "third")  # appends cleanly after the cut
        raw = journal.read_bytes()
        assert raw.count(b"\n") == len(raw.splitlines()) == 2
    with Desk.open(filled) as desk:
        assert not desk.warnings
        assert [n.text for n in desk.claim(cid).notes] == ["first", "third"]


def test_complete_json_without_newline_counts_as_torn(filled):
    cid = _edit_without_fold(filled, "first", "second")
    journal = journal_path(filled)
    journal.write_bytes(journal.read_bytes()[:-1])
    with Desk.open(filled) as desk:
        assert desk.warnings
        assert [n.text for n in desk.claim(cid).notes] == ["first"]


def test_garbage_in_middle_of_journal_is_refused_then_recovered(filled):
    cid = _edit_without_fold(filled, "first", "second", "third")
    journal = journal_path(filled)
    lines = journal.read_bytes().splitlines(keepends=True)
    damaged = lines[0] + b"\x00\x13garbage\n" + lines[2]
    journal.write_bytes(damaged)
    with pytest.raises(DeskError) as info:
        Desk.open(filled)
    assert "line 2" in str(info.value) and "doctor" in str(info.value)
    assert journal.read_bytes() == damaged
    report = recover(filled)
    assert report.dropped == 1 and report.replayed == 2
    assert _damaged_copies(filled)[0].read_bytes() == damaged
    with Desk.open(filled) as desk:
        # records hold whole documents, so the later one still carries the lost note;
        # the lost record's event is gone
        assert [n.text for n in desk.claim(cid).notes] == ["first", "second", "third"]
        assert [e.action for e in desk.events(cid)] == ["import", "note", "note"]
        assert journal.read_bytes() == b""


def test_out_of_order_journal_is_refused(filled):
    _edit_without_fold(filled, "first", "second")
    journal = journal_path(filled)
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(lines[1] + lines[0])
    with pytest.raises(DeskError, match="out of order"):
        Desk.open(filled)


# ------------------------------------------------------------------ unwritable places
def test_parent_that_is_a_file(tmp_path):
    blocker = tmp_path / "notadir"
    blocker.write_text("x")
    with pytest.raises(DeskError, match="a file is in the way"):
        Desk.open(blocker / "desk.json")


def test_desk_path_that_is_a_directory(tmp_path):
    with pytest.raises(DeskError, match="is a directory"):
        Desk.open(tmp_path)


def test_unwritable_folder_is_reported(filled, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode)
    )
    with pytest.raises(DeskError, match=r"not writable.*can still read it"):
        Desk.open(filled)
    with Desk.open(filled, readonly=True) as desk:
        assert len(desk.claims()) == 3


# ------------------------------------------------------------------ full disk
def _enospc(*_args, **_kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_on_edit_leaves_desk_intact(filled, monkeypatch):
    with Desk.open(filled) as desk:
        cid = desk.claims()[0].id
        review = Review(desk, "ann")
        review.set_status(cid, "verified")
        size = journal_path(filled).stat().st_size
        monkeypatch.setattr(storage.os, "write", _enospc)
        with pytest.raises(DeskError, match=r"change not saved: the disk .* is full"):
            review.set_status(cid, "false")
        assert desk.claim(cid).status == Status.VERIFIED  # memory unchanged too
        assert journal_path(filled).stat().st_size == size
        monkeypatch.undo()
        review.add_note(cid, "after the disk was freed")
    with Desk.open(filled) as desk:
        claim = desk.claim(cid)
        assert claim.status == Status.VERIFIED
        assert [n.text for n in claim.notes] == ["after the disk was freed"]
        assert [e.action for e in desk.events(cid)] == ["import", "status", "note"]


def test_partial_write_then_full_disk_is_rolled_back(filled, monkeypatch):
    real_write = os.write
    calls = []

    def half_then_full(fd, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    with Desk.open(filled) as desk:
        cid = desk.claims()[0].id
        review = Review(desk, "ann")
        monkeypatch.setattr(storage.os, "write", half_then_full)
        with pytest.raises(DeskError, match="full"):
            review.add_note(cid, "lost")
        monkeypatch.undo()
        assert journal_path(filled).read_bytes() == b""  # the half record was cut off
        review.add_note(cid, "saved")
    with Desk.open(filled) as desk:
        assert not desk.warnings
        assert [n.text for n in desk.claim(cid).notes] == ["saved"]


def test_full_disk_while_folding_loses_nothing(filled, monkeypatch):
    desk = Desk.open(filled)
    cid = desk.claims()[0].id
    Review(desk, "ann").set_status(cid, "verified")
    before = filled.read_bytes()
    monkeypatch.setattr(storage.os, "write", _enospc)
    with pytest.raises(DeskError, match="no change was lost"):
        desk.fold()  # the fold fails: said so, journal kept
    monkeypatch.undo()
    desk.close()
    assert filled.read_bytes() == before
    assert not list(filled.parent.glob(".*.tmp"))
    with Desk.open(filled) as desk:
        assert desk.claim(cid).status == Status.VERIFIED


# ------------------------------------------------------------------ history appends
def test_history_fold_appends_instead_of_rewriting(filled):
    history = history_path(filled)
    before = history.read_bytes()
    with Desk.open(filled) as desk:
        cid = desk.claims()[0].id
        Review(desk, "ann").add_note(cid, "appended")
        desk.fold()
    after = history.read_bytes()
    assert after[: len(before) - 2] == before[:-2]  # the old bytes were not rewritten
    events = json.loads(after)["events"]
    assert [e["action"] for e in events.values()] == ["import"] * 3 + ["note"]


def test_interrupted_history_append_is_ignored_and_replayed(filled):
    """A crash mid-append leaves bytes past the recorded length; the journal still has them."""
    history = history_path(filled)
    cid = _edit_without_fold(filled, "journalled")
    committed = history.read_bytes()
    history.write_bytes(committed[:-2] + b',"99":{"id":"half-writ')  # torn append
    with Desk.open(filled) as desk:
        assert [e.action for e in desk.events(cid)] == ["import", "note"]
        Review(desk, "ann").add_note(cid, "next")
    with Desk.open(filled) as desk:
        assert [e.action for e in desk.events(cid)] == ["import", "note", "note"]
        assert len(desk.events()) == 5
        desk.fold()
    assert json.loads(history.read_bytes())  # whole file valid again after the fold
    assert recover(filled).healthy


def test_text_with_lone_surrogate_round_trips(tmp_path):
    path = tmp_path / "desk.json"
    text = "Odd \ud800 text: 26 people."
    with Desk.open(path) as desk:
        Review(desk, "ann").import_article(article(text, title="t\udcff"), [])
    with Desk.open(path) as desk:
        assert desk.articles()[0].text == text


def test_journal_that_does_not_continue_the_snapshot_is_refused(filled):
    _edit_without_fold(filled, "first", "second")
    journal = journal_path(filled)
    lines = journal.read_bytes().splitlines(keepends=True)
    journal.write_bytes(lines[1])  # the first change is missing
    with pytest.raises(DeskError, match="changes are missing"):
        Desk.open(filled)
    report = recover(filled)
    assert not report.healthy and report.replayed == 1
    with Desk.open(filled) as desk:
        notes = [n.text for c in desk.claims() for n in c.notes]
        assert notes == ["first", "second"]  # the record holds the whole claim
