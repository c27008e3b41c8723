"""Output that cannot be written: full disks, closed pipes, killed exports, file modes.

A backup that silently comes out short is worse than none, so every write failure, to
standard output or to ``-o FILE``, is one line on stderr and exit 1; a file export is
renamed over its target only when complete; a killed export's temporary file has a name
that says whose it is and is removed by the next export into that folder.
"""

from __future__ import annotations

import errno
import json
import os
import random
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import warm_command
from desk_samples import many_claims
from test_export_formats import review_seed

from cli import main
from core.export import export_to_file
from core.review import Review
from core.store import Desk

CLAIMDESK = Path(sys.executable).with_name("claimdesk")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def seed_desk(tmp_path, seed_path) -> Path:
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        review_seed(desk, seed_path)
    return path


def _claim_id(desk_path: Path) -> str:
    with Desk.open(desk_path, readonly=True) as desk:
        return desk.claims()[0].id


def _commands(desk: Path, seed: Path) -> dict[str, list[str]]:
    d = ["--desk", str(desk)]
    return {
        "backup": ["export", "--status", "all", "--all-versions", *d],
        "csv": ["export", "-f", "csv", *d],
        "markdown": ["export", "-f", "markdown", *d],
        "claimreview": ["export", "-f", "claimreview", "--org-name", "X", *d],
        "status": ["status", *d],
        "history": ["history", _claim_id(desk), *d],
        "extract-json": ["extract", "-f", "json", str(seed)],
        "extract-table": ["extract", "-f", "table", str(seed)],
    }


COMMANDS = [
    "backup",
    "csv",
    "markdown",
    "claimreview",
    "status",
    "history",
    "extract-json",
    "extract-table",
]


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    lines = stderr.splitlines()
    errors = [line for line in lines if not line.startswith("claimdesk: warning:")]
    assert len(errors) == 1, stderr
    return errors[0]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("name", COMMANDS)
def test_stdout_on_a_full_disk_exits_1_with_one_line(name, seed_desk, seed_path):
    argv = _commands(seed_desk, seed_path)[name]
    with open("/dev/full", "w") as full:
        result = warm_command.run(
            [str(CLAIMDESK), *argv], stdout=full, stderr=subprocess.PIPE, text=True, check=False
        )
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert line.startswith("claimdesk: error:") and "standard output" in line
    assert "full" in line


@pytest.mark.parametrize("name", COMMANDS)
def test_a_closed_pipe_is_a_quiet_exit(name, seed_desk, seed_path):
    """``claimdesk export | head``: the reader left; nothing to report, no traceback."""
    argv = _commands(seed_desk, seed_path)[name]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte
    try:
        result = warm_command.run(
            [str(CLAIMDESK), *argv], stdout=write_end, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(write_end)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert "error" not in result.stderr


def test_head_reads_the_start_of_a_large_export(tmp_path):
    """A pipe closed part-way (``| head -c``) after output has begun is quiet too."""
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        Review(desk, "t").import_article(*many_claims(0, 3000))
    export = warm_command.Popen(
        [str(CLAIMDESK), "export", "--desk", str(path), "--status", "all", "-f", "jsonl"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert export.stdout is not None and export.stderr is not None
    head = export.stdout.read(100)
    export.stdout.close()
    stderr = export.stderr.read().decode()
    assert export.wait(timeout=60) == 0, stderr
    assert head.startswith(b'{"record": "header"') and stderr == ""


def _limit_file_size() -> None:
    """A file system that takes 2 KB and no more (the kernel's RLIMIT_FSIZE, EFBIG)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of dying
    resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "markdown"])
def test_o_file_that_cannot_be_written_keeps_the_old_file(seed_desk, tmp_path, fmt):
    target = tmp_path / "backup.out"
    target.write_text("yesterday's backup", encoding="utf-8")
    argv = ["export", "--desk", str(seed_desk), "--status", "all", "--all-versions"]
    result = subprocess.run(
        [str(CLAIMDESK), *argv, "-f", fmt, "-o", str(target)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    line = _one_line(result.stderr)
    assert str(target) in line and "left as it was" in line
    assert target.read_text(encoding="utf-8") == "yesterday's backup"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []


def test_o_file_on_a_full_disk_says_so(seed_desk, tmp_path, monkeypatch, capsys):
    """The disk fills while the export is made durable (the kernel may report it late)."""
    target = tmp_path / "backup.json"

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    code = main(["export", "--desk", str(seed_desk), "--status", "all", "-o", str(target)])
    _out, err = capsys.readouterr()
    assert code == 1
    line = _one_line(err)
    assert "is full" in line and str(target) in line
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".backup")] == []


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A real 64 KB file system, where the privileges allow mounting one."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_o_file_on_a_really_full_disk(tiny_tmpfs, tmp_path):
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        Review(desk, "t").import_article(*many_claims(0, 600))
    target = tiny_tmpfs / "backup.json"
    target.write_text("old", encoding="utf-8")
    result = warm_command.run(
        [str(CLAIMDESK), "export", "--desk", str(path), "--status", "all", "-o", str(target)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    line = _one_line(result.stderr)
    assert "is full" in line
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tiny_tmpfs.iterdir()) == ["backup.json"]


# ------------------------------------------------------------------ file modes
def test_exports_get_the_desks_file_mode(seed_desk, tmp_path, capsys):
    assert stat.S_IMODE(seed_desk.stat().st_mode) == 0o600
    target = tmp_path / "claims.csv"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    assert main(["export", "--desk", str(seed_desk), "-f", "csv", "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    with Desk.open(seed_desk, readonly=True) as desk:  # the workbench's export form
        export_to_file(desk, "markdown", tmp_path / "memo.md")
    assert stat.S_IMODE((tmp_path / "memo.md").stat().st_mode) == 0o600
    os.chmod(seed_desk, 0o640)  # a desk shared with a group: its exports are too
    assert main(["export", "--desk", str(seed_desk), "-o", str(tmp_path / "x.json")]) == 0
    assert stat.S_IMODE((tmp_path / "x.json").stat().st_mode) == 0o640
    capsys.readouterr()


# ------------------------------------------------------------------ killed exports
def _leftovers(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.name.startswith(".out.json"))


@pytest.mark.slow
def test_a_killed_export_leaves_a_findable_temp_file_that_the_next_export_removes(tmp_path):
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        review = Review(desk, "t")
        for index in range(3):
            review.import_article(*many_claims(index, 4000))
    target = tmp_path / "out" / "out.json"
    target.parent.mkdir()
    argv = [str(CLAIMDESK), "export", "--desk", str(path), "--status", "all", "-o", str(target)]
    rng = random.Random(20261201)
    killed = 0
    for delay in [0.0, 0.3, 0.6, 0.9, 1.2, *(rng.uniform(0.2, 2.0) for _ in range(5))]:
        child = warm_command.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        killed += child.returncode == -signal.SIGKILL
        for leftover in _leftovers(target.parent):  # whose it is, by name
            assert leftover.name.startswith(".out.json.claimdesk-tmp-"), leftover.name
            pid = int(leftover.name.rsplit("-", 1)[1])
            assert pid == child.pid or not _alive(pid)
    assert killed >= 5
    done = warm_command.run(argv, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert _leftovers(target.parent) == []
    assert len(json.loads(target.read_text(encoding="utf-8"))["claims"]) == 12000


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_next_export_leaves_a_live_exports_temp_file_alone(seed_desk, tmp_path, capsys):
    live = tmp_path / f".out.json.claimdesk-tmp-{os.getpid()}"  # this process: alive
    live.write_text("in progress", encoding="utf-8")
    other = tmp_path / ".notes.txt.claimdesk-tmp-x"  # not a pid: not ours to judge
    other.write_text("?", encoding="utf-8")
    assert main(["export", "--desk", str(seed_desk), "-o", str(tmp_path / "out.json")]) == 0
    assert live.exists() and other.exists()
    capsys.readouterr()


def test_sigterm_during_an_export_leaves_no_temp_file(tmp_path):
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        Review(desk, "t").import_article(*many_claims(0, 6000))
    target = tmp_path / "out.json"
    for _attempt in range(3):
        child = warm_command.Popen(
            [str(CLAIMDESK), "export", "--desk", str(path), "--status", "all", "-o", str(target)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 30
        while not _leftovers(tmp_path) and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.01)
        child.send_signal(signal.SIGTERM)
        _out, err = child.communicate(timeout=60)
        finished = child.returncode == 0 or (
            child.returncode == -signal.SIGTERM and target.exists()  # after it was done
        )
        if not finished:
            break
        # The export ended before the signal landed (this process was not scheduled in
        # time): what a signal during an export does was not seen; again.
        target.unlink()
    else:
        pytest.skip("the export finished before the signal arrived, three times")
    assert child.returncode == 143 and "Traceback" not in err
    assert _leftovers(tmp_path) == [] and not target.exists()


def test_sigterm_after_the_rename_says_the_file_was_written(
    seed_desk, tmp_path, monkeypatch, capsys
):
    """A SIGTERM that lands once the export has replaced its target must not claim the
    target was left alone: the file is whole, and the message says so."""
    target = tmp_path / "out.json"
    target.write_text("yesterday's backup", encoding="utf-8")
    real_replace = os.replace

    def replace_then_terminated(src, dst):
        real_replace(src, dst)
        os.kill(os.getpid(), signal.SIGTERM)  # the handler runs before the next line

    monkeypatch.setattr(os, "replace", replace_then_terminated)
    code = main(["export", "--desk", str(seed_desk), "--status", "all", "-o", str(target)])
    _out, err = capsys.readouterr()
    assert code == 143
    line = _one_line(err)
    assert "was not replaced" not in line and "written" in line and str(target) in line
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "claimdesk-dump"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
