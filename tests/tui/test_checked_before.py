""" "Checked before" in the workbench: the known fact-checks of the selected claim, and
``K`` applying the first one (status from its rating, the check as a source, the history
saying where the verdict came from), undone by ``u``.

Each test checks the desk, not only the screen: the point is what was saved.
"""

from __future__ import annotations

import json

import pytest

from core.checks.library import import_files
from core.model import Status
from tests.check_samples import claimreview
from tests.tui.pilot_helpers import go_to_claim, notified, press, settle
from tui.widgets.checked_before import CheckedBefore

pytestmark = pytest.mark.anyio

CHECK_URL = "https://factcheck.example/2025/mexico-29"


def _feed(tmp_path, rating: str = "False"):
    checks = [
        claimreview(
            CHECK_URL,
            "Mexico handed over 29 cartel figures to the United States in February.",
            "How many cartel figures did Mexico send to the US?",
            "PolitiFact",
            rating,
            "Mexican government",
            "2025-02-28",
        ),
        claimreview(
            "https://factcheck.example/2024/moon",
            "The moon landing was filmed in a studio.",
            "Kubrick did not film the moon landing",
            "Lead Stories",
            "False",
            "Website",
            "2023-10-11",
        ),
    ]
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(checks), encoding="utf-8")
    return path


async def test_the_pane_shows_what_was_checked_before(tmp_path, seeded_desk, seed_article, on_seed):
    import_files(seeded_desk, [_feed(tmp_path)])
    async with on_seed("26") as (app, pilot, _claim):
        panel = app.screen.query_one(CheckedBefore)
        assert panel.display
        shown = str(panel.content)
        assert "False · PolitiFact · 2025-02-28" in shown
        assert "Mexico handed over 29 cartel figures" in shown
        assert CHECK_URL in shown
        assert "checked before: 29; here: 26" in shown
        assert "moon" not in shown  # only checks close enough to be the same claim
        await go_to_claim(pilot, seeded_desk, seed_article.id, "90-day")
        await settle(pilot)
        assert not panel.display  # nothing checked before about the exemption


async def test_k_applies_the_check_and_u_takes_it_back(tmp_path, seeded_desk, on_seed):
    import_files(seeded_desk, [_feed(tmp_path)])
    async with on_seed("26") as (app, pilot, claim):
        await pilot.press("K")
        await settle(pilot)
        saved = seeded_desk.claim(claim.id)
        assert saved.status == Status.FALSE
        assert [s.url for s in saved.sources] == [CHECK_URL]
        event = seeded_desk.events(claim.id)[-1]
        assert event.action == "apply_check"
        assert "PolitiFact (2025-02-28) rated it 'False'" in event.detail
        assert CHECK_URL in event.detail
        assert any("Applied false" in n for n in notified(app))
        await pilot.press("u")
        await settle(pilot)
        undone = seeded_desk.claim(claim.id)
        assert undone.status == Status.UNREVIEWED and undone.sources == []


async def test_an_ambiguous_rating_leaves_the_verdict_to_the_reviewer(
    tmp_path, seeded_desk, on_seed
):
    import_files(seeded_desk, [_feed(tmp_path, rating="Misleading")])
    async with on_seed("26") as (app, pilot, claim):
        await pilot.press("K")
        await settle(pilot)
        saved = seeded_desk.claim(claim.id)
        assert saved.status == Status.UNREVIEWED
        assert [s.url for s in saved.sources] == [CHECK_URL]
        assert "status left to the reviewer" in seeded_desk.events(claim.id)[-1].detail
        assert any("does not decide a verdict here" in n for n in notified(app))


async def test_the_status_map_is_configurable(tmp_path, monkeypatch, seeded_desk, on_seed):
    table = tmp_path / "map.toml"
    table.write_text('[ratings]\n"Misleading" = "inconclusive"\n', encoding="utf-8")
    monkeypatch.setenv("CLAIMDESK_CHECK_STATUS_MAP", str(table))
    import_files(seeded_desk, [_feed(tmp_path, rating="Misleading")])
    async with on_seed("26") as (_app, pilot, claim):
        await pilot.press("K")
        await settle(pilot)
        assert seeded_desk.claim(claim.id).status == Status.INCONCLUSIVE


async def test_k_without_a_known_check_changes_nothing(seeded_desk, on_seed):
    async with on_seed("26") as (app, pilot, _claim):
        assert not app.screen.query_one(CheckedBefore).display
        await press(pilot, "K")
        assert {e.action for e in seeded_desk.events()} == {"import"}
        assert any("No known fact-check" in n for n in notified(app))
