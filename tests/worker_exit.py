"""A worker's end of the run, made short.

Once an xdist worker has sent its results (at its session's finish), two things keep the
run waiting for it, seconds each on two cores with spaCy, Textual and every test module
in its heap:

* pytest's last check for unraisable exceptions runs five full garbage collections.
  What that check finds in a worker never reaches the run's report (the controller has
  written its summary by then); it is printed on the worker's stderr. One collection
  still prints what it finds.
* The interpreter's finalisation tears every module and object down one by one, only
  for the process to end. After the last exit handler nothing is left to flush but the
  standard streams, so the worker flushes them and ends at once.

The single-process run (``-n 0``) keeps pytest's own behaviour.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import sys

import pytest


def shorten(config: pytest.Config) -> None:
    """Called from a worker's ``pytest_configure``: before any test module registers an
    exit handler, so the one registered here runs after all of them (they run last in,
    first out)."""
    try:
        from _pytest.unraisableexception import gc_collect_iterations_key
    except ImportError:  # another pytest's internals: keep its five collections
        pass
    else:
        config.stash[gc_collect_iterations_key] = 1
    atexit.register(_end_now)


def _end_now() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # closed or gone: nothing to write
            stream.flush()
    os._exit(0)
