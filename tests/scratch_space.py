"""Where the run's temporary files go: memory, when the machine has room for them.

A run writes about 600 MB of desks, exports, feeds and a PostgreSQL cluster, and the
desk calls fsync on every commit. On a virtual machine's disk those writes and flushes
cost the kernel 3–4 s of the two cores' time a run, and waits on a disk shared with other
tenants. Nothing a test checks depends on the file
system that holds its folder (the test that needs a full disk mounts its own), so the
run's temporary folder (``tmp_path``, the cluster, the warm interpreters' sockets and
every temporary file of a command a test starts) moves to ``/dev/shm`` when that is a
writable folder with room to spare.

A TMPDIR already set is kept: whoever set it chose where these files go.
"""

from __future__ import annotations

import os
from collections.abc import MutableMapping
from pathlib import Path

MEMORY = Path("/dev/shm")
ROOM = 4 * 1024**3
"""Free space /dev/shm must have (bytes): a run keeps up to about 500 MB there (its own
folders and the last two runs'); a container's small /dev/shm (64 MB by default in
Docker) is left alone."""


def choose(environ: MutableMapping[str, str], memory: Path = MEMORY) -> Path | None:
    """Point TMPDIR at ``memory`` when it is unset there and ``memory`` has room; the
    folder chosen, or None when TMPDIR stays as it was."""
    if environ.get("TMPDIR"):
        return None
    try:
        if not memory.is_dir() or not os.access(memory, os.W_OK | os.X_OK):
            return None
        free = os.statvfs(memory)
    except OSError:
        return None
    if free.f_bavail * free.f_frsize < ROOM:
        return None
    environ["TMPDIR"] = str(memory)
    return memory
