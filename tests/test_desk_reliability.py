"""Damage and bad input the desk must survive: lost snapshots, malformed records, dumps
given as desks, flipped bytes in the journal, crashes while creating or upgrading a desk,
and the cost of one command-line edit."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from desk_samples import article, claims_v1

from core.desk import Desk
from core.desk.files import history_path, journal_path
from core.desk.recovery import recover
from core.desk.undo import UndoStacks
from core.errors import DeskError
from core.model import Status
from core.review import Review
from tests.cli_helpers import run


@pytest.fixture
def reviewed(tmp_path) -> Path:
    """A folded desk with one article whose three claims carry every kind of review."""
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art = article()
        Review(desk, "importer").import_article(art, claims_v1(art))
        ann = Review(desk, "ann")
        first, second, third = (c.id for c in desk.claims())
        ann.set_status(first, Status.VERIFIED, note="checked the ministry table")
        ann.correct(second, value="24 per cent", note="the decree says 24")
        ann.add_source(third, "https://example.org/decree", title="Decree")
        ann.add_note(third, "ask the desk editor")
        desk.fold()
    return path


def _claims(path: Path) -> dict[str, dict]:
    with Desk.open(path, readonly=True) as desk:
        return {c.id: c.to_dict() for c in desk.claims(all_versions=True)}


# ------------------------------------------------------------------ 4: rebuild from events
def test_doctor_rebuilds_every_claim_from_the_events_when_the_snapshot_is_cut(reviewed):
    before = _claims(reviewed)
    raw = reviewed.read_bytes()
    reviewed.write_bytes(raw[: raw.index(b'"claims"') + 20])  # every claim document lost
    report = recover(reviewed)
    assert not report.healthy
    assert report.rebuilt == 3
    assert any("rebuilt 3 claims from their history" in line for line in report.lines())
    after = _claims(reviewed)
    assert after == before  # status, correction, sources, notes, reviewer: all of it
    assert recover(reviewed).healthy


def test_doctor_re_extracts_claims_no_event_covers(reviewed):
    """History lost as well: the claims come back from the stored article text, unreviewed."""
    raw = reviewed.read_bytes()
    reviewed.write_bytes(raw[: raw.index(b'"claims"') + 20])
    history_path(reviewed).unlink()
    report = recover(reviewed)
    assert report.reextracted >= 1
    assert any("re-extracted" in line for line in report.lines())
    with Desk.open(reviewed, readonly=True) as desk:
        claims = desk.claims()
        assert claims and all(c.status == Status.UNREVIEWED for c in claims)
        assert {c.article_id for c in claims} == {"art000000001"}


def test_reimport_after_lost_article_keeps_the_rebuilt_reviews(reviewed, tmp_path):
    """The article text is lost too: claims come back from events; re-importing the file
    restores the article and keeps every verdict."""
    before = _claims(reviewed)
    data = json.loads(reviewed.read_bytes())
    data["articles"] = {}
    data["claims"] = {}
    reviewed.write_text(json.dumps(data)[:-1], encoding="utf-8")  # cut: damaged
    report = recover(reviewed)
    assert report.rebuilt == 3
    assert any("article text is lost" in line for line in report.lines())
    art = article()
    with Desk.open(reviewed) as desk:
        Review(desk, "importer").import_article(art, claims_v1(art))
    after = _claims(reviewed)
    assert {cid: c["status"] for cid, c in after.items()} == {
        cid: c["status"] for cid, c in before.items()
    }


# ------------------------------------------------------------------ 5: malformed records
MALFORMED = {
    "empty-claim": ("claims", "1", {}),
    "article-id-not-text": ("articles", "1", {"id": 5}),
    "non-integer-key": ("claims", "x7", None),  # None: the first claim moved to key x7
}


def _plant(path: Path, table: str, key: str, doc: dict | None) -> None:
    data = json.loads(path.read_bytes())
    if doc is None:
        first = next(iter(data[table]))
        data[table][key] = data[table].pop(first)
    else:
        data[table][key] = doc
    path.write_text(json.dumps(data), encoding="utf-8")


def _rename_in_journal(path: Path) -> None:
    """A journal line (as an older claimdesk wrote it, no checksum) with a field renamed."""
    with Desk.open(path) as desk:
        cid = desk.claims()[0].id
        Review(desk, "ann").add_note(cid, "journalled")
    journal = journal_path(path)
    lines = journal.read_bytes().splitlines()
    record = json.loads(lines[-1])
    record.pop("crc", None)
    for op in record["ops"]:
        if op[0] == "claims":
            op[2]["statment"] = op[2].pop("statement")
    lines[-1] = json.dumps(record).encode()
    journal.write_bytes(b"\n".join(lines) + b"\n")


@pytest.mark.parametrize("case", [*MALFORMED, "journal-renamed-field"])
def test_no_command_breaks_on_a_malformed_record(reviewed, capsys, case, tmp_path):
    if case == "journal-renamed-field":
        _rename_in_journal(reviewed)
        place = journal_path(reviewed).name
    else:
        _plant(reviewed, *MALFORMED[case])
        place = reviewed.name
    desk = ("--desk", str(reviewed))
    cid = next(iter(json.loads(history_path(reviewed).read_bytes())["events"].values()))["claim_id"]
    for argv in (
        ("status", *desk),
        ("export", "--status", "all", *desk),
        ("history", cid[:6], *desk),
        ("set", cid[:6], "--status", "verified", *desk),
        ("undo", *desk),
        ("import", str(tmp_path / "missing.txt"), *desk),
    ):
        code, _out, err = run(capsys, *argv)
        assert code in (0, 1, 2), (argv, err)
        assert "Traceback" not in err
        assert "malformed" in err and place in err, (argv, err)
    # never folded in: desk.json keeps the bad record or loses it only into the quarantine
    with Desk.open(reviewed) as opened:
        opened.fold()
    text = reviewed.read_text(encoding="utf-8")
    assert '"x7"' not in text and '{"id":5}' not in text and '"1":{}' not in text
    quarantine = reviewed.with_name(reviewed.name + ".quarantine")
    assert quarantine.exists()
    kept = [json.loads(line) for line in quarantine.read_text("utf-8").splitlines()]
    assert kept and all({"file", "table", "key", "problem", "record"} <= set(k) for k in kept)


def test_doctor_reports_and_quarantines_a_malformed_record(reviewed):
    _plant(reviewed, "claims", "9", {"id": "bad", "statement": 3})
    report = recover(reviewed)
    assert not report.healthy
    assert any("claims" in p and "9" in p and reviewed.name in p for p in report.problems)
    quarantine = reviewed.with_name(reviewed.name + ".quarantine")
    assert '"bad"' in quarantine.read_text("utf-8")
    assert '"bad"' not in reviewed.read_text("utf-8")
    assert recover(reviewed).healthy


def test_doctor_repairs_a_malformed_claim_from_its_events(reviewed):
    before = _claims(reviewed)
    data = json.loads(reviewed.read_bytes())
    _key, doc = next(iter(data["claims"].items()))
    del doc["statement"]  # the rest of it (the id) is still there
    reviewed.write_text(json.dumps(data), encoding="utf-8")
    report = recover(reviewed)
    assert report.rebuilt == 1
    assert _claims(reviewed) == before


def test_workbench_opens_a_desk_with_a_malformed_record(reviewed):
    import asyncio

    from tui.app import ClaimdeskApp

    _plant(reviewed, "claims", "1", {})

    async def drive() -> None:
        from textual.widgets._toast import Toast

        with Desk.open(reviewed) as desk:
            assert any("malformed" in w for w in desk.warnings)
            app = ClaimdeskApp(desk, "ann", [])
            async with app.run_test(notifications=True) as pilot:
                await pilot.pause()
                shown = [str(toast.render()) for toast in app.screen.query(Toast)]
                assert any("malformed" in text for text in shown), shown
            assert desk.warnings == []  # said once, on screen

    asyncio.run(drive())


# ------------------------------------------------------------------ 6: a dump as --desk
def test_a_dump_given_as_desk_points_to_import(reviewed, capsys, tmp_path):
    dump = tmp_path / "backup.json"
    code, out, _ = run(
        capsys, "export", "--status", "all", "--all-versions", "--desk", str(reviewed)
    )
    dump.write_text(out, encoding="utf-8")
    raw = dump.read_bytes()
    code, _out, err = run(capsys, "status", "--desk", str(dump))
    assert code == 2 and "claimdesk import --desk-dump" in err and "\n" not in err.strip()
    with pytest.raises(DeskError, match="import --desk-dump"):
        recover(dump)
    assert dump.read_bytes() == raw and not list(tmp_path.glob("backup.json.damaged-*"))


# ------------------------------------------------------------------ 7: checksums
def test_a_changed_byte_inside_a_journal_record_is_caught(reviewed):
    with Desk.open(reviewed) as desk:
        ids = [c.id for c in desk.claims()]
        Review(desk, "ann").add_note(ids[0], "first")
        Review(desk, "ann").add_note(ids[1], "second")
    journal = journal_path(reviewed)
    lines = journal.read_bytes().splitlines(keepends=True)
    assert len(lines) == 2
    lines[0] = lines[0].replace(ids[0].encode(), ids[0][:3].encode() + b"#CORRUPT#", 1)
    journal.write_bytes(b"".join(lines))
    with pytest.raises(DeskError, match="damaged"):
        Desk.open(reviewed)
    report = recover(reviewed)
    assert report.dropped == 1 and report.replayed == 1
    with Desk.open(reviewed, readonly=True) as desk:
        assert [n.text for n in desk.claim(ids[1]).notes] == ["second"]
        assert "first" not in [n.text for n in desk.claim(ids[0]).notes]
        assert not any("#CORRUPT#" in c.id for c in desk.claims())


def test_a_journal_without_checksums_still_reads(reviewed):
    with Desk.open(reviewed) as desk:
        cid = desk.claims()[0].id
        Review(desk, "ann").add_note(cid, "old release")
    journal = journal_path(reviewed)
    record = json.loads(journal.read_bytes())
    assert "crc" in record
    del record["crc"]
    journal.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with Desk.open(reviewed) as desk:
        assert "old release" in [n.text for n in desk.claim(cid).notes]
        Review(desk, "ann").add_note(cid, "new release")
    with Desk.open(reviewed, readonly=True) as desk:
        assert [n.text for n in desk.claim(cid).notes][-2:] == ["old release", "new release"]


# ------------------------------------------------------------------ 8: crash windows
CRASH_AFTER_WRITES = textwrap.dedent(
    """
    import os, sys
    import core.desk.snapshots as snapshots
    limit = int(sys.argv[2])
    real = snapshots.atomic_write
    count = 0
    def dying(path, payload):
        global count
        real(path, payload)
        count += 1
        if count >= limit:
            os._exit(9)  # as SIGKILL would: nothing after this point runs
    snapshots.atomic_write = dying  # every snapshot write goes through it
    from core.desk import Desk
    Desk.open(sys.argv[1]).close()
    """
)


def _open_with_crash(path: Path, after_writes: int) -> int:
    return subprocess.run(
        [sys.executable, "-c", CRASH_AFTER_WRITES, str(path), str(after_writes)],
        capture_output=True,
        check=False,
    ).returncode


@pytest.mark.parametrize("after_writes", [1, 2, 3])
def test_a_crash_while_creating_a_desk_leaves_one_that_opens(tmp_path, after_writes):
    path = tmp_path / "new" / "desk.json"
    _open_with_crash(path, after_writes)
    with Desk.open(path) as desk:
        assert desk.claims() == []


@pytest.mark.parametrize("after_writes", [1, 2, 3])
def test_a_crash_while_upgrading_a_stock_desk_never_duplicates_events(tmp_path, after_writes):
    from tinydb import TinyDB

    path = tmp_path / "desk.json"
    art = article()
    claims = claims_v1(art)
    db = TinyDB(path)
    db.table("articles").insert(art.to_dict())
    for claim in claims:
        db.table("claims").insert(claim.to_dict())
        db.table("events").insert(
            {
                "id": f"ev{claim.id}",
                "claim_id": claim.id,
                "article_id": art.id,
                "action": "import",
                "before": None,
                "after": claim.to_dict(),
            }
        )
    db.close()
    _open_with_crash(path, after_writes)
    with Desk.open(path) as desk:
        events = desk.events()
    assert sorted(e.id for e in events) == sorted(f"ev{c.id}" for c in claims)


# ------------------------------------------------------------------ 15: cheap CLI edits
def test_one_cli_set_does_not_rewrite_the_desk(reviewed, capsys):
    before = reviewed.stat()
    history_before = history_path(reviewed).stat()
    cid = next(iter(_claims(reviewed)))
    code, _out, err = run(capsys, "set", cid[:6], "--status", "false", "--desk", str(reviewed))
    assert code == 0, err
    after = reviewed.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert history_path(reviewed).stat().st_mtime_ns == history_before.st_mtime_ns
    assert _claims(reviewed)[cid]["status"] == "false"  # from the journal
    code, _out, err = run(capsys, "undo", "--reviewer", "tester", "--desk", str(reviewed))
    assert code == 0 and reviewed.stat().st_mtime_ns == before.st_mtime_ns
    assert _claims(reviewed)[cid]["status"] == "verified"


def test_the_journal_is_folded_past_its_threshold_or_by_doctor_compact(reviewed, capsys):
    with Desk.open(reviewed, fold_threshold=3) as desk:
        cid = desk.claims()[0].id
        for n in range(2):
            Review(desk, "ann").add_note(cid, f"n{n}")
        assert journal_path(reviewed).stat().st_size > 0
        Review(desk, "ann").add_note(cid, "n2")
        assert journal_path(reviewed).stat().st_size == 0  # the third record folded it
        Review(desk, "ann").add_note(cid, "n3")
    assert journal_path(reviewed).stat().st_size > 0  # closing does not fold
    code, out, _ = run(capsys, "doctor", "--compact", "--desk", str(reviewed))
    assert code == 0 and "compacted" in out
    assert journal_path(reviewed).stat().st_size == 0
    assert [n.text for n in Desk.open(reviewed, readonly=True).claim(cid).notes][-1] == "n3"


def test_undo_does_not_load_the_event_log(reviewed, monkeypatch):
    import core.desk.snapshots as snapshots

    with Desk.open(reviewed) as desk:
        cid = desk.claims()[0].id
        ann = Review(desk, "ann")
        with ann.batch():
            ann.add_note(cid, "one")
            ann.add_note(cid, "two")
        ann.add_note(cid, "three")
        desk.fold()
        ann.add_note(cid, "four")  # in the journal only

    def refuse(self):
        raise AssertionError("the whole history was loaded")

    monkeypatch.setattr(snapshots.HistoryStorage, "load", refuse)
    with Desk.open(reviewed) as desk:
        ann = Review(desk, "ann")
        assert ann.undo().detail.endswith("four")
        assert ann.undo().detail.endswith("three")
        ann.undo()  # the batch of one and two at once
        assert [n.text for n in desk.claim(cid).notes] == ["checked the ministry table"]
        assert ann.redo() is not None
        assert [n.text for n in desk.claim(cid).notes][-2:] == ["one", "two"]
    monkeypatch.undo()
    with Desk.open(reviewed) as fresh:  # the same stacks, rebuilt from the whole log
        fresh.stacks = UndoStacks(known=False)  # rebuilt from the whole log
        undo, redo = fresh.undo_state("ann")
    with Desk.open(reviewed) as desk:
        assert desk.undo_state("ann") == (undo, redo)


def test_records_are_checked_again_only_when_the_snapshot_changed(reviewed, monkeypatch):
    import core.desk.snapshots as snapshots

    checked = []
    real = snapshots.set_aside_bad
    monkeypatch.setattr(
        snapshots, "set_aside_bad", lambda data, *a: checked.append(len(data)) or real(data, *a)
    )
    Desk.open(reviewed, readonly=True).close()
    assert checked == []  # written by claimdesk, unchanged since: trusted
    data = json.loads(reviewed.read_bytes())
    reviewed.write_text(json.dumps(data, indent=1), encoding="utf-8")  # an editor's save
    Desk.open(reviewed, readonly=True).close()
    assert checked == [3]
