"""``core`` is the domain and must never pull in Textual: the CLI, benchmarks and other
tools use it headless, and the split keeps every state change testable without a screen."""

import subprocess
import sys
import textwrap


def test_core_never_imports_textual():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import core
        for info in pkgutil.walk_packages(core.__path__, "core."):
            if info.name in ("core.__main__",):
                continue
            importlib.import_module(info.name)
        bad = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
        print(",".join(bad))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"core imported textual modules: {out}"
