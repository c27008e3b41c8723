"""The test modules' assertion rewriting, done once per run instead of once per worker.

pytest rewrites the asserts of every test module and conftest it imports (that is what
gives a failing ``assert`` its introspection) and caches the result beside the source as
``__pycache__/<name>.cpython-311-pytest-<version>.pyc``, but only where bytecode may be
written. With PYTHONDONTWRITEBYTECODE set (as on CI) nothing is cached, so each xdist
worker rewrote every module again: ~3.4 s of CPU per worker. Here the controller writes
that cache through pytest's own functions before it starts the workers, split over the
cores (they are idle until then); each worker's import hook then reads it, checking it
against the source's mtime and size as it always does. Anything pytest cannot cache
(read-only folder, another pytest's internals) is left to the workers, as before.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

import pytest


def modules_to_rewrite(config: pytest.Config, args: Iterable[str]) -> list[Path]:
    """The test modules and conftests under the run's paths (``config.args``), biggest
    first: what the workers' collection will import through the rewriting hook."""
    patterns = [*config.getini("python_files"), "conftest.py"]
    root = config.rootpath
    found: set[Path] = set()
    for arg in args:
        path = Path(config.invocation_params.dir, arg.split("::")[0]).resolve()
        if path.is_dir():
            candidates: Iterable[Path] = path.rglob("*.py")
        else:
            candidates = [path, *(d / "conftest.py" for d in path.parents)]
        for file in candidates:
            inside = file.is_relative_to(root) and not any(
                part.startswith((".", "__")) for part in file.relative_to(root).parts[:-1]
            )
            if inside and file.is_file() and any(fnmatch.fnmatch(file.name, p) for p in patterns):
                found.add(file)
    return sorted(found, key=lambda f: f.stat().st_size, reverse=True)


def _rewrite_into_cache(config: pytest.Config, files: list[Path]) -> None:
    from _pytest.assertion.rewrite import (
        PYC_TAIL,
        _read_pyc,
        _rewrite_test,
        _write_pyc,
        assertstate_key,
        get_cache_dir,
    )

    state = config.stash[assertstate_key]
    for file in files:
        cache = get_cache_dir(file)
        pyc = cache / (file.name[:-3] + PYC_TAIL)
        if _read_pyc(file, pyc) is not None:
            continue  # still fresh from an earlier run
        try:
            cache.mkdir(exist_ok=True)
            source_stat, code = _rewrite_test(file, config)
        except (OSError, SyntaxError):
            continue  # the worker's own import reports it, as without this cache
        _write_pyc(state, code, source_stat, pyc)


def write(config: pytest.Config, files: list[Path], processes: int) -> None:
    """Rewrite ``files`` into pytest's cache, in up to ``processes`` processes at once
    (this one and forked children). Does nothing unless pytest rewrites asserts here and its
    internals are the ones this was written against (pytest 8)."""
    if config.getoption("assertmode") != "rewrite":
        return
    try:
        import _pytest.assertion.rewrite as rewrite
    except ImportError:
        return
    needed = ("PYC_TAIL", "_read_pyc", "_rewrite_test", "_write_pyc", "get_cache_dir")
    if not all(hasattr(rewrite, name) for name in needed):
        return
    shares = [files[i::processes] for i in range(max(1, min(processes, len(files))))]
    children = []
    for share in shares[1:]:
        pid = os.fork()
        if pid == 0:  # the child: its share, then out without running any cleanup
            try:
                _rewrite_into_cache(config, share)
            finally:
                os._exit(0)
        children.append(pid)
    try:
        _rewrite_into_cache(config, shares[0])
    finally:
        for pid in children:
            os.waitpid(pid, 0)
