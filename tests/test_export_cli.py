"""``claimdesk export`` end to end: filters, output files, exit codes, one-line errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest
from test_export_formats import review_seed

from cli import main
from core.desk import Desk


@pytest.fixture
def desk_path(tmp_path, seed_path):
    path = tmp_path / "desk.json"
    with Desk.open(path) as desk:
        roles = review_seed(desk, seed_path)
        article_id = desk.articles()[0].id
    return path, roles, article_id


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_default_is_json_of_reviewed_claims_on_stdout(desk_path, capsys):
    path, roles, _ = desk_path
    code, out, err = cli(capsys, "export", "--desk", str(path))
    assert code == 0 and err == ""
    ids = {c["id"] for c in json.loads(out)["claims"]}
    assert ids == {roles[r] for r in ("verified", "corrected", "false", "inconclusive")}


def test_status_is_repeatable_and_comma_separated(desk_path, capsys):
    path, roles, _ = desk_path
    code, out, _ = cli(
        capsys,
        "export",
        "--desk",
        str(path),
        "--status",
        "needs_source,false",
        "--status",
        "verified",
    )
    assert code == 0
    ids = {c["id"] for c in json.loads(out)["claims"]}
    assert ids == {roles["needs_source"], roles["false"], roles["verified"]}
    code, out, _ = cli(capsys, "export", "--desk", str(path), "--status", "all", "-f", "jsonl")
    assert code == 0
    with Desk.open(path, readonly=True) as desk:
        assert sum('"record": "claim"' in line for line in out.splitlines()) == len(desk.claims())


def test_article_and_since_filters(desk_path, capsys, seed_path):
    path, _, article_id = desk_path
    code, out, _ = cli(capsys, "export", "--desk", str(path), "--article", article_id[:5])
    assert code == 0 and len(json.loads(out)["claims"]) == 4
    code, out, _ = cli(capsys, "export", "--desk", str(path), "--since", "2999-12-31")
    assert code == 0 and json.loads(out)["claims"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--since", "not-a-date"], "not an ISO date"),
        (["--status", "verified,bogus"], "unknown status 'bogus'"),
        (["--article", "zzzz"], "no article 'zzzz'"),
        (["--format", "json", "--bom"], "--bom applies to csv and markdown only"),
        (["-o", "/nonexistent-dir/x.json"], "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(desk_path, capsys, argv, message):
    path, _, _ = desk_path
    code, out, err = cli(capsys, "export", "--desk", str(path), *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("claimdesk: error:")


def test_missing_desk_is_a_clear_error(tmp_path, capsys):
    code, _, err = cli(capsys, "export", "--desk", str(tmp_path / "nope.json"))
    assert code == 2 and "no desk at" in err and err.count("\n") == 1


def test_output_file_is_written_atomically_and_replaces_the_old_one(desk_path, capsys, tmp_path):
    path, _, _ = desk_path
    target = tmp_path / "out" / "claims.csv"
    target.parent.mkdir()
    target.write_text("old contents", encoding="utf-8")
    code, out, err = cli(capsys, "export", "--desk", str(path), "-f", "csv", "-o", str(target))
    assert code == 0 and out == "" and "exported 4 claims" in err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"), newline="")))
    assert len(rows) == 4
    assert sorted(p.name for p in target.parent.iterdir()) == ["claims.csv"]  # no temp left


def test_failed_export_keeps_the_previous_file(desk_path, capsys, tmp_path):
    path, _, _ = desk_path
    target = tmp_path / "memo.md"
    target.write_text("previous memo", encoding="utf-8")
    code, _, _ = cli(
        capsys,
        "export",
        "--desk",
        str(path),
        "-f",
        "markdown",
        "--since",
        "bad",
        "-o",
        str(target),
    )
    assert code == 2
    assert target.read_text(encoding="utf-8") == "previous memo"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".memo")) == []


def test_bom_for_excel(desk_path, capsys, tmp_path):
    path, _, _ = desk_path
    target = tmp_path / "excel.csv"
    assert (
        cli(capsys, "export", "--desk", str(path), "-f", "csv", "--bom", "-o", str(target))[0] == 0
    )
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfarticle_id,")
    code, out, _ = cli(capsys, "export", "--desk", str(path), "-f", "csv")
    assert code == 0 and not out.startswith("\ufeff")


def test_claimreview_flags_and_rating_map(desk_path, capsys, tmp_path, monkeypatch):
    path, roles, _ = desk_path
    for name in ("CLAIMDESK_ORG_NAME", "CLAIMDESK_ORG_URL", "CLAIMDESK_REVIEW_URL"):
        monkeypatch.delenv(name, raising=False)
    ratings = tmp_path / "ratings.toml"
    ratings.write_text('[ratings]\ncorrected = { value = 2, name = "Misleading" }\n', "utf-8")
    code, out, err = cli(
        capsys,
        "export",
        "--desk",
        str(path),
        "-f",
        "claimreview",
        "--org-name",
        "Desk Checks",
        "--review-url",
        "https://x.example/c/",
        "--rating-map",
        str(ratings),
    )
    assert code == 0 and err == ""
    reviews = {r["url"]: r for r in json.loads(out)}
    corrected = reviews[f"https://x.example/c/{roles['corrected']}"]
    assert corrected["reviewRating"]["alternateName"] == "Misleading"
    assert corrected["author"] == {"@type": "Organization", "name": "Desk Checks"}

    code, out, err = cli(capsys, "export", "--desk", str(path), "-f", "claimreview")
    assert code == 0 and len(json.loads(out)) == 4
    lines = err.splitlines()
    assert lines == [
        "claimdesk: warning: 4 ClaimReview object(s) lack required url "
        "(set --review-url or $CLAIMDESK_REVIEW_URL)",
        "claimdesk: warning: 4 ClaimReview object(s) lack required author "
        "(set --org-name or $CLAIMDESK_ORG_NAME)",
    ]
    bad = tmp_path / "bad.json"
    bad.write_text('{"ratings": {"verified": {"value": 99}}}', "utf-8")
    code, _, err = cli(
        capsys, "export", "--desk", str(path), "-f", "claimreview", "--rating-map", str(bad)
    )
    assert code == 2 and "outside 1..5" in err


def test_real_command_pipes_utf8_and_survives_a_closed_pipe(desk_path):
    path, _, _ = desk_path
    result = subprocess.run(
        [sys.executable, "-m", "cli", "export", "--desk", str(path), "-f", "markdown"],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "ascii", "LANG": "C"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "مرحبا".encode() in result.stdout  # UTF-8 even on an ASCII terminal
    assert b"Traceback" not in result.stderr


def test_dump_and_restore_through_the_commands(desk_path, capsys, tmp_path):
    path, _, _ = desk_path
    dump = tmp_path / "backup.jsonl"
    argv = ["--status", "all", "--all-versions"]
    assert cli(capsys, "export", "--desk", str(path), "-f", "jsonl", *argv, "-o", str(dump))[0] == 0
    copy = tmp_path / "copy.json"
    code, out, err = cli(capsys, "import", "--desk", str(copy), "--desk-dump", str(dump))
    assert code == 0, err
    assert "restored" in out
    code, first, _ = cli(capsys, "export", "--desk", str(path), "-f", "json", *argv)
    code, second, _ = cli(capsys, "export", "--desk", str(copy), "-f", "json", *argv)
    a, b = json.loads(first), json.loads(second)
    a.pop("exported_at")
    b.pop("exported_at")
    assert a == b and len(a["claims"]) > 5

    garbage = tmp_path / "latin1.json"
    garbage.write_bytes(b"\xff\xfe\x00 not utf-8 \xe9")
    code, _, err = cli(
        capsys, "import", "--desk", str(tmp_path / "x.json"), "--desk-dump", str(garbage)
    )
    assert code == 2 and "not UTF-8" in err and err.count("\n") == 1
