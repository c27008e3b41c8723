"""Export file names and formats, each following the other.

``report.csv`` is a csv export and choosing markdown for it makes ``report.md``. JSON and
ClaimReview are both JSON; ClaimReview files are named ``….claimreview.json`` so that
switching from one to the other never proposes the name of the file just written.
"""

from __future__ import annotations

from pathlib import Path

FORMATS = ("json", "jsonl", "csv", "markdown", "claimreview")
SUFFIXES = {
    "json": ".json",
    "jsonl": ".jsonl",
    "csv": ".csv",
    "markdown": ".md",
    "claimreview": ".claimreview.json",
}
_BY_SUFFIX = (  # longest first: ".claimreview.json" before ".json"
    (".claimreview.json", "claimreview"),
    (".jsonld", "claimreview"),
    (".jsonl", "jsonl"),
    (".json", "json"),
    (".csv", "csv"),
    (".markdown", "markdown"),
    (".md", "markdown"),
)


def _split(name: str) -> tuple[str, str | None]:
    """(stem, format) of a file name whose suffix names an export format."""
    lower = name.lower()
    for suffix, fmt in _BY_SUFFIX:
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return name[: -len(suffix)], fmt
    return name, None


def format_for_path(path: str) -> str | None:
    """The export format a file name asks for (``None``: its suffix names none)."""
    return _split(Path(path.strip()).name)[1] if path.strip() else None


def path_for_format(path: str, fmt: str) -> str:
    """``path`` renamed for ``fmt``: its export suffix replaced, or the suffix added to a
    name without one. A name with some other suffix (``notes.txt``) is left as chosen."""
    text = path.strip()
    if not text:
        return path
    target = Path(text)
    stem, current = _split(target.name)
    if current is None and "." in target.name.lstrip("."):
        return path
    return str(target.with_name(stem + SUFFIXES[fmt]))
