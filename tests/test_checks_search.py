"""``claimdesk checks search``: the jsonl contract, hybrid ranking, offline, lexical fallback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import warm_command
from check_samples import claimreview
from desk_samples import article, claims_v1

from core.checks.index import index_dir
from core.checks.text import clean_query, figures
from core.desk import Desk
from core.review import Review
from tests.cli_helpers import run

CLAIMDESK = Path(sys.executable).with_name("claimdesk")

CHECKS = [
    claimreview(url, claim, name, publisher, rating, claimant, date)
    for url, claim, name, publisher, rating, claimant, date in (
        (
            "https://fc.example/vaccines",
            "The COVID-19 vaccines have killed more people than the virus.",
            "No, COVID-19 vaccines have not killed more people than COVID-19",
            "PolitiFact", "False", "Viral image", "2024-01-12",
        ),
        (
            "https://fc.example/extradited-29",
            "Mexico extradited 29 cartel members to the United States.",
            "Mexico's transfer of 29 cartel figures",
            "Reuters", "True", "Mexican government", "2025-02-28",
        ),
        (
            "https://fc.example/extradited-10",
            "Mexico extradited 10 cartel members to Canada.",
            "Mexico's transfer of 10 cartel figures to Canada",
            "Reuters", "True", "Mexican government", "2025-01-10",
        ),
        (
            "https://fc.example/hot-water",
            "Drinking hot water every 15 minutes kills the coronavirus.",
            "Hot water does not kill the coronavirus",
            "AFP", "False", "Facebook users", "2020-03-20",
        ),
        (
            "https://fc.example/moon",
            "The moon landing was filmed in a studio by Stanley Kubrick.",
            "Kubrick did not film the moon landing",
            "Lead Stories", "False", "Website", "2023-10-11",
        ),
    )
]  # fmt: skip


@pytest.fixture
def desk_path(tmp_path, capsys) -> Path:
    path = Path(os.environ["CLAIMDESK_DESK"])
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps(CHECKS), encoding="utf-8")
    code, _, err = run(capsys, "checks", "import", str(feed))
    assert code == 0, err
    return path


def test_jsonl_contract_one_line_per_query_in_order(capsys, tmp_path, desk_path):
    queries = tmp_path / "q.txt"
    queries.write_text(
        "@someone is it true the jabs killed more ppl than covid?? 💉 https://t.co/x\n"
        "\n"
        "Kubrick faked the moon footage #MoonHoax\n",
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "checks", "search", "--queries", str(queries), "--format", "jsonl", "--limit", "2"
    )
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == [
        "@someone is it true the jabs killed more ppl than covid?? 💉 https://t.co/x",
        "Kubrick faked the moon footage #MoonHoax",
    ]
    assert all(list(line) == ["query", "matches"] for line in lines)
    assert all(len(line["matches"]) == 2 for line in lines)
    first = lines[0]["matches"][0]
    assert list(first) == [
        "url",
        "claim_reviewed",
        "rating",
        "publisher",
        "date_published",
        "claimant",
        "score",
    ]
    assert first["url"] == "https://fc.example/vaccines"
    assert first["rating"]["name"] == "False" and first["publisher"] == "PolitiFact"
    assert first["claimant"] == "Viral image" and first["date_published"] == "2024-01-12"
    assert first["score"] > lines[0]["matches"][1]["score"]
    assert lines[1]["matches"][0]["url"] == "https://fc.example/moon"


def test_a_paraphrase_without_shared_words_is_found(capsys, desk_path):
    code, out, _ = run(
        capsys, "checks", "search", "heated drinks destroy the pandemic germ", "--format", "json"
    )
    assert code == 0
    assert json.loads(out)["matches"][0]["url"] == "https://fc.example/hot-water"


def test_the_same_figure_ranks_first(capsys, desk_path):
    _, out, _ = run(capsys, "checks", "search", "Mexico sent 10 cartel members", "--format", "json")
    urls = [m["url"] for m in json.loads(out)["matches"]]
    assert urls[0] == "https://fc.example/extradited-10"
    _, out, _ = run(capsys, "checks", "search", "Mexico sent 29 cartel members", "--format", "json")
    assert json.loads(out)["matches"][0]["url"] == "https://fc.example/extradited-29"


def test_table_output(capsys, desk_path):
    code, out, err = run(capsys, "checks", "search", "moon landing hoax")
    assert code == 0 and err == ""
    assert "» moon landing hoax" in out
    assert "Lead Stories" in out and "https://fc.example/moon" in out


def test_a_search_rebuilds_nothing_and_says_when_the_index_is_stale(capsys, desk_path):
    folder = index_dir(desk_path)
    before = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    run(capsys, "checks", "search", "moon")
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    with Desk.open(desk_path) as desk:  # checks changed behind the index's back
        desk.commit_checks(
            [{"url": "https://x.example/1", "claim_reviewed": "Moon cheese", "publisher": "X"}]
        )
    code, _, err = run(capsys, "checks", "search", "moon", "--format", "json")
    assert code == 0
    assert "checks index is older" in err and "claimdesk checks index" in err
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == before
    code, _, _ = run(capsys, "checks", "index")
    code, out, err = run(capsys, "checks", "search", "moon cheese", "--format", "json")
    assert err == "" and json.loads(out)["matches"][0]["url"] == "https://x.example/1"


def test_the_desks_own_verdicts_are_checks(capsys, desk_path):
    with Desk.open(desk_path) as desk:
        art = article()
        claims = claims_v1(art)
        review = Review(desk, "tester")
        review.import_article(art, claims)
        review.set_status(claims[0].id, "verified")
    _, out, _ = run(
        capsys,
        "checks",
        "search",
        "Mexico handed over 26 cartel figures",
        "--org-name",
        "Desk News",
        "--format",
        "json",
    )
    top = json.loads(out)["matches"][0]
    assert top["url"] == f"claimdesk:claim/{claims[0].id}"
    assert top["publisher"] == "Desk News" and top["rating"]["name"] == "True"


def test_usage_errors(capsys, tmp_path, desk_path):
    assert run(capsys, "checks", "search")[0] == 2
    code, _, err = run(capsys, "checks", "search", "x", "--limit", "0")
    assert code == 2 and "--limit" in err
    code, _, err = run(capsys, "checks", "search", "--queries", str(tmp_path / "none.txt"))
    assert code == 2 and "cannot read" in err


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return warm_command.run(
        [str(CLAIMDESK), *args], capture_output=True, text=True, env=env, timeout=120
    )


GUARD = """
import socket
def _refuse(*args, **kwargs):
    raise OSError("network access attempted")
class _Socket(socket.socket):
    def __init__(self, *args, **kwargs):
        _refuse()
socket.socket = _Socket
socket.create_connection = _refuse
"""


def test_offline_semantic_search_never_touches_the_network(tmp_path, desk_path):
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(GUARD, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(guard), "HF_HUB_OFFLINE": "1", "HOME": str(tmp_path)}
    probe = subprocess.run(
        [sys.executable, "-c", "import socket; socket.socket()"], env=env, capture_output=True
    )
    assert b"network access attempted" in probe.stderr  # the guard is live
    query = "heated drinks destroy the pandemic germ"
    result = _cli(["checks", "search", query, "--format", "json", "--desk", str(desk_path)], env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no "searching by words only": the model loaded from the package
    assert json.loads(result.stdout)["matches"][0]["url"] == "https://fc.example/hot-water"


def test_without_the_embedding_package_the_search_is_lexical_and_says_so_once(tmp_path, desk_path):
    shadow = tmp_path / "shadow" / "wordllama"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("", encoding="utf-8")  # the package, without its model
    env = {**os.environ, "PYTHONPATH": str(shadow.parent)}
    queries = tmp_path / "q.txt"
    queries.write_text(
        "vaccines killed more people than the virus\nKubrick moon landing\n", encoding="utf-8"
    )
    result = _cli(
        [
            "checks",
            "search",
            "--queries",
            str(queries),
            "--format",
            "jsonl",
            "--desk",
            str(desk_path),
        ],
        env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("searching by words only") == 1
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["matches"][0]["url"] == "https://fc.example/vaccines"
    assert lines[1]["matches"][0]["url"] == "https://fc.example/moon"


def test_query_cleaning():
    text = "RT @PolitiFact is this true?? 😡 #StopTheSteal #COVID19 jabs https://t.co/abc "
    text += "pic.twitter.com/x"
    assert clean_query(text) == "is this true?? Stop The Steal COVID 19 jabs"


def test_figures_are_numbers_with_units():
    found = [str(f) for f in figures("4.1 billion, 26 people, twenty-nine, 25 per cent, in 2024")]
    assert found == ["4100000000", "26", "25 %", "29"]


SEED_CHECK = claimreview(
    "https://fc.example/mexico-29",
    "Mexico handed over 29 cartel figures to the United States in February.",
    "How many cartel figures did Mexico send?",
    "PolitiFact", "False", "Mexican government", "2025-02-28",
)  # fmt: skip


def test_extract_with_desk_and_export_with_matches_give_known_checks(capsys, tmp_path, seed_path):
    desk = str(tmp_path / "seed-desk.json")
    feed = tmp_path / "seed-feed.json"
    feed.write_text(json.dumps([SEED_CHECK]), encoding="utf-8")
    assert run(capsys, "checks", "import", str(feed), "--desk", desk)[0] == 0
    code, out, err = run(capsys, "extract", str(seed_path), "--format", "json", "--desk", desk)
    assert code == 0, err
    claims = json.loads(out)["claims"]
    by_figure = {c["figures"][0]["text"]: c for c in claims if c["figures"]}
    known = by_figure["29"]["known_checks"]
    assert [k["url"] for k in known] == ["https://fc.example/mexico-29"]
    assert known[0]["publisher"] == "PolitiFact" and known[0]["rating"]["name"] == "False"
    assert all("known_checks" in c for c in claims)
    assert run(capsys, "import", str(seed_path), "--desk", desk)[0] == 0
    code, out, err = run(
        capsys, "export", "--format", "jsonl", "--matches", "--status", "all", "--desk", desk
    )
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    urls = {k["url"] for r in records if "known_checks" in r for k in r["known_checks"]}
    assert "https://fc.example/mexico-29" in urls
