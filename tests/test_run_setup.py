"""The test run itself: the controller rewrites the test modules' asserts once for all
workers (tests/rewrite_cache.py), picks the number of workers, and loads the plugins the
tests require."""

from __future__ import annotations

import os
from pathlib import Path

from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc

from tests import rewrite_cache

TESTS = Path(__file__).resolve().parent

SAMPLE = """
def test_sample():
    found = [1]
    assert found[0] == N
"""


def cached(file: Path) -> Path:
    return file.parent / "__pycache__" / (file.name[:-3] + PYC_TAIL)


def test_the_cache_holds_rewritten_asserts_that_pytest_reads(request, tmp_path):
    """What the controller writes is read back by pytest's own reader (as a worker's
    import does) and fails with the introspection a rewritten assert gives."""
    files = []
    for n in range(3):
        file = tmp_path / f"test_sample{n}.py"
        file.write_text(SAMPLE.replace("N", str(n + 2)), encoding="utf-8")
        files.append(file)
    rewrite_cache.write(request.config, files, processes=2)  # one share in a child
    for n, file in enumerate(files):
        code = _read_pyc(file, cached(file))
        assert code is not None, file
        namespace: dict = {}
        exec(code, namespace)
        try:
            namespace["test_sample"]()
        except AssertionError as failed:
            assert f"assert 1 == {n + 2}" in str(failed)
        else:
            raise AssertionError("the sample passed")


def test_a_changed_module_is_rewritten_again(request, tmp_path):
    file = tmp_path / "test_sample.py"
    file.write_text(SAMPLE.replace("N", "2"), encoding="utf-8")
    rewrite_cache.write(request.config, [file], processes=1)
    file.write_text(SAMPLE.replace("N", "3") + "\n\n", encoding="utf-8")
    assert _read_pyc(file, cached(file)) is None  # stale: pytest would not use it
    rewrite_cache.write(request.config, [file], processes=1)
    assert _read_pyc(file, cached(file)) is not None


def test_the_modules_are_those_collection_rewrites(request):
    everything = rewrite_cache.modules_to_rewrite(request.config, [str(TESTS)])
    assert TESTS / "conftest.py" in everything
    assert TESTS / "tui" / "conftest.py" in everything
    assert Path(__file__) in everything
    assert TESTS / "desk_samples.py" not in everything  # a helper, imported plainly
    assert not [f for f in everything if "__snapshots__" in f.parts]
    sizes = [f.stat().st_size for f in everything]
    assert sizes == sorted(sizes, reverse=True)  # the big ones first, shared out evenly

    one = rewrite_cache.modules_to_rewrite(
        request.config, [f"{TESTS / 'tui' / 'test_app.py'}::test_x"]
    )
    assert sorted(one) == sorted(
        [TESTS / "tui" / "test_app.py", TESTS / "tui" / "conftest.py", TESTS / "conftest.py"]
    )


def test_the_worker_count_is_a_core_each_and_one_more(request, monkeypatch):
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    count = request.config.hook.pytest_xdist_auto_num_workers(config=request.config)
    assert count == min(len(os.sched_getaffinity(0)) + 1, 8)
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")
    assert request.config.hook.pytest_xdist_auto_num_workers(config=request.config) == 5


def test_every_plugin_the_tests_require_is_loaded(request):
    """Plugins are named in addopts (``-p``), not found by pytest: a plugin added to the
    ``test`` extra must be named there too, or its fixtures and options are missing."""
    import importlib.metadata

    from packaging.requirements import Requirement

    missing = []
    for line in importlib.metadata.requires("claimdesk") or []:
        requirement = Requirement(line)
        if not (requirement.marker and requirement.marker.evaluate({"extra": "test"})):
            continue
        for entry in importlib.metadata.distribution(requirement.name).entry_points:
            if entry.group == "pytest11" and not request.config.pluginmanager.has_plugin(
                entry.name
            ):
                missing.append(f"-p {entry.name} ({requirement.name})")
    assert not missing, f"add to addopts in pyproject.toml: {', '.join(missing)}"


WORKER_END = """
import atexit, sys
import pytest
from _pytest.unraisableexception import gc_collect_iterations_key
from tests import worker_exit

class Config:
    stash = pytest.Stash()

worker_exit.shorten(Config)
print("collections", Config.stash[gc_collect_iterations_key], flush=True)

class Torn:
    def __del__(self):
        print("torn down", flush=True)

kept = Torn()
atexit.register(lambda: print("handler registered later"))  # buffered: must be flushed
sys.stdout.write("unflushed output")
"""


def test_a_worker_runs_every_exit_handler_then_ends_without_teardown(tmp_path):
    """A worker's end (tests/worker_exit.py): one last collection instead of five, every
    exit handler registered after it still runs and what they wrote is flushed, and the
    interpreter's teardown (which would run ``Torn.__del__``) is skipped."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", WORKER_END],
        cwd=TESTS.parent,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "collections 1",
        "unflushed outputhandler registered later",
    ]


def test_temporary_files_go_to_memory_only_with_room_and_no_tmpdir_set(tmp_path, monkeypatch):
    """tests/scratch_space.py: a writable folder with room becomes TMPDIR; a TMPDIR
    already set, a folder too small, missing or read-only changes nothing."""
    import os

    from tests import scratch_space

    environ: dict[str, str] = {}
    assert scratch_space.choose(environ, tmp_path) == tmp_path
    assert environ == {"TMPDIR": str(tmp_path)}

    chosen = {"TMPDIR": "/somewhere/else"}
    assert scratch_space.choose(chosen, tmp_path) is None
    assert chosen == {"TMPDIR": "/somewhere/else"}

    empty: dict[str, str] = {}
    assert scratch_space.choose(empty, tmp_path / "missing") is None
    monkeypatch.setattr(scratch_space, "ROOM", os.statvfs(tmp_path).f_blocks * 2**20)
    assert scratch_space.choose(empty, tmp_path) is None
    assert empty == {}
