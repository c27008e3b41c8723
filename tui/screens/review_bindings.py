"""The review screen's keys: each with a description (the footer and help screen show it)
and a stable id, so the configuration's ``[keys]`` table can remap it.

Kept apart from :mod:`tui.screens.review` so the screen module stays about behaviour.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.screens.review_flow import FLOW_BINDINGS

REVIEW_BINDINGS: list[BindingType] = [
    Binding("j,down", "next_claim", "Next claim", show=False, id="review.next"),
    Binding("k,up", "previous_claim", "Previous claim", show=False, id="review.previous"),
    Binding("v", "decide('verified')", "Verified", id="review.verified"),
    Binding("c", "correct", "Correct", id="review.correct"),
    Binding("f", "decide('false')", "False", id="review.false"),
    Binding("s", "decide('needs_source')", "Needs source", id="review.needs_source"),
    Binding("i", "decide('inconclusive')", "Inconclusive", show=False, id="review.inconclusive"),
    Binding("d", "decide('dismissed')", "Dismiss (not a claim)", show=False, id="review.dismissed"),
    Binding("u", "undo", "Undo", id="review.undo"),
    Binding("ctrl+y", "redo", "Redo", show=False, id="review.redo"),
    Binding("n", "note", "Note", show=False, id="review.note"),
    Binding("a", "add_source", "Add source", show=False, id="review.add_source"),
    Binding("b", "claimant", "By whom: the claimant", show=False, id="review.claimant"),
    Binding("r", "edit_claim", "Edit the claim: statement, figure", show=False, id="review.edit"),
    Binding("x", "split_claim", "Split the claim in two", show=False, id="review.split"),
    Binding("J", "merge_next", "Merge with the next claim", show=False, id="review.merge"),
    Binding("N", "edit_note", "Edit / remove a note", show=False, id="review.edit_note"),
    Binding("A", "edit_source", "Edit / remove a source", show=False, id="review.edit_source"),
    Binding(
        "p",
        "apply_previous",
        "Apply the verdict seen before",
        show=False,
        id="review.apply_previous",
    ),
    Binding(
        "K",
        "apply_check",
        "Apply the known fact-check (checked before)",
        show=False,
        id="review.apply_check",
    ),
    Binding(
        "g",
        "toggle_repeats",
        "Repeats: decide together / one at a time",
        show=False,
        id="review.repeats",
    ),
    # Priority: opened as the key arrives, so what is typed right after "/" lands in
    # the filter box (a "/" typed in the box is text: see ``check_action``).
    Binding("slash", "filter", "Filter", priority=True, id="review.filter"),
    # Priority in the filter box only: the keys typed after enter wait for the list.
    Binding(
        "enter",
        "filter_done",
        "Filter: back to the list on the best match",
        show=False,
        priority=True,
        id="review.filter_done",
    ),
    Binding("tab", "switch_pane", "Switch pane", show=False, id="review.switch_pane"),
    Binding("enter", "show_in_article", "Show in article", show=False, id="review.show"),
    Binding("e", "export", "Export", show=False, id="review.export"),
    Binding("m", "add_claim", "Add claim from text", show=False, id="review.add_claim"),
    Binding("o", "toggle_sort", "Sort: position / check-worthiness", show=False, id="review.sort"),
    Binding("escape", "escape", "Clear filter / back to articles", show=False, id="review.back"),
    *FLOW_BINDINGS,  # next / previous article, skip, detail pane
]
