"""Read an article from a file or stdin and turn it into an ``Article``.

Everything that arrives is made into one clean, predictable text before any offset is
taken: decoded (``core.decoding``: UTF-8, a few damaged bytes replaced, else a legacy
encoding, and the article says which was assumed), line endings made ``\\n``, Unicode
composed (NFC), terminal escape sequences and control characters removed (a pasted
article must never be able to drive the terminal it is shown in). Markdown and saved web
pages are reduced to their text. Damage that cannot be repaired honestly (glued words,
odd bytes) is reported as warnings, never guessed away.

Bad input gets one clear ``UserError``: a missing path, a directory, a FIFO, device or
socket (refused before anything is read: reading a FIFO waits for a writer forever), an
empty or binary file, or one larger than ``MAX_BYTES``. News articles are kilobytes; 5 MB
is a long novel and takes about 21 seconds and 180 MB to analyse on the reference machine
(``bench/limits.py``), so a larger file is a mistake, not a story, and refusing it at
once beats minutes of work. Extraction has a second limit, on the figures one article may
hold (``core.extract.MAX_FIGURES``).
"""

from __future__ import annotations

import os
import re
import stat
import sys
import unicodedata
from pathlib import Path

from core.dateline import article_date as dated_by
from core.dateline import find_byline, find_dateline
from core.decoding import decode
from core.errors import UserError
from core.layout import is_hard_wrapped
from core.model import Article, TextWarning, content_key, now_iso, short_hash
from core.textdamage import find_glued_words, find_ordinal_suffixes

MAX_BYTES = 5 * 1024 * 1024
"""Largest input accepted (5 MiB); larger files are refused with a clear message."""

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}

# ESC-introduced sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks) and the
# two-byte forms. Removed whole so no stray "[31m" is left behind.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC … BEL / ST
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"  # DCS, SOS, PM, APC … ST
    r"|\x1b[@-Z\\-_]?"  # two-byte escapes (or a lone ESC)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
# C0 and C1 control characters other than tab and newline.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional overrides and isolates can make text display in a different order from the
# order it is stored in; they are kept (they may be legitimate) but reported.
_BIDI_WARNINGS_MAX = 10
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_BIDI_CONTROLS = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_HEADLINE_MAX = 150
_TITLE_MAX = 100


def _looks_binary(data: bytes) -> bool:
    """NUL bytes (outside UTF-16) or a high share of control bytes mean "not text"."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return False
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 20)


# ------------------------------------------------------------------------ normalising


def normalise(text: str) -> tuple[str, list[TextWarning]]:
    """Line endings, NFC, escapes and control characters; warnings for what was removed."""
    warnings: list[TextWarning] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\x0c", "\n")
    if text.startswith("\ufeff"):
        text = text[1:]
    escapes = len(_ESCAPES.findall(text))
    text = _ESCAPES.sub("", text)
    controls = len(_CONTROLS.findall(text))
    text = _CONTROLS.sub("", text)
    # Lone surrogates cannot be written as UTF-8 (JSON export, the terminal): mark them.
    text = _SURROGATES.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    # Trailing spaces on lines and blank runs carry no meaning; leading/trailing blank
    # lines neither.
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n")).strip("\n")
    if escapes or controls:
        parts = []
        if escapes:
            parts.append(f"{escapes} terminal escape sequence{'s' if escapes != 1 else ''}")
        if controls:
            parts.append(f"{controls} control character{'s' if controls != 1 else ''}")
        warnings.append(
            TextWarning(
                kind="control_characters",
                start=0,
                end=0,
                text="",
                message="removed " + " and ".join(parts),
            )
        )
    bidi = list(_BIDI_CONTROLS.finditer(text))
    if len(bidi) > _BIDI_WARNINGS_MAX:
        warnings.append(
            TextWarning(
                kind="bidi_control",
                start=0,
                end=0,
                text="",
                message=f"{len(bidi)} bidirectional control characters; the first "
                f"{_BIDI_WARNINGS_MAX} are listed",
            )
        )
    for match in bidi[:_BIDI_WARNINGS_MAX]:
        warnings.append(
            TextWarning(
                kind="bidi_control",
                start=match.start(),
                end=match.end(),
                text=match.group(),
                message=f"bidirectional control U+{ord(match.group()):04X} may make the "
                "text display in a different order from how it reads",
            )
        )
    return text, warnings


# ---------------------------------------------------------------------------- formats


def detect_format(source: str, text: str) -> str:
    """``markdown`` or ``html`` by file suffix, ``html`` by content, else ``text``."""
    suffix = Path(source).suffix.lower() if source not in ("-", "") else ""
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    head = text.lstrip()[:512].lower()
    if head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and "<body" in text[:65536].lower()
    ):
        return "html"
    return "text"


def markdown_to_text(markdown: str) -> tuple[str, str | None, str | None]:
    """Markdown → plain text (one line per block), the title and the date, if any.

    Emphasis, links and inline code keep their text; images keep their alt text; raw HTML
    is dropped. A soft line break inside a paragraph becomes a space so a sentence wrapped
    in the source stays one sentence. YAML front matter (static-site articles) is not
    text: it is dropped, and its ``title:`` and ``date:`` (ISO) used when there are any;
    otherwise the title is the first heading.
    """
    from markdown_it import MarkdownIt

    heading: str | None = None
    date: str | None = None
    front = _FRONT_MATTER.match(markdown)
    if front:
        markdown = markdown[front.end() :]
        title = re.search(r"^title:[ \t]*(.+?)[ \t]*$", front.group(1), re.MULTILINE)
        if title:
            heading = title.group(1).strip("\"'") or None
        dated = re.search(r"^date:[ \t]*[\"']?(\d{4}-\d{2}-\d{2})", front.group(1), re.MULTILINE)
        date = dated.group(1) if dated else None
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    blocks: list[str] = []
    in_heading = False
    for token in tokens:
        if token.type == "heading_open":
            in_heading = True
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline":
            parts: list[str] = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type == "softbreak":
                    parts.append(" ")
                elif child.type == "hardbreak":
                    parts.append("\n")
                elif child.type == "image":
                    parts.append("".join(c.content for c in child.children or []))
            line = "".join(parts).strip()
            if line:
                blocks.append(line)
                if in_heading and heading is None:
                    heading = line
        elif token.type in ("fence", "code_block"):
            blocks.append(token.content.rstrip("\n"))
    return "\n".join(blocks), heading, date


def html_to_text(html: str) -> tuple[str, str | None, str | None]:
    """A saved web page → its main text, title and publication date (trafilatura).

    trafilatura drops navigation, footers and boilerplate; when it finds no main text (a
    page that is all chrome, or a fragment) we fall back to its plain-text baseline rather
    than return nothing.
    """
    import trafilatura

    parser_errors = _parser_errors()
    try:
        # No extensive date search: it guesses from any year on the page (a footer's
        # "© 2025" becomes 2025-01-01), and a guessed date would resolve the article's
        # partial dates to a year it never stated.
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params={"extensive_search": False},
        )
    except parser_errors:  # a third-party parser on hostile input: fall back, never crash
        doc = None
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    title = getattr(doc, "title", None) if doc is not None else None
    date = getattr(doc, "date", None) if doc is not None else None
    if not text:
        try:
            text = trafilatura.html2txt(html) or ""
        except parser_errors:
            text = ""
    return text, title or None, date or None


def _parser_errors() -> tuple[type[BaseException], ...]:
    """What lxml and trafilatura raise on markup they cannot make sense of."""
    from lxml.etree import LxmlError

    return (LxmlError, ValueError, TypeError, LookupError, AttributeError, RecursionError)


# ------------------------------------------------------------------------------ title


def _title_from_text(text: str, skip_to: int = 0) -> str:
    """A short first line is a headline; otherwise the opening sentence, shortened."""
    first = text.split("\n", 1)[0].strip()
    wrapped = is_hard_wrapped(text)
    headline_like = len(first) <= _HEADLINE_MAX and not first.endswith((".", ":", ";", ","))
    # In hard-wrapped text a short first line is a headline only if a blank line follows.
    if first and headline_like and (not wrapped or "\n\n" in text[: len(first) + 3]):
        return first
    body = text[skip_to:].split("\n\n" if wrapped else "\n", 1)[0]
    body = " ".join(body.split()) or first
    sentence = re.split(r"(?<=[.!?])\s", body, maxsplit=1)[0]
    if len(sentence) <= _TITLE_MAX:
        return sentence
    cut = sentence[:_TITLE_MAX].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


# ---------------------------------------------------------------------------- articles


def article_from_text(
    text: str,
    source: str = "<text>",
    title: str | None = None,
    *,
    article_id: str | None = None,
    fmt: str = "text",
    date: str | None = None,
    warnings: list[TextWarning] | None = None,
) -> Article:
    """Build an ``Article`` from already-decoded text (normalised here, so any str works).

    ``article_id`` defaults to a hash of ``source``; ``date`` (e.g. a web page's
    publication date) wins over a dateline's partial date.
    """
    clean, found = normalise(text)
    all_warnings = [*(warnings or []), *found]
    dateline = find_dateline(clean)
    all_warnings.extend(find_glued_words(clean))
    all_warnings.extend(find_ordinal_suffixes(clean))
    all_warnings.sort(key=lambda w: (w.start, w.end))
    article_date = date or dated_by(dateline, find_byline(clean))
    if article_id is None:
        named = source not in ("", "-", "<text>")
        article_id = short_hash("article", source if named else "text:" + short_hash(clean))
    return Article(
        id=article_id,
        title=" ".join(normalise(title or "")[0].split())
        or _title_from_text(clean, dateline.end if dateline else 0),
        source=source,
        text=clean,
        date=article_date,
        place=dateline.place if dateline else None,
        warnings=all_warnings,
        imported_at=now_iso(),
        content_hash=content_key(clean),
        format=fmt,
    )


def _read_bytes(source: str) -> tuple[bytes, str]:
    """The bytes of ``source`` and the identity its article id is derived from."""
    if source == "-":
        data = sys.stdin.buffer.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise UserError(
                f"standard input is larger than the {MAX_BYTES // (1024 * 1024)} MB limit "
                "for one article"
            )
        return data, ""
    path = Path(source)
    try:
        check_regular_file(source)
        # O_NONBLOCK: should the path become a FIFO after the check, opening it must not
        # wait for a writer; fstat then tells what was really opened.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            _refuse_special(source, os.fstat(fd).st_mode)
            size = os.fstat(fd).st_size
            if size > MAX_BYTES:
                raise UserError(
                    f"{source}: {size:,} bytes is larger than the "
                    f"{MAX_BYTES // (1024 * 1024)} MB limit for one article ({MAX_BYTES:,} bytes)"
                )
            data = handle.read(MAX_BYTES + 1)
    except PermissionError:
        raise UserError(f"{source}: permission denied") from None
    except OSError as exc:
        raise UserError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:  # a file that grew, or a device
        raise UserError(f"{source}: larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    return data, str(path.resolve())


_SPECIAL = (
    (stat.S_ISDIR, "is a directory; give the article file(s) inside it"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a file; save the article to a file"),
    (stat.S_ISCHR, "is a device, not a file; give an article file"),
    (stat.S_ISBLK, "is a device, not a file; give an article file"),
    (stat.S_ISSOCK, "is a socket, not a file; give an article file"),
)


def _refuse_special(source: str, mode: int) -> None:
    for test, why in _SPECIAL:
        if test(mode):
            raise UserError(f"{source}: {why}")
    if not stat.S_ISREG(mode):
        raise UserError(f"{source}: is not a regular file; give an article file")


def check_regular_file(source: str | Path) -> None:
    """Refuse at once, in one line, a path that is missing or not a regular file.

    A FIFO would make any reader wait forever for a writer, a device may never end; the
    check uses ``stat`` only, which never blocks. ``"-"`` (standard input) is allowed.
    """
    if str(source) == "-":
        return
    try:
        mode = os.stat(source).st_mode
    except FileNotFoundError:
        raise UserError(f"{source}: no such file") from None
    except NotADirectoryError:
        raise UserError(f"{source}: no such file (a part of the path is a file)") from None
    except PermissionError:
        raise UserError(f"{source}: permission denied") from None
    _refuse_special(str(source), mode)


def article_id_for_path(path: str | Path) -> str:
    """The id an article read from file ``path`` gets: a hash of its resolved path.

    Exposed so that a caller can find an already-imported article on the desk without
    reading (and decoding, and checking) the file again.
    """
    return short_hash("article", str(Path(path).resolve()))


def read_article(source: str | Path, *, data: bytes | None = None) -> Article:
    """Read ``source`` (a path, or ``"-"`` for stdin) into an ``Article``.

    ``data`` supplies the bytes directly (the source is then only a name). The article id
    is a hash of the resolved path, so re-importing the same file keeps its id; stdin has
    no path, so its id is a hash of the content.
    """
    source = str(source)
    name = "standard input" if source == "-" else source
    if data is None:
        data, identity = _read_bytes(source)
    else:
        identity = "" if source == "-" else str(Path(source).resolve())
        if len(data) > MAX_BYTES:
            raise UserError(f"{name}: larger than the {MAX_BYTES // (1024 * 1024)} MB limit")
    if not data.strip():
        raise UserError(f"{name} is empty: there is no article text to read")
    if _looks_binary(data):
        raise UserError(f"{name} looks like a binary file, not article text")
    text, encoding_note = decode(data)
    warnings: list[TextWarning] = []
    if encoding_note:
        warnings.append(
            TextWarning(kind="encoding", start=0, end=0, text="", message=encoding_note)
        )
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    fmt = detect_format(source, text)
    title = date = None
    if fmt == "markdown":
        text, title, date = markdown_to_text(text)
    elif fmt == "html":
        text, title, date = html_to_text(text)
    if not text.strip():
        raise UserError(f"{name} has no readable article text")
    if identity:
        article_id = article_id_for_path(identity)
    else:
        article_id = short_hash("article", "stdin:" + short_hash(text, length=16))
    article = article_from_text(
        text,
        source=source,
        title=title,
        article_id=article_id,
        fmt=fmt,
        date=date,
        warnings=warnings,
    )
    if not article.text.strip():
        raise UserError(f"{name} has no readable article text")
    return article
