"""Moving through the day's work: the next and previous article, importing an article
from a path prompt, skipping a claim for later, the statistics since the workbench
opened and the marks on flagged claims. Each drives the real app on a real desk."""

from __future__ import annotations

import pytest

from core.model import Status
from tests.tui.pilot_helpers import SIZE, find_claim, go_to_claim, notified, paste, settle
from tui.screens.review import ReviewScreen
from tui.widgets.claims_table import ClaimsTable

pytestmark = pytest.mark.anyio

SECOND = (
    "Budget plans\n\nThe ministry will spend €3.5 billion on roads, officials said on Monday.\n"
)


def _table(app) -> ClaimsTable:
    return app.screen.query_one(ClaimsTable)


def _progress(app) -> str:
    return str(app.screen.query_one("#progress").render())


def _add_article(desk, text: str, source: str):
    from core.extract import extract_claims
    from core.importing import import_article
    from core.ingest import article_from_text
    from core.review import Review

    article = article_from_text(text, source=source)
    return import_article(Review(desk, "tester"), article, extract_claims(article)).article


async def test_brackets_move_between_articles_in_the_list_order(
    pinned_desk, pinned_article, make_app
):
    second = _add_article(pinned_desk, SECOND, "budget.txt")
    order = [a.id for a in pinned_desk.articles()]
    assert order.index(second.id) == order.index(pinned_article.id) + 1
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.id == second.id
        assert [c.key_figure.text for c in app.screen.claims.values()] == ["€3.5 billion"]
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.article.id == second.id
        assert "This is the last article on the desk." in notified(app)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.screen.article.id == pinned_article.id
        # one review screen at a time: escape goes back to the list
        assert sum(isinstance(s, ReviewScreen) for s in app.screen_stack) == 1


async def test_import_prompt_completes_with_tab_and_opens_the_new_article(
    pinned_desk, pinned_article, make_app, tmp_path, monkeypatch
):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "budget-roads.txt").write_text(SECOND, encoding="utf-8")
    (folder / "other.md").write_text("Other\n\nNothing.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        box = app.screen.query_one("#import-path")
        await pilot.press(*"art", "tab")
        assert box.value == "articles/"
        await pilot.press("b", "tab")
        assert box.value == "articles/budget-roads.txt"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.source.endswith("budget-roads.txt")
        stored = {a.id: a for a in pinned_desk.articles()}
        assert app.screen.article.id in stored
        figures = [c.key_figure.text for c in pinned_desk.claims(app.screen.article.id)]
        assert figures == ["€3.5 billion"]
        assert _table(app).row_count == 1
        assert _progress(app) == "0 of 1 reviewed"


async def test_import_prompt_names_a_missing_file_and_stays_open(
    pinned_desk, pinned_article, make_app, tmp_path
):
    from tui.screens.import_prompt import ImportPrompt

    app = make_app(pinned_desk, [pinned_article])
    count = len(pinned_desk.articles())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await paste(pilot, str(tmp_path / "nope.txt"))  # typed key by key: the test above
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ImportPrompt)
        error = str(app.screen.query_one("#import-error").render())
        assert error == f"No such file: {tmp_path / 'nope.txt'}"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    assert len(pinned_desk.articles()) == count


async def test_an_unreadable_file_is_one_notification_and_nothing_saved(
    pinned_desk, pinned_article, make_app, tmp_path
):
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    app = make_app(pinned_desk, [pinned_article])
    count = len(pinned_desk.articles())
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        await paste(pilot, str(binary))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.id == pinned_article.id
        assert any(text.startswith("Not imported: ") for text in notified(app))
    assert len(pinned_desk.articles()) == count


async def test_skip_leaves_the_claim_unreviewed_and_next_unreviewed_passes_it_by(
    pinned_desk, pinned_article, make_app
):
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = _table(app)
        rows = table.row_ids()
        assert table.current_id == rows[0]
        await pilot.press("l")
        await pilot.pause()
        assert table.current_id == rows[1]
        assert pinned_desk.claim(rows[0]).status == Status.UNREVIEWED
        # a verdict on the last claim wraps round to the first unreviewed: not the skipped
        table.move_to(rows[-1])
        await pilot.press("v")
        await pilot.pause()
        assert table.current_id == rows[1]
        # remembered in another article and back
        await pilot.press("escape")
        await settle(pilot)
        app.open_article(pinned_article)
        await settle(pilot)
        assert _table(app).current_id == rows[1]


async def test_skipping_the_last_unreviewed_claim_says_so(pinned_desk, pinned_article, make_app):
    from core.review import Review

    review = Review(pinned_desk, "tester")
    claims = pinned_desk.claims(pinned_article.id)
    for claim in claims[1:]:
        review.set_status(claim.id, "verified")
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert _table(app).current_id == claims[0].id
        await pilot.press("l")
        await pilot.pause()
        assert _table(app).current_id == claims[0].id
        assert notified(app)[-1].endswith("No other unreviewed claim here: 1 skipped left.")


async def test_statistics_count_decisions_by_status_and_undo_takes_one_back(
    pinned_desk, pinned_article, make_app
):
    from tui.screens.statistics import StatisticsScreen

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v", "s", "f", "u")
        await pilot.pause()
        assert _progress(app) == "2 of 10 reviewed · 2 since opening"
        await pilot.press("l", "t")
        await pilot.pause()
        assert isinstance(app.screen, StatisticsScreen)
        text = str(app.screen.query_one("#statistics").render())
        assert text.startswith("2 claims decided in 0:00 — pace after a minute")
        assert "✓ verified: 1" in text and "? needs source: 1" in text
        assert "false" not in text
        assert text.endswith("Skipped for later: 1")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)


async def test_statistics_are_in_the_palette(pinned_desk, pinned_article, make_app):
    from tui.commands import ActionCommands
    from tui.screens.help import bindings_of

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        ids = {b.id for b in bindings_of(app.screen)}
        assert {
            "review.next_article",
            "review.previous_article",
            "review.skip",
            "review.detail",
            "app.import",
            "app.statistics",
        } <= ids
        names = [name for name, _, _ in ActionCommands(app.screen)._commands()]
        assert "Statistics: decided, pace" in names


async def test_remapped_flow_keys_work(pinned_desk, pinned_article):
    from tests.tui.conftest import _noting
    from tui.app import ClaimdeskApp

    second = _add_article(pinned_desk, SECOND, "budget.txt")
    app = _noting(
        ClaimdeskApp(
            pinned_desk, "tester", [pinned_article], keymap={"review.next_article": "ctrl+n"}
        )
    )
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.article.id == pinned_article.id
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.screen.article.id == second.id


async def test_a_figure_changed_since_review_is_marked_in_the_list(
    pinned_desk, pinned_article, make_app
):
    from core.extract import extract_claims
    from core.importing import import_article
    from core.ingest import article_from_text
    from core.review import Review

    review = Review(pinned_desk, "tester")
    review.set_status(find_claim(pinned_desk, pinned_article.id, "26").id, "verified")
    text = pinned_article.text.replace("expelled 26", "expelled 27")
    assert text != pinned_article.text
    changed = article_from_text(text, source=pinned_article.source)
    import_article(review, changed, extract_claims(changed))
    app = make_app(pinned_desk, [pinned_desk.article(pinned_article.id)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        flagged = find_claim(pinned_desk, pinned_article.id, "27")
        assert flagged.flags
        assert _table(app).get_row(flagged.id)[-2] == "⚑"
        others = [cid for cid in _table(app).row_ids() if cid != flagged.id]
        assert all("⚑" not in _table(app).get_row(cid)[-2] for cid in others)


async def test_detail_pane_is_one_key_away_at_80_by_24(pinned_desk, pinned_article, make_app):
    from tui.widgets.article_view import ArticleView
    from tui.widgets.detail_pane import DetailPane

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(DetailPane)
        article = app.screen.query_one(ArticleView)
        assert not detail.display and article.display
        await pilot.press("z")
        await pilot.pause()
        assert detail.display and not article.display
        assert detail.size.height > 3
        await pilot.press("j")  # the list keeps the keys: the detail follows the cursor
        await pilot.pause()
        assert str(detail.content).splitlines()[1].startswith("hold Mexico")
        await pilot.press("z")
        await pilot.pause()
        assert not detail.display and article.display


async def test_z_folds_the_detail_away_on_a_wide_screen(pinned_desk, pinned_article, make_app):
    from tui.widgets.detail_pane import DetailPane

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table_height = _table(app).size.height
        await pilot.press("z")
        await pilot.pause()
        assert not app.screen.query_one(DetailPane).display
        assert _table(app).size.height > table_height


async def test_footer_keeps_help_at_80_columns(pinned_desk, pinned_article, make_app):
    from textual.widgets._footer import FooterKey

    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [k for k in app.screen.query(FooterKey) if k.action == "help"]
        assert len(keys) == 1
        region = keys[0].region
        assert region.width > 0 and region.right <= 80


async def test_figure_column_widens_and_values_read_as_written(
    pinned_desk, pinned_article, make_app
):
    from tui.widgets.detail_pane import DetailPane

    second = _add_article(pinned_desk, SECOND, "budget.txt")
    for size in ((80, 24), SIZE):
        app = make_app(pinned_desk, [second])
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            line = _table(app).render_line(1).text
            assert "€3.5 billion " in line, line
            await pilot.press("z") if size == (80, 24) else None
            await pilot.pause()
            detail = str(app.screen.query_one(DetailPane).content)
            assert "money  €3.5 billion" in detail
            assert "3500000000" not in detail
    app = make_app(pinned_desk, [pinned_article])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = [_table(app).render_line(y).text for y in range(1, 12)]
        assert any("February 2015 " in line for line in lines), lines
        await go_to_claim(pilot, pinned_desk, pinned_article.id, "90-day")
        await pilot.press("z")
        await pilot.pause()
        assert "duration  90 days" in str(app.screen.query_one(DetailPane).content)


async def test_article_list_keeps_progress_and_counts_at_80_columns(
    pinned_desk, pinned_article, make_app
):
    from core.review import Review

    Review(pinned_desk, "tester").set_status(
        find_claim(pinned_desk, pinned_article.id, "26").id, "verified"
    )
    app = make_app(pinned_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#articles")
        header, row = (table.render_line(y).text for y in (0, 1))
        assert "Progress" in header and "By status" in header
        assert "1/10" in row and "✓1" in row and "·9" in row
        assert len(row.rstrip()) <= 80


def test_path_completion(tmp_path, monkeypatch):
    from tui.screens.import_prompt import complete, path_problem

    (tmp_path / "reports").mkdir()
    (tmp_path / "report-a.txt").write_text("a")
    (tmp_path / "report-b.txt").write_text("b")
    (tmp_path / ".hidden.txt").write_text("h")
    monkeypatch.chdir(tmp_path)
    assert complete("rep") == "report"  # as far as the names agree
    assert complete("reports") == "reports/"
    assert complete("report-a") == "report-a.txt"
    assert complete("zzz") == "zzz"
    assert complete("") == "report"  # hidden names only when a dot is typed
    assert complete(".h") == ".hidden.txt"
    assert complete(f"{tmp_path}/report-") == f"{tmp_path}/report-"
    assert complete(f"{tmp_path}/reports") == f"{tmp_path}/reports/"
    monkeypatch.setenv("HOME", str(tmp_path))
    assert complete("~/report-b") == "~/report-b.txt"
    assert path_problem("~/report-b.txt") is None
    assert (
        path_problem("reports") == "reports is a folder: pick a file in it (tab lists its names)."
    )
    assert path_problem("  ") == "Type the path of an article (tab completes)."


async def test_a_remapped_key_keeps_its_place_in_the_footer(pinned_desk, pinned_article):
    from textual.widgets._footer import FooterKey

    from tui.app import ClaimdeskApp

    app = ClaimdeskApp(pinned_desk, "tester", [pinned_article], keymap={"review.verified": "y"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        keys = [k.key for k in app.screen.query(FooterKey)]
        assert keys[:3] == ["question_mark", "y", "c"]
