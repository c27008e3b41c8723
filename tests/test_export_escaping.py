"""The pure building blocks of the exports: spreadsheet and Markdown escaping, dates,
rating maps. Each guards a way an export could mislead or harm whoever opens it."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from core.errors import UserError
from core.export.claimreview import (
    DEFAULT_RATINGS,
    load_rating_map,
    parse_rating_map,
    schema_date,
    web_url,
)
from core.export.memo import md_block, md_escape, md_link, md_url
from core.export.selection import normalise_statuses, parse_since
from core.export.table import _DANGEROUS_START, format_value, neutralise
from core.safetext import printable


@pytest.mark.parametrize(
    "cell",
    [
        "=1+2",
        "+cmd",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(A1)",
        "\t=1",
        "\r=1",
        "-",
        "- 5",
        '=HYPERLINK("http://x")',
    ],
)
def test_formula_like_cells_are_prefixed(cell):
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-5", "+3.5", "-0.25", "-1e3", "26", "", "Mexico", "25%"])
def test_plain_numbers_and_text_stay_as_they_are(cell):
    assert neutralise(cell) == cell


def test_values_print_like_people_write_them():
    assert format_value(26.0) == "26"
    assert format_value(2.5) == "2.5"
    assert format_value("P90D") == "P90D"
    assert format_value(None) == ""


def test_csv_cells_with_quotes_commas_and_newlines_survive_the_csv_module():
    buf = io.StringIO()
    row = ['He said "26", not 29', "a,b", "line1\nline2", "مرحبا 中文 😀"]
    csv.writer(buf, lineterminator="\r\n").writerow(row)
    assert next(csv.reader(io.StringIO(buf.getvalue()))) == row


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("Mexico City [Mexico]", r"Mexico City \[Mexico\]"),
        ("a *b* _c_", r"a \*b\* \_c\_"),
        ("x | y", r"x \| y"),
        ("`code`", r"\`code\`"),
        ("<b>&amp;", r"\<b\>\&amp;"),
        ("back\\slash", "back\\\\slash"),
        ("two\nlines\t here", "two lines here"),
        # shown as escapes (core.safetext), whose backslash Markdown then keeps literal
        ("bell\x07 and \x1b[31mred", "bell\\\\x07 and \\\\x1b\\[31mred"),
        ("\u202e26\u202c", "\\\\u202e26\\\\u202c"),
        ("مرحبا 中文 😀", "مرحبا 中文 😀"),
    ],
)
def test_markdown_escaping_renders_text_literally(raw, rendered):
    assert md_escape(raw) == rendered


@pytest.mark.parametrize(
    ("raw", "rendered"),
    [
        ("- not a list", r"\- not a list"),
        ("+ plus", r"\+ plus"),
        ("# not a heading", r"\# not a heading"),
        ("1985. The year", r"1985\. The year"),
        ("3) item", r"3\) item"),
        ("= underline", r"\= underline"),
        ("plain", "plain"),
    ],
)
def test_block_markers_at_line_start_are_escaped(raw, rendered):
    assert md_block(raw) == rendered


@pytest.mark.parametrize(
    ("iso", "human"),
    [
        ("2025-08-13", "13 August 2025"),
        ("XXXX-08-13", "13 August (year not stated)"),
        ("2015-02", "February 2015"),
        ("1985", "1985"),
        ("2025-13-01", "2025"),
        ("soon", "soon"),
    ],
)
def test_memo_dates_read_like_dates(iso, human):
    from core.export.memo import human_date

    assert human_date(iso) == human


def test_only_web_links_become_links():
    assert md_link("DOJ [release]", "https://justice.gov/a (b)") == (
        r"[DOJ \[release\]](https://justice.gov/a%20%28b%29)"
    )
    assert md_link("click", "javascript:alert(1)") == "click"
    assert md_link("", "report.pdf") == "report.pdf"
    assert md_url("mailto:desk@example.org") == "mailto:desk@example.org"


def test_since_accepts_dates_and_timestamps_and_rejects_the_rest():
    assert parse_since("2026-01-02") == datetime(2026, 1, 2, tzinfo=UTC)
    assert parse_since("2026-01-02T10:00:00Z") == datetime(2026, 1, 2, 10, tzinfo=UTC)
    assert parse_since(None) is None
    with pytest.raises(UserError, match="not an ISO date"):
        parse_since("last tuesday")
    with pytest.raises(UserError):
        parse_since("2026-13-01")


def test_status_filters():
    assert normalise_statuses(None) == ("verified", "corrected", "false", "inconclusive")
    assert "removed" in normalise_statuses("all")
    assert normalise_statuses(["needs_source", "verified"]) == ("verified", "needs_source")
    with pytest.raises(UserError, match="unknown status 'bogus'"):
        normalise_statuses(["bogus"])


def test_schema_dates_drop_unknown_parts():
    assert schema_date("2025-08-13") == "2025-08-13"
    assert schema_date("2026-11-27T17:00:00+00:00") == "2026-11-27"
    assert schema_date("2015-02") == "2015-02"
    assert schema_date("XXXX-08-13") is None
    assert schema_date(None) is None
    assert web_url("https://www.aljazeera.com/news/x") == "https://www.aljazeera.com/news/x"
    assert web_url("/home/me/article.txt") is None


def test_review_urls_join_the_base_and_the_claim_id():
    from core.export.claimreview import review_url

    assert review_url("https://x.example/checks/", "abc") == "https://x.example/checks/abc"
    assert review_url("https://x.example/checks", "abc") == "https://x.example/checks/abc"
    assert review_url("https://x.example/c?id=", "abc") == "https://x.example/c?id=abc"
    assert review_url("https://x.example/all#", "abc") == "https://x.example/all#abc"


def test_rating_map_file_overrides_defaults(tmp_path):
    toml = tmp_path / "ratings.toml"
    toml.write_text(
        'best = 7\nworst = 1\n[ratings]\ncorrected = { value = 3, name = "Misleading" }\n'
        "inconclusive = {}\n",
        encoding="utf-8",
    )
    ratings = load_rating_map(toml)
    assert ratings.best == 7
    assert ratings.ratings["corrected"].name == "Misleading"
    assert ratings.ratings["verified"] == DEFAULT_RATINGS.ratings["verified"]
    assert "inconclusive" not in ratings.ratings

    js = tmp_path / "ratings.json"
    js.write_text('{"ratings": {"false": [1, "Pants on fire"]}}', encoding="utf-8")
    assert load_rating_map(js).ratings["false"].name == "Pants on fire"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"ratings": {"verified": {"value": 9, "name": "x"}}}, "outside 1..5"),
        ({"ratings": {"bogus": {"value": 1}}}, "unknown status"),
        ({"ratings": {"verified": {"name": "no value"}}}, "integer 'value'"),
        ({"best": 1, "worst": 5}, "worst < best"),
    ],
)
def test_bad_rating_maps_are_user_errors(data, message):
    with pytest.raises(UserError, match=message):
        parse_rating_map(data)


def test_unreadable_rating_map_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot read rating map"):
        load_rating_map(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("this is = = not toml", encoding="utf-8")
    with pytest.raises(UserError, match="neither valid JSON nor TOML"):
        load_rating_map(bad)


# Text built from the characters Markdown cares about, plus arbitrary Unicode.
_MARKDOWNISH = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *"\\`*_[]<>|~&#!()-+=.:0123456789 \n\t\"'{}",
                *("&amp;", "&#x41;", "<b>", "1.", "- ", "**", "__", "```", "    ", "> "),
                *("http://x.example", "[a](b)", "![i](j)"),
            ]
        ),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=3),
    ),
    max_size=20,
).map("".join)


def _literal_html(text: str) -> str:
    """How a renderer must show ``text``: controls as escapes, whitespace collapsed."""
    flat = " ".join(printable(text, keep="\n\t").split())
    return html.escape(flat, quote=False).replace('"', "&quot;")


@settings(max_examples=400, deadline=None)
@given(_MARKDOWNISH)
def test_escaped_text_renders_literally_in_a_commonmark_renderer(text):
    """Whatever a statement holds, a CommonMark renderer shows exactly that text."""
    expected = _literal_html(text)
    if not expected:
        return
    md = MarkdownIt("commonmark")
    assert md.render(md_block(text)) == f"<p>{expected}</p>\n"
    assert md.render(f"> {md_block(text)}") == f"<blockquote>\n<p>{expected}</p>\n</blockquote>\n"
    assert md.renderInline("x " + md_escape(text)) == "x " + expected


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), max_size=30))
def test_neutralised_cells_round_trip_and_never_start_a_formula(text):
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([neutralise(text)])
    (cell,) = next(csv.reader(io.StringIO(buf.getvalue(), newline="")))
    assert cell in (text, "'" + text)
    if cell.startswith(_DANGEROUS_START):
        float(cell)  # only a plain number may start like a formula
