"""Spot damage in an article's text that a reviewer should know about.

Feeds that strip dashes glue the words on either side together: "Washington—working"
becomes "Washingtonworking", "figures—including" becomes "figuresincluding". A reviewer
quoting such a sentence back to a source needs to know the text was damaged, so ingest
reports each one as a ``TextWarning`` with the probable split. The text itself is never
changed: offsets into it must stay valid, and a guess is not a fact.

A word is reported as glued when it is not an English word, splits into two words that
are, and the split looks like a lost dash: the right half is a word that commonly opens a
clause after a dash ("who", "including", "to", ...) or the left half is a capitalised name
and the right half a frequent verb form ("Washingtonworking"). Plain compounds that a
dictionary lacks ("Workaround", "Filenames") are not reported: a false alarm on every
article would teach reviewers to ignore the warning. The English vocabulary comes from
pyspellchecker's frequency list (MIT licensed, shipped with the package, loaded on first
need).
"""

from __future__ import annotations

import re
from functools import cache

from core.model import TextWarning

# Words that typically follow a dash that opened an aside or a clause.
CLAUSE_OPENERS = frozenset(
    """
    who whom whose which that where when while whereas although though because since
    including includes included and but nor yet from for with without
    after before during until unless then than also even especially
    mainly mostly notably particularly like such the this these those their
    into onto over under
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Short openers are trusted only after a common lower-case word ("agentto"); "of", "on",
# "in", "or", "by" are left out altogether: compounds and names end in them ("builtin",
# "Renton", "requestor").
_SHORT_OPENERS = frozenset({"to", "who", "and", "but", "the", "for"})
# ... and after a capitalised name only these ("Cervanteswho"): names end in "-to".
_SHORT_AFTER_NAMES = frozenset({"who", "and", "but", "the"})
_SHORT = 3
# A frequent word: pyspellchecker counts are from a large subtitle/web corpus.
_FREQUENT = 20_000
_KNOWN = 50

_CANDIDATE = re.compile(r"\b[A-Za-z][a-z]{5,}\b")
_LONGEST = 60
"""Longer runs of letters are no two words run together (and trying every split of a
100,000-letter run, one copy per split, takes minutes)."""


@cache
def _vocabulary() -> dict[str, int]:
    """Word → corpus frequency, lower-cased: ``SpellChecker(language="en")``'s dictionary.

    Read from the list the package ships, the way it reads it (``pkgutil``, gzip), but
    parsed with orjson and without building a ``SpellChecker``, which also walks every
    letter of every word for its edit-distance alphabet: 0.1 s against 0.3 s on every
    command that reads an article. A test holds the two equal.
    """
    import gzip
    import pkgutil
    from collections import Counter

    import orjson

    packed = pkgutil.get_data("spellchecker", "resources/en.json.gz")
    if packed is None:  # pragma: no cover - a broken installation
        raise OSError("pyspellchecker's English word list is missing")
    words: dict[str, int] = orjson.loads(gzip.decompress(packed))
    lowered = {word.lower(): count for word, count in words.items()}
    if len(lowered) != len(words):  # words that differ only in case: their counts add up
        folded: Counter[str] = Counter()
        for word, count in words.items():
            folded[word.lower()] += count
        lowered = dict(folded)
    return lowered


def _known(word: str, minimum: int = _KNOWN) -> bool:
    return _vocabulary().get(word.lower(), 0) >= minimum


def _best_split(word: str) -> tuple[str, str] | None:
    """The most plausible (left, right) split of a glued word, or None if it is not glued."""
    vocab = _vocabulary()
    best: tuple[float, str, str] | None = None
    for i in range(2, len(word) - 1):
        left, right = word[:i], word[i:]
        if not right.islower():
            continue
        left_freq = vocab.get(left.lower(), 0)
        right_freq = vocab.get(right, 0)
        if len(right) <= _SHORT:
            ok = right in _SHORT_OPENERS and (
                (left.islower() and left_freq >= 2_000)
                or (right in _SHORT_AFTER_NAMES and len(left) >= 6 and left_freq >= _KNOWN)
            )
        elif right in CLAUSE_OPENERS:
            ok = left_freq >= _KNOWN and len(left) >= 3
        else:
            # "Washingtonworking": a name, then a verb form that opened an aside. Plain
            # noun compounds ("Workaround", "Summerfield") are not flagged.
            ok = (
                left[0].isupper()
                and left_freq >= _KNOWN
                and len(left) >= 4
                and len(right) >= 5
                and right.endswith(("ing", "ed"))
                and right_freq >= _FREQUENT
            )
        if not ok:
            continue
        score = min(left_freq, right_freq) + (10**7 if right in CLAUSE_OPENERS else 0)
        if best is None or score > best[0]:
            best = (score, left, right)
    return (best[1], best[2]) if best else None


def find_glued_words(text: str) -> list[TextWarning]:
    """Warnings for words that look like two words whose separating dash was lost."""
    warnings: list[TextWarning] = []
    seen: dict[str, tuple[str, str] | None] = {}
    for match in _CANDIDATE.finditer(text):
        word = match.group()
        if len(word) > _LONGEST:
            continue
        if word not in seen:
            seen[word] = None if _known(word, 1) else _best_split(word)
        split = seen[word]
        if split is None:
            continue
        left, right = split
        warnings.append(
            TextWarning(
                kind="glued_words",
                start=match.start(),
                end=match.end(),
                text=word,
                suggestion=f"{left} — {right}",
                message=f"'{word}' looks like '{left}' and '{right}' run together "
                "(a dash lost in transmission?)",
            )
        )
    return warnings


_ORDINAL = re.compile(r"(?<![\w.,])(\d{1,6})(st|nd|rd|th)\b", re.IGNORECASE)


def ordinal_suffix(number: int) -> str:
    """The suffix English writes after ``number``: 1st, 2nd, 3rd, 11th, 12th, 21st."""
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


def find_ordinal_suffixes(text: str) -> list[TextWarning]:
    """Ordinals whose suffix does not fit the number ("21th", "22st").

    The figure keeps the number the writer plainly meant (21); the reviewer is told the
    text is mistyped, because a quotation or a correction should not repeat it unseen.
    """
    warnings = []
    for match in _ORDINAL.finditer(text):
        number, suffix = int(match[1]), match[2]
        right = ordinal_suffix(number)
        if suffix.lower() != right:
            written = match[0]
            fixed = match[1] + (right.upper() if suffix.isupper() else right)
            warnings.append(
                TextWarning(
                    kind="ordinal_suffix",
                    start=match.start(),
                    end=match.end(),
                    text=written,
                    suggestion=fixed,
                    message=f"'{written}' has the wrong ordinal suffix (probably '{fixed}')",
                )
            )
    return warnings
