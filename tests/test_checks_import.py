"""``claimdesk checks import``: every feed shape publishers use, and every way one goes wrong."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from check_samples import claimreview
from desk_samples import article, claims_v1

from core.checks.feeds import read_feed
from core.checks.records import Skip
from core.desk import Desk
from core.desk.files import checks_path
from core.review import Review
from tests.cli_helpers import run


def cr(n: int, **extra) -> dict:
    doc = claimreview(
        f"https://fc.example/{n}", f"Claim number {n} about tariffs", f"Headline {n}",
        "FC Example", "False", "A Minister", "2025-02-0" + str(n % 9 + 1),
    )  # fmt: skip
    doc.update(extra)
    return doc


@pytest.fixture
def desk_path() -> Path:
    return Path(os.environ["CLAIMDESK_DESK"])


def stored(path: Path) -> list[dict]:
    with Desk.open(path, readonly=True) as desk:
        return sorted(desk.check_rows().values(), key=lambda d: d["url"])


def write(tmp_path: Path, name: str, value) -> Path:
    path = tmp_path / name
    path.write_text(value if isinstance(value, str) else json.dumps(value), encoding="utf-8")
    return path


def test_one_claimreview_keeps_every_field(capsys, tmp_path, desk_path):
    doc = cr(1)
    doc["inLanguage"] = "en"
    doc["itemReviewed"]["appearance"] = [{"url": "https://social.example/p/1"}, "not a url"]
    code, out, err = run(capsys, "checks", "import", str(write(tmp_path, "one.json", doc)))
    assert code == 0, err
    assert "1 added" in out
    (check,) = stored(desk_path)
    assert check["url"] == "https://fc.example/1"
    assert check["claim_reviewed"] == "Claim number 1 about tariffs"
    assert check["name"] == "Headline 1"
    assert check["rating"] == {"name": "False", "value": 1, "best": 5, "worst": 1}
    assert check["publisher"] == "FC Example"
    assert check["claimant"] == "A Minister"
    assert check["appearances"] == ["https://social.example/p/1"]
    assert check["language"] == "en"
    assert check["date_published"].startswith("2025-02")


@pytest.mark.parametrize(
    "shape",
    ["array", "graph", "datafeed", "datafeed-single-item", "google", "html", "csv"],
)
def test_every_container(shape, capsys, tmp_path, desk_path):
    docs = [cr(1), cr(2), cr(3)]
    if shape == "array":
        path = write(tmp_path, "f.json", docs)
    elif shape == "graph":
        path = write(tmp_path, "f.json", {"@context": "https://schema.org", "@graph": docs})
    elif shape == "datafeed":
        feed = {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": docs}]}
        path = write(tmp_path, "f.json", feed)
    elif shape == "datafeed-single-item":
        elements = [{"@type": "DataFeedItem", "item": d} for d in docs]
        path = write(tmp_path, "f.json", {"@type": "DataFeed", "dataFeedElement": elements})
    elif shape == "google":
        claims = [
            {
                "text": d["claimReviewed"],
                "claimant": "A Minister",
                "claimReview": [
                    {
                        "publisher": {"name": "FC Example", "site": "fc.example"},
                        "url": d["url"],
                        "title": d["name"],
                        "reviewDate": "2025-02-02T00:00:00Z",
                        "textualRating": "False",
                        "languageCode": "en",
                    }
                ],
            }
            for d in docs
        ]
        path = write(tmp_path, "f.json", {"claims": claims, "nextPageToken": "x"})
    elif shape == "html":
        blocks = "".join(
            f'<script type="application/ld+json">{json.dumps(d)}</script>' for d in docs
        )
        path = write(tmp_path, "page.html", f"<html><head>{blocks}</head><body>x</body></html>")
    else:
        rows = ["url,claim_reviewed,name,rating,publisher,date_published,claimant"]
        rows += [
            f'{d["url"]},"{d["claimReviewed"]}",{d["name"]},False,FC Example,2025-02-02,A Minister'
            for d in docs
        ]
        path = write(tmp_path, "f.csv", "\n".join(rows) + "\n")
    code, out, err = run(capsys, "checks", "import", str(path))
    assert code == 0, err
    assert "3 added" in out and "0 skipped" in out
    checks = stored(desk_path)
    assert [c["url"] for c in checks] == [d["url"] for d in docs]
    assert all(c["publisher"] == "FC Example" and c["claimant"] == "A Minister" for c in checks)
    assert all(c["rating"]["name"] == "False" for c in checks)
    assert checks[1]["claim_reviewed"] == "Claim number 2 about tariffs"
    assert checks[1]["name"] == "Headline 2"


def test_bad_records_are_skipped_and_counted_with_their_reason(capsys, tmp_path, desk_path):
    no_claim = cr(2)
    del no_claim["claimReviewed"]
    docs = [
        cr(1),
        {"@type": "NewsArticle", "url": "https://n.example"},
        no_claim,
        cr(3, url="ftp://x"),
        7,
    ]
    code, out, err = run(capsys, "checks", "import", str(write(tmp_path, "f.json", docs)))
    assert code == 0, err
    assert "1 added" in out and "4 skipped" in out
    assert "@type is NewsArticle, not ClaimReview" in out
    assert "no claimReviewed" in out and "no http(s) url" in out and "not an object" in out
    assert len(stored(desk_path)) == 1


def test_reimport_updates_and_never_duplicates(capsys, tmp_path, desk_path):
    path = write(tmp_path, "f.json", [cr(1), cr(2), cr(1)])
    code, out, _ = run(capsys, "checks", "import", str(path))
    assert code == 0 and "2 added" in out
    changed = cr(2)
    changed["reviewRating"]["alternateName"] = "Misleading"
    code, out, _ = run(capsys, "checks", "import", str(write(tmp_path, "g.json", [cr(1), changed])))
    assert "0 added, 1 updated, 1 unchanged" in out
    checks = stored(desk_path)
    assert len(checks) == 2 and checks[1]["rating"]["name"] == "Misleading"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("this is not a feed at all", "is not a fact-check feed"),
        ('{"@type": "ClaimReview", "url": ', "is not valid JSON"),
        ("[1, 2,, 3]", "is not valid JSON"),
        ("<html><body>no data</body></html>", 'no <script type="application/ld+json"> block'),
        ("name,other\nx,y\n", "needs at least 'url' and 'claim_reviewed'"),
    ],
)
def test_malformed_feed_is_one_line_and_exit_2(content, message, capsys, tmp_path, desk_path):
    good = write(tmp_path, "good.json", [cr(1)])
    bad = write(tmp_path, "bad.json" if "{" in content or "[" in content else "bad.txt", content)
    code, out, err = run(capsys, "checks", "import", str(bad), str(good))
    assert code == 2
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert "good.json: 1 added" in out  # the other feed is still imported
    assert len(stored(desk_path)) == 1


def test_missing_file_and_directory(capsys, tmp_path):
    code, _, err = run(capsys, "checks", "import", str(tmp_path / "nope.json"))
    assert code == 2 and "cannot read" in err
    code, _, err = run(capsys, "checks", "import", str(tmp_path))
    assert code == 2 and "is a directory" in err


def test_import_changes_nothing_else_in_the_desk(capsys, tmp_path, desk_path):
    with Desk.open(desk_path) as desk:
        art = article()
        Review(desk, "importer").import_article(art, claims_v1(art))
        desk.fold()

    def contents() -> tuple:
        with Desk.open(desk_path, readonly=True) as desk:
            return (
                [a.to_dict() for a in desk.articles(all_versions=True)],
                [c.to_dict() for c in desk.claims(all_versions=True)],
                [e.to_dict() for e in desk.events()],
            )

    before = contents()
    claims_snapshot = json.loads(desk_path.read_bytes())["claims"]
    code, _, _ = run(capsys, "checks", "import", str(write(tmp_path, "f.json", [cr(1)])))
    assert code == 0
    assert contents() == before
    assert json.loads(desk_path.read_bytes())["claims"] == claims_snapshot
    assert checks_path(desk_path).exists()
    assert "checks" not in json.loads(desk_path.read_bytes())


def test_checks_survive_without_a_fold(tmp_path):
    """Journalled like every other change: a crash before the fold loses nothing."""
    path = tmp_path / "desk.json"
    desk = Desk.open(path)
    desk.commit_checks([{"url": "https://a.example/1", "claim_reviewed": "x", "publisher": "P"}])
    desk._release()  # the process dies: no fold, no close
    with Desk.open(path, readonly=True) as again:
        assert [d["url"] for d in again.check_rows().values()] == ["https://a.example/1"]


def test_status_and_remove(capsys, tmp_path, desk_path):
    other = cr(9)
    other["author"] = {"name": "Other Checker"}
    run(capsys, "checks", "import", str(write(tmp_path, "f.json", [cr(1), cr(2), other])))
    code, out, _ = run(capsys, "checks", "status")
    assert code == 0 and "2  FC Example" in out and "1  Other Checker" in out
    code, out, _ = run(capsys, "checks", "status", "--format", "json")
    assert json.loads(out) == {"FC Example": 2, "Other Checker": 1}
    code, out, _ = run(capsys, "checks", "remove", "--publisher", "fc example")
    assert code == 0 and "removed 2" in out
    assert [c["publisher"] for c in stored(desk_path)] == ["Other Checker"]
    code, _, err = run(capsys, "checks", "remove", "--publisher", "Nobody")
    assert code == 2 and "no known fact-checks from publisher 'Nobody'" in err


@pytest.mark.slow
def test_a_50_mb_feed_streams(tmp_path):
    """Read record by record: memory follows the largest record, not the file."""
    import subprocess
    import sys

    body = "x" * 250_000
    path = tmp_path / "big.json"
    with open(path, "w", encoding="utf-8") as fh:
        fh.write('{"@type": "DataFeed", "dataFeedElement": [')
        for n in range(200):
            fh.write(("," if n else "") + json.dumps({"item": [cr(n, reviewBody=body)]}))
        fh.write("]}")
    assert path.stat().st_size > 50_000_000
    # VmHWM, not ru_maxrss: the latter survives exec and would report pytest's own size.
    code = (
        "import re, sys; from pathlib import Path;"
        "from core.checks.feeds import read_feed;"
        "n = sum(1 for r in read_feed(Path(sys.argv[1])));"
        "hwm = re.search(r'VmHWM:\\s+(\\d+)', Path('/proc/self/status').read_text()).group(1);"
        "print(n, int(hwm) // 1024)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    ).stdout.split()
    assert int(out[0]) == 200
    assert int(out[1]) < 150, f"peak {out[1]} MB reading a 50 MB feed"


def test_read_feed_yields_skips_in_order(tmp_path):
    path = write(tmp_path, "f.json", [cr(1), {"@type": "Claim"}])
    records = list(read_feed(path))
    assert records[0].url == "https://fc.example/1"
    assert isinstance(records[1], Skip) and "not ClaimReview" in str(records[1])


def test_doctor_keeps_checks_that_were_only_in_the_journal(tmp_path):
    from core.desk.recovery import recover

    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        art = article()
        Review(desk, "ann").import_article(art, claims_v1(art))
        desk.fold()
    desk = Desk.open(path)
    desk.commit_checks([{"url": "https://a.example/1", "claim_reviewed": "x", "publisher": "P"}])
    desk._release()  # a crash: the check is in the journal only
    desk._closed = True
    raw = path.read_bytes()
    path.write_bytes(raw[: raw.rindex(b'{"id"') + 10])  # and the snapshot is damaged
    assert not recover(path).healthy
    with Desk.open(path, readonly=True) as again:
        assert [d["url"] for d in again.check_rows().values()] == ["https://a.example/1"]
        assert len(again.claims()) == 3  # the lost claim rebuilt from its events
