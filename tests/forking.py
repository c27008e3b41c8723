"""Writers forked from the test process, for the tests that kill them.

A fork costs milliseconds where a new interpreter costs its start and its imports (half a
second and more on a busy machine), so a test can kill fifty writers in a few seconds.
Each child opens its own desk after the fork and reports through a file it opens itself.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def frozen_heap() -> Iterator[None]:
    """While forking: the test process's objects are frozen, so that no collection in a
    child finalises one of them (a connection left to the collector would close a
    descriptor of the child's), and each fork's own collection walks only what is new
    (a full collection of a large test run's heap takes a good part of a second)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def fork(target: Callable[..., None], *args: object, out: Path) -> int:
    """A child running ``target(*args, fd)``, ``fd`` the file ``out`` opened for appending
    after the fork (an inherited descriptor can be closed under it by objects of the
    parent's). Call it inside :func:`frozen_heap`. The child never returns into pytest: any
    failure in it is its exit code."""
    gc.collect()
    gc.freeze()  # what the test made since the last fork
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            target(*args, fd)
        except BaseException:
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            os._exit(code)
    return pid


def wait_for_output(out: Path, timeout: float = 30.0) -> None:
    """Until the child has written something to ``out`` (it is at work)."""
    deadline = time.monotonic() + timeout
    while not (out.exists() and out.stat().st_size):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{out} stayed empty for {timeout} s")
        time.sleep(0.002)
