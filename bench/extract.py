"""Benchmark the figure recogniser: throughput on news prose, accuracy on external specs.

Run: ``python bench/extract.py [--quick]``. Prints figures; asserts nothing.

1. Throughput of ``build_figure_nlp()`` (tokenizer + figure component) via ``nlp.pipe``
   on at least 200,000 tokens of news-like prose, against the tokenizer alone and against
   quantulum3 (timed on a subset and extrapolated: it is far slower) when installed.
2. Accuracy on Microsoft Recognizers-Text English specifications, read from
   ``../shared/eval/recognizers_text`` next to the checkout when it is there (it is not
   part of the project). Each file is scored on its own figure kind; a prediction matches
   a gold span when they overlap and have that kind. We print precision, recall and F1
   per file, micro F1, and how many matched spans also carry the right value; then the
   same scores end to end, from what ``claimdesk extract`` prints (``end_to_end``), per
   kind beside the recogniser's and beside the end-to-end baseline no kind may fall below.
3. A final block of ``name: value`` lines for the README.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import re
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import end_to_end  # noqa: E402  (bench/ is on sys.path when this script runs)

from core.extract.figures import build_figure_nlp, find_figures  # noqa: E402


def _find_eval() -> Path:
    """``shared/eval/recognizers_text`` beside the checkout, or beside a folder above it
    (a second working tree of the repository lives one level further down)."""
    for folder in ROOT.parents:
        candidate = folder / "shared/eval/recognizers_text"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared/eval/recognizers_text"


EVAL = _find_eval()

# ------------------------------------------------------------------------ the corpus

PARAGRAPHS = [
    (
        "Brussels, March 4 : The European Commission approved a €2.3bn aid package for "
        "farmers on Tuesday, more than twice the €1.1bn it set aside in 2022. About 40 per "
        "cent of the money will go to dairy producers in seven member states, officials "
        "said, while the rest is spread over three years."
    ),
    (
        "The company said revenue rose 12% to $4.5 billion in the second quarter, beating "
        "analysts' forecasts of $4.2 billion. It plans to cut about 1,200 jobs, or nearly "
        "a tenth of its workforce, by the end of 2025 and to close two plants in Ohio."
    ),
    (
        "Rescue teams pulled 26 survivors from the rubble on Sunday, two days after the "
        "magnitude 6.8 earthquake struck at 3:15 a.m. local time. At least 1,400 people "
        "were killed and some 5,000 injured, the interior ministry said, adding that "
        "up to 20,000 homes across a 150 km stretch of the coast had been damaged."
    ),
    (
        "Turnout reached 67.3 percent, the highest since 1992, according to the electoral "
        "commission. The governing party won 213 of the 450 seats, down from 241 five years "
        "ago, and will need the support of at least two smaller parties to form a "
        "government before the 90-day deadline expires in mid-September."
    ),
    (
        "Oil output fell to 9.8 million barrels per day in June, the lowest level in "
        "eighteen months, after producers agreed in April to cut supply by a further "
        "500,000 bpd. Brent crude traded at $83.40 a barrel, up 2.1 per cent on the week."
    ),
    (
        "Under the new law, which takes effect on January 1, 2026, employers with more than "
        "fifty staff must offer six months of paid parental leave, up from 14 weeks. The "
        "ministry estimates the measure will cost 3.2 billion pesos a year and benefit "
        "roughly two-thirds of working parents."
    ),
    (
        "The city's population grew by a quarter between 2010 and 2020, to 1.5 million, "
        "census figures show. Average rents doubled over the same decade, while the "
        "number of homeless people rose from 3,000 to nearly 8,500, the third largest "
        "increase of any US city."
    ),
    (
        "Police said the 34-year-old suspect was arrested on Friday and charged with "
        "fraud worth £1.7m. He is due to appear in court on 21 October and faces up to "
        "ten years in prison. Investigators have identified a dozen victims so far, "
        "most of them in their seventies."
    ),
    (
        "Manchester United beat Chelsea 2-1 on Sunday, with the winner coming in the 89th "
        "minute in front of 73,000 fans. The club, which paid a record £89m for the striker "
        "two years ago, is now third in the table, six points behind the leaders."
    ),
    (
        "The trial enrolled 43,000 volunteers across 150 sites and found the vaccine was 95% "
        "effective, researchers wrote in a paper published on Nov. 9. Side effects were mild "
        "in nearly nine out of 10 cases and lasted for a day or two."
    ),
    (
        "London's FTSE 100 closed 0.4% lower at 7,654 points at 4:30pm GMT, while the pound "
        "slipped to $1.26. Investors now expect the central bank to cut rates by a quarter "
        "of a percentage point in Q3, after inflation eased to 3.2% in March from 3.4%."
    ),
    (
        "The judge sentenced him to 12 years in prison on Thursday and ordered him to repay "
        "$4.8 million to some 300 investors, most of whom lost their savings between 2016 "
        "and 2019. His lawyer said he would appeal within 30 days."
    ),
]


def build_corpus(seed: str, min_tokens: int, count_tokens) -> list[str]:
    """Seed paragraphs and the news paragraphs above, repeated to ``min_tokens`` tokens."""
    base = [p for p in seed.split("\n") if p.strip()] + PARAGRAPHS
    base_tokens = sum(count_tokens(p) for p in base)
    rounds = max(1, math.ceil(min_tokens / base_tokens))
    texts: list[str] = []
    for r in range(rounds):
        # Rotate the order each round so batches differ; the text itself is realistic.
        shift = r % len(base)
        texts.extend(base[shift:] + base[:shift])
    return texts


# --------------------------------------------------------------------- throughput


def time_pipeline(nlp, texts: list[str], repeats: int = 5) -> float:
    """Best-of tokens per second of ``nlp.pipe`` over ``texts`` (best of several runs,
    because the machine is shared and a single run measures the neighbours too)."""
    best = math.inf
    tokens = 0
    for _ in range(repeats):
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
        best = min(best, time.perf_counter() - start)
    return tokens / best


def time_tokenizer(nlp, texts: list[str], repeats: int = 5) -> float:
    best = math.inf
    tokens = 0
    for _ in range(repeats):
        start = time.perf_counter()
        tokens = sum(len(doc) for doc in nlp.tokenizer.pipe(texts, batch_size=256))
        best = min(best, time.perf_counter() - start)
    return tokens / best


def time_component(nlp, texts: list[str], repeats: int = 5) -> tuple[float, dict[str, int]]:
    """Tokens per second of ``find_figures`` alone on pre-tokenized docs, and the
    number of figures of each kind it finds in the corpus."""
    docs = list(nlp.tokenizer.pipe(texts, batch_size=256))
    tokens = sum(len(doc) for doc in docs)
    best = math.inf
    kinds: dict[str, int] = {}
    for _ in range(repeats):
        start = time.perf_counter()
        found = [find_figures(doc) for doc in docs]
        best = min(best, time.perf_counter() - start)
    for figures in found:
        for figure in figures:
            kinds[figure.kind] = kinds.get(figure.kind, 0) + 1
    return tokens / best, kinds


def quantulum_parser():
    """quantulum3's ``parse``, or ``None`` when it is not installed."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except Exception:  # any import failure means "not available"
        return None
    return parser.parse


def time_quantulum(parse, texts: list[str], count_tokens, budget_tokens: int) -> float:
    """Tokens per second of quantulum3 on the first ``budget_tokens`` tokens of ``texts``."""
    subset: list[str] = []
    tokens = 0
    for text in texts:
        subset.append(text)
        tokens += count_tokens(text)
        if tokens >= budget_tokens:
            break
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        parse(subset[0])  # warm-up: loads its unit tables
        start = time.perf_counter()
        for text in subset:
            parse(text)
        elapsed = time.perf_counter() - start
    return tokens / elapsed


# ------------------------------------------------------------------------ accuracy

SPECS = [
    ("Number/English/NumberModel.json", "count"),
    ("Number/English/PercentModel.json", "percent"),
    ("Number/English/OrdinalModel.json", "ordinal"),
    ("NumberWithUnit/English/CurrencyModel.json", "money"),
    ("DateTime/English/DurationExtractor.json", "duration"),
    ("DateTime/English/DurationParser.json", "duration"),
    ("DateTime/English/DateExtractor.json", "date"),
    ("DateTime/English/DateParser.json", "date"),
]
NTH_WEEKDAY = re.compile(r"^XXXX-(\d\d|XX)-WXX-(\d)-#(\d)$")
ISO_DAY = re.compile(r"^(\d{4})-(\d\d)-(\d\d)$")
MINOR_UNITS = {"cent": 0.01, "pence": 0.01, "penny": 0.01}


@dataclass
class Score:
    name: str
    kind: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    valued: int = 0  # matched spans whose gold carries a value
    right: int = 0  # ... and whose value we got right
    misses: list[str] = field(default_factory=list)
    wrong_values: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def skipped(case: dict) -> bool:
    not_supported = str(case.get("NotSupported", "")).lower()
    return "dotnet" in not_supported or bool(case.get("NotSupportedByDesign"))


SAME_KIND = {"count": frozenset({"count", "ratio"})}
"""Our kinds that a spec kind covers: Recognizers-Text's "number" is any plain number,
and "one third", "twice" or "one in five" are numbers there, ratios here."""


def ours_for(kind: str) -> frozenset[str]:
    return SAME_KIND.get(kind, frozenset({kind}))


def gold_spans(case: dict) -> list[tuple[int, int, dict]]:
    spans = []
    for result in case.get("Results", []):
        start = result["Start"]
        end = result["End"] + 1 if "End" in result else start + result["Length"]
        spans.append((start, end, result))
    return spans


def gold_value(kind: str, result: dict):
    """The normalised gold value to compare with ours, or ``None`` when there is none."""
    if kind in ("count", "ordinal"):
        value = (result.get("Resolution") or {}).get("value")
        if kind == "ordinal" and is_relative_ordinal(result):
            return str(value)  # "end+0", "current+1": compared as written
        try:
            return float(value)
        except (TypeError, ValueError):
            return None
    if kind == "percent":
        value = (result.get("Resolution") or {}).get("value")
        if not value or value == "null":
            return None
        try:
            return float(value.rstrip("%"))
        except ValueError:
            return None
    if kind == "money":
        resolution = result.get("Resolution") or {}
        if resolution.get("value") is None:
            return None
        amount = float(resolution["value"])
        amount *= MINOR_UNITS.get(str(resolution.get("unit", "")).lower(), 1)
        return amount, resolution.get("isoCurrency")
    if kind in ("duration", "date"):
        value = result.get("Value") or {}
        return value.get("Timex")
    return None


def value_right(kind: str, gold, ours) -> bool:
    if isinstance(gold, str) and kind == "ordinal":
        return isinstance(ours, str) and ours == gold  # a relative ordinal, "end-1"
    if kind in ("count", "ordinal", "percent"):
        return isinstance(ours, int | float) and math.isclose(
            float(ours), gold, rel_tol=1e-3, abs_tol=1e-9
        )
    if kind == "money":
        amount, iso = gold
        if not isinstance(ours[0], int | float):
            return False
        if not math.isclose(float(ours[0]), amount, rel_tol=1e-3):
            return False
        return iso is None or iso == ours[1]
    if kind == "duration":
        return gold == ours
    if kind == "date":
        # An unknown gold part (TIMEX "X") accepts a resolved one: our year may come from
        # the reference date where the spec leaves it open.
        if not isinstance(ours, str):
            return False
        nth = NTH_WEEKDAY.match(gold)
        concrete = ISO_DAY.match(ours)
        if nth and concrete:
            # "XXXX-07-WXX-5-#1" (first Friday of July) and a resolved "2016-07-01" name
            # the same day when month, weekday and rank agree.
            day = datetime.date(*map(int, concrete.groups()))
            same_month = nth[1] == "XX" or int(nth[1]) == day.month
            return (
                same_month
                and day.isoweekday() == int(nth[2])
                and ((day.day - 1) // 7 + 1 == int(nth[3]))
            )
        if len(ours) != len(gold):
            return False
        return all(g == o or g == "X" for g, o in zip(gold, ours, strict=True))
    return False


def reference(case: dict) -> str | None:
    return (case.get("Context") or {}).get("ReferenceDateTime")


def is_relative_ordinal(result: dict) -> bool:
    """ "last", "next", "previous one": Recognizers-Text values them "end+0",
    "current+1" (relative to the end or to the current item); so do we."""
    value = str((result.get("Resolution") or {}).get("value", ""))
    return value.startswith(("end", "current"))


def score_file(nlp, path: Path, kind: str, predict, *, keep=lambda result: True) -> Score:
    cases = json.loads(path.read_text(encoding="utf-8-sig"))
    score = Score(path.stem, kind)
    for case in cases:
        if skipped(case):
            continue
        text = case["Input"]
        gold = [g for g in gold_spans(case) if keep(g[2])]
        predicted = [p for p in predict(nlp, text, reference(case)) if p[2] in ours_for(kind)]
        used: set[int] = set()
        for g_start, g_end, result in gold:
            match = None
            for index, (p_start, p_end, _kind, _value) in enumerate(predicted):
                if index not in used and p_start < g_end and g_start < p_end:
                    match = index
                    break
            if match is None:
                score.fn += 1
                score.misses.append(f"{text!r}: missed {text[g_start:g_end]!r}")
                continue
            used.add(match)
            score.tp += 1
            expected = gold_value(kind, result)
            if expected is not None:
                score.valued += 1
                ours = predicted[match][3]
                if value_right(kind, expected, ours):
                    score.right += 1
                else:
                    score.wrong_values.append(
                        f"{text!r}: {text[g_start:g_end]!r} gold {expected!r} ours {ours!r}"
                    )
        for index, (p_start, p_end, _kind, _value) in enumerate(predicted):
            if index not in used:
                score.fp += 1
                score.misses.append(f"{text!r}: spurious {text[p_start:p_end]!r}")
    return score


def predict_ours(nlp, text: str, reference_date: str | None):
    doc = nlp.make_doc(text)
    out = []
    for f in find_figures(doc, reference_date):
        value = (f.value, f.unit) if f.kind == "money" else f.value
        out.append((f.start, f.end, f.kind, value))
    return out


def predict_relative(nlp, text: str, reference_date: str | None):
    """Our relative ordinals only (scored against the relative gold spans alone)."""
    return [p for p in predict_ours(nlp, text, reference_date) if isinstance(p[3], str)]


def make_predict_quantulum(parse):
    def predict(_nlp, text: str, _reference_date: str | None):
        out = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                quantities = parse(text)
            except Exception:  # a crash is a miss, not a benchmark failure
                return out
        for q in quantities:
            unit = q.unit.name.lower()
            entity = q.unit.entity.name.lower()
            if "percent" in unit or unit == "per cent":
                kind = "percent"
            elif entity == "currency" or any(
                word in unit for word in ("dollar", "euro", "pound sterling", "yen", "yuan")
            ):
                kind = "money"
            elif entity == "time":
                kind = "duration"
            elif entity == "dimensionless":
                kind = "count"
            else:
                kind = "measure"
            start, end = q.span
            out.append((start, end, kind, (q.value, None) if kind == "money" else q.value))
        return out

    return predict


def accuracy(nlp, predict, label: str, show: int) -> list[Score]:
    scores = [score_file(nlp, EVAL / rel, kind, predict) for rel, kind in SPECS]
    print(f"\n{label}: accuracy on Recognizers-Text English specs")
    print(f"  {'file':<22}{'kind':<10}{'P':>7}{'R':>7}{'F1':>7}  values right")
    for s in scores:
        values = f"{s.right}/{s.valued}" if s.valued else "-"
        print(f"  {s.name:<22}{s.kind:<10}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}  {values}")
        for line in s.misses[:show]:
            print(f"      miss  {line[:150]}")
        for line in s.wrong_values[:show]:
            print(f"      value {line[:150]}")
    return scores


def per_kind(scores: list[Score]) -> dict[str, float]:
    """F1 per figure kind, the files of one kind pooled (micro within the kind)."""
    out: dict[str, float] = {}
    for kind in dict.fromkeys(s.kind for s in scores):
        pooled = Score(kind, kind)
        for s in scores:
            if s.kind == kind:
                pooled.tp, pooled.fp, pooled.fn = (
                    pooled.tp + s.tp,
                    pooled.fp + s.fp,
                    pooled.fn + s.fn,
                )
        out[kind] = pooled.f1
    return out


def end_to_end_block(nlp, scores: list[Score], show: int) -> dict[str, str]:
    """Score what ``claimdesk extract`` prints, beside the recogniser, kind by kind."""
    predict = end_to_end.predictor([EVAL / rel for rel, _kind in SPECS])
    e2e = accuracy(nlp, predict, "claimdesk extract (figures inside claims)", show)
    e2e_micro, e2e_min, e2e_values = micro(e2e)
    print(
        f"  micro F1 {e2e_micro:.3f}, lowest file F1 {e2e_min:.3f}, values right {e2e_values:.1%}"
    )
    ours, theirs = per_kind(scores), per_kind(e2e)
    print("\nper kind F1      recogniser   end to end   end to end before   change")
    worse = []
    for kind, f1 in theirs.items():
        before = end_to_end.BASELINE.get(kind)
        delta = f"{f1 - before:+.3f}" if before is not None else "-"
        if before is not None and f1 < before - 0.0005:
            worse.append(kind)
        before_text = f"{before:.3f}" if before is not None else "-"
        print(f"  {kind:<14}{ours[kind]:11.3f}{f1:13.3f}{before_text:>20}{delta:>9}")
    print(
        f"  {'micro':<14}{micro(scores)[0]:11.3f}{e2e_micro:13.3f}"
        f"{end_to_end.BASELINE_MICRO:20.3f}{e2e_micro - end_to_end.BASELINE_MICRO:+9.3f}"
    )
    print("  kinds below their end-to-end baseline: " + (", ".join(worse) or "none"))
    return {
        "e2e_micro_f1": f"{e2e_micro:.3f}",
        "e2e_values_right": f"{e2e_values:.3f}",
        **{f"e2e_f1_{kind}": f"{f1:.3f}" for kind, f1 in theirs.items()},
        "e2e_kinds_below_baseline": ",".join(worse) or "none",
    }


def micro(scores: list[Score]) -> tuple[float, float, float]:
    tp = sum(s.tp for s in scores)
    fp = sum(s.fp for s in scores)
    fn = sum(s.fn for s in scores)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    valued = sum(s.valued for s in scores)
    right = sum(s.right for s in scores)
    return f1, min(s.f1 for s in scores), right / valued if valued else 0.0


# ---------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--tokens", type=int, default=200_000, help="corpus size in tokens")
    args.add_argument("--show", type=int, default=0, help="misses to print per file")
    args.add_argument("--no-quantulum", action="store_true", help="skip the baseline")
    args.add_argument("--accuracy-only", action="store_true", help="skip the throughput runs")
    opts = args.parse_args(argv)

    nlp = build_figure_nlp()
    count_tokens = lambda text: len(nlp.make_doc(text))  # noqa: E731
    seed = (ROOT / "seeds" / "mexico-extraditions-tariffs.txt").read_text(encoding="utf-8")
    texts = build_corpus(seed, opts.tokens, count_tokens)
    total_tokens = sum(count_tokens(t) for t in texts)
    print(f"corpus: {len(texts)} paragraphs, {total_tokens} tokens")

    repeats = 0 if opts.accuracy_only else 5
    tokenizer_rate = time_tokenizer(nlp, texts, max(1, repeats))
    component_rate, kinds = time_component(nlp, texts, max(1, repeats))
    rate = time_pipeline(nlp, texts, max(1, repeats))
    per_thousand = 1000 * sum(kinds.values()) / total_tokens
    print(
        f"tokenizer alone:          {tokenizer_rate:12,.0f} tokens/s  "
        "(flattered by spaCy's token cache on repeated paragraphs; the figure rules cache "
        "nothing)"
    )
    print(f"figure component alone:   {component_rate:12,.0f} tokens/s")
    print(f"tokenizer + figures:      {rate:12,.0f} tokens/s  (nlp.pipe, the number that counts)")
    print(
        f"figures found:            {per_thousand:12.1f} per 1,000 tokens  "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items()))
    )

    parse = None if opts.no_quantulum else quantulum_parser()
    q_rate = None
    if parse is not None:
        budget = 5_000
        q_rate = time_quantulum(parse, texts, count_tokens, budget)
        print(
            f"quantulum3:               {q_rate:12,.0f} tokens/s "
            f"(timed on the first ~{budget:,} tokens, extrapolated)"
        )
        print(f"speed-up over quantulum3: {rate / q_rate:12.1f}x")
    else:
        reason = "skipped (--no-quantulum)" if opts.no_quantulum else "not installed"
        print(f"quantulum3: {reason}, no baseline")

    final: dict[str, str] = {
        "tokens_per_s": f"{rate:.0f}",
        "quantulum3_tokens_per_s": f"{q_rate:.0f}" if q_rate else "n/a",
        "speedup": f"{rate / q_rate:.1f}" if q_rate else "n/a",
    }
    if EVAL.is_dir():
        scores = accuracy(nlp, predict_ours, "claimdesk", opts.show)
        micro_f1, min_f1, values = micro(scores)
        print(f"  micro F1 {micro_f1:.3f}, lowest file F1 {min_f1:.3f}, values right {values:.1%}")
        relative = score_file(
            nlp,
            EVAL / "Number/English/OrdinalModel.json",
            "ordinal",
            predict_relative,
            keep=is_relative_ordinal,
        )
        print(
            f"  (for information: relative ordinals alone, such as 'last', 'next', "
            f"'previous one': F1 {relative.f1:.3f}, values right "
            f"{relative.right}/{relative.valued})"
        )
        final |= {
            "micro_f1": f"{micro_f1:.3f}",
            "min_file_f1": f"{min_f1:.3f}",
            "values_right": f"{values:.3f}",
        }
        final |= end_to_end_block(nlp, scores, opts.show)
        if parse is not None:
            q_scores = accuracy(nlp, make_predict_quantulum(parse), "quantulum3", 0)
            q_micro, q_min, _ = micro(q_scores)
            print(f"  micro F1 {q_micro:.3f}, lowest file F1 {q_min:.3f}")
            final["quantulum3_micro_f1"] = f"{q_micro:.3f}"
    else:
        print(f"\naccuracy: skipped, {EVAL} not found")
        final |= {"micro_f1": "n/a", "min_file_f1": "n/a", "values_right": "n/a"}

    print("\n--- results ---")
    for name, value in final.items():
        print(f"{name}: {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
