"""Ingest: decoding, normalisation, formats, datelines, titles and text-damage warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.dateline import find_dateline
from core.errors import UserError
from core.ingest import MAX_BYTES, article_from_text, decode, read_article
from core.textdamage import find_glued_words

# ----------------------------------------------------------------------------- seed


def test_seed_article_place_date_and_title(seed_path):
    article = read_article(seed_path)
    assert article.place == "Mexico City"
    assert article.date == "XXXX-08-13"
    assert article.format == "text"
    assert article.source == str(seed_path)
    assert article.title.startswith("In a renewed push to curb transnational organised crime")
    assert "[Mexico]" in article.text  # markup-like text is kept literally


def test_article_id_is_stable_and_follows_the_path(seed_path, tmp_path):
    first = read_article(seed_path)
    again = read_article(seed_path)
    assert first.id == again.id
    copy = tmp_path / "copy.txt"
    copy.write_bytes(seed_path.read_bytes())
    assert read_article(copy).id != first.id


def test_seed_glued_words_are_reported_with_offsets_and_split(seed_path):
    article = read_article(seed_path)
    glued = {w.text: w for w in article.warnings if w.kind == "glued_words"}
    assert set(glued) == {"Washingtonworking", "figuresincluding", "agentto", "Cervanteswho"}
    for warning in glued.values():
        assert article.text[warning.start : warning.end] == warning.text
    assert glued["Washingtonworking"].suggestion == "Washington — working"
    assert glued["figuresincluding"].suggestion == "figures — including"
    assert glued["Cervanteswho"].suggestion == "Cervantes — who"
    assert glued["agentto"].suggestion == "agent — to"
    # The text itself is never repaired.
    assert "Washingtonworking" in article.text


@pytest.mark.parametrize(
    "word",
    [
        "Alberto",
        "Renton",
        "Romanov",
        "Valentina",
        "Christian",
        "Sheinbaum",
        "communique",
        "Workaround",
        "Filenames",
        "builtin",
        "Summerfield",
        "requestor",
    ],
)
def test_names_and_real_words_are_not_glued(word):
    assert find_glued_words(f"They met {word} yesterday.") == []


# ------------------------------------------------------------------------- dateline


@pytest.mark.parametrize(
    ("text", "place", "date"),
    [
        ("Mexico City [Mexico], August 13 : In a renewed push", "Mexico City", "XXXX-08-13"),
        ("WASHINGTON (Reuters) - The US said", "Washington", None),
        ("LONDON, March 3 (AP) — Britain said", "London", "XXXX-03-03"),
        ("NEW YORK, Oct. 5, 2024 /PRNewswire/ -- Acme said", "New York", "2024-10-05"),
        ("Markets slide\nNEW DELHI, Aug 13 (ANI): India said", "New Delhi", "XXXX-08-13"),
    ],
)
def test_dateline_forms(text, place, date):
    dateline = find_dateline(text)
    assert dateline is not None
    assert (dateline.place, dateline.date) == (place, date)
    assert text[dateline.end :][:1].isalpha()  # the story starts right after it


@pytest.mark.parametrize(
    "text",
    ["Mexico has expelled 26 members.", "In February, Mexico handed over 29.", "US - Mexico"],
)
def test_ordinary_openings_are_not_datelines(text):
    assert find_dateline(text) is None


# -------------------------------------------------------------------------- decoding


def test_utf8_with_bom(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffSão Paulo grew 3 per cent.".encode())
    article = read_article(path)
    assert article.text == "São Paulo grew 3 per cent."
    assert not [w for w in article.warnings if w.kind == "encoding"]


def test_cp1252_is_decoded_and_reported(tmp_path):
    path = tmp_path / "cp.txt"
    path.write_bytes("Le café coûte 5 € — «cher».".encode("cp1252"))
    article = read_article(path)
    assert article.text == "Le café coûte 5 € — «cher»."
    (warning,) = [w for w in article.warnings if w.kind == "encoding"]
    assert "cp1252" in warning.message


def test_latin1_bytes_undefined_in_cp1252_fall_back_to_latin1():
    text, note = decode("Señor Núñez".encode("latin-1") + b"\x81")
    assert text.startswith("Señor Núñez")
    assert "Latin-1" in note


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path, encoding):
    path = tmp_path / "wide.txt"
    path.write_bytes("Inflação hit 7 per cent — 🎉.".encode(encoding))
    assert read_article(path).text == "Inflação hit 7 per cent — 🎉."


# ---------------------------------------------------------------------- normalising


def test_line_endings_escapes_and_controls():
    article = article_from_text("Title\r\nRed \x1b[31malert\x1b[0m: 5 dead.\rBell\x07 here.\x00")
    assert article.text == "Title\nRed alert: 5 dead.\nBell here."
    (warning,) = [w for w in article.warnings if w.kind == "control_characters"]
    assert "2 terminal escape sequences" in warning.message
    assert "2 control characters" in warning.message


def test_osc_hyperlink_escape_is_removed_whole():
    text = "See \x1b]8;;http://evil\x1b\\here\x1b]8;;\x1b\\ now."
    assert article_from_text(text).text == "See here now."


def test_rich_markup_is_kept_literally():
    article = article_from_text("[bold]Prices[/] rose [red]4 %[/red].")
    assert article.text == "[bold]Prices[/] rose [red]4 %[/red]."


def test_rtl_zero_width_and_emoji_survive_and_bidi_overrides_are_reported():
    text = "مرحبا 5 people\u200b joined 🎉 and \u202egnirts\u202c end"
    article = article_from_text(text)
    assert article.text == text
    kinds = [w.kind for w in article.warnings]
    assert kinds.count("bidi_control") == 2


def test_decomposed_accents_are_composed():
    assert article_from_text("Cafe\u0301 prices").text == "Café prices"


# --------------------------------------------------------------------------- formats


def test_markdown_is_reduced_to_text(tmp_path):
    path = tmp_path / "story.md"
    path.write_text(
        "# Mexico *expels* 26 members\n\n"
        "LONDON, March 3 (AP) — A [report](http://example.org) says **29** were\n"
        "handed over.\n\n- first item\n- `code` item\n",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.format == "markdown"
    assert article.title == "Mexico expels 26 members"
    assert article.text == (
        "Mexico expels 26 members\n"
        "LONDON, March 3 (AP) — A report says 29 were handed over.\n"
        "first item\ncode item"
    )
    assert (article.place, article.date) == ("London", "XXXX-03-03")


def test_html_main_text_and_title(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(
        "<!doctype html><html><head><title>Tariffs | News</title></head><body>"
        "<nav>Home | World | Sport | Weather</nav><article><h1>Tariffs rise</h1>"
        "<p>WASHINGTON (Reuters) - Steel exports are taxed at 50 per cent, officials said "
        "on Tuesday after a long meeting in the capital.</p>"
        "<p>Vehicles face a 25 per cent tariff, the ministry added in a statement.</p>"
        "</article><footer>Copyright 2025 Example Media</footer></body></html>",
        encoding="utf-8",
    )
    article = read_article(path)
    assert article.format == "html"
    assert article.title == "Tariffs rise"
    assert "Steel exports are taxed at 50 per cent" in article.text
    assert "Copyright" not in article.text
    assert "<p>" not in article.text
    assert article.place == "Washington"


def test_html_is_sniffed_from_stdin_content():
    html = b"<!DOCTYPE html><html><body><p>Prices rose 4 per cent in May.</p></body></html>"
    article = read_article("-", data=html)
    assert article.format == "html"
    assert article.text == "Prices rose 4 per cent in May."


def test_stdin_ids_follow_content():
    one = read_article("-", data=b"Prices rose 4 per cent.")
    two = read_article("-", data=b"Prices rose 5 per cent.")
    assert one.source == "-"
    assert one.id != two.id
    assert one.id == read_article("-", data=b"Prices rose 4 per cent.").id


# ------------------------------------------------------------------------ bad input


def test_missing_file(tmp_path):
    with pytest.raises(UserError, match="no such file"):
        read_article(tmp_path / "nope.txt")


def test_directory(tmp_path):
    with pytest.raises(UserError, match="is a directory"):
        read_article(tmp_path)


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t "])
def test_empty(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(UserError, match="is empty"):
        read_article(path)


def test_only_escape_codes_has_no_text(tmp_path):
    path = tmp_path / "esc.txt"
    path.write_bytes(b"\x1b[31m\x1b[0m\n")
    with pytest.raises(UserError, match="no readable article text"):
        read_article(path)


def test_binary(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(UserError, match="binary"):
        read_article(path)


def test_huge_file_is_refused_quickly(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.write(b"Prices rose 4 per cent. " * 1000)
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(UserError, match="5 MB limit"):
        read_article(path)
    assert MAX_BYTES == 5 * 1024 * 1024


def test_unreadable_file(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root can read any file")
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    with pytest.raises(UserError, match="permission denied"):
        read_article(Path(path))


def test_markdown_front_matter_gives_the_title_and_is_not_text(tmp_path):
    path = tmp_path / "post.md"
    path.write_bytes(
        b'---\r\ntitle: "Tariffs rise again"\r\ndate: 2025-08-13\r\n---\r\n\r\n'
        b"Steel is taxed at 50 per cent.\r\n"
    )
    article = read_article(path)
    assert article.title == "Tariffs rise again"
    assert article.date == "2025-08-13"
    assert article.text == "Steel is taxed at 50 per cent."


def test_lone_surrogates_are_replaced_not_kept():
    article = article_from_text("Prices rose \ud800 4 per cent.")
    assert article.text == "Prices rose \ufffd 4 per cent."
    article.text.encode("utf-8")


@pytest.mark.parametrize("encoding", ["koi8-r", "cp1251"])
def test_cyrillic_legacy_encodings_are_detected(encoding):
    sentence = "Цены выросли на 4 процента в мае, сообщило министерство."
    text, note = decode(sentence.encode(encoding))
    assert text == sentence
    assert "detected" in note


def test_japanese_shift_jis_is_detected():
    sentence = "物価は5月に4パーセント上昇したと政府は発表した。"
    text, _note = decode(sentence.encode("shift_jis"))
    assert text == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Le café coûte 5 € — «cher».",
        "Die Preise stiegen im Mai um 4 Prozent. Überraschend für Ökonomen.",
        "São Paulo: el café subió un 25 por ciento, según Núñez.",
    ],
)
def test_western_text_stays_windows_1252_not_a_central_european_guess(sentence):
    text, note = decode(sentence.encode("cp1252"))
    assert text == sentence
    assert "cp1252" in note


def test_titles_are_cleaned_like_the_text():
    article = article_from_text("Body text.", title="\x1b[1mBold\x1b[0m\n  title\x07")
    assert article.title == "Bold title"


def test_many_bidi_controls_are_summarised():
    article = article_from_text("x\u202e" * 50)
    bidi = [w for w in article.warnings if w.kind == "bidi_control"]
    assert len(bidi) == 11
    assert "50 bidirectional control characters" in bidi[0].message


def test_title_of_hard_wrapped_text_is_its_first_sentence_not_its_first_line():
    text = (
        "Mexico has expelled 26 alleged cartel members to the United States,\n"
        "officials said. It follows a similar transfer of 29 people earlier this\n"
        "year, when the government faced a sweeping threat of tariffs on its\n"
        "exports to the north.\n"
    )
    article = article_from_text(text)
    assert article.title == (
        "Mexico has expelled 26 alleged cartel members to the United States, officials said."
    )


def test_title_of_hard_wrapped_text_with_a_headline():
    text = (
        "Mexico expels 26\n\nMexico has expelled 26 alleged cartel members to the\n"
        "United States, officials said. It follows a similar transfer of 29\n"
        "people earlier this year, when the government faced a sweeping threat\n"
        "of tariffs.\n"
    )
    assert article_from_text(text).title == "Mexico expels 26"


def test_the_vocabulary_is_pyspellcheckers_english_dictionary():
    """Read from the package's list without building a ``SpellChecker`` (a third of the
    time), it must be exactly the dictionary a ``SpellChecker`` would hold."""
    from spellchecker import SpellChecker

    from core.textdamage import _vocabulary

    expected = dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
    assert _vocabulary() == expected
