"""Claim matching with rapidfuzz: re-anchoring, "seen before", repeats and the fuzzy filter.

Four jobs share one vocabulary of comparison:

* ``reanchor`` carries reviews from an old version of an article to a new one. Offsets
  move whenever a paragraph is inserted or a line is reflowed, so a review cannot follow
  its claim by position; it follows the claim by what it says (statement), what it is
  about (key figure) and where it sits (the words around it in the article).
* ``similar_claims`` finds claims already reviewed in *other* articles that state the same
  figure about the same thing, so a verdict can be reused rather than re-researched.
* ``group_repeats`` finds the same figure stated twice about the same thing in one article.
* ``ClaimFilter`` answers the reviewer's ``/`` filter and the command palette as they type.

The comparison of two statements is done on *content words with the key figure masked
out*: the figure itself is compared separately and exactly (kind and normalised value),
because "26 cartel members" and "26 per cent tariff" share the token "26" and nothing
that matters, while "26 members" and "27 members" are the same claim with a changed
figure.
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from array import array
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, Levenshtein

from core.model import Claim, Figure, Status

__all__ = [
    "REPEAT_MIN_SCORE",
    "SIMILAR_MIN_SCORE",
    "ClaimFilter",
    "ClaimIndex",
    "Match",
    "Reanchoring",
    "figure_key",
    "group_repeats",
    "match_records",
    "reanchor",
    "similar_claims",
    "statement_similarity",
]

# --------------------------------------------------------------------------------------
# Text normalisation
# --------------------------------------------------------------------------------------

_STOPWORD_TEXT = """
    a an the and or but if of to in on at by for from with without into onto over under
    as is are was were be been being has have had having do does did its it it's this that
    these those their there they them he she his her him we our you your i me my mine
    who whom whose which what when where why how than then so such not no nor also just
    about after before during since until while up down out off again further once all any
    both each few more most other some same own only very can will would should could may
    might must shall said says say according report reported reports reporting told tells
    per cent percent some nearly almost around roughly approximately least over than
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())

# Number words become digits so "seven groups" and "7 groups" compare equal.
_NUMBER_WORDS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
    "twenty": "20",
    "thirty": "30",
    "forty": "40",
    "fifty": "50",
    "sixty": "60",
    "seventy": "70",
    "eighty": "80",
    "ninety": "90",
    "hundred": "100",
    "thousand": "1000",
    "million": "m",
    "billion": "bn",
    "trillion": "tn",
}

_PHRASES = re.compile(
    r"(?P<us>\bunited states(?: of america)?\b|\bu\.s\.a?\.?(?=\W|$)|\bamerica\b)"
    r"|(?P<uk>\bunited kingdom\b|\bu\.k\.(?=\W|$)|\bbritain\b)"
    r"|(?P<percent>\bper ?cent\b|%)"
    r"|(?P<m>\bmillions?\b|\bmn\b)"
    r"|(?P<bn>\bbillions?\b)"
)
"""Spellings of the same name or unit that outlets use interchangeably; each match is
replaced by its group name."""


def _unify(match: re.Match[str]) -> str:
    return f" {match.lastgroup} "


_WORD = re.compile(r"[a-z0-9]+(?:[.'’][a-z0-9]+)*")


def _stem(word: str) -> str:
    """A deliberately crude suffix strip: enough to make plurals and tenses meet."""
    if word.isdigit() or len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            if stem[-1] == stem[-2] and stem[-1] in "bdgmnprt":
                stem = stem[:-1]  # "planned" -> "plan"
            return stem
    return word


# News outlets describe the same figure with different everyday words; these groups
# (surface forms, not stems) map onto one word so a paraphrase is not scored as a
# different claim. Kept to plain synonyms: "rise" and "fall" stay apart on purpose.
_SYNONYM_GROUPS = {
    "rise": "rise rises rose risen rising climb climbs climbed increase increases increased "
    "grow grows grew grown expand expands expanded jump jumped surge surged soar soared "
    "lift lifts lifted raise raises raised gain gained",
    "fall": "fall falls fell fallen falling drop drops dropped decline declines declined "
    "decrease decreased shrink shrank shrunk slump slumped plunge plunged slide slid "
    "tumble tumbled",
    "kill": "kill kills killed killing killings die dies died dead death deaths toll "
    "fatalities perish perished murder murders murdered",
    "injure": "injure injured injuries wound wounded hurt",
    "tariff": "tariff tariffs levy levies duty duties",
    "aid": "aid assistance",
    "company": "company companies firm firms",
    "send": "send sends sent expel expels expelled extradite extradites extradited "
    "transfer transferred deport deported hand handed",
    "arrest": "arrest arrests arrested detain detained",
    "ceasefire": "ceasefire truce",
    "unemployment": "unemployment jobless",
    "effective": "effective efficacy effectiveness",
    "home": "home homes house houses dwelling dwellings household households",
    "reach": "reach reached reaches hit hits",
    "worker": "worker workers employee employees staff employ employs employed",
    "job": "job jobs post posts",
    "spend": "spend spends spent spending fund funds funded funding",
    "suspect": "suspect suspected alleged",
    "leader": "leader leaders boss bosses kingpin kingpins",
    "president": "president presidency presidential",
    "cut": "cut cuts axe axes slash slashes",
    "ban": "ban bans banned prohibit prohibited",
}
_SYNONYMS = {w: canon for canon, words in _SYNONYM_GROUPS.items() for w in words.split()}


# Verbs carry less of a claim's identity than nouns: outlets say "accounted for",
# "provided", "made up" for the same share. Without a tagger, a word counts as a verb when
# it is one of these light verbs or ends in -ed/-ing; the verbs that do change the claim
# (rise vs fall, killed vs injured) are in the synonym groups and keep full weight.
_LIGHT_VERB_TEXT = """
    has have had will would account accounts accounted provide provides provided carry
    carries carried serve serves served show shows showed shown expect expects expected
    follow follows followed track tracks tracked make makes made take takes took taken
    get gets got give gives gave given come comes came become becomes became remain
    remains remained stand stands stood continue continues continued see sees saw seen
    put puts set sets keep keeps kept go goes went leave leaves left affect affects
    affected face faces faced
"""
_LIGHT_VERBS = frozenset(_LIGHT_VERB_TEXT.split())
_FULL_WEIGHT_VERBS = frozenset({"rise", "fall", "kill", "injure", "arrest", "send", "ban", "cut"})


def content_tokens(text: str) -> list[tuple[str, bool]]:
    """(word, is_verb) for each content word: lowercased, spellings and number words
    unified, stopwords dropped, synonyms merged, stemmed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = _PHRASES.sub(_unify, text)
    tokens = []
    for raw in _WORD.findall(text):
        word = _NUMBER_WORDS.get(raw, raw)
        if word in _STOPWORDS:
            continue
        if word.endswith("'s"):
            word = word[:-2]
        canon = _SYNONYMS.get(word) or _stem(word)
        verb = raw in _LIGHT_VERBS or (
            raw.endswith(("ed", "ing")) and canon not in _FULL_WEIGHT_VERBS
        )
        tokens.append((canon, verb))
    return tokens


def content_words(text: str) -> list[str]:
    """The words of ``content_tokens`` alone."""
    return [word for word, _ in content_tokens(text)]


def _mask_figure(statement: str, claim_start: int, fig: Figure | None) -> str:
    """The statement with the key figure cut out (by offset when it lines up, else text)."""
    if fig is None or not fig.text:
        return statement
    rel = fig.start - claim_start
    if rel >= 0 and statement[rel : rel + len(fig.text)] == fig.text:
        return statement[:rel] + " \x00 " + statement[rel + len(fig.text) :]
    pos = statement.find(fig.text)
    if pos >= 0:
        return statement[:pos] + " \x00 " + statement[pos + len(fig.text) :]
    return statement


def statement_body(claim: Claim) -> str:
    """Normalised content words of the statement without its key figure, space-joined."""
    return " ".join(content_words(_mask_figure(claim.statement, claim.start, claim.key_figure)))


@dataclass(frozen=True, slots=True)
class _Profile:
    """What the pair scorer needs of one claim, computed once per claim."""

    body: str
    context: str
    words: tuple[str, ...]
    weights: tuple[float, ...]
    word_set: frozenset[str]
    prefixes: frozenset[str]
    spellable: tuple[str, ...]


def _profile(claim: Claim) -> _Profile:
    tokens = content_tokens(_mask_figure(claim.statement, claim.start, claim.key_figure))
    words = tuple(word for word, _ in tokens)
    weights = tuple(
        (_NUMBER_WEIGHT if word.isdigit() else 1.0) * (_VERB_WEIGHT if verb else 1.0)
        for word, verb in tokens
    )
    spellable = tuple(w for w in set(words) if not w.isdigit())
    return _Profile(
        " ".join(words),
        figure_context(claim),
        words,
        weights,
        frozenset(words),
        frozenset(w[:_PREFIX_LEN] for w in spellable if len(w) >= _PREFIX_LEN),
        spellable,
    )


_CONTEXT_WORDS = 4


def figure_context(claim: Claim) -> str:
    """The content words right around the key figure: what the figure counts.

    "Mexico expelled 26 alleged cartel members" → "mexico expel alleg cartel member".
    Two statements can share most of their words and still count different things;
    the words next to the figure decide which thing.
    """
    fig = claim.key_figure
    if fig is None:
        return ""
    masked = _mask_figure(claim.statement, claim.start, fig)
    cut = masked.find("\x00")
    if cut < 0:
        return ""
    before = content_words(masked[:cut])[-_CONTEXT_WORDS:]
    after = content_words(masked[cut + 1 :])[:_CONTEXT_WORDS]
    return " ".join(before + after)


# --------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------

_NUMERIC_KINDS = frozenset({"count", "percent", "money", "ordinal", "measure"})


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            return None
    return None


def figure_key(fig: Figure | None) -> tuple | None:
    """(kind, normalised value[, unit]) — equal keys mean the same figure.

    Numbers compare as numbers (26 == 26.0 == "26"), rounded to 9 significant digits so
    1.5e9 from "$1.5bn" equals 1500000000 from "$1,500 million". Money keeps its
    currency and measures their unit: 26 dollars are not 26 pesos.
    """
    if fig is None:
        return None
    kind = str(fig.kind)
    if kind in _NUMERIC_KINDS:
        num = _number(fig.value)
        if num is None or math.isnan(num):
            value: Any = str(fig.value).strip().lower()
        else:
            value = float(f"{num:.9g}")
        unit = (fig.unit or "").strip().lower() if kind in ("money", "measure") else ""
        return (kind, value, unit)
    return (kind, str(fig.value).strip().upper(), "")


def same_figure(a: Figure | None, b: Figure | None) -> bool:
    key_a = figure_key(a)
    return key_a is not None and key_a == figure_key(b)


# --------------------------------------------------------------------------------------
# Statement similarity (the scorer behind similar_claims and group_repeats)
# --------------------------------------------------------------------------------------

SIMILAR_MIN_SCORE = 0.635
"""Below this a same-figure candidate is a different claim. Chosen on the labelled pairs
(tests/data/claim_pairs.jsonl) as the point where precision stays >= 0.95; see
bench/match.py for the precision/recall it gives."""

REPEAT_MIN_SCORE = SIMILAR_MIN_SCORE
"""Same threshold within one article: a repeat is a paraphrase that happens to be local."""

_CONTEXT_WEIGHT = 0.4
_COVERAGE_WEIGHT = 0.6
_NUMBER_WEIGHT = 2.0
_VERB_WEIGHT = 0.5
_SUBSTITUTION_PENALTY = 0.1
_SUBSTITUTION_MIN_RATIO = 0.6
_PREFIX_LEN = 5


def _coverage(a: _Profile, b: _Profile) -> float:
    """Weighted share of ``a``'s words found in ``b``. Other figures (numbers) count
    double, since "312 votes to 209" is told apart by its 209; verbs count half.

    A word not in ``b`` still counts 0.9 when it shares a 5-letter stem with one of
    ``b``'s words (Mexico/Mexican) or its spelling is close (aluminium/aluminum); numbers
    only ever match exactly.
    """
    total = sum(a.weights)
    if not total:
        return 0.0
    got = 0.0
    for word, weight in zip(a.words, a.weights, strict=True):
        if word in b.word_set:
            got += weight
        elif word.isdigit() or not b.spellable:
            continue
        elif len(word) >= _PREFIX_LEN and word[:_PREFIX_LEN] in b.prefixes:
            got += 0.9 * weight
        else:
            best = process.extractOne(word, b.spellable, scorer=fuzz.ratio, score_cutoff=85)
            if best is not None:
                got += weight * best[1] / 100.0
    return got / total


def _substitutions(a: _Profile, b: _Profile) -> int:
    """Short runs where one statement has other words in the same place than the other.

    "India's economy grew 8.2 %" / "India's exports grew 8.2 %": the sentences line up
    word for word except one, and that one is what the figure is about. Paraphrases from
    different outlets rarely line up this closely, so a substitution inside a close
    alignment is evidence of a different subject, not of rewording.
    """
    words_a = list(a.words)
    known = a.word_set
    prefix_of = {w[:_PREFIX_LEN]: w for w in a.spellable if len(w) >= _PREFIX_LEN}
    # Spelling variants count as the same word for the alignment.
    words_b = []
    for word in b.words:
        if word not in known and not word.isdigit() and a.spellable:
            if len(word) >= _PREFIX_LEN and word[:_PREFIX_LEN] in prefix_of:
                word = prefix_of[word[:_PREFIX_LEN]]
            else:
                best = process.extractOne(word, a.spellable, scorer=fuzz.ratio, score_cutoff=85)
                word = best[0] if best is not None else word
        words_b.append(word)
    if Indel.normalized_similarity(words_a, words_b) < _SUBSTITUTION_MIN_RATIO:
        return 0
    set_b = set(words_b)
    count = 0
    for op in Levenshtein.opcodes(words_a, words_b):
        if op.tag != "replace" or op.src_end - op.src_start > 2 or op.dest_end - op.dest_start > 2:
            continue
        if not set(words_a[op.src_start : op.src_end]) & set_b and not (
            set(words_b[op.dest_start : op.dest_end]) & known
        ):
            count += 1
    return count


def _pair_score(a: _Profile, b: _Profile, floor: float = 0.0) -> float:
    """0..1: mean two-way word coverage blended with rapidfuzz's token-set ratio on the
    statement and on the words around the figure, less a penalty per substitution.

    Scores below ``floor`` are returned without the (costlier) substitution check."""
    body = fuzz.token_set_ratio(a.body, b.body)
    ctx = fuzz.token_set_ratio(a.context, b.context) if a.context and b.context else body
    fuzzy = ((1.0 - _CONTEXT_WEIGHT) * body + _CONTEXT_WEIGHT * ctx) / 100.0
    if _COVERAGE_WEIGHT + (1.0 - _COVERAGE_WEIGHT) * fuzzy < floor:
        return (1.0 - _COVERAGE_WEIGHT) * fuzzy  # even full coverage would not reach it
    coverage = (_coverage(a, b) + _coverage(b, a)) / 2
    score = _COVERAGE_WEIGHT * coverage + (1.0 - _COVERAGE_WEIGHT) * fuzzy
    if score < floor:
        return score  # the penalty can only lower it: no need to align the words
    return max(0.0, score - _SUBSTITUTION_PENALTY * _substitutions(a, b))


def statement_similarity(a: Claim, b: Claim) -> float:
    """How alike two claims' statements are, 0..1, ignoring the key figure itself."""
    return _pair_score(_profile(a), _profile(b))


# --------------------------------------------------------------------------------------
# Seen before
# --------------------------------------------------------------------------------------

_DEFAULT_SEEN_STATUSES = frozenset(
    {
        Status.VERIFIED.value,
        Status.CORRECTED.value,
        Status.FALSE.value,
        Status.INCONCLUSIVE.value,
        Status.NEEDS_SOURCE.value,
    }
)


@dataclass(frozen=True)
class Match:
    """A claim elsewhere that states the same figure about the same thing."""

    claim_id: str
    article_id: str
    score: float
    status: str


@dataclass
class _Bucket:
    """The candidates sharing one key figure, with their profiles made on demand."""

    claims: list[Claim] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)
    profiles: dict[int, _Profile] = field(default_factory=dict)

    def profile(self, i: int) -> _Profile:
        found = self.profiles.get(i)
        if found is None:
            found = self.profiles[i] = _profile(self.claims[i])
        return found


_RESCORE = 100


class ClaimIndex:
    """Candidates grouped by key figure (kind, value), so a lookup scores only the few
    claims that state the same figure instead of the whole desk.

    Building costs one figure key per claim. A bucket larger than a hundred claims (a
    common figure such as "2" or "10 per cent" on a big desk) is first ranked with
    rapidfuzz on the raw statements in C, and only its front is profiled and scored;
    profiles are kept for the next lookup.
    """

    def __init__(self, claims: Iterable[Claim], statuses: Iterable[str] | None = None):
        wanted = _DEFAULT_SEEN_STATUSES if statuses is None else frozenset(map(str, statuses))
        self._buckets: dict[tuple, _Bucket] = defaultdict(_Bucket)
        for claim in claims:
            if str(claim.status) not in wanted:
                continue
            key = figure_key(claim.key_figure)
            if key is not None:
                bucket = self._buckets[key]
                bucket.claims.append(claim)
                bucket.raw.append(claim.statement.lower())

    def __len__(self) -> int:
        return sum(len(b.claims) for b in self._buckets.values())

    def similar(
        self, claim: Claim, limit: int = 5, min_score: float = SIMILAR_MIN_SCORE
    ) -> list[Match]:
        """Best matches first, at most ``limit``, none from ``claim``'s own article."""
        key = figure_key(claim.key_figure)
        bucket = self._buckets.get(key) if key is not None else None
        if not bucket:
            return []
        candidates = [
            i for i, other in enumerate(bucket.claims) if other.article_id != claim.article_id
        ]
        if len(candidates) > _RESCORE:
            quick = process.cdist(
                [claim.statement.lower()],
                [bucket.raw[i] for i in candidates],
                scorer=fuzz.token_set_ratio,
                workers=-1,
            )[0]
            front = np.argsort(-quick, kind="stable")[:_RESCORE]
            candidates = sorted(candidates[k] for k in front.tolist())
        probe = _profile(claim)
        scored = [(_pair_score(probe, bucket.profile(i), min_score), i) for i in candidates]
        scored = [(score, i) for score, i in scored if score >= min_score]
        scored.sort(key=lambda item: (-item[0], item[1]))
        return [
            Match(other.id, other.article_id, round(score, 4), str(other.status))
            for score, i in scored[:limit]
            for other in (bucket.claims[i],)
        ]


def match_records(index: ClaimIndex, claim: Claim, limit: int = 5) -> list[dict[str, Any]]:
    """``index.similar(claim)`` as JSON-ready dicts: the ``matches`` field of the
    machine-readable outputs (``extract --desk``, ``export --matches``)."""
    return [asdict(m) for m in index.similar(claim, limit=limit)]


def similar_claims(
    claim: Claim,
    candidates: Iterable[Claim] | ClaimIndex,
    limit: int = 5,
    min_score: float = SIMILAR_MIN_SCORE,
) -> list[Match]:
    """Reviewed claims in other articles with the same key figure and a similar statement.

    Pass a prebuilt ``ClaimIndex`` when looking up many claims against one desk.
    """
    index = candidates if isinstance(candidates, ClaimIndex) else ClaimIndex(candidates)
    return index.similar(claim, limit=limit, min_score=min_score)


# --------------------------------------------------------------------------------------
# Repeats within an article
# --------------------------------------------------------------------------------------


def group_repeats(claims: Iterable[Claim], min_score: float = REPEAT_MIN_SCORE) -> list[list[str]]:
    """Groups (size >= 2) of claims stating the same figure about the same thing.

    Groups are in text order of their first claim; ids within a group in text order.
    """
    claims = list(claims)
    position = {c.id: i for i, c in enumerate(claims)}
    by_key: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in claims:
        key = figure_key(claim.key_figure)
        if key is not None:
            by_key[key].append(claim)
    parent = {c.id: c.id for c in claims}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for members in by_key.values():
        if len(members) < 2:
            continue
        profiles = [_profile(c) for c in members]
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                if _pair_score(profiles[i], profiles[j], min_score) >= min_score:
                    parent[find(members[j].id)] = find(members[i].id)
    groups: dict[str, list[str]] = defaultdict(list)
    for claim in claims:
        groups[find(claim.id)].append(claim.id)
    result = [sorted(g, key=position.__getitem__) for g in groups.values() if len(g) >= 2]
    result.sort(key=lambda g: position[g[0]])
    return result


# --------------------------------------------------------------------------------------
# Re-anchoring
# --------------------------------------------------------------------------------------


@dataclass
class Reanchoring:
    """How the claims of an article's old version map onto its new version."""

    pairs: list[tuple[Claim, Claim]]
    """(old, new): the new claim inherits the old one's id and review."""
    changed: list[tuple[Claim, Claim]]
    """Subset of ``pairs`` whose key figure value changed (26 → 27)."""
    removed: list[Claim]
    """Old claims with no counterpart in the new version."""
    added: list[Claim]
    """New claims with no counterpart in the old version."""


REANCHOR_MIN_STATEMENT = 55.0
"""Statement similarity (0..100, figure masked) below which a claim "changed beyond
recognition": the old one is removed and the new one added."""

REANCHOR_MIN_TOTAL = 60.0
"""Combined score (statement, figure, neighbourhood) a pair needs to be carried over."""

_NEIGHBOURHOOD_CHARS = 160
_CANDIDATES = 5


def _neighbourhood(claim: Claim, text: str) -> str:
    """Content words of the text just before and after the claim in its article."""
    if not text:
        return ""
    start = max(0, min(claim.start, len(text)))
    end = max(start, min(claim.end, len(text)))
    before = text[max(0, start - _NEIGHBOURHOOD_CHARS) : start]
    after = text[end : end + _NEIGHBOURHOOD_CHARS]
    return " ".join(content_words(before)[1:] + content_words(after)[:-1])


def _figure_score(old: Figure | None, new: Figure | None) -> float:
    """0..100: same kind and value 100; same kind, other value up to 80 by surface."""
    if old is None or new is None:
        return 100.0 if old is None and new is None else 0.0
    if figure_key(old) == figure_key(new):
        return 100.0
    if str(old.kind) != str(new.kind):
        return 0.0
    return 0.8 * fuzz.ratio(old.text.lower(), new.text.lower())


def _assign(score: np.ndarray, allowed: np.ndarray) -> list[tuple[int, int]]:
    """Optimal 1:1 assignment maximising total score over allowed cells.

    The allowed cells form a sparse bipartite graph; each connected component is solved
    on its own (nearly always a single pair), the rest with the Hungarian method.
    """
    n_old, n_new = score.shape
    pairs: list[tuple[int, int]] = []
    seen_old = np.zeros(n_old, dtype=bool)
    rows_of_col = [np.flatnonzero(allowed[:, j]) for j in range(n_new)]
    cols_of_row = [np.flatnonzero(allowed[i]) for i in range(n_old)]
    for root in range(n_old):
        if seen_old[root] or not len(cols_of_row[root]):
            continue
        comp_rows, comp_cols = [root], set()
        seen_old[root] = True
        stack = [root]
        while stack:
            r = stack.pop()
            for c in cols_of_row[r]:
                if c in comp_cols:
                    continue
                comp_cols.add(int(c))
                for r2 in rows_of_col[c]:
                    if not seen_old[r2]:
                        seen_old[r2] = True
                        comp_rows.append(int(r2))
                        stack.append(int(r2))
        cols = sorted(comp_cols)
        rows = sorted(comp_rows)
        if len(rows) == 1 and len(cols) == 1:
            pairs.append((rows[0], cols[0]))
            continue
        sub = score[np.ix_(rows, cols)]
        sub_ok = allowed[np.ix_(rows, cols)]
        for i, j in _hungarian(np.where(sub_ok, sub, -1.0)):
            if sub_ok[i, j]:
                pairs.append((rows[i], cols[j]))
    return pairs


def _hungarian(profit: np.ndarray) -> list[tuple[int, int]]:
    """Maximum-weight assignment (rectangular) by shortest augmenting paths.

    The classic O(n³) potentials method with the inner loop vectorised in numpy; used only
    on the small tangled components left after the obvious pairs are taken.
    """
    transposed = profit.shape[0] > profit.shape[1]
    cost = -(profit.T if transposed else profit)
    n, m = cost.shape  # n <= m
    u = np.zeros(n + 1)
    v = np.zeros(m + 1)
    p = np.zeros(m + 1, dtype=np.int64)  # p[j]: row (1-based) assigned to column j
    way = np.zeros(m + 1, dtype=np.int64)
    big = np.inf
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = np.full(m + 1, big)
        used = np.zeros(m + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = p[j0]
            free = ~used[1:]
            cur = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (cur < minv[1:])
            minv[1:][better] = cur[better]
            way[1:][better] = j0
            cand = np.where(free, minv[1:], big)
            j1 = int(np.argmin(cand)) + 1
            delta = cand[j1 - 1]
            used_idx = np.flatnonzero(used)
            u[p[used_idx]] += delta
            v[used_idx] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    result = [(int(p[j]) - 1, j - 1) for j in range(1, m + 1) if p[j]]
    return [(j, i) for i, j in result] if transposed else result


def reanchor(
    old_claims: Iterable[Claim],
    new_claims: Iterable[Claim],
    old_text: str,
    new_text: str,
) -> Reanchoring:
    """Map the claims of an article's previous version onto its new version.

    Claims with the same id are the same claim (ids are stable for unchanged claims).
    The rest are scored pairwise on statement (figure masked), key figure and
    neighbourhood, and paired by an optimal 1:1 assignment; a small penalty for moving
    far in the article breaks ties between identical sentences in text order.
    """
    old_list, new_list = list(old_claims), list(new_claims)
    pairs: list[tuple[Claim, Claim]] = []
    new_by_id = {c.id: c for c in new_list}
    taken_new: set[int] = set()
    rest_old: list[Claim] = []
    for claim in old_list:
        twin = new_by_id.get(claim.id)
        if twin is not None and id(twin) not in taken_new:
            pairs.append((claim, twin))
            taken_new.add(id(twin))
        else:
            rest_old.append(claim)
    rest_new = [c for c in new_list if id(c) not in taken_new]

    # Unchanged sentences (moved, or only re-wrapped) pair up by their text; when a
    # sentence occurs a different number of times in the two versions, the scoring below
    # decides by neighbourhood which copies survive.
    exact_old: dict[tuple, list[Claim]] = defaultdict(list)
    exact_new: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in rest_old:
        exact_old[_text_key(claim)].append(claim)
    for claim in rest_new:
        exact_new[_text_key(claim)].append(claim)
    same_text: set[int] = set()
    for text, olds in exact_old.items():
        news = exact_new.get(text, [])
        if len(olds) == len(news):
            pairs.extend(zip(olds, news, strict=True))
            same_text.update(id(c) for c in olds + news)
    rest_old = [c for c in rest_old if id(c) not in same_text]
    rest_new = [c for c in rest_new if id(c) not in same_text]

    matched = _fuzzy_pairs(rest_old, rest_new, old_text, new_text)
    used_old = {i for i, _ in matched}
    used_new = {j for _, j in matched}
    pairs.extend((rest_old[i], rest_new[j]) for i, j in matched)
    removed = [c for i, c in enumerate(rest_old) if i not in used_old]
    added = [c for j, c in enumerate(rest_new) if j not in used_new]

    new_order = {id(c): i for i, c in enumerate(new_list)}
    pairs.sort(key=lambda p: new_order[id(p[1])])
    changed = [(o, n) for o, n in pairs if _value_changed(o.key_figure, n.key_figure)]
    return Reanchoring(pairs=pairs, changed=changed, removed=removed, added=added)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _text_key(claim: Claim) -> tuple:
    """Statement (whitespace-insensitive) plus which figure in it is the key one: one
    sentence can carry two claims ("handed over 29 … the 1985 killing")."""
    fig = claim.key_figure
    if fig is None:
        return (_squash(claim.statement), "", -1)
    rel = max(0, fig.start - claim.start)
    return (_squash(claim.statement), fig.text, len(_squash(claim.statement[:rel])))


def _top_per_group(groups: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Mask of the ``_CANDIDATES`` highest values within each group (ties by position)."""
    order = np.lexsort((-values, groups))
    sorted_groups = groups[order]
    starts = np.flatnonzero(np.r_[True, sorted_groups[1:] != sorted_groups[:-1]])
    counts = np.diff(np.r_[starts, len(order)])
    rank = np.arange(len(order)) - np.repeat(starts, counts)
    keep = np.zeros(len(order), dtype=bool)
    keep[order[rank < _CANDIDATES]] = True
    return keep


def _statement_scores(old: list[list[str]], new: list[list[str]]) -> np.ndarray:
    """old × new statement similarity, 0..100 (0 where no content word is shared).

    0.7 × token_set_ratio + 0.3 × token_sort_ratio: the set ratio forgives added or cut
    words, the sort ratio keeps a long rewrite from matching a short fragment of itself
    at 100. The set ratio is costly, so it is computed only for pairs that share at least
    a third of the shorter statement's words (found with an inverted index); the sort
    ratio is a plain ratio over pre-sorted words, in one ``process.cdist`` call.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for j, words in enumerate(new):
        for word in set(words):
            postings[word].append(j)
    index = {w: np.array(js, dtype=np.int64) for w, js in postings.items()}
    old_sorted = [" ".join(sorted(words)) for words in old]
    new_sorted = [" ".join(sorted(words)) for words in new]
    sort = process.cdist(old_sorted, new_sorted, scorer=fuzz.ratio, workers=-1)
    new_sizes = np.array([len(set(words)) for words in new], dtype=np.float64)
    scores = np.zeros((len(old), len(new)))
    for i, words in enumerate(old):
        shared = np.zeros(len(new))
        unique = set(words)
        for word in unique:
            hits = index.get(word)
            if hits is not None:
                shared[hits] += 1
        shorter = np.minimum(new_sizes, max(len(unique), 1))
        for j in np.flatnonzero(shared >= np.maximum(1, shorter / 3)).tolist():
            token_set = fuzz.token_set_ratio(old_sorted[i], new_sorted[j])
            scores[i, j] = 0.7 * token_set + 0.3 * sort[i, j]
    return scores


def _fuzzy_pairs(
    old: list[Claim], new: list[Claim], old_text: str, new_text: str
) -> list[tuple[int, int]]:
    """Score old × new and pick the optimal 1:1 pairs above the thresholds.

    The statement matrix is computed in full with ``process.cdist``; the figure and
    neighbourhood scores only for the cells whose statement is close enough to count,
    which keeps a 1,000-claim rewrite from scoring a million neighbourhoods.
    """
    if not old or not new:
        return []
    old_words = [statement_body(c).split() for c in old]
    new_words = [statement_body(c).split() for c in new]
    stmt = _statement_scores(old_words, new_words)
    rows, cols = np.nonzero(stmt >= REANCHOR_MIN_STATEMENT)
    if len(rows) > _CANDIDATES * (stmt.shape[0] + stmt.shape[1]):
        # Only a claim's few best statement matches (in either direction) can win the
        # assignment; a templated article would otherwise bring hundreds per claim.
        values = stmt[rows, cols]
        keep = _top_per_group(rows, values) | _top_per_group(cols, values)
        rows, cols = rows[keep], cols[keep]
    total = np.full(stmt.shape, -np.inf)
    old_hood: dict[int, str] = {}
    new_hood: dict[int, str] = {}
    old_keys = [figure_key(c.key_figure) for c in old]
    new_keys = [figure_key(c.key_figure) for c in new]
    old_len, new_len = max(len(old_text), 1), max(len(new_text), 1)
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if i not in old_hood:
            old_hood[i] = _neighbourhood(old[i], old_text)
        if j not in new_hood:
            new_hood[j] = _neighbourhood(new[j], new_text)
        hood = fuzz.token_set_ratio(old_hood[i], new_hood[j])
        if old_keys[i] is not None and old_keys[i] == new_keys[j]:
            figure = 100.0
        else:
            figure = _figure_score(old[i].key_figure, new[j].key_figure)
        drift = abs(old[i].start / old_len - new[j].start / new_len)
        total[i, j] = 0.6 * stmt[i, j] + 0.2 * figure + 0.2 * hood - 2.0 * drift
    allowed = total >= REANCHOR_MIN_TOTAL
    return _assign(total, allowed)


def _value_changed(old: Figure | None, new: Figure | None) -> bool:
    if old is None or new is None:
        return (old is None) != (new is None)
    return figure_key(old) != figure_key(new)


# --------------------------------------------------------------------------------------
# Fuzzy filter
# --------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\s\"'“”‘’()\[\]{},;:!?]+")
_PART = re.compile(r"\w+")
_EDGE = ".-–—/"


def _tokens(text: str) -> set[str]:
    """Whole words and compound tokens ("90-day", "reuters.com/x", "25%") of a text."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    found = {raw.strip(_EDGE) for raw in _TOKEN.findall(text)}
    found.update(_PART.findall(text))
    found.discard("")
    return found


def _value_aliases(fig: Figure) -> set[str]:
    """Ways a reviewer may type a figure that its surface text does not contain."""
    aliases: set[str] = set()
    key = figure_key(fig)
    if key is None:
        return aliases
    kind, value, unit = key
    if isinstance(value, float):
        text = f"{value:g}" if abs(value) < 1e15 else str(value)
        if value.is_integer() and abs(value) < 1e15:
            text = str(int(value))
        aliases.add(text)
        if kind == "percent":
            aliases.add(f"{text}%")
        if unit:
            aliases.add(unit)
    elif value:
        aliases.add(str(value).lower())
    return aliases


class ClaimFilter:
    """Type-ahead search over claims: statement, figures, notes, sources and corrections.

    Built once over the claims in view (or the whole desk for the command palette). The
    index is an inverted list from each distinct token to the claims containing it, stored
    as one sorted vocabulary with contiguous posting arrays, so that:

    * an exact word is one dictionary hit;
    * the word still being typed (a prefix) is one contiguous slice of the postings;
    * a typo is found by rapidfuzz against the vocabulary words that share its first
      letter (a few thousand strings, not 100,000 statements).

    Every typed term must match (typing narrows the list). A claim whose key figure is
    exactly what was typed ranks first ("26" finds the claim about 26 before one that
    mentions 26 in passing); a multi-word query typed as it appears in the text ranks
    above the same words scattered. Scores are 0..~130; ties keep text order.
    """

    _EXACT, _PREFIX, _FUZZY_MIN = 100.0, 85.0, 80.0
    _FIELD_WEIGHT: ClassVar[dict[str, float]] = {"figure": 1.0, "statement": 1.0, "extra": 0.9}
    _KEY_FIGURE_BONUS = 20.0
    _PHRASE_BONUS = 10.0
    _PHRASE_CHECK = 500  # phrase bonus is decided among this many best candidates
    _MAX_PREFIX_WORDS = 5000

    def __init__(self, claims: Iterable[Claim]):
        claims = list(claims)
        article_rank: dict[str, int] = {}
        for claim in claims:
            article_rank.setdefault(claim.article_id, len(article_rank))
        claims.sort(key=lambda c: (article_rank[c.article_id], c.start))  # stable
        self._claims = claims
        self._ids = [c.id for c in claims]
        self._id_array = np.array(self._ids, dtype=object)
        token_ids: dict[str, int] = {}
        post_token, post_doc, post_weight = array("q"), array("q"), array("d")
        key_figures: dict[str, list[int]] = defaultdict(list)
        self._haystacks: list[str] = []
        extra_weight = self._FIELD_WEIGHT["extra"]
        for i, claim in enumerate(claims):
            statement, figures, extra = self._fields(claim).values()
            weights = dict.fromkeys(_tokens(extra), extra_weight) if extra else {}
            weights.update(dict.fromkeys(_tokens(f"{statement} {figures}"), 1.0))
            fig = claim.key_figure
            if fig is not None:
                aliases = _value_aliases(fig)
                for key in {" ".join(fig.text.lower().split()), *aliases}:
                    key_figures[key].append(i)
                for alias in aliases:
                    weights.setdefault(alias, 1.0)
            for token, weight in weights.items():
                tid = token_ids.get(token)
                if tid is None:
                    tid = token_ids[token] = len(token_ids)
                post_token.append(tid)
                post_doc.append(i)
                post_weight.append(weight)
            self._haystacks.append(" ".join(f"{statement} {figures} {extra}".lower().split()))
        # Sort the vocabulary (prefix lookups are a bisect) and lay each word's postings
        # out contiguously in that order (a prefix is then one slice).
        self._vocab = sorted(token_ids)
        rank = np.empty(len(token_ids), dtype=np.int64)
        rank[np.fromiter((token_ids[t] for t in self._vocab), np.int64, len(self._vocab))] = (
            np.arange(len(self._vocab))
        )
        self._vocab_pos = {t: k for k, t in enumerate(self._vocab)}
        ranks = rank[np.frombuffer(post_token, dtype=np.int64)] if post_token else rank[:0]
        order = np.argsort(ranks, kind="stable")  # docs stay ascending within a word
        self._post_idx = np.frombuffer(post_doc, dtype=np.int64)[order] if post_doc else ranks
        self._post_w = (
            np.frombuffer(post_weight, dtype=np.float64)[order] if post_weight else np.zeros(0)
        )
        self._ptr = np.zeros(len(self._vocab) + 1, dtype=np.int64)
        np.cumsum(np.bincount(ranks, minlength=len(self._vocab)), out=self._ptr[1:])
        self._vocab_len = np.fromiter((len(t) for t in self._vocab), np.float64, len(self._vocab))
        by_letter: dict[str, list[int]] = defaultdict(list)
        for k, token in enumerate(self._vocab):
            by_letter[token[0]].append(k)
        self._by_letter = {ch: ([self._vocab[k] for k in ks], ks) for ch, ks in by_letter.items()}
        self._key_figures = {k: np.array(v, dtype=np.int64) for k, v in key_figures.items()}

    @staticmethod
    def _fields(claim: Claim) -> dict[str, str]:
        extra = [n.text for n in claim.notes]
        extra += [f"{s.url} {s.title} {s.note}" for s in claim.sources]
        if claim.correction:
            extra += [claim.correction.value, claim.correction.statement, claim.correction.note]
        return {
            "statement": claim.statement,
            "figure": " ".join(f.text for f in claim.figures),
            "extra": " ".join(extra),
        }

    def __len__(self) -> int:
        return len(self._claims)

    def ids(self) -> list[str]:
        """All claim ids in text order (what an empty query returns)."""
        return list(self._ids)

    def _term_scores(self, term: str, last: bool) -> np.ndarray:
        """Best match score per claim for one typed term (0 where it does not match)."""
        best = np.zeros(len(self._claims))
        words: list[int] = []
        scores: list[float] = []
        exact = self._vocab_pos.get(term)
        if exact is not None:
            words.append(exact)
            scores.append(self._EXACT)
        # Prefix: the reviewer is still typing, or typed the stem of a longer word.
        if last or len(term) >= 3:
            lo = bisect.bisect_left(self._vocab, term)
            hi = bisect.bisect_left(self._vocab, term + "\U0010ffff", lo)
            hi = min(hi, lo + self._MAX_PREFIX_WORDS)
            if hi > lo:
                ratio = len(term) / self._vocab_len[lo:hi]
                self._add_range(best, lo, hi, self._PREFIX * (0.8 + 0.2 * ratio), skip=exact)
        # Typos: only for words; "26" must never match "29".
        if len(term) >= 4 and not any(ch.isdigit() for ch in term):
            choices, positions = self._by_letter.get(term[0], ((), ()))
            for _, score, k in process.extract(
                term, choices, scorer=fuzz.ratio, score_cutoff=self._FUZZY_MIN, limit=50
            ):
                if positions[k] != exact:
                    words.append(positions[k])
                    scores.append(0.9 * score)
        for k, score in zip(words, scores, strict=True):
            lo, hi = self._ptr[k], self._ptr[k + 1]
            idx = self._post_idx[lo:hi]
            best[idx] = np.maximum(best[idx], score * self._post_w[lo:hi])
        return best

    def _add_range(
        self, best: np.ndarray, lo: int, hi: int, word_scores: np.ndarray, skip: int | None
    ) -> None:
        """Merge the postings of vocabulary words lo..hi (one contiguous slice)."""
        if skip is not None and lo <= skip < hi:
            word_scores = word_scores.copy()
            word_scores[skip - lo] = 0.0
        start, end = self._ptr[lo], self._ptr[hi]
        counts = np.diff(self._ptr[lo : hi + 1])
        values = np.repeat(word_scores, counts) * self._post_w[start:end]
        np.maximum.at(best, self._post_idx[start:end], values)

    def query(self, text: str, limit: int | None = None) -> list[tuple[str, float]]:
        """(claim id, score), best first; an empty query returns all in text order."""
        text = " ".join(unicodedata.normalize("NFKC", text).lower().split())
        if not text:
            ids = self._ids if limit is None else self._ids[:limit]
            return [(cid, 0.0) for cid in ids]
        terms = [t.strip(_EDGE) for t in _TOKEN.findall(text)]
        terms = [t for t in terms if t]
        if not terms:
            return []
        total = np.zeros(len(self._claims))
        for pos, term in enumerate(terms):
            scores = self._term_scores(term, last=pos == len(terms) - 1)
            if not scores.any():
                # A compound term ("90-day", "u.s.") may be indexed only as its parts.
                parts = _PART.findall(term)
                if len(parts) > 1:
                    part_scores = [self._term_scores(p, last=False) for p in parts]
                    scores = np.minimum.reduce(part_scores) * 0.95
            if not scores.any():
                return []
            # Every term must match: a claim missing one drops out for good.
            total = np.where(scores > 0, total + scores / len(terms), -np.inf)
        key = self._key_figures.get(text)
        if key is not None:
            total[key] += self._KEY_FIGURE_BONUS
        hits = np.flatnonzero(total > 0)
        if len(terms) > 1 and len(hits):
            # Only the front of the list can be reordered by a phrase bonus that matters
            # to a reviewer, so check the phrase there rather than in every hit.
            front = hits
            if len(hits) > self._PHRASE_CHECK:
                cut = np.argpartition(-total[hits], self._PHRASE_CHECK)[: self._PHRASE_CHECK]
                front = hits[cut]
            haystacks = self._haystacks
            phrase = np.fromiter((text in haystacks[i] for i in front), bool, len(front))
            total[front[phrase]] += self._PHRASE_BONUS
        order = hits[np.argsort(-total[hits], kind="stable")]
        if limit is not None:
            order = order[:limit]
        return list(
            zip(self._id_array[order].tolist(), total[order].round(2).tolist(), strict=True)
        )

    @classmethod
    def from_desk(cls, desk: Any) -> ClaimFilter:
        """A filter over every current claim on the desk (the command palette's lookup)."""
        return cls(desk.iter_claims())
