"""A ``claimdesk`` forked from the warm interpreter (``warm_command``) behaves as a new
one: same exit code, same output, for the ways the tests use it. Each case runs both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time

import pytest
import warm_command

CLAIMDESK = str(warm_command.CLAIMDESK)


def _both(argv: list[str], **kwargs) -> tuple[tuple, tuple]:
    def outcome(runner) -> tuple:
        done = runner([CLAIMDESK, *argv], capture_output=True, text=True, timeout=60, **kwargs)
        return done.returncode, done.stdout, done.stderr

    return outcome(subprocess.run), outcome(warm_command.run)


def test_exit_code_output_environment_and_folder_are_the_callers(tmp_path):
    (tmp_path / "config.toml").write_text('reviewer = "from-file"\n', encoding="utf-8")
    env = {**os.environ, "CLAIMDESK_CONFIG": "config.toml", "CLAIMDESK_REVIEWER": "r9"}
    fresh, warm = _both(["config"], env=env, cwd=tmp_path)
    assert fresh == warm and fresh[0] == 0 and "r9" in fresh[1]
    fresh, warm = _both(["no-such-command"])
    assert fresh == warm and fresh[0] == 2
    fresh, warm = _both(["extract", str(tmp_path)])  # from the extracting interpreter
    assert fresh == warm and fresh[0] == 2 and "directory" in fresh[2]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_and_a_closed_pipe_end_the_same_way(tmp_path):
    desk = ["status", "--desk", str(tmp_path / "none.json")]
    outcomes = []
    for runner in (subprocess.run, warm_command.run):
        with open("/dev/full", "w") as full:
            done = runner([CLAIMDESK, "--help"], stdout=full, stderr=subprocess.PIPE, text=True)
        read_end, write_end = os.pipe()
        os.close(read_end)
        closed = runner([CLAIMDESK, *desk], stdout=write_end, stderr=subprocess.PIPE, text=True)
        os.close(write_end)
        outcomes.append((done.returncode, done.stderr, closed.returncode, closed.stderr))
    # ``--help`` fails at the interpreter's own flush at exit (120, "Exception ignored"),
    # or at once where PYTHONUNBUFFERED is set (argparse then drops the error: 0).
    assert outcomes[0] == outcomes[1]


def test_the_child_is_a_process_of_its_own_to_signal():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = warm_command.Popen(
        [CLAIMDESK, "serve", "--port", str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert server.warm and server.pid != os.getpid() and server.poll() is None
    time.sleep(0.2)
    server.send_signal(signal.SIGKILL)
    assert server.wait(timeout=30) == -signal.SIGKILL
