"""A reviewer's queue: ``claimdesk claims --reviewer R`` is the claims of the articles
assigned to R and the claims R changed last; ``--assigned`` and ``--decided-by`` are its
halves. On a team desk (assignments, by SQL) and on a desk file (no assignments)."""

from __future__ import annotations

import json

import pytest

from cli import main
from core.claimquery import parse_query
from core.desk import open_desk
from core.review import Review
from tests.test_claimquery import GDP

BUDGET = """Council budget

The council spent €3 million on roads in 2024, up 12 per cent on the year before.
"""
CURRENT = ["unreviewed", "verified", "corrected", "false", "needs_source", "inconclusive"]


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def ids(capsys, desk: str, *argv: str) -> list[str]:
    code, out, err = cli(capsys, "claims", *argv, "--format", "jsonl", "--desk", desk)
    assert code == 0, err
    return [json.loads(line)["id"] for line in out.splitlines()]


@pytest.fixture
def desk_of_three(capsys, tmp_path, seed_path):
    """Three articles: the seed, a GDP story and a budget story (paths to import)."""
    gdp, budget = tmp_path / "gdp.txt", tmp_path / "budget.txt"
    gdp.write_text(GDP, encoding="utf-8")
    budget.write_text(BUDGET, encoding="utf-8")
    return [seed_path, gdp, budget]


@pytest.fixture
def team(capsys, pg_url, desk_of_three):
    """The seed assigned to Ann, the GDP story to bob, the budget story to nobody; bob
    verified a seed claim, carol (assigned nothing) disputed a GDP claim."""
    code, _out, err = cli(capsys, "import", *map(str, desk_of_three), "--desk", pg_url)
    assert code == 0, err
    with open_desk(pg_url) as desk:
        seed, gdp, budget = desk.articles()
        by = {a.id: [c.id for c in desk.claims(a.id)] for a in (seed, gdp, budget)}
    for article, who in ((seed, "Ann"), (gdp, "bob")):
        code, _out, err = cli(capsys, "assign", article.id[:6], "--to", who, "--desk", pg_url)
        assert code == 0, err
    with open_desk(pg_url) as desk:
        Review(desk, "bob").set_status(by[seed.id][0], "verified")
        Review(desk, "carol").set_status(by[gdp.id][1], "false")
    return pg_url, by[seed.id], by[gdp.id], by[budget.id]


def test_each_reviewer_sees_their_queue_on_a_team_desk(capsys, team):
    url, seed, gdp, _budget = team
    assert ids(capsys, url, "--reviewer", "ann") == seed
    assert ids(capsys, url, "--reviewer", "bob") == [seed[0], *gdp]
    assert ids(capsys, url, "--reviewer", "carol") == [gdp[1]]
    assert ids(capsys, url, "--reviewer", "ann,bob") == [*seed, *gdp]
    assert ids(capsys, url, "--reviewer", "ann", "--reviewer", "carol") == [*seed, gdp[1]]
    assert ids(capsys, url, "--reviewer", "bob", "--status", "unreviewed") == [
        c for c in gdp if c != gdp[1]
    ]
    # The query language says the same as the flags.
    assert ids(capsys, url, "reviewer:bob", "status:unreviewed") == [c for c in gdp if c != gdp[1]]


def test_the_two_halves_and_the_unassigned(capsys, team):
    url, seed, gdp, budget = team
    assert ids(capsys, url, "--assigned", "bob") == gdp
    assert ids(capsys, url, "--decided-by", "bob") == [seed[0]]
    assert ids(capsys, url, "decided-by:carol") == [gdp[1]]
    assert ids(capsys, url, "decided_by:carol") == [gdp[1]]
    assert ids(capsys, url, "--assigned", "none") == budget
    assert ids(capsys, url, "--assigned", "none,ann") == [*seed, *budget]
    assert ids(capsys, url, "--assigned", "carol") == []
    assert ids(capsys, url, "--assigned", "bob", "--decided-by", "carol") == [gdp[1]]


def test_names_are_whole_and_ignore_case_and_me_is_the_reviewer(capsys, team, monkeypatch):
    url, seed, gdp, _budget = team
    assert ids(capsys, url, "--reviewer", "ANN") == seed
    assert ids(capsys, url, "--reviewer", "an") == []  # a prefix names nobody
    assert ids(capsys, url, "--assigned", "Bob") == gdp
    monkeypatch.setenv("CLAIMDESK_REVIEWER", "Bob")
    assert ids(capsys, url, "reviewer:me") == [seed[0], *gdp]
    assert ids(capsys, url, "--assigned", "me", "--status", "false") == [gdp[1]]


def test_a_name_beyond_ascii_ignores_case_too(capsys, team):
    url, seed, _gdp, _budget = team
    with open_desk(url) as desk:
        desk.assign(desk.articles()[0].id, "Åsa", "editor")
    assert ids(capsys, url, "--reviewer", "åsa") == seed
    assert ids(capsys, url, "--reviewer", "ÅSA", "--status", "verified") == [seed[0]]


def test_json_carries_the_assignee_and_the_table_a_column(capsys, team):
    url, seed, _gdp, budget = team
    code, out, _err = cli(capsys, "claims", "--format", "json", "--desk", url)
    assert code == 0
    held = {r["id"]: r["assigned_to"] for r in json.loads(out)}
    assert held[seed[0]] == "Ann" and held[budget[0]] is None
    code, out, err = cli(capsys, "claims", "--reviewer", "carol", "--desk", url)
    assert code == 0 and err == "1 claim\n"
    header, row = out.splitlines()
    assert header.split()[:8] == [
        "ID", "STATUS", "KIND", "FIGURE", "CLAIMANT", "REVIEWER", "ASSIGNED", "ARTICLE",
    ]  # fmt: skip
    assert "carol" in row and "bob" in row


def test_a_queue_is_read_by_query_not_the_whole_desk(team):
    url, seed, gdp, _budget = team
    with open_desk(url, readonly=True) as desk:
        claims, assignees = desk.select_claims(parse_query("assigned:ann"), CURRENT)
        assert [c.id for c in claims] == seed
        claims, _ = desk.select_claims(parse_query("reviewer:carol"), CURRENT)
        assert [c.id for c in claims] == [gdp[1]]
        assert sorted(assignees.values()) == ["Ann", "bob"]


def test_bad_values_are_one_line_and_exit_2(capsys, team):
    url = team[0]
    code, out, err = cli(
        capsys, "claims", "--reviewer", "ann", "--status", "verifed", "--desk", url
    )
    assert code == 2 and err.count("\n") == 1 and "unknown status 'verifed'" in err
    assert out == ""


@pytest.fixture
def file_desk(capsys, tmp_path, desk_of_three):
    desk = str(tmp_path / "desk.json")
    code, _out, err = cli(capsys, "import", *map(str, desk_of_three), "--desk", desk)
    assert code == 0, err
    with open_desk(desk) as opened:
        seed = opened.articles()[0]
        first = opened.claims(seed.id)[0].id
        Review(opened, "Bob").set_status(first, "verified")
    return desk, first


def test_on_a_desk_file_the_queue_is_what_the_reviewer_decided(capsys, file_desk):
    desk, first = file_desk
    assert ids(capsys, desk, "--reviewer", "bob") == [first]
    assert ids(capsys, desk, "--decided-by", "BOB") == [first]
    assert ids(capsys, desk, "reviewer:ann") == []
    code, out, _err = cli(capsys, "claims", "--reviewer", "bob", "-f", "json", "--desk", desk)
    assert code == 0 and [r["assigned_to"] for r in json.loads(out)] == [None]
    code, out, _err = cli(capsys, "claims", "--reviewer", "bob", "--desk", desk)
    assert "ASSIGNED" not in out  # a desk file's table is as it was


@pytest.mark.parametrize("value", ["ann", "none"])
def test_assigned_on_a_desk_file_says_it_needs_a_team_desk(capsys, file_desk, value):
    code, out, err = cli(capsys, "claims", "--assigned", value, "--desk", file_desk[0])
    assert code == 2 and err.count("\n") == 1 and out == ""
    assert "assigned: needs a team desk" in err


def test_claims_help_documents_the_queue(capsys):
    with pytest.raises(SystemExit):
        main(["claims", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "R's queue" in text and "--assigned" in text and "--decided-by" in text
    assert "'none'" in text and "'me'" in text
