"""Re-anchoring: reviews follow their claim through edits of the article.

The article versions below are written by hand to cover what newsrooms actually do to a
published story: a paragraph added on top, one cut, paragraphs swapped, the text
re-wrapped, a figure corrected, a sentence reworded or replaced. Claims are built directly
(statement = the sentence holding the figure), so these tests pin ``reanchor`` itself;
new claims get fresh ids so the fuzzy path, not the id shortcut, does the work.
"""

from __future__ import annotations

import itertools
import random
import re

import numpy as np
import pytest

from core.match import reanchor
from core.matching.assignment import hungarian
from core.model import Claim, Figure

P_EXTRADITION = (
    "Mexico City, August 13: Mexico has expelled 26 alleged high-ranking cartel members "
    "to the United States, officials said on Tuesday."
)
P_FEBRUARY = (
    "The transfer follows a similar one in February, when Mexico handed over 29 alleged "
    "cartel figures to US authorities."
)
P_THREAT = "Trump has threatened a sweeping 25 per cent tariff on Mexican imports."
P_METALS = "Steel, aluminium and copper exports are already taxed at 50 per cent."
P_EXEMPTION = (
    "At the end of July, the administration granted a 90-day extension of tariff "
    "exemptions for goods covered by the USMCA."
)
P_GROUPS = (
    "The CJNG and seven other criminal groups have been designated foreign terrorist "
    "organisations by Washington."
)
P_FENTANYL = (
    "Security analysts estimate that 40 per cent of the fentanyl seized at the border "
    "is moved by two cartels."
)

# label -> (figure surface, kind, value)
FIGURES = {
    "x26": ("26", "count", 26),
    "x27": ("27", "count", 27),
    "x29": ("29", "count", 29),
    "t25": ("25 per cent", "percent", 25),
    "t50": ("50 per cent", "percent", 50),
    "d90": ("90-day", "duration", "P90D"),
    "g7": ("seven", "count", 7),
    "f40": ("40 per cent", "percent", 40),
    "y1985": ("1985", "date", "1985"),
}

V1 = [P_EXTRADITION, P_FEBRUARY, P_THREAT, P_METALS, P_EXEMPTION, P_GROUPS]
V1_LABELS = ["x26", "x29", "t25", "t50", "d90", "g7"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def build_claims(text: str, labels: list[str], prefix: str = "") -> list[Claim]:
    """One claim per label: the sentence of ``text`` holding that label's figure.

    ``labels`` may repeat a label for a figure stated twice; occurrences are taken in
    text order. Claim ids are ``prefix + label`` (``#n`` appended for repeats).
    """
    claims = []
    seen: dict[str, int] = {}
    for label in labels:
        surface, kind, value = FIGURES[label]
        nth = seen.get(label, 0)
        seen[label] = nth + 1
        matches = list(re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text))
        fig_start = matches[nth].start()
        starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        start = max(s for s in starts if s <= fig_start)
        end_match = _SENTENCE_END.search(text, fig_start)
        end = end_match.start() if end_match else len(text)
        figure = Figure(surface, fig_start, fig_start + len(surface), kind, value)
        cid = prefix + label + (f"#{nth}" if nth else "")
        claims.append(
            Claim(
                id=cid,
                article_id="art",
                statement=text[start:end],
                start=start,
                end=end,
                figures=[figure],
            )
        )
    claims.sort(key=lambda c: c.start)
    return claims


def mapping(result) -> dict[str, str]:
    return {old.id: new.id for old, new in result.pairs}


def run(old_paras, old_labels, new_paras, new_labels, *, sep="\n\n"):
    old_text, new_text = sep.join(old_paras), sep.join(new_paras)
    old = build_claims(old_text, old_labels)
    new = build_claims(new_text, new_labels, prefix="new-")
    return reanchor(old, new, old_text, new_text)


def test_unchanged_article_maps_every_claim_to_itself():
    result = run(V1, V1_LABELS, V1, V1_LABELS)
    assert mapping(result) == {label: f"new-{label}" for label in V1_LABELS}
    assert result.changed == [] and result.removed == [] and result.added == []


def test_paragraph_inserted_on_top_is_added_and_the_rest_carry_over():
    result = run(V1, V1_LABELS, [P_FENTANYL, *V1], ["f40", *V1_LABELS])
    assert mapping(result) == {label: f"new-{label}" for label in V1_LABELS}
    assert [c.id for c in result.added] == ["new-f40"]
    assert result.removed == []


def test_paragraph_cut_is_removed():
    new = [p for p in V1 if p is not P_THREAT]
    labels = [label for label in V1_LABELS if label != "t25"]
    result = run(V1, V1_LABELS, new, labels)
    assert [c.id for c in result.removed] == ["t25"]
    assert mapping(result) == {label: f"new-{label}" for label in labels}
    assert result.added == []


def test_reordered_paragraphs_keep_their_claims():
    order = [5, 0, 3, 1, 4, 2]
    result = run(V1, V1_LABELS, [V1[i] for i in order], [V1_LABELS[i] for i in order])
    assert mapping(result) == {label: f"new-{label}" for label in V1_LABELS}
    assert result.removed == [] and result.added == []


def _rewrap(text: str, width: int) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    lines.append(line)
    return "\n".join(lines)


def test_reflowed_text_with_every_offset_moved():
    old_text = "\n\n".join(V1)
    new_text = _rewrap("   ".join(V1), 58)
    old = build_claims(old_text, V1_LABELS)
    new = build_claims(new_text, V1_LABELS, prefix="new-")
    assert all(o.start != n.start for o, n in zip(old[1:], new[1:], strict=True))
    result = reanchor(old, new, old_text, new_text)
    assert mapping(result) == {label: f"new-{label}" for label in V1_LABELS}


def test_changed_figure_is_a_changed_pair_not_a_new_claim():
    edited = [P_EXTRADITION.replace("26", "27"), *V1[1:]]
    result = run(V1, V1_LABELS, edited, ["x27", *V1_LABELS[1:]])
    assert mapping(result)["x26"] == "new-x27"
    assert [(o.id, n.id) for o, n in result.changed] == [("x26", "new-x27")]
    assert result.removed == [] and result.added == []


def test_reworded_sentence_keeps_its_review():
    reworded = (
        "Mexico City, August 13: Mexico sent 26 suspected high-ranking cartel members to "
        "the United States, according to a government statement."
    )
    result = run(V1, V1_LABELS, [reworded, *V1[1:]], V1_LABELS)
    assert mapping(result)["x26"] == "new-x26"
    assert result.changed == []


def test_sentence_replaced_beyond_recognition_is_removed_and_added():
    replaced = "Copper prices have climbed 50 per cent since January on strong demand."
    new = [*V1[:3], replaced, *V1[4:]]
    result = run(V1, V1_LABELS, new, V1_LABELS)
    assert [c.id for c in result.removed] == ["t50"]
    assert [c.id for c in result.added] == ["new-t50"]
    assert "t50" not in mapping(result)


def test_same_sentence_twice_maps_in_text_order():
    old_paras = [P_EXTRADITION, P_THREAT, P_METALS, P_THREAT]
    new_paras = [P_FENTANYL, P_EXTRADITION, P_THREAT, P_METALS, P_GROUPS, P_THREAT]
    result = run(
        old_paras,
        ["x26", "t25", "t50", "t25"],
        new_paras,
        ["f40", "x26", "t25", "t50", "g7", "t25"],
    )
    got = mapping(result)
    assert got["t25"] == "new-t25" and got["t25#1"] == "new-t25#1"
    assert sorted(c.id for c in result.added) == ["new-f40", "new-g7"]


def test_everything_at_once():
    """Insert, cut, reorder, reflow, reword and correct a figure in one edit."""
    edited = [
        P_GROUPS,
        P_FENTANYL,
        P_EXTRADITION.replace("26", "27").replace("officials said on Tuesday", "officials said"),
        P_EXEMPTION,
        P_FEBRUARY,
        P_METALS,
    ]
    old_text = "\n\n".join(V1)
    new_text = _rewrap(" ".join(edited), 70)
    old = build_claims(old_text, V1_LABELS)
    new = build_claims(new_text, ["g7", "f40", "x27", "d90", "x29", "t50"], prefix="new-")
    result = reanchor(old, new, old_text, new_text)
    assert mapping(result) == {
        "g7": "new-g7",
        "x26": "new-x27",
        "d90": "new-d90",
        "x29": "new-x29",
        "t50": "new-t50",
    }
    assert [(o.id, n.id) for o, n in result.changed] == [("x26", "new-x27")]
    assert [c.id for c in result.removed] == ["t25"]
    assert [c.id for c in result.added] == ["new-f40"]


def test_pairs_come_in_new_text_order():
    order = [5, 0, 3, 1, 4, 2]
    result = run(V1, V1_LABELS, [V1[i] for i in order], [V1_LABELS[i] for i in order])
    starts = [new.start for _, new in result.pairs]
    assert starts == sorted(starts)


def test_same_id_is_the_same_claim_even_if_text_moved_a_lot():
    old_text = "\n\n".join(V1)
    new_text = "\n\n".join([P_FENTANYL, *V1])
    old = build_claims(old_text, V1_LABELS)
    new = build_claims(new_text, ["f40", *V1_LABELS])  # same ids: unchanged claims
    result = reanchor(old, new, old_text, new_text)
    assert all(o is not n and o.id == n.id for o, n in result.pairs)
    assert len(result.pairs) == 6 and [c.id for c in result.added] == ["f40"]


def test_first_and_last_versions_without_claims():
    text = "\n\n".join(V1)
    claims = build_claims(text, V1_LABELS)
    gone = reanchor(claims, [], text, "")
    assert gone.pairs == [] and [c.id for c in gone.removed] == V1_LABELS
    fresh = reanchor([], claims, "", text)
    assert fresh.pairs == [] and [c.id for c in fresh.added] == V1_LABELS


def test_figure_kind_change_is_a_changed_pair():
    """ "26 members" corrected to "26 per cent of members" keeps the claim but flags it."""
    old_text = P_EXTRADITION
    new_text = P_EXTRADITION.replace("26 alleged", "26 per cent of the alleged")
    old = build_claims(old_text, ["x26"])
    new = build_claims(new_text, ["x26"], prefix="new-")
    pct = new[0].figures[0]
    pct.text, pct.kind, pct.end = "26 per cent", "percent", pct.start + len("26 per cent")
    result = reanchor(old, new, old_text, new_text)
    assert mapping(result) == {"x26": "new-x26"}
    assert len(result.changed) == 1


# ------------------------------------------------------------------ the assignment


def _brute_force(profit: np.ndarray) -> float:
    n, m = profit.shape
    if n <= m:
        return max(
            sum(profit[i, cols[i]] for i in range(n))
            for cols in itertools.permutations(range(m), n)
        )
    return _brute_force(profit.T)


@pytest.mark.parametrize("shape", [(4, 4), (3, 5), (5, 3), (6, 6), (1, 4)])
def test_hungarian_is_optimal(shape):
    rng = random.Random(sum(shape))
    for _ in range(25):
        profit = np.array(
            [[rng.randint(0, 100) for _ in range(shape[1])] for _ in range(shape[0])], dtype=float
        )
        pairs = hungarian(profit)
        assert len(pairs) == min(shape)
        assert len({i for i, _ in pairs}) == len({j for _, j in pairs}) == len(pairs)
        assert sum(profit[i, j] for i, j in pairs) == pytest.approx(_brute_force(profit))


def test_assignment_beats_greedy_when_claims_compete():
    """Greedy would give the best single pair away and strand the second claim."""
    profit = np.array([[90.0, 89.0], [88.0, 10.0]])
    assert sorted(hungarian(profit)) == [(0, 1), (1, 0)]


def test_two_claims_in_one_sentence_keep_their_own_figure():
    """One sentence, two key figures; re-wrapped, and listed in the other order."""
    sentence = (
        "In February, Mexico handed over 29 alleged cartel figures, including one accused in "
        "the 1985 killing of a DEA agent."
    )
    old_text = "\n\n".join([P_EXTRADITION, sentence])
    new_text = _rewrap(old_text, 40)
    old = build_claims(old_text, ["x26", "x29", "y1985"])
    new = build_claims(new_text, ["x26", "y1985", "x29"], prefix="new-")
    new.reverse()
    result = reanchor(old, new, old_text, new_text)
    assert mapping(result) == {"x26": "new-x26", "x29": "new-x29", "y1985": "new-y1985"}
    assert result.changed == []


def test_templated_article_with_every_sentence_reworded():
    """Forty near-identical sentences (a results table written out as prose), every one
    reworded and the order reversed: each still finds its own counterpart, which takes
    the neighbourhood and figure, not the statement alone."""
    places = [
        f"{name} {suffix}"
        for suffix in ("North", "South", "East", "West", "Central")
        for name in ("Avila", "Brena", "Corto", "Dalia", "Esmer", "Farol", "Gaviota", "Hondo")
    ]
    old_sentences = [
        f"Officials said {10 + k} people were evacuated from {place}."
        for k, place in enumerate(places)
    ]
    new_sentences = [
        f"Authorities say {10 + k} people were evacuated from {place}."
        for k, place in enumerate(places)
    ][::-1]

    def claims_for(sentences, prefix):
        text, claims = "", []
        for sentence in sentences:
            start = len(text)
            text += sentence + "\n"
            number = sentence.split(" ")[2]
            at = start + sentence.index(number)
            claims.append(
                Claim(
                    id=f"{prefix}{number}",
                    article_id="art",
                    statement=sentence,
                    start=start,
                    end=start + len(sentence),
                    figures=[Figure(number, at, at + len(number), "count", int(number))],
                )
            )
        return text, claims

    old_text, old = claims_for(old_sentences, "old-")
    new_text, new = claims_for(new_sentences, "new-")
    result = reanchor(old, new, old_text, new_text)
    assert mapping(result) == {f"old-{10 + k}": f"new-{10 + k}" for k in range(40)}
    assert result.changed == [] and result.removed == [] and result.added == []


def _numbered_article(count: int, verb: str, skip: set[int] = frozenset(), extra: int = 0):
    """A long article: one claim per sentence, each about its own place and figure."""
    text, claims = "", []
    for k in [*range(count), *range(1000, 1000 + extra)]:
        if k in skip:
            continue
        number = str(100 + k)
        sentence = f"Officials {verb} {number} families left Villa{k} after the floods."
        if k >= 1000:  # an added paragraph on another subject
            sentence = f"Engineers inspected {number} bridges on the coast road in May."
        start = len(text)
        text += sentence + " "
        at = start + sentence.index(number)
        figure = Figure(number, at, at + len(number), "count", int(number))
        claims.append(
            Claim(
                id=f"{verb}-{number}",
                article_id="art",
                statement=sentence,
                start=start,
                end=start + len(sentence),
                figures=[figure],
            )
        )
    return text, claims


def test_long_rewritten_article_is_matched_block_by_block(monkeypatch):
    """Past the block size the matching runs in position-aligned blocks; every claim is
    still carried, including one moved from the start to the end (the leftover pass)."""
    import core.matching.reanchor as module

    monkeypatch.setattr(module, "_BLOCK", 40)
    old_text, old = _numbered_article(150, "said")
    new_text, new = _numbered_article(150, "reported", skip={3, 77}, extra=5)
    moved = new.pop(0)  # the first sentence moves to the end of the new version
    new.append(
        Claim.from_dict(
            {
                **moved.to_dict(),
                "start": len(new_text) + 1,
                "end": len(new_text) + 1 + len(moved.statement),
            }
        )
    )
    result = reanchor(old, new, old_text, new_text)
    expected = {f"said-{100 + k}": f"reported-{100 + k}" for k in range(150) if k not in {3, 77}}
    assert mapping(result) == expected
    assert sorted(c.id for c in result.removed) == ["said-103", "said-177"]
    assert len(result.added) == 5


# -- rules the scores depend on ---------------------------------------------------------

P_CALM = (
    "Officials in the capital described the talks as constructive and said that further "
    "meetings between both delegations and their advisers would follow in the coming weeks."
)


def test_drift_breaks_a_tie_in_favour_of_staying_in_place():
    """Two copies of one reworded sentence in identical surroundings score the same on
    statement, figure and neighbourhood: only the penalty for drifting through the
    article keeps each review on the copy in its own place (a bonus would cross them)."""
    reworded = P_THREAT.replace("Mexican imports", "all Mexican imports")
    old_paras = [P_CALM, P_CALM, P_THREAT, P_CALM, P_CALM, P_THREAT, P_CALM, P_CALM]
    new_paras = [P_CALM, P_CALM, reworded, P_CALM, P_CALM, reworded, P_CALM, P_CALM]
    result = run(old_paras, ["t25", "t25"], new_paras, ["t25", "t25"])
    assert mapping(result) == {"t25": "new-t25", "t25#1": "new-t25#1"}


def test_neighbourhood_leaves_out_words_cut_by_its_window():
    """The words around a claim are read from a fixed window of characters, which cuts a
    word at each end; the cut pieces differ between versions for no reason and are left
    out, whole words kept."""
    from core.matching.reanchor import _NEIGHBOURHOOD_CHARS, _neighbourhood

    claim_sentence = "Trump has threatened a sweeping 25 per cent tariff."
    # 171 characters before the claim: the window starts inside "calibrations"; the one
    # after the claim ends inside "measurements".
    pre = "alpha calibrations " + "weather " * 19
    post = " " + "weather " * 19 + "measurements omega"
    text = pre + claim_sentence + post
    start = len(pre)
    end = start + len(claim_sentence)
    cut_before = text[start - _NEIGHBOURHOOD_CHARS : start].split(" ", 1)[0]
    cut_after = text[end : end + _NEIGHBOURHOOD_CHARS].rsplit(" ", 1)[-1]
    assert cut_before == "rations" and cut_after == "measure"  # the layout is as meant
    claim = Claim(id="c", article_id="a", statement=claim_sentence, start=start, end=end)
    words = _neighbourhood(claim, text).split()  # content words, stemmed
    assert words == ["weather"] * 38


def test_a_sentence_now_stated_twice_keeps_its_review_on_the_copy_in_its_place():
    """The same sentence once in the old version and twice in the new (a copy added on
    top): unequal counts are not paired in order by their text; the scoring gives the
    review to the copy that still sits where the reviewed one did."""
    old_paras = [P_EXTRADITION, P_THREAT, P_METALS]
    new_paras = [P_THREAT, P_EXTRADITION, P_THREAT, P_METALS]
    result = run(old_paras, ["x26", "t25", "t50"], new_paras, ["t25", "x26", "t25", "t50"])
    got = mapping(result)
    assert got["t25"] == "new-t25#1"
    assert [c.id for c in result.added] == ["new-t25"]
