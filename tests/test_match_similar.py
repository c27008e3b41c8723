"""Seen before (same figure, same subject, other article), repeats, and the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.match import (
    SIMILAR_MIN_SCORE,
    ClaimIndex,
    figure_key,
    group_repeats,
    similar_claims,
    statement_similarity,
)
from core.model import Claim, Figure

PAIRS = Path(__file__).parent / "data" / "claim_pairs.jsonl"


def claim(
    cid: str,
    statement: str,
    figure: str,
    kind: str,
    value,
    *,
    article: str = "other",
    status: str = "verified",
    unit: str | None = None,
    offset: int = 0,
) -> Claim:
    """A claim whose statement sits at ``offset`` in its article."""
    at = statement.index(figure) + offset
    return Claim(
        id=cid,
        article_id=article,
        statement=statement,
        start=offset,
        end=offset + len(statement),
        figures=[Figure(figure, at, at + len(figure), kind, value, unit)],
        status=status,
    )


EXTRADITED = claim(
    "new",
    "Mexico has expelled 26 alleged high-ranking cartel members to the United States.",
    "26",
    "count",
    26,
    article="today",
    status="unreviewed",
)


def test_paraphrase_in_another_article_is_found_with_its_verdict():
    elsewhere = claim(
        "reuters",
        "Mexico sent 26 suspected cartel members to the US on Tuesday.",
        "26",
        "count",
        26,
    )
    matches = similar_claims(EXTRADITED, [elsewhere])
    assert [(m.claim_id, m.article_id, m.status) for m in matches] == [
        ("reuters", "other", "verified")
    ]
    assert SIMILAR_MIN_SCORE <= matches[0].score <= 1.0


@pytest.mark.parametrize(
    ("statement", "figure", "kind", "value"),
    [
        ("Floods killed 26 people in the north of Mexico.", "26", "count", 26),
        ("The US will impose a 26 per cent tariff on Mexican goods.", "26 per cent", "percent", 26),
        (
            "Mexico has expelled 27 alleged high-ranking cartel members to the United States.",
            "27",
            "count",
            27,
        ),
        ("The United States charged 26 Mexican officials with corruption.", "26", "count", 26),
    ],
    ids=["same-figure-floods", "same-number-tariff", "same-words-other-figure", "charged"],
)
def test_near_misses_do_not_match(statement, figure, kind, value):
    assert similar_claims(EXTRADITED, [claim("x", statement, figure, kind, value)]) == []


def test_unit_variant_and_number_word_match():
    tariff = claim(
        "a",
        "Trump threatened a 25 per cent tariff on Mexican imports.",
        "25 per cent",
        "percent",
        25,
        article="today",
    )
    other = claim(
        "b", "Trump had threatened a 25% tariff on imports from Mexico.", "25%", "percent", 25.0
    )
    assert [m.claim_id for m in similar_claims(tariff, [other])] == ["b"]
    groups = claim(
        "c",
        "The CJNG and seven other criminal groups were designated terrorist organisations.",
        "seven",
        "count",
        7,
        article="today",
    )
    digits = claim(
        "d",
        "The CJNG and 7 other criminal groups were designated terrorist organizations.",
        "7",
        "count",
        "7",
    )
    assert [m.claim_id for m in similar_claims(groups, [digits])] == ["d"]


def test_same_article_unreviewed_and_dismissed_candidates_are_skipped():
    same_article = claim("self", EXTRADITED.statement, "26", "count", 26, article="today")
    unreviewed = claim("todo", EXTRADITED.statement, "26", "count", 26, status="unreviewed")
    dismissed = claim("no", EXTRADITED.statement, "26", "count", 26, status="dismissed")
    reviewed = claim("yes", EXTRADITED.statement, "26", "count", 26, status="false")
    found = similar_claims(EXTRADITED, [same_article, unreviewed, dismissed, reviewed])
    assert [m.claim_id for m in found] == ["yes"]
    assert found[0].score == pytest.approx(1.0)


def test_best_first_and_limit():
    close = claim(
        "close",
        "Mexico has expelled 26 alleged cartel members to the United States.",
        "26",
        "count",
        26,
    )
    looser = claim("loose", "Mexico sent 26 cartel members to the US.", "26", "count", 26)
    exact = claim("exact", EXTRADITED.statement, "26", "count", 26)
    index = ClaimIndex([looser, close, exact])
    found = similar_claims(EXTRADITED, index, limit=5)
    assert [m.claim_id for m in found] == ["exact", "close", "loose"]
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)
    assert [m.claim_id for m in similar_claims(EXTRADITED, index, limit=1)] == ["exact"]


def test_index_only_scores_the_same_figure_bucket():
    other_figures = [
        claim(f"c{i}", EXTRADITED.statement.replace("26", str(i)), str(i), "count", i)
        for i in range(100)
        if i != 26
    ]
    index = ClaimIndex(other_figures)
    assert len(index) == 99
    assert similar_claims(EXTRADITED, index) == []


def test_figure_key_normalises_equal_values():
    def fig(kind, value, unit=None):
        return Figure("x", 0, 1, kind, value, unit)

    assert (
        figure_key(fig("count", 26))
        == figure_key(fig("count", "26"))
        == figure_key(fig("count", 26.0))
    )
    assert figure_key(fig("money", 1.5e9, "USD")) == figure_key(fig("money", 1500000000, "usd"))
    assert figure_key(fig("money", 1.5e9, "USD")) != figure_key(fig("money", 1.5e9, "GBP"))
    assert figure_key(fig("count", 26)) != figure_key(fig("percent", 26))
    assert figure_key(fig("duration", "p90d")) == figure_key(fig("duration", "P90D"))
    assert figure_key(None) is None


# ------------------------------------------------------------------ repeats


def test_group_repeats_within_an_article():
    first = claim(
        "a",
        "Mexico has expelled 26 alleged cartel members to the United States.",
        "26",
        "count",
        26,
        article="art",
        offset=0,
    )
    other = claim(
        "b",
        "Trump threatened a 25 per cent tariff on Mexican imports.",
        "25 per cent",
        "percent",
        25,
        article="art",
        offset=100,
    )
    again = claim(
        "c",
        "The 26 cartel members expelled to the United States include Valencia.",
        "26",
        "count",
        26,
        article="art",
        offset=200,
    )
    floods = claim(
        "d", "Floods killed 26 people in the north.", "26", "count", 26, article="art", offset=300
    )
    tariff_again = claim(
        "e",
        "That 25 per cent tariff on Mexican imports was later scaled back.",
        "25 per cent",
        "percent",
        25,
        article="art",
        offset=400,
    )
    assert group_repeats([first, other, again, floods, tariff_again]) == [["a", "c"], ["b", "e"]]


def test_no_repeats_without_shared_figure():
    a = claim("a", "Mexico expelled 26 cartel members.", "26", "count", 26, article="art")
    b = claim("b", "Mexico expelled 29 cartel members.", "29", "count", 29, article="art")
    assert group_repeats([a, b]) == []
    assert group_repeats([]) == []


# ------------------------------------------------------------------ labelled set


def _from_record(side: dict, cid: str) -> Claim:
    fig = side["figure"]
    return claim(
        cid,
        side["statement"],
        fig["text"],
        fig["kind"],
        fig["value"],
        unit=fig.get("unit"),
        article=cid,
    )


def load_pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line]


def test_labelled_set_is_big_and_balanced_enough():
    rows = load_pairs()
    assert len(rows) >= 100
    positives = sum(r["label"] for r in rows)
    assert 0.3 < positives / len(rows) < 0.7
    for row in rows:
        for side in ("a", "b"):
            assert row[side]["figure"]["text"] in row[side]["statement"]
        assert row["why"]
        assert row.get("batch", "tuning") in {
            "tuning",
            "holdout",
            "holdout2",
            "holdout3",
            "holdout4",
        }


def _scores(rows: list[dict]) -> tuple[float, float]:
    tp = fp = fn = 0
    for row in rows:
        a, b = _from_record(row["a"], "a"), _from_record(row["b"], "b")
        predicted = bool(similar_claims(a, [b]))
        assert predicted == bool(similar_claims(b, [a])), row["why"]  # symmetric
        tp += predicted and row["label"]
        fp += predicted and not row["label"]
        fn += (not predicted) and row["label"]
    return tp / (tp + fp), tp / (tp + fn)


def test_precision_and_recall_on_labelled_pairs():
    """Quality, not speed: a change to the scorer must not lose the targets.

    Targets (precision >= 0.95, recall >= 0.85) on all pairs and on the first batch the
    threshold was tuned on. The "holdout" batches were each written without looking at
    scores and measured blind before being used; they guard against a change that
    fits the old pairs and loses the rest.
    """
    rows = load_pairs()
    by_batch: dict[str, list[dict]] = {}
    for row in rows:
        by_batch.setdefault(row.get("batch", "tuning"), []).append(row)
    for name, batch in [("all", rows), ("tuning", by_batch["tuning"])]:
        precision, recall = _scores(batch)
        assert precision >= 0.95 and recall >= 0.85, (name, precision, recall)
    for name in ("holdout", "holdout2", "holdout3", "holdout4"):
        precision, recall = _scores(by_batch[name])
        assert precision >= 0.85 and recall >= 0.85, (name, precision, recall)


def test_similarity_ignores_the_figure_itself():
    a = claim("a", "Unemployment fell to 3.9 per cent in March.", "3.9 per cent", "percent", 3.9)
    b = claim("b", "Unemployment fell to 4.1 per cent in March.", "4.1 per cent", "percent", 4.1)
    assert statement_similarity(a, b) == pytest.approx(1.0)


def test_one_word_swap_of_the_subject_is_not_the_same_claim():
    """Same template, other indicator: the substitution inside a close alignment counts."""
    unemployment = claim(
        "u",
        "Unemployment fell to 3.9 per cent in March.",
        "3.9 per cent",
        "percent",
        3.9,
        article="today",
    )
    inflation = claim(
        "i", "Inflation fell to 3.9 per cent in March.", "3.9 per cent", "percent", 3.9
    )
    jobless = claim(
        "j",
        "The jobless rate fell to 3.9 per cent in March, the lowest in a year.",
        "3.9 per cent",
        "percent",
        3.9,
    )
    assert similar_claims(unemployment, [inflation]) == []
    assert [m.claim_id for m in similar_claims(unemployment, [jobless])] == ["j"]


def test_big_bucket_still_finds_the_paraphrase():
    """Hundreds of claims share the figure 26: the quick pre-ranking must keep the one
    that says the same thing, and claims of the probe's own article never crowd it out."""
    topics = [
        "flood victims",
        "new schools",
        "bus routes",
        "wind farms",
        "court cases",
        "hospital wards",
        "police stations",
        "river bridges",
        "tax offices",
        "ferries",
    ]
    crowd = [
        claim(
            f"n{i}",
            f"The region opened 26 {topics[i % 10]} in district {i}.",
            "26",
            "count",
            26,
            article=f"art{i % 37}",
        )
        for i in range(400)
    ]
    own = [
        claim(f"own{i}", EXTRADITED.statement, "26", "count", 26, article="today")
        for i in range(150)
    ]
    target = claim(
        "hit",
        "Mexico sent 26 suspected high-ranking cartel members to the US.",
        "26",
        "count",
        26,
        article="elsewhere",
    )
    index = ClaimIndex([*crowd[:200], *own, target, *crowd[200:]])
    assert [m.claim_id for m in similar_claims(EXTRADITED, index)] == ["hit"]


def test_repeats_stay_within_their_article_and_come_in_text_order():
    def at(cid, article, offset, statement="Mexico expelled 26 cartel members to the US."):
        return claim(cid, statement, "26", "count", 26, article=article, offset=offset)

    later, earlier = at("later", "one", 500), at("earlier", "one", 10)
    elsewhere = at("elsewhere", "two", 0)
    assert group_repeats([later, elsewhere, earlier]) == [["earlier", "later"]]


def test_index_statuses_choose_the_candidates():
    todo = claim("todo", EXTRADITED.statement, "26", "count", 26, status="unreviewed")
    assert similar_claims(EXTRADITED, ClaimIndex([todo])) == []
    found = similar_claims(EXTRADITED, ClaimIndex([todo], statuses=["unreviewed"]))
    assert [(m.claim_id, m.status) for m in found] == [("todo", "unreviewed")]
