"""``claimdesk serve`` in a real headless browser: Chromium driven by Selenium.

The page draws the terminal on a canvas, so the test reads what the browser's terminal
holds (xterm.js's buffer, reached by a hook installed before the page's script runs),
presses ``v`` as a reviewer would, and then finds the verdict on the desk from outside.

Needs Debian's ``chromium`` and ``chromium-driver`` and the ``selenium`` package; without
them the test is skipped with one reason, unless ``CLAIMDESK_REQUIRE_BROWSER`` is set (as
``.ci/run`` does on CI), where it fails instead.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "mexico-extraditions-tariffs.txt"
CLAIMDESK = str(Path(sys.executable).with_name("claimdesk"))

# Keeps the page's xterm.js Terminal where the test can read it: the page assigns it to
# ``this.terminal`` of its own object, which meets this setter on Object.prototype.
HOOK = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && value.buffer && !window.__claimdeskTerminal) {
      window.__claimdeskTerminal = value;
    }
  },
});
"""

READ_SCREEN = """
const term = window.__claimdeskTerminal;
if (!term) { return null; }
const lines = [];
for (let y = 0; y < term.rows; y++) {
  const line = term.buffer.active.getLine(y);
  lines.push(line ? line.translateToString(true) : "");
}
return lines.join("\\n");
"""


def _browser_parts() -> tuple[str, str]:
    """(chromium, chromedriver), or a skip (a failure where the browser is required)."""
    missing = []
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None:
        missing.append("chromium")
    if driver is None:
        missing.append("chromium-driver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        reason = "the browser test needs " + ", ".join(missing)
        if os.environ.get("CLAIMDESK_REQUIRE_BROWSER"):
            pytest.fail(f"{reason} (CLAIMDESK_REQUIRE_BROWSER is set)")
        pytest.skip(reason)
    return chromium, driver  # type: ignore[return-value]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"claimdesk serve exited: {process.stderr.read()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise AssertionError(f"nothing listening on port {port} after {timeout} s")


def _wait_for_screen(driver, predicate, what: str, timeout: float = 90.0) -> str:
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = driver.execute_script(READ_SCREEN) or ""
        if predicate(screen):
            return screen
        time.sleep(0.05)
    raise AssertionError(f"the browser never showed {what}; it showed:\n{screen}")


def test_review_in_a_real_browser(tmp_path):
    chromium, chromedriver = _browser_parts()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains

    desk = tmp_path / "desk.json"
    env = dict(os.environ, CLAIMDESK_DESK=str(desk), CLAIMDESK_REVIEWER="browser")
    imported = subprocess.run(
        [CLAIMDESK, "import", str(SEED)], env=env, capture_output=True, text=True, timeout=120
    )
    assert imported.returncode == 0, imported.stderr
    port = _free_port()
    server = subprocess.Popen(
        [CLAIMDESK, "serve", str(SEED), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    driver = None
    try:
        _wait_for_port(port, server)
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in (
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1000",
            f"--user-data-dir={tmp_path / 'chromium-profile'}",
        ):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(chromedriver), options=options)
        driver.set_page_load_timeout(60)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})
        driver.get(f"http://127.0.0.1:{port}/")
        # The article and its claims, as the browser's terminal holds them.
        screen = _wait_for_screen(
            driver,
            lambda s: "cartel members" in s and "0 of " in s and "reviewed" in s,
            "the article with its claims",
        )
        assert "extradit" in screen
        driver.execute_script("window.__claimdeskTerminal.focus()")
        ActionChains(driver).send_keys("v").perform()
        screen = _wait_for_screen(driver, lambda s: "1 of " in s, "one claim reviewed")
        exported = subprocess.run(
            [CLAIMDESK, "export", "--status", "verified", "--format", "json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert exported.returncode == 0, exported.stderr
        verified = json.loads(exported.stdout)["claims"]
        assert len(verified) == 1
        assert verified[0]["reviewer"] == "browser"
        figure = verified[0]["figures"][0]["text"]
        assert figure in screen
    finally:
        if driver is not None:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
