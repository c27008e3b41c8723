"""The labelled known-check set and synthetic feeds, for tests and bench/checks.py.

``tests/data/checks/labelled_*.txt`` are hand-written: each block is a published check
(claim, headline, publisher, rating, claimant, date), the queries that must find it
(paraphrases without a shared figure, social-media posts with handles, links, hashtags
and emoji) and hard negatives (checks sharing words but not the claim, added to the pool).
``distractors.json`` holds generated checks on the same topics, so the right check has to
be found among thousands that share its vocabulary.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "checks"
RATINGS = {"false": 1, "pants on fire": 1, "fake": 1, "altered": 1, "satire": 1, "incorrect": 1}


@dataclass
class Pair:
    query: str
    url: str
    kind: str  # "post" (handles, links, hashtags, emoji) or "paraphrase"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def claimreview(
    url: str, claim: str, name: str, publisher: str, rating: str, claimant: str, date: str
) -> dict[str, Any]:
    value = RATINGS.get(rating.lower(), 5 if rating.lower() in ("correct", "true") else 3)
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": claim,
        "name": name,
        "datePublished": date,
        "author": {"@type": "Organization", "name": publisher},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": rating,
        },
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": claimant}},
    }


def labelled() -> tuple[list[dict[str, Any]], list[Pair]]:
    """(checks, query pairs) of the hand-written set; hard negatives are among the checks."""
    checks: list[dict[str, Any]] = []
    pairs: list[Pair] = []
    for path in sorted(DATA.glob("labelled_*.txt")):
        head: list[str] = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("## "):
                head = [p.strip() for p in line[3:].split("|")]
                claim = name = ""
            elif line.startswith("C: "):
                claim = line[3:].strip()
            elif line.startswith("N: "):
                name = line[3:].strip()
                publisher, rating, claimant, date = head
                url = f"https://{_slug(publisher)}.example/{date[:4]}/{_slug(name)}"
                checks.append(claimreview(url, claim, name, publisher, rating, claimant, date))
            elif line.startswith("Q: "):
                query = line[3:].strip()
                kind = (
                    "post"
                    if re.search(r"[@#]|https?://|\.com/|[^\x00-\u2000]", query)
                    else "paraphrase"
                )
                pairs.append(Pair(query, checks[-1]["url"], kind))
            elif line.startswith("X: "):
                claim_x, _, name_x = (p.strip() for p in line[3:].partition("||"))
                publisher, rating, claimant, date = head
                url = f"https://{_slug(publisher)}.example/{date[:4]}/{_slug(name_x)}-x"
                checks.append(
                    claimreview(url, claim_x, name_x, publisher, "Misleading", claimant, date)
                )
    return checks, pairs


def _list(text: str) -> list[str]:
    return [item.strip() for item in text.replace("\n", "").split("|")]


PEOPLE = _list(
    """Joe Biden|Donald Trump|Kamala Harris|Barack Obama|Hillary Clinton|Rishi Sunak|
    Keir Starmer|Boris Johnson|Emmanuel Macron|Justin Trudeau|Vladimir Putin|
    Volodymyr Zelensky|Elon Musk|Bill Gates|Taylor Swift|Greta Thunberg|Anthony Fauci|
    Nancy Pelosi|Ron DeSantis|Nigel Farage|Narendra Modi|Xi Jinping|Benjamin Netanyahu|
    Olaf Scholz|Giorgia Meloni|Claudia Sheinbaum|Javier Milei|Lula da Silva|King Charles|
    Prince Harry|Oprah Winfrey|Mark Zuckerberg|Jeff Bezos|Cristiano Ronaldo|Lionel Messi|
    Pope Francis|Sadiq Khan|Alexandria Ocasio-Cortez|Bernie Sanders|JD Vance|Tim Walz|
    Nikki Haley|Gavin Newsom"""
)
PLACES = _list(
    """Texas|Florida|California|Ohio|London|Paris|Berlin|Mexico City|Kyiv|Moscow|Gaza|
    New York|Chicago|Scotland|Wales|Ireland|Canada|Australia|India|Brazil|Nigeria|Kenya|
    Japan|China|Germany|France|Italy|Spain|Sweden|Norway|the Netherlands|Poland|Turkey|
    Israel|Iran|South Africa|Argentina|Venezuela|Hawaii|Alaska|Arizona|Georgia|
    Pennsylvania|Michigan"""
)
THINGS = _list(
    """the COVID-19 vaccine|5G masts|face masks|fluoride|electric cars|wind turbines|
    solar panels|smart meters|the flu shot|ivermectin|hydroxychloroquine|vitamin D|garlic|
    lemon water|baking soda|chemtrails|microwaves|mobile phones|GMO crops|raw milk|
    seed oils|artificial sweeteners|energy drinks|vaping|cannabis|paracetamol|aspirin|
    the HPV vaccine|the measles vaccine|tap water|plastic bottles|heat pumps|gas stoves|
    lab-grown meat|insect flour"""
)
ILLS = _list(
    """cancer|autism|infertility|heart attacks|strokes|dementia|diabetes|asthma|blindness|
    depression|miscarriages|blood clots|sudden death|COVID-19|the flu|monkeypox|
    Alzheimer's"""
)
ORGS = _list(
    """the WHO|the CDC|the FDA|the UN|the EU|NATO|the NHS|the IMF|the World Bank|
    the Pentagon|the FBI|the IRS|FEMA|the BBC|Pfizer|Moderna|Tesla|Amazon|Google|Meta|
    Microsoft|Walmart|Disney|McDonald's|Coca-Cola|the Bank of England|the Federal Reserve"""
)
ACTS = _list("banned|legalised|made compulsory|approved|withdrawn|recalled|taxed|subsidised")
CRIMES = _list(
    """fraud|treason|tax evasion|child trafficking|money laundering|insider trading|
    election fraud|war crimes|bribery|drug smuggling"""
)
STATS = _list(
    """unemployment|inflation|violent crime|knife crime|homelessness|immigration|
    house prices|petrol prices|energy bills|food prices|the birth rate|life expectancy|
    wages|child poverty|hospital waiting lists|teen suicides|obesity|gun deaths"""
)
TEMPLATES = (
    ("{p} said {thing} causes {ill}.", "Did {p} say {thing} causes {ill}?"),
    ("{thing} cures {ill}, according to doctors in {place}.", "No, {thing} does not cure {ill}"),
    ("{org} admitted that {thing} causes {ill}.", "{org} made no such admission about {thing}"),
    ("{place} has {act} {thing}.", "Has {place} {act} {thing}?"),
    ("{p} was arrested for {crime} in {place}.", "Fact Check: {p} was NOT arrested for {crime}"),
    ("Photo shows {p} at a secret meeting with {p2} in {place}.", "Doctored photo of {p} and {p2}"),
    ("Video shows {p} collapsing during a speech in {place}.", "Video of {p} collapsing is edited"),
    (
        "{stat} in {place} rose by {n} percent last year.",
        "{stat} in {place}: what the figures show",
    ),
    (
        "{stat} in {place} is at its highest level in {n} years.",
        "Is {stat} in {place} at a {n}-year high?",
    ),
    ("{p} said {stat} has fallen by {n} percent since {year}.", "{p}'s claim on {stat} checked"),
    (
        "{org} will pay every household in {place} {n} dollars.",
        "No, {org} is not paying households {n} dollars",
    ),
    (
        "{n} people died after taking {thing} in {place}.",
        "Deaths blamed on {thing} in {place} not confirmed",
    ),
    ("{p} wants to ban {thing} by {year}.", "{p} has not proposed banning {thing}"),
    ("{org} is secretly funded by {p}.", "Is {org} funded by {p}?"),
    ("{p} owns {n} percent of {org}.", "{p} does not own a stake in {org}"),
    (
        "Immigrants in {place} receive {n} pounds a week in benefits.",
        "Migrant benefit claim in {place} is wrong",
    ),
    ("{p} said {place} will leave {org} by {year}.", "{place} is not leaving {org}"),
    (
        "The election in {place} was rigged with {n} thousand fake ballots.",
        "No evidence of fake ballots in {place}",
    ),
)


def _fill(rng: random.Random, template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def synthetic(count: int, seed: int = 7, host: str = "checks.example") -> list[dict[str, Any]]:
    """``count`` realistic-looking ClaimReview records on the labelled set's topics."""
    rng = random.Random(seed)
    publishers = _list(
        "PolitiFact|Snopes|Full Fact|AFP Fact Check|Reuters Fact Check|FactCheck.org|"
        "Lead Stories|Maldita|Africa Check|Correctiv"
    )
    ratings = ["False", "Misleading", "Mostly false", "True", "Half true", "Unproven", "Fake"]
    out = []
    for i in range(count):
        claim_t, name_t = TEMPLATES[rng.randrange(len(TEMPLATES))]
        slots = {
            "p": rng.choice(PEOPLE), "p2": rng.choice(PEOPLE), "place": rng.choice(PLACES),
            "thing": rng.choice(THINGS), "ill": rng.choice(ILLS), "org": rng.choice(ORGS),
            "act": rng.choice(ACTS), "crime": rng.choice(CRIMES), "stat": rng.choice(STATS),
            "n": str(rng.choice([2, 3, 5, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100, 300, 1000])),
            "year": str(rng.randrange(1990, 2031)),
        }  # fmt: skip
        publisher = rng.choice(publishers)
        year = rng.randrange(2016, 2026)
        date = f"{year}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        out.append(
            claimreview(
                f"https://{host}/{_slug(publisher)}/{i}",
                _fill(rng, claim_t, slots),
                _fill(rng, name_t, slots),
                publisher,
                rng.choice(ratings),
                rng.choice(["Facebook post", "Tweet", "TikTok video", *PEOPLE]),
                date,
            )
        )
    return out


def distractors() -> list[dict[str, Any]]:
    return json.loads((DATA / "distractors.json").read_text(encoding="utf-8"))


def write_distractors(count: int = 3000) -> None:
    rows = synthetic(count, seed=12, host="archive.example")
    lines = ",\n".join(json.dumps(r, ensure_ascii=False) for r in rows)
    (DATA / "distractors.json").write_text(f"[\n{lines}\n]\n", encoding="utf-8")


if __name__ == "__main__":  # regenerate tests/data/checks/distractors.json
    write_distractors()
