"""Known fact-checks on a team desk: the checks table of schema 2, the migration from a
desk of schema 1, every ``checks`` command answering as on a desk file, the index each
machine caches (and rebuilds when anyone's import made it stale), and ``copy`` carrying
the checks both ways."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import psycopg
import pytest
from check_samples import claimreview
from forking import fork, frozen_heap
from test_team_cli import cli

from core.desk import open_desk
from core.review import Review
from core.team.connect import connect
from core.team.desk import TeamDesk
from core.team.schema import LOCK_KEY, SCHEMA_VERSION, ensure_schema
from tests.pg_cluster import PASSWORD

CHECK_URL = "https://factcheck.example/2025/mexico-29"


def _feed(tmp_path: Path, name: str = "feed.json", extra: int = 0) -> Path:
    checks = [
        claimreview(
            CHECK_URL,
            "Mexico handed over 29 cartel figures to the United States in February.",
            "How many cartel figures did Mexico send to the US?",
            "PolitiFact", "False", "Mexican government", "2025-02-28",
        ),
        claimreview(
            "https://leadstories.example/2024/moon",
            "The moon landing was filmed in a studio.",
            "Kubrick did not film the moon landing",
            "Lead Stories", "False", "Website", "2023-10-11",
        ),
        claimreview(
            "https://fullfact.example/tariffs-25",
            "The United States put a 25 per cent tariff on Mexican goods.",
            "Did the US put tariffs of 25% on Mexico?",
            "Full Fact", "True", "White House", "2025-03-04",
        ),
    ]  # fmt: skip
    for n in range(extra):
        checks.append(
            claimreview(
                f"https://more.example/{n}",
                f"Claim {n}: the port handled {n} ships in March",
                f"Ships {n}",
                "More Checks",
                "Unproven",
                "A port",
                "2025-01-01",
            )
        )
    path = tmp_path / name
    path.write_text(json.dumps(checks), encoding="utf-8")
    return path


# ---------------------------------------------------------------- schema 1 → 2
def _v1_desk(url: str, seed_path: Path) -> None:
    """A desk as claimdesk with schema 1 made it: the v1 tables only, holding an article,
    its claims and their events (written by the desk's own write path, which v1 had)."""
    conn = connect(url)
    try:
        assert ensure_schema(conn, "v1", target=1) == 0
        desk = TeamDesk(url, readonly=False)
        desk._conn = conn
        from core.extract import extract_claims
        from core.ingest import article_from_text

        article = article_from_text(seed_path.read_text(encoding="utf-8"), source="seed.txt")
        review = Review(desk, "ann")
        review.import_article(article, extract_claims(article))
        first = desk.claims()[0].id
        review.set_status(first, "verified")
        review.add_note(first, "checked with the ministry")
    finally:
        conn.close()


def _tables(url: str) -> dict[str, list]:
    with psycopg.connect(url) as conn:
        return {
            "articles": conn.execute("SELECT * FROM articles ORDER BY id, version").fetchall(),
            "claims": conn.execute("SELECT * FROM claims ORDER BY id").fetchall(),
            "events": conn.execute("SELECT * FROM events ORDER BY seq").fetchall(),
            "assignments": conn.execute("SELECT * FROM assignments").fetchall(),
        }


def _schema(url: str) -> int:
    with psycopg.connect(url) as conn:
        return int(
            conn.execute("SELECT value FROM claimdesk_meta WHERE key = 'schema'").fetchone()[0]
        )


def test_a_schema_1_desk_is_upgraded_keeping_everything(pg_url, seed_path, capsys):
    _v1_desk(pg_url, seed_path)
    assert _schema(pg_url) == 1
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('checks')").fetchone()[0] is None
    before = _tables(pg_url)
    assert before["articles"] and len(before["claims"]) > 5 and len(before["events"]) > 5
    with open_desk(pg_url) as desk:
        assert desk.schema_found == 1
        assert desk.meta["schema"] == SCHEMA_VERSION == 2
        assert desk.checks_generation() == 0 and desk.check_rows() == {}
        assert desk.meta["desk_id"]
    assert _tables(pg_url) == before  # every article, claim and event as it was
    with psycopg.connect(pg_url) as conn:  # the queues' index came with the upgrade
        assert conn.execute("SELECT to_regclass('claims_last_reviewer')").fetchone()[0]
    with open_desk(pg_url) as desk:
        assert desk.schema_found == 2  # the second open has nothing to do
    assert _tables(pg_url) == before
    code, out, err = cli(capsys, "history", before["claims"][0][0], "--desk", pg_url)
    assert code == 0, err
    code, out, err = cli(capsys, "status", "--desk", pg_url)
    assert code == 0 and "Mexico" in out


def _open_and_report(url: str, out_fd: int) -> None:
    """A forked child: opens the desk (migrating it if no one has) and writes the schema
    it found; an error fails the child's exit code and its traceback is on stderr."""
    with open_desk(url) as desk:
        os.write(out_fd, f"{desk.schema_found}\n".encode())


def test_processes_opening_a_schema_1_desk_at_once_migrate_it_once(pg_url, seed_path, tmp_path):
    _v1_desk(pg_url, seed_path)
    outs = [tmp_path / f"process{i}.out" for i in range(4)]
    with frozen_heap(), psycopg.connect(pg_url, autocommit=True) as gate:
        # Hold the migration lock so that every process is waiting on it at once.
        gate.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        pids = [fork(_open_and_report, pg_url, out=out) for out in outs]
        deadline = time.monotonic() + 120
        while True:
            waiting = gate.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            ).fetchone()[0]
            if waiting == len(pids):
                break
            assert time.monotonic() < deadline, "the processes never reached the lock"
            time.sleep(0.05)
        gate.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
        codes = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in pids]
    assert codes == [0, 0, 0, 0], "a process failed to open the desk (its traceback above)"
    found = sorted(int(out.read_text()) for out in outs)
    assert found == [1, 2, 2, 2]  # one migrated
    assert _schema(pg_url) == 2


def test_opening_a_current_desk_never_waits_on_the_migration_lock(pg_url):
    """A desk already at this schema is read in one statement, without the lock: opens
    never queue behind one another (or behind a long migration of another desk's
    tables). One upgrading still waits, as the test above shows."""
    import threading

    with open_desk(pg_url):
        pass
    opened = threading.Event()

    def open_once() -> None:
        with open_desk(pg_url) as desk:
            assert desk.schema_found == SCHEMA_VERSION
            opened.set()

    with psycopg.connect(pg_url, autocommit=True) as gate:
        gate.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        opener = threading.Thread(target=open_once, daemon=True)
        opener.start()
        try:
            assert opened.wait(10), "opening a current desk waited on the migration lock"
        finally:
            gate.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
            opener.join(30)


def test_a_desk_of_a_newer_schema_is_refused_in_one_line(pg_url, capsys):
    with open_desk(pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE claimdesk_meta SET value = '3' WHERE key = 'schema'")
    for argv in (["status"], ["checks", "status"], ["checks", "search", "26"]):
        code, _out, err = cli(capsys, *argv, "--desk", pg_url)
        assert code == 1 and err.count("\n") == 1, (argv, err)
        assert "newer claimdesk (schema 3, this one reads 2)" in err and PASSWORD not in err
    assert _schema(pg_url) == 3  # left as it was


# ---------------------------------------------------------------- the commands
def _session(capsys, desk: str, tmp_path: Path) -> list[tuple[int, str, str]]:
    """Every checks command, good input and bad, as a reviewer would type them."""
    feed = _feed(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text('{"not": "a feed"', encoding="utf-8")
    queries = tmp_path / "queries.txt"
    queries.write_text("Mexico sent 26 cartel bosses to the US\nmoon landing hoax\n", "utf-8")
    steps = [
        ["status"],
        ["import", str(feed), str(broken), str(tmp_path / "missing.json")],
        ["import", str(feed)],
        ["status"],
        ["status", "--format", "json"],
        ["search", "Mexico handed 26 cartel figures to the US"],
        ["search", "--queries", str(queries), "--format", "jsonl", "--limit", "2"],
        ["search", "tariff of 25 per cent", "--format", "json"],
        ["search", "--limit", "0", "x"],
        ["search"],
        ["search", "x", "--queries", str(queries)],
        ["remove", "--publisher", "Nobody"],
        ["remove", "--publisher", "lead stories"],
        ["index"],
        ["status"],
        ["search", "moon landing", "--format", "jsonl"],
    ]
    results = []
    for argv in steps:
        code, out, err = cli(capsys, "checks", *argv, "--desk", desk)
        results.append((code, out, err.replace(desk, "DESK")))
    return results


def test_every_checks_command_answers_on_a_team_desk_as_on_a_desk_file(
    capsys, pg_url, tmp_path, seed_path
):
    tiny = str(tmp_path / "desk.json")
    for desk in (tiny, pg_url):
        assert cli(capsys, "import", str(seed_path), "--desk", desk)[0] == 0
    on_file = _session(capsys, tiny, tmp_path)
    on_team = _session(capsys, pg_url, tmp_path)
    for team_said, file_said in zip(on_team, on_file, strict=True):
        assert team_said == file_said
    codes = [code for code, _out, _err in on_team]
    assert codes == [0, 2, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 0, 0, 0, 0]
    assert "3 added" in on_team[1][1] and "3 unchanged" in on_team[2][1]
    assert json.loads(on_team[4][1]) == {"PolitiFact": 1, "Lead Stories": 1, "Full Fact": 1}
    first = json.loads(on_team[6][1].splitlines()[0])
    assert first["matches"][0]["url"] == CHECK_URL
    assert "removed 1 fact-checks from lead stories" in on_team[12][1]
    assert "leadstories.example" not in on_team[15][1]  # removed
    for n, (code, out, err) in enumerate(on_team):
        assert PASSWORD not in out + err and "Traceback" not in err
        assert code == 0 or err.count("\n") == (2 if n == 1 else 1)  # a line per bad file
    with psycopg.connect(pg_url) as conn:  # the checks are on the server, by url
        urls = [r[0] for r in conn.execute("SELECT url FROM checks ORDER BY ord").fetchall()]
    assert urls == [CHECK_URL, "https://fullfact.example/tariffs-25"]


def test_each_import_and_remove_bumps_the_generation(pg_url, tmp_path, capsys):
    with open_desk(pg_url) as desk:
        assert desk.checks_generation() == 0
    assert cli(capsys, "checks", "import", str(_feed(tmp_path)), "--desk", pg_url)[0] == 0
    with open_desk(pg_url) as desk:
        after_import = desk.checks_generation()
        assert after_import >= 1
    assert cli(capsys, "checks", "import", str(_feed(tmp_path)), "--desk", pg_url)[0] == 0
    with open_desk(pg_url) as desk:  # nothing changed: nothing written
        assert desk.checks_generation() == after_import
    assert cli(capsys, "checks", "remove", "--publisher", "Full Fact", "--desk", pg_url)[0] == 0
    with open_desk(pg_url) as desk:
        assert desk.checks_generation() == after_import + 1
        assert len(desk.check_rows()) == 2


def test_a_read_only_team_desk_refuses_to_change_checks(pg_url):
    from core.errors import DeskError

    with open_desk(pg_url, readonly=True) as desk, pytest.raises(DeskError, match="read-only"):
        desk.commit_checks([{"url": "https://x.example/1"}])


def test_the_index_is_cached_per_machine_without_credentials_and_rebuilt_when_stale(
    pg_url, tmp_path, capsys
):
    assert cli(capsys, "checks", "import", str(_feed(tmp_path)), "--desk", pg_url)[0] == 0
    cache = Path(os.environ["XDG_CACHE_HOME"]) / "claimdesk" / "team-checks"
    (folder,) = [p for p in cache.iterdir() if p.is_dir()]
    for path in [folder, *folder.rglob("*")]:
        assert PASSWORD not in str(path) and "claimdesk@" not in str(path)
        if path.is_file() and path.suffix in (".json", ".jsonl"):
            assert PASSWORD not in path.read_text(encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    with open_desk(pg_url) as desk:
        assert manifest["source"]["generation"] == desk.checks_generation()
    # Another machine (here: another process writing the table itself) adds a check.
    with open_desk(pg_url) as desk:
        desk.commit_checks(
            [
                {
                    "url": "https://other.example/ships",
                    "claim_reviewed": "The harbour of Veracruz handled 9,000 ships last year",
                    "name": "",
                    "rating": {"name": "True"},
                    "publisher": "Other Desk",
                    "date_published": "2025-04-01",
                    "claimant": None,
                    "origin": "import",
                }
            ]
        )
    code, out, err = cli(
        capsys, "checks", "search", "Veracruz harbour ships", "--format", "jsonl", "--desk", pg_url
    )
    assert code == 0 and err == ""
    assert json.loads(out)["matches"][0]["url"] == "https://other.example/ships"
    rebuilt = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert rebuilt["source"]["generation"] == manifest["source"]["generation"] + 1


def test_a_recreated_database_of_the_same_name_never_reads_the_old_index(
    pg_cluster, tmp_path, capsys
):
    url = pg_cluster.create_database("recreated")
    assert cli(capsys, "checks", "import", str(_feed(tmp_path)), "--desk", url)[0] == 0
    with psycopg.connect(pg_cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("DROP DATABASE recreated")
    url = pg_cluster.create_database("recreated")
    code, out, err = cli(
        capsys, "checks", "search", "moon landing", "--format", "jsonl", "--desk", url
    )
    assert code == 0, err
    assert json.loads(out)["matches"] == []


# ---------------------------------------------------------------- copy
def _answers(capsys, desk: str) -> tuple:
    """What ``checks status`` and ``checks search`` say on ``desk`` (its name left out)."""
    said = [cli(capsys, "checks", "status", "--desk", desk)]
    said.append(cli(capsys, "checks", "status", "--format", "json", "--desk", desk))
    for query in ("Mexico handed 26 cartel figures to the US", "moon landing", "tariff 25%",
                  "how many ships did the port handle in March"):  # fmt: skip
        said.append(cli(capsys, "checks", "search", query, "--format", "jsonl", "--desk", desk))
        said.append(cli(capsys, "checks", "search", query, "--desk", desk))
    return tuple((code, out, err.replace(desk, "DESK")) for code, out, err in said)


def test_copy_carries_the_known_checks_both_ways(capsys, tmp_path, seed_path, pg_url, pg_database):
    tiny = str(tmp_path / "desk.json")
    assert cli(capsys, "import", str(seed_path), "--desk", tiny)[0] == 0
    assert cli(capsys, "checks", "import", str(_feed(tmp_path, extra=30)), "--desk", tiny)[0] == 0
    original = _answers(capsys, tiny)
    assert json.loads(original[1][1])["More Checks"] == 30
    assert all(code == 0 and err == "" for code, _out, err in original)
    code, out, err = cli(capsys, "copy", tiny, pg_url)
    assert code == 0, err
    assert "33 known checks" in out and PASSWORD not in out + err
    assert _answers(capsys, pg_url) == original
    back = str(tmp_path / "back.json")
    code, out, err = cli(capsys, "copy", pg_url, back)
    assert code == 0 and "33 known checks" in out, err
    assert _answers(capsys, back) == original
    # as imported: the same checks, in the same order
    with open_desk(back, readonly=True) as desk, open_desk(tiny, readonly=True) as first:
        assert list(desk.check_rows().values()) == list(first.check_rows().values())
    assert cli(capsys, "copy", pg_url, pg_database)[0] == 0  # team desk to team desk
    assert _answers(capsys, pg_database) == original


def test_copy_refuses_a_destination_that_holds_known_checks(capsys, tmp_path, seed_path, pg_url):
    tiny = str(tmp_path / "desk.json")
    assert cli(capsys, "import", str(seed_path), "--desk", tiny)[0] == 0
    assert cli(capsys, "checks", "import", str(_feed(tmp_path)), "--desk", pg_url)[0] == 0
    code, _out, err = cli(capsys, "copy", tiny, pg_url)
    assert code == 1 and "not empty" in err and err.count("\n") == 1
    with open_desk(pg_url) as desk:
        assert desk.articles() == [] and len(desk.check_rows()) == 3


def test_export_matches_lists_a_team_desks_known_checks_as_a_desk_files(
    capsys, pg_url, tmp_path, seed_path
):
    said = []
    for desk in (str(tmp_path / "desk.json"), pg_url):
        assert cli(capsys, "import", str(seed_path), "--desk", desk)[0] == 0
        assert cli(capsys, "checks", "import", str(_feed(tmp_path)), "--desk", desk)[0] == 0
        code, out, err = cli(
            capsys, "export", "-f", "jsonl", "--matches", "--status", "all", "--desk", desk
        )
        assert code == 0, err
        records = [json.loads(line) for line in out.splitlines()]
        said.append({r["id"]: r["known_checks"] for r in records if r["record"] == "claim"})
    on_file, on_team = said
    assert on_team == on_file
    assert any(CHECK_URL in [k["url"] for k in known] for known in on_team.values())
