"""No control or bidi character reaches a terminal from an output meant for people.

A note pasted with an OSC 52 sequence would write the reviewer's clipboard when ``export
-f csv`` is printed; a right-to-left override in an article makes "26" display as "62".
csv, the Markdown memo, ``extract --format table``, ``history``, ``status`` and every
message show such characters as escapes (``\\x1b``, ``\\u202e``). JSON and JSON Lines stay
lossless: the characters are JSON escapes there, which decode to the same text.
"""

from __future__ import annotations

import csv
import io
import json

import pytest

from core.safetext import json_inert, printable, stand_ins
from core.store import Desk
from tests.cli_helpers import run

OSC52 = "\x1b]52;c;ZWNobyBwd25lZA==\x07"
NASTY = f"{OSC52} \x9b31m red \r over \u202egnp.exe\u202c \u2066x\u2069 \u200f \u2028 end"
RAW = ["\x1b", "\x07", "\x9b", "\r", "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\u2028"]
ARTICLE = (
    "Bidi \u202eheadline\u202c here\n\n"
    "Officials said 26 people were sent back \u202eon Tuesday\u202c, the ministry said.\n"
)


def assert_inert(text: str) -> None:
    found = [repr(ch) for ch in RAW if ch in text]
    assert not found, f"raw {found} in output"


@pytest.fixture
def nasty(tmp_path, capsys):
    article = tmp_path / f"art{NASTY[:8]}.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    desk = tmp_path / "desk.json"
    code, out, err = run(capsys, "import", str(article), "--desk", str(desk))
    assert code == 0, err
    assert_inert(out + err)
    with Desk.open(desk, readonly=True) as d:
        claim_id = d.claims()[0].id
    code, out, err = run(
        capsys,
        *("set", claim_id, "--desk", str(desk), "--status", "corrected"),
        *("--value", f"27 {NASTY}", "--statement", f"It was 27{NASTY}", "--note", NASTY),
        *("--source", "https://gob.mx/r", "--source-title", NASTY),
    )
    assert code == 0, err
    assert_inert(out + err)
    code, out, err = run(capsys, "set", claim_id, "--desk", str(desk), "--note", NASTY)
    assert code == 0, err
    assert_inert(out + err)
    return desk, article, claim_id


@pytest.mark.parametrize(
    "argv",
    [
        ["export", "-f", "csv"],
        ["export", "-f", "markdown"],
        ["status"],
        ["status", "--all-versions"],
    ],
)
def test_desk_outputs_for_people_are_inert(nasty, capsys, argv):
    desk, _article, _claim_id = nasty
    code, out, err = run(capsys, *argv, "--desk", str(desk))
    assert code == 0, err
    assert_inert(out.replace("\r\n", "\n") + err)  # csv ends its rows with CRLF
    assert "\\u202e" in out  # shown, so the reviewer sees what is there


def test_csv_keeps_its_rows_and_line_breaks(nasty, capsys, tmp_path):
    desk, _article, _claim_id = nasty
    target = tmp_path / "claims.csv"
    assert run(capsys, "export", "-f", "csv", "--desk", str(desk), "-o", str(target))[0] == 0
    text = target.read_text(encoding="utf-8")
    assert_inert(text.replace("\r\n", "\n"))
    (row,) = list(csv.DictReader(io.StringIO(text, newline="")))
    assert row["notes"].startswith("\\x1b]52;c;")
    assert "\\x07" in row["notes"] and "\\u202egnp.exe\\u202c" in row["notes"]
    assert row["correction_value"].startswith("27 \\x1b]52")


def test_history_and_undo_are_inert(nasty, capsys):
    desk, _article, claim_id = nasty
    code, out, err = run(capsys, "history", claim_id, "--desk", str(desk))
    assert code == 0, err
    assert_inert(out)
    assert "\\x1b]52" in out and "\\u202e" in out
    code, out, err = run(capsys, "undo", "--desk", str(desk))
    assert code == 0, err
    assert_inert(out + err)


def test_extract_table_is_inert(nasty, capsys):
    _desk, article, _claim_id = nasty
    code, out, err = run(capsys, "extract", str(article), "--format", "table")
    assert code == 0, err
    assert_inert(out + err)
    assert "\\u202eon" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_exports_are_lossless_and_inert(nasty, capsys, fmt):
    desk, _article, claim_id = nasty
    code, out, err = run(capsys, "export", "-f", fmt, "--status", "all", "--desk", str(desk))
    assert code == 0, err
    assert_inert(out)
    records = [json.loads(line) for line in out.splitlines()] if fmt == "jsonl" else None
    claims = (
        json.loads(out)["claims"]
        if fmt == "json"
        else [r for r in records or [] if r["record"] == "claim"]
    )
    (claim,) = [c for c in claims if c["id"] == claim_id]
    assert claim["notes"][0]["text"] == NASTY  # every character as it was written
    assert claim["correction"]["note"] == NASTY
    assert claim["correction"]["value"] == f"27 {NASTY}"
    assert "\u202eon Tuesday\u202c" in claim["statement"]


def test_extract_json_is_lossless_and_inert(nasty, capsys):
    _desk, article, _claim_id = nasty
    code, out, err = run(capsys, "extract", str(article), "--format", "json")
    assert code == 0, err
    assert_inert(out)
    assert "\u202eon Tuesday\u202c" in json.loads(out)["article"]["text"]
    code, out, err = run(capsys, "extract", str(article), "--format", "jsonl")
    assert code == 0 and "\u202e" not in out
    assert "\u202eon Tuesday\u202c" in json.loads(out)["article"]["text"]


def test_the_shared_functions():
    assert printable("a\x1bb\u202ec\td\ne") == "a\\x1bb\\u202ec\\td\\ne"
    assert printable("a\tb\nc\x07", keep="\n\t") == "a\tb\nc\\x07"
    assert stand_ins("a\x1bb\u202ec\td\ne") == "a·b·c d\ne"
    assert len(stand_ins(NASTY)) == len(NASTY)
    assert json.loads(json_inert(json.dumps(NASTY, ensure_ascii=False))) == NASTY
    assert json_inert('"مرحبا 中文 😀"') == '"مرحبا 中文 😀"'
