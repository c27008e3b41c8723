"""Claim matching with rapidfuzz: re-anchoring, "seen before", repeats and the fuzzy filter.

The entry point the desk, the CLI and the workbench import; the work is done in
``core.matching``, one module per job:

* ``reanchor`` (``matching.reanchor``) carries reviews from an old version of an article
  to a new one. Offsets move whenever a paragraph is inserted or a line is reflowed, so a
  review cannot follow its claim by position; it follows the claim by what it says
  (statement), what it is about (key figure) and where it sits (the words around it).
* ``similar_claims`` / ``ClaimIndex`` (``matching.similar``) find claims already reviewed
  in *other* articles that state the same figure about the same thing, so a verdict can
  be reused rather than re-researched; ``group_repeats`` finds the same figure stated
  twice about the same thing in one article.
* ``ClaimFilter`` (``matching.filter``) answers the reviewer's ``/`` filter and the
  command palette as they type.

Statements are compared on *content words with the key figure masked out*
(``matching.text``): the figure itself is compared separately and exactly
(``matching.figures``: kind and normalised value), because "26 cartel members" and
"26 per cent tariff" share the token "26" and nothing that matters, while "26 members"
and "27 members" are the same claim with a changed figure.
"""

from __future__ import annotations

from core.matching.figures import figure_key, same_figure
from core.matching.filter import ClaimFilter
from core.matching.reanchor import (
    REANCHOR_MIN_STATEMENT,
    REANCHOR_MIN_TOTAL,
    Reanchoring,
    reanchor,
)
from core.matching.similar import (
    REPEAT_MIN_SCORE,
    SEEN_STATUSES,
    SIMILAR_MIN_SCORE,
    ClaimIndex,
    Match,
    group_repeats,
    match_records,
    similar_claims,
    statement_similarity,
)
from core.matching.text import content_words, figure_context, statement_body

__all__ = [
    "REANCHOR_MIN_STATEMENT",
    "REANCHOR_MIN_TOTAL",
    "REPEAT_MIN_SCORE",
    "SEEN_STATUSES",
    "SIMILAR_MIN_SCORE",
    "ClaimFilter",
    "ClaimIndex",
    "Match",
    "Reanchoring",
    "content_words",
    "figure_context",
    "figure_key",
    "group_repeats",
    "match_records",
    "reanchor",
    "same_figure",
    "similar_claims",
    "statement_body",
    "statement_similarity",
]
