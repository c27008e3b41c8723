"""Which claims a verdict settles is decided in core, once: the workbench and
``claimdesk set --repeats together`` give the same answer."""

from __future__ import annotations

import pytest

from core.desk import Desk
from core.model import Status
from core.repeats import Repeats
from core.review import Review

REPEATS = (
    "Mexico has expelled 26 alleged cartel members to the United States, officials said.\n\n"
    "Officials said 41 people were hurt in the clashes on Monday.\n\n"
    "The government confirmed that Mexico expelled 26 alleged cartel members to the "
    "United States this week.\n\n"
    "Tariffs of 25 per cent were imposed on steel.\n"
)


@pytest.fixture(scope="module")
def extracted():
    from core.extract import extract_claims
    from core.ingest import article_from_text

    article = article_from_text(REPEATS, source="repeats.txt")
    return article, extract_claims(article)


@pytest.fixture
def desk_path(tmp_path, extracted):
    from core.model import Article, Claim

    article, claims = extracted
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        Review(desk, "importer").import_article(
            Article.from_dict(article.to_dict()), [Claim.from_dict(c.to_dict()) for c in claims]
        )
    return path


def _by_figure(desk, figure):
    return [c for c in desk.claims() if c.key_figure and c.key_figure.text == figure]


def test_together_settles_the_repeats_in_step_in_one_batch(desk_path):
    with Desk.open(desk_path) as desk:
        first, third = _by_figure(desk, "26")
        (hurt,) = _by_figure(desk, "41")
        review = Review(desk, "ann")
        settled = review.settle(
            first.id, lambda cid: review.set_status(cid, "verified"), Repeats.TOGETHER
        )
        assert [c.id for c in settled.claims] == [first.id, third.id]
        assert settled.left == 0
        assert desk.claim(third.id).status == Status.VERIFIED
        assert desk.claim(hurt.id).status == Status.UNREVIEWED
        review.undo()
        assert {desk.claim(c.id).status for c in (first, third)} == {Status.UNREVIEWED}


def test_alone_settles_one_claim_and_a_repeat_with_its_own_verdict_is_left(desk_path):
    with Desk.open(desk_path) as desk:
        first, third = _by_figure(desk, "26")
        review = Review(desk, "ann")
        alone = review.settle(first.id, lambda cid: review.set_status(cid, "false"))
        assert [c.id for c in alone.claims] == [first.id] and alone.left == 0
        assert desk.claim(third.id).status == Status.UNREVIEWED
        together = review.settle(
            third.id, lambda cid: review.set_status(cid, "verified"), Repeats.TOGETHER
        )
        assert [c.id for c in together.claims] == [third.id]
        assert together.left == 1  # the first has a verdict of its own
        assert desk.claim(first.id).status == Status.FALSE


def test_cli_set_repeats_together(desk_path, capsys):
    from cli import main

    with Desk.open(desk_path) as desk:
        first, third = _by_figure(desk, "26")
    args = ["set", first.id, "--status", "verified", "--desk", str(desk_path), "--reviewer", "r"]
    assert main([*args, "--repeats", "together"]) == 0
    out = capsys.readouterr().out
    assert "repeat, settled with it" in out and third.id in out
    with Desk.open(desk_path) as desk:
        assert desk.claim(third.id).status == Status.VERIFIED
    assert main(["undo", "--desk", str(desk_path), "--reviewer", "r"]) == 0
    assert "1 more changed with it" in capsys.readouterr().out


def test_cli_set_decides_alone_by_default(desk_path, capsys):
    from cli import main

    with Desk.open(desk_path) as desk:
        first, third = _by_figure(desk, "26")
    assert main(["set", first.id, "--status", "false", "--desk", str(desk_path)]) == 0
    with Desk.open(desk_path) as desk:
        assert desk.claim(first.id).status == Status.FALSE
        assert desk.claim(third.id).status == Status.UNREVIEWED
    assert (
        main(
            [
                "set",
                third.id,
                "--status",
                "verified",
                "--repeats",
                "together",
                "--desk",
                str(desk_path),
            ]
        )
        == 0
    )
    assert "left as is: 1 repeat with a verdict of its own" in capsys.readouterr().out


def test_progress_counts_decided_claims_and_leaves_removed_out():
    from core.progress import progress_of_counts

    counts = {"unreviewed": 2, "verified": 1, "needs_source": 1, "dismissed": 1, "removed": 4}
    progress = progress_of_counts(counts)
    assert (progress.done, progress.total) == (3, 5)
    assert str(progress) == "3/5"
