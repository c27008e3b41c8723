"""What a stopped copy leaves beside a desk is read back from disk, so it is not trusted:
a damaged plan, a plan naming other files, a folder that only looks like a copy's, or a
recovery itself stopped part-way never costs a desk (or its neighbours) a byte.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from desk_samples import article, claims_v1

from cli import main
from core.desk import Desk, staging
from core.desk.staging import PLAN, PREVIOUS
from core.review import Review
from tests import forking
from tests.test_copy_atomic import killed_copy

FOLDER = ".desk.json.copy-abcd_123.tmp"  # the shape tempfile.mkdtemp gives a copy's folder


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file under ``folder`` (directories as None), by relative path."""
    found: dict[str, bytes | None] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs:
            found[os.path.relpath(os.path.join(root, name), folder)] = None
        for name in files:
            full = os.path.join(root, name)
            if name.endswith(".lock"):
                continue  # rewritten with the pid of whoever opens the desk
            found[os.path.relpath(full, folder)] = Path(full).read_bytes()
    return found


@pytest.fixture
def reviewed(tmp_path) -> Path:
    """A reviewed desk, with a note, another desk and a folder of drafts beside it."""
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art = article()
        Review(desk, "importer").import_article(art, claims_v1(art))
        Review(desk, "ann").set_status(desk.claims()[0].id, "verified")
    with Desk.open(tmp_path / "other.json") as other:
        art = article()
        Review(other, "importer").import_article(art, claims_v1(art))
    (tmp_path / "notes.txt").write_text("sources to call back\n")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "piece.md").write_text("draft\n")
    return path


def _leftover(parent: Path, plan: bytes | None, name: str = FOLDER) -> Path:
    """A copy's folder as a kill before its desk file moved would leave it."""
    folder = parent / name
    (folder / PREVIOUS).mkdir(parents=True)
    (folder / "desk.json").write_text("{}")
    (folder / PREVIOUS / "other.json").write_text("{}")
    if plan is not None:
        (folder / PLAN).write_bytes(plan)
    return folder


NAMING_OTHERS = {"in": ["notes.txt", "drafts", "other.json", ".."], "aside": ["other.json"]}


@pytest.mark.parametrize(
    "plan",
    [
        json.dumps(NAMING_OTHERS).encode(),
        b'{"in": ["a/b", "/etc", "."], "aside": ["../x"]}',
        b'{"in": "notes.txt"}',
        b'{"in": null, "aside": 3}',
        b"[1, 2]",
        b'"in"',
        b'{"in": ["notes.t',
        b"",
    ],
    ids=[
        "others",
        "separators",
        "a-string",
        "wrong-types",
        "a-list",
        "not-an-object",
        "cut-short",
        "empty",
    ],
)
def test_a_plan_that_is_damaged_or_names_other_files_touches_nothing_else(
    capsys, tmp_path, reviewed, plan
):
    before = _snapshot(tmp_path)
    folder = _leftover(tmp_path, plan)
    with Desk.open(reviewed) as desk:  # any writer: what the copy left is undone first
        assert desk.claims()
    assert not folder.exists()
    assert _snapshot(tmp_path) == before
    assert main(["doctor", "--desk", str(reviewed)]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "name",
    [
        ".desk.json.copy-of-march.tmp",  # a folder of the user's, not of mkdtemp's shape
        ".desk.json.copy-x.copy-abcd_123.tmp",  # a copy into the desk desk.json.copy-x
    ],
)
def test_a_folder_only_named_like_a_copy_s_is_left_alone(capsys, tmp_path, reviewed, name):
    folder = _leftover(tmp_path, json.dumps({"in": [], "aside": []}).encode(), name)
    before = _snapshot(tmp_path)
    with Desk.open(reviewed):
        pass
    assert main(["doctor", "--desk", str(reviewed)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert folder.is_dir() and _snapshot(tmp_path) == before


def test_a_link_or_a_file_named_like_a_copy_s_folder_does_not_stop_the_desk_opening(
    capsys, tmp_path, reviewed
):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "kept.txt").write_text("kept\n")
    (tmp_path / FOLDER).symlink_to(elsewhere, target_is_directory=True)
    (tmp_path / ".desk.json.copy-efgh_456.tmp").write_text("not a folder\n")
    code = main(["doctor", "--desk", str(reviewed)])
    assert code == 0, capsys.readouterr().err
    with Desk.open(reviewed) as desk:
        assert desk.claims()
    assert (elsewhere / "kept.txt").read_text() == "kept\n"


def test_undoing_a_copy_stopped_part_way_through_the_undo_still_puts_the_desk_back(
    tmp_path, reviewed, monkeypatch
):
    """A kill (or power cut) may also land while a stopped copy is being undone: undoing
    it again must not remove what the first undo had already put back."""
    target = tmp_path / "empty" / "desk.json"
    with Desk.open(target) as empty:
        empty.fold()
    files = _snapshot(target.parent)
    with forking.frozen_heap():
        child = forking.fork(
            killed_copy, reviewed, target, lambda dst, _done: dst == target, out=tmp_path / "r"
        )
    _pid, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 9

    real = os.replace
    put_back: list[str] = []

    def replace(src, dst, *args, **kwargs):
        if len(put_back) == 2:
            raise KeyboardInterrupt  # the undo stopped after putting two files back
        put_back.append(str(dst))
        return real(src, dst, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", replace)
        with pytest.raises(KeyboardInterrupt):
            staging.recover(target)
    assert len(put_back) == 2
    staging.recover(target)
    assert _snapshot(target.parent) == files


def test_a_copy_into_a_desk_holding_set_aside_records_is_refused(capsys, tmp_path, reviewed):
    """Doctor sets malformed records aside in ``desk.json.quarantine`` for a person to
    recover by hand; a desk whose every record was set aside looks empty but is not."""
    target = tmp_path / "empty" / "desk.json"
    with Desk.open(target) as empty:
        empty.fold()
    quarantine = target.with_name("desk.json.quarantine")
    quarantine.write_text('{"table": "claims", "doc": {"text": "a reviewed claim"}}\n')
    files = _snapshot(target.parent)
    code = main(["copy", str(reviewed), str(target)])
    _out, err = capsys.readouterr()
    assert code == 1 and "set aside" in err and err.count("\n") == 1, err
    assert _snapshot(target.parent) == files


def test_a_copy_that_can_neither_move_in_nor_be_undone_says_so_and_doctor_undoes_it(
    capsys, tmp_path, reviewed, monkeypatch
):
    """A rename refused half-way through moving the copy into place (the folder made
    read-only under it, a failing disk) and refused again while taking it back: the
    copy's folder is what can undo it, so it stays, and the line does not say nothing
    was written."""
    target = tmp_path / "empty" / "desk.json"
    with Desk.open(target) as empty:
        empty.fold()
    files = _snapshot(target.parent)
    real = os.replace
    renames: list[str] = []

    def replace(src, dst, *args, **kwargs):
        if Path(dst).parent == target.parent:
            renames.append(str(dst))
            if len(renames) > 1:  # one file of the copy moved in; then every rename fails
                raise OSError(5, "Input/output error")
        return real(src, dst, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(os, "replace", replace)
        code = main(["copy", str(reviewed), str(target)])
    _out, err = capsys.readouterr()
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "nothing was written" not in err and f"doctor --desk {target}" in err
    assert main(["doctor", "--desk", str(target)]) == 0, capsys.readouterr().err
    assert _snapshot(target.parent) == files


def test_a_disk_full_while_writing_the_plan_leaves_nothing_behind(
    capsys, tmp_path, reviewed, monkeypatch
):
    """Nothing has moved yet: the copy's folder (a whole desk's worth of disk) goes."""
    import errno

    target = tmp_path / "empty" / "desk.json"
    with Desk.open(target) as empty:
        empty.fold()
    files = _snapshot(target.parent)

    def write_plan(folder: Path, _plan: object) -> None:
        (folder / PLAN).write_text('{"in": ["desk.js')
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging, "_write_plan", write_plan)
    code = main(["copy", str(reviewed), str(target)])
    _out, err = capsys.readouterr()
    assert code == 1 and "is full" in err and "nothing was written" in err, err
    assert _snapshot(target.parent) == files
