"""``claimdesk serve`` as a command: where it listens, what it says, how it fails.

(The browser itself is driven in tests/tui/test_serve_browser.py.)
"""

from __future__ import annotations

import argparse
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import warm_command

from cli.cmd_serve import is_loopback, workbench_command

CLAIMDESK = str(Path(sys.executable).with_name("claimdesk"))


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("desk.example.org", False),
    ],
)
def test_only_loopback_addresses_count_as_this_machine(host, loopback):
    assert is_loopback(host) is loopback


def test_each_tab_runs_this_claimdesk_on_the_same_desk_and_reviewer(tmp_path, seed_path):
    args = argparse.Namespace(
        desk=tmp_path / "d.json", reviewer="r2", model=None, paths=[str(seed_path)]
    )
    command = shlex.split(workbench_command(args))
    assert command[:4] == [sys.executable, "-m", "cli", "open"]
    assert command[command.index("--desk") + 1] == str((tmp_path / "d.json").resolve())
    assert command[command.index("--reviewer") + 1] == "r2"
    assert command[-1] == str(seed_path.resolve())


def test_a_port_in_use_is_one_line_and_exit_1(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = warm_command.run(
            [CLAIMDESK, "serve", "--port", str(port), "--desk", str(tmp_path / "d.json")],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "pick one with --port" in result.stderr


def test_a_missing_article_or_bad_port_is_exit_2(tmp_path):
    result = warm_command.run(
        [CLAIMDESK, "serve", str(tmp_path / "nope.txt")], capture_output=True, text=True
    )
    assert result.returncode == 2 and "nope.txt" in result.stderr
    result = warm_command.run(
        [CLAIMDESK, "serve", "--port", "70000"], capture_output=True, text=True
    )
    assert result.returncode == 2 and "not a port number" in result.stderr


def _first_stderr_line(args: list[str], env: dict) -> str:
    server = warm_command.Popen(
        [CLAIMDESK, "serve", *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, **env),
    )
    try:
        return server.stderr.readline()
    finally:
        server.terminate()
        server.wait(timeout=20)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_listening_beyond_this_machine_warns_first(tmp_path):
    port = _free_port()
    line = _first_stderr_line(
        ["--host", "0.0.0.0", "--port", str(port)], {"CLAIMDESK_DESK": str(tmp_path / "d.json")}
    )
    assert line.startswith(f"claimdesk: warning: listening on 0.0.0.0:{port}: anyone who")
    assert "can use the desk as tester" in line


def test_the_configuration_sets_host_and_port(tmp_path):
    port = _free_port()
    config = tmp_path / "config.toml"
    config.write_text(f'[serve]\nhost = "0.0.0.0"\nport = {port}\n', encoding="utf-8")
    line = _first_stderr_line(
        ["--desk", str(tmp_path / "d.json")], {"CLAIMDESK_CONFIG": str(config)}
    )
    assert f"listening on 0.0.0.0:{port}" in line
