"""A throwaway PostgreSQL cluster for the team-desk tests and ``bench/team.py``.

``initdb`` and ``pg_ctl`` come from Debian's postgresql package (found on PATH or under
``/usr/lib/postgresql/*/bin``). The cluster lives in a temporary folder, listens on
127.0.0.1 on a free port (and on a socket in that folder), and is removed on stop.
initdb refuses to run as root, so as root the server runs as the ``postgres`` system
user (created if missing) through ``runuser``.

The superuser ``claimdesk`` has a password, so every URL the tests use carries a
secret that must never show up in output: a leak is caught wherever it happens.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

USER = "claimdesk"
PASSWORD = "s3cret-pw-4f9a"
REQUIRE_ENV = "CLAIMDESK_REQUIRE_POSTGRES"


def find_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first; ``None`` if absent."""
    candidates = []
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        candidates.append(Path(on_path).resolve().parent)
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates.extend(Path(p) for p in versions)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """``start()`` it, use :meth:`url`, ``stop()`` it (which removes every file)."""

    def __init__(self, *, fast: bool = True) -> None:
        self.bindir = find_binaries()
        if self.bindir is None:
            raise FileNotFoundError(
                "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's "
                "postgresql package"
            )
        self.fast = fast
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="claimdesk-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self._as_root = os.geteuid() == 0
        self._started = False

    def _run(self, *argv: str) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in argv]
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)

    def _prepare_owner(self) -> None:
        if not self._as_root:
            return
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            subprocess.run(
                ["useradd", "--system", "--no-create-home", "--shell", "/bin/false", "postgres"],
                check=True,
                capture_output=True,
            )
        entry = pwd.getpwnam("postgres")
        os.chown(self.root, entry.pw_uid, entry.pw_gid)
        self.root.chmod(0o755)

    def start(self) -> Cluster:
        self._prepare_owner()
        pwfile = self.root / "pw"
        pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
        if self._as_root:
            entry = pwd.getpwnam("postgres")
            os.chown(pwfile, entry.pw_uid, entry.pw_gid)
        done = self._run(
            self.bindir / "initdb",
            "-D",
            self.data,
            "-U",
            USER,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            *(["--no-sync"] if self.fast else []),
        )
        pwfile.unlink()
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr.strip() or done.stdout.strip()}")
        # Test runs in parallel each start a cluster: a port taken between free_port()
        # and the server's bind is retried on another.
        for attempt in range(3):
            done = self._pg_ctl_start()
            if done.returncode == 0:
                break
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            if "already in use" not in log or attempt == 2:
                raise RuntimeError(f"pg_ctl start failed: {done.stderr.strip()} {log}")
            self.port = free_port()
        self._started = True
        return self

    def _pg_ctl_start(self) -> subprocess.CompletedProcess:
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-k {self.root}",
            "-c max_connections=200",
        ]
        if self.fast:  # the tests kill clients, never this server: its own fsync can go
            options += ["-c fsync=off", "-c full_page_writes=off"]
        return self._run(
            self.bindir / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-w",
            "-t",
            "60",
            "-o",
            " ".join(options),
            "start",
        )

    def url(self, database: str = "postgres", *, password: bool = True) -> str:
        secret = f":{PASSWORD}" if password else ""
        return f"postgresql://{USER}{secret}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        """A new empty database; returns its URL (with the password)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self._started:
            self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            self._started = False
        with contextlib.suppress(OSError):
            shutil.rmtree(self.root)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
