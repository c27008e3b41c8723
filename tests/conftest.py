"""Shared fixtures: the seed article and a temporary desk for every test that needs one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "mexico-extraditions-tariffs.txt"


def pytest_configure(config: pytest.Config) -> None:
    """The product's bytecode, written once before the workers start: each of them, and
    every ``claimdesk`` a test starts, reads it instead of compiling the source again.
    (Where PYTHONDONTWRITEBYTECODE is set, as on CI, nothing else would write it.) The
    run's temporary files go to memory where there is room (tests/scratch_space.py). A
    worker only shortens its own end (tests/worker_exit.py)."""
    if hasattr(config, "workerinput"):
        from tests import worker_exit

        worker_exit.shorten(config)
        return  # a worker: the run that started it has written the bytecode
    import compileall
    import tempfile

    from tests import scratch_space

    if scratch_space.choose(os.environ):  # inherited by the workers and their commands
        tempfile.tempdir = None  # read TMPDIR again
    for package in ("core", "cli", "tui"):
        compileall.compile_dir(ROOT / package, quiet=2)
    if config.getoption("numprocesses", None):  # and so are the rewritten test modules
        from tests import rewrite_cache

        files = rewrite_cache.modules_to_rewrite(config, config.args)
        rewrite_cache.write(config, files, processes=len(os.sched_getaffinity(0)))


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """``-n auto``: one worker per core and one more (at most eight), since a worker
    often waits on a process, a terminal or a server it started and leaves its core
    idle. PYTEST_XDIST_AUTO_NUM_WORKERS still sets the number outright."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    return min(len(os.sched_getaffinity(0)) + 1, 8)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests first: on several workers the long ones start at once and the short
    ones fill in around them, instead of one long test ending the run alone."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def run_cli(capsys, monkeypatch):
    """``run_cli("status", "--desk", path)``: the ``claimdesk`` command run in this process
    (its ``main``), giving what ``subprocess.run`` would: ``returncode``, ``stdout``,
    ``stderr``. ``env=`` sets variables for that one run. For what the command does; the
    tests of the process itself (signals, pipes, exit through the script) start it."""
    import subprocess

    from cli import main

    def run(*argv: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        args = [str(a) for a in argv]
        with monkeypatch.context() as scoped:
            for name, value in (env or {}).items():
                scoped.setenv(name, value)
            code = main(args)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run


@pytest.fixture(autouse=True)
def _isolated_desk(tmp_path, monkeypatch):
    """Never let a test touch the user's real desk: point the default at a temp file."""
    monkeypatch.setenv("CLAIMDESK_DESK", str(tmp_path / "default-desk.json"))
    monkeypatch.setenv("CLAIMDESK_REVIEWER", "tester")
    # Nor the user's configuration file: /dev/null reads as an empty one.
    monkeypatch.setenv("CLAIMDESK_CONFIG", os.devnull)
    # Nor the user's state (the export form's remembered settings).
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    # Nor the user's cache (a team desk's known-check index is built there).
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


# ---------------------------------------------------------------------- reviewer actions
@pytest.fixture
def desk(tmp_path):
    """A desk file holding ``desk_samples``' article (version 1), imported by "importer".
    Modules that test the actions on another backend override this one fixture;
    ``review`` and ``cid`` below then work on theirs."""
    from desk_samples import article, claims_v1

    from core.desk import Desk
    from core.review import Review

    with Desk.open(tmp_path / "desk.json") as opened:
        art = article()
        Review(opened, "importer").import_article(art, claims_v1(art))
        yield opened


@pytest.fixture
def review(desk):
    """Reviewer "ann" on ``desk``."""
    from core.review import Review

    return Review(desk, "ann")


@pytest.fixture
def cid(desk) -> str:
    """The id of the desk's first claim."""
    return desk.claims()[0].id


@pytest.fixture
def desk_file():
    """The default desk ($CLAIMDESK_DESK, set per test above) holding ``desk_samples``'
    article, imported by "importer": the desk a command run without ``--desk`` uses."""
    from desk_samples import article, claims_v1

    from core.desk import Desk
    from core.review import Review

    path = Path(os.environ["CLAIMDESK_DESK"])
    with Desk.open(path) as opened:
        art = article()
        Review(opened, "importer").import_article(art, claims_v1(art))
    return path


# ---------------------------------------------------------------------- PostgreSQL
@pytest.fixture(scope="session")
def pg_cluster():
    """One throwaway PostgreSQL cluster for the whole run (see tests/pg_cluster.py)."""
    import os

    from tests.pg_cluster import REQUIRE_ENV, Cluster, find_binaries

    if find_binaries() is None:
        reason = (
            "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
            "postgresql package to run the team-desk tests"
        )
        if os.environ.get(REQUIRE_ENV):
            pytest.fail(f"{reason} ({REQUIRE_ENV} is set)")
        pytest.skip(reason)
    cluster = Cluster().start()
    try:
        yield cluster
    finally:
        cluster.stop()


_names = iter(range(1, 1_000_000))


@pytest.fixture(scope="session")
def pg_tests_db(pg_cluster) -> str:
    """The database the tests' desks live in, one schema each."""
    return pg_cluster.create_database("tests")


@pytest.fixture
def pg_url(pg_cluster, pg_tests_db) -> str:
    """An empty team desk of its own (a new schema: much faster than a new database);
    its URL carries the password, so any leak of it shows up in what a test reads."""
    import psycopg

    schema = f"desk{next(_names)}"
    with psycopg.connect(pg_tests_db, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    return f"{pg_tests_db}?options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_database(pg_cluster) -> str:
    """A new empty database (for what a schema cannot stand in for)."""
    return pg_cluster.create_database(f"db{next(_names)}")


@pytest.fixture
def team(pg_url):
    """A team desk holding one article of the desk samples, imported by "importer"."""
    from desk_samples import article, claims_v1

    from core.desk import open_desk
    from core.review import Review

    with open_desk(pg_url) as desk:
        art = article()
        Review(desk, "importer").import_article(art, claims_v1(art))
        yield desk


@pytest.fixture
def ids(team) -> list[str]:
    """The claim ids of :func:`team`, in desk order."""
    return [c.id for c in team.claims()]
