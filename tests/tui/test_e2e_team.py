"""End to end on a team desk: the real ``claimdesk open --desk postgresql://…`` in tmux.

The reviewer verifies the 26 claim; meanwhile a second reviewer, from the command line,
marks the 90-day claim as needing a source, and the open workbench shows it without a
key pressed. After quitting, ``claimdesk export`` reads both verdicts from the server.
"""

from __future__ import annotations

import json
import shlex
import subprocess

import pytest
from test_e2e_tmux import (
    ROOT,
    SEED,
    Terminal,
    _claimdesk,
    _filter_to,
    _require_tmux,
    _reviewed,
)

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        _claimdesk(*args), capture_output=True, encoding="utf-8", timeout=120, cwd=ROOT
    )


def test_review_on_a_team_desk_in_a_real_terminal(pg_url):
    tmux = _require_tmux()
    env = "CLAIMDESK_REVIEWER=e2e TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8"
    command = f"cd {shlex.quote(str(ROOT))} && {env} " + shlex.join(
        _claimdesk("open", str(SEED), "--desk", pg_url)
    )
    term = Terminal(tmux, command)
    try:
        term.wait_for(lambda s: " of " in s and "reviewed" in s, "the claims to load", 90)
        _filter_to(term, "26")
        term.keys("v")
        term.wait_for(_reviewed(1), "the verdict to show")
        listed = json.loads(
            _run("export", "-f", "json", "--status", "all", "--desk", pg_url).stdout
        )
        ninety = next(
            c["id"]
            for c in listed["claims"]
            if c["figures"] and c["figures"][0]["text"] == "90-day"
        )
        other = _run(
            "set", ninety, "--status", "needs_source", "--reviewer", "second", "--desk", pg_url
        )
        assert other.returncode == 0, other.stderr
        term.wait_for(_reviewed(2), "the other verdict to arrive", 30)
        term.keys("q")
        screen = term.wait_for(lambda s: "EXITED" in s, "q to quit", 20)
        assert "EXITED 0" in screen and "Traceback" not in screen, screen
    finally:
        term.kill()
    result = _run("export", "-f", "json", "--status", "verified,needs_source", "--desk", pg_url)
    assert result.returncode == 0, result.stderr
    by_figure = {
        c["figures"][0]["text"]: (c["status"], c["reviewer"])
        for c in json.loads(result.stdout)["claims"]
        if c["figures"]
    }
    assert by_figure == {"26": ("verified", "e2e"), "90-day": ("needs_source", "second")}
    assert "s3cret" not in screen
