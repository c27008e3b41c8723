"""``claimdesk copy`` is all or nothing: a copy that fails, is stopped or is killed leaves
the destination as it was (no new desk file, an empty team desk), and the next copy works.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
from desk_samples import article, claims_v1

from cli import main
from core.desk import Desk, open_desk
from core.desk.checktable import CheckTable
from core.errors import DeskError
from core.review import Review
from core.team.checks import TeamChecks
from tests import forking
from tests.cli_helpers import whole_export
from tests.pg_cluster import PASSWORD

CHECKS = 5


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _check(i: int) -> dict:
    return {
        "url": f"https://checks.example/{i}",
        "claim_reviewed": f"The port handled {1000 + i} ships in March.",
        "name": f"Check {i}",
        "rating": {"name": "False", "value": 1, "best": 5, "worst": 1},
        "publisher": "Checks Example",
        "date_published": "2025-03-01",
    }


@pytest.fixture
def source(tmp_path) -> Path:
    """A desk file with an article, its claims, a few decisions and known checks."""
    path = tmp_path / "src" / "desk.json"
    with Desk.open(path) as desk:
        art = article()
        review = Review(desk, "importer")
        review.import_article(art, claims_v1(art))
        first = desk.claims()[0].id
        Review(desk, "ann").set_status(first, "verified")
        desk.commit_checks([_check(i) for i in range(CHECKS)])
        desk.fold()
    return path


@pytest.fixture
def small_batches(monkeypatch):
    """Two checks per batch: the checks of a copy go across in several steps."""
    monkeypatch.setattr("core.checks.library.BATCH", 2)


def _fail_on_second_batch(monkeypatch, cls: type, fail) -> None:
    """The copy's second batch of checks goes wrong (``fail`` is what happens)."""
    real = cls.commit_checks
    calls = []

    def commit_checks(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            fail()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(cls, "commit_checks", commit_checks)


def _disk_full() -> None:
    raise DeskError("change not saved: the disk is full")


def _signal(signum: int):
    return lambda: os.kill(os.getpid(), signum)


class _TermReached(BaseException):
    """SIGTERM reached this process with nobody handling it (it would have died)."""


@pytest.fixture
def sigterm_guard():
    """A SIGTERM the command does not handle fails the test instead of killing pytest."""

    def raise_(_signum, _frame):
        raise _TermReached

    previous = signal.signal(signal.SIGTERM, raise_)
    yield
    signal.signal(signal.SIGTERM, previous)


def _entries(folder: Path) -> list[str]:
    return sorted(os.listdir(folder)) if folder.exists() else []


# ------------------------------------------------------------------ desk file
@pytest.mark.parametrize(
    ("fail", "code", "said"),
    [
        (_disk_full, 1, "disk is full"),
        (_signal(signal.SIGINT), 130, "copy stopped (interrupted)"),
        (_signal(signal.SIGTERM), 143, "copy stopped (terminated)"),
    ],
    ids=["error", "sigint", "sigterm"],
)
def test_a_copy_stopped_half_way_leaves_no_desk_file_and_the_next_one_works(
    capsys, tmp_path, source, small_batches, monkeypatch, sigterm_guard, fail, code, said
):
    target = tmp_path / "dst" / "copy.json"
    target.parent.mkdir()
    before = _entries(target.parent)
    with monkeypatch.context() as patched:
        _fail_on_second_batch(patched, CheckTable, fail)
        got, out, err = cli(capsys, "copy", str(source), str(target))
    assert got == code and out == "" and said in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"nothing was written to {target}" in err
    assert _entries(target.parent) == before  # no desk, no lock, no temporary folder
    got, out, err = cli(capsys, "copy", str(source), str(target))
    assert got == 0 and f"{CHECKS} known checks" in out, err
    assert whole_export(capsys, target) == whole_export(capsys, source)
    with open_desk(target, readonly=True) as copied, open_desk(source, readonly=True) as first:
        assert list(copied.check_rows().values()) == list(first.check_rows().values())
    assert not [name for name in _entries(target.parent) if name.startswith(".")]


def test_a_failed_copy_into_a_new_folder_leaves_no_folder(capsys, tmp_path, source, monkeypatch):
    target = tmp_path / "new" / "deeper" / "copy.json"
    with monkeypatch.context() as patched:
        _fail_on_second_batch(patched, CheckTable, _disk_full)
        monkeypatch.setattr("core.checks.library.BATCH", 2)
        assert cli(capsys, "copy", str(source), str(target))[0] == 1
    assert not (tmp_path / "new").exists()


def test_a_failed_copy_into_an_empty_desk_leaves_it_as_it_was(
    capsys, tmp_path, source, small_batches, monkeypatch
):
    target = tmp_path / "empty.json"
    with Desk.open(target) as empty:
        empty.fold()  # an empty desk with every file a desk can have: history included
    files = {name: (tmp_path / name).read_bytes() for name in _entries(tmp_path) if name != "src"}
    with monkeypatch.context() as patched:
        _fail_on_second_batch(patched, CheckTable, _disk_full)
        assert cli(capsys, "copy", str(source), str(target))[0] == 1
    assert {n: (tmp_path / n).read_bytes() for n in files} == files
    assert set(_entries(tmp_path)) == {*files, "src"}
    assert cli(capsys, "copy", str(source), str(target))[0] == 0
    assert whole_export(capsys, target) == whole_export(capsys, source)


def test_a_destination_that_is_not_empty_is_refused_without_a_trace(capsys, tmp_path, source):
    target = tmp_path / "other.json"
    with Desk.open(target) as other:
        other.commit_checks([_check(99)])
    files = _entries(tmp_path)
    code, _out, err = cli(capsys, "copy", str(source), str(target))
    assert code == 1 and "not empty" in err and err.count("\n") == 1
    assert _entries(tmp_path) == files


def killed_copy(source: Path, target: Path, dies: Callable[[Path, int], bool], fd: int) -> None:
    """A forked child's copy that dies as from SIGKILL at the first rename of a file into
    the destination's folder for which ``dies(destination, renames so far)`` holds."""
    real = os.replace
    renames = 0

    def replace(src, dst, *args, **kwargs):
        nonlocal renames
        if Path(dst).parent == target.parent:
            renames += 1
            if dies(Path(dst), renames):
                os.write(fd, b"killed\n")
                os._exit(9)
        return real(src, dst, *args, **kwargs)

    os.replace = replace  # in the child only
    main(["copy", str(source), str(target)])
    os.write(fd, b"done\n")


def _after(renames: int) -> Callable[[Path, int], bool]:
    """Die at the rename after the first ``renames``."""
    return lambda _dst, done: done > renames


def test_a_copy_killed_at_any_step_leaves_only_what_the_next_copy_removes(capsys, tmp_path, source):
    """SIGKILL cannot be handled: at each point of the copy a killed one could stop at
    (before moving its files into place, or between any two of those moves) it leaves a
    folder named after the destination that the next copy (or writer) puts right."""
    expected = whole_export(capsys, source)
    report = tmp_path / "report.txt"
    step = 0
    while True:
        target = tmp_path / f"dst{step}" / "copy.json"
        target.parent.mkdir()
        with forking.frozen_heap():
            child = forking.fork(killed_copy, source, target, _after(step), out=report)
        _pid, status = os.waitpid(child, 0)
        said = report.read_text().splitlines()[-1]
        if said == "done":
            assert os.waitstatus_to_exitcode(status) == 0
            break
        assert os.waitstatus_to_exitcode(status) == 9
        left = _entries(target.parent)
        hidden = [name for name in left if name.startswith(".")]
        assert len(hidden) == 1 and hidden[0].startswith(".copy.json.copy-"), left
        if step == 0:  # killed before any move: the temporary folder, and the lock
            assert left == [*hidden, "copy.json.lock"]
        code, out, err = cli(capsys, "copy", str(source), str(target))
        assert code == 0 and "copied" in out, err
        assert whole_export(capsys, target) == expected
        assert not [name for name in _entries(target.parent) if name.startswith(".")]
        step += 1
    assert step >= 3  # the copy moves several files into place, the desk file last
    assert whole_export(capsys, target) == expected


# ------------------------------------------------------------------ team desk
def _team_is_empty(url: str) -> None:
    with psycopg.connect(url) as conn:
        for table in ("articles", "claims", "events", "checks"):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table
        generation = conn.execute(
            "SELECT value FROM claimdesk_meta WHERE key = 'checks_generation'"
        ).fetchone()
        assert generation in (None, (0,))


@pytest.mark.parametrize(
    ("fail", "code"),
    [(_disk_full, 1), (_signal(signal.SIGINT), 130), (_signal(signal.SIGTERM), 143)],
    ids=["error", "sigint", "sigterm"],
)
def test_a_team_copy_stopped_half_way_leaves_the_team_desk_empty(
    capsys, source, pg_url, small_batches, monkeypatch, sigterm_guard, fail, code
):
    with monkeypatch.context() as patched:
        _fail_on_second_batch(patched, TeamChecks, fail)
        got, out, err = cli(capsys, "copy", str(source), pg_url)
    assert got == code and out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "nothing was written to postgresql://" in err and PASSWORD not in err
    _team_is_empty(pg_url)
    got, out, err = cli(capsys, "copy", str(source), pg_url)
    assert got == 0 and f"{CHECKS} known checks" in out, err
    assert whole_export(capsys, pg_url) == whole_export(capsys, source)


def test_a_team_copy_whose_server_goes_away_before_the_commit_writes_nothing(
    capsys, tmp_path, source, pg_url, small_batches, monkeypatch
):
    """The connection dropped mid-copy (a server restart, a killed client): the server
    rolls the one transaction back, so the desk is empty and a re-run works."""

    def drop_connection() -> None:

        for desk in opened:
            desk._conn.pgconn.finish()

    opened: list = []
    from core.team.desk import TeamDesk

    real_open = TeamDesk.open.__func__

    def tracking_open(cls, url, **kwargs):
        desk = real_open(cls, url, **kwargs)
        opened.append(desk)
        return desk

    with monkeypatch.context() as patched:
        patched.setattr(TeamDesk, "open", classmethod(tracking_open))
        _fail_on_second_batch(patched, TeamChecks, drop_connection)
        code, _out, err = cli(capsys, "copy", str(source), pg_url)
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "nothing was written to postgresql://" in err
    _team_is_empty(pg_url)
    assert cli(capsys, "copy", str(source), pg_url)[0] == 0
    assert whole_export(capsys, pg_url) == whole_export(capsys, source)


def test_a_copy_into_an_empty_desk_killed_at_any_step_leaves_that_desk_as_it_was(
    capsys, tmp_path, source
):
    """The empty desk's own files are set aside before the copy's move in; whatever step a
    kill lands on, the next writer of the desk puts them back, byte for byte."""
    report = tmp_path / "report.txt"
    step = 0
    while True:
        target = tmp_path / f"dst{step}" / "copy.json"
        with Desk.open(target) as empty:
            empty.fold()
        files = {p.name: p.read_bytes() for p in target.parent.iterdir() if p.is_file()}
        with forking.frozen_heap():
            child = forking.fork(killed_copy, source, target, _after(step), out=report)
        _pid, status = os.waitpid(child, 0)
        if report.read_text().splitlines()[-1] == "done":
            break
        assert os.waitstatus_to_exitcode(status) == 9
        with Desk.open(target) as reopened:  # any writer: the copy is undone first
            assert reopened.articles() == []
        assert {n: (target.parent / n).read_bytes() for n in files} == files
        assert _entries(target.parent) == sorted(files)
        step += 1
    assert step >= 5  # the empty desk's files set aside, then the copy's moved in
    assert whole_export(capsys, target) == whole_export(capsys, source)


def test_doctor_removes_what_a_killed_copy_left(capsys, tmp_path, source):
    report = tmp_path / "report.txt"
    target = tmp_path / "dst" / "copy.json"
    target.parent.mkdir()
    with forking.frozen_heap():
        child = forking.fork(killed_copy, source, target, _after(2), out=report)
    os.waitpid(child, 0)
    assert [n for n in _entries(target.parent) if n.startswith(".copy.json.copy-")]
    code, _out, err = cli(capsys, "doctor", "--desk", str(target))
    assert code == 1 and "no desk at" in err and "stopped part-way" in err, err
    assert _entries(target.parent) == ["copy.json.lock"]


def test_a_signal_once_the_copy_is_complete_waits_for_it_and_says_so(
    capsys, tmp_path, source, monkeypatch, sigterm_guard
):
    from core.desk import staging

    real = staging._install

    def install(*args):
        os.kill(os.getpid(), signal.SIGTERM)  # lands between the commit and the renames
        real(*args)

    monkeypatch.setattr(staging, "_install", install)
    target = tmp_path / "copy.json"
    code, out, err = cli(capsys, "copy", str(source), str(target))
    assert code == 143 and "copied" in out and err.count("\n") == 1
    assert "it had completed" in err and "holds the whole copy" in err
    monkeypatch.undo()
    assert whole_export(capsys, target) == whole_export(capsys, source)


@pytest.mark.parametrize("backend", ["file", "team"])
def test_ctrl_c_while_the_claims_stream_across_writes_nothing(
    capsys, tmp_path, source, monkeypatch, backend, request
):
    target = str(tmp_path / "copy.json") if backend == "file" else request.getfixturevalue("pg_url")
    real = Desk.iter_events

    def iter_events(self, *args, **kwargs):
        for number, event in enumerate(real(self, *args, **kwargs)):
            if number == 1:
                os.kill(os.getpid(), signal.SIGINT)
            yield event

    with monkeypatch.context() as patched:
        patched.setattr(Desk, "iter_events", iter_events)
        code, out, err = cli(capsys, "copy", str(source), target)
    assert code == 130 and out == "" and err.count("\n") == 1, err
    assert "copy stopped (interrupted); nothing was written" in err
    if backend == "file":
        assert _entries(tmp_path) == ["src"]
    else:
        _team_is_empty(target)
    assert cli(capsys, "copy", str(source), target)[0] == 0
    assert whole_export(capsys, target) == whole_export(capsys, source)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_the_team_server_works_writes_nothing_and_says_so_in_one_line(
    capsys, source, pg_url, monkeypatch, sigterm_guard, signum
):
    """The signal lands while the client waits on the server (most of a team copy): the
    statement under way is cancelled, the transaction rolled back, one line said."""
    import threading

    real = TeamChecks.commit_checks

    def commit_checks(self, *args, **kwargs):
        threading.Timer(0.05, os.kill, (os.getpid(), signum)).start()
        self._conn.execute("SELECT pg_sleep(2)")
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(TeamChecks, "commit_checks", commit_checks)
        code, out, err = cli(capsys, "copy", str(source), pg_url)
    assert code == 128 + signum and out == "" and err.count("\n") == 1, err
    assert "nothing was written to postgresql://" in err and "Traceback" not in err
    _team_is_empty(pg_url)
