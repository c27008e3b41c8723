"""The app around the review screen: help, palette, article list, imports in a worker,
hostile article text, narrow terminals and the ``open`` command's errors."""

from __future__ import annotations

import subprocess
import sys

import pytest
from rich.text import Text

from core.model import Status
from tests.tui.pilot_helpers import SIZE, settle, wait_for_palette
from tui.screens.article_list import ArticleListScreen, progress_bar
from tui.screens.help import HelpScreen
from tui.screens.review import ReviewScreen
from tui.widgets.article_view import ArticleView
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio


async def test_help_lists_every_binding_with_description_and_id(
    seeded_desk, seed_article, make_app
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        review = app.screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table")
        listed = {str(table.get_row_at(i)[2]) for i in range(table.row_count)}
        for binding in [*review.BINDINGS, *app.BINDINGS]:
            assert binding.description, binding
            assert binding.id, binding
            assert binding.id in listed
        for key in ("v", "c", "f", "s", "i", "d", "u", "ctrl+y", "n", "a", "slash", "tab"):
            assert any(key in b.key.split(",") for b in review.BINDINGS), key
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is review


async def test_command_palette_runs_actions_by_name(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.query_one(ClaimsTable).current_id
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Needs source")
        await wait_for_palette(pilot, "Needs source")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert seeded_desk.claim(target).status == Status.NEEDS_SOURCE


async def test_article_list_shows_progress_and_opens(seeded_desk, seed_article, make_app):
    from core.review import Review

    first = seeded_desk.claims(seed_article.id)[0]
    Review(seeded_desk, "tester").set_status(first.id, "verified")
    app = make_app(seeded_desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ArticleListScreen)
        table = app.screen.query_one("#articles")
        assert table.row_count == 1
        row = table.get_row(seed_article.id)
        total = len(seeded_desk.claims(seed_article.id))
        assert str(row[2]).endswith(f" 1/{total}")
        assert "✓1" in str(row[3])
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.id == seed_article.id


def test_progress_bar_text():
    assert progress_bar(0, 0, width=4) == "░░░░ 0/0"
    assert progress_bar(1, 2, width=4) == "██░░ 1/2"
    assert progress_bar(3, 3, width=4) == "████ 3/3"


async def test_new_article_shows_text_at_once_then_claims_from_worker(desk, seed_path, make_app):
    from core.ingest import read_article

    article = read_article(seed_path)
    app = make_app(desk, [article])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.query_one(ArticleView).text == article.text
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not screen.pending
        stored = desk.claims(article.id)
        assert stored, "the worker imported the claims into the desk"
        assert screen.query_one(ClaimsTable).row_count == len(stored)
        assert str(screen.query_one("#progress").render()) == f"0 of {len(stored)} reviewed"


async def test_several_paths_open_first_and_list_the_others(desk, tmp_path, seed_text, make_app):
    from core.ingest import read_article

    one = tmp_path / "one.txt"
    two = tmp_path / "two.txt"
    one.write_text(seed_text, encoding="utf-8")
    two.write_text("Officials said 41 people were hurt in the blast on Monday.\n", "utf-8")
    app = make_app(desk, [read_article(one), read_article(two)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.source.endswith("one.txt")
        sources = sorted(a.source for a in desk.articles())
        assert [s.rsplit("/", 1)[-1] for s in sources] == ["one.txt", "two.txt"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#articles").row_count == 2


async def test_markup_and_control_characters_are_shown_as_text(desk, make_app):
    from core.ingest import article_from_text
    from core.review import Review

    text = "[bold red]Alert[/] \x1b[31mred\x1b[0m [Mexico] said 41 people\x07 were hurt.\n"
    article = article_from_text(text, source="hostile.txt", title="[b]Hostile[/b]")
    from core.extract import extract_claims

    Review(desk, "tester").import_article(article, extract_claims(article))
    stored = desk.article(article.id)
    app = make_app(desk, [stored])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        shown = "".join(str(block.render()) for block in view.children)
        assert "[bold red]Alert[/]" in shown
        assert "[Mexico]" in shown
        assert "\x1b" not in shown and "\x07" not in shown
        assert len(shown) == len(stored.text.rstrip("\n"))  # offsets kept
        title = str(app.screen.query_one("#title").render())
        assert "[b]Hostile[/b]" in title or stored.title in title


async def test_narrow_terminal_stacks_panes_and_hides_detail(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("narrow")
        assert (
            not screen.query_one("#detail").display or screen.query_one("#detail").size.height == 0
        )
        article = screen.query_one(ArticleView).region
        claims = screen.query_one(ClaimsTable).region
        assert article.bottom <= claims.y  # stacked, article above
        assert claims.height >= 5
        await pilot.press("v")
        assert seeded_desk.claims(seed_article.id)[0].status == Status.VERIFIED
        # tab, tab: the detail takes the article's place; tab again: back to the article.
        await pilot.press("tab", "tab")
        await pilot.pause()
        assert screen.query_one("#detail").display and screen.query_one("#detail").size.height
        assert not screen.query_one(ArticleView).display
        await pilot.press("tab")
        await pilot.pause()
        assert screen.query_one(ArticleView).display
        assert screen.query_one(ClaimsTable).has_focus


def test_open_command_reports_missing_file_in_one_line(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "cli",
            "open",
            str(tmp_path / "missing.txt"),
            "--desk",
            str(tmp_path / "d.json"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimdesk: error:")
    assert "Traceback" not in result.stderr


def test_status_cell_reads_without_colour():
    from tui.display import status_cell

    cell = status_cell({}, Status.NEEDS_SOURCE)
    assert isinstance(cell, Text)
    assert cell.plain == "? needs source"


async def test_detail_shows_claims_seen_before_in_other_articles(desk, make_app):
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from core.review import Review

    review = Review(desk, "tester")
    sentence = "Mexico has expelled 26 alleged high-ranking cartel members to the United States."
    first = article_from_text(f"{sentence}\n", source="first.txt")
    second = article_from_text(f"On Tuesday, {sentence}\n", source="second.txt")
    for article in (first, second):
        review.import_article(article, extract_claims(article))
    old = next(c for c in desk.claims(first.id) if c.key_figure and c.key_figure.text == "26")
    review.set_status(old.id, "verified")

    app = make_app(desk, [desk.article(second.id)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        detail = str(app.screen.query_one("#detail").content)
        assert "Seen before" in detail
        assert "✓" in detail.split("Seen before", 1)[1]


async def test_changed_file_is_reimported_and_reviews_carried(desk, tmp_path, seed_text, make_app):
    """An article opened from the desk's copy is re-read in a worker; when the file changed
    it is imported again and the verdicts already given survive."""
    from core.importing import import_path
    from core.review import Review
    from tui import stored_article

    path = tmp_path / "article.txt"
    path.write_text(seed_text, encoding="utf-8")
    import_path(desk, path, "tester")
    stored = stored_article(desk, str(path))
    assert stored is not None
    target = next(c for c in desk.claims(stored.id) if c.key_figure.text == "26")
    Review(desk, "tester").set_status(target.id, "verified")
    path.write_text(seed_text + "\nOfficials said 41 people were hurt on Monday.\n", "utf-8")

    before = len(desk.claims(stored.id))
    app = make_app(desk, [stored], recheck=[(str(path), stored.id)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert desk.article(stored.id).version == 2
        assert app.screen.query_one(ClaimsTable).row_count > before
        assert "41" in app.screen.query_one(ArticleView).text
        carried = next(c for c in desk.claims(stored.id) if c.key_figure.text == "26")
        assert carried.status == Status.VERIFIED


async def test_list_paging_keys(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimsTable)
        ids = table.row_ids()
        await pilot.press("end")
        assert table.current_id == ids[-1]
        await pilot.press("home")
        assert table.current_id == ids[0]
        await pilot.press("pagedown")
        assert table.current_id == ids[-1]  # the seed's list fits on one page
        await pilot.press("pageup")
        await pilot.pause()
        assert table.current_id == ids[0]
        assert app.screen.query_one(ArticleView).selected == ids[0]


async def test_another_story_saved_over_a_reviewed_file_opens_as_a_new_article(
    desk, tmp_path, seed_text, make_app
):
    """The file opened from the desk's copy now holds a different story: it is imported as
    a new article beside the reviewed one (whose verdicts stay), and the screen says so."""
    from core.importing import import_path
    from core.review import Review
    from tests.tui.pilot_helpers import notified
    from tui import stored_article

    path = tmp_path / "article.txt"
    path.write_text(seed_text, encoding="utf-8")
    import_path(desk, path, "tester")
    stored = stored_article(desk, str(path))
    review = Review(desk, "tester")
    for claim in desk.claims(stored.id):
        review.set_status(claim.id, "verified")
    path.write_text(
        "Flooding closed 14 schools in the north of the county on Tuesday.\n\n"
        "The council said 230 homes were without power.\n",
        "utf-8",
    )
    app = make_app(desk, [stored], recheck=[(str(path), stored.id)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(desk.articles()) == 2
        assert {c.status for c in desk.claims(stored.id)} == {Status.VERIFIED}
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.article.id != stored.id
        assert "Flooding" in screen.query_one(ArticleView).text
        assert any("not a new version of" in text for text in notified(app))
        assert stored_article(desk, str(path)).id == screen.article.id
