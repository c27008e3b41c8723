"""Shared fixtures: the seed article and a temporary desk for every test that needs one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "mexico-extraditions-tariffs.txt"


@pytest.fixture
def seed_path() -> Path:
    return SEED


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


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
