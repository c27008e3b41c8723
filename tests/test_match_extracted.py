"""Matching on claims the real extractor finds in edited versions of the seed article.

The pure-function tests build claims by hand; these run the whole way from text to
claims (ingest + extraction) so a change in how statements or figures are cut cannot
silently break re-anchoring or the seen-before lookup.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from core.extract import extract_claims
from core.ingest import article_from_text
from core.match import ClaimFilter, ClaimIndex, group_repeats, reanchor, similar_claims
from core.model import Claim

SEED = Path(__file__).resolve().parent.parent / "seeds" / "mexico-extraditions-tariffs.txt"
SOURCE = "desk/mexico-extraditions-tariffs.txt"

THREAT_OLD = "That decision came amid Trump's threat of a sweeping 25 per cent tariff"
THREAT_NEW = "That decision came as Trump threatened a sweeping 25 per cent tariff"
FENTANYL = (
    "Officials said 40 per cent of the fentanyl seized at the border last year was moved "
    "by the Sinaloa cartel."
)


def claims_of(text: str, source: str = SOURCE) -> list[Claim]:
    return extract_claims(article_from_text(text, source))


def label(claim: Claim) -> str:
    """A readable name for a claim: its key figure value, plus a word where two share it."""
    fig = claim.key_figure
    if fig is None:
        return "quote"
    name = f"{fig.kind}:{fig.value}"
    if fig.kind == "percent" and fig.value == 25:
        name += ":threat" if "threat" in claim.statement else ":vehicles"
    return name


def edited_seed(seed: str) -> str:
    paragraphs = seed.split("\n")
    paragraphs[0] = paragraphs[0].replace("expelled 26", "expelled 27")
    paragraphs.insert(1, FENTANYL)
    text = "\n".join(p for p in paragraphs if not p.startswith("One of those extradited"))
    text = text.replace(THREAT_OLD, THREAT_NEW).replace(
        "on Mexican imports, although", "on imports from Mexico, although"
    )
    # Re-wrap the Sheinbaum paragraph: every offset after it moves.
    sheinbaum = next(p for p in text.split("\n") if p.startswith("Mexican President"))
    return text.replace(sheinbaum, textwrap.fill(sheinbaum, 60))


@pytest.fixture(scope="module")
def versions():
    seed = SEED.read_text(encoding="utf-8")
    new_text = edited_seed(seed)
    return seed, claims_of(seed), new_text, claims_of(new_text)


def test_seed_versions_extract_what_the_scenario_needs(versions):
    _, old, _, new = versions
    old_labels = {label(c) for c in old}
    assert {"count:26", "count:29", "percent:25:threat", "duration:P90D", "date:2015-02"} <= (
        old_labels
    )
    new_labels = {label(c) for c in new}
    assert {"count:27", "percent:40"} <= new_labels
    assert "date:2015-02" not in new_labels


def test_reimport_of_edited_seed_carries_every_claim_to_its_counterpart(versions):
    old_text, old, new_text, new = versions
    result = reanchor(old, new, old_text, new_text)
    got = {label(o): label(n) for o, n in result.pairs}
    expected = {label(c): label(c) for c in old if label(c) != "date:2015-02"}
    expected["count:26"] = "count:27"
    assert got == expected
    assert [(label(o), label(n)) for o, n in result.changed] == [("count:26", "count:27")]
    assert [label(c) for c in result.removed] == ["date:2015-02"]
    assert [label(c) for c in result.added] == ["percent:40"]


def test_reimport_pairs_claims_with_moved_offsets(versions):
    old_text, old, new_text, new = versions
    result = reanchor(old, new, old_text, new_text)
    moved = [(o, n) for o, n in result.pairs if o.start != n.start]
    assert len(moved) >= len(result.pairs) - 1  # the fentanyl paragraph moved the rest
    for o, n in result.pairs:
        assert new_text[n.start : n.end] == n.statement
        assert old_text[o.start : o.end] == o.statement


def test_same_story_from_another_outlet_is_seen_before(versions):
    _, old, _, _ = versions
    for claim in old:
        claim.status = "verified"
    other = claims_of(
        "Mexico sent 26 alleged high-ranking cartel members to the US on Tuesday, Al Jazeera "
        "reported.\nMeanwhile floods killed 26 people in the north of the country.\n"
        "US tariffs of 50 per cent apply to steel, aluminium and copper exports from Mexico.",
        source="desk/other-outlet.txt",
    )
    index = ClaimIndex(old)
    by_id = {c.id: label(c) for c in old}
    extradited = next(c for c in other if "cartel" in c.statement)
    floods = next(c for c in other if "floods" in c.statement)
    metals = next(c for c in other if "steel" in c.statement)
    assert [by_id[m.claim_id] for m in similar_claims(extradited, index)] == ["count:26"]
    assert similar_claims(floods, index) == []
    assert [by_id[m.claim_id] for m in similar_claims(metals, index)] == ["percent:50"]


def test_filter_over_extracted_seed_claims(versions):
    _, old, _, _ = versions
    flt = ClaimFilter(old)
    assert label(next(c for c in old if c.id == flt.query("26")[0][0])) == "count:26"
    assert label(next(c for c in old if c.id == flt.query("90-day")[0][0])) == "duration:P90D"
    assert [cid for cid, _ in flt.query("")] == [c.id for c in old]


def test_the_two_25_per_cent_tariffs_are_not_repeats(versions):
    """Threatened 25 % on all imports vs 25 % actually levied on vehicles: different claims."""
    _, old, _, _ = versions
    assert group_repeats(old) == []


def test_mapping_holds_without_the_id_shortcut(versions):
    """Same edit, new version extracted under another path: no id is shared, so every
    pair has to be found by statement, figure and neighbourhood."""
    old_text, old, new_text, _ = versions
    new = claims_of(new_text, source="desk/renamed-copy.txt")
    assert not {c.id for c in old} & {c.id for c in new}
    result = reanchor(old, new, old_text, new_text)
    got = {label(o): label(n) for o, n in result.pairs}
    expected = {label(c): label(c) for c in old if label(c) != "date:2015-02"}
    expected["count:26"] = "count:27"
    assert got == expected
    assert [label(c) for c in result.removed] == ["date:2015-02"]
    assert [label(c) for c in result.added] == ["percent:40"]
