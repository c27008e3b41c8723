"""New version or new article is decided by content, not by path.

A newsroom saves every page as ``article.txt``: a different story saved over a reviewed
one becomes a new article beside it (the reviewed one keeps its claims and verdicts), and
a report never marks reviewed claims removed without saying how many verdicts that
touches. The same story read from .txt, .html and .md is one article.
"""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from cli import main
from core.desk import Desk
from core.model import Status

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "mexico-extraditions-tariffs.txt"
OTHER = (
    "Flooding closed 14 schools in the north of the county on Tuesday.\n\n"
    "The council said 230 homes were without power and 3 roads remained shut.\n\n"
    "Repairs are expected to cost £4 million, officials said.\n"
)


def _import(capsys, desk: Path, *paths: Path) -> tuple[int, str, str]:
    code = main(["import", *map(str, paths), "--desk", str(desk), "--reviewer", "ann"])
    out, err = capsys.readouterr()
    return code, out, err


def _verify_all(desk_path: Path) -> int:
    from core.review import Review

    with Desk.open(desk_path) as desk:
        review = Review(desk, "ann")
        claims = desk.claims()
        for claim in claims:
            review.set_status(claim.id, "verified")
        return len(claims)


def test_a_different_story_saved_at_the_same_path_is_a_new_article(tmp_path, capsys):
    desk = tmp_path / "desk.json"
    page = tmp_path / "article.txt"
    page.write_text(SEED.read_text("utf-8"), "utf-8")
    assert _import(capsys, desk, page)[0] == 0
    reviewed = _verify_all(desk)
    page.write_text(OTHER, "utf-8")
    code, out, _ = _import(capsys, desk, page)
    assert code == 0
    assert "new article" in out and "not a new version of" in out
    assert "which keeps its claims" in out
    with Desk.open(desk, readonly=True) as opened:
        articles = opened.articles()
        assert len(articles) == 2
        first, second = articles
        assert [c.status for c in opened.claims(first.id)] == [Status.VERIFIED] * reviewed
        assert {c.status for c in opened.claims(second.id)} == {Status.UNREVIEWED}
    # the same text again is up to date, and so is the reviewed one
    assert "up to date" in _import(capsys, desk, page)[1]
    page.write_text(SEED.read_text("utf-8"), "utf-8")
    assert "up to date" in _import(capsys, desk, page)[1]


def test_a_new_version_says_how_many_verdicts_its_removals_touch(tmp_path, capsys):
    desk = tmp_path / "desk.json"
    page = tmp_path / "article.txt"
    text = SEED.read_text("utf-8")
    page.write_text(text, "utf-8")
    _import(capsys, desk, page)
    _verify_all(desk)
    lines = text.splitlines()
    cut = "\n".join(line for line in lines if "tariff" not in line.lower())
    page.write_text(cut, "utf-8")
    code, out, _ = _import(capsys, desk, page)
    assert code == 0 and "version 2:" in out
    removed = int(out.split(" removed")[0].rsplit(" ", 1)[-1])
    assert removed > 0
    assert f"{removed} removed ({removed} with verdicts)" in out


def test_a_new_version_without_reviewed_removals_does_not_mention_verdicts(tmp_path, capsys):
    desk = tmp_path / "desk.json"
    page = tmp_path / "article.txt"
    text = SEED.read_text("utf-8")
    page.write_text(text, "utf-8")
    _import(capsys, desk, page)
    page.write_text("\n".join(x for x in text.splitlines() if "tariff" not in x.lower()), "utf-8")
    out = _import(capsys, desk, page)[1]
    assert "removed," in out and "with verdicts" not in out


def _formats(tmp_path: Path) -> list[Path]:
    text = SEED.read_text("utf-8")
    paragraphs = [p for p in text.split("\n") if p.strip()]
    md = tmp_path / "story.md"
    md.write_text("\n\n".join(paragraphs) + "\n", "utf-8")
    page = tmp_path / "story.html"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page.write_text(f"<html><body><article>{body}</article></body></html>", "utf-8")
    return [SEED, md, page]


def test_the_same_story_as_txt_md_and_html_is_one_article(tmp_path, capsys):
    desk = tmp_path / "desk.json"
    txt, md, page = _formats(tmp_path)
    code, out, _ = _import(capsys, desk, txt, md, page)
    assert code == 0
    lines = out.splitlines()
    assert "version 1:" in lines[0]
    first_id = lines[0].split(": ")[1].split()[0]
    for line in lines[1:]:
        assert f"same article as {first_id}, up to date" in line
    with Desk.open(desk, readonly=True) as opened:
        assert len(opened.articles()) == 1


@pytest.mark.parametrize("threshold", [0.30])
def test_the_threshold_is_documented(threshold):
    from core.importing import MIN_CARRIED

    assert threshold == MIN_CARRIED
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "30 %" in readme and "new article" in readme


def test_the_latest_article_at_a_path_is_the_last_imported_even_within_one_second(
    tmp_path, seed_text, monkeypatch
):
    """Import times have whole seconds: a different story saved over a file and imported
    in the same second as the first must still be the one the path opens."""
    import core.importing
    import core.ingest
    from core.importing import import_path, latest_at

    def same_second() -> str:
        return "2026-01-01T00:00:00+00:00"

    monkeypatch.setattr(core.importing, "now_iso", same_second)
    monkeypatch.setattr(core.ingest, "now_iso", same_second)
    path = tmp_path / "article.txt"
    path.write_text(seed_text, encoding="utf-8")
    with Desk.open(tmp_path / "desk.json") as desk:
        first = import_path(desk, path, "tester").article
        path.write_text(
            "Flooding closed 14 schools in the north of the county on Tuesday.\n\n"
            "The council said 230 homes were without power.\n",
            "utf-8",
        )
        second = import_path(desk, path, "tester").article
        assert second.id != first.id
        assert latest_at(desk, path).id == second.id
