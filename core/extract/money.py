"""Where an amount of money says its currency: "$5m", "US$ 3", "EUR 125", "5 dollars".

Every currency ends up as an ISO 4217 code; hundredths ("50 cents", "470 pence") become
their currency at a factor of 0.01, so "50 cents" is 0.5 USD.
"""

from __future__ import annotations

from .lexicon import currencies
from .tokens import TokenView

LOWERCASE_WORD_CODES = frozenset({"try", "cop", "pen", "all", "top", "mop", "cup", "sos"})
"""ISO codes that are also English words: trusted only when written in capitals."""


def _code(tv: TokenView, i: int) -> str | None:
    word = tv.word(i)
    iso = currencies()["codes"].get(word)
    if iso is None:
        return None
    if word in LOWERCASE_WORD_CODES and not tv.texts[i].isupper():
        return None
    return iso


def currency_before(tv: TokenView, i: int) -> tuple[str, int, float] | None:
    """A currency written before an amount at token ``i``: ``(ISO, amount index, factor)``.

    Covers symbols ("$", "€", "US$", "HK$"), symbols split by the tokenizer or by a space
    ("US $", "C $", "u.s $") and codes ("USD 200", "eur 125").
    """
    cur = currencies()
    word = tv.word(i)
    # "A $5 bill" is not Australian: one-letter prefixes count only when glued ("A$5").
    if (
        word in cur["split_symbols"]
        and tv.word(i + 1) == "$"
        and (len(word) > 1 or word == "c" or tv.joined(i))
    ):
        return cur["split_symbols"][word], i + 2, 1.0
    if word.endswith("$") and word[:-1] in cur["codes"]:  # "usd$", "mxn$"
        return cur["codes"][word[:-1]], i + 1, 1.0
    if word in cur["symbols"] and word != "r":  # a lone "R" is too often a letter
        return cur["symbols"][word], i + 1, 1.0
    iso = _code(tv, i)
    if iso is not None:
        return iso, i + 1, 1.0
    millions = _million_code(tv, i)
    if millions is not None:
        return millions, i + 1, 1_000_000.0
    return None


def currency_after(tv: TokenView, j: int) -> tuple[str, int, float] | None:
    """A currency written after an amount, at token ``j``: ``(ISO, end index, factor)``.

    "5 dollars", "420 million finnish markka", "10 €", "500 USD", "50 cents" (factor
    0.01), "12-cent" (glued by a hyphen).
    """
    cur = currencies()
    if tv.word(j) in ("-", "–") and tv.joined(j - 1) and tv.joined(j):
        j += 1
    found = tv.match_phrase(j, cur["names"], 3)
    if found is not None:
        iso, end = found
        return str(iso), end, 1.0
    minor = cur["minor_names"].get(tv.word(j))
    if minor is not None:
        return minor, j + 1, 0.01
    word = tv.word(j)
    if word in cur["symbols"] and not word.isalpha() and word != "r":
        if tv.joined(j) and tv.word(j + 1)[:1].isdigit():
            return None  # "1 $10 bill": the sign belongs to the amount after it
        return cur["symbols"][word], j + 1, 1.0
    iso = _code(tv, j)
    if iso is not None:
        return iso, j + 1, 1.0
    millions = _million_code(tv, j)
    if millions is not None:
        return millions, j + 1, 1_000_000.0
    return None


def _million_code(tv: TokenView, i: int) -> str | None:
    """ "MUSD", "MEUR": millions of a currency, as finance desks write them."""
    text = tv.text(i)
    if len(text) == 4 and text.isupper() and text[0] == "M":
        return currencies()["codes"].get(text[1:].lower())
    return None


def glued_code(text: str) -> tuple[str, str, bool] | None:
    """ "USD115" → ("USD", "115", True); "115USD" → ("USD", "115", False); "HK$10" →
    ("HKD", "10", True); else None."""
    if text[:1].isdigit() and text[-1:].isdigit():
        return None  # the common case: plain digits
    if not any(ch.isdigit() for ch in text):
        return None  # a word ("seven", "dollars"): every form below glues digits
    lower = text.lower()
    codes = currencies()["codes"]
    for symbol, iso in _glued_symbols():
        if lower.startswith(symbol) and lower[len(symbol) : len(symbol) + 1].isdigit():
            return iso, text[len(symbol) :], True
        if lower.endswith(symbol) and lower[-len(symbol) - 1 : -len(symbol)].isdigit():
            return iso, text[: -len(symbol)], False
    if len(lower) > 3 and lower[:3] in codes and lower[3].isdigit():
        return codes[lower[:3]], text[3:], True
    if len(lower) > 3 and lower[-3:] in codes and lower[-4].isdigit():
        return codes[lower[-3:]], text[:-3], False
    return None


_GLUED: list[tuple[str, str]] = []


def _glued_symbols() -> list[tuple[str, str]]:
    """Symbols that the tokenizer may leave glued to digits, longest first ("HK$10")."""
    if not _GLUED:
        symbols = currencies()["symbols"]
        _GLUED.extend(
            sorted(
                ((s, iso) for s, iso in symbols.items() if not (s.isascii() and s.isalpha())),
                key=lambda item: -len(item[0]),
            )
        )
    return _GLUED
