"""The headless commands used as a fact-checker uses them, on the inputs that broke them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.desk import Desk
from tests.cli_helpers import run


def extract_json(capsys, path: Path) -> dict:
    code, out, err = run(capsys, "extract", str(path), "--format", "json")
    assert code == 0, err
    return json.loads(out)


def key_claim(desk: Path, figure: str) -> str:
    """The id of the first claim keyed on ``figure``. Ids depend on the article's resolved
    path, so tests look them up rather than spelling them out."""
    with Desk.open(desk, readonly=True) as d:
        return next(c.id for c in d.claims() if c.key_figure and c.key_figure.text == figure)


@pytest.fixture
def seed_desk(tmp_path, seed_path, capsys) -> Path:
    desk = tmp_path / "desk.json"
    code, _, err = run(capsys, "import", str(seed_path), "--desk", str(desk))
    assert code == 0, err
    return desk


# ---------------------------------------------------------------------- locked desk
def test_locked_desk_message_names_only_options_that_exist(capsys, seed_desk):
    """The refusal must not send the user to a flag the command then rejects."""
    expelled = key_claim(seed_desk, "26")
    holder = Desk.open(seed_desk)
    try:
        code, _, err = run(
            capsys, "set", expelled, "--status", "verified", "--desk", str(seed_desk)
        )
        assert code == 1 and err.count("\n") == 1
        assert "open in another claimdesk" in err
        assert "--readonly" not in err
        with pytest.raises(SystemExit) as exited:  # the writers really have no such option
            run(capsys, "undo", "--desk", str(seed_desk), "--readonly")
        assert exited.value.code == 2
        code, out, err = run(capsys, "status", "--desk", str(seed_desk))
        assert code == 0 and "0/10" in out  # reading still works beside the writer
    finally:
        holder.close()


# ---------------------------------------------------------------------- restore
def _full_dump(capsys, desk: Path, target: Path) -> dict:
    code, _, err = run(
        capsys, "export", "--status", "all", "--all-versions", "--desk", str(desk),
        "-o", str(target),
    )  # fmt: skip
    assert code == 0, err
    return json.loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d: d["claims"][0]["figures"][0].update(start="x"), id="figure-start"),
        pytest.param(lambda d: d["claims"][0].update(end=None), id="claim-end"),
        pytest.param(lambda d: d["claims"][0].update(status="bogus"), id="status"),
        pytest.param(lambda d: d["articles"][0].update(text=42), id="article-text"),
    ],
)
def test_restore_refuses_a_dump_with_malformed_fields(capsys, tmp_path, seed_desk, damage):
    """A hand-edited dump must be refused in one line, not restored and crash later."""
    dump = _full_dump(capsys, seed_desk, tmp_path / "dump.json")
    damage(dump)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dump), encoding="utf-8")
    target = tmp_path / "restored.json"
    code, _, err = run(capsys, "import", "--desk", str(target), "--desk-dump", str(bad))
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert "malformed" in err
    with Desk.open(target, readonly=True) as desk:
        assert desk.claims(statuses=None, all_versions=True) == []


def test_restored_desk_serves_seen_before_lookups(capsys, tmp_path, seed_desk, seed_path):
    """A good dump still restores, and `extract --desk` reads the restored claims."""
    _full_dump(capsys, seed_desk, tmp_path / "dump.json")
    target = tmp_path / "restored.json"
    code, out, err = run(
        capsys, "import", "--desk", str(target), "--desk-dump", str(tmp_path / "dump.json")
    )
    assert code == 0 and "restored 10 claims" in out, err
    code, out, err = run(capsys, "extract", str(seed_path), "-f", "json", "--desk", str(target))
    assert code == 0, err
    assert all("matches" in c for c in json.loads(out)["claims"])


# ---------------------------------------------------------------------- HTML dates
PAGE = """<!doctype html><html><head><title>Mexico extradites 26</title>{meta}</head>
<body><nav>Home | World</nav><article><h1>Mexico extradites 26 cartel members</h1>
<p>Mexico City, 13 August — Mexico has expelled 26 alleged cartel members to the United
States, officials said on Wednesday in a statement.</p>
<p>In February, Mexico handed over 29 alleged cartel figures to US authorities, and a
sweeping 25 per cent tariff was threatened.</p></article>
<footer>© 2025 Example News. All rights reserved.</footer></body></html>
"""


def test_html_copyright_year_is_not_a_publication_date(capsys, tmp_path):
    """A footer's "© 2025" says nothing about when the article appeared: no date is
    invented from it, so "13 August" keeps its unknown year."""
    page = tmp_path / "page.html"
    page.write_text(PAGE.format(meta=""), encoding="utf-8")
    data = extract_json(capsys, page)
    assert data["article"]["date"] in (None, "XXXX-08-13")
    values = {f["text"]: f["value"] for c in data["claims"] for f in c["figures"]}
    assert values["13 August"] == "XXXX-08-13"
    assert values["February"] == "XXXX-02"


def test_html_published_date_is_still_read(capsys, tmp_path):
    page = tmp_path / "page.html"
    meta = '<meta property="article:published_time" content="2025-08-13T10:00:00Z">'
    page.write_text(PAGE.format(meta=meta), encoding="utf-8")
    data = extract_json(capsys, page)
    assert data["article"]["date"] == "2025-08-13"
    values = {f["text"]: f["value"] for c in data["claims"] for f in c["figures"]}
    assert values["February"] == "2025-02"


# ---------------------------------------------------------------------- en dash ranges
@pytest.mark.parametrize(
    ("sentence", "surface", "kind", "low", "high"),
    [
        ("Costs rose 40–50 per cent last year.", "40–50 per cent", "percent", 40, 50),
        ("Costs rose 40–50% last year.", "40–50%", "percent", 40, 50),
        ("Between 200–300 protesters gathered on Monday.", "200–300", "count", 200, 300),
        ("From 2010–2015 costs rose sharply.", "2010–2015", "date", "2010", "2015"),
    ],
)
def test_en_dash_ranges_are_figures(capsys, tmp_path, sentence, surface, kind, low, high):
    """Style guides write ranges with an en dash; "40–50" must read like "40-50"."""
    path = tmp_path / "range.txt"
    path.write_text(sentence + "\n", encoding="utf-8")
    data = extract_json(capsys, path)
    text = data["article"]["text"]
    figures = [f for c in data["claims"] for f in c["figures"]]
    assert [f["text"] for f in figures if f["kind"] == kind] == [surface]
    figure = next(f for f in figures if f["kind"] == kind)
    assert text[figure["start"] : figure["end"]] == surface
    assert (figure["value"], figure["upper"]) == (low, high)


# ---------------------------------------------------------------------- terminal safety
EVIL = "\x1b]0;owned\x07\x1b[2J\x9b31m"


def test_history_and_undo_show_control_characters_without_obeying_them(capsys, seed_desk):
    """A note or source pasted with escape sequences must not retitle or clear the
    terminal when `history` or `undo` prints it."""
    desk, expelled = str(seed_desk), key_claim(seed_desk, "26")
    code, _, err = run(capsys, "set", expelled, "--note", f"see{EVIL}", "--desk", desk)
    assert code == 0, err
    code, _, err = run(
        capsys, "set", expelled, "--source", f"https://example.org/{EVIL}", "--desk", desk
    )
    assert code == 2 and "\x1b" not in err and "\\x1b" in err  # refused, shown safely
    run(capsys, "set", expelled, "--source", "https://example.org/", "--desk", desk)
    code, out, _ = run(capsys, "history", expelled, "--desk", desk)
    assert code == 0 and "see" in out and "example.org" in out
    assert not any(ch in out for ch in "\x1b\x07\x9b")
    assert "\\x1b" in out  # shown, not hidden: the reviewer can see what was pasted
    code, out, _ = run(capsys, "undo", "--desk", desk)
    assert code == 0 and "undid" in out and "\x1b" not in out


def test_file_names_with_control_characters_print_safely(capsys, tmp_path, seed_text):
    evil = tmp_path / f"art{EVIL}.txt"
    evil.write_text(seed_text, encoding="utf-8")
    desk = str(tmp_path / "desk.json")
    code, out, err = run(capsys, "import", str(evil), "--desk", desk)
    assert code == 0 and "\x1b" not in out + err
    code, out, err = run(capsys, "status", "--desk", desk)
    assert code == 0 and "art" in out and "\x1b" not in out + err
    code, out, err = run(capsys, "extract", str(evil), "-f", "table")
    assert code == 0 and "\x1b]" not in out and "\x07" not in out
    code, _, err = run(capsys, "extract", str(tmp_path / f"gone{EVIL}\nx.txt"))
    assert code == 2 and err.count("\n") == 1 and "\x1b" not in err


def test_usage_errors_print_control_characters_safely(capsys):
    with pytest.raises(SystemExit) as exited:
        run(capsys, "status", f"x{EVIL}")
    err = capsys.readouterr().err
    assert exited.value.code == 2 and err.count("\n") == 1 and "\x1b" not in err


# ---------------------------------------------------------------------- damaged history
def test_a_damaged_history_is_said_once_and_left_for_doctor(capsys, seed_desk):
    """A verdict and its undo need only the journal, so they still work; reading the
    history reports the damage as the error, not once more as a warning before it."""
    desk, expelled = str(seed_desk), key_claim(seed_desk, "26")
    run(capsys, "doctor", "--compact", "--desk", desk)
    run(capsys, "set", expelled, "--status", "verified", "--desk", desk)
    history = seed_desk.with_name("desk.history.json")
    data = history.read_bytes()
    history.write_bytes(data[: len(data) // 2])
    code, out, err = run(capsys, "set", expelled, "--status", "false", "--desk", desk)
    assert code == 0 and "false" in out and err == ""
    code, out, err = run(capsys, "undo", "--desk", desk)
    assert code == 0 and "false" in out, err
    code, _, err = run(capsys, "history", expelled, "--desk", desk)
    assert code == 1 and err.count("\n") == 1, err
    assert "damaged" in err and "doctor" in err
    assert history.read_bytes() == data[: len(data) // 2]  # left as it was for doctor


# ---------------------------------------------------------------------- one set, one undo
def test_one_set_command_is_one_undo_step(capsys, seed_desk):
    """`set` with a verdict, a note and a source is one decision: `undo` takes all of it
    back and `redo` brings all of it again."""
    desk, threat = str(seed_desk), key_claim(seed_desk, "25 per cent")
    code, _, err = run(
        capsys, "set", threat, "--status", "verified", "--note", "USTR notice",
        "--source", "https://ustr.example/notice", "--desk", desk,
    )  # fmt: skip
    assert code == 0, err
    code, out, _ = run(capsys, "undo", "--desk", desk)
    assert code == 0 and "undid status: unreviewed → verified; add_source" in out
    assert "more changed with it" not in out  # no other claim was involved
    with Desk.open(seed_desk, readonly=True) as d:
        claim = d.claim(threat)
        assert (claim.status, claim.sources, claim.notes) == ("unreviewed", [], [])
    code, _, err = run(capsys, "undo", "--desk", desk)
    assert code == 2 and "import" in err  # the step before it: nothing of the set is left
    run(capsys, "redo", "--desk", desk)
    with Desk.open(seed_desk, readonly=True) as d:
        claim = d.claim(threat)
        assert claim.status == "verified"
        assert [s.url for s in claim.sources] == ["https://ustr.example/notice"]
        assert [n.text for n in claim.notes] == ["USTR notice"]


# ---------------------------------------------------------------------- doctor
@pytest.mark.parametrize("content", ["# My article\n\nMexico sent 26 people.\n", '{"name": "x"}'])
def test_doctor_leaves_a_file_that_is_no_desk_where_it_is(capsys, tmp_path, content):
    """`--desk` pointed at an article (or any other file) by mistake: doctor must not move
    the file aside and put an empty desk in its place."""
    other = tmp_path / "notes.md"
    other.write_text(content, encoding="utf-8")
    code, _, err = run(capsys, "status", "--desk", str(other))
    assert code == 1 and err.count("\n") == 1
    code, _, err = run(capsys, "doctor", "--desk", str(other))
    assert code == 1 and err.count("\n") == 1 and "not a claimdesk desk" in err
    assert other.read_text(encoding="utf-8") == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]


def test_doctor_still_rebuilds_a_desk_cut_short(capsys, seed_desk):
    run(capsys, "doctor", "--compact", "--desk", str(seed_desk))
    data = seed_desk.read_bytes()
    seed_desk.write_bytes(data[:300])
    code, out, err = run(capsys, "doctor", "--desk", str(seed_desk))
    assert code == 0 and "kept the damaged file" in out, err
    code, out, err = run(capsys, "status", "--desk", str(seed_desk))
    assert code == 0, err


# ---------------------------------------------------------------------- export target
@pytest.mark.parametrize("suffix", ["", ".journal", ".lock", "HISTORY"])
def test_export_never_writes_over_the_desk_itself(capsys, seed_desk, suffix):
    """`-o desk.json` (a slip of the finger) would replace the desk with its export."""
    run(capsys, "set", key_claim(seed_desk, "26"), "--status", "verified", "--desk", str(seed_desk))
    if suffix == "HISTORY":
        target = seed_desk.with_name("desk.history.json")
    else:
        target = Path(str(seed_desk) + suffix)
    before = {p.name: p.read_bytes() for p in seed_desk.parent.iterdir()}
    code, out, err = run(capsys, "export", "--desk", str(seed_desk), "-o", str(target))
    assert code == 2 and err.count("\n") == 1 and "desk" in err
    assert {p.name: p.read_bytes() for p in seed_desk.parent.iterdir()} == before
    code, out, err = run(capsys, "status", "--desk", str(seed_desk))
    assert code == 0 and "1/10" in out


def test_export_to_file_refuses_the_desk_path(seed_desk):
    """The workbench's export form writes through export_to_file: same guard."""
    from core.errors import UserError
    from core.export import export_to_file

    before = seed_desk.read_bytes()
    with Desk.open(seed_desk) as desk, pytest.raises(UserError, match="desk itself"):
        export_to_file(desk, "json", seed_desk, statuses=["all"])
    assert seed_desk.read_bytes() == before


# ---------------------------------------------------------------------- long words
def test_glued_word_check_skips_words_too_long_to_be_two_words(monkeypatch, tmp_path):
    """Trying every split of a 100,000-letter "word" took minutes (each split is a copy):
    a run of letters that long is no pair of words run together, so it is not examined."""
    from core import textdamage

    examined: list[int] = []
    real = textdamage._best_split

    def spy(word: str):
        examined.append(len(word))
        return real(word)

    monkeypatch.setattr(textdamage, "_best_split", spy)
    text = "Mexico sent 26 people. " + "a" * 100_000 + " Washingtonworking on it."
    warnings = textdamage.find_glued_words(text)
    assert [w.text for w in warnings] == ["Washingtonworking"]  # real damage still found
    assert examined and max(examined) <= 60
