"""Workbench speed: launch to first screen, and key press to updated screen.

1. Launch: runs the real ``claimdesk open SEED`` (its modules compiled to bytecode, as
   an installed copy runs) in a pseudo-terminal with
   ``CLAIMDESK_EXIT_WHEN_READY`` set, so the app prints ``READY`` once its first screen is
   drawn and exits; the time is measured from outside (process start to that line), for
   the seed already on the desk and not yet imported (text first, claims when extracted),
   next to a bare Textual app started the same way in the same run.
2. Key press: a generated article with 1,000 claims (real extraction, real desk), driven
   in-process with ``run_test``: time from a key press until the app is idle again with the
   screen updated, for ``j`` (next claim) and ``v`` (verify: a durable desk write, one row,
   the article highlight, the progress, the detail pane).

Targets (DESIGN.md): first screen <= 1 s and <= 2x the bare app; key press <= 50 ms.

    /tmp/venv/bin/python bench/tui.py [--runs 5] [--claims 1000] [--presses 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this file's folder comes first on sys.path and its name would shadow
# the ``tui`` package: put the project root there instead.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    sys.path[0] = str(ROOT)
SEED = ROOT / "seeds" / "mexico-extraditions-tariffs.txt"

BARE_APP = """
import sys, time
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("hello")
    def on_mount(self):
        self.call_after_refresh(self.done)
    def done(self):
        print("READY", file=sys.__stderr__, flush=True)
        self.exit()
Bare().run()
"""


def _timed_launch(argv: list[str], env: dict[str, str], marker: str = "READY") -> float:
    """Milliseconds from process start until ``marker`` appears on its terminal."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, close_fds=True
    )
    os.close(slave)
    seen = b""
    elapsed = float("nan")
    deadline = start + 120
    try:
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
                if marker.encode() in seen:
                    elapsed = (time.perf_counter() - start) * 1000
                    break
            elif proc.poll() is not None:
                break
    finally:
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        os.close(master)
    return elapsed


def compile_checkout() -> None:
    """Compile the checkout's modules to bytecode before timing a launch.

    An installed copy runs from bytecode (pip compiles it; Python caches it on the first
    run), as the bare app's Textual does. A checkout run where ``PYTHONDONTWRITEBYTECODE``
    is set would compile every one of its modules again on every launch, a cost no user
    pays (about a tenth of a second here)."""
    import compileall

    for package in ("core", "tui", "cli"):
        compileall.compile_dir(str(ROOT / package), quiet=1)


def bench_launch(runs: int) -> dict[str, float]:
    from core.desk import Desk
    from core.importing import import_path

    compile_checkout()

    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="36")
    env["CLAIMDESK_REVIEWER"] = "bench"
    results: dict[str, list[float]] = {"bare": [], "imported": [], "new_text": [], "new_claims": []}
    with tempfile.TemporaryDirectory() as tmp:
        desk_path = Path(tmp) / "desk.json"
        with Desk.open(desk_path) as desk:
            import_path(desk, SEED, "bench")
        cmd = [sys.executable, "-m", "cli", "open", str(SEED), "--desk"]
        for run in range(runs):
            results["bare"].append(_timed_launch([sys.executable, "-c", BARE_APP], env))
            results["imported"].append(
                _timed_launch([*cmd, str(desk_path)], dict(env, CLAIMDESK_EXIT_WHEN_READY="first"))
            )
            fresh = Path(tmp) / f"fresh-{run}.json"
            results["new_text"].append(
                _timed_launch([*cmd, str(fresh)], dict(env, CLAIMDESK_EXIT_WHEN_READY="first"))
            )
            fresh2 = Path(tmp) / f"fresh2-{run}.json"
            results["new_claims"].append(
                _timed_launch(
                    [*cmd, str(fresh2)], dict(env, CLAIMDESK_EXIT_WHEN_READY="claims"), "CLAIMS"
                )
            )
    return {name: statistics.median(values) for name, values in results.items()}


def generated_article(claims: int) -> str:
    """An article of short paragraphs with one figure per sentence."""
    sentences = []
    for i in range(claims):
        sentences.append(
            f"Officials in district {i % 97} said {100 + i} people attended the hearing "
            f"on the new transit plan."
        )
    paragraphs = [" ".join(sentences[i : i + 4]) for i in range(0, len(sentences), 4)]
    return "\n".join(paragraphs) + "\n"


class RefreshClock:
    """Records when each screen update finished painting (wraps the compositor refresh)."""

    def __init__(self) -> None:
        from textual.screen import Screen

        self.times: list[float] = []
        original = Screen._compositor_refresh
        clock = self

        def timed(screen, *args, **kwargs):
            result = original(screen, *args, **kwargs)
            clock.times.append(time.perf_counter())
            return result

        Screen._compositor_refresh = timed  # type: ignore[method-assign]
        self._restore = lambda: setattr(Screen, "_compositor_refresh", original)

    def last_after(self, start: float) -> float | None:
        later = [t for t in self.times if t >= start]
        return later[-1] if later else None

    def close(self) -> None:
        self._restore()


async def _press_times(app, key: str, presses: int) -> list[float]:
    """Key press to the end of the last screen update it caused, in ms."""
    clock = RefreshClock()
    times = []
    try:
        async with app.run_test(size=(120, 36)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause(0.2)
            for _ in range(presses):
                start = time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                await asyncio.sleep(0.05)  # let every update it caused be painted
                done = clock.last_after(start)
                if done is not None:
                    times.append((done - start) * 1000)
    finally:
        clock.close()
    return times


class BareTable:
    """Baseline: a bare DataTable with the same number of rows, cursor moved down."""

    @staticmethod
    def app(rows: int):
        from textual.app import App
        from textual.widgets import DataTable

        class Bare(App):
            def compose(self):
                yield DataTable(cursor_type="row")

            def on_mount(self):
                table = self.query_one(DataTable)
                table.add_columns("a", "b", "c")
                for i in range(rows):
                    table.add_row(str(i), "count", f"Officials said {i} people attended")
                table.focus()

        return Bare()


def bench_keys(claims: int, presses: int) -> dict[str, float]:
    from core.desk import Desk
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from core.review import Review
    from tui.app import ClaimdeskApp

    article = article_from_text(generated_article(claims), source="bench-1000.txt")
    extracted = extract_claims(article)
    out: dict[str, float] = {"claims": float(len(extracted))}
    with tempfile.TemporaryDirectory() as tmp, Desk.open(Path(tmp) / "desk.json") as desk:
        Review(desk, "bench").import_article(article, extracted)
        stored = desk.article(article.id)
        for key in ("j", "v"):
            times = asyncio.run(_press_times(ClaimdeskApp(desk, "bench", [stored]), key, presses))
            times.sort()
            out[f"{key}_median"] = statistics.median(times)
            out[f"{key}_p95"] = times[max(0, int(len(times) * 0.95) - 1)]
    times = asyncio.run(_press_times(BareTable.app(len(extracted)), "down", presses))
    out["bare_median"] = statistics.median(times)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only-keys", action="store_true", help="skip the launch timings")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()

    if args.only_keys:
        keys = bench_keys(args.claims, args.presses)
        print({k: round(v, 1) for k, v in keys.items()})
        return
    launch = bench_launch(args.runs)
    print(f"launch (median of {args.runs}, ms):")
    print(f"  bare Textual app                     {launch['bare']:8.1f}")
    print(f"  seed already on the desk             {launch['imported']:8.1f}")
    print(f"  seed not imported: text on screen    {launch['new_text']:8.1f}")
    print(f"  seed not imported: claims listed     {launch['new_claims']:8.1f}")
    keys = bench_keys(args.claims, args.presses)
    print(f"key press on an article with {int(keys['claims'])} claims (ms):")
    for key, name in (("j", "j next claim"), ("v", "v verify (durable)")):
        print(f"  {name:22s} median {keys[key + '_median']:6.1f}   p95 {keys[key + '_p95']:6.1f}")
    print(f"  {'bare DataTable, down':22s} median {keys['bare_median']:6.1f}")
    ratio = launch["imported"] / launch["bare"] if launch["bare"] else float("nan")
    print()
    print(f"launch_bare_ms: {launch['bare']:.0f}")
    print(f"launch_imported_ms: {launch['imported']:.0f}")
    print(f"launch_imported_vs_bare: {ratio:.2f}")
    print(f"launch_new_text_ms: {launch['new_text']:.0f}")
    print(f"launch_new_claims_ms: {launch['new_claims']:.0f}")
    print(f"claims_in_article: {int(keys['claims'])}")
    print(f"key_next_median_ms: {keys['j_median']:.1f}")
    print(f"key_next_p95_ms: {keys['j_p95']:.1f}")
    print(f"key_verify_median_ms: {keys['v_median']:.1f}")
    print(f"key_verify_p95_ms: {keys['v_p95']:.1f}")
    print(f"key_bare_table_median_ms: {keys['bare_median']:.1f}")
    print(
        f"target_first_screen_ms: 1000 (and <= 2x bare) -> "
        f"{'met' if launch['imported'] <= 1000 and ratio <= 2 else 'MISSED'}"
    )
    worst = max(keys["j_median"], keys["v_median"])
    print(f"target_key_press_ms: 50 -> {'met' if worst <= 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
