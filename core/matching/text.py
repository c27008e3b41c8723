"""Statements reduced to what they say: content words, with the key figure cut out.

Outlets word the same fact differently ("the United States" / "the US", "25 per cent" /
"25%", "seven" / "7", "expelled" / "extradited"), so every comparison in
``core.matching`` runs on words that are lowercased, unified, stripped of stopwords,
merged with their synonyms and stemmed. The key figure is masked out of the statement
because it is compared on its own, exactly (see ``figures``).
"""

from __future__ import annotations

import re
import unicodedata

from core.model import Claim, Figure

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
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

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
    "vehicle": "vehicle vehicles car cars",
    "rescue": "rescue rescues rescued save saves saved",
    "price": "price prices cost costs fee fees",
    "evacuate": "evacuate evacuates evacuated evacuation flee flees fled",
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
# Nouns nearly every figure claim has ("people", "year", "officials") say little about
# which claim it is, so they weigh like verbs.
_LIGHT_NOUNS = frozenset(
    {
        "people",
        "person",
        "persons",
        "year",
        "years",
        "month",
        "months",
        "week",
        "weeks",
        "day",
        "days",
        "time",
        "times",
        "total",
        "number",
        "figure",
        "figures",
        "level",
        "levels",
        "official",
        "officials",
        "authorities",
    }
)
_FULL_WEIGHT_VERBS = frozenset({"rise", "fall", "kill", "injure", "arrest", "send", "ban", "cut"})


def content_tokens(text: str) -> list[tuple[str, bool]]:
    """(word, is_verb) for each content word: lowercased, spellings and number words
    unified, stopwords dropped, synonyms merged, stemmed."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = _PHRASES.sub(_unify, text)
    tokens = []
    for raw in _WORD.findall(text):
        word = _NUMBER_WORDS.get(raw, raw)
        if word in STOPWORDS:
            continue
        if word.endswith("'s"):
            word = word[:-2]
        canon = _SYNONYMS.get(word) or _stem(word)
        verb = (
            raw in _LIGHT_VERBS
            or raw in _LIGHT_NOUNS
            or (raw.endswith(("ed", "ing")) and canon not in _FULL_WEIGHT_VERBS)
        )
        tokens.append((canon, verb))
    return tokens


def content_words(text: str) -> list[str]:
    """The words of ``content_tokens`` alone."""
    return [word for word, _ in content_tokens(text)]


def mask_figure(statement: str, claim_start: int, fig: Figure | None) -> str:
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
    return " ".join(content_words(mask_figure(claim.statement, claim.start, claim.key_figure)))


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
    masked = mask_figure(claim.statement, claim.start, fig)
    cut = masked.find("\x00")
    if cut < 0:
        return ""
    before = content_words(masked[:cut])[-_CONTEXT_WORDS:]
    after = content_words(masked[cut + 1 :])[:_CONTEXT_WORDS]
    return " ".join(before + after)
