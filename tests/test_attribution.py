"""Who made the claim: ``claimant`` on figures and quotations, and the attribution bench.

The labelled set (tests/data/attribution.jsonl) is scored by bench/attribution.py; a test
here runs that script's ``main`` so a regression in precision or recall fails the suite. The cases
below are further sentences, one or more per family of attribution.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import spacy

from core.claimants import claimant_kind
from core.extract import extract_claims
from core.ingest import article_from_text

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench" / "attribution.py"


def _claimants(text: str, model: str | None = None) -> dict[str, str | None]:
    article = article_from_text(text, source="attribution-test")
    out = {}
    for claim in extract_claims(article, model=model):
        key = "quote" if claim.type == "quote" else claim.figures[0].text
        out[key] = claim.claimant
    return out


def test_reference_article(seed_text):
    claims = extract_claims(article_from_text(seed_text, source="seed"))
    by_figure = {(c.figures[0].text if c.figures else "quote", c.start): c.claimant for c in claims}
    named = {k[0]: v for k, v in by_figure.items() if v is not None}
    assert named == {"26": "Al Jazeera", "quote": "Trump"}  # every other figure: the article's
    assert len(by_figure) == 10


@pytest.mark.parametrize(
    ("text", "figure", "claimant"),
    [
        # according to X
        ("Earnings rose 12 per cent, according to Moody's.", "12 per cent", "Moody's"),
        (
            "According to the latest census, the city has 2.1 million residents.",
            "2.1 million",
            None,
        ),
        # X said (that), with titles and descriptions
        (
            "The prime minister's office said 300 officers had been injured.",
            "300",
            "the prime minister's office",
        ),
        (
            "Russia's defence ministry said its forces had destroyed 45 drones.",
            "45",
            "Russia's defence ministry",
        ),
        (
            "A government spokesman said 150 homes had been evacuated.",
            "150",
            "a government spokesman",
        ),
        ("Chief Justice Ana Silva said 2,000 cases were pending.", "2,000", "Ana Silva"),
        # …, X said / reported / put the number at
        (
            "At least 20 people were killed, Reuters reported, citing local officials.",
            "20",
            "Reuters",
        ),
        (
            "The minister said 40 schools had closed, but critics put the number at 60.",
            "60",
            "critics",
        ),
        (
            "The minister said 40 schools had closed, but critics put the number at 60.",
            "40",
            "the minister",
        ),
        # said X
        (
            "Costs doubled to $8 million, said Priya Nair, the project's director.",
            "$8 million",
            "Priya Nair",
        ),
        # a document's author, or nobody
        (
            "Investors pulled $3 billion from the fund, data from Morningstar showed.",
            "$3 billion",
            "Morningstar",
        ),
        ("Wages rose 6 per cent, official statistics show.", "6 per cent", None),
        # appositions and relative clauses
        (
            "The company's finance chief, Sarah Lee, told analysts margins would reach 20 per "
            "cent.",
            "20 per cent",
            "Sarah Lee",
        ),
        (
            "The group, which says it has 40,000 members, was founded in 1990.",
            "40,000",
            "the group",
        ),
        ("The group, which says it has 40,000 members, was founded in 1990.", "1990", None),
        # pronouns within the paragraph, and surnames in full
        (
            "Narendra Modi spoke in Delhi. Mr Modi said India would cut emissions by 45 per "
            "cent. He added that 500 new plants would be built.",
            "500",
            "Narendra Modi",
        ),
        (
            "The Bank of Japan held rates on Tuesday. It said prices would rise 2 per cent.",
            "2 per cent",
            "Bank of Japan",
        ),
        # findings: researchers' and bodies', not an event's witnesses
        (
            "Scientists at Oxford University found the vaccine was 70 per cent effective.",
            "70 per cent",
            "scientists at Oxford University",
        ),
        ("Police found 40 bodies in the house.", "40", None),
        (
            "Two people were killed when the bridge collapsed, local media reported.",
            "Two",
            "local media",
        ),
        # hearsay with nobody behind it, and the article itself
        ("Some 5,000 people are believed to have died.", "5,000", None),
        ("It is estimated that 3 million people live below the poverty line.", "3 million", None),
        ("As we reported on Monday, the city will cut 700 jobs.", "700", None),
    ],
)
def test_families(text, figure, claimant):
    assert _claimants(text)[figure] == claimant


def test_a_quotation_takes_the_speaker_of_a_pronoun_in_its_paragraph():
    text = (
        "Health Secretary Wes Streeting visited the hospital on Friday.\n"
        "“Waiting lists have fallen by 200,000 this year,” he said."
    )
    # He is in a paragraph of his own: the paragraph before names the speaker.
    assert _claimants(text)["quote"] == "Wes Streeting"


def test_a_pronoun_finds_no_one_when_its_paragraph_names_someone_else_unfit():
    text = "The Senate passed the bill. “It will cost 40 per cent more,” she said."
    assert _claimants(text)["quote"] is None


def test_a_quotation_without_a_cue_takes_the_previous_speaker_of_its_paragraph():
    text = "“We will win this fight,” Sheinbaum said. “We have already sent 10,000 soldiers north.”"
    assert _claimants(text)["quote"] == "Sheinbaum"


def test_a_trained_pipelines_entities_name_claimants(tmp_path):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Juan Perez"},
            {"label": "GPE", "pattern": "Paris"},
            {"label": "PERSON", "pattern": "deGrasse Tyson"},
        ]
    )
    nlp.add_pipe("sentencizer")
    model = tmp_path / "pipeline"
    nlp.to_disk(model)
    text = (
        "Paris hosted Juan Perez on Monday. He said 40 people had died.\n"
        "Attendance rose 12 per cent, according to deGrasse Tyson."
    )
    rules = _claimants(text)
    assert (rules["40"], rules["12 per cent"]) == ("Paris", "Tyson")  # what capitals suggest
    trained = _claimants(text, model=str(model))
    assert (trained["40"], trained["12 per cent"]) == ("Juan Perez", "deGrasse Tyson")


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Al Jazeera", "Organization"),
        ("Reuters", "Organization"),
        ("the health ministry", "Organization"),
        ("Ministry of Defence", "Organization"),
        ("ONS", "Organization"),
        ("Mexico", "Organization"),
        ("the US military", "Organization"),
        ("Trump", "Person"),
        ("Donald Trump", "Person"),
        ("the minister", "Person"),
        ("US officials", "Person"),
        ("analysts at Goldman Sachs", "Person"),
    ],
)
def test_person_or_organisation(name, kind):
    assert claimant_kind(name) == kind


def test_attribution_bench_meets_its_targets(capsys):
    """The bench as ``python bench/attribution.py`` runs it, in this process: the same
    extraction and scoring, without starting spaCy a second time."""
    spec = importlib.util.spec_from_file_location("attribution_bench", BENCH)
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    assert bench.main([]) == 0
    stdout = capsys.readouterr().out
    figures = dict(line.split(": ", 1) for line in stdout.splitlines() if line.count(": ") == 1)
    for split in ("all", "holdout"):
        assert float(figures[f"{split}_precision"]) >= 0.85, stdout
        assert float(figures[f"{split}_recall"]) >= 0.80, stdout
    rows = (ROOT / "tests" / "data" / "attribution.jsonl").read_text(encoding="utf-8")
    assert len(rows.splitlines()) >= 100
