"""Bytes → text: which encoding an article file is in, and what was assumed.

The order is UTF-8 (with or without a byte-order mark), UTF-16/32 with a BOM, UTF-8 with a
few damaged bytes, a detected non-Latin encoding (Cyrillic, Greek, CJK ...), then
Windows-1252 (what "Latin-1" files from Windows editors really are), then ISO-8859-1,
which accepts every byte. Anything but plain UTF-8 comes with a one-line note saying what
was assumed.

Why "UTF-8 with a few damaged bytes" comes before the legacy encodings: one stray byte
(a paste cut mid-character, a bad copy) makes a file invalid UTF-8, and reading the rest
as Windows-1252 turns every "São" and "’" into "SÃ£o" and "â€™" on the desk for good.
Windows-1252 text, on the other hand, almost never contains valid UTF-8 multi-byte
sequences ("é" is one byte there; the pair "Ã©" would be needed). So when the valid
multi-byte sequences outnumber the bad places ``UTF8_EVIDENCE`` to one, the file is read
as UTF-8, each bad place becomes U+FFFD and the note gives their byte offsets, so the
damage can be found in the file. A file with no UTF-8 evidence at all ("caf\\xe9") is a
legacy file, as before.
"""

from __future__ import annotations

import codecs
import threading

UTF8_EVIDENCE = 4
"""Valid multi-byte UTF-8 characters needed per bad place to read a file as damaged UTF-8."""
_OFFSETS_SHOWN = 10
_BOM = b"\xef\xbb\xbf"


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode ``data``; return the text and, unless it was plain UTF-8, a warning message."""
    if data.startswith(_BOM):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError:
            return _damaged_utf8(data[3:], offset=3)  # the BOM says what it is meant to be
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return data.decode("utf-32"), "decoded as UTF-32 (byte-order mark found)"
        except UnicodeDecodeError:
            pass
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "decoded as UTF-16 (byte-order mark found)"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    damaged = _mostly_utf8(data)
    if damaged is not None:
        return damaged
    detected = _non_latin(data)
    if detected is not None:
        return detected
    try:
        text = data.decode("cp1252")
        return text, "not valid UTF-8; decoded as Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not valid UTF-8; decoded as Latin-1 (ISO-8859-1)"


_RECORDING = threading.local()  # the offsets list of the decode running in this thread


def _replace_and_record(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)
    _RECORDING.places.append(error.start)
    return "\ufffd", error.end


codecs.register_error("claimdesk-replace-and-record", _replace_and_record)


def _decode_marking(data: bytes) -> tuple[str, list[int]]:
    """UTF-8 with each bad place replaced by U+FFFD, and the byte offsets of those places."""
    places: list[int] = []
    _RECORDING.places = places
    try:
        return data.decode("utf-8", errors="claimdesk-replace-and-record"), places
    finally:
        del _RECORDING.places


def _mostly_utf8(data: bytes) -> tuple[str, str] | None:
    text, places = _decode_marking(data)
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - len(places)
    if multibyte < UTF8_EVIDENCE * len(places):
        return None
    return text, _note(places, 0)


def _damaged_utf8(data: bytes, offset: int) -> tuple[str, str]:
    text, places = _decode_marking(data)
    return text, _note(places, offset)


def _note(places: list[int], offset: int) -> str:
    shown = ", ".join(str(p + offset) for p in places[:_OFFSETS_SHOWN])
    more = len(places) - _OFFSETS_SHOWN
    if more > 0:
        shown += f" and {more} more"
    where = (
        f"in 1 place (byte offset {shown})"
        if len(places) == 1
        else f"in {len(places)} places (byte offsets {shown})"
    )
    return f"not valid UTF-8 {where}; read as UTF-8 with each bad byte replaced by U+FFFD (�)"


def _non_latin(data: bytes) -> tuple[str, str] | None:
    """A legacy non-Latin encoding (KOI8-R, cp1251, Shift-JIS ...) when one clearly fits.

    charset_normalizer is good at telling scripts apart but, on short Western text, often
    prefers a Central European code page (cp1250 turns "São" into "Săo"). So its guess is
    taken only when most letters it decodes lie outside the Latin script; Western text
    falls through to the Windows-1252 / Latin-1 order, which is right far more often.
    """
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it ships with trafilatura
        return None
    best = from_bytes(data[:200_000]).best()
    if best is None:
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    letters = [ch for ch in text if ch.isalpha()]
    non_latin = sum(1 for ch in letters if ord(ch) > 0x24F)
    if not letters or non_latin < 0.5 * len(letters):
        return None
    name = best.encoding.replace("_", "-").upper()
    return text, f"not valid UTF-8; decoded as {name} (detected)"
