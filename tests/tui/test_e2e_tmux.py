"""End to end: the real ``claimdesk open`` in a real terminal (tmux), driven by keys.

Finds the 26 claim with ``/``, verifies it, finds the 90-day claim, marks it as needing a
source, quits, and checks the desk from outside with ``claimdesk export``.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "mexico-extraditions-tariffs.txt"


def _require_tmux() -> str:
    tmux = shutil.which("tmux")
    if tmux is None:
        if os.environ.get("CLAIMDESK_REQUIRE_TMUX"):
            pytest.fail("tmux is required (CLAIMDESK_REQUIRE_TMUX is set) but not installed")
        pytest.skip("tmux is not installed")
    return tmux


class Terminal:
    """A tmux session on its own socket, so parallel runs never see each other."""

    def __init__(self, tmux: str, command: str, width: int = 120, height: int = 36) -> None:
        self.tmux = tmux
        self.socket = f"claimdesk-test-{uuid.uuid4().hex[:8]}"
        self.session = "cd"
        self._run(
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(width),
            "-y",
            str(height),
            command + "; echo EXITED $?; sleep 30",
        )
        # Keep the size asked for even though no client is attached.
        self._run("set-option", "-t", self.session, "window-size", "manual")
        self._run("resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

    def _run(self, *args: str) -> str:
        # -u: UTF-8 whatever the locale (the screen is full of marks and box lines).
        result = subprocess.run(
            [self.tmux, "-u", "-L", self.socket, *args],
            capture_output=True,
            encoding="utf-8",
            errors="replace",
            timeout=20,
        )
        return result.stdout

    def screen(self) -> str:
        return self._run("capture-pane", "-p", "-t", self.session)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._run("send-keys", "-t", self.session, *(["-l"] if literal else []), *keys)

    def wait_for(self, predicate, what: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if predicate(screen):
                return screen
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen}")

    def kill(self) -> None:
        subprocess.run(
            [self.tmux, "-L", self.socket, "kill-server"], capture_output=True, timeout=20
        )


def _claimdesk(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


def _filter_to(term: Terminal, query: str) -> None:
    """Type ``/query``, wait for the list to narrow, and go back to it with enter."""
    term.keys("/")
    term.wait_for(lambda s: "enter: back to the list" in s, "the filter box")
    term.keys(query, literal=True)
    term.wait_for(lambda s: f"match “{query}”" in s, f"the filter to narrow to {query!r}")
    term.keys("Enter")
    term.wait_for(lambda s: f"filter “{query}”" in s, "the list to take the keys again")


def _reviewed(count: int):
    """The title's progress says ``count`` claims are reviewed. (Not just "N of" anywhere:
    the filter's status line reads "1 of 10 claims", which would let the next key go
    before the verdict is shown, and "/" is a priority key that overtakes a verdict key
    still waiting for the list.)"""
    pattern = re.compile(rf"(?<!\d){count} of \d+ reviewed")
    return lambda screen: pattern.search(screen) is not None


def test_review_in_a_real_terminal(tmp_path):
    tmux = _require_tmux()
    desk = tmp_path / "desk.json"
    env = "CLAIMDESK_REVIEWER=e2e TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8"
    command = f"cd {shlex.quote(str(ROOT))} && {env} " + shlex.join(
        _claimdesk("open", str(SEED), "--desk", str(desk))
    )
    term = Terminal(tmux, command)
    try:
        term.wait_for(_reviewed(0), "the claims to load", 90)
        # Find the 26 claim and verify it; then the 90-day claim needs a source.
        _filter_to(term, "26")
        term.keys("v")
        term.wait_for(_reviewed(1), "the verdict to show")
        _filter_to(term, "90-day")
        term.keys("s")
        term.wait_for(_reviewed(2), "the second verdict")
        term.keys("q")
        screen = term.wait_for(lambda s: "EXITED" in s, "q to quit", 20)
        assert "EXITED 0" in screen, screen
        assert "Traceback" not in screen, screen
    finally:
        term.kill()

    result = subprocess.run(
        _claimdesk(
            "export", "--format", "json", "--status", "verified,needs_source", "--desk", str(desk)
        ),
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    claims = data["claims"] if isinstance(data, dict) else data
    by_figure = {c["figures"][0]["text"]: c["status"] for c in claims if c.get("figures")}
    assert by_figure == {"26": "verified", "90-day": "needs_source"}


def test_a_queue_and_a_configuration_file_in_a_real_terminal(tmp_path):
    """The reviewer, the desk and a remapped key come from a configuration file; ``w``
    opens the desk-wide queue of claims needing a source, enter opens the first in its
    article, and the remapped key verifies it."""
    tmux = _require_tmux()
    desk = tmp_path / "desk.json"
    config = tmp_path / "config.toml"
    config.write_text(
        'reviewer = "from-config"\ndesk = "desk.json"\n[keys]\n"review.verified" = "y"\n',
        encoding="utf-8",
    )
    env = {**os.environ, "CLAIMDESK_CONFIG": str(config)}
    env.pop("CLAIMDESK_DESK", None)
    env.pop("CLAIMDESK_REVIEWER", None)

    def cli(*args: str) -> subprocess.CompletedProcess:
        result = subprocess.run(
            _claimdesk(*args), capture_output=True, encoding="utf-8", timeout=120, env=env
        )
        assert result.returncode == 0, result.stderr
        return result

    cli("import", str(SEED))
    assert desk.exists()  # where the file said, beside it
    claims = json.loads(cli("claims", "--format", "json").stdout)
    by_figure = {c["figures"][0]["text"]: c["id"] for c in claims if c["figures"]}
    for figure in ("29", "90-day"):
        cli("set", by_figure[figure], "--status", "needs_source")
    settings = (
        f"CLAIMDESK_CONFIG={shlex.quote(str(config))} TERM=xterm-256color LANG=C.UTF-8 "
        "LC_ALL=C.UTF-8"
    )
    command = (
        f"cd {shlex.quote(str(ROOT))} && env -u CLAIMDESK_DESK -u CLAIMDESK_REVIEWER "
        f"{settings} " + shlex.join(_claimdesk())
    )
    term = Terminal(tmux, command)
    try:
        term.wait_for(lambda s: "articles" in s and "1 article" in s, "the article list", 90)
        term.keys("w")
        term.wait_for(lambda s: "2 claims match" in s, "the queue of claims needing a source")
        term.keys("Enter")
        term.wait_for(_reviewed(2), "the first claim of the queue in its article")
        term.keys("y")
        term.wait_for(lambda s: "y Verified" in s and "2 of 10 reviewed" in s, "the remap")
        term.keys("Escape")
        screen = term.wait_for(lambda s: "1 claim match" in s, "the queue, one claim fewer")
        assert "90-day" in screen
        # The correction typed in one go, as a paste: tabs between the fields.
        term.keys("Enter")
        term.wait_for(_reviewed(2), "the 90-day claim in its article")
        term.keys("c")
        term.wait_for(lambda s: "Correct this claim" in s, "the correction form")
        term.keys("91\tninety-one days\tper the notice\r", literal=True)
        term.wait_for(lambda s: "Correct this claim" not in s, "the form to be saved")
        term.keys("Escape")
        term.wait_for(lambda s: "0 claims match" in s, "the queue, empty now")
        term.keys("q")
        screen = term.wait_for(lambda s: "EXITED" in s, "q to quit", 20)
        assert "EXITED 0" in screen, screen
    finally:
        term.kill()
    verified = json.loads(cli("claims", "--status", "verified", "--format", "json").stdout)
    assert [c["id"] for c in verified] == [by_figure["29"]]
    assert verified[0]["reviewer"] == "from-config"
    corrected = json.loads(cli("claims", "--status", "corrected", "--format", "json").stdout)
    assert [c["id"] for c in corrected] == [by_figure["90-day"]]
    correction = corrected[0]["correction"]
    assert (correction["value"], correction["statement"], correction["note"]) == (
        "91",
        "ninety-one days",
        "per the notice",
    )
