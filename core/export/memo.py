"""Markdown corrections memo: per article, what was checked and what was wrong.

Meant to be pasted into a CMS, so everything that came from an article or a reviewer is
escaped: the seed itself says ``Mexico City [Mexico]``, and an unescaped ``[``, ``*``,
``_``, ``|`` or backtick would turn a quotation into a link, emphasis, a table or code.
Only http(s) and mailto sources become links; anything else (``javascript:``, a file
name) is shown as text.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlparse

from core.export.selection import Selection, Ticker, articles_in_scope, iter_selected_claims
from core.model import Article, Claim, Status
from core.safetext import printable

if TYPE_CHECKING:
    from core.desk.api import DeskBackend

LABELS = {
    Status.VERIFIED.value: "Verified",
    Status.CORRECTED.value: "Corrected",
    Status.FALSE.value: "False",
    Status.INCONCLUSIVE.value: "Inconclusive",
    Status.NEEDS_SOURCE.value: "Needs source",
    Status.UNREVIEWED.value: "Unreviewed",
    Status.DISMISSED.value: "Dismissed",
    Status.REMOVED.value: "Removed",
}

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that
# change rendering inside a line (& would start an entity, < raw HTML or an autolink).
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&#])")
# At the start of a block these begin a heading, list, quote, rule or setext underline.
_BLOCK_START = re.compile(r"^(\s*)([-+=>]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """``text`` on one line, rendering literally wherever it is placed in a line.

    Control and bidi characters are shown as their escapes (``core.safetext``), whose
    backslash is then escaped like any other: the memo reads ``\\u202e`` where one was.
    """
    flat = " ".join(printable(text, keep="\n\t").split())
    return _INLINE_SPECIAL.sub(r"\\\1", flat)


def md_block(text: str) -> str:
    """Like :func:`md_escape`, safe also at the start of a line or a blockquote."""
    return _escape_lead(md_escape(text))


def _escape_lead(escaped: str) -> str:
    """Escape a block marker at the start of already-escaped text (links are left alone)."""
    match = _BLOCK_START.match(escaped)
    if not match:
        return escaped
    lead, marker = match.group(1), match.group(2)
    if marker[0].isdigit():
        # "1985. The year" must not become an ordered list: escape the "."/")".
        rest = escaped[len(lead) + len(marker) :]
        return f"{lead}{marker}\\{rest}"
    return f"{lead}\\{escaped[len(lead) :]}"


def md_url(url: str) -> str | None:
    """A link destination, or ``None`` when ``url`` must not become a link."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https", "mailto") or printable(url) != url:
        return None
    if parsed.scheme != "mailto" and not parsed.netloc:
        return None
    for char, code in ((" ", "%20"), ("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E")):
        url = url.replace(char, code)
    return url


def md_link(title: str, url: str) -> str:
    dest = md_url(url)
    label = md_escape(title or url)
    return f"[{label}]({dest})" if dest else label


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_ISO_DATE = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2})(?:-(\d{2}))?)?$")


def human_date(iso: str) -> str:
    """``2025-08-13`` → ``13 August 2025``; ``XXXX-08-13`` → ``13 August (year not stated)``.

    The desk keeps TIMEX-style partial dates; a memo is read by people.
    """
    match = _ISO_DATE.match(iso)
    if not match:
        return iso
    year, month, day = match.groups()
    if month is None or not 1 <= int(month) <= 12:
        return iso if year == "XXXX" else year
    words = [str(int(day))] if day else []
    words.append(_MONTHS[int(month) - 1])
    words.append("(year not stated)" if year == "XXXX" else year)
    return " ".join(words)


def write_markdown(desk: DeskBackend, out: TextIO, selection: Selection, ticker: Ticker) -> int:
    """One section per article that has claims in the selection, in desk order."""
    seen: set[str] = set()
    first = True
    for article in articles_in_scope(desk, selection):
        if article.id in seen:
            continue  # older versions: the memo speaks of the current text
        seen.add(article.id)
        if selection.all_versions:
            article = desk.article(article.id)
        per_article = Selection(
            statuses=selection.statuses,
            article_ids=(article.id,),
            since=selection.since,
            all_versions=selection.all_versions,
        )
        # One article's claims at a time: the counts come before the claims.
        claims = list(iter_selected_claims(desk, per_article))
        if not claims:
            continue
        if not first:
            out.write("\n---\n\n")
        first = False
        write_article_memo(out, article, claims)
        for _ in claims:
            ticker.tick()
    if first:
        out.write("_No claims match this export._\n")
    return ticker.done


def write_article_memo(out: TextIO, article: Article, claims: list[Claim]) -> None:
    out.write(f"# Corrections memo: {md_escape(article.title or article.source)}\n\n")
    source = md_link(article.source, article.source) if md_url(article.source) else None
    out.write(f"- **Source:** {source or md_escape(article.source)}\n")
    dateline = ", ".join(
        part for part in (article.place, human_date(article.date) if article.date else "") if part
    )
    if dateline:
        out.write(f"- **Dateline:** {md_escape(dateline)}\n")
    out.write(f"- **Article id:** {md_escape(article.id)}\n")
    counts = Counter(c.status for c in claims)
    summary = ", ".join(
        f"{counts[status]} {LABELS[status].lower()}" for status in LABELS if counts[status]
    )
    out.write(f"- **Claims:** {len(claims)} ({summary})\n")
    for number, claim in enumerate(claims, 1):
        out.write("\n")
        write_claim(out, number, claim)


def write_claim(out: TextIO, number: int, claim: Claim) -> None:
    label = LABELS.get(claim.status, claim.status)
    figure = claim.key_figure
    about = f" — {md_escape(figure.text)}" if figure else ""
    out.write(f"## {number}. {label}{about}\n\n")
    out.write(f"> {md_block(claim.statement)}\n")
    if claim.claimant:
        out.write(f"\n**Claimant:** {md_escape(claim.claimant)}\n")
    corr = claim.correction
    if corr and (corr.value or corr.statement or corr.note):
        out.write("\n**Correction:**")
        if corr.value:
            out.write(f" {md_escape(corr.value)}")
        if corr.statement:
            out.write(f"{' —' if corr.value else ''} {md_escape(corr.statement)}")
        if corr.note:
            out.write(f" ({md_escape(corr.note)})")
        out.write("\n")
    if claim.sources:
        out.write("\n**Sources:**\n\n")
        for src in claim.sources:
            extra = f" — {md_escape(src.note)}" if src.note else ""
            accessed = f" (accessed {md_escape(src.accessed)})" if src.accessed else ""
            out.write(f"- {_escape_lead(md_link(src.title, src.url))}{accessed}{extra}\n")
    if claim.notes:
        out.write("\n**Notes:**\n\n")
        for note in claim.notes:
            who = f" — {md_escape(note.reviewer)}" if note.reviewer else ""
            when = f", {md_escape(note.at[:10])}" if note.at else ""
            out.write(f"- {md_block(note.text)}{who}{when}\n")
    stamp = [f"by {md_escape(claim.reviewer)}"] if claim.reviewer else []
    if claim.updated_at:
        stamp.append(f"on {md_escape(claim.updated_at[:10])}")
    if stamp:
        out.write(f"\n_Last updated {' '.join(stamp)}._\n")
