"""Claim queries: the fields of ``claimdesk claims`` and of the workbench's ``/`` filter.

One language for both: ``status:needs_source kind:money claimant:ministry reviewer:r2
article:3f2a since:2026-01-01`` plus free text. A field takes several values
comma-separated (``status:verified,false``); the same field repeated adds values; different
fields must all hold.

``reviewer:R`` is R's queue: the claims of the articles assigned to R (on a team desk)
together with the claims R was the last to change (a verdict, a note, an edit), so on a
desk file, where nothing is assigned, it still finds what R did. ``assigned:R`` and
``decided-by:R`` are its two halves on their own (``assigned:none``: articles given to
nobody). Names compare whole, ignoring case, and ``me`` stands for the reviewer asking
(``reviewer:me``).

A status may be written with ``_``, ``-`` or a space (``status:needs source``), and free
text that spells a status (``needs source``) also finds the claims with that status:
nobody should have to remember the underscore.

Parsing is pure; ranking the free text is ``core.matching.filter.ClaimFilter``'s job, and
:func:`rank` combines the two.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from core.errors import UserError
from core.model import Claim, Status

FIELDS = ("status", "kind", "claimant", "reviewer", "assigned", "decided-by", "article", "since")
ME = "me"
"""A name value meaning the reviewer asking (``CLAIMDESK_REVIEWER`` or the config's)."""
UNASSIGNED = "none"
"""``assigned:none``: the claims of articles nobody is assigned."""
KINDS = (
    "count",
    "percent",
    "money",
    "duration",
    "date",
    "time",
    "ordinal",
    "measure",
    "ratio",
    "quote",
)
STATUSES = tuple(s.value for s in Status)

_FIELD = re.compile(
    r"(?i)\b(status|kind|claimant|reviewer|assigned|decided[-_]by|article|since)"
    r'\s*:\s*("[^"]*"?|\S*)'
)
_SEPARATORS = re.compile(r"[\s\-_]+")


def status_name(text: str) -> str | None:
    """``needs source`` / ``Needs-Source`` / ``needs_source`` → ``needs_source``."""
    key = _SEPARATORS.sub("_", text.strip().lower()).strip("_")
    return key if key in STATUSES else None


def claim_kind(claim: Claim) -> str:
    """What a claim is about: its key figure's kind, or its type (``quote``)."""
    figure = claim.key_figure
    return figure.kind if figure is not None else str(getattr(claim, "type", "") or "")


@dataclass(frozen=True)
class ClaimQuery:
    """A parsed query. Empty tuples mean "any"; ``problems`` are values that name nothing
    (``status:verifed``), which a strict parse raises instead."""

    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    claimants: tuple[str, ...] = ()
    reviewers: tuple[str, ...] = ()
    """Whose queue: assigned the claim's article or its last decider (lower case)."""
    assigned: tuple[str, ...] = ()
    """Whom the claim's article is assigned to (lower case)."""
    unassigned: bool = False
    """``assigned:none``: also the claims of articles assigned to nobody."""
    decided_by: tuple[str, ...] = ()
    """Who changed the claim last: its verdict, a note, an edit (lower case)."""
    articles: tuple[str, ...] = ()
    since: datetime | None = None
    text: str = ""
    text_statuses: tuple[str, ...] = ()
    """Statuses spelled in the free text (``needs source``): claims with one of them are
    found as well as claims whose words match."""
    rest: str = ""
    """The free text without the words that spelled a status."""
    problems: tuple[str, ...] = field(default=())

    @property
    def has_fields(self) -> bool:
        return bool(
            self.statuses
            or self.kinds
            or self.claimants
            or self.reviewers
            or self.assigned
            or self.unassigned
            or self.decided_by
            or self.articles
            or self.since
        )

    @property
    def asks_assignment(self) -> bool:
        """Whether the answer depends on who articles are assigned to."""
        return bool(self.reviewers or self.assigned or self.unassigned)

    @property
    def asks_only_assignment(self) -> bool:
        """``assigned:`` is given: a desk without assignments can answer nothing."""
        return bool(self.assigned or self.unassigned)

    def fields(self) -> ClaimQuery:
        """The query without its free text: what selects claims, not what ranks them."""
        return replace(self, text="", text_statuses=(), rest="")

    def matches(self, claim: Claim, assignee: str | None = None) -> bool:
        """Whether ``claim`` satisfies every field (the free text is ranked elsewhere);
        ``assignee`` is the reviewer its article is assigned to, if any."""
        if self.statuses and str(claim.status) not in self.statuses:
            return False
        if self.kinds and claim_kind(claim) not in self.kinds:
            return False
        if self.claimants:
            who = (getattr(claim, "claimant", None) or "").lower()
            if not any(c in who for c in self.claimants):
                return False
        decider = (claim.reviewer or "").lower()
        holder = (assignee or "").lower()
        if self.reviewers and decider not in self.reviewers and holder not in self.reviewers:
            return False
        held = holder in self.assigned if holder else self.unassigned
        if (self.assigned or self.unassigned) and not held:
            return False
        if self.decided_by and decider not in self.decided_by:
            return False
        if self.articles and not any(claim.article_id.startswith(a) for a in self.articles):
            return False
        if self.since is not None:
            from core.export.selection import parse_since

            try:
                updated = parse_since(claim.updated_at) if claim.updated_at else None
            except UserError:
                updated = None
            if updated is None or updated < self.since:
                return False
        return True


def _values(raw: str) -> list[str]:
    return [v.strip() for v in raw.strip('"').split(",") if v.strip()]


def _status_values(values: Iterable[str], problems: list[str]) -> list[str]:
    found: list[str] = []
    for value in values:
        if value.lower() == "all":
            found.extend(STATUSES)
            continue
        name = status_name(value)
        if name is None:
            # A status still being typed (``status:needs_so``) narrows to what it starts.
            key = _SEPARATORS.sub("_", value.lower())
            starts = [s for s in STATUSES if s.startswith(key)]
            if len(starts) == 1:
                name = starts[0]
        if name is None:
            problems.append(f"unknown status {value!r}; choose from: {', '.join(STATUSES)}")
        else:
            found.append(name)
    return found


def _text_statuses(text: str) -> tuple[list[str], str]:
    """Statuses spelled in free text, and the text without them."""
    words = text.split()
    found: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(words):
        pair = " ".join(words[i : i + 2])
        if i + 1 < len(words) and status_name(pair):
            found.append(status_name(pair))  # type: ignore[arg-type]
            i += 2
        elif status_name(words[i]):
            found.append(status_name(words[i]))  # type: ignore[arg-type]
            i += 1
        else:
            rest.append(words[i])
            i += 1
    return found, " ".join(rest)


def _names(values: Iterable[str], me: str) -> list[str]:
    """Reviewer names as compared: lower case, ``me`` the reviewer asking (when known)."""
    found = []
    for value in values:
        name = value.strip().lower()
        found.append(me.strip().lower() if name == ME and me.strip() else name)
    return list(dict.fromkeys(found))


def parse_query(text: str, *, strict: bool = False, me: str = "") -> ClaimQuery:
    """Split ``text`` into fields and free text. ``strict`` (the command line) raises
    :class:`UserError` on a value that names nothing; the filter lists it in
    ``problems`` and matches no claim for it instead. ``me`` is the reviewer asking:
    ``reviewer:me`` is their queue."""
    fields_seen: dict[str, list[str]] = {name: [] for name in FIELDS}
    problems: list[str] = []
    free: list[str] = []
    pos = 0
    for match in _FIELD.finditer(text):
        free.append(text[pos : match.start()])
        pos = match.end()
        name, raw = match.group(1).lower().replace("_", "-"), match.group(2)
        if name == "status" and not raw.startswith('"'):
            # ``status:needs source``: the word after may finish the status's name.
            after = re.match(r"\s+(\S+)", text[pos:])
            if after and status_name(f"{raw} {after.group(1)}") and not status_name(raw):
                raw = f"{raw} {after.group(1)}"
                pos += after.end()
        fields_seen[name].extend(_values(raw) if name != "status" else [raw.strip('"')])
    free.append(text[pos:])
    statuses = []
    for raw in fields_seen["status"]:
        statuses += _status_values(_values(raw), problems)
    kinds = [k.lower() for k in fields_seen["kind"]]
    for kind in kinds:
        if kind not in KINDS:
            problems.append(f"unknown kind {kind!r}; choose from: {', '.join(KINDS)}")
    since = None
    if fields_seen["since"]:
        from core.export.selection import parse_since

        try:
            since = parse_since(fields_seen["since"][-1])
        except UserError as exc:
            problems.append(str(exc).replace("--since", "since:"))
    if strict and problems:
        raise UserError(problems[0])
    free_text = " ".join(" ".join(free).split())
    text_statuses, rest = _text_statuses(free_text)
    return ClaimQuery(
        statuses=tuple(dict.fromkeys(statuses)),
        kinds=tuple(dict.fromkeys(k for k in kinds if k in KINDS)),
        claimants=tuple(c.lower() for c in fields_seen["claimant"]),
        reviewers=tuple(_names(fields_seen["reviewer"], me)),
        assigned=tuple(n for n in _names(fields_seen["assigned"], me) if n != UNASSIGNED),
        unassigned=any(n.strip().lower() == UNASSIGNED for n in fields_seen["assigned"]),
        decided_by=tuple(_names(fields_seen["decided-by"], me)),
        articles=tuple(fields_seen["article"]),
        since=since,
        text=free_text,
        text_statuses=tuple(dict.fromkeys(text_statuses)),
        rest=rest,
        problems=tuple(problems),
    )


def rank(
    query: ClaimQuery,
    claims: dict[str, Claim],
    text_ranking: Any,
    assignees: Mapping[str, str] | None = None,
) -> list[tuple[str, float]]:
    """(claim id, score) best first: claims that satisfy the fields, ranked by the text.

    ``text_ranking(text)`` ranks free text over ``claims`` (a ``ClaimFilter.query``). A
    status spelled in the text (``needs source``) finds the claims with that status,
    ranked by the rest of the text, ahead of claims whose own words match the text.
    A value that names nothing (a problem) matches no claim: better an empty list and a
    hint than a list that silently ignores half the query. ``assignees`` (article id →
    reviewer) answers ``reviewer:`` and ``assigned:``; without it nothing is assigned.
    """
    given = assignees or {}
    if query.problems:
        return []

    def allowed(cid: str) -> bool:
        claim = claims.get(cid)
        return claim is not None and query.matches(claim, given.get(claim.article_id))

    def by_text(text: str) -> list[tuple[str, float]]:
        if not text:
            return [(cid, 0.0) for cid in claims if allowed(cid)]
        return [(cid, score) for cid, score in text_ranking(text) if allowed(cid)]

    if not query.text_statuses:
        return by_text(query.text)
    wanted = set(query.text_statuses)
    first = [
        (cid, score + 1000.0)
        for cid, score in by_text(query.rest)
        if str(claims[cid].status) in wanted
    ]
    seen = {cid for cid, _ in first}
    return first + [(cid, s) for cid, s in by_text(query.text) if cid not in seen]
