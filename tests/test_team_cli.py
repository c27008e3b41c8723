"""The commands on a team desk: the same commands, one-line errors for a server that is
not there, credentials that never show, and ``claimdesk copy`` both ways."""

from __future__ import annotations

import json
import os

import psycopg
import pytest
from test_export_formats import review_seed

from cli import main
from core.desk import open_desk
from core.review import Review
from tests.cli_helpers import whole_export
from tests.pg_cluster import PASSWORD, USER, free_port


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_every_command_works_on_a_team_desk_and_never_shows_the_password(
    capsys, pg_url, seed_path, tmp_path
):
    seen = []

    def run(*argv: str) -> tuple[int, str, str]:
        result = cli(capsys, *argv)
        seen.append(result[1] + result[2])
        return result

    code, out, _ = run("import", str(seed_path), "--desk", pg_url)
    assert code == 0 and "new" in out
    code, out, _ = run("status", "--desk", pg_url)
    assert code == 0 and "Mexico" in out and "postgresql://claimdesk@127.0.0.1" in out
    with open_desk(pg_url, readonly=True) as desk:
        first = desk.claims()[0].id
    code, out, _ = run("set", first[:6], "--status", "verified", "--note", "ok", "--desk", pg_url)
    assert code == 0 and "verified" in out
    code, out, _ = run("claims", "--reviewer", "tester", "--format", "jsonl", "--desk", pg_url)
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == [first]
    code, out, _ = run("history", first, "--desk", pg_url)
    assert code == 0 and "status" in out and "tester" in out
    for fmt in ("json", "csv", "markdown", "claimreview"):
        target = tmp_path / f"out.{fmt}"
        code, _out, err = run("export", "-f", fmt, "--desk", pg_url, "-o", str(target))
        assert code == 0, err
        seen.append(target.read_text(encoding="utf-8"))
    code, out, _ = run("undo", "--desk", pg_url)
    assert code == 0 and out.startswith("undid")
    code, _out, err = run("set", "zzzz", "--status", "verified", "--desk", pg_url)
    assert code == 2 and err.count("\n") == 1
    copy = tmp_path / "copy.json"
    code, out, _ = run("copy", pg_url, str(copy))
    assert code == 0 and "copied" in out
    code, _out, err = run("doctor", "--desk", pg_url)
    assert code == 2 and "team desk" in err
    with psycopg.connect(pg_url) as conn:  # nor in anything the desk stored
        for table in ("articles", "claims", "events", "claimdesk_meta"):
            seen.append(json.dumps(conn.execute(f"SELECT * FROM {table}").fetchall(), default=str))
    seen.append(copy.read_text(encoding="utf-8"))
    assert not [text for text in seen if PASSWORD in text]


def test_claimdesk_desk_in_the_environment_picks_the_team_desk(
    capsys, pg_url, seed_path, monkeypatch
):
    monkeypatch.setenv("CLAIMDESK_DESK", pg_url)
    assert cli(capsys, "import", str(seed_path))[0] == 0
    code, out, _ = cli(capsys, "status")
    assert code == 0 and "postgresql://" in out and "Mexico" in out


def test_the_password_can_come_from_pgpassword(capsys, pg_cluster, pg_url, monkeypatch):
    bare = pg_url.replace(f":{PASSWORD}@", "@")
    monkeypatch.setenv("PGPASSWORD", PASSWORD)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    code, out, err = cli(capsys, "status", "--desk", bare)
    assert code == 0, err
    assert "is empty" in out


def test_the_password_can_come_from_pgpass(capsys, pg_cluster, pg_url, monkeypatch, tmp_path):
    bare = pg_url.replace(f":{PASSWORD}@", "@")
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.delenv("PGPASSFILE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    pgpass = tmp_path / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{pg_cluster.port}:*:{USER}:{PASSWORD}\n", encoding="utf-8")
    pgpass.chmod(0o600)
    code, _out, err = cli(capsys, "status", "--desk", bare)
    assert code == 0, err


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("unreachable", "cannot reach the PostgreSQL server (connection refused)"),
        ("bad password", f"the server refused the login for user {USER}"),
        ("no password", f"the server refused the login for user {USER}"),
        ("missing database", "the server has no database 'nosuchdesk'"),
    ],
)
def test_a_server_that_cannot_be_used_gets_one_line_saying_which(
    capsys, pg_cluster, monkeypatch, case, expected
):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")
    url = {
        "unreachable": f"postgresql://{USER}:{PASSWORD}@127.0.0.1:{free_port()}/desk",
        "bad password": pg_cluster.url().replace(PASSWORD, "wrong-" + PASSWORD),
        "no password": pg_cluster.url(password=False),
        "missing database": pg_cluster.url("nosuchdesk"),
    }[case]
    for command in (["status"], ["import", "x.txt"], ["open"], ["export", "-f", "json"]):
        code, out, err = cli(capsys, *command, "--desk", url)
        assert code == 1, (command, err)
        assert err.count("\n") == 1 and expected in err, (command, err)
        assert PASSWORD not in err + out and "Traceback" not in err


def test_copy_tinydb_to_postgres_and_back_gives_identical_exports(
    capsys, tmp_path, seed_path, pg_url, pg_database
):
    tiny = tmp_path / "desk.json"
    with open_desk(tiny) as desk:
        roles = review_seed(desk, seed_path)
        review = Review(desk, "second")
        review.add_note(roles["verified"], "double-checked")
        review.set_status(roles["needs_source"], "dismissed")
        review.undo()
    original = whole_export(capsys, tiny)
    assert original["events"] and len(original["claims"]) >= 10
    code, out, err = cli(capsys, "copy", str(tiny), pg_url)
    assert code == 0, err
    assert f"{len(original['claims'])} claims, {len(original['events'])} events" in out
    assert whole_export(capsys, pg_url) == original
    back = tmp_path / "back.json"
    assert cli(capsys, "copy", pg_url, str(back))[0] == 0
    assert whole_export(capsys, back) == original
    assert cli(capsys, "copy", pg_url, pg_database)[0] == 0  # team desk to team desk
    assert whole_export(capsys, pg_database) == original
    with open_desk(pg_url) as desk:  # the copy keeps working: undo, new reviews
        assert Review(desk, "second").redo() is not None
        assert desk.claim(roles["needs_source"]).status == "dismissed"


def test_copy_refuses_a_destination_that_is_not_empty(capsys, tmp_path, seed_path, pg_url):
    tiny = tmp_path / "desk.json"
    assert cli(capsys, "import", str(seed_path), "--desk", str(tiny))[0] == 0
    assert cli(capsys, "copy", str(tiny), pg_url)[0] == 0
    code, _out, err = cli(capsys, "copy", str(tiny), pg_url)
    assert code == 1 and "not empty" in err and err.count("\n") == 1
    code, _out, err = cli(capsys, "copy", pg_url, str(tiny))
    assert code == 1 and "not empty" in err
    code, _out, err = cli(capsys, "copy", pg_url, pg_url)
    assert code == 2 and "same desk" in err


def test_copy_from_a_missing_desk_file_says_so(capsys, tmp_path, pg_url):
    code, _out, err = cli(capsys, "copy", str(tmp_path / "none.json"), pg_url)
    assert code == 1 and "no desk at" in err
    assert os.path.exists(tmp_path / "none.json") is False


def test_assign_gives_an_article_to_a_reviewer(capsys, pg_url, seed_path, tmp_path):
    assert cli(capsys, "import", str(seed_path), "--desk", pg_url)[0] == 0
    with open_desk(pg_url) as desk:
        article_id = desk.articles()[0].id
    code, out, err = cli(capsys, "assign", article_id[:4], "--to", "ann", "--desk", pg_url)
    assert code == 0, err
    assert f"article {article_id}" in out and out.strip().endswith("assigned to ann")
    assert cli(capsys, "assign", article_id, "--to", "bob", "--desk", pg_url)[0] == 0
    with open_desk(pg_url) as desk:
        assert desk.assignments() == {article_id: "bob"}
    code, _out, err = cli(capsys, "assign", "zzz", "--to", "ann", "--desk", pg_url)
    assert code == 2 and "no article with id starting 'zzz'" in err
    tiny = tmp_path / "desk.json"
    assert cli(capsys, "import", str(seed_path), "--desk", str(tiny))[0] == 0
    code, _out, err = cli(capsys, "assign", article_id, "--to", "ann", "--desk", str(tiny))
    assert code == 2 and "needs a team desk" in err and err.count("\n") == 1
