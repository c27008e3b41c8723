"""The real ``claimdesk`` script run as a process, forked from a warm interpreter.

A new interpreter spends about two seconds of CPU importing spaCy and building the
pipeline before ``claimdesk extract`` reads a byte, and half a second before ``export``
does. The tests of the process itself (a closed pipe, a full disk, a signal, standard
input, the exit code through the script) need a process, not a new interpreter, so here
a "warm" interpreter per test worker, started on first use, imports the command once
(and, for the commands that extract, spaCy, the pipeline and the word list: see
``_EXTRACTING``), then forks a child for each run. The child, before it runs anything:

- takes the caller's descriptors 0, 1 and 2 (passed over a Unix socket), closes every
  other one, and rebuilds ``sys.stdin``/``stdout``/``stderr`` for them as the
  interpreter does at start-up (same encoding and errors, line buffering on a terminal
  and on stderr, ``closefd=False``);
- takes the caller's argv, environment, working directory and umask;
- runs the console script file itself as ``__main__`` and leaves through the
  interpreter's normal shutdown, so what happens at exit (the final flush of stdout on a
  full disk or a closed pipe, the exit code) happens as in a fresh process.

Its wait status goes back to the caller, so ``Popen`` here is ``subprocess.Popen`` with
a real pid to signal and a real exit code. What cannot be honoured this way falls back to
a new process: another program than the script, ``preexec_fn``, a new session, a
different interpreter-level environment (``PYTHON*``, the locale). Tests of start-up
itself (import hygiene, a missing pipeline, the configuration read at start) use
``subprocess`` and a fresh interpreter.

Known differences, none of which the tests read: the parent pid is the warm
interpreter's; modules the command would import later are already there; the hash seed
is the same for all children of one worker (each worker's is random).
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import os
import selectors
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

CLAIMDESK = Path(sys.executable).with_name("claimdesk")
_START_UP_VARIABLES = ("PYTHON", "LC_", "LANG")
"""Environment read by the interpreter as it starts: a child asking for other values than
the warm interpreter's gets a new process."""


# ---------------------------------------------------------------------- the warm side
def _serve(path: str, kind: str) -> dict[str, Any]:
    """Accept requests until standard input closes; return only in a forked child."""
    import cli  # noqa: F401

    if kind == "extracting":
        import core.extract  # noqa: F401
        from core import textdamage
        from core.extract import pipeline

        pipeline._rule_based()  # built as the first extraction would; reads no settings
        textdamage._vocabulary()  # read as the first article would
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    listener.bind(path)
    listener.listen(64)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(sys.stdin, selectors.EVENT_READ)  # the worker's end: EOF, we stop
    sys.stdout.flush()
    sys.stderr.flush()
    import gc

    gc.collect()
    gc.freeze()  # the warm heap stays shared with the children
    running: dict[int, tuple[int, socket.socket]] = {}
    while True:
        for key, _events in selector.select():
            if key.fileobj is sys.stdin:
                os._exit(0)
            if key.fileobj is listener:
                conn, _addr = listener.accept()
                message, fds, _flags, _addr = socket.recv_fds(conn, 1 << 20, 3)
                request = json.loads(message)
                if threading.active_count() != 1:  # pragma: no cover - would fork a lock
                    raise RuntimeError("the warm interpreter must not run threads")
                pid = os.fork()
                if pid == 0:
                    for other in (listener, conn, *(c for _p, c in running.values())):
                        other.close()
                    selector.close()
                    request["fds"] = fds
                    return request
                for fd in fds:
                    os.close(fd)
                conn.send(str(pid).encode())
                pidfd = os.pidfd_open(pid)
                selector.register(pidfd, selectors.EVENT_READ)
                running[pidfd] = (pid, conn)
            else:
                pidfd = key.fd
                pid, conn = running.pop(pidfd)
                selector.unregister(pidfd)
                os.close(pidfd)
                _pid, status = os.waitpid(pid, 0)
                with contextlib.suppress(OSError):  # the caller may be gone
                    conn.send(str(status).encode())
                conn.close()


def _stdio(fd: int, write: bool, unbuffered: bool, like: io.TextIOWrapper) -> io.TextIOWrapper:
    """``sys.stdin``/``stdout``/``stderr`` for ``fd``, made as CPython's start-up makes
    them (``create_stdio``): ``closefd=False``; buffered unless ``-u``/PYTHONUNBUFFERED
    (stdin always), then written through; line-buffered on a terminal and for stderr;
    newline ``\\n``; the interpreter's encoding and errors."""
    buffering = 0 if unbuffered and write else -1
    opened = open(fd, "wb" if write else "rb", buffering=buffering, closefd=False)  # noqa: SIM115
    raw = opened.raw if buffering else opened  # type: ignore[union-attr]
    raw.name = ("<stdin>", "<stdout>", "<stderr>")[fd]  # type: ignore[misc]
    line_buffering = not unbuffered and (raw.isatty() or fd == 2)
    stream = io.TextIOWrapper(
        opened,  # type: ignore[arg-type]
        encoding=like.encoding,
        errors=like.errors,
        newline="\n",
        line_buffering=line_buffering,
        write_through=unbuffered,
    )
    stream.mode = "w" if write else "r"  # type: ignore[misc]
    return stream


def _become(request: dict[str, Any]) -> None:
    """Make this forked child the process the caller asked for (see the module's doc)."""
    fds = request["fds"]
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    like = (sys.__stdin__, sys.__stdout__, sys.__stderr__)
    unbuffered = bool(sys.__stderr__.write_through)  # type: ignore[union-attr]
    streams = [_stdio(fd, fd > 0, unbuffered, like[fd]) for fd in range(3)]  # type: ignore[arg-type]
    sys.stdin = sys.__stdin__ = streams[0]
    sys.stdout = sys.__stdout__ = streams[1]
    sys.stderr = sys.__stderr__ = streams[2]
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    os.umask(request["umask"])
    script = request["argv"][0]
    sys.argv = list(request["argv"])
    sys.path[0] = os.path.dirname(script)


def main() -> None:  # pragma: no cover - runs in the warm interpreter and its children
    request = _serve(sys.argv[1], sys.argv[2])
    _become(request)
    import runpy

    runpy.run_path(request["argv"][0], run_name="__main__")  # exits through SystemExit


# ---------------------------------------------------------------------- the caller's side
class _Warm:
    """The worker's warm interpreter, started on first use and stopped at exit."""

    def __init__(self, kind: str) -> None:
        self.folder = tempfile.mkdtemp(prefix="claimdesk-warm-")
        self.path = os.path.join(self.folder, "s")
        interpreter = CLAIMDESK.read_text(encoding="utf-8").splitlines()[0][2:].strip()
        self.env = dict(os.environ)
        self.process = subprocess.Popen(
            [interpreter, __file__, self.path, kind],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            cwd=os.path.dirname(__file__),
        )
        atexit.register(self.stop)

    def connect(self) -> socket.socket:
        import time

        deadline = time.monotonic() + 120
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            try:
                sock.connect(self.path)
                return sock
            except (FileNotFoundError, ConnectionRefusedError):
                sock.close()
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the warm claimdesk interpreter did not start") from None
                time.sleep(0.01)

    def serves(self, env: dict[str, str]) -> bool:
        def start_up(variables: dict[str, str]) -> dict[str, str]:
            return {k: v for k, v in variables.items() if k.startswith(_START_UP_VARIABLES)}

        return start_up(env) == start_up(self.env)

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            self.process.wait(timeout=30)
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


_EXTRACTING = frozenset({"extract", "import", "doctor"})
"""Commands that read articles: their children come from an interpreter that has spaCy
and the pipeline. The others come from one with the command alone, whose smaller heap
costs a child less to copy and to tear down (about 0.1 s of CPU against 0.16). Which one
serves a command changes only its speed: a child imports whatever it needs."""
_warm: dict[str, _Warm] = {}


def _the_warm(argv: list[str]) -> _Warm:
    kind = "extracting" if _EXTRACTING & set(argv[1:2]) else "plain"
    warm = _warm.get(kind)
    if warm is None or warm.process.poll() is not None:
        warm = _warm[kind] = _Warm(kind)
    return warm


class Popen(subprocess.Popen):
    """``subprocess.Popen`` whose child, when it runs the ``claimdesk`` script, is forked
    from the warm interpreter (see the module's doc); anything else starts as usual."""

    _warm_conn: socket.socket | None = None
    warm = False
    """Whether the child was forked from the warm interpreter."""

    def _execute_child(  # type: ignore[override]
        self,
        args,
        executable,
        preexec_fn,
        close_fds,
        pass_fds,
        cwd,
        env,
        startupinfo,
        creationflags,
        shell,
        p2cread,
        p2cwrite,
        c2pread,
        c2pwrite,
        errread,
        errwrite,
        restore_signals,
        gid,
        gids,
        uid,
        umask,
        start_new_session,
        process_group,
    ):
        argv = [os.fsdecode(a) for a in args] if isinstance(args, list | tuple) else None
        environment = dict(os.environ if env is None else env)
        warm = _the_warm(argv) if argv and argv[0] == str(CLAIMDESK) else None
        plain = (
            warm is None
            or executable is not None
            or preexec_fn is not None
            or pass_fds
            or shell
            or start_new_session
            or process_group not in (None, -1)
            or (gid, gids, uid) != (None, None, None)
            or umask not in (None, -1)
            or not warm.serves(environment)
        )
        if plain:
            return super()._execute_child(
                args, executable, preexec_fn, close_fds, pass_fds, cwd, env, startupinfo,
                creationflags, shell, p2cread, p2cwrite, c2pread, c2pwrite, errread,
                errwrite, restore_signals, gid, gids, uid, umask, start_new_session,
                process_group,
            )  # fmt: skip
        assert warm is not None and argv is not None
        mask = os.umask(0o22)
        os.umask(mask)
        request = {
            "argv": argv,
            "env": environment,
            "cwd": os.fspath(cwd) if cwd is not None else os.getcwd(),
            "umask": mask,
        }
        fds = [
            p2cread if p2cread != -1 else 0,
            c2pwrite if c2pwrite != -1 else 1,
            errwrite if errwrite != -1 else 2,
        ]
        conn = warm.connect()
        try:
            socket.send_fds(conn, [json.dumps(request).encode()], fds)
            reply = conn.recv(64)
            if not reply:
                raise RuntimeError("the warm claimdesk interpreter did not fork")
        except BaseException:
            conn.close()
            raise
        finally:
            self._close_pipe_fds(p2cread, p2cwrite, c2pread, c2pwrite, errread, errwrite)
        self.pid = int(reply)
        self._child_created = True
        self._warm_conn = conn
        self.warm = True

    def _warm_status(self, block: bool) -> int | None:
        conn = self._warm_conn
        assert conn is not None
        conn.setblocking(block)
        try:
            reply = conn.recv(64)
        except BlockingIOError:
            return None
        if not reply:
            raise RuntimeError("the warm claimdesk interpreter went away")
        conn.close()
        return int(reply)

    def _try_wait(self, wait_flags):
        if self._warm_conn is None:
            return super()._try_wait(wait_flags)
        status = self._warm_status(block=not wait_flags & os.WNOHANG)
        return (0, 0) if status is None else (self.pid, status)

    def _internal_poll(self, _deadstate=None, **_kwargs):
        if self._warm_conn is None:
            return super()._internal_poll(_deadstate=_deadstate)
        if self.returncode is None and self._waitpid_lock.acquire(False):
            try:
                if self.returncode is None and self._warm_conn.fileno() != -1:
                    status = self._warm_status(block=False)
                    if status is not None:
                        self._handle_exitstatus(status)
            finally:
                self._waitpid_lock.release()
        return self.returncode


def run(
    argv: list[str], *, input: str | bytes | None = None, timeout: float | None = None, **kwargs
) -> subprocess.CompletedProcess:
    """``subprocess.run`` with :class:`Popen`."""
    if input is not None:
        kwargs["stdin"] = subprocess.PIPE
    check = kwargs.pop("check", False)
    if kwargs.pop("capture_output", False):
        kwargs["stdout"] = kwargs["stderr"] = subprocess.PIPE
    with Popen(argv, **kwargs) as process:
        try:
            stdout, stderr = process.communicate(input, timeout=timeout)
        except BaseException:
            process.kill()
            raise
        code = process.poll()
    assert code is not None
    if check and code:
        raise subprocess.CalledProcessError(code, argv, stdout, stderr)
    return subprocess.CompletedProcess(argv, code, stdout, stderr)


if __name__ == "__main__":
    main()
