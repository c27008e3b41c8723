"""The configuration file: one TOML file, flags over the environment over the file, and
one line naming the file and the key when the file is wrong."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.config import config_path, load_settings, parse_settings, resolve
from core.errors import UserError

CLAIMDESK = str(Path(sys.executable).with_name("claimdesk"))


def run(*args: str, env=None, cwd=None) -> subprocess.CompletedProcess:
    import os

    full = dict(os.environ)
    full.update(env or {})
    return subprocess.run(
        [CLAIMDESK, *args], capture_output=True, text=True, env=full, cwd=cwd, timeout=120
    )


@pytest.fixture
def config(tmp_path, monkeypatch):
    """Write a configuration file and point ``$CLAIMDESK_CONFIG`` at it."""

    def write(text: str) -> Path:
        path = tmp_path / "config.toml"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("CLAIMDESK_CONFIG", str(path))
        return path

    return write


def test_default_path_is_in_the_user_config_directory(monkeypatch):
    monkeypatch.delenv("CLAIMDESK_CONFIG")
    path, why = config_path()
    assert path.parts[-2:] == ("claimdesk", "config.toml")
    assert why == "default"


def test_every_key_of_the_file_is_read(config):
    path = config(
        """
reviewer = "r2"
desk = "desks/team.json"
model = "en_core_web_sm"
theme = "textual-light"
[claimreview]
org_name = "Desk Checks"
org_url = "https://checks.example.org"
review_url = "https://checks.example.org/c/"
rating_map = "ratings.toml"
[export]
format = "csv"
status = ["verified", "needs_source"]
bom = true
[extract]
sort = "checkworthiness"
[claims]
format = "jsonl"
[serve]
port = 8123
[keys]
"review.verified" = "y"
"""
    )
    loaded = load_settings()
    assert loaded.found and loaded.path == path
    assert loaded.get("reviewer") == "r2"
    # Paths in the file are relative to the file, not to wherever the command runs.
    assert loaded.get("desk") == str(path.parent / "desks" / "team.json")
    assert loaded.get("claimreview.rating_map") == str(path.parent / "ratings.toml")
    assert loaded.get("export.status") == ["verified", "needs_source"]
    assert loaded.get("serve.port") == 8123
    assert loaded.settings.keys == {"review.verified": "y"}


def test_flag_beats_environment_beats_file(config, monkeypatch):
    config('reviewer = "from-file"\n[claimreview]\norg_name = "File Org"\n')
    monkeypatch.delenv("CLAIMDESK_REVIEWER")
    assert resolve("reviewer") == ("from-file", "file")
    monkeypatch.setenv("CLAIMDESK_REVIEWER", "from-env")
    assert resolve("reviewer") == ("from-env", "$CLAIMDESK_REVIEWER")
    assert resolve("reviewer", "from-flag") == ("from-flag", "flag")
    assert resolve("claimreview.org_name") == ("File Org", "file")
    assert resolve("claimreview.org_url") == (None, "default")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reviewr = 'x'\n", "unknown key 'reviewr'"),
        ("[claimreview]\norg = 'x'\n", "unknown key 'claimreview.org'"),
        ("reviewer = 3\n", "key 'reviewer' must be a string, not a number"),
        ("[serve]\nport = '80'\n", "key 'serve.port' must be an integer, not a string"),
        ("[export]\nformat = 'xls'\n", "key 'export.format' has unknown value 'xls'"),
        ("[export]\nstatus = ['verified', 'nope']\n", "key 'export.status' has unknown value"),
        ("claimreview = 1\n", "key 'claimreview' must be a table"),
        ("[keys]\n'review.verified' = 1\n", "key 'keys.review.verified' must be a key name"),
        ("reviewer = 'a'\nreviewer 'b'\n", "not valid TOML: Expected '=' after a key"),
    ],
)
def test_a_bad_file_names_the_file_and_the_key(text, message):
    with pytest.raises(UserError) as caught:
        parse_settings(text, "/etc/x/config.toml")
    assert str(caught.value).startswith("/etc/x/config.toml: ")
    assert message in str(caught.value)


def test_bad_toml_says_the_line():
    with pytest.raises(UserError, match=r"at line 3"):
        parse_settings("reviewer = 'a'\n\ndesk = \n", "config.toml")


def test_a_bad_file_is_one_line_for_any_command(tmp_path):
    bad = tmp_path / "config.toml"
    bad.write_text("[export]\nformat = 7\n", encoding="utf-8")
    for command in (["status"], ["config"], ["export"], ["extract", "-"]):
        result = run(*command, env={"CLAIMDESK_CONFIG": str(bad)})
        assert result.returncode == 2, command
        assert result.stderr.count("\n") == 1, result.stderr
        assert str(bad) in result.stderr and "export.format" in result.stderr
        assert "Traceback" not in result.stderr


def test_a_named_file_that_is_missing_is_an_error(tmp_path):
    result = run("config", env={"CLAIMDESK_CONFIG": str(tmp_path / "nope.toml")})
    assert result.returncode == 2
    assert "nope.toml: no such configuration file" in result.stderr


def test_config_prints_the_path_and_where_each_setting_came_from(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(
        'reviewer = "r2"\n[claimreview]\norg_name = "Desk Checks"\n'
        '[keys]\n"review.verified" = "y"\n',
        encoding="utf-8",
    )
    env = {"CLAIMDESK_CONFIG": str(path), "CLAIMDESK_ORG_URL": "https://env.example.org"}
    out = run("config", "--model", "flagged", env=env).stdout
    assert f"# configuration file: {path}" in out
    lines = {line.split(" = ")[0]: line for line in out.splitlines() if " = " in line}
    # The autouse fixture sets $CLAIMDESK_REVIEWER: the environment beats the file.
    assert "from $CLAIMDESK_REVIEWER" in lines["reviewer"]
    assert lines["org_name"].startswith('org_name = "Desk Checks"  # from the file')
    assert "from $CLAIMDESK_ORG_URL" in lines["org_url"]
    assert lines["model"].startswith('model = "flagged"  # from the command line')
    assert "built-in default" in lines["port"]
    assert '"review.verified" = "y"' in out


def test_the_file_sets_the_desk_and_export_defaults(tmp_path, seed_path, run_cli):
    cfg = tmp_path / "config.toml"
    cfg.write_text(
        'desk = "my-desk.json"\nreviewer = "r2"\n'
        '[export]\nformat = "csv"\nstatus = "unreviewed"\n'
        '[claimreview]\norg_name = "Desk Checks"\n',
        encoding="utf-8",
    )
    env = {"CLAIMDESK_CONFIG": str(cfg), "CLAIMDESK_DESK": "", "CLAIMDESK_REVIEWER": ""}
    assert run_cli("import", str(seed_path), env=env).returncode == 0
    assert (tmp_path / "my-desk.json").exists()
    out = run_cli("export", env=env).stdout
    assert out.splitlines()[0].startswith("article_id,")  # csv, from the file
    assert len(out.splitlines()) > 10  # unreviewed claims, from the file
    # A flag still wins over the file.
    dumped = json.loads(run_cli("export", "--format", "json", "--status", "all", env=env).stdout)
    assert dumped["claims"]
    reviews = json.loads(
        run_cli("export", "--format", "claimreview", "--status", "all", env=env).stdout
    )
    assert reviews == []  # nothing reviewed yet
    claim = dumped["claims"][0]["id"]
    assert run_cli("set", claim, "--status", "verified", env=env).returncode == 0
    history = run_cli("history", claim, env=env).stdout
    assert "r2" in history  # the reviewer named in the file
    reviews = json.loads(
        run_cli("export", "--format", "claimreview", "--status", "verified", env=env).stdout
    )
    assert reviews[0]["author"]["name"] == "Desk Checks"
