"""The ``claimdesk`` command run in the test's own process, for tests of what it does.

``run_cli`` (conftest) gives a ``CompletedProcess``; these tests read a tuple. Tests of
the process itself (signals, pipes, exit through the script) start the real command.
"""

from __future__ import annotations

from cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``main(argv)``'s exit code and what it wrote to stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err
