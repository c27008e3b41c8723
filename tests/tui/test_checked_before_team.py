""" "Checked before" on a team desk (a real PostgreSQL server), and known checks imported
while the workbench is open showing up on the next claim selected, on both desks."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from core.checks.library import import_files
from core.desk import open_desk
from core.model import Status
from tests.tui.pilot_helpers import SIZE, go_to_claim, settle
from tests.tui.test_checked_before import CHECK_URL, _feed
from tui.widgets.checked_before import CheckedBefore

pytestmark = pytest.mark.anyio
CLAIMDESK = str(Path(sys.executable).with_name("claimdesk"))


async def test_the_team_desks_known_checks_show_and_k_applies_them(
    tmp_path, team_desk, pg_url, make_app
):
    import_files(team_desk, [_feed(tmp_path)])
    article = team_desk.articles()[0]
    app = make_app(team_desk, [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        claim = await go_to_claim(pilot, team_desk, article.id, "26")
        await settle(pilot)
        panel = app.screen.query_one(CheckedBefore)
        assert panel.display
        shown = str(panel.content)
        assert "False · PolitiFact · 2025-02-28" in shown and CHECK_URL in shown
        assert "checked before: 29; here: 26" in shown
        await pilot.press("K")
        await settle(pilot)
    with open_desk(pg_url, readonly=True) as other:  # saved on the server
        saved = other.claim(claim.id)
        assert saved.status == Status.FALSE
        assert [s.url for s in saved.sources] == [CHECK_URL]
        assert other.events(claim.id)[-1].action == "apply_check"


async def _shown_on(pilot, desk, article_id: str, figure: str) -> bool:
    """Select the claim keyed on ``figure``: is anything checked before shown for it?"""
    await go_to_claim(pilot, desk, article_id, figure)
    await settle(pilot)
    return bool(pilot.app.screen.query_one(CheckedBefore).display)


async def test_checks_imported_from_the_command_line_show_on_the_next_claim(
    tmp_path, team_desk, pg_url, make_app
):
    article = team_desk.articles()[0]
    app = make_app(team_desk, [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not await _shown_on(pilot, team_desk, article.id, "26")
        importer = await asyncio.create_subprocess_exec(
            CLAIMDESK, "checks", "import", str(_feed(tmp_path)), "--desk", pg_url,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
        )  # fmt: skip
        assert await importer.wait() == 0
        assert not await _shown_on(pilot, team_desk, article.id, "90-day")  # not about it
        assert await _shown_on(pilot, team_desk, article.id, "26")  # the workbench still open
        assert CHECK_URL in str(app.screen.query_one(CheckedBefore).content)
        target = app.screen.query_one(CheckedBefore)._claim
        await pilot.press("K")
        await settle(pilot)
        assert app.screen.claims[target.id].status == Status.FALSE


async def test_checks_imported_into_an_open_desk_file_show_on_the_next_claim(
    tmp_path, seeded_desk, seed_article, make_app
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert not await _shown_on(pilot, seeded_desk, seed_article.id, "26")
        # The workbench holds the desk file (one writer): the shell's import says so ...
        importer = await asyncio.create_subprocess_exec(
            CLAIMDESK, "checks", "import", str(_feed(tmp_path)), "--desk", str(seeded_desk.path),
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _out, err = await importer.communicate()
        assert importer.returncode == 1 and b"is open in another claimdesk" in err
        assert err.count(b"\n") == 1
        # ... and an import through the workbench's own desk shows on the next claim.
        import_files(seeded_desk, [_feed(tmp_path)])
        assert not await _shown_on(pilot, seeded_desk, seed_article.id, "90-day")
        assert await _shown_on(pilot, seeded_desk, seed_article.id, "26")
        assert CHECK_URL in str(app.screen.query_one(CheckedBefore).content)
