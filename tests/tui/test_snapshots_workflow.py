"""Snapshots of the day's-work screens: the desk-wide queue, the filter with fields, a
remapped key in the footer. Update with ``--snapshot-update`` and look at the report."""

from __future__ import annotations

from tests.tui.pilot_helpers import find_claim, wait_for_queue

SIZE = (120, 36)


async def _settle(pilot):
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def _sent_for_sourcing(desk, article):
    from core.review import Review

    review = Review(desk, "tester")
    for figure in ("90-day", "29"):
        review.set_status(find_claim(desk, article.id, figure).id, "needs_source")


def test_queue_screen(snap_compare, pinned_desk, pinned_article, make_app):
    _sent_for_sourcing(pinned_desk, pinned_article)

    async def queue(pilot):
        await _settle(pilot)
        await pilot.press("w")
        await wait_for_queue(pilot)

    assert snap_compare(make_app(pinned_desk), terminal_size=SIZE, run_before=queue)


def test_filter_by_status_written_with_a_space(snap_compare, pinned_desk, pinned_article, make_app):
    _sent_for_sourcing(pinned_desk, pinned_article)

    async def filtered(pilot):
        await _settle(pilot)
        await pilot.press("slash", *"needs source", "enter")
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=SIZE, run_before=filtered
    )


def test_remapped_key_in_the_footer(snap_compare, pinned_desk, pinned_article):
    from tui.app import ClaimdeskApp

    app = ClaimdeskApp(
        pinned_desk, "tester", [pinned_article], keymap={"review.verified": "y", "app.help": "f1"}
    )
    assert snap_compare(app, terminal_size=SIZE, run_before=_settle)


def test_export_form_for_claimreview(
    snap_compare, pinned_desk, pinned_article, make_app, monkeypatch
):
    """The fields Google requires that the settings leave empty, named before exporting."""
    for name in ("CLAIMDESK_ORG_NAME", "CLAIMDESK_ORG_URL", "CLAIMDESK_REVIEW_URL"):
        monkeypatch.delenv(name, raising=False)

    async def export_form(pilot):
        await _settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        pilot.app.screen.query_one("#path").value = "/exports/claimdesk-export.json"
        await pilot.pause()
        pilot.app.screen.query_one("#format").value = "claimreview"
        await pilot.pause()

    assert snap_compare(
        make_app(pinned_desk, [pinned_article]), terminal_size=SIZE, run_before=export_form
    )
