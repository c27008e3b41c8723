"""The review screen's part in a team desk: others' changes shown as they land, who
else has the article open, and a refused (stale) decision answered with the new state.

On a TinyDB desk none of this fires: no notices come, nobody else is present, and a
decision is never refused for being stale.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import ConflictError
from tui.messages import DeskChanged


class LiveReview:
    """Mixed into :class:`~tui.screens.review.ReviewScreen`."""

    _others: tuple[str, ...] = ()

    def _live(self):
        return getattr(self.cd_app, "live", None)  # type: ignore[attr-defined]

    def announce_presence(self) -> None:
        live = self._live()
        if live is not None and live.listener is not None:
            live.here(self.article.id)  # type: ignore[attr-defined]
            self._refresh_presence()

    def _refresh_presence(self) -> None:
        live = self._live()
        others = tuple(live.others(self.article.id)) if live is not None else ()  # type: ignore[attr-defined]
        if others != self._others:
            self._others = others
            self._update_progress()  # type: ignore[attr-defined]

    def presence_suffix(self) -> str:
        return f" · also here: {', '.join(self._others)}" if self._others else ""

    def on_desk_changed(self, message: DeskChanged) -> None:
        if message.presence:
            self._refresh_presence()
            return
        if self.article.id not in message.articles:  # type: ignore[attr-defined]
            return
        if message.claims is None:
            self.load_claims()  # type: ignore[attr-defined]
            return
        self.refresh_claims(message.claims)
        who = message.reviewer or "someone"
        count = len(message.claims)
        self.notify(  # type: ignore[attr-defined]
            f"{who} changed {count} claim{'s' if count != 1 else ''} here.",
            timeout=2,
            markup=False,
        )

    def refresh_claims(self, claim_ids: Iterable[str]) -> None:
        """Show these claims as the desk has them now."""
        desk = self.cd_app.desk  # type: ignore[attr-defined]
        for cid in claim_ids:
            try:
                claim = desk.claim(cid)
            except KeyError:
                self.forget(cid)  # type: ignore[attr-defined]
            else:
                self.apply(claim)  # type: ignore[attr-defined]

    def refused(self, exc: BaseException, claim_ids: Iterable[str]) -> bool:
        """A stale decision: say why and show the new state. False for other errors."""
        if not isinstance(exc, ConflictError):
            return False
        self.refresh_claims(claim_ids)
        self.notify(f"Not saved: {exc}", severity="warning", timeout=6, markup=False)  # type: ignore[attr-defined]
        return True
