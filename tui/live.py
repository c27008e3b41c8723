"""The workbench on a team desk: other reviewers' changes and presence, live.

A desk that can ``listen`` (a team desk) hands its notices over from a thread; they
reach the screen on top as :class:`~tui.messages.DeskChanged`. A desk that cannot (a
TinyDB desk: one writer) gives no listener, and nothing here runs.
"""

from __future__ import annotations

from typing import Any

from tui.messages import DeskChanged


class Live:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.listener = None
        listen = getattr(app.desk, "listen", None)
        if listen is not None:
            self.listener = listen(self._notice)

    def _notice(self, notice: dict[str, Any]) -> None:
        claims = notice.get("claims")
        message = DeskChanged(
            reviewer=str(notice.get("reviewer") or ""),
            articles=tuple(notice.get("articles") or ()),
            claims=tuple(claims) if isinstance(claims, list) else None,
            presence="presence" in notice,
        )
        self.app.post_message(message)  # thread-safe; the app hands it to its screen

    def here(self, article_id: str | None) -> None:
        """Tell the other workbenches which article this reviewer is on."""
        if self.listener is not None:
            self.listener.here(self.app.reviewer, article_id)

    def others(self, article_id: str) -> list[str]:
        if self.listener is None:
            return []
        return [r for r in self.listener.others(article_id) if r != self.app.reviewer]

    def close(self) -> None:
        if self.listener is not None:
            self.listener.close()
            self.listener = None
