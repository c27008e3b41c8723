"""How a plain text is laid out: does a line break end a sentence, or only wrap one?

Shared by ingest (is the first line a headline?) and extraction (where do sentences and
quotations break?), and free of heavy imports so ingest stays quick to load.
"""

from __future__ import annotations

_SENTENCE_END = (".", "!", "?", ":", '"', "”", "'", "’", ")")


def is_hard_wrapped(text: str) -> bool:
    """Whether paragraphs are broken into lines of about equal width (e-mail, a terminal).

    In such text a line break is not a sentence break: only a blank line or the end of a
    short line (a heading, a paragraph's last line) is. Detected when no line is very
    long and most of the full-width lines stop mid-sentence.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 4:
        return False
    longest = max(len(line) for line in lines)
    if longest > 120:
        return False
    full = [line for line in lines if len(line) >= 0.6 * longest]
    open_ended = sum(1 for line in full if not line.rstrip().endswith(_SENTENCE_END))
    return len(full) >= 3 and open_ended >= 0.5 * len(full)
