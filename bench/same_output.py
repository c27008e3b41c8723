"""What ``claimdesk extract --format jsonl`` prints for every corpus the project measures.

A speed-up of extraction must not change what it finds. This writes the output of the real
command on each corpus to a folder, one ``.jsonl`` file a corpus, so that two runs (before
and after a change) compare with ``diff -r``:

    python bench/same_output.py OUT_DIR [--checkout DIR]
    diff -r BEFORE_DIR AFTER_DIR && echo identical

``--checkout`` runs the command of another checkout of the project (``python -m cli``
there), such as the commit before the change, unpacked with ``git archive``.

The corpora: the seed articles, the articles of ``bench/pipeline.py`` (200,000 tokens),
the labelled attribution sentences, the known-check articles of the tests, and every input
of the Recognizers-Text specifications (``bench/extract.py``) when they are beside the
checkout. Each input is a file of its own, as a reviewer would extract it; the time
of reading is blanked, being the one field that differs from run to run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import end_to_end  # noqa: E402
import extract  # noqa: E402
import pipeline  # noqa: E402


def corpora() -> dict[str, list[str]]:
    """Each corpus by name: the texts it extracts, one an article."""
    blank = spacy.blank("en")
    found = {
        "seeds": [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))],
        "bench-pipeline": pipeline.articles(200_000, lambda t: len(blank.make_doc(t))),
        "attribution": [
            json.loads(line)["text"]
            for line in (ROOT / "tests/data/attribution.jsonl").read_text("utf-8").splitlines()
            if line.strip()
        ],
        "checks-articles": [
            p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "tests/data/checks").glob("*.txt"))
        ],
    }
    if extract.EVAL.is_dir():
        inputs = []
        for spec in sorted(extract.EVAL.rglob("*.json")):
            inputs.extend(case["Input"] for case in json.loads(spec.read_text("utf-8-sig")))
        found["recognizers-text"] = inputs
    return found


INPUTS = Path(tempfile.gettempdir()) / "claimdesk-same-output"
"""Where the inputs are written: always the same folder, since an article's id is made
from its path."""
_IMPORTED_AT = re.compile(rb'"imported_at": "[^"]*"')


def extract_jsonl(texts: list[str], checkout: Path | None = None) -> bytes:
    """The bytes ``claimdesk extract --format jsonl`` prints for ``texts``, with the time
    of reading (``imported_at``, the one field that changes from run to run) blanked."""
    shutil.rmtree(INPUTS, ignore_errors=True)
    INPUTS.mkdir(parents=True)
    names = []
    for number, text in enumerate(texts):
        name = f"in{number:05d}.txt"
        (INPUTS / name).write_text(text, encoding="utf-8")
        names.append(name)
    env = dict(os.environ)
    env.pop("CLAIMDESK_MODEL", None)
    command = end_to_end._claimdesk()
    if checkout is not None:
        command = [sys.executable, "-m", "cli"]
        env["PYTHONPATH"] = str(checkout.resolve())
    done = subprocess.run(
        [*command, "extract", "--format", "jsonl", *names],
        capture_output=True,
        cwd=INPUTS,
        env=env,
        check=False,
    )
    shutil.rmtree(INPUTS, ignore_errors=True)
    if done.returncode != 0:
        raise SystemExit(f"claimdesk extract failed: {done.stderr.decode()[-500:]}")
    return _IMPORTED_AT.sub(b'"imported_at": ""', done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for one .jsonl file a corpus")
    parser.add_argument("--checkout", type=Path, help="run the command of this checkout")
    opts = parser.parse_args(argv)
    opts.out.mkdir(parents=True, exist_ok=True)
    for name, texts in corpora().items():
        output = extract_jsonl(texts, opts.checkout)
        (opts.out / f"{name}.jsonl").write_bytes(output)
        digest = hashlib.sha256(output).hexdigest()[:16]
        print(f"{name}: {len(texts)} inputs, {len(output):,} bytes, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
