"""ClaimReview JSON-LD is embedded in web pages; URLs a desk stores are http(s) only.

Publishers paste the JSON-LD into ``<script type="application/ld+json">``. Article text is
a third party's, so a ``</script>`` in a quoted statement must not end that script and
start another (stored XSS): every ``<``, ``>`` and ``&`` is written as a JSON escape, and so
are U+2028 / U+2029 (line terminators in older JavaScript). URLs that end up as links
(the publisher's, the review's, a source's) must be http(s): ``javascript:`` is refused
with one line, everywhere one can be given. A source may also be a document, with a title
and no URL.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from cli import main
from core.errors import UserError
from core.export import export, restore_dump
from core.model import Article, Claim, Figure
from core.review import Review
from core.store import Desk

HOSTILE = "</script><script>alert(1)</script> & <!-- \u2028x\u2029y"
TEXT = f"Officials said 26 people {HOSTILE} were sent back."


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def hostile_desk(tmp_path, capsys):
    path = tmp_path / "desk.json"
    article = Article(id="art1", title=f"Title {HOSTILE}", source="/n/a.txt", text=TEXT)
    start = TEXT.index("26")
    claim = Claim(
        id="c1",
        article_id="art1",
        statement=TEXT,
        start=0,
        end=len(TEXT),
        figures=[Figure("26", start, start + 2, "count", 26)],
        checkworthiness=0.9,
        speaker=f"Ana {HOSTILE}",
        claimant=f"Ana {HOSTILE}",
    )
    with Desk.open(path) as desk:
        Review(desk, "t").import_article(article, [claim])
    code, _out, err = cli(
        capsys,
        *("set", "c1", "--desk", str(path), "--status", "corrected"),
        *("--value", f"27 {HOSTILE}", "--statement", f"It was 27 {HOSTILE}"),
        *("--note", f"see {HOSTILE}"),
    )
    assert code == 0, err
    return path


class _Scripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self._in = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.scripts[-1] += data


def test_claimreview_is_safe_inside_a_script_tag(hostile_desk, capsys):
    code, out, err = cli(
        capsys,
        *("export", "--desk", str(hostile_desk), "-f", "claimreview"),
        *("--org-name", f"Checks {HOSTILE}", "--org-url", "https://checks.example/?a=1&b=2"),
        *("--review-url", "https://checks.example/r?id="),
    )
    assert code == 0, err
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in out
    assert "\\u003c/script\\u003e" in out and "\\u0026" in out and "\\u2028" in out
    (review,) = json.loads(out)  # the escapes decode to exactly what was written
    assert review["claimReviewed"] == " ".join(TEXT.split())
    assert HOSTILE.split()[0] in review["reviewBody"]
    assert review["author"]["name"] == f"Checks {HOSTILE}"
    assert review["author"]["url"] == "https://checks.example/?a=1&b=2"
    assert review["itemReviewed"]["author"]["name"] == f"Ana {HOSTILE}"
    page = f'<html><script type="application/ld+json">{out}</script><p>after</p></html>'
    parser = _Scripts()
    parser.feed(page)
    assert len(parser.scripts) == 1 and json.loads(parser.scripts[0]) == [review]


@pytest.mark.parametrize(
    ("flag", "url"),
    [
        ("--org-url", "javascript:alert(1)"),
        ("--org-url", "checks.example"),
        ("--review-url", "data:text/html,<script>x</script>"),
        ("--review-url", "ftp://checks.example/r/"),
        ("--review-url", "https://"),
    ],
)
def test_claimreview_urls_must_be_http(hostile_desk, capsys, flag, url):
    code, out, err = cli(
        capsys, "export", "--desk", str(hostile_desk), "-f", "claimreview", flag, url
    )
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("claimdesk: error:")
    assert flag in err and "http" in err


def test_claimreview_url_from_the_environment_is_checked_too(hostile_desk, capsys, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_ORG_URL", "javascript:alert(1)")
    code, _out, err = cli(capsys, "export", "--desk", str(hostile_desk), "-f", "claimreview")
    assert code == 2 and "CLAIMDESK_ORG_URL" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "vbscript:msgbox",
        "gob.mx/report",
        "https://",
        "http://exa mple.org/",
        "https://example.org/\x1b]52;c;aGk=\x07",
    ],
)
def test_set_source_refuses_other_schemes(hostile_desk, capsys, url):
    code, out, err = cli(capsys, "set", "c1", "--desk", str(hostile_desk), "--source", url)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "http(s)" in err
    with Desk.open(hostile_desk, readonly=True) as desk:
        assert desk.claim("c1").sources == []


def test_a_source_may_be_a_document_without_url(hostile_desk, capsys):
    argv = ("set", "c1", "--desk", str(hostile_desk))
    code, _out, err = cli(capsys, *argv, "--source-title", "Ministry report, p. 4")
    assert code == 0, err
    code, _out, err = cli(capsys, *argv, "--source", "https://gob.mx/r", "--source-title", "Web")
    assert code == 0, err
    with Desk.open(hostile_desk, readonly=True) as desk:
        sources = desk.claim("c1").sources
    assert [(s.url, s.title) for s in sources] == [
        ("", "Ministry report, p. 4"),
        ("https://gob.mx/r", "Web"),
    ]
    code, _out, err = cli(capsys, *argv, "--source-note", "only a note")
    assert code == 2 and "--source" in err


def test_a_document_source_is_kept_by_its_title(tmp_path):
    with Desk.open(tmp_path / "d.json") as desk:
        article = Article(id="a", title="t", source="/a.txt", text=TEXT)
        start = TEXT.index("26")
        claim = Claim(
            id="c",
            article_id="a",
            statement=TEXT,
            start=0,
            end=len(TEXT),
            figures=[Figure("26", start, start + 2, "count", 26)],
            checkworthiness=0.5,
        )
        review = Review(desk, "t")
        review.import_article(article, [claim])
        review.add_source("c", "", title="Annual report")
        review.add_source("c", "", title="Annual report", note="p. 4")  # the same document
        review.add_source("c", "", title="Budget")
        assert [(s.title, s.note) for s in desk.claim("c").sources] == [
            ("Annual report", "p. 4"),
            ("Budget", ""),
        ]
        review.remove_source("c", "Budget")
        assert [s.title for s in desk.claim("c").sources] == ["Annual report"]
        with pytest.raises(UserError, match="title"):
            review.add_source("c", "  ", title=" ")
        for fmt in ("csv", "markdown", "json"):
            out = __import__("io").StringIO()
            export(desk, fmt, out, statuses="all")
            assert "Annual report" in out.getvalue()


def test_restore_refuses_a_dump_with_a_javascript_source(hostile_desk, capsys, tmp_path):
    dump = tmp_path / "dump.json"
    argv = ("export", "--desk", str(hostile_desk), "--status", "all", "--all-versions")
    assert cli(capsys, *argv, "-o", str(dump))[0] == 0
    data = json.loads(dump.read_text(encoding="utf-8"))
    data["claims"][0]["sources"] = [{"url": "javascript:alert(1)", "title": "click"}]
    dump.write_text(json.dumps(data), encoding="utf-8")
    new = tmp_path / "new.json"
    code, _out, err = cli(capsys, "import", "--desk", str(new), "--desk-dump", str(dump))
    assert code == 2 and err.count("\n") == 1
    assert "javascript:" in err and "http(s)" in err
    with Desk.open(new, readonly=True) as desk:
        assert desk.claims(statuses=None, all_versions=True) == []


def test_restore_keeps_a_document_reference_from_an_older_desk(hostile_desk, tmp_path):
    """Older desks took any text as a source ("a document name"): that is a reference,
    not a link, and restoring a backup must not fail on it."""
    import io

    with Desk.open(hostile_desk, readonly=True) as desk:
        out = io.StringIO()
        export(desk, "json", out, statuses="all", all_versions=True)
    data = json.loads(out.getvalue())
    data["claims"][0]["sources"] = [{"url": "Ministry report, p. 4", "title": ""}]
    with Desk.open(tmp_path / "new.json") as desk:
        assert restore_dump(desk, io.StringIO(json.dumps(data))) == 1
        (source,) = desk.claim("c1").sources
        assert (source.url, source.title) == ("", "Ministry report, p. 4")
