"""Small helpers shared by the Pilot tests: the terminal size, settling the app, and
finding a claim by the text of its key figure."""

from __future__ import annotations

SIZE = (120, 36)
"""Every Pilot test runs in the same terminal size, so layouts are comparable."""


async def settle(pilot) -> None:
    """Let the app mount, run every worker it starts (and those their results start in
    turn: claims found → repeats grouped → "seen before" indexed), and draw the result.

    The app's start-up delays are zero under test (``conftest.zero_delays``), so nothing
    here waits on a clock: it waits until no worker is left running.
    """
    app = pilot.app
    for _ in range(50):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if all(worker.is_finished for worker in app.workers):
            return
    raise AssertionError("the app kept starting workers")


async def press(pilot, *keys: str):
    """Press ``keys``, let the app handle them, and return the screen they leave open."""
    await pilot.press(*keys)
    await pilot.pause()
    return pilot.app.screen


def notified(app) -> list[str]:
    """Every notification the app was asked to show, oldest first."""
    return list(app.notified)


def find_claim(desk, article_id, figure):
    """The claim of ``article_id`` whose key figure reads ``figure``."""
    for claim in desk.claims(article_id):
        if claim.key_figure is not None and claim.key_figure.text == figure:
            return claim
    raise AssertionError(f"no claim with key figure {figure!r}")


async def go_to_claim(pilot, desk, article_id, figure):
    """Put the claims list's cursor on the claim keyed on ``figure`` and return it."""
    from tui.widgets.claims_table import ClaimsTable

    claim = find_claim(desk, article_id, figure)
    assert pilot.app.screen.query_one(ClaimsTable).move_to(claim.id)
    await pilot.pause()
    return claim


async def wait_for_palette(pilot, text: str, tries: int = 500) -> list[str]:
    """Until the command palette, searching as it is typed into (a worker), lists an
    option whose prompt holds ``text`` (in any case); returns the prompts it lists, best first."""
    from textual.command import CommandList

    for _ in range(tries):
        await pilot.pause(0.02)
        found = pilot.app.screen.query(CommandList)
        if found:
            options = found.first()
            prompts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            if any(text.lower() in prompt.lower() for prompt in prompts):
                await pilot.pause()
                return prompts
    raise AssertionError(f"the palette never listed {text!r}")


async def wait_for_queue(pilot, tries: int = 200) -> None:
    """Until the queue screen has read the desk and listed its claims (a worker)."""
    from tui.screens.queue import QueueScreen

    for _ in range(tries):
        await settle(pilot)
        screen = pilot.app.screen
        if isinstance(screen, QueueScreen) and screen.loaded:
            await pilot.pause()
            return
        await pilot.pause(0.05)
    raise AssertionError("the queue never finished loading")


async def paste(pilot, text: str) -> None:
    """Put ``text`` into the focused field as a terminal delivers a paste: one event,
    handled by the field and the screen as typed text is (its ``Changed``), without the
    screen being drawn again after every character. For tests that check what a field's
    value does; the typing of each field key by key is tested on its own."""
    from textual import events

    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def wait_until(pilot, condition, what: str, timeout: float = 10.0) -> None:
    """Until ``condition()`` holds (checked every 20 ms), instead of a fixed pause long
    enough for it on the slowest machine; fails naming ``what`` after ``timeout`` s."""
    from time import monotonic

    deadline = monotonic() + timeout
    while not condition():
        if monotonic() > deadline:
            raise AssertionError(f"never happened: {what}")
        await pilot.pause(0.02)
