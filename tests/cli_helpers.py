"""The ``claimdesk`` command run in the test's own process, for tests of what it does.

``run_cli`` (conftest) gives a ``CompletedProcess``; these tests read a tuple. Tests of
the process itself (signals, pipes, exit through the script) start the real command.
"""

from __future__ import annotations

import json
import os

from cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``main(argv)``'s exit code and what it wrote to stdout and stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def whole_export(capsys, desk: str | os.PathLike[str]) -> dict:
    """Everything the desk holds, as ``export -f json`` writes it (every status, every
    article version), less the time of the export: two desks holding the same compare
    equal."""
    code, out, err = run(
        capsys, "export", "-f", "json", "--status", "all", "--all-versions", "--desk", str(desk)
    )
    assert code == 0, err
    document = json.loads(out)
    document.pop("exported_at")
    return document
