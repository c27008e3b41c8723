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
