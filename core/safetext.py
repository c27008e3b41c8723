"""Text from outside made safe for whatever shows it to a person.

Article text, notes, sources and file names come from the world and from pastes. A
terminal obeys what they may hold: an escape sequence can retitle or clear it, or write
the clipboard (OSC 52); a carriage return can overwrite a line already shown; a bidi
override ("\\u202e26") makes a figure display in another order ("62") than it is stored.
One character class (:data:`UNSAFE`) names them all, and each kind of output treats it in
one way:

- :func:`printable`: for text printed to a terminal or written for people (csv, the
  Markdown memo, tables, history, status, messages). Each such character is shown as its
  escape (``\\x1b``, ``\\u202e``): visible, inert, and the reviewer sees what was pasted.
- :func:`stand_ins`: for the workbench, where offsets into the text must not move. Each
  is replaced by one visible character.
- :func:`json_inert`: for JSON and JSON Lines, which stay lossless. ``json`` escapes C0
  controls itself; the rest (DEL, C1, bidi, line separators) are written as ``\\uXXXX``
  escapes too, which decode to exactly the same text, so even a dump printed to a
  terminal cannot drive it, while Arabic, CJK and emoji stay readable UTF-8.
"""

from __future__ import annotations

import re

CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
"""C0 controls but tab and newline, DEL, C1 controls (``\\x9b`` is a one-byte CSI)."""
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Arabic letter mark, LRM, RLM, embeddings, overrides and isolates."""
SEPARATORS = "\u2028\u2029"
"""Unicode line and paragraph separators: line breaks to some programs, not to others."""

UNSAFE = re.compile(f"[{CONTROLS}{BIDI}{SEPARATORS}\t\n]")
_NOT_C0 = re.compile(f"[\x7f-\x9f{BIDI}{SEPARATORS}]")


def _escape(match: re.Match[str]) -> str:
    return repr(match.group())[1:-1]


def printable(text: object, keep: str = "") -> str:
    """``text`` with every unsafe character (tab and newline too) shown as its escape.

    ``keep`` names characters to leave as they are: ``"\\n\\t"`` for a multi-line cell.
    """
    text = str(text)
    if keep:
        return UNSAFE.sub(lambda m: m.group() if m.group() in keep else _escape(m), text)
    return UNSAFE.sub(_escape, text)


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    return char if char == "\n" else " " if char == "\t" else "·"


def stand_ins(text: str) -> str:
    """``text`` with each unsafe character but newline replaced by one visible character
    (tab by a space): same length, same offsets."""
    return UNSAFE.sub(_stand_in, text)


def json_inert(encoded: str) -> str:
    """Encoded JSON with DEL, C1, bidi and separator characters as ``\\uXXXX`` escapes.

    Those characters can only occur inside JSON strings, where the escape means the same.
    """
    if _NOT_C0.search(encoded) is None:  # the usual case: one scan, no copy
        return encoded
    return _NOT_C0.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
