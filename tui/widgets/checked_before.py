""" "Checked before": the known fact-checks of the selected claim, under the detail pane.

The search (BM25 plus sentence vectors, see :mod:`core.checks`) runs in a thread worker:
loading the model and mapping the index take a moment the first time, and the cursor must
never wait for them. Results are kept per claim, so moving back and forth costs nothing.
The panel hides itself when no check is close enough to show unasked.

Checks imported while the workbench is open (a team desk's by anyone, from anywhere)
show up without reopening it: each time a claim is selected the worker asks the searcher
whether its index is still the current one (a team desk's checks generation, a desk
file's index manifest) and loads the new one if not; results are kept per index too.

``K`` (the review screen's binding) applies the first match through
:meth:`core.review.Review.apply_check`: the rating becomes a status through the rating map
(``core.checks.verdicts``), the fact-check becomes a source, and the history says where
the verdict came from. A rating that does not decide a status leaves it to the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from textual.content import Content
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from core.errors import UserError
from core.model import Claim
from tui.display import one_line

if TYPE_CHECKING:
    from core.checks.library import Searcher
    from core.checks.search import Match

SHOWN = 3  # matches listed; the first is the one K applies
HEADING = "bold $text-accent"
MUTED = "$text-muted"


def _clip(text: str, limit: int) -> str:
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(match: Match) -> list[Content]:
    """The lines of one match: verdict, who and when; the wording checked; the url."""
    from core.checks.model import rating_label

    row = match.row
    who = " · ".join(
        p
        for p in (rating_label(row.get("rating")), row.get("publisher"), row.get("date_published"))
        if p
    )
    lines = [
        Content.assemble(("  " + _clip(who, 80), "bold"), (f"  {match.semantic:.0%} alike", MUTED)),
        Content.assemble("    ", _clip(row.get("claim_reviewed") or "", 300)),
        Content.assemble(("    " + _clip(row.get("url") or "", 200), "underline")),
    ]
    if match.conflict:
        lines.append(Content.assemble(("    ⚑ " + match.conflict, "$text-warning")))
    return lines


@dataclass
class Found(Message):
    """The search for one claim is done (``matches`` may be empty)."""

    claim_id: str
    seq: int  # the desk version searched
    token: Any  # the index searched (Searcher.token)
    matches: list[Any]


class CheckedBefore(Static):
    """Known fact-checks of the claim under the cursor (hidden when there are none)."""

    DEFAULT_CSS = """
    CheckedBefore {
        height: auto;
        max-height: 12;
        padding: 0 1;
        border: round $border-blurred;
        border-title-color: $text-accent;
        display: none;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = "Checked before"
        self._results: dict[tuple[str, int, Any], list[Match]] = {}
        self._claim: Claim | None = None
        self._searcher: Searcher | None = None
        self._notices: list[str] = []
        self._token: Any = None  # the index the latest results came from
        self._empty = True  # nothing drawn: clearing again would only cost a layout

    @property
    def matches(self) -> list[Match]:
        """What is shown for the current claim, best first."""
        if self._claim is None:
            return []
        return self._results.get(self._key(self._claim.id), [])

    def _key(self, claim_id: str) -> tuple[str, int, Any]:
        # Every change to the desk may add or change a verdict, every import a check:
        # results are per desk version and per index.
        desk = self.app.desk  # type: ignore[attr-defined]
        return (claim_id, desk.revision, self._token)

    def follow(self, claim: Claim | None) -> None:
        """Show the checks of ``claim`` (what was found for it before at once, then what
        the current index finds, should the checks have changed since)."""
        self._claim = claim
        if claim is None:
            self._draw()
            return
        if self._key(claim.id) in self._results:
            self._draw()
        else:
            self.display = False
        self._search(claim)

    @work(thread=True, exclusive=True, group="checks", exit_on_error=False)
    def _search(self, claim: Claim) -> None:
        worker = get_current_worker()
        seq = self.app.desk.revision  # type: ignore[attr-defined]
        searcher = self._open()
        searcher.refresh()
        if worker.is_cancelled:
            return
        token = searcher.token
        known = self._results.get((claim.id, seq, token))
        if known is not None:
            if token != self._token:
                self.post_message(Found(claim.id, seq, token, known))
            return
        found = searcher.search(claim.statement, limit=SHOWN, exclude_article=claim.article_id)
        likely = [m for m in found if m.likely]
        if not worker.is_cancelled:
            self.post_message(Found(claim.id, seq, token, likely))

    def _open(self) -> Searcher:
        if self._searcher is None:
            from core.checks.library import Searcher
            from core.export.claimreview import publisher_from_env

            desk = self.app.desk  # type: ignore[attr-defined]
            self._searcher = Searcher(desk, org_name=publisher_from_env().name)
            self._notices = list(self._searcher.notices)
        return self._searcher

    def on_found(self, message: Found) -> None:
        message.stop()
        self._token = message.token
        self._results[(message.claim_id, message.seq, message.token)] = message.matches
        if self._claim is not None and self._key(self._claim.id) == (
            message.claim_id,
            message.seq,
            message.token,
        ):
            self._draw()

    def _draw(self) -> None:
        matches = self.matches
        if not matches:
            # Most claims have no known check: an empty panel left empty costs nothing,
            # where update("") would lay the whole screen out again after every rest.
            if not self._empty:
                self.display = False
                self.update("")
                self._empty = True
            return
        lines = [Content.assemble(("K applies the first", MUTED))]
        for match in matches:
            lines.extend(describe(match))
        self.update(Content("\n").join(lines))
        self._empty = False
        self.display = True


@dataclass
class Application:
    """What applying the first match does: the change, and how to announce it."""

    change: Any  # claim id -> Claim, through core.review
    done: str
    decides: bool  # sets a status (else: source and note only, the reviewer decides)


def application(panel: CheckedBefore, review: Any) -> Application | str:
    """How to apply the first match to the current claim, or why there is nothing to apply."""
    from core.checks.verdicts import load_status_map, status_for
    from core.errors import UserError
    from tui.display import STATUS_LABEL

    matches = panel.matches
    if not matches:
        return "No known fact-check for this claim."
    row = matches[0].row
    who = _clip(row.get("publisher") or "a fact-checker", 40)
    if row.get("origin") == "desk" and row.get("claim_id"):
        label = STATUS_LABEL.get(row.get("status", ""), row.get("status", ""))
        return Application(
            change=lambda cid: review.copy_verdict(cid, row["claim_id"]),
            done=f"Applied {label} from {who}",
            decides=True,
        )
    try:
        table = load_status_map()
    except UserError as exc:
        return str(exc)
    status = status_for(row.get("rating"), table)
    from core.checks.model import rating_label

    rating = _clip(rating_label(row.get("rating")) or "unrated", 30)
    if status is None:
        return Application(
            change=lambda cid: review.apply_check(cid, row, None),
            done=(
                f"{who} rated it “{rating}”: that does not decide a verdict here; "
                "added as a source — choose v, c, f, s or i"
            ),
            decides=False,
        )
    return Application(
        change=lambda cid: review.apply_check(cid, row, status),
        done=f"Applied {STATUS_LABEL.get(status, status)} (“{rating}”, {who})",
        decides=True,
    )


def apply_first(screen: Any) -> None:
    """``K`` on the review screen: apply the first match to the claim under the cursor.

    A status goes through the screen's ``settle`` (repeats together, one undo, the cursor
    moves on); a rating that decides nothing only adds the source and the note.
    """
    claim = screen.require_claim()
    if claim is None:
        return
    step = application(screen.query_one(CheckedBefore), screen.cd_app.review)
    if isinstance(step, str):
        screen.notify(step, severity="warning", timeout=3, markup=False)
    elif step.decides:
        screen.settle(claim, step.change, done=step.done)
    else:
        try:
            saved = step.change(claim.id)
        except UserError as exc:
            screen.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        screen.apply(saved)
        screen.notify(step.done, timeout=5, markup=False)
