"""``core`` is the domain and must never pull in Textual: the CLI, benchmarks and other
tools use it headless, and the split keeps every state change testable without a screen."""

import subprocess
import sys
import textwrap

import pytest


def test_core_never_imports_textual():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import core
        for info in pkgutil.walk_packages(core.__path__, "core."):
            importlib.import_module(info.name)
        bad = sorted(
            m for m in sys.modules
            if m.split(".")[0] in ("textual", "tui", "cli")
        )
        print(",".join(bad))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core imported textual, tui or cli modules: {out}"


def test_layer_contracts_hold():
    """The import-linter contracts in pyproject.toml: cli above tui above core, and core
    never importing Textual, tui or cli, directly or through another module."""
    from importlinter.cli import lint_imports

    assert lint_imports() == 0


@pytest.mark.slow  # about fifteen seconds of CPU without the cache (a clean clone)
def test_types_check():
    """mypy, as configured in pyproject.toml, finds nothing in core, tui or cli. The
    incremental cache (``.mypy_cache``, ignored by git) makes a re-run take seconds."""
    from pathlib import Path

    from mypy import api

    root = Path(__file__).resolve().parent.parent
    out, err, status = api.run(
        [
            "--config-file",
            str(root / "pyproject.toml"),
            "--cache-dir",
            str(root / ".mypy_cache"),
            *(str(root / package) for package in ("core", "tui", "cli")),
        ]
    )
    assert status == 0, out + err


def test_commands_that_never_extract_never_import_spacy(tmp_path, desk_file):
    """Importing spaCy costs about a second of CPU: ``status``, ``export``, ``history``,
    ``config``, ``set``, ``claims``… must answer without it. One fresh interpreter runs
    them one after another (each through ``main``) and checks after each: a module one
    imported stays imported for the next, so the first that pulls spaCy in is named."""
    from core.desk import Desk

    with Desk.open(desk_file, readonly=True) as desk:
        cid = desk.claims()[0].id
    commands = [
        ["status"],
        ["claims"],
        ["history", cid],
        ["set", cid, "--note", "checked the release"],
        ["undo"],
        ["redo"],
        ["export", "-f", "csv", "-o", str(tmp_path / "out.csv")],
        ["export", "-f", "claimreview", "--org-name", "X", "-o", str(tmp_path / "cr.json")],
        ["config"],
        ["copy", str(desk_file), str(tmp_path / "copy.json")],
        ["doctor"],
        ["checks", "search", "unemployment"],
    ]
    code = textwrap.dedent(
        """
        import json, sys
        from cli import main
        for argv in json.loads(sys.argv[1]):
            if main(argv) != 0:
                print("@@ failed:", " ".join(argv))
                break
            if "spacy" in sys.modules or "core.extract.pipeline" in sys.modules:
                print("@@ imported spaCy:", " ".join(argv))
                break
        """
    )
    import json

    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(commands)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert [line for line in done.stdout.splitlines() if line.startswith("@@")] == []
