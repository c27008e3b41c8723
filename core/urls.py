"""Which URLs a desk accepts: http(s) with a host, nothing else.

A URL a desk stores ends up as a link: in the Markdown memo, in ClaimReview JSON-LD on a
publisher's page, in the workbench. ``javascript:``, ``data:`` or ``file:`` there would
run or reveal something on a reader's machine, so those are refused where they are given
(``set --source``, the add-source form, ``--org-url``, ``--review-url``, a restored dump),
with one line that says what is accepted. A source that is a document with no URL (a
printed report, a phone call) is given by its title alone.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from core.errors import UserError

_CONTROL_OR_SPACE_IN_HOST = re.compile(r"[\x00-\x20\x7f-\x9f]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


def web_url_problem(url: str) -> str | None:
    """Why ``url`` is not an http(s) URL with a host, or ``None`` when it is one."""
    if _CONTROL.search(url):
        return "it holds control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "it cannot be read as a URL"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{parts.scheme}: is not allowed" if parts.scheme else "it has no http(s)://"
    try:
        host = parts.hostname
    except ValueError:
        host = None
    if not host or _CONTROL_OR_SPACE_IN_HOST.search(parts.netloc):
        return "it has no valid host name"
    return None


def has_scheme(text: str) -> bool:
    """Whether ``text`` starts like a URL (``name:`` and no space), not like a plain
    reference ("Note: p. 4", a Windows path)."""
    text = text.strip()
    return _SCHEME.match(text) is not None and _DRIVE.match(text) is None


def check_web_url(url: str, what: str, hint: str = "") -> str:
    """``url`` stripped, or a ``UserError`` naming ``what`` (the flag or field)."""
    url = (url or "").strip()
    problem = web_url_problem(url)
    if problem is not None:
        raise UserError(
            f"{what} must be an http(s) URL such as https://example.org/page "
            f"({problem}: {url[:80]!r}){hint}"
        )
    return url


def check_source(url: str, title: str) -> tuple[str, str]:
    """A source's URL (http(s), or empty for a document) and title, stripped and checked."""
    url, title = (url or "").strip(), (title or "").strip()
    if url:
        hint = "; a document without a URL is given by its title alone"
        url = check_web_url(url, "a source URL", hint)
    elif not title:
        raise UserError("a source needs an http(s) URL, or a title for a document")
    return url, title
