"""The desk interface a second backend implements: the TinyDB desk offers all of it, and
every commit moves the revision on."""

from __future__ import annotations

import inspect

from desk_samples import article, claims_v1

from core.desk import Desk, DeskBackend, open_desk
from core.desk.api import DeskBackend as Interface
from core.review import Review


def _members(cls: type) -> dict[str, inspect.Signature | None]:
    out = {}
    for name, value in vars(cls).items():
        if name.startswith("_") and name not in {"__enter__", "__exit__"}:
            continue
        out[name] = inspect.signature(value) if callable(value) else None
    return out


def test_the_tinydb_desk_offers_every_method_of_the_interface(tmp_path):
    desk = open_desk(tmp_path / "desk.json")
    try:
        assert isinstance(desk, DeskBackend)
        for name, signature in _members(Interface).items():
            assert hasattr(desk, name), name
            if signature is not None:
                ours = inspect.signature(getattr(Desk, name))
                assert list(ours.parameters) == list(signature.parameters), name
    finally:
        desk.close()


def test_every_commit_moves_the_revision_on(tmp_path):
    with Desk.open(tmp_path / "desk.json") as desk:
        start = desk.revision
        art = article()
        review = Review(desk, "ann")
        review.import_article(art, claims_v1(art))
        assert desk.revision == start + 1
        cid = desk.claims()[0].id
        with review.batch():
            review.add_note(cid, "one")
            review.add_note(cid, "two")
        assert desk.revision == start + 2  # one batch, one commit
        review.undo()
        assert desk.revision == start + 3
        desk.fold()
        assert desk.revision == start + 3  # folding changes no claim


def test_a_redo_whose_undo_event_was_set_aside_leaves_the_stacks_as_they_are():
    from core.desk.undo import UndoStacks

    stacks = UndoStacks(known=True)
    stacks.push({"id": "e1", "reviewer": "ann", "action": "status"}, lambda _id: None)
    stacks.push({"id": "u1", "reviewer": "ann", "action": "undo", "undoes": "e1"}, lambda _: None)
    stacks.push({"id": "r1", "reviewer": "ann", "action": "redo", "undoes": "u1"}, lambda _: None)
    assert stacks.state("ann", list, lambda _: None) == ([], [])


def test_an_import_leaves_only_itself_on_the_undo_stack(tmp_path):
    """Nothing beneath an import can be undone again, so the stacks stay short."""
    from core.errors import UserError

    with Desk.open(tmp_path / "desk.json") as desk:
        art = article()
        ann = Review(desk, "ann")
        ann.import_article(art, claims_v1(art))
        undo, _redo = desk.undo_state("ann")
        assert len(undo) == 1
        ann.set_status(desk.claims()[0].id, "verified")
        assert len(desk.undo_state("ann")[0]) == 2
        ann.undo()
        try:
            ann.undo()
        except UserError as exc:
            assert "import, which cannot be undone" in str(exc)
        else:
            raise AssertionError("an import was undone")
