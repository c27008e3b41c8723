"""``claimdesk set`` editing notes and sources: flags, one-line errors, undo, exports."""

from __future__ import annotations

import json

import pytest

from core.desk import Desk
from tests.cli_helpers import run


@pytest.fixture
def cid(desk_file) -> str:
    with Desk.open(desk_file, readonly=True) as desk:
        return desk.claims()[0].id


def claim(desk_file, cid):
    with Desk.open(desk_file, readonly=True) as desk:
        return desk.claim(cid)


def test_edit_and_remove_a_note(capsys, desk_file, cid):
    run(capsys, "set", cid, "--note", "frist")
    run(capsys, "set", cid, "--note", "second")
    code, out, err = run(capsys, "set", cid, "--edit-note", "1", "first\nline two")
    assert code == 0, err
    assert [n.text for n in claim(desk_file, cid).notes] == ["first\nline two", "second"]
    code, _, err = run(capsys, "set", cid, "--remove-note", "2")
    assert code == 0, err
    assert [n.text for n in claim(desk_file, cid).notes] == ["first\nline two"]
    code, out, _ = run(capsys, "undo")
    assert "undid remove_note: removed note 2: second" in out
    assert len(claim(desk_file, cid).notes) == 2
    code, out, _ = run(capsys, "history", cid)
    assert "edit_note" in out and "remove_note" in out and "undo" in out


def test_edit_a_source_then_remove_it_and_export_shows_the_edit(capsys, desk_file, cid):
    run(capsys, "set", cid, "--status", "verified", "--source", "http://gob.mx/x",
        "--source-title", "Comunicado", "--accessed", "2025-08-13")  # fmt: skip
    code, _, err = run(
        capsys, "set", cid, "--edit-source", "http://gob.mx/x",
        "--source-url", "https://gob.mx/comunicado-12", "--source-note", "p. 2",
    )  # fmt: skip
    assert code == 0, err
    (source,) = claim(desk_file, cid).sources
    assert (source.url, source.title, source.note, source.accessed) == (
        "https://gob.mx/comunicado-12",
        "Comunicado",
        "p. 2",
        "2025-08-13",
    )
    for fmt in ("csv", "markdown", "json"):
        code, out, err = run(capsys, "export", "--format", fmt)
        assert code == 0, err
        if fmt == "json":  # the claims as they stand; the history keeps the old source
            out = json.dumps([c["sources"] for c in json.loads(out)["claims"]])
        assert "https://gob.mx/comunicado-12" in out and "http://gob.mx/x" not in out, fmt
    code, _, err = run(capsys, "set", cid, "--remove-source", "https://gob.mx/comunicado-12")
    assert code == 0, err
    assert claim(desk_file, cid).sources == []
    run(capsys, "undo")
    assert claim(desk_file, cid).sources[0].note == "p. 2"


def test_edited_notes_and_sources_survive_a_dump_and_restore(capsys, desk_file, cid, tmp_path):
    run(capsys, "set", cid, "--note", "a\nb", "--source", "https://gob.mx/x")
    run(capsys, "set", cid, "--edit-note", "1", "a\nc", "--edit-source", "https://gob.mx/x",
        "--source-title", "Comunicado")  # fmt: skip
    code, dump, err = run(capsys, "export", "--format", "json", "--status", "all", "--all-versions")
    assert code == 0, err
    (tmp_path / "dump.json").write_text(dump)
    target = tmp_path / "restored.json"
    code, _, err = run(
        capsys, "import", "--desk-dump", str(tmp_path / "dump.json"), "--desk", str(target)
    )
    assert code == 0, err
    with Desk.open(target, readonly=True) as new:
        restored = new.claim(cid)
        assert [n.text for n in restored.notes] == ["a\nc"]
        assert restored.sources[0].title == "Comunicado"
        assert [e.action for e in new.events(cid)][-2:] == ["edit_note", "edit_source"]
    assert json.loads(dump)["claims"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--edit-note", "x", "t"], "a note number such as 1"),
        (["--edit-note", "3", "t"], "there is no note 3"),
        (["--edit-note", "1", " "], "needs some text"),
        (["--remove-note", "2"], "there is no note 2"),
        (["--edit-source", "https://gob.mx/x"], "--edit-source needs what changes"),
        (["--edit-source", "https://gob.mx/x", "--source-url", "javascript:x"], "http(s)"),
        (["--edit-source", "https://nope.org", "--source-title", "t"], "has no source"),
        (["--source-url", "https://a.org"], "--source-url goes with --edit-source"),
        (["--accessed", "2025-01-01"], "--accessed goes with"),
        (["--edit-source", "https://gob.mx/x", "--accessed", "yesterday"], "YYYY-MM-DD"),
        (["--remove-source", "https://nope.org"], "has no source"),
    ],
)
def test_bad_edits_are_one_line_exit_2_and_change_nothing(capsys, desk_file, cid, argv, message):
    run(capsys, "set", cid, "--note", "only", "--source", "https://gob.mx/x")
    with Desk.open(desk_file, readonly=True) as desk:
        events = len(desk.events())
    code, out, err = run(capsys, "set", cid, *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and out == "", err
    with Desk.open(desk_file, readonly=True) as desk:
        assert len(desk.events()) == events


def test_statement_and_figure_are_edited_shown_in_exports_and_undone(capsys, desk_file, cid):
    run(capsys, "set", cid, "--status", "verified")
    code, _, err = run(
        capsys, "set", cid, "--edit-statement", "Mexico sent 26 people north.",
        "--figure-value", "26", "--figure-kind", "count", "--figure-unit", "people",
    )  # fmt: skip
    assert code == 0, err
    edited = claim(desk_file, cid)
    assert edited.statement == "Mexico sent 26 people north."
    assert (edited.key_figure.value, edited.key_figure.unit) == (26, "people")
    for fmt in ("csv", "markdown", "claimreview", "json"):
        code, out, err = run(capsys, "export", "--format", fmt)
        assert code == 0, err
        assert "Mexico sent 26 people north." in out, fmt
    code, out, _ = run(capsys, "history", cid)
    assert "edit_statement" in out and "edit_figure" in out
    run(capsys, "undo")
    assert claim(desk_file, cid).statement.startswith("Mexico handed over 26")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--edit-statement", "  "], "statement cannot be empty"),
        (["--figure-value", "lots"], "a count's value is a number"),
        (["--figure-kind", "weight"], "unknown figure kind 'weight'"),
    ],
)
def test_bad_claim_fields_are_one_line_exit_2(capsys, desk_file, cid, argv, message):
    code, out, err = run(capsys, "set", cid, *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and out == "", err


def _ordered(desk_file):
    with Desk.open(desk_file, readonly=True) as desk:
        return sorted(desk.claims(), key=lambda c: c.start)


def test_split_then_merge_on_the_command_line_round_trip_a_dump(capsys, desk_file, tmp_path):
    first = _ordered(desk_file)[0]
    code, out, err = run(capsys, "set", first.id, "--split-at", "20")
    assert code == 0, err
    assert out.startswith("split off claim ")
    claims = _ordered(desk_file)
    assert len(claims) == 4 and claims[0].end == first.start + 20 == claims[1].start
    code, dump, err = run(capsys, "export", "--format", "json", "--status", "all", "--all-versions")
    assert code == 0, err
    (tmp_path / "dump.json").write_text(dump)
    target = tmp_path / "restored.json"
    code, _, err = run(
        capsys, "import", "--desk-dump", str(tmp_path / "dump.json"), "--desk", str(target)
    )
    assert code == 0, err
    with Desk.open(target, readonly=True) as new:
        assert sorted(c.id for c in new.claims()) == sorted(c.id for c in claims)
    code, out, err = run(capsys, "export", "--format", "csv", "--status", "all")
    assert code == 0 and claims[1].id in out
    code, out, err = run(capsys, "set", claims[0].id, "--merge-with", claims[1].id[:8])
    assert code == 0, err
    assert f"merged claim {claims[1].id} into {first.id}" in out
    assert [c.id for c in _ordered(desk_file)] == [c.id for c in [first, *claims[2:]]]
    run(capsys, "undo")
    assert len(_ordered(desk_file)) == 4
    run(capsys, "undo")
    head = _ordered(desk_file)[0]
    assert (head.id, head.end) == (first.id, first.end)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--split-at", "0"], "words on both sides"),
        (["--split-at-figure", "999"], "has no later figure '999'"),
        (["--split-at", "5", "--merge-with", "x"], "not allowed with argument"),
    ],
)
def test_bad_splits_and_merges_are_one_line_exit_2(capsys, desk_file, cid, argv, message):
    try:
        code, out, err = run(capsys, "set", cid, *argv)
    except SystemExit as stop:  # argparse refuses the combination itself
        code, (out, err) = stop.code, capsys.readouterr()
    assert code == 2 and message in err and out == "", err


def test_a_merge_with_a_far_claim_is_refused(capsys, desk_file):
    claims = _ordered(desk_file)
    code, _, err = run(capsys, "set", claims[0].id, "--merge-with", claims[2].id)
    assert code == 2 and "not neighbours" in err and err.count("\n") == 1
