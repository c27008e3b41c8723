"""Claim queries: the fields shared by ``claimdesk claims`` and the workbench filter, and
what "the best match" of free text is."""

from __future__ import annotations

import json

import pytest

from core.claimquery import parse_query, rank, status_name
from core.errors import UserError

GDP = """Economy grows faster than expected

LONDON, Jan. 30 (Reuters) - A quarter of households said they had cut spending on food, \
the survey found.

The economy grew 2.1% in the fourth quarter, the statistics office said on Thursday, \
after 1.4% in the third.

Unemployment fell to 4.2 per cent, the lowest in a decade.
"""


@pytest.mark.parametrize(
    "text", ["needs_source", "needs-source", "needs source", "Needs Source", " needs  source "]
)
def test_a_status_reads_with_underscore_dash_or_space(text):
    assert status_name(text) == "needs_source"


@pytest.mark.parametrize(
    ("text", "statuses", "rest"),
    [
        ("status:needs_source", ("needs_source",), ""),
        ("status:needs-source tariff", ("needs_source",), "tariff"),
        ("status:needs source tariff", ("needs_source",), "tariff"),
        ('status:"needs source"', ("needs_source",), ""),
        ("status:verified,false", ("verified", "false"), ""),
        ("status:verified status:false", ("verified", "false"), ""),
        ("STATUS: Verified", ("verified",), ""),
        ("status:ne", ("needs_source",), ""),  # still being typed: the one it starts
    ],
)
def test_status_field(text, statuses, rest):
    query = parse_query(text)
    assert query.statuses == statuses
    assert query.rest == rest
    assert not query.problems


def test_fields_and_free_text_together():
    query = parse_query("kind:money claimant:Ministry reviewer:R2 article:3f2a tariff cut")
    assert query.kinds == ("money",)
    assert query.claimants == ("ministry",)
    assert query.reviewers == ("r2",)
    assert query.articles == ("3f2a",)
    assert query.text == "tariff cut"


def test_free_text_that_spells_a_status_finds_that_status():
    query = parse_query("needs source tariff")
    assert query.text_statuses == ("needs_source",)
    assert query.rest == "tariff"
    assert query.text == "needs source tariff"


def test_a_word_with_a_colon_that_is_no_field_is_text():
    assert parse_query("https://example.org/a").text == "https://example.org/a"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("status:verifed", "unknown status 'verifed'"),
        ("kind:cash", "unknown kind 'cash'"),
        ("since:yesterday", "is not an ISO date"),
    ],
)
def test_a_value_that_names_nothing_is_a_problem_and_strict_raises(text, problem):
    assert problem in parse_query(text).problems[0]
    with pytest.raises(UserError, match=problem):
        parse_query(text, strict=True)


@pytest.fixture(scope="module")
def gdp_claims():
    from core.extract import extract_claims
    from core.ingest import article_from_text

    article = article_from_text(GDP, source="gdp.txt")
    return {c.id: c for c in extract_claims(article)}


def _best(claims, text: str) -> list[str]:
    from core.match import ClaimFilter

    index = ClaimFilter(claims.values())
    ranked = rank(parse_query(text), claims, index.query)
    return [claims[cid].key_figure.text for cid, _ in ranked]


@pytest.mark.parametrize(
    ("text", "best"),
    [
        # A word the claim talks about beats the same word as part of a figure's wording,
        # and among one sentence's claims the figure nearest the word wins.
        ("quarter", "2.1%"),
        ("quart", "2.1%"),  # still typing
        ("fourth quarter", "2.1%"),
        # Typing the figure itself finds the figure.
        ("a quarter", "A quarter"),
        ("third", "third"),
        ("2.1", "2.1%"),
        ("households", "A quarter"),
        # Both claims hold "decade" only as a figure's wording: the figure it belongs to.
        ("decade", "a decade"),
        ("unemployment", "4.2 per cent"),
    ],
)
def test_the_best_match_family(gdp_claims, text, best):
    assert _best(gdp_claims, text)[0] == best


def test_a_figure_word_still_matches_just_below(gdp_claims):
    assert _best(gdp_claims, "quarter")[-1] == "A quarter"


def test_fields_narrow_before_the_text_ranks(gdp_claims):
    assert _best(gdp_claims, "kind:ordinal quarter") == ["third"]
    assert _best(gdp_claims, "kind:percent,duration decade") == ["a decade", "4.2 per cent"]
    assert _best(gdp_claims, "status:verified") == []
    assert len(_best(gdp_claims, "status:unreviewed")) == len(gdp_claims)
    assert _best(gdp_claims, "status:verifed") == []  # a typo matches nothing, not everything


# -- claimdesk claims -----------------------------------------------------------------


@pytest.fixture
def queue_desk(tmp_path, seed_path, run_cli):
    desk = tmp_path / "desk.json"
    gdp = tmp_path / "gdp.txt"
    gdp.write_text(GDP, encoding="utf-8")
    assert run_cli("import", seed_path, gdp, "--desk", desk).returncode == 0
    claims = json.loads(run_cli("claims", "--format", "json", "--desk", desk).stdout)
    by_figure = {c["figures"][0]["text"]: c for c in claims if c["figures"]}
    for figure, status, reviewer in (
        ("26", "needs_source", "r1"),
        ("2.1%", "needs_source", "r2"),
        ("25 per cent", "verified", "r2"),
    ):
        cid = by_figure[figure]["id"]
        result = run_cli(
            "set", cid, "--status", status, "--desk", desk, env={"CLAIMDESK_REVIEWER": reviewer}
        )
        assert result.returncode == 0, result.stderr
    return desk


@pytest.fixture
def claims(run_cli, queue_desk):
    """``claimdesk claims ARGS --desk`` the queue desk."""
    return lambda *args, desk=queue_desk: run_cli("claims", *args, "--desk", desk)


def _figures(result) -> list[str]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["figures"][0]["text"] for line in result.stdout.splitlines()]


def test_claims_lists_a_queue_across_articles(claims):
    needs = _figures(claims("--status", "needs-source", "--format", "jsonl"))
    assert needs == ["26", "2.1%"]  # articles in import order, across the desk
    assert _figures(claims("needs", "source", "-f", "jsonl"))[:2] == ["26", "2.1%"]
    by_r2 = claims("--reviewer", "r2", "--format", "jsonl")
    assert sorted(_figures(by_r2)) == ["2.1%", "25 per cent"]
    both = claims("--status", "verified", "--status", "needs_source", "-f", "jsonl")
    assert len(_figures(both)) == 3
    comma = claims("--status", "verified,needs_source", "-f", "jsonl")
    assert _figures(comma) == _figures(both)
    money = claims("--kind", "percent", "--reviewer", "r2", "-f", "jsonl")
    assert sorted(_figures(money)) == ["2.1%", "25 per cent"]
    assert _figures(claims("quarter", "-f", "jsonl"))[0] == "2.1%"
    later = claims("--since", "2999-01-01", "-f", "jsonl")
    assert _figures(later) == []


def test_claims_table_and_json(claims):
    table = claims("--status", "needs_source")
    assert table.returncode == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "STATUS", "KIND"]
    assert len(lines) == 3 and "needs_source" in lines[1]
    assert table.stderr == "2 claims\n"
    records = json.loads(claims("--status", "needs_source", "-f", "json").stdout)
    assert {r["article_title"] for r in records} and all("statement" in r for r in records)


def test_claims_bad_filter_is_one_line_exit_2(claims, tmp_path):
    bad = claims("--status", "verifed")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    assert "unknown status 'verifed'" in bad.stderr
    missing = claims(desk=tmp_path / "none.json")
    assert missing.returncode == 2 and "no desk at" in missing.stderr


# -- whose claims: reviewer (a queue), assigned, decided-by ----------------------------


def test_reviewer_fields_parse_to_lower_case_names_and_me_is_the_asker():
    query = parse_query("reviewer:Ann,me assigned:none,BOB decided_by:me tariff", me="Zed")
    assert query.reviewers == ("ann", "zed")
    assert query.assigned == ("bob",) and query.unassigned
    assert query.decided_by == ("zed",) and query.rest == "tariff"
    assert parse_query("decided-by:ann").decided_by == ("ann",)
    assert parse_query("reviewer:me").reviewers == ("me",)  # nobody asking: a name
    assert parse_query('reviewer:"Ann Lee"').reviewers == ("ann lee",)


def test_a_queue_is_the_assigned_articles_and_the_claims_decided_last():
    from core.model import Claim

    mine = Claim(id="a1", article_id="A", statement="x", start=0, end=1)
    theirs = Claim(id="b1", article_id="B", statement="y", start=0, end=1, reviewer="Ann")
    queue = parse_query("reviewer:ann")
    assert queue.matches(mine, "ANN") and queue.matches(theirs, None)
    assert not queue.matches(mine, "bob") and not queue.matches(mine)
    assigned = parse_query("assigned:ann")
    assert assigned.matches(mine, "Ann") and not assigned.matches(theirs, None)
    nobody = parse_query("assigned:none")
    assert nobody.matches(theirs, None) and not nobody.matches(mine, "ann")
    decided = parse_query("decided-by:ann")
    assert decided.matches(theirs, "bob") and not decided.matches(mine, "ann")
    claims = {c.id: c for c in (mine, theirs)}
    assert [cid for cid, _ in rank(queue, claims, lambda _t: [], {"A": "ann"})] == ["a1", "b1"]
    assert [cid for cid, _ in rank(queue, claims, lambda _t: [])] == ["b1"]
