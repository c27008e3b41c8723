"""Bad input through the real ``claimdesk extract`` command: one clear line, never a traceback.

Inputs that cannot be read exit 2 with one line on stderr; inputs that can be read with
care (other encodings, escapes, markup, odd Unicode) give a correct result.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
import warm_command

from cli import main

CLAIMDESK = Path(sys.executable).with_name("claimdesk")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _fails_cleanly(capsys, *argv: str, match: str) -> str:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("claimdesk: error: ")
    assert match in err
    assert "Traceback" not in err
    return err


def test_empty_file(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    _fails_cleanly(capsys, str(path), match="is empty")


def test_binary_file(tmp_path, capsys):
    path = tmp_path / "photo.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 8)
    _fails_cleanly(capsys, str(path), match="binary")


def test_missing_path(tmp_path, capsys):
    _fails_cleanly(capsys, str(tmp_path / "nope.txt"), match="no such file")


def test_directory(tmp_path, capsys):
    _fails_cleanly(capsys, str(tmp_path), match="is a directory")


def test_bad_second_input_fails_before_any_output(tmp_path, capsys, seed_path):
    _fails_cleanly(
        capsys, "--format", "jsonl", str(seed_path), str(tmp_path / "x"), match="no such file"
    )


def test_huge_file_is_refused_with_the_limit(tmp_path, capsys):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Prices rose 4 per cent in May. " * 100)
        handle.truncate(50 * 1024 * 1024)
    _fails_cleanly(capsys, str(path), match="5 MB limit")


def test_json_with_several_inputs_suggests_jsonl(seed_path, capsys):
    _fails_cleanly(capsys, "--format", "json", str(seed_path), str(seed_path), match="jsonl")


def test_real_command_prints_no_traceback(tmp_path):
    path = tmp_path / "empty.md"
    path.write_bytes(b"\n\n")
    result = warm_command.run(
        [str(CLAIMDESK), "extract", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"claimdesk: error: {path} is empty: there is no article text to read"
    ]


# --------------------------------------------------- readable with care: right result


def _extract(capsys, path: Path) -> dict:
    code, out, err = _run(capsys, "--format", "json", str(path))
    assert code == 0, err
    return json.loads(out)


def _check_offsets(payload: dict) -> None:
    text = payload["article"]["text"]
    for claim in payload["claims"]:
        assert text[claim["start"] : claim["end"]] == claim["statement"]
        for figure in claim["figures"]:
            assert text[figure["start"] : figure["end"]] == figure["text"]


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_keep_accents(tmp_path, capsys, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes("São Paulo: el café subió un 25 por ciento, según Núñez.".encode(encoding))
    payload = _extract(capsys, path)
    assert payload["article"]["text"] == "São Paulo: el café subió un 25 por ciento, según Núñez."
    (warning,) = [w for w in payload["article"]["warnings"] if w["kind"] == "encoding"]
    assert "UTF-8" in warning["message"]
    _check_offsets(payload)


def test_cp1252_only_characters(tmp_path, capsys):
    path = tmp_path / "quotes.txt"
    path.write_bytes("Sales rose 12 per cent – “a record”, the firm said.".encode("cp1252"))
    payload = _extract(capsys, path)
    assert "– “a record”" in payload["article"]["text"]
    assert any(c["figures"] and c["figures"][0]["value"] == 12 for c in payload["claims"])


def test_terminal_escapes_are_removed_and_reported(tmp_path, capsys):
    path = tmp_path / "escapes.txt"
    path.write_bytes(b"\x1b[2J\x1b[31mPrices rose 12 per cent\x1b[0m in May.\x07\n")
    payload = _extract(capsys, path)
    assert payload["article"]["text"] == "Prices rose 12 per cent in May."
    assert any(w["kind"] == "control_characters" for w in payload["article"]["warnings"])
    _check_offsets(payload)


def test_markup_is_literal_in_json_and_table(tmp_path, capsys):
    path = tmp_path / "markup.txt"
    path.write_text("[bold]x[/] rose 12 per cent in [red]Mexico[/red].", encoding="utf-8")
    payload = _extract(capsys, path)
    assert payload["article"]["text"] == "[bold]x[/] rose 12 per cent in [red]Mexico[/red]."
    code, out, _err = _run(capsys, "--format", "table", str(path))
    assert code == 0
    assert "[bold]x[/]" in out
    assert "[red]Mexico[/red]" in out


def test_rtl_zero_width_and_emoji(tmp_path, capsys):
    text = "مرحبا بالعالم 🎉 Prices\u200b rose 12 per cent 👍 in \u05e2\u05d1\u05e8\u05d9\u05ea."
    path = tmp_path / "odd.txt"
    path.write_text(text, encoding="utf-8")
    payload = _extract(capsys, path)
    assert payload["article"]["text"] == text
    _check_offsets(payload)
    code, out, _err = _run(capsys, "--format", "table", str(path))
    assert code == 0
    assert "🎉" in out
