"""The workbench on a team desk: another reviewer's verdict shows up by itself, a stale
decision is refused with the new state shown, who else is on the article, and the
article list's progress by reviewer."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

import pytest

from core.desk import open_desk
from core.review import Review
from tests.tui.pilot_helpers import SIZE, find_claim, settle
from tui.app import ClaimdeskApp

pytestmark = pytest.mark.anyio
CLAIMDESK = str(Path(sys.executable).with_name("claimdesk"))


async def _until(pilot, check, seconds: float) -> float:
    start = time.monotonic()
    while not check():
        if time.monotonic() - start > seconds:
            raise AssertionError("the workbench did not catch up in time")
        await pilot.pause(0.05)
    return time.monotonic() - start


async def test_another_reviewers_verdict_from_the_command_line_shows_up(team_desk, pg_url):
    article = team_desk.articles()[0]
    target = find_claim(team_desk, article.id, "26")
    app = ClaimdeskApp(team_desk, "tester", [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.claims[target.id].status == "unreviewed"
        writer = await asyncio.create_subprocess_exec(
            CLAIMDESK, "set", target.id, "--status", "verified",
            "--desk", pg_url, "--reviewer", "reviewer2",
        )  # fmt: skip
        assert await writer.wait() == 0
        waited = await _until(pilot, lambda: screen.claims[target.id].status == "verified", 5)
        assert waited < 2.0  # within a second or so, on a loaded machine
        assert screen.query_one("#progress").render().plain.startswith("1 of ")


async def test_a_stale_decision_is_refused_and_the_new_state_shown(team_desk, pg_url, monkeypatch):
    from core.team.desk import TeamDesk

    monkeypatch.setattr(TeamDesk, "listen", lambda self, callback: None)  # notice not yet in
    article = team_desk.articles()[0]
    target = find_claim(team_desk, article.id, "26")
    app = ClaimdeskApp(team_desk, "tester", [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        with open_desk(pg_url) as other:
            Review(other, "reviewer2").set_status(target.id, "false")
        from tui.widgets.claims_table import ClaimsTable

        assert app.screen.query_one(ClaimsTable).move_to(target.id)
        await pilot.pause()
        notes = []
        monkeypatch.setattr(app, "notify", lambda text, **kw: notes.append(text))
        await pilot.press("v")
        await pilot.pause()
        assert any("changed by reviewer2 at " in n and ": false;" in n for n in notes), notes
        assert app.screen.claims[target.id].status == "false"
    assert team_desk.claim(target.id).status == "false"
    assert [e.reviewer for e in team_desk.events(target.id)] == ["tester", "reviewer2"]


async def test_who_else_is_on_the_article_is_shown(team_desk, pg_url):
    article = team_desk.articles()[0]
    app = ClaimdeskApp(team_desk, "tester", [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        progress = app.screen.query_one("#progress")
        assert "also here" not in progress.render().plain
        with open_desk(pg_url) as other:
            listener = other.listen(lambda notice: None)
            listener.here("bob", article.id)
            await _until(pilot, lambda: "also here: bob" in progress.render().plain, 5)
            listener.close()
            listener.here  # noqa: B018  (gone: its row no longer counts)
        other_presence = app.live.others(article.id)
        assert other_presence == []


async def test_the_article_list_shows_progress_by_reviewer(team_desk):
    article = team_desk.articles()[0]
    claims = team_desk.claims(article.id)
    Review(team_desk, "ann").set_status(claims[0].id, "verified")
    Review(team_desk, "bob").set_status(claims[1].id, "false")
    Review(team_desk, "bob").set_status(claims[2].id, "dismissed")
    team_desk.assign(article.id, "carol", "editor")
    app = ClaimdeskApp(team_desk, "tester", [])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        from textual.widgets import DataTable

        table = app.screen.query_one("#articles", DataTable)
        cell = table.get_cell(article.id, "reviewers")
        assert str(cell) == "→ carol · bob 2 · ann 1"
