"""Where a desk's known-check index lives, and how to tell that it is stale.

A desk file keeps its index beside it (``desk.json.checks-index/``), built by the commands
that change the checks and only ever read by a search: it is stale when the checks
snapshot is not the one it was built from.

A team desk's checks are on the server, shared by every reviewer, while the index is
memory-mapped files: each machine builds its own from the ``checks`` table and keeps it
in the user cache directory (``~/.cache/claimdesk/team-checks/<key>/``). The key is a
digest of the server, database, schema and the desk's random id, so no credential (nor
even a user name) is in the path, and a dropped and recreated database of the same name
never finds the old index. The index records the ``checks_generation`` it was built at;
any import or remove, from any machine, bumps it, and the next search (or the next claim
the workbench selects) builds the index afresh. A build takes a lock beside the cache,
so two processes on one machine never build the same index at once.

Why a cache rather than an index in memory: at 100,000 checks embedding them takes half
a minute, far too long for every ``checks search``; mapped files cost a few milliseconds
to open.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

import platformdirs

from core.checks import index as index_mod
from core.checks.embed import Model
from core.desk.files import checks_path


class CheckStore(Protocol):
    """What a desk gives the known checks (both backends have it)."""

    readonly: bool

    @property
    def path(self) -> Path | str: ...

    def check_rows(self) -> dict[str, dict[str, Any]]: ...
    def checks_changed(self) -> bool: ...
    def commit_checks(
        self, puts: Iterable[dict[str, Any]] = (), deletes: Iterable[str] = ()
    ) -> None: ...
    def fold(self) -> None: ...


class Place:
    """A desk file's index: beside the desk, built by the commands that change checks."""

    builds_on_search = False

    def __init__(self, desk: Any) -> None:
        self.desk = desk
        self.directory = index_mod.index_dir(Path(desk.path))

    def source(self) -> Any:
        """What an index built now from the desk's checks records as its source."""
        return index_mod.source_identity(checks_path(Path(self.desk.path)))

    def stale(self, loaded: index_mod.Index) -> bool:
        return self.desk.checks_changed() or loaded.manifest.get("source") != self.source()

    def snapshot(self) -> tuple[Any, list[dict[str, Any]]]:
        """(source, rows) to build from (after a fold: the snapshot is the source)."""
        return self.source(), list(self.desk.check_rows().values())

    def token(self) -> Any:
        """Changes whenever a search should load the index again (a rebuild swaps in a
        new folder, with a new manifest); hashable, to key results by."""
        found = index_mod.source_identity(self.directory / "manifest.json")
        return tuple(found) if found is not None else None

    def has_checks(self) -> bool:
        return checks_path(Path(self.desk.path)).exists()


class TeamPlace(Place):
    """A team desk's index: built on this machine from the server's table, cached."""

    builds_on_search = True

    def __init__(self, desk: Any) -> None:
        self.desk = desk
        identity = desk.desk_identity()
        self.desk_id = identity["id"]
        key = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:32]
        self.directory = cache_root() / "team-checks" / key

    def source(self) -> Any:
        return {"desk": self.desk_id, "generation": self.desk.checks_generation()}

    def stale(self, loaded: index_mod.Index) -> bool:
        return loaded.manifest.get("source") != self.source()

    def snapshot(self) -> tuple[Any, list[dict[str, Any]]]:
        generation, rows = self.desk.rows_to_index()
        return {"desk": self.desk_id, "generation": generation}, rows

    def token(self) -> Any:
        return self.desk.checks_generation()

    def has_checks(self) -> bool:
        return self.desk.checks_generation() > 0


def cache_root() -> Path:
    return Path(platformdirs.user_cache_dir("claimdesk", appauthor=False))


def place_of(desk: Any) -> Place:
    """The index place of ``desk``: a team desk's cache, or beside a desk file."""
    if hasattr(desk, "rows_to_index"):
        return TeamPlace(desk)
    return Place(desk)


LARGE = 10_000
"""Checks from which building an index says what it is doing (it takes seconds)."""


def build(place: Place, model: Model | None, progress: Any = None, quiet_below: int = 0) -> None:
    """Write a fresh index of the desk's checks where ``place`` keeps it (saying how it
    goes unless there are fewer than ``quiet_below`` checks)."""
    source, rows = place.snapshot()
    if len(rows) < quiet_below:
        progress = None  # a second or less: nothing to say
    elif progress is not None and quiet_below:
        progress(f"building this machine's index of {len(rows):,} known checks")
    index_mod.build(place.directory, rows, model, source=source, progress=progress)


def current(place: Place, model: Model | None, progress: Any = None) -> index_mod.Index | None:
    """A team desk's index, built first if missing or stale (under a lock, checked again
    once it is held: another process may just have built it)."""
    import filelock

    loaded = index_mod.load(place.directory)
    if loaded is not None and not place.stale(loaded):
        return loaded
    place.directory.parent.mkdir(parents=True, exist_ok=True)
    with filelock.FileLock(str(place.directory) + ".lock"):
        loaded = index_mod.load(place.directory)
        if loaded is not None and not place.stale(loaded):
            return loaded
        build(place, model, progress, quiet_below=LARGE)
    return index_mod.load(place.directory)
