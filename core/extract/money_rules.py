"""Money written with its currency first ("$5m", "US$ 3.5 billion", "EUR 125", "HK$10
million"), cents after dollars, and scale abbreviations written as their own token
("$5 m", "€1.25m."), which the other number rules share.
"""

from __future__ import annotations

from .exact import divided, plus, times
from .hits import (
    MONEY,
    Hit,
    counted_noun,
)
from .lexicon import currencies
from .money import currency_after, currency_before, glued_code
from .numbers import (
    LOOSE_SCALE_ABBREVIATIONS,
    SCALE_ABBREVIATIONS,
    NumberPhrase,
    parse_number,
    parse_numeral,
)
from .tokens import TokenView

WORD_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
"""Scale words whose multiplier a range shares ("1.5 to 2 million")."""


def money_first(tv: TokenView, i: int) -> Hit | None:
    """An amount with its currency in front: "$5m", "US$ 3.5 billion", "EUR 125", "£8.10
    million", "USD115"."""
    glued = glued_code(tv.texts[i])
    if glued is not None:
        iso, digits, prefixed = glued
        phrase = parse_number(tv.words, i, first=digits) if prefixed else None
        if phrase is not None and not phrase.ordinal and not phrase.suffix:
            value, end, scale, trim = apply_scale(tv, phrase)
            return Hit(i, end, MONEY, value, unit=iso, scale=scale, trim_end=trim)
        numeral = parse_numeral(digits)
        if numeral is not None and not numeral.suffix:
            return Hit(i, i + 1, MONEY, numeral.value, unit=iso)  # "100USD", "100元"
    found = currency_before(tv, i)
    if found is None:
        return None
    iso, j, factor = found
    if j >= len(tv):
        return None
    phrase = parse_number(tv.words, j, first=tv.texts[j] if tv.word(j)[:1].isdigit() else None)
    if phrase is None or phrase.ordinal:
        return None
    if phrase.suffix:
        # "£3m–£4m": the tokenizer split the range at the dash and left "3m" whole; after
        # a currency a glued "m" is millions, never metres.
        glued_scale = SCALE_ABBREVIATIONS.get(phrase.suffix.lower())
        if glued_scale is None or phrase.end != j + 1:
            return None
        value = times(phrase.value, glued_scale)
        return Hit(i, j + 1, MONEY, times(value, factor), unit=iso, scale=glued_scale)
    value, end, scale, trim = apply_scale(tv, phrase)
    if trim:
        return Hit(i, end, MONEY, times(value, factor), unit=iso, scale=scale, trim_end=trim)
    if factor != 1:
        value = times(value, factor)
    after = currency_after(tv, end)  # "USD 22.5 million dollars" is still one amount
    if after is not None and after[0] == iso and after[2] == 1.0 and tv.word(end).isalpha():
        end = after[1]
    value, end = with_minor(tv, end, iso, value)
    return Hit(i, end, MONEY, value, unit=iso, scale=scale)


def with_minor(tv: TokenView, end: int, iso: str, amount: int | float) -> tuple[int | float, int]:
    """ "3 dollars 50 cents", "thirteen dollars and forty-five cents": add the cents."""
    k = end + 1 if tv.word(end) == "and" else end
    if k >= len(tv) or not isinstance(amount, int | float):
        return amount, end
    phrase = parse_number(tv.words, k)
    if phrase is None or phrase.ordinal or phrase.suffix or not 0 < phrase.value < 100:
        return amount, end
    minor = currencies()["minor_names"].get(tv.word(phrase.end))
    if minor != iso:
        return amount, end
    return plus(amount, divided(phrase.value, 100), 4), phrase.end + 1


def apply_scale(
    tv: TokenView, phrase: NumberPhrase, *, money: bool = True
) -> tuple[int | float, int, int, int]:
    """Apply a scale abbreviation written as its own token: "$5 m", "€3 bn", "5m people".

    Returns ``(value, end, scale, trim)``; ``trim`` is 1 when the scale token carries
    the sentence's full stop ("€1.25m." is one token) which the figure must not include.
    Outside money a lone "m" is metres ("611 m taller") unless glued to the number and
    followed by a word that is no unit ("5m people").
    """
    value, end = phrase.value, phrase.end
    word = tv.word(end)
    trim = 1 if len(word) > 1 and word.endswith(".") else 0
    bare = word[:-1] if trim else word
    if bare in SCALE_ABBREVIATIONS and not phrase.scaled and not phrase.words:
        glued_count = tv.joined(end - 1) and not trim and counted_noun(tv.word(end + 1))
        if not money and bare not in LOOSE_SCALE_ABBREVIATIONS and not glued_count:
            return value, end, 1, 0
        scale = SCALE_ABBREVIATIONS[bare]
        return times(value, scale), end + 1, scale, trim
    scale = WORD_SCALES.get(tv.word(end - 1), 1) if phrase.scaled else 1
    return value, end, scale, 0
