"""Workbench test harness: a temporary desk holding the seed article, a fixed reviewer,
a frozen clock, and a helper that starts the real app on it.

Extraction runs once per session (spaCy is slow to load); each test imports the result
into its own fresh desk through ``core.review``, exactly as ``claimdesk open`` does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from core.model import Article, Claim

FROZEN_NOW = "2026-01-02T03:04:05+00:00"
SEED_SOURCE = "seeds/mexico-extraditions-tariffs.txt"


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio (the anyio pytest plugin drives them)."""
    return "asyncio"


@pytest.fixture(scope="session")
def seed_extraction() -> tuple[Article, list[Claim]]:
    """The seed article read from a fixed, relative source (so ids and the article list
    look the same on every machine) and its extracted claims."""
    from core.extract import extract_claims
    from core.ingest import article_from_text

    root = Path(__file__).resolve().parents[2]
    text = (root / SEED_SOURCE).read_text(encoding="utf-8")
    article = article_from_text(text, source=SEED_SOURCE)
    return article, extract_claims(article)


@pytest.fixture(scope="session")
def gdp_extraction() -> tuple[Article, list[Claim]]:
    """A second article (a GDP story, ``tests.test_claimquery.GDP``) and its extracted
    claims, for the tests of what spans articles; import copies (``fresh``)."""
    from core.extract import extract_claims
    from core.ingest import article_from_text
    from tests.test_claimquery import GDP

    article = article_from_text(GDP, source="gdp.txt")
    return article, extract_claims(article)


@pytest.fixture
def frozen_clock(monkeypatch) -> str:
    """Every timestamp the desk writes is the same, so screens showing history are stable."""
    import core.importing
    import core.ingest
    import core.review

    for module in (core.review, core.ingest, core.importing):
        monkeypatch.setattr(module, "now_iso", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def desk(tmp_path) -> Iterator:
    from core.desk import Desk

    opened = Desk.open(tmp_path / "desk.json")
    try:
        yield opened
    finally:
        opened.close()


def fresh(obj):
    """A deep copy through the JSON form: each test gets claims of its own."""
    return type(obj).from_dict(obj.to_dict())


@pytest.fixture
def seeded_desk(desk, seed_extraction, frozen_clock):
    """A desk with the seed article imported (all claims unreviewed)."""
    from core.review import Review

    article, claims = seed_extraction
    Review(desk, "tester").import_article(fresh(article), [fresh(c) for c in claims])
    return desk


@pytest.fixture
def pinned_desk(desk, frozen_clock):
    """A desk with the seed and the claims pinned in ``data/seed_claims.json``.

    Snapshots pin what the reviewer sees, not what the extractor finds today: they use
    this fixed set of claims so an extraction improvement does not redraw every picture.
    """
    import json

    from core.review import Review

    data = json.loads((Path(__file__).parent / "data" / "seed_claims.json").read_text("utf-8"))
    article = Article.from_dict(data["article"])
    claims = [Claim.from_dict(c) for c in data["claims"]]
    Review(desk, "tester").import_article(article, claims)
    return desk


@pytest.fixture
def pinned_article(pinned_desk) -> Article:
    return pinned_desk.articles()[0]


@pytest.fixture
def seed_article(seeded_desk, seed_extraction) -> Article:
    return seeded_desk.article(seed_extraction[0].id)


@pytest.fixture(autouse=True)
def zero_delays(monkeypatch) -> None:
    """The app's "after the first paint" delays are zero under test, so a test waits for
    the work (``settle``), never for a clock."""
    import tui.app
    import tui.screens.review
    import tui.screens.review_checks

    monkeypatch.setattr(tui.screens.review, "SEEN_BEFORE_DELAY", 0)
    monkeypatch.setattr(tui.screens.review_checks, "CHECKS_DELAY", 0)
    monkeypatch.setattr(tui.app, "RECHECK_DELAY", 0)


def _noting(app):
    """The real workbench, also keeping the text of every notification it shows (in
    ``app.notified``; screens and widgets notify through the app)."""
    app.notified = []
    show = app.notify

    def notify(message, *args, **kwargs) -> None:
        app.notified.append(str(message))
        show(message, *args, **kwargs)

    app.notify = notify
    return app


def _make_app(desk, articles=(), reviewer: str = "tester", recheck=()):
    from tui import heap
    from tui.app import ClaimdeskApp

    heap.hold()  # as ``tui.launch`` does: no collection until the first screen is drawn
    return _noting(ClaimdeskApp(desk, reviewer, list(articles), recheck=list(recheck)))


@pytest.fixture(autouse=True)
def collector_back() -> Iterator[None]:
    """The app gives the collector back when it closes; one made but never run (or that
    never drew its first screen) gives it back here."""
    yield
    from tui import heap

    heap.release()


def _claim_with_figure(desk, article_id: str, figure_text: str) -> Claim:
    """The claim whose key figure reads ``figure_text`` (the seed has each once)."""
    for claim in desk.claims(article_id):
        if claim.key_figure is not None and claim.key_figure.text == figure_text:
            return claim
    raise AssertionError(f"no claim with key figure {figure_text!r}")


@pytest.fixture
def make_app():
    """``make_app(desk, articles)``: the real workbench on ``desk`` as reviewer "tester"
    (``recheck``: files to read again, as ``claimdesk open`` passes them)."""
    return _make_app


@pytest.fixture
def claim_with_figure():
    """``claim_with_figure(desk, article_id, "26")``: find a claim by its key figure."""
    return _claim_with_figure


@pytest.fixture
def on_seed(seeded_desk, seed_article):
    """``async with on_seed("29") as (app, pilot, claim):`` the real workbench on the seed
    article, its cursor on the claim keyed on "29" and every worker that started done (the
    detail's panes look the claim up in workers); ``on_seed()``: where it opens, ``claim``
    None."""
    from tests.tui.pilot_helpers import SIZE, go_to_claim, settle

    @asynccontextmanager
    async def start(figure: str | None = None):
        app = _make_app(seeded_desk, [seed_article])
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            claim = None
            if figure is not None:
                claim = await go_to_claim(pilot, seeded_desk, seed_article.id, figure)
                await settle(pilot)
            yield app, pilot, claim

    return start


@pytest.fixture(autouse=True, scope="session")
def css_parsed_once() -> Iterator[None]:
    """Every app of the run parses the same stylesheets (Textual's widgets' and ours):
    about a tenth of what starting one costs. Each source is parsed once per run and per
    set of theme variables (what parsing substitutes); later apps take those rules, as
    Textual's own cache hands them to later parses within one app."""
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet._parse_rules
    parsed: dict[tuple, list] = {}

    def parse_once(self, css, read_from, is_default_rules=False, tie_breaker=0, scope=""):
        variables = self.__dict__.get("_variables_key")
        if variables is None or variables[0] is not self._variables:
            variables = (self._variables, frozenset(self._variables.items()))
            self.__dict__["_variables_key"] = variables
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables[1])
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = parse(self, css, read_from, is_default_rules, tie_breaker, scope)
        return rules

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Stylesheet, "_parse_rules", parse_once)
        yield


@pytest.fixture(autouse=True)
def quick_idle_checks(monkeypatch) -> None:
    """Pilot waits after every key until the app's CPU time stops moving, sampling it in
    steps of 20 ms: typing a query of thirty keys sat idle for more than a second. Steps of
    5 ms (and the same "idle" ratio of a twentieth) wait for the same condition."""
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", 0.005 / 20)


@pytest.fixture
def team_desk(pg_url, seed_extraction, frozen_clock):
    """A team desk holding the seed article, as the workbench's team tests start it."""
    from core.desk import open_desk
    from core.review import Review

    desk = open_desk(pg_url)
    article, claims = seed_extraction
    Review(desk, "tester").import_article(fresh(article), [fresh(c) for c in claims])
    try:
        yield desk
    finally:
        desk.close()
