"""The figure recogniser on the reference article and on the shapes news figures take."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.extract.figures import FACTORY, build_figure_nlp, find_figures
from core.model import Figure

SEED = Path(__file__).resolve().parent.parent / "seeds" / "mexico-extraditions-tariffs.txt"


@pytest.fixture(scope="module")
def nlp():
    return build_figure_nlp()


def figures(nlp, text: str, reference_date: str | None = None) -> list[Figure]:
    doc = nlp.make_doc(text)
    return find_figures(doc, reference_date)


def one(nlp, text: str, reference_date: str | None = None) -> Figure:
    found = figures(nlp, text, reference_date)
    assert len(found) == 1, found
    return found[0]


def by_text(found: list[Figure], text: str) -> list[Figure]:
    return [f for f in found if f.text == text]


# ------------------------------------------------------------------ the seed article


@pytest.fixture(scope="module")
def seed_figures(nlp):
    doc = nlp(SEED.read_text(encoding="utf-8"))
    return doc, doc._.figures


def test_seed_counts(seed_figures):
    _, found = seed_figures
    (f26,) = by_text(found, "26")
    assert (f26.kind, f26.value, f26.qualifier) == ("count", 26, None)
    (f29,) = by_text(found, "29")
    assert (f29.kind, f29.value) == ("count", 29)
    assert f29.qualifier is None, "'handed over 29' is exactly 29"
    (seven,) = by_text(found, "seven")
    assert (seven.kind, seven.value) == ("count", 7)


def test_seed_percentages_twice_25_and_once_50(seed_figures):
    _, found = seed_figures
    twenty_five = by_text(found, "25 per cent")
    assert len(twenty_five) == 2
    assert all(f.kind == "percent" and f.value == 25 for f in twenty_five)
    (fifty,) = by_text(found, "50 per cent")
    assert (fifty.kind, fifty.value) == ("percent", 50)


def test_seed_duration_and_dates(seed_figures):
    _doc, found = seed_figures
    (extension,) = by_text(found, "90-day")
    assert (extension.kind, extension.value) == ("duration", "P90D")
    (year,) = by_text(found, "1985")
    assert (year.kind, year.value) == ("date", "1985")
    (month_year,) = by_text(found, "February 2015")
    assert (month_year.kind, month_year.value) == ("date", "2015-02")
    (february,) = by_text(found, "February")
    assert february.kind == "date" and february.value == "XXXX-02"
    (july,) = by_text(found, "end of July")
    assert (july.kind, july.value, july.qualifier) == ("date", "XXXX-07", "end of")
    (dateline,) = by_text(found, "August 13")
    assert dateline.start < 40, "the dateline date"
    assert (dateline.kind, dateline.value) == ("date", "XXXX-08-13")


def test_seed_offsets_and_order(seed_figures):
    doc, found = seed_figures
    assert found == sorted(found, key=lambda f: f.start)
    for a, b in itertools.pairwise(found):
        assert a.end <= b.start
    for f in found:
        assert doc.text[f.start : f.end] == f.text


def test_seed_has_no_spurious_counts(seed_figures):
    _, found = seed_figures
    counts = sorted(f.value for f in found if f.kind == "count")
    assert counts == [7, 26, 29]


def test_reference_date_resolves_partial_dates(nlp):
    doc = nlp.make_doc("In February, Mexico handed over 29 suspects.")
    doc.user_data["reference_date"] = "2025-08-13"
    (month, _count) = find_figures(doc)
    assert month.value == "2025-02"
    assert one(nlp, "on August 13", "2025-08-13").value == "2025-08-13"
    # A partial reference (a dateline without a year) cannot resolve the year.
    assert one(nlp, "in February", "XXXX-08-13").value == "XXXX-02"


# ------------------------------------------------------------------------- kinds


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("25%", 25),
        ("25 percent", 25),
        ("25 per cent", 25),
        ("25 pc", 25),
        ("2.5 per cent", 2.5),
        ("twenty percent", 20),
        ("25pc", 25),
        ("2.5pct", 2.5),
    ],
)
def test_percent(nlp, text, value):
    f = one(nlp, f"Prices rose {text} last year.")
    assert (f.kind, f.value, f.text) == ("percent", value, text)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$5m", 5_000_000, "USD"),
        ("US$3.5 billion", 3_500_000_000, "USD"),
        ("USD 200", 200, "USD"),
        ("€20", 20, "EUR"),
        ("£3bn", 3_000_000_000, "GBP"),
        ("¥100", 100, "JPY"),
        ("1.2bn dollars", 1_200_000_000, "USD"),
        ("500 million euros", 500_000_000, "EUR"),
        ("20 billion pesos", 20_000_000_000, "MXN"),
        ("50 cents", 0.5, "USD"),
        ("$ 75 million", 75_000_000, "USD"),
        ("HK$10 million", 10_000_000, "HKD"),
        ("10k dollars", 10_000, "USD"),
    ],
)
def test_money(nlp, text, value, unit):
    f = one(nlp, f"The deal was worth {text} in total.")
    assert (f.kind, f.value, f.unit, f.text) == ("money", value, unit, text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("90-day", "P90D"),
        ("three years", "P3Y"),
        ("six months", "P6M"),
        ("two weeks", "P2W"),
        ("5 hours", "PT5H"),
        ("two and a half hours", "PT2.5H"),
        ("30 minutes", "PT30M"),
        ("two decades", "P20Y"),
        ("1 year 1 month 21 days", "P1Y1M21D"),
    ],
)
def test_duration(nlp, text, value):
    f = one(nlp, f"They waited {text} for it.")
    assert (f.kind, f.value, f.text) == ("duration", value, text)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1985", "1985"),
        ("February 2015", "2015-02"),
        ("August 13", "XXXX-08-13"),
        ("13 August 2015", "2015-08-13"),
        ("January 12, 2016", "2016-01-12"),
        ("2016-11-07", "2016-11-07"),
        ("02/22/2016", "2016-02-22"),
        ("mid-2015", "2015"),
    ],
)
def test_date(nlp, text, value):
    f = one(nlp, f"It happened in {text} as reported.")
    assert (f.kind, f.value, f.text) == ("date", value, text)


def test_relative_dates_need_a_full_reference(nlp):
    assert one(nlp, "It happened yesterday.", "2016-11-07").value == "2016-11-06"
    assert one(nlp, "It happened two days ago.", "2016-11-07").value == "2016-11-05"
    assert one(nlp, "It happened yesterday.").value == "XXXX-XX-XX"


@pytest.mark.parametrize(
    ("text", "value"),
    [("third", 3), ("21st", 21), ("twenty-first", 21), ("second", 2)],
)
def test_ordinal(nlp, text, value):
    f = one(nlp, f"She came {text} in the race.")
    assert (f.kind, f.value) == ("ordinal", value)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("12 km", 12, "kilometre"),
        ("3,000 barrels", 3000, "barrel"),
        ("5 tonnes", 5, "tonne"),
        ("400 MW", 400, "megawatt"),
    ],
)
def test_measure(nlp, text, value, unit):
    f = one(nlp, f"They reported {text} on Friday.".replace(" on Friday", ""))
    assert (f.kind, f.value, f.unit) == ("measure", value, unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [("10:30 a.m.", "T10:30"), ("5pm", "T17:00"), ("7 pm", "T19:00")],
)
def test_time(nlp, text, value):
    f = one(nlp, f"The vote closed at {text} local time.")
    assert (f.kind, f.value) == ("time", value)


def test_time_keeps_its_zone(nlp):
    f = one(nlp, "Markets closed at 4pm GMT on the day.")
    assert (f.text, f.value, f.unit) == ("4pm GMT", "T16:00", "GMT")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("seven", 7),
        ("twenty-six", 26),
        ("a dozen", 12),
        ("1.5 million", 1_500_000),
        ("3,000", 3000),
        ("1.2bn", 1_200_000_000),
        ("one hundred and sixty-one", 161),
    ],
)
def test_count_words_and_numerals(nlp, text, value):
    f = one(nlp, f"Officials said {text} of the applicants were refused.")
    assert (f.kind, f.value, f.text) == ("count", value, text)


@pytest.mark.parametrize(("text", "value"), [("two-thirds", 0.6667), ("half", 0.5)])
def test_shares_of_a_whole_are_ratios(nlp, text, value):
    f = one(nlp, f"Officials said {text} of the applicants were refused.")
    assert (f.kind, f.value, f.text) == ("ratio", value, text)


# ------------------------------------------------------------------ hedges, ranges


@pytest.mark.parametrize(
    ("sentence", "text", "qualifier"),
    [
        ("more than 40 people died", "40", "more than"),
        ("over 40 people died", "40", "over"),
        ("nearly 3% of voters", "3%", "nearly"),
        ("about 200 soldiers", "200", "about"),
        ("almost 90 days", "90 days", "almost"),
        ("at least 12 were hurt", "12", "at least"),
        ("up to $5m in fines", "$5m", "up to"),
        ("40 or more", "40", "or more"),
    ],
)
def test_hedges_keep_the_figure(nlp, sentence, text, qualifier):
    f = one(nlp, sentence)
    assert (f.text, f.qualifier) == (text, qualifier)


@pytest.mark.parametrize(
    "sentence",
    ["Mexico handed over 29 suspects", "The firm took over 40 shops", "They hand over 29 men"],
)
def test_over_after_a_verb_is_not_a_hedge(nlp, sentence):
    f = one(nlp, sentence)
    assert f.qualifier is None and f.value in (29, 40)


@pytest.mark.parametrize("text", ["2.5 pp", "3ppt", "3 percentage points"])
def test_percentage_points(nlp, text):
    f = one(nlp, f"Support rose {text} after the debate.")
    assert (f.kind, f.unit) == ("percent", "percentage point")


def test_ranges(nlp):
    between = one(nlp, "between 5 and 10 million dollars were lost")
    assert (between.kind, between.value, between.upper, between.qualifier) == (
        "money",
        5_000_000,
        10_000_000,
        "between",
    )
    span = one(nlp, "a rate of 25 to 30 per cent")
    assert (span.kind, span.value, span.upper) == ("percent", 25, 30)
    money = one(nlp, "costs of $5-10 million")
    assert (money.kind, money.value, money.upper, money.unit) == (
        "money",
        5_000_000,
        10_000_000,
        "USD",
    )
    years = one(nlp, "a sentence of 3 to 5 years")
    assert (years.kind, years.value, years.upper) == ("duration", "P3Y", "P5Y")
    either = one(nlp, "five or six people were hurt")
    assert (either.value, either.upper, either.qualifier) == (5, 6, "between")
    days = one(nlp, "it lasted two or three days")
    assert (days.kind, days.value, days.upper) == ("duration", "P2D", "P3D")
    day = one(nlp, "it lasted for a day or two")
    assert (day.kind, day.value, day.upper) == ("duration", "P1D", "P2D")
    assert len(figures(nlp, "it cost $5 or $6 each")) == 2
    assert len(figures(nlp, "either 10 bln or 10 tln")) == 2
    moved = one(nlp, "it rose from 10 to 20 per cent")
    assert (moved.value, moved.upper, moved.qualifier) == (10, 20, "change")  # a change


# --------------------------------------------------------------- what is not a figure


@pytest.mark.parametrize(
    "sentence",
    [
        "COVID-19 cases fell",
        "the G7 summit",
        "call 555-123-4567 now",
        "under Article 5 of the treaty",
        "One of those extradited",
        "the one you mentioned",
        "A year-long dispute may end",
    ],
)
def test_identifiers_and_pronouns_are_not_counts(nlp, sentence):
    assert figures(nlp, sentence) == []


def test_years_are_dates_not_counts(nlp):
    assert one(nlp, "accused in the 1985 killing").kind == "date"
    assert one(nlp, "more than 2000 people").kind == "count"


# --------------------------------------------------------------------- component


def test_component_registered_and_sets_extension(nlp):
    assert FACTORY in nlp.pipe_names
    doc = nlp("Exports fell 12% in March 2020.")
    assert [f.kind for f in doc._.figures] == ["percent", "date"]


def test_docs_with_figures_survive_multiprocessing_and_serialisation(nlp):
    """spaCy moves docs between processes with msgpack: the figures must come along."""
    from spacy.tokens import Doc

    texts = ["Mexico expelled 26 members.", "Tariffs rose 25 per cent."]
    docs = list(nlp.pipe(texts, n_process=2))
    assert [[f.text for f in d._.figures] for d in docs] == [["26"], ["25 per cent"]]
    restored = Doc(nlp.vocab).from_bytes(docs[1].to_bytes())
    assert restored._.figures[0].value == 25


def test_component_reads_reference_date_from_user_data(nlp):
    doc = nlp.make_doc("It closed on August 13.")
    doc.user_data["reference_date"] = "2024-12-01"
    doc = nlp.get_pipe(FACTORY)(doc)
    assert doc._.figures[0].value == "2024-08-13"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_offsets_hold_on_any_unicode(text):
    nlp = _shared_nlp()
    doc = nlp(text)
    previous_end = 0
    for f in doc._.figures:
        assert doc.text[f.start : f.end] == f.text
        assert f.start >= previous_end
        previous_end = f.end


FIGURE_WORDS = [
    "more",
    "than",
    "over",
    "handed",
    "25",
    "per",
    "cent",
    "$",
    "5m",
    "-",
    "to",
    "and",
    "between",
    "from",
    "February",
    "2015",
    "13",
    "a",
    "an",
    "half",
    "dozen",
    "twenty",
    "six",
    "%",
    "US$",
    "3.5",
    "billion",
    "days",
    "ago",
    "the",
    "third",
    ",",
    "of",
    "May",
    "1/2",
    "9/11",
    "24/7",
    "10:30",
    "pm",
    "tens",
    "thousands",
    "hundreds",
    "dollars",
    "cents",
    "on",
    "21st",
    "Friday",
    "next",
    "week",
    "first",
    "Monday",
    "Apollo",
    "11",
    "5G",
    "52-48",
    "0800",
    "123",
    "No",
    ".",
    "one",
    "in",
    "five",
    "out",
    "all",
    "day",
    "couple",
    "years",
    "old",
    "year",
    "MUSD",
    "HK$10",
    "100元",
    "1e99",
    "\n",
    "  ",
    "€",
]


FIGURE_WORDS += [
    "tenfold", "times", "last", "this", "month", "earlier", "GMT", "4pm", "pp", "25pc",
    "10M.", "m.", "m", "aged", "Florida", "people", "Chelsea", "2-1", "5.25%-5.5",
    "quarter", "percentage", "point", "mile", "or", "three", "Q3", "H1",
    "previous", "current", "penultimate", "but", "before", "second", "\"", "could",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(FIGURE_WORDS), max_size=30),
    st.sampled_from([" ", "", "  "]),
    st.sampled_from([None, "2025-08-13", "XXXX-08-13", "2016-02-29"]),
)
def test_offsets_hold_on_figure_like_word_salad(words, separator, reference):
    doc = _shared_nlp().make_doc(separator.join(words))
    previous_end = 0
    for f in find_figures(doc, reference):
        assert doc.text[f.start : f.end] == f.text
        assert f.start >= previous_end
        previous_end = f.end


_NLP = None


def _shared_nlp():
    global _NLP
    if _NLP is None:
        _NLP = build_figure_nlp()
    return _NLP


# ------------------------------------------------------------- news copy, as written


def test_wire_copy_sentence(nlp):
    found = figures(
        nlp,
        "WASHINGTON, Jan 5 (Reuters) - The U.S. economy added 216,000 jobs in December, "
        "more than the 170,000 economists had expected, the Labor Department said on Friday.",
    )
    assert [(f.text, f.kind, f.value, f.qualifier) for f in found] == [
        ("Jan 5", "date", "XXXX-01-05", None),
        ("216,000", "count", 216_000, None),
        ("December", "date", "XXXX-12", None),
        ("170,000", "count", 170_000, None),  # "more than" compares, it does not hedge
        ("Friday", "date", "XXXX-WXX-5", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("the yield on 10-year Treasuries fell", [("10-year", "duration", "P10Y")]),
        ("it fell 5 basis points", [("5 basis points", "measure", 5)]),
        ("a magnitude 7.5 earthquake", [("7.5", "measure", 7.5)]),
        ("a man aged 34 was arrested", [("34", "measure", 34)]),
        ("the 2023-24 budget", [("2023-24", "date", "2023")]),
        (
            "Labour won 411 seats, the Conservatives 121",
            [("411", "count", 411), ("121", "count", 121)],
        ),
        ("United beat Chelsea 2-1 at home", [("2-1", "count", 2)]),
        ("rates of 5.25%-5.5%.", [("5.25%-5.5%", "percent", 5.25)]),
        (
            "rates rose by a quarter of a percentage point",
            [("a quarter of a percentage point", "percent", 0.25)],
        ),
        ("they walked half a mile", [("half a mile", "measure", 0.5)]),
        ("a third of an hour", [("a third of an hour", "duration", "PT0.3333H")]),
        ("Temperatures reached 45C in Seville", [("45C", "measure", 45)]),
        ("The bill passed 68-32 in the Senate", [("68-32", "count", 68)]),
        ("Shops open 24/7 sold 5G phones", []),
        ("the 9/11 attacks", [("9/11", "date", "XXXX-09-11")]),
        ("He sold Apollo 11 memorabilia at the Formula 1 race", []),
        ("In Florida 40 people died", [("40", "count", 40)]),
        ("Cases rose tenfold", [("tenfold", "ratio", 10)]),
        ("prices are 10 times higher", [("10 times", "ratio", 10)]),
        ("a 2-fold rise", [("2-fold", "ratio", 2)]),
        ("Only 40 people came", [("40", "count", 40)]),
        ("Mexico Expels 26 Cartel Members", [("26", "count", 26)]),
        ("The S&P 500 rose 1.2%", [("1.2%", "percent", 1.2)]),
        ("Call 0800 123 4567 now", []),
        ("a Boeing 737 carrying 171 passengers", [("171", "count", 171)]),
        ("in the 1990s", [("1990s", "date", "199X")]),
        ("one in five adults", [("one in five", "ratio", 0.2)]),
        ("7 out of 10 voters", [("7 out of 10", "ratio", 0.7)]),
        ("some 40 000 people", [("40 000", "count", 40_000)]),
    ],
)
def test_news_shapes(nlp, sentence, expected):
    found = figures(nlp, sentence)
    assert [(f.text, f.kind, f.value) for f in found] == expected


def test_tallies_are_one_figure(nlp):
    f = one(nlp, "The vote was 52-48.")
    assert (f.text, f.value, f.upper, f.qualifier) == ("52-48", 52, 48, "tally")


def test_a_sentence_period_is_never_part_of_a_date(nlp):
    found = figures(nlp, "He will serve until November. Talks resume on Friday.")
    assert [f.text for f in found] == ["November", "Friday"]


def test_over_a_period_is_not_a_hedge(nlp):
    assert one(nlp, "it allocates funds over four years").qualifier is None
    assert one(nlp, "it lasted for over four years").qualifier == "over"


def test_weekdays_and_relative_dates_resolve_against_the_reference(nlp):
    ref = "2016-11-07"  # a Monday
    assert one(nlp, "see you next Sunday", ref).value == "2016-11-20"
    assert one(nlp, "see you on Friday next week", ref).value == "2016-11-18"
    assert one(nlp, "the first Monday of September", "2025-08-13").value == "2025-09-01"
    assert one(nlp, "the day before yesterday", ref).value == "2016-11-05"
    assert one(nlp, "three weeks from now", ref).value == "2016-11-28"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("all day", "P1D"),
        ("another week", "P1W"),
        ("a couple of weeks", "P2W"),
        ("several days", "PXD"),
        ("half an hour", "PT0.5H"),
        ("an hour and a half", "PT1.5H"),
    ],
)
def test_durations_without_digits(nlp, text, value):
    f = one(nlp, f"They waited for {text} before leaving.")
    assert (f.kind, f.value) == ("duration", value)


def test_money_with_cents_and_finance_codes(nlp):
    assert one(nlp, "it cost thirteen dollars and forty-five cents").value == 13.45
    mio = one(nlp, "losses of 30 MUSD were reported")
    assert (mio.value, mio.unit) == (30_000_000, "USD")
    assert one(nlp, "priced at 100元 each").unit == "CNY"


def test_pathological_digit_runs_stay_safe(nlp):
    """Huge numerals, giant exponents and endless digit groups are not quantities."""
    text = "1" * 5000 + " 1e99 " + " ".join(["111"] * 50) + " " + "9," * 300 + " 12 per cent"
    doc = nlp(text)
    for f in doc._.figures:
        assert doc.text[f.start : f.end] == f.text
        if isinstance(f.value, int | float):
            assert abs(f.value) < 1e30
    assert doc._.figures[-1].kind == "percent"


def test_spaces_and_line_breaks(nlp):
    assert one(nlp, "fifty   two people").value == 52
    found = figures(nlp, "It rose 25\n\n30 people left")
    assert [f.value for f in found] == [25, 30], "a number never runs across a line break"


@pytest.mark.parametrize(
    ("sentence", "text", "kind", "value"),
    [
        ("Tens of thousands marched", "Tens of thousands", "count", 10_000),
        ("hundreds of people were detained", "hundreds", "count", 100),
        ("it cost millions of dollars", "millions of dollars", "money", 1_000_000),
        ("dozens of villages", "dozens", "count", 12),
    ],
)
def test_vague_quantities_are_lower_bounds(nlp, sentence, text, kind, value):
    f = one(nlp, sentence)
    assert (f.text, f.kind, f.value, f.qualifier) == (text, kind, value, "at least")


def test_plural_scales_without_of_are_words(nlp):
    assert figures(nlp, "scores were settled and the tens digit") == []


def test_day_of_a_relative_month(nlp):
    f = one(nlp, "We meet the 20th of next month.", "2016-11-07")
    assert (f.text, f.value) == ("the 20th of next month", "2016-12-20")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The fine was about €1.25m.", ("€1.25m", "money", 1_250_000, "EUR")),
        ("Everest is 611 m taller than K2.", ("611 m", "measure", 611, "metre")),
        ("Sales reached 10M.", ("10M", "count", 10_000_000, None)),
        ("Shares closed at 402p, valuing it at", ("402p", "money", 4.02, "GBP")),
        ("5m people voted", ("5m", "count", 5_000_000, None)),
        ("they built a 5m wall", ("5m", "measure", 5, "metre")),
    ],
)
def test_m_is_million_or_metre_by_context(nlp, sentence, expected):
    f = one(nlp, sentence)
    assert (f.text, f.kind, f.value, f.unit) == expected


@pytest.mark.parametrize(
    ("sentence", "text", "value", "qualifier"),
    [
        ("Prices rose last year.", "last year", "2024", None),
        ("It happened earlier this year.", "earlier this year", "2025", "earlier"),
        ("Talks resume next month.", "next month", "2025-09", None),
        ("It was signed last week.", "last week", "2025-W32", None),
    ],
)
def test_relative_periods_resolve_against_the_article_date(nlp, sentence, text, value, qualifier):
    f = one(nlp, sentence, "2025-08-13")
    assert (f.text, f.value, f.qualifier) == (text, value, qualifier)


def test_a_relative_week_with_a_weekday_is_that_day(nlp):
    f = one(nlp, "See you next week on Friday.", "2016-11-07")
    assert (f.text, f.value) == ("next week on Friday", "2016-11-18")


def test_relative_periods_need_a_reference_with_a_year(nlp):
    """A dateline without a year ("XXXX-08-13") cannot place "last year" on a calendar."""
    assert figures(nlp, "It happened earlier this year.", "XXXX-08-13") == []
    assert figures(nlp, "It happened earlier this year.") == []
    assert figures(nlp, "over the past year") == []


@pytest.mark.parametrize(
    ("sentence", "reference", "text", "value"),
    [
        ("Sales fell in Q3 2024 again", None, "Q3 2024", "2024-Q3"),
        # Written in August, a past-tense Q4 is last year's; a Q2 is this year's.
        ("Sales fell in Q4 again", "2025-08-13", "Q4", "2024-Q4"),
        ("Sales fell in Q2 again", "2025-08-13", "Q2", "2025-Q2"),
        ("Sales grow in Q4", "2025-08-13", "Q4", "2025-Q4"),
        ("Sales fell in H1 again", None, "H1", "XXXX-H1"),
    ],
)
def test_quarters_and_halves(nlp, sentence, reference, text, value):
    f = one(nlp, sentence, reference)
    assert (f.text, f.kind, f.value) == (text, "date", value)


def test_hydrogen_is_not_a_half_year(nlp):
    assert figures(nlp, "green H2 production rose") == []


def test_lexicon_tables_load_and_inflect():
    from core.extract.lexicon import currencies, identifier_words, phrasal_verbs, units

    verbs = phrasal_verbs()
    assert {"hand", "hands", "handed", "handing", "took", "taken", "carried"} <= verbs
    assert "over" not in verbs
    cur = currencies()
    assert cur["names"]["pesos"] == "MXN" and cur["symbols"]["€"] == "EUR"
    assert cur["codes"]["usd"] == "USD" and cur["minor_names"]["cents"] == "USD"
    assert units()["km"] == "kilometre"
    assert {"article", "boeing", "s&p"} <= identifier_words()


# ---------------------------------------------------------------- relative ordinals


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("Delete the last sentence.", "last", "end+0"),
        ("Give me the next item.", "next", "current+1"),
        ("Turn to the previous page.", "previous", "current-1"),
        ("Look at the current page.", "current", "current+0"),
        ("Show me the penultimate.", "penultimate", "end-1"),
        ("Show me the antepenultimate.", "antepenultimate", "end-2"),
        ("Show me the next one.", "next one", "current+1"),
        ("Show me the previous one.", "previous one", "current-1"),
        ("I meant the current one", "current one", "current+0"),
        ("Show me the last but one.", "the last but one", "end-1"),
        ("Show me the next to last.", "next to last", "end-1"),
        ("Show me the next-to-last item.", "next-to-last", "end-1"),
        ("Show me the one before the last one.", "the one before the last one", "end-1"),
        ("I meant the one before the last", "the one before the last", "end-1"),
        ("Show me the second to last.", "the second to last", "end-1"),
        ("Show me the third from last.", "the third from last", "end-2"),
        ("She finished second-to-last.", "second-to-last", "end-1"),
        ("They were the last to leave.", "last", "end+0"),
        ("The last of the hostages was freed.", "last", "end+0"),
        ("The next election is due.", "next", "current+1"),
        ("The current president spoke.", "current", "current+0"),
    ],
)
def test_relative_ordinals(nlp, sentence, text, value):
    (f,) = [f for f in figures(nlp, sentence) if f.kind == "ordinal"]
    assert (f.text, f.value, f.qualifier) == (text, value, "relative")


def test_relative_ordinals_beside_counts_and_quoted(nlp):
    found = figures(nlp, "I want the last two books.")
    assert [(f.text, f.kind, f.value) for f in found] == [
        ("last", "ordinal", "end+0"),
        ("two", "count", 2),
    ]
    found = figures(nlp, 'Do you mean "next" or "last"?')
    assert [f.value for f in found] == ["current+1", "end+0"]


def test_absolute_ordinals_stay_numbers(nlp):
    f = one(nlp, "She came third in the race.")
    assert (f.value, f.qualifier) == (3, None)


@pytest.mark.parametrize(
    "sentence",
    [
        "At last, the rain stopped.",
        "Last but not least, the mayor thanked volunteers.",
        "The deal was agreed at the last minute.",
        "a last-ditch attempt",
        "The ceasefire is unlikely to last.",
        "The strike could last until Christmas.",
        "It didn't last.",
        "Supplies last for weeks.",
        "He was last seen leaving his home.",
        "The company last raised its prices.",
        "What happens next is unclear.",
        "Next, the committee will vote.",
        "He is next in line to the throne.",
        "She sat next to the president.",
        "The hospital next door was evacuated.",
        "Swimmers were swept away by a strong current.",
        "The current account deficit widened.",
        "It happened last night.",
        "Elections are due next year.",
        "See you next week.",
        "It rained over the previous decade.",
        "Shares rose in the last few weeks.",
        "the penultimate day of the summit",
        "the next one hundred days",
    ],
)
def test_not_relative_ordinals(nlp, sentence):
    assert [f for f in figures(nlp, sentence) if f.qualifier == "relative"] == []


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("Prices rose last year.", "last year", "2024"),
        ("Talks resume next month.", "next month", "2025-09"),
        ("see you next Sunday", "next Sunday", "2025-08-24"),
        ("It was the last Sunday of May.", "the last Sunday of May", "2025-05-25"),
    ],
)
def test_dates_win_over_relative_ordinals(nlp, sentence, text, value):
    f = one(nlp, sentence, "2025-08-13")
    assert (f.text, f.kind, f.value) == (text, "date", value)


def test_relative_ordinals_never_become_claims_or_key_figures():
    from core.extract import extract_claims, figures_in_span
    from core.ingest import article_from_text

    text = (
        "The next election must be held by 2029. In his last interview, the current "
        "minister said 26 people were arrested. The penultimate round was cancelled."
    )
    article = article_from_text(text)
    doc = _shared_nlp()(text)
    assert sum(f.qualifier == "relative" for f in doc._.figures) == 4
    claims = extract_claims(article)
    assert [c.figures[0].text for c in claims] == ["2029", "26"]
    for claim in claims:
        assert all(f.qualifier != "relative" for f in claim.figures)
    assert [f.text for f in figures_in_span(article, 0, len(text))] == ["2029", "26"]
