"""The workbench under a reviewer's hands: hostile and oversized articles, fast typing,
and the state that must survive every step."""

from __future__ import annotations

from itertools import pairwise

import pytest

from core.model import Claim, Figure
from tests.tui.pilot_helpers import SIZE, settle
from tui.widgets.detail_pane import DetailPane, build_detail

pytestmark = pytest.mark.anyio


def _long_claim(claim_id: str, statement: str, figure_text: str, at: int) -> Claim:
    start = statement.index(figure_text, at)
    return Claim(
        id=claim_id,
        article_id="a",
        statement=statement,
        start=0,
        end=len(statement),
        figures=[
            Figure(
                text=figure_text,
                start=start,
                end=start + len(figure_text),
                kind="count",
                value=int(figure_text),
            )
        ],
    )


def test_detail_of_a_run_on_statement_stays_short_and_keeps_the_key_figure():
    """Text without sentence ends makes statements as long as the article; the detail
    shows a window around the key figure, and each repeat one short excerpt, rather than
    wrapping tens of thousands of characters on every cursor move."""
    statement = " ".join(f"the council spent {i} million on {i + 1000} bridges" for i in range(800))
    claim = _long_claim("c1", statement, "1700", statement.index("spent 700 million"))
    repeats = [_long_claim(f"r{i}", statement, str(1000 + i), 0) for i in range(6)]
    shown = str(build_detail(claim, repeats=repeats))
    assert len(statement) > 30_000
    assert len(shown) < 6_000
    assert "spent 700 million on 1700 bridges" in shown  # the key figure's neighbourhood
    assert "…" in shown


async def test_run_on_article_detail_pane_is_bounded(desk, make_app, frozen_clock):
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from core.review import Review

    # A few figures in one run-on sentence: every claim's statement is the whole run.
    filler = " ".join(["the council spent heavily on roads and bridges"] * 20)
    text = "Figures " + " ".join(f"{filler} then {i + 2} million dollars" for i in range(4))
    article = article_from_text(text, source="runon.txt")
    claims = extract_claims(article)
    Review(desk, "tester").import_article(article, claims)
    stored = desk.article(article.id)
    app = make_app(desk, [stored])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        claim = app.screen.current_claim
        assert claim is not None and len(claim.statement) > 3_000
        shown = str(pane.content)
        assert len(shown) < 2_500
        assert claim.key_figure.text in shown


def test_a_very_long_line_is_cut_into_blocks_at_spaces():
    from tui.widgets.article_view import BLOCK_CHARS, LONG_LINE_CHARS, split_blocks

    line = " ".join(f"word{i}" for i in range(20_000))
    text = "Short first line.\n" + line + "\nLast line."
    blocks = split_blocks(text)
    assert len(blocks) > 10
    assert all(end - start <= LONG_LINE_CHARS for start, end in blocks)
    # Nothing is lost: the blocks and the separators between them (a newline or the one
    # space where a long line was cut) give back the text.
    rebuilt = text[: blocks[0][1]]
    for (_, prev_end), (start, end) in pairwise(blocks):
        assert text[prev_end:start] in ("\n", " ", "")
        rebuilt += text[prev_end:start] + text[start:end]
    assert rebuilt == text
    # A line with no space at all is still cut, losing nothing.
    solid = "x" * (LONG_LINE_CHARS * 3 + 5)
    pieces = split_blocks(solid)
    assert "".join(solid[s:e] for s, e in pieces) == solid
    assert all(e - s <= LONG_LINE_CHARS for s, e in pieces)
    assert LONG_LINE_CHARS > BLOCK_CHARS


async def test_run_on_article_repaints_only_blocks_near_the_cursor(desk, make_app, frozen_clock):
    """On an article that is one long line, moving the cursor restyles the blocks that
    hold the figures involved, not the whole text as one block."""
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from core.review import Review
    from tui.widgets.article_view import LONG_LINE_CHARS, ArticleView

    text = "Figures " + " ".join(
        f"the council spent {i} million dollars on {i + 500} bridges" for i in range(120)
    )
    article = article_from_text(text, source="runon.txt")
    Review(desk, "tester").import_article(article, extract_claims(article))
    app = make_app(desk, [desk.article(article.id)])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        blocks = list(view.children)
        assert len(blocks) > 2
        assert all(len(str(b.render())) <= LONG_LINE_CHARS for b in blocks)
        claim = app.screen.current_claim
        figure = claim.key_figure
        index = view._block_index(figure.start)
        assert view._blocks[index].start <= figure.start < view._blocks[index].end
        # The figure's block knows of the claims whose figures are in it, not every claim
        # whose (article-long) statement passes through it.
        assert len(view._claims_in_block[index]) < len(app.screen.claims) / 2
        await pilot.press("j")
        await pilot.pause()
        assert app.screen.current_claim.id != claim.id


def _burst(app, *keys: str) -> None:
    """Keys arriving together, as from a fast typist or a terminal that sends several
    in one read: all are queued before the app handles the first."""
    from textual import events

    names = {"slash": "/", "enter": "\r", "space": " "}
    for key in keys:
        app.post_message(events.Key(key, names.get(key, key if len(key) == 1 else None)))


async def test_keys_typed_right_after_slash_land_in_the_filter(seeded_desk, seed_article, make_app):
    from tui.widgets.claims_table import ClaimsTable

    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        _burst(app, "slash", "2", "6", "enter")
        await settle(pilot)
        screen = app.screen
        assert screen.filter_query == "26"
        table = screen.query_one(ClaimsTable)
        assert table.has_focus
        assert screen.claims[table.current_id].key_figure.text == "26"


async def test_fields_typed_in_one_go_land_in_their_own_fields(seeded_desk, seed_article, make_app):
    from core.model import Status
    from tui.screens.forms import CorrectForm

    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        target = app.screen.current_claim
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CorrectForm)
        _burst(app, "2", "7", "enter", "w", "enter", "n", "enter")
        await settle(pilot)
        saved = seeded_desk.claim(target.id)
        assert saved.status == Status.CORRECTED
        assert (saved.correction.value, saved.correction.statement, saved.correction.note) == (
            "27",
            "w",
            "n",
        )


async def test_add_claim_text_typed_in_one_go_is_found_before_enter(
    seeded_desk, seed_article, make_app
):
    from core.model import Origin
    from tui.screens.forms import AddClaimForm

    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = len(seeded_desk.claims(seed_article.id))
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, AddClaimForm)
        _burst(app, *[k if k != " " else "space" for k in "delicate equilibrium"], "enter")
        await settle(pilot)
        assert not isinstance(app.screen, AddClaimForm)
        claims = seeded_desk.claims(seed_article.id)
        assert len(claims) == before + 1
        added = [c for c in claims if c.origin == Origin.MANUAL]
        assert [seed_article.text[c.start : c.end] for c in added] == ["delicate equilibrium"]


async def test_slash_typed_in_the_filter_box_is_text(seeded_desk, seed_article, make_app):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", "2", "slash", "6")
        await pilot.pause()
        assert app.screen.filter_query == "2/6"


EXPELLED = "Mexico has expelled 26 alleged cartel members to the United States, officials said."


def _import_text(desk, text: str, source: str, title: str | None = None):
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from core.review import Review

    article = article_from_text(text, source=source, title=title)
    Review(desk, "tester").import_article(article, extract_claims(article))
    return desk.article(article.id)


def _toasts(app) -> list[str]:
    from textual.widgets._toast import Toast

    return [str(toast.render()) for toast in app.screen.query(Toast)]


@pytest.mark.parametrize("title", ["Mexico City [Mexico] round-up", "Budget [/] the fine print"])
async def test_notifications_show_article_titles_as_text(desk, make_app, frozen_clock, title):
    """A title with brackets is text in a notification as everywhere else: "[Mexico]" is
    not swallowed as a style, and a stray "[/]" does not bring the workbench down."""
    from core.review import Review
    from tui.widgets.claims_table import ClaimsTable

    first = _import_text(desk, f"{EXPELLED}\n", "first.txt", title=title)
    second = _import_text(desk, f"On Tuesday, {EXPELLED}\n", "second.txt")
    (old,) = [c for c in desk.claims(first.id) if c.key_figure.text == "26"]
    Review(desk, "tester").set_status(old.id, "verified")
    (target,) = [c for c in desk.claims(second.id) if c.key_figure.text == "26"]
    app = make_app(desk, [second])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ClaimsTable).move_to(target.id)
        await pilot.press("p")
        await settle(pilot)
        await pilot.pause()
        assert desk.claim(target.id).status == "verified"
        assert any(title in shown for shown in _toasts(app)), _toasts(app)


async def test_export_notification_shows_the_path_as_typed(
    seeded_desk, seed_article, make_app, tmp_path
):
    from textual.widgets import Input

    from tui.screens.export import ExportForm

    folder = tmp_path / "[draft]"
    folder.mkdir()
    target = folder / "memo.md"
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ExportForm)
        form.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause()
        assert target.exists()
        assert any(f"Exported 1 claim to {target}" in shown for shown in _toasts(app)), _toasts(app)


async def test_a_figure_too_wide_for_its_column_is_marked_cut(seeded_desk, seed_article, make_app):
    """ "February 2015" cut to "February 201" reads as another figure: the column widens to
    fit it, and where it still cannot a cut shows "…"."""
    from tui.widgets.claims_table import ClaimsTable

    claim = next(
        c
        for c in seeded_desk.claims(seed_article.id)
        if c.key_figure and c.key_figure.text == "February 2015"
    )
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimsTable)
        row = table._row_strip(claim.id, cursor=False).text
        assert "February 2015 " in row  # the column widens to its longest figure
    from tui.widgets.claims_table import _cell

    # narrower than its share of the width allows: still cut, and the cut shows
    assert _cell("February 2015", 12, mark_cut=True) == "February 20…"


async def test_bidi_overrides_cannot_reorder_what_the_reviewer_reads(desk, make_app):
    """U+202E (right-to-left override) makes a terminal that does bidi show "26" as "62";
    embedding, override and isolate controls are shown as visible stand-ins instead,
    one for one (offsets kept). Arabic text itself is left alone."""
    from tui.display import one_line, safe_text
    from tui.widgets.article_view import ArticleView

    hostile = "Officials said \u202e26\u202c people and \u206741\u2069 more were hurt."
    arabic = "قال المسؤولون إن 26 شخصا أصيبوا."
    article = _import_text(desk, f"{hostile}\n{arabic}\n", "bidi.txt")
    app = make_app(desk, [article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        shown = "".join(str(block.render()) for block in view.children)
        assert not set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069") & set(shown)
        assert arabic in shown
        assert len(shown) == len(article.text.rstrip("\n"))
        detail = str(app.screen.query_one("#detail").content)
        assert "\u202e" not in detail and "\u2067" not in detail
    assert len(safe_text(hostile)) == len(hostile)
    assert "\u202e" not in one_line(hostile)


async def test_article_list_moves_with_j_and_k_as_the_review_screen_does(desk, make_app):
    """j j enter on the list opens the third article, not the first."""
    from tui.screens.review import ReviewScreen

    for n in range(3):
        _import_text(desk, f"Officials said {41 + n} people were hurt.\n", f"a{n}.txt")
    app = make_app(desk)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j", "j")
        await pilot.pause()
        await pilot.press("k", "j", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.article.source == "a2.txt"


async def test_leaving_an_article_while_its_claims_are_found_keeps_it_coming(
    desk, make_app, tmp_path, monkeypatch
):
    """Escape during the first extraction goes back to the list; the article is listed
    as being read, and its claims arrive on the desk, not lost with the screen.

    The extraction starts only once the screen is left, so escape comes while the claims
    are being found however fast the machine is (no article long enough to outlast the
    key press is needed)."""
    import threading

    import core.extract
    from core.ingest import read_article

    left = threading.Event()
    extract = core.extract.extract_claims

    def once_left(article, **options):
        left.wait(timeout=10)
        return extract(article, **options)

    monkeypatch.setattr(core.extract, "extract_claims", once_left)
    path = tmp_path / "fresh.txt"
    path.write_text(
        "\n\n".join(f"Officials said {n + 3} people attended meeting {n}." for n in range(40)),
        encoding="utf-8",
    )
    article = read_article(path)
    app = make_app(desk, [article])
    async with app.run_test(size=SIZE) as pilot:
        assert app.screen.pending
        await pilot.press("escape")
        await pilot.pause()
        table = app.screen.query_one("#articles")
        assert table.row_count == 1  # listed while its claims are being found
        assert "finding" in str(table.get_row_at(0)[2])
        assert desk.claims(article.id) == []
        left.set()
        await settle(pilot)
        await pilot.pause()
        assert len(desk.claims(article.id)) >= 40
        assert "finding" not in str(app.screen.query_one("#articles").get_row_at(0)[2])
