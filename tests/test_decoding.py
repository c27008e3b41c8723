"""A UTF-8 article with a few stray bytes stays UTF-8; legacy files are still detected.

One byte damaged in transit (a truncated paste, a bad copy) used to make the whole file
"not UTF-8", so it was read as Latin-1 and every "São" became "SÃ£o" on the desk for good.
A text that is overwhelmingly valid UTF-8 is read as UTF-8, each bad byte replaced by
U+FFFD and named by its offset in a warning.
"""

from __future__ import annotations

import pytest

from cli import main
from core.ingest import decode, read_article

LINE = "São Paulo’s mayor said “we counted 26 buses” … and fares rose 5 €.\n"


def test_one_stray_byte_in_utf8_is_replaced_not_mojibake(tmp_path):
    data = (LINE * 50).encode("utf-8") + b"\xff" + b" The end.\n"
    path = tmp_path / "article.txt"
    path.write_bytes(data)
    article = read_article(path)
    assert article.text.startswith("São Paulo’s mayor said “we counted 26 buses”")
    assert "Ã" not in article.text and "â€" not in article.text
    assert article.text.count("\ufffd") == 1
    (warning,) = [w for w in article.warnings if w.kind == "encoding"]
    assert "UTF-8" in warning.message and "replaced" in warning.message
    assert f"offset {len(data) - 11}" in warning.message  # where the byte is in the file


def test_several_stray_bytes_are_all_named(tmp_path):
    body = (LINE * 20).encode("utf-8")
    data = body + b"\xc3" + body + b"\x80\x80" + body + b"\xe2\x82"
    text, note = decode(data)
    # two stray continuation bytes are two places; a cut-off sequence is one
    assert text.count("\ufffd") == 4
    assert note is not None and "in 4 places" in note
    offsets = [len(body), 2 * len(body) + 1, 2 * len(body) + 2, 3 * len(body) + 3]
    assert f"byte offsets {', '.join(map(str, offsets))}" in note
    assert "São Paulo’s" in text


def test_many_stray_bytes_list_the_first_and_count_the_rest():
    data = ("São Paulo’s 5 € “quoted” " * 200).encode() + b"\xff x" * 30
    text, note = decode(data)
    assert text.count("\ufffd") == 30
    assert note is not None and "in 30 places" in note and "and 20 more" in note


def test_a_utf8_bom_with_a_stray_byte_is_utf8():
    body = "Déjà vu: 26 “cases”.".encode()
    text, note = decode(b"\xef\xbb\xbf" + body + b"\xff")
    assert text == "Déjà vu: 26 “cases”.\ufffd"
    assert note is not None and f"byte offset {3 + len(body)})" in note


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        ("Le café coûte 5 € — «cher». " * 40, "cp1252"),
        ("São Paulo’s mayor said “we counted 26 buses”. " * 40, "cp1252"),
        ("CAFÉ’S 26 tables, crème brûlée. " * 40, "cp1252"),
        ("Señor Núñez, año 2025. " * 40, "latin-1"),
    ],
)
def test_genuine_legacy_files_are_detected_as_before(raw, encoding):
    text, note = decode(raw.encode(encoding))
    assert text == raw
    assert note is not None and "UTF-8" in note and "replaced" not in note


def test_ascii_with_one_high_byte_is_still_cp1252():
    """No UTF-8 evidence at all: a lone byte is a legacy character, as it always was."""
    text, note = decode(b"The caf\xe9 served 26 guests.")
    assert text == "The café served 26 guests."
    assert note is not None and "cp1252" in note


def test_extract_reports_the_replacement(tmp_path, capsys):
    path = tmp_path / "a.txt"
    path.write_bytes((LINE * 50).encode() + b"\xff\n")
    assert main(["extract", str(path), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "São Paulo" in out and "replaced" in out
