"""Small hand-built articles and claims for desk tests.

Built by hand rather than by the extractor so that desk tests say exactly which claims
exist and do not depend on extraction rules (those have their own tests).
"""

from __future__ import annotations

from core.model import Article, Claim, Figure, short_hash

TEXT_V1 = (
    "Mexico handed over 26 cartel figures to the United States in February. "
    "Tariffs of 25 per cent were imposed on steel. "
    "The exemption was extended by 90 days."
)

TEXT_V2 = (
    "Officials met on Thursday. "
    "Mexico handed over 27 cartel figures to the United States in February. "
    "Tariffs of 25 per cent were imposed on steel. "
    "A new levy of 50 per cent applies to aluminium."
)


def article(
    text: str = TEXT_V1, article_id: str = "art000000001", title: str = "Extraditions"
) -> Article:
    return Article(id=article_id, title=title, source=f"/news/{article_id}.txt", text=text)


def claim_at(art: Article, sentence_start: str, figure: str, kind: str, value, unit=None) -> Claim:
    """The claim whose sentence starts with ``sentence_start``, keyed on ``figure``."""
    start = art.text.index(sentence_start)
    end = art.text.index(".", start) + 1
    fstart = art.text.index(figure, start)
    fig = Figure(figure, fstart, fstart + len(figure), kind, value, unit)
    return Claim(
        id=short_hash(art.id, art.text[start:end].replace(figure, "#")),
        article_id=art.id,
        statement=art.text[start:end],
        start=start,
        end=end,
        figures=[fig],
        checkworthiness=0.8,
    )


def claims_v1(art: Article) -> list[Claim]:
    return [
        claim_at(art, "Mexico handed", "26", "count", 26),
        claim_at(art, "Tariffs of", "25 per cent", "percent", 25),
        claim_at(art, "The exemption", "90 days", "duration", "P90D"),
    ]


def claims_v2(art: Article) -> list[Claim]:
    return [
        claim_at(art, "Mexico handed", "27", "count", 27),
        claim_at(art, "Tariffs of", "25 per cent", "percent", 25),
        claim_at(art, "A new levy", "50 per cent", "percent", 50),
    ]


SHORT_SENTENCE = "In district {i} the council counted {n} households on the register."


def many_claims(
    art_index: int, count: int, sentence: str = SHORT_SENTENCE
) -> tuple[Article, list[Claim]]:
    """An article of ``count`` numbered sentences, one claim each (for large desks).

    ``sentence`` is a template with ``{a}`` (the article index), ``{i}`` (the sentence
    index) and ``{n}`` (the sentence's figure, ``1000 + i``); the store benchmark passes
    one of news length.
    """
    sentences = [sentence.format(a=art_index, i=i, n=1000 + i) for i in range(count)]
    text = " ".join(sentences)
    art = Article(
        id=short_hash("bench", str(art_index)),
        title=f"Article {art_index}",
        source=f"/bench/{art_index}.txt",
        text=text,
    )
    claims = []
    pos = 0
    for i, sentence in enumerate(sentences):
        start = text.index(sentence, pos)
        pos = start + len(sentence)
        figure = str(1000 + i)
        fstart = text.index(figure, start)
        claims.append(
            Claim(
                id=short_hash(art.id, str(i)),
                article_id=art.id,
                statement=sentence,
                start=start,
                end=pos,
                figures=[Figure(figure, fstart, fstart + len(figure), "count", 1000 + i)],
                checkworthiness=0.7,
            )
        )
    return art, claims
