"""FIFOs, devices, sockets and directories are refused at once, and import waits for no lock
it does not need.

Reading a FIFO blocks until something writes to it: ``claimdesk extract pipe`` used to
hang for ever, and ``import`` did so holding the desk's lock, so every other writer was
refused meanwhile. Such paths are refused in one line before anything is opened; import
takes the lock only when it has something to write.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import warm_command

from core.store import Desk

CLAIMDESK = Path(sys.executable).with_name("claimdesk")


def run(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return warm_command.run(
        [str(CLAIMDESK), *argv], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        yield path
    finally:
        server.close()


def _special(kind: str, fifo: Path, unix_socket: Path, tmp_path: Path) -> tuple[str, str]:
    return {
        "fifo": (str(fifo), "FIFO"),
        "device": ("/dev/zero", "device"),
        "socket": (str(unix_socket), "socket"),
        "directory": (str(tmp_path), "directory"),
    }[kind]


KINDS = ["fifo", "device", "socket", "directory"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("command", ["extract", "import", "open"])
def test_non_regular_files_are_refused_at_once(command, kind, fifo, unix_socket, tmp_path):
    path, word = _special(kind, fifo, unix_socket, tmp_path)
    result = run(command, path, "--desk", str(tmp_path / "desk.json"), timeout=30)
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert word in result.stderr and path in result.stderr
    assert result.stdout == ""


def test_a_refused_input_is_answered_without_loading_the_pipeline(fifo):
    """Refused at once means before spaCy is loaded (about a second)."""
    code = (
        "import sys; from cli import main; code = main(sys.argv[1:]); "
        "print(code, 'spacy' in sys.modules, 'core.extract' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "extract", str(fifo), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.stdout.split() == ["2", "False", "False"], result.stderr
    assert "FIFO" in result.stderr


def test_extract_refuses_before_printing_anything(fifo, seed_path):
    result = run("extract", str(seed_path), str(fifo), "--format", "jsonl", timeout=30)
    assert result.returncode == 2 and result.stdout == "" and "FIFO" in result.stderr


def test_standard_input_is_still_read(seed_path):
    with open(seed_path, "rb") as stdin:
        result = warm_command.run(
            [str(CLAIMDESK), "extract", "-", "--format", "json"],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "Mexico" in result.stdout


# ------------------------------------------------------------------ the desk lock
@pytest.fixture
def imported(tmp_path, seed_path, run_cli):
    desk = tmp_path / "desk.json"
    assert run_cli("import", seed_path, "--desk", desk).returncode == 0
    return desk


def test_an_up_to_date_import_needs_no_lock(imported, seed_path):
    holder = Desk.open(imported)  # the workbench is open on this desk
    try:
        result = run("import", str(seed_path), "--desk", str(imported))
    finally:
        holder.close()
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout and result.stderr == ""


def test_a_refused_import_needs_no_lock(imported, fifo, tmp_path):
    holder = Desk.open(imported)
    try:
        bad = run("import", str(fifo), "--desk", str(imported), timeout=30)
        missing = run("import", str(tmp_path / "gone.txt"), "--desk", str(imported))
    finally:
        holder.close()
    assert bad.returncode == 2 and "FIFO" in bad.stderr and "lock" not in bad.stderr
    assert missing.returncode == 2 and "no such file" in missing.stderr
    assert "open in another" not in bad.stderr + missing.stderr


def test_an_import_with_work_to_do_still_respects_the_lock(imported, tmp_path, seed_text):
    other = tmp_path / "other.txt"
    other.write_text(seed_text.replace("26", "27"), encoding="utf-8")
    holder = Desk.open(imported)
    try:
        result = run("import", str(other), "--desk", str(imported))
    finally:
        holder.close()
    assert result.returncode == 1 and "open in another claimdesk" in result.stderr
    assert result.stderr.count("\n") == 1
    done = run("import", str(other), "--desk", str(imported))
    assert done.returncode == 0, done.stderr


def test_import_from_standard_input_reads_it_once(tmp_path, seed_path):
    desk = tmp_path / "desk.json"
    with open(seed_path, "rb") as stdin:
        result = warm_command.run(
            [str(CLAIMDESK), "import", "-", "--desk", str(desk)],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    with Desk.open(desk, readonly=True) as d:
        assert len(d.articles()) == 1 and len(d.claims()) >= 10
