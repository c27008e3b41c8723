"""The stored form of claims and events, and the fast ways in and out of it.

Claims are stored compact (fields at their default left out: a snapshot about 40 %
smaller, a desk that opens that much faster) and read back whole. These functions are
the desk's hot paths (listing 100,000 claims, a 100,000-claim dump), so they avoid
``dataclasses.asdict`` and ``fields()`` lookups on every call.
"""

from __future__ import annotations

import secrets
from dataclasses import MISSING, fields
from typing import Any

from core.model import Claim, Correction, Event, Figure, Note, Source


def _defaults(cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(cls):
        if f.default is not MISSING:
            out[f.name] = f.default
        elif f.default_factory is not MISSING:
            out[f.name] = f.default_factory()
    return out


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_CLAIM_DEFAULTS = _defaults(Claim)
_FIGURE_FIELDS = tuple(f.name for f in fields(Figure))
_FIGURE_DEFAULTS = _defaults(Figure)


_CLAIM_NAMES = frozenset(_CLAIM_FIELDS)
_FIGURE_NAMES = frozenset(_FIGURE_FIELDS)
_SOURCE_NAMES = frozenset(f.name for f in fields(Source))
_NOTE_NAMES = frozenset(f.name for f in fields(Note))
_CORRECTION_NAMES = frozenset(f.name for f in fields(Correction))


def _only(doc: dict[str, Any], names: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k in names}


def claim_from_doc(doc: dict[str, Any]) -> Claim:
    """``Claim.from_dict`` for stored documents, several times faster.

    ``from_dict`` looks up the dataclass fields on every call, which made listing
    100,000 claims take about 2 s. Lists are copied so that a caller changing the claim
    it was given cannot change the desk's copy behind the journal's back.
    """
    try:  # stored documents hold known fields only: the fast path
        kwargs = dict(doc)
        kwargs["figures"] = [Figure(**f) for f in doc.get("figures", ())]
        if "sources" in kwargs:
            kwargs["sources"] = [Source(**x) for x in kwargs["sources"]]
        if "notes" in kwargs:
            kwargs["notes"] = [Note(**x) for x in kwargs["notes"]]
        if "flags" in kwargs:
            kwargs["flags"] = list(kwargs["flags"])
        correction = doc.get("correction")
        kwargs["correction"] = Correction(**correction) if correction else None
        return Claim(**kwargs)
    except TypeError:  # a field from a newer claimdesk: keep what this version knows
        kwargs = _only(doc, _CLAIM_NAMES)
    kwargs["figures"] = [Figure(**_only(f, _FIGURE_NAMES)) for f in doc.get("figures", ())]
    kwargs["sources"] = [Source(**_only(x, _SOURCE_NAMES)) for x in doc.get("sources", ())]
    kwargs["notes"] = [Note(**_only(x, _NOTE_NAMES)) for x in doc.get("notes", ())]
    kwargs["flags"] = list(doc.get("flags", ()))
    correction = doc.get("correction")
    kwargs["correction"] = (
        Correction(**_only(correction, _CORRECTION_NAMES)) if correction else None
    )
    return Claim(**kwargs)


def _plain(obj: Any) -> dict[str, Any]:
    names = _NAMES_OF.get(type(obj))
    if names is None:  # ``fields()`` on every call was a fifth of turning an edit into dicts
        names = _NAMES_OF[type(obj)] = tuple(f.name for f in fields(obj))
    return {name: getattr(obj, name) for name in names}


_NAMES_OF: dict[type, tuple[str, ...]] = {}


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    """``claim.to_dict()`` without ``dataclasses.asdict``'s deep copies.

    ``asdict`` was a millisecond per edit here, a quarter of the whole durable edit; the
    values are JSON scalars, so one level of copying per object is enough.
    """
    out = {name: getattr(claim, name) for name in _CLAIM_FIELDS}
    out["figures"] = [_plain(f) for f in claim.figures]
    out["sources"] = [_plain(s) for s in claim.sources]
    out["notes"] = [_plain(n) for n in claim.notes]
    out["flags"] = list(claim.flags)
    out["correction"] = _plain(claim.correction) if claim.correction is not None else None
    return out


def event_to_dict(event: Event) -> dict[str, Any]:
    return _plain(event)  # before/after are dicts already; compact_claim copies them


def compact_claim(doc: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a claim: fields still at their default are left out.

    Most claims are unreviewed, with no correction, sources, notes or flags; leaving those
    out makes the claims snapshot about 40 % smaller and opening a desk of 100,000 claims
    that much faster. ``Claim.from_dict`` and :func:`expand_claim` restore them.
    """
    out: dict[str, Any] = {}
    for key, value in doc.items():
        if key in _CLAIM_DEFAULTS and value == _CLAIM_DEFAULTS[key]:
            continue
        if key == "figures":
            value = [
                {k: v for k, v in fig.items() if not (k in _FIGURE_DEFAULTS and v is None)}
                for fig in value
            ]
        out[key] = value
    return out


def expand_claim(doc: dict[str, Any] | None) -> dict[str, Any] | None:
    """The full claim dict (every field, in ``Claim.to_dict`` order) of a stored one."""
    if doc is None:
        return None
    out = dict(_CLAIM_TEMPLATE)  # field order and defaults, then the stored values
    out.update(doc)
    for name in _CLAIM_LIST_FIELDS:
        if name not in doc:
            out[name] = []  # never share the template's list
    out["figures"] = [_expand_figure(fig) for fig in out["figures"] or ()]
    return out


def _expand_figure(fig: dict[str, Any]) -> dict[str, Any]:
    out = dict(_FIGURE_TEMPLATE)
    out.update(fig)
    return out


_CLAIM_TEMPLATE = {name: _CLAIM_DEFAULTS.get(name) for name in _CLAIM_FIELDS}
_CLAIM_LIST_FIELDS = tuple(k for k, v in _CLAIM_DEFAULTS.items() if isinstance(v, list))
_FIGURE_TEMPLATE = {name: _FIGURE_DEFAULTS.get(name) for name in _FIGURE_FIELDS}


def stored_event(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        **doc,
        "before": compact_claim(doc["before"]) if doc.get("before") else doc.get("before"),
        "after": compact_claim(doc["after"]) if doc.get("after") else doc.get("after"),
    }


def event_from_stored(doc: dict[str, Any]) -> Event:
    try:
        event = Event(**doc)
    except TypeError:  # a field from a newer claimdesk
        event = Event.from_dict(doc)
    event.before = expand_claim(event.before)
    event.after = expand_claim(event.after)
    return event


_EVENT_FIELDS = tuple(f.name for f in fields(Event))
_EVENT_NAMES = frozenset(_EVENT_FIELDS)
_EVENT_DEFAULTS = _defaults(Event)
_EVENT_TEMPLATE = {name: _EVENT_DEFAULTS.get(name) for name in _EVENT_FIELDS}
_NESTED_FIELDS = (
    ("sources", tuple(f.name for f in fields(Source))),
    ("notes", tuple(f.name for f in fields(Note))),
)
_CORRECTION_FIELDS = tuple(f.name for f in fields(Correction))


def claim_record(doc: dict[str, Any]) -> dict[str, Any]:
    """``claim_to_dict(claim_from_doc(doc))``, without building the ``Claim``.

    A dump turns each claim straight into JSON; building the dataclass only to take it
    apart again was a third of a 100,000-claim json export. Documents in the shape this
    version writes take the fast path (:func:`expand_claim`); any other shape (a field
    from a newer claimdesk, a nested dict with other keys) goes through ``Claim``, so the
    result is the same either way. Nested lists are the desk's own: do not change them.
    """
    if _CLAIM_NAMES.issuperset(doc) and _in_current_shape(doc):
        return expand_claim(doc)  # type: ignore[return-value]
    return claim_to_dict(claim_from_doc(doc))


def _in_current_shape(doc: dict[str, Any]) -> bool:
    for fig in doc.get("figures", ()):
        if not _FIGURE_NAMES.issuperset(fig):
            return False
    for name, expected in _NESTED_FIELDS:
        for item in doc.get(name, ()):
            if tuple(item) != expected:
                return False
    correction = doc.get("correction")
    return correction is None or tuple(correction) == _CORRECTION_FIELDS


def event_record(doc: dict[str, Any]) -> dict[str, Any]:
    """A stored event as ``Event.to_dict()`` gives it, without building the ``Event``."""
    if not _EVENT_NAMES.issuperset(doc):  # a field from a newer claimdesk: drop it, as Event does
        doc = _only(doc, _EVENT_NAMES)
    out = dict(_EVENT_TEMPLATE)  # field order and defaults (events older than a new field)
    out.update(doc)
    out["before"] = expand_claim(out["before"])
    out["after"] = expand_claim(out["after"])
    return out


def new_event_id() -> str:
    """Random ids: events from a restored dump can never collide with new ones."""
    return secrets.token_hex(8)
