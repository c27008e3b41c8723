"""The desk sub-commands as a user runs them: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from desk_samples import article

from cli import main
from core.desk import Desk
from core.desk.files import journal_path
from core.model import Status
from core.review import Review
from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def ids(desk_file) -> list[str]:
    with Desk.open(desk_file, readonly=True) as desk:
        return [c.id for c in desk.claims()]


def test_status_table(capsys, desk_file, ids):
    code, out, err = run(capsys, "status")
    assert code == 0 and err == ""
    assert "art000000001" in out and "Extraditions" in out and "0/3" in out
    assert "unreviewed 3" in out
    run(capsys, "set", ids[0][:6], "--status", "verified")
    code, out, _ = run(capsys, "status", "--all-versions")
    assert "1/3" in out and "verified 1" in out


def test_status_of_missing_and_empty_desk(capsys, tmp_path):
    code, out, _ = run(capsys, "status")
    assert code == 0 and "no desk at" in out
    Desk.open(tmp_path / "new.json").close()
    code, out, _ = run(capsys, "status", "--desk", str(tmp_path / "new.json"))
    assert code == 0 and "is empty" in out


def test_set_status_with_note_by_prefix(capsys, desk_file, ids):
    code, out, err = run(capsys, "set", ids[0][:5], "--status", "needs_source", "--note", "ask AP")
    assert code == 0 and err == "" and out.startswith(ids[0]) and "needs_source" in out
    with Desk.open(desk_file, readonly=True) as desk:
        claim = desk.claim(ids[0])
        assert claim.status == Status.NEEDS_SOURCE and claim.reviewer == "tester"
        assert [n.text for n in claim.notes] == ["ask AP"]
        assert [e.action for e in desk.events(ids[0])] == ["import", "status"]


def test_set_corrected_and_source(capsys, desk_file, ids):
    code, _, err = run(
        capsys,
        "set", ids[0], "--status", "corrected", "--value", "29", "--note", "ministry list",
        "--source", "https://gob.mx/x", "--source-title", "Comunicado", "--reviewer", "ana",
    )  # fmt: skip
    assert code == 0, err
    with Desk.open(desk_file, readonly=True) as desk:
        claim = desk.claim(ids[0])
        assert claim.status == Status.CORRECTED and claim.correction.value == "29"
        assert claim.correction.note == "ministry list"
        assert [(s.url, s.title) for s in claim.sources] == [("https://gob.mx/x", "Comunicado")]
        assert {e.reviewer for e in desk.events(ids[0])[1:]} == {"ana"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--status", "corrected"], "--status corrected needs --value"),
        (["--value", "3"], "go with --status corrected"),
        ([], "nothing to set"),
        (["--source-note", "x", "--note", "n"], "goes with --source"),
    ],
)
def test_set_usage_errors(capsys, desk_file, ids, argv, message):
    code, out, err = run(capsys, "set", ids[0], *argv)
    assert code == 2 and message in err and err.count("\n") == 1 and out == ""


def test_unknown_status_is_usage_error(capsys, desk_file, ids):
    with pytest.raises(SystemExit) as info:
        main(["set", ids[0], "--status", "bogus"])
    assert info.value.code == 2


def test_claim_prefix_errors(capsys, desk_file, ids):
    code, _, err = run(capsys, "set", "zzzz", "--status", "verified")
    assert code == 2 and "no claim with id starting 'zzzz'" in err and err.count("\n") == 1


def test_undo_redo_commands(capsys, desk_file, ids):
    run(capsys, "set", ids[1], "--status", "false")
    code, out, _ = run(capsys, "undo")
    assert code == 0 and "undid status" in out and ids[1] in out
    with Desk.open(desk_file, readonly=True) as desk:
        assert desk.claim(ids[1]).status == Status.UNREVIEWED
    code, out, _ = run(capsys, "redo")
    assert code == 0 and "redid status" in out
    with Desk.open(desk_file, readonly=True) as desk:
        assert desk.claim(ids[1]).status == Status.FALSE
    code, out, _ = run(capsys, "redo")
    assert "nothing to redo for tester" in out
    code, out, err = run(capsys, "undo", "--reviewer", "importer")
    assert code == 2 and "cannot be undone" in err


def test_history_lists_every_change(capsys, desk_file, ids):
    run(capsys, "set", ids[0], "--status", "verified", "--note", "checked")
    run(capsys, "set", ids[0], "--source", "https://gob.mx/x")
    run(capsys, "undo")
    code, out, _ = run(capsys, "history", ids[0][:7])
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(f"claim {ids[0]}") and "Mexico handed over 26" in lines[0]
    body = "\n".join(lines[2:])
    assert [line.split()[3] for line in lines[2:]] == ["import", "status", "add_source", "undo"]
    assert "tester" in body and "importer" in body
    assert "unreviewed → verified" in body and "note 'checked'" in body
    assert "+source https://gob.mx/x" in body and "-source https://gob.mx/x" in body


def test_import_requires_paths(capsys):
    code, _, err = run(capsys, "import")
    assert code == 2 and "give article files" in err


def test_import_seed_then_reimport_up_to_date(capsys, seed_path, tmp_path):
    desk = tmp_path / "seed.json"
    code, out, err = run(capsys, "import", str(seed_path), "--desk", str(desk))
    assert code == 0, err
    assert "version 1:" in out and " new" in out
    code, out, _ = run(capsys, "import", str(seed_path), "--desk", str(desk))
    assert "up to date" in out
    with Desk.open(desk, readonly=True) as d:
        assert len(d.articles()) == 1 and len(d.claims()) >= 5


def test_import_bad_file_is_reported_others_imported(capsys, tmp_path, seed_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, out, err = run(
        capsys, "import", str(empty), str(seed_path), "--desk", str(tmp_path / "d.json")
    )
    assert code == 2 and "empty" in err and err.count("\n") == 1
    assert "version 1:" in out


def test_locked_desk_is_one_line_exit_1(capsys, desk_file, ids):
    code = textwrap.dedent(
        f"""
        import sys
        from core.desk import Desk
        desk = Desk.open({str(desk_file)!r})
        print("ready", flush=True)
        sys.stdin.read()
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=ROOT,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        rc, _, err = run(capsys, "set", ids[0], "--status", "verified")
        assert rc == 1 and f"pid {holder.pid}" in err and err.count("\n") == 1
        for argv in (["status", "--readonly"], ["status"]):
            rc, out, err = run(capsys, *argv)
            assert rc == 0 and "0/3" in out
    finally:
        holder.communicate("")


def test_damaged_desk_then_doctor(capsys, desk_file, ids):
    run(capsys, "set", ids[0], "--status", "verified")
    journal = journal_path(desk_file)
    desk = Desk.open(desk_file)
    Review(desk, "tester").add_note(ids[0], "in the journal")
    desk.close()
    journal.write_bytes(journal.read_bytes() + b"{oops}\n" + journal.read_bytes())
    rc, _, err = run(capsys, "status")
    assert rc == 1 and "claimdesk doctor" in err and err.count("\n") == 1
    rc, out, _ = run(capsys, "doctor")
    assert rc == 0 and "kept the damaged file" in out and "rebuilt" in out
    rc, out, _ = run(capsys, "doctor")
    assert "healthy" in out
    with Desk.open(desk_file, readonly=True) as d:
        assert [n.text for n in d.claim(ids[0]).notes] == ["in the journal"]


def test_torn_journal_warns_once_on_stderr(capsys, desk_file, ids):
    desk = Desk.open(desk_file)
    Review(desk, "tester").add_note(ids[0], "ok")
    Review(desk, "tester").add_note(ids[0], "torn")
    desk.close()
    journal = journal_path(desk_file)
    journal.write_bytes(journal.read_bytes()[:-10])
    rc, _out, err = run(capsys, "status")
    assert rc == 0 and err.count("warning:") == 1 and "incomplete last change" in err


def test_doctor_without_desk(capsys, tmp_path):
    rc, _, err = run(capsys, "doctor", "--desk", str(tmp_path / "none.json"))
    assert rc == 1 and "no desk" in err


def test_desk_dump_restore_round_trip(capsys, desk_file, ids, tmp_path):
    run(capsys, "set", ids[0], "--status", "verified", "--note", "n")
    rc, dump, err = run(capsys, "export", "--format", "json", "--status", "all", "--all-versions")
    assert rc == 0, err
    dump_file = tmp_path / "dump.json"
    dump_file.write_text(dump)
    target = tmp_path / "restored.json"
    rc, out, err = run(capsys, "import", "--desk-dump", str(dump_file), "--desk", str(target))
    assert rc == 0, err
    assert "restored 3 claims" in out
    with Desk.open(target, readonly=True) as new, Desk.open(desk_file, readonly=True) as old:
        assert [c.to_dict() for c in new.claims()] == [c.to_dict() for c in old.claims()]
        assert [e.to_dict() for e in new.events()] == [e.to_dict() for e in old.events()]
    assert json.loads(dump)["claims"]


def test_status_all_versions_marks_superseded(capsys, desk_file):
    from desk_samples import TEXT_V2, claims_v2

    with Desk.open(desk_file) as desk:
        new = article(TEXT_V2)
        Review(desk, "importer").import_article(new, claims_v2(new))
    code, out, _ = run(capsys, "status", "--all-versions")
    assert code == 0
    rows = [line for line in out.splitlines() if "│ art000000001" in line]
    assert len(rows) == 2
    assert "superseded by version 2" in rows[0] and "0/3" in rows[1] and "removed 1" in rows[1]
    _code, out, _ = run(capsys, "status")
    assert "superseded" not in out and out.count("│ art000000001") == 1
