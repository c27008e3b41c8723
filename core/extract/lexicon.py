"""The word lists behind the figure rules, read once from ``core/extract/data``.

Keeping currencies, units and hedges in data files means a reviewer who meets a missed
"pesetas" or "bpd" can add it without reading the rules.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

DATA = resources.files("core.extract") / "data"


def _json(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@cache
def currencies() -> dict:
    """``symbols``, ``split_symbols``, ``codes`` (lower → ISO), ``names``, ``minor_names``."""
    data = _json("currencies.json")
    codes = {code.lower(): code for code in data["codes"]}
    codes.update(data.get("code_aliases", {}))
    return {
        "symbols": data["symbols"],
        "split_symbols": data["split_symbols"],
        "codes": codes,
        "names": data["names"],
        "minor_names": data["minor_names"],
    }


@cache
def units() -> dict[str, str]:
    """Measure unit surface (lower case, words joined by spaces) → canonical unit name."""
    return {k: v for k, v in _json("units.json").items() if not k.startswith("_")}


@cache
def hedges() -> tuple[dict[str, str], frozenset[str], dict[str, str]]:
    """(hedge phrase → qualifier, phrases that are also verb particles, after-phrases)."""
    data = _json("hedges.json")
    before = {phrase: phrase for phrase in data["before"]}
    after = dict(data.get("after", {}))
    return before, frozenset(data["verb_particles"]), after


@cache
def phrasal_verbs() -> frozenset[str]:
    """Every inflected form of the verbs that take "over"/"about" as a particle."""
    forms: set[str] = set()
    for line in (DATA / "phrasal_verbs.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        base, *irregular = line.split()
        forms.update(irregular)
        forms.update(_regular_forms(base))
    return frozenset(forms)


def _regular_forms(base: str) -> set[str]:
    """hand → hands, handed, handing; carry → carries, carried; stop → stopped."""
    out = {base}
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        out |= {base[:-1] + "ies", base[:-1] + "ied", base + "ing"}
        return out
    if base.endswith("e"):
        out |= {base + "s", base + "d", base[:-1] + "ing"}
        return out
    out |= {base + ("es" if base.endswith(("s", "sh", "ch", "x")) else "s")}
    cvc = (
        len(base) >= 3
        and base[-1] not in "aeiouwxy"
        and base[-2] in "aeiou"
        and (base[-3] not in "aeiou")
    )
    stem = base + base[-1] if cvc and len(base) <= 4 else base
    out |= {stem + "ed", stem + "ing", base + "ed", base + "ing"}
    return out


@cache
def identifier_words() -> frozenset[str]:
    """Words after which a number is a name ("Article 5", "Boeing 737", "S&P 500")."""
    lines = (DATA / "identifier_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def relative_ordinals() -> dict:
    """The words and phrases of relative ordinals ("next", "the last but one") and the
    contexts in which those words are something else ("at last", "could last")."""
    return {k: v for k, v in _json("relative_ordinals.json").items() if not k.startswith("_")}
