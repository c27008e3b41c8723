"""The largest inputs extraction accepts, and the ones it refuses: wall time and peak memory.

Each case runs the real command, ``claimdesk extract FILE --format json > /dev/null``, in
its own process; the peak resident memory is that process's (``os.wait4``). Targets
(DESIGN.md): the largest accepted input extracts within 60 s and 1.5 GB, anything else is
refused with one line that says why.

- ``prose``: news prose (the seed article, repeated) up to the 5 MB size limit;
- ``dense-accepted``: 5 MB holding just under ``MAX_FIGURES`` figures (prose, then runs
  of numbers): the most work an accepted input can ask for;
- ``numbers``: 5 MB of nothing but numbers (about 850,000 figures): refused;
- ``numbers-1mb``, ``numbers-2mb``: smaller files of numbers (refused as well, sooner).

    python bench/limits.py [--only NAME ...]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.extract import MAX_FIGURES  # noqa: E402
from core.ingest import MAX_BYTES  # noqa: E402

CLAIMDESK = Path(sys.executable).with_name("claimdesk")
SEED = ROOT / "seeds" / "mexico-extraditions-tariffs.txt"


def prose(size: int) -> bytes:
    unit = (SEED.read_text(encoding="utf-8") + "\n\n").encode()
    return unit * (size // len(unit))


def numbers(size: int, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    lines, total = [], 0
    while total < size:
        line = " ".join(str(rng.randint(0, 99999)) for _ in range(12)) + "\n"
        lines.append(line)
        total += len(line)
    return "".join(lines).encode()[:size]


def dense_accepted(size: int) -> bytes:
    """Prose with enough lines of numbers spread through it to reach just under the cap."""
    seed_figures = 12  # figures the extractor finds in one copy of the seed
    unit = (SEED.read_text(encoding="utf-8") + "\n\n").encode()
    copies = size // len(unit)
    spare = MAX_FIGURES - 500 - copies * seed_figures
    per_copy = max(0, spare // copies)
    rng = random.Random(2)
    parts = []
    for _ in range(copies):
        row = " ".join(str(rng.randint(10, 99999)) for _ in range(per_copy))
        parts.append(unit.replace(b"\n\n", f"\n{row}\n\n".encode(), 1))
    data = b"".join(parts)
    while len(data) > size:  # numbers made it longer: drop whole copies from the end
        data = data[: data.rfind(b"\n\n", 0, size) + 2]
    return data


CASES = {
    "prose": lambda: prose(MAX_BYTES),
    "dense-accepted": lambda: dense_accepted(MAX_BYTES),
    "numbers-1mb": lambda: numbers(1 << 20),
    "numbers-2mb": lambda: numbers(2 << 20),
    "numbers": lambda: numbers(MAX_BYTES),
}


def measure(path: Path) -> tuple[float, float, int, str, int]:
    """Wall seconds, peak RSS in MB, exit code, first stderr line, figures in claims."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(
            [str(CLAIMDESK), "extract", str(path), "--format", "json"], stdout=out, stderr=err
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - start
        err.seek(0)
        message = err.read().decode(errors="replace").strip().splitlines()
        out.seek(0)
        raw = out.read()
        figures = sum(len(c["figures"]) for c in json.loads(raw)["claims"]) if raw else 0
    code = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, code, message[0] if message else "", figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", nargs="*", choices=list(CASES), help="cases to run")
    args = parser.parse_args()
    print(f"size limit {MAX_BYTES / 2**20:.0f} MiB, figure limit {MAX_FIGURES:,}")
    print(f"{'case':16} {'MB':>5} {'seconds':>8} {'peak MB':>8} {'exit':>4}  result")
    with tempfile.TemporaryDirectory() as folder:
        for name in args.only or CASES:
            path = Path(folder) / f"{name}.txt"
            path.write_bytes(CASES[name]())
            seconds, peak, code, message, figures = measure(path)
            size = path.stat().st_size / 2**20
            result = f"{figures:,} figures out" if code == 0 else message[:90]
            print(f"{name:16} {size:5.1f} {seconds:8.1f} {peak:8.0f} {code:>4}  {result}")


if __name__ == "__main__":
    main()
