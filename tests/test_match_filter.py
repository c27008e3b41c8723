"""The reviewer's type-ahead filter (``/``) and the command palette's claim lookup."""

from __future__ import annotations

from core.desk import Desk
from core.match import ClaimFilter
from core.model import Article, Claim, Figure, Note, Source
from core.review import Review

TEXT = (
    "Mexico has expelled 26 alleged high-ranking cartel members to the United States. "
    "In February, Mexico handed over 29 alleged cartel figures to US authorities. "
    "Trump threatened a sweeping 25 per cent tariff on Mexican imports. "
    "Steel, aluminium and copper exports are taxed at 50 per cent. "
    "The administration granted a 90-day extension of tariff exemptions. "
    "Valencia had been arrested in Mexico in February 2015. "
    "Officials expect 260 more extradition requests by 2026."
)

SPECS = [
    ("x26", "26", "count", 26),
    ("x29", "29", "count", 29),
    ("t25", "25 per cent", "percent", 25),
    ("t50", "50 per cent", "percent", 50),
    ("d90", "90-day", "duration", "P90D"),
    ("v15", "February 2015", "date", "2015-02"),
    ("r260", "260", "count", 260),
]


def make_claims(article: str = "art", text: str = TEXT) -> list[Claim]:
    claims = []
    sentences = [s + "." for s in text.split(". ")]
    sentences[-1] = sentences[-1].rstrip(".")
    pos = 0
    for sentence, (cid, surface, kind, value) in zip(sentences, SPECS, strict=True):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        fig_at = start + sentence.index(surface)
        claims.append(
            Claim(
                id=f"{article}-{cid}",
                article_id=article,
                statement=sentence,
                start=start,
                end=pos,
                figures=[Figure(surface, fig_at, fig_at + len(surface), kind, value)],
            )
        )
    return claims


def ids(results) -> list[str]:
    return [cid for cid, _ in results]


def test_typing_a_figure_ranks_the_claim_with_that_key_figure_first():
    claims = make_claims()
    # Put the 26-claim last so text order cannot carry it to the top.
    claims[0].start, claims[0].end = 10_000, 10_050
    claims[1].notes.append(Note("Compare with the 26 handed over in August."))
    found = ClaimFilter(claims).query("26")
    assert found[0][0] == "art-x26"
    assert "art-x29" in ids(found)  # the note mentions 26
    assert found[0][1] > found[1][1]


def test_typing_90_day_finds_the_duration_claim_first():
    found = ClaimFilter(make_claims()).query("90-day")
    assert ids(found)[0] == "art-d90"
    assert ids(ClaimFilter(make_claims()).query("90"))[0] == "art-d90"


def test_empty_query_returns_everything_in_text_order():
    first, second = make_claims("one"), make_claims("two")
    shuffled = [second[3], first[2], second[0], *reversed(first[:2]), *first[3:], *second[1:3]]
    shuffled += second[4:]
    flt = ClaimFilter(shuffled)
    # Articles in the order they first appear; within an article by position.
    expected = [c.id for c in second] + [c.id for c in first]
    assert ids(flt.query("")) == expected
    assert ids(flt.query("   ")) == expected
    assert ids(flt.query("", limit=3)) == expected[:3]


def test_words_prefixes_and_typos():
    flt = ClaimFilter(make_claims())
    assert ids(flt.query("aluminium")) == ["art-t50"]
    assert ids(flt.query("alumin")) == ["art-t50"]  # still typing
    assert ids(flt.query("aluminum")) == ["art-t50"]  # US spelling / typo
    assert ids(flt.query("extradtion")) == ["art-r260"]
    assert flt.query("zzzz") == []


def test_every_term_must_match():
    flt = ClaimFilter(make_claims())
    assert set(ids(flt.query("tariff"))) == {"art-t25", "art-d90"}
    assert ids(flt.query("tariff exemptions")) == ["art-d90"]
    assert ids(flt.query("mexico february")) == ["art-x29", "art-v15"]


def test_notes_sources_and_corrections_are_searchable():
    claims = make_claims()
    claims[2].sources.append(
        Source("https://www.reuters.com/world/americas/tariffs", title="White House fact sheet")
    )
    claims[3].notes.append(Note("Commerce Department confirms the steel rate"))
    flt = ClaimFilter(claims)
    assert ids(flt.query("reuters")) == ["art-t25"]
    assert ids(flt.query("fact sheet")) == ["art-t25"]
    assert ids(flt.query("commerce department")) == ["art-t50"]


def test_percent_typed_as_symbol_finds_per_cent():
    assert ids(ClaimFilter(make_claims()).query("25%"))[0] == "art-t25"


def test_scores_descend_and_limit_cuts():
    flt = ClaimFilter(make_claims())
    found = flt.query("mexico")
    scores = [score for _, score in found]
    assert scores == sorted(scores, reverse=True)
    assert set(ids(found)) == {"art-x26", "art-x29", "art-v15"}
    assert flt.query("mexico", limit=2) == found[:2]


def test_phrase_typed_in_full_beats_scattered_words():
    claims = make_claims()
    claims[4].notes.append(Note("tariff threats were not mentioned; exemptions continue"))
    found = ClaimFilter(claims).query("tariff exemptions")
    assert ids(found)[0] == "art-d90"


def test_from_desk_covers_every_claim_on_the_desk(tmp_path):
    """The command palette looks across articles: build the filter from a real desk."""
    with Desk.open(tmp_path / "desk.json") as desk:
        review = Review(desk, "tester")
        for name in ("a", "b"):
            article = Article(id=name, title=name, source=f"{name}.txt", text=TEXT)
            review.import_article(article, make_claims(name))
        review.set_status("b-x26", "verified")
        flt = ClaimFilter.from_desk(desk)
    assert len(flt) == 14
    assert ids(flt.query("26"))[:2] == ["a-x26", "b-x26"]
    assert ids(flt.query(""))[:2] == ["a-x26", "a-x29"]


def test_accents_may_be_left_out():
    claims = make_claims()
    claims[1].statement = claims[1].statement.replace("Mexico handed", "Michoacán handed")
    flt = ClaimFilter(claims)
    # An exact hit either way, not a typo-level fuzzy one.
    assert flt.query("michoacan") == flt.query("Michoacán") == [("art-x29", 100.0)]
