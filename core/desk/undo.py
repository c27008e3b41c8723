"""Undo and redo: every rule of them, for any desk backend.

Undo and redo are events like any other (``undoes`` names the event they reverse), so
they survive restarts and show in history. A reviewer's undo and redo stacks follow from
the event log alone: a normal event pushes onto the undo stack and clears redo; an
``undo`` event moves its target to the redo stack (as the undo event's id); a ``redo``
event moves it back. An import, which cannot be undone, leaves only itself on the stack.
:class:`UndoStacks` keeps those stacks for every reviewer; a desk persists them (so an
undo reads its few events, not the whole history) or rebuilds them from the log.
:func:`top_batch` and :func:`refuse_undo` say what one undo takes back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from core.errors import UserError
from core.model import Event

Stacks = tuple[list[str], list[str]]
"""One reviewer's undo and redo stacks (event ids, latest last)."""

FindEvent = Callable[[str], dict[str, Any] | Event | None]


class UndoStacks:
    """Every reviewer's stacks, kept in step with each new event.

    ``known`` says whether the stacks of every reviewer are here: true for a desk whose
    snapshot carries them (or a new one), false for a desk written before they were
    persisted, whose stacks are built from the whole log when first asked for.
    """

    def __init__(self, stacks: dict[str, Stacks] | None = None, *, known: bool) -> None:
        self._stacks: dict[str, Stacks] = dict(stacks or {})
        self.known = known

    @classmethod
    def from_meta(cls, stored: Any) -> UndoStacks:
        """The persisted stacks, or unknown ones if absent or malformed (rebuilt from log)."""
        if not isinstance(stored, dict):
            return cls(known=False)
        out: dict[str, Stacks] = {}
        for who, pair in stored.items():
            if not (
                isinstance(pair, list)
                and len(pair) == 2
                and all(isinstance(s, list) and all(isinstance(i, str) for i in s) for s in pair)
            ):
                return cls(known=False)
            out[str(who)] = (list(pair[0]), list(pair[1]))
        return cls(out, known=True)

    @classmethod
    def build(cls, events: Iterable[dict[str, Any]], find: FindEvent) -> UndoStacks:
        """Every reviewer's stacks from the whole event log, oldest event first."""
        stacks = cls(known=True)
        for doc in events:
            stacks.push(doc, find)
        return stacks

    def push(self, doc: dict[str, Any], find: FindEvent) -> None:
        """Take one new event into its reviewer's stacks."""
        who = doc.get("reviewer", "")
        stacks = self._stacks.get(who)
        if stacks is None:
            if not self.known:
                return  # built from the log, this event included, when asked for
            stacks = self._stacks[who] = ([], [])
        push(stacks, doc, find)

    def state(
        self, reviewer: str, events: Callable[[], Iterable[dict[str, Any]]], find: FindEvent
    ) -> Stacks:
        """Copies of ``reviewer``'s stacks (from the log if they are not known)."""
        if reviewer not in self._stacks:
            stacks: Stacks = ([], [])
            if not self.known:
                for doc in events():
                    if doc.get("reviewer") == reviewer:
                        push(stacks, doc, find)
            self._stacks[reviewer] = stacks
        undo, redo = self._stacks[reviewer]
        return list(undo), list(redo)

    def to_meta(
        self, events: Callable[[], Iterable[dict[str, Any]]], find: FindEvent
    ) -> dict[str, list[list[str]]]:
        """Every reviewer's stacks for the snapshot (built from the log once if unknown)."""
        if not self.known:
            self._stacks = UndoStacks.build(events(), find)._stacks
            self.known = True
        return {who: [list(u), list(r)] for who, (u, r) in self._stacks.items() if u or r}


def push(stacks: Stacks, doc: dict[str, Any], find: FindEvent) -> None:
    """The stack rule for one event (see the module docstring)."""
    undo, redo = stacks
    action = doc.get("action")
    if action == "undo":
        if undo and undo[-1] == doc.get("undoes"):
            undo.pop()
            redo.append(doc["id"])
    elif action == "redo":
        if redo and redo[-1] == doc.get("undoes"):
            redo.pop()
            undone = find(doc["undoes"])
            if undone is None:  # set aside as malformed: nothing to put back
                return
            target = undone.undoes if isinstance(undone, Event) else undone.get("undoes")
            if target:
                undo.append(target)
    else:
        if action == "import":
            # An import cannot be undone (refuse_undo), so nothing beneath it can be
            # reached again: keep the stack short (an import of 40,000 claims would
            # otherwise leave 40,000 ids to persist and read on every open).
            undo.clear()
        undo.append(doc["id"])
        redo.clear()


def top_batch(stack: list[str], event: Callable[[str], Event]) -> list[Event]:
    """The event on top of an undo or redo stack and, when it belongs to a batch, the rest
    of that batch beneath it (top first): one undo takes a whole batch back."""
    top = event(stack[-1])
    found = [top]
    if top.batch:
        for event_id in reversed(stack[:-1]):
            below = event(event_id)
            if below.batch != top.batch:
                break
            found.append(below)
    return found


def refuse_undo(targets: list[Event]) -> None:
    """An import cannot be undone: it would drop an article's claims with their reviews."""
    if targets[0].action == "import":
        raise UserError(
            "the last change was an import, which cannot be undone; "
            "re-import the earlier text of the article instead"
        )
