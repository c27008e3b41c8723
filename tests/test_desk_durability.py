"""What the desk's durability rests on, checked call by call: the order of writes, fsyncs
and renames; lookup indexes that stay equal to ones built from scratch; and permission
failures, faked so that they are tested when the suite runs as root."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

import pytest
from desk_samples import TEXT_V2, article, claims_v1, claims_v2
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import core.desk.files as storage
from cli import main
from core.desk import Desk
from core.desk.index import DeskIndex
from core.desk.undo import UndoStacks
from core.errors import UserError
from core.model import Status
from core.review import Review


def _name(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return f"fd{fd}"


@pytest.fixture
def calls(monkeypatch) -> list[tuple[str, str]]:
    """Every write, fsync and replace the process makes, with the file it touched."""
    log: list[tuple[str, str]] = []
    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace

    def write(fd, data):
        log.append(("write", _name(fd)))
        return real_write(fd, data)

    def fsync(fd):
        log.append(("fsync", _name(fd)))
        return real_fsync(fd)

    def replace(src, dst):
        log.append(("replace", f"{src} -> {dst}"))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "write", write)
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    return log


def test_a_commit_returns_only_after_its_journal_record_is_fsynced(tmp_path, calls):
    with Desk.open(tmp_path / "desk.json") as desk:
        art = article()
        Review(desk, "ann").import_article(art, claims_v1(art))
        cid = desk.claims()[0].id
        calls.clear()
        Review(desk, "ann").set_status(cid, Status.VERIFIED)
        journal = str(storage.journal_path(desk.path))
        assert calls, "the commit wrote nothing"
        writes = [i for i, c in enumerate(calls) if c == ("write", journal)]
        syncs = [i for i, c in enumerate(calls) if c == ("fsync", journal)]
        assert writes and syncs and syncs[-1] > writes[-1]
        assert calls[-1] == ("fsync", journal)  # nothing after the fsync but the return


def test_an_atomic_write_is_write_fsync_replace_fsync_of_the_folder(tmp_path, calls):
    target = tmp_path / "desk.json"
    storage.atomic_write(target, b'{"meta": {}}')
    kinds = [kind for kind, _ in calls]
    assert kinds[-3:] == ["fsync", "replace", "fsync"] and set(kinds[:-3]) == {"write"}
    temp = calls[0][1]
    assert Path(temp).parent == tmp_path and Path(temp).name.startswith(".desk.json.")
    assert calls[-3] == ("fsync", temp)
    assert calls[-2] == ("replace", f"{temp} -> {target}")
    assert calls[-1] == ("fsync", str(tmp_path))
    assert target.read_bytes() == b'{"meta": {}}'


def test_a_fold_makes_the_history_durable_before_the_snapshot_that_counts_it(tmp_path, calls):
    with Desk.open(tmp_path / "desk.json") as desk:
        art = article()
        Review(desk, "ann").import_article(art, claims_v1(art))
        desk.fold()  # the first fold writes the history whole
        Review(desk, "ann").add_note(desk.claims()[0].id, "appended")
        calls.clear()
        desk.fold()
    history = str(storage.history_path(desk.path))
    replaced = next(i for i, c in enumerate(calls) if c[0] == "replace")
    assert calls[replaced + 1] == ("fsync", str(tmp_path))  # the rename made durable
    synced = [i for i, c in enumerate(calls) if c == ("fsync", history)]
    assert synced and synced[0] < replaced  # the appended history reached the disk first


# ------------------------------------------------------------------ indexes
def _indexes(desk: Desk, reviewers) -> dict:
    """Every lookup map the desk keeps, and the reviewers' undo stacks, comparable."""
    return {
        **desk.index.as_dict(),
        "claim_order": [c.id for c in desk.iter_claims(all_versions=True)],
        "stacks": {r: desk.undo_state(r) for r in reviewers},
    }


def _from_scratch(path: Path, reviewers) -> dict:
    """The same, built from the tables alone (and the stacks from the whole event log)."""
    with Desk.open(path, readonly=True) as fresh:
        index = DeskIndex.build(fresh._rows, next_event=fresh.index.next["events"])
        stacks = UndoStacks.build(fresh._rows("events").values(), fresh._find_event)
        return {
            **index.as_dict(),
            "claim_order": [c.id for c in fresh.iter_claims(all_versions=True)],
            "stacks": {r: stacks.state(r, list, fresh._find_event) for r in reviewers},
        }


REVIEWERS = ("ann", "bob")
STEPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("status"),
            st.sampled_from(REVIEWERS),
            st.integers(0, 3),
            st.sampled_from([Status.VERIFIED, Status.FALSE, Status.NEEDS_SOURCE]),
        ),
        st.tuples(st.just("note"), st.sampled_from(REVIEWERS), st.integers(0, 3)),
        st.tuples(st.just("batch"), st.sampled_from(REVIEWERS)),
        st.tuples(st.just("undo"), st.sampled_from(REVIEWERS)),
        st.tuples(st.just("redo"), st.sampled_from(REVIEWERS)),
        st.tuples(st.just("manual"), st.sampled_from(REVIEWERS)),
        st.just(("reimport",)),
        st.just(("fold",)),
        st.just(("reopen",)),
        st.just(("look",)),
    ),
    max_size=25,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(STEPS)
def test_indexes_equal_ones_built_from_scratch(steps):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "desk.json"
        desk = Desk.open(path)
        try:
            art = article()
            Review(desk, "importer").import_article(art, claims_v1(art))
            for step in steps:
                desk = _apply(desk, path, step)
            live = _indexes(desk, REVIEWERS)
            assert live == _from_scratch(path, REVIEWERS)
        finally:
            desk.close()


def _apply(desk: Desk, path: Path, step: tuple) -> Desk:
    kind = step[0]
    ids = [c.id for c in desk.claims(all_versions=True)]
    try:
        if kind == "status":
            cid = ids[step[2] % len(ids)]
            Review(desk, step[1]).set_status(cid, step[3])
        elif kind == "note":
            Review(desk, step[1]).add_note(ids[step[2] % len(ids)], "a note")
        elif kind == "batch":
            review = Review(desk, step[1])
            with review.batch():
                for cid in ids[:2]:
                    review.add_note(cid, "together")
        elif kind == "undo":
            Review(desk, step[1]).undo()
        elif kind == "redo":
            Review(desk, step[1]).redo()
        elif kind == "manual":
            current = desk.articles()[0]
            Review(desk, step[1]).add_manual_claim(current.id, 0, 6)
        elif kind == "reimport":
            current = desk.articles()[0]
            text = TEXT_V2 if current.version % 2 else article().text
            new = article(text)
            claims = claims_v2(new) if text == TEXT_V2 else claims_v1(new)
            Review(desk, "importer").import_article(new, claims)
        elif kind == "fold":
            desk.fold()
        elif kind == "reopen":
            desk.close()
            desk = Desk.open(path)
        elif kind == "look":
            assert _indexes(desk, REVIEWERS) == _from_scratch(path, REVIEWERS)
    except UserError:
        pass  # nothing to undo, a verdict on a removed claim, a conflicting undo…
    return desk


# ------------------------------------------------------------------ permissions
def _refuse(target_suffix: str, real):
    def fake_open(path, flags, *args, **kwargs):
        if str(path).endswith(target_suffix) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args, **kwargs)

    return fake_open


@pytest.fixture
def desk_file(tmp_path) -> tuple[Path, str]:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art = article()
        Review(desk, "ann").import_article(art, claims_v1(art))
        return path, desk.claims()[0].id


@pytest.mark.parametrize("which", [".journal", ".lock"], ids=["read-only-journal", "lock"])
def test_an_unwritable_desk_file_gives_one_line(desk_file, monkeypatch, capsys, which):
    path, cid = desk_file
    monkeypatch.setattr(os, "open", _refuse(which, os.open))  # filelock opens with os.open
    code = main(["set", cid[:6], "--status", "verified", "--desk", str(path)])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and err.count("\n") == 1, err
    assert "permission denied" in err and "check its permissions" in err
    assert path.name in err
    monkeypatch.undo()
    with Desk.open(path, readonly=True) as desk:
        assert desk.claim(cid).status == Status.UNREVIEWED  # nothing half done
