"""``matches`` in the machine-readable outputs: a claim already reviewed elsewhere on the
desk is named next to the claim, with its verdict and how close the match is."""

from __future__ import annotations

import json

from cli import main
from core.desk import Desk
from core.extract import extract_claims
from core.ingest import article_from_text
from core.review import Review

OTHER_OUTLET = (
    "Mexico City, August 13: Mexico sent 26 alleged high-ranking cartel members to the "
    "United States on Tuesday, Al Jazeera reported.\n"
    "Floods in the north of the country left 26 people dead."
)


def make_desk(path) -> dict[str, str]:
    """A desk holding another outlet's story with its extradition claim verified."""
    article = article_from_text(OTHER_OUTLET, source="desk/other-outlet.txt")
    claims = extract_claims(article)
    ids = {("cartel" if "cartel" in c.statement else "floods"): c.id for c in claims}
    with Desk.open(path) as desk:
        review = Review(desk, "tester")
        review.import_article(article, claims)
        review.set_status(ids["cartel"], "verified")
        review.set_status(ids["floods"], "verified")
    return ids


def test_extract_with_desk_names_the_claim_seen_before(tmp_path, seed_path, capsys):
    desk_path = tmp_path / "desk.json"
    ids = make_desk(desk_path)
    code = main(["extract", str(seed_path), "--format", "json", "--desk", str(desk_path)])
    assert code == 0
    payload = json.loads(capsys.readouterr().out)
    by_value = {}
    for claim in payload["claims"]:
        assert isinstance(claim["matches"], list)
        if claim["figures"]:
            by_value.setdefault(claim["figures"][0]["value"], claim)
    [match] = by_value[26]["matches"]
    assert match["claim_id"] == ids["cartel"]  # not the floods claim with the same 26
    assert match["status"] == "verified"
    assert 0.6 < match["score"] <= 1.0
    assert by_value[29]["matches"] == []


def test_extract_without_desk_has_no_matches_key(seed_path, capsys):
    assert main(["extract", str(seed_path), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert all("matches" not in claim for claim in payload["claims"])


def test_extract_with_missing_desk_is_one_line_error(tmp_path, seed_path, capsys):
    code = main(["extract", str(seed_path), "--format", "json", "--desk", str(tmp_path / "no")])
    assert code == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no desk" in err


def _desk_with_both(tmp_path, seed_path) -> tuple[str, dict[str, str], str]:
    desk_path = tmp_path / "desk.json"
    ids = make_desk(desk_path)
    seed = article_from_text(seed_path.read_text(encoding="utf-8"), source=str(seed_path))
    claims = extract_claims(seed)
    ours = next(c.id for c in claims if c.figures and c.figures[0].value == 26)
    with Desk.open(desk_path) as desk:
        review = Review(desk, "tester")
        review.import_article(seed, claims)
        review.set_status(ours, "verified")
    return str(desk_path), ids, ours


def test_export_json_with_matches_links_both_ways(tmp_path, seed_path, capsys):
    desk_path, ids, ours = _desk_with_both(tmp_path, seed_path)
    assert main(["export", "--format", "json", "--matches", "--desk", desk_path]) == 0
    claims = {c["id"]: c for c in json.loads(capsys.readouterr().out)["claims"]}
    assert [m["claim_id"] for m in claims[ours]["matches"]] == [ids["cartel"]]
    assert [m["claim_id"] for m in claims[ids["cartel"]]["matches"]] == [ours]
    assert claims[ids["floods"]]["matches"] == []


def test_export_jsonl_with_matches_and_default_without(tmp_path, seed_path, capsys):
    desk_path, ids, ours = _desk_with_both(tmp_path, seed_path)
    assert main(["export", "--format", "jsonl", "--matches", "--desk", desk_path]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    claims = {r["id"]: r for r in records if r["record"] == "claim"}
    assert [m["claim_id"] for m in claims[ours]["matches"]] == [ids["cartel"]]
    assert main(["export", "--format", "json", "--desk", desk_path]) == 0
    plain = json.loads(capsys.readouterr().out)["claims"]
    assert plain and all("matches" not in c for c in plain)


def test_export_matches_refused_for_csv(tmp_path, seed_path, capsys):
    desk_path, _, _ = _desk_with_both(tmp_path, seed_path)
    assert main(["export", "--format", "csv", "--matches", "--desk", desk_path]) == 2
    assert "--matches applies to json and jsonl only" in capsys.readouterr().err
