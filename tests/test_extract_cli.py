"""``claimdesk extract``: output formats, ordering, stdin and the optional trained pipeline."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
import warm_command

from cli import main
from core.extract import extract_claims
from core.extract.pipeline import get_nlp
from core.ingest import article_from_text

CLAIMDESK = Path(sys.executable).with_name("claimdesk")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["extract", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def _stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_json_shape_for_one_input(capsys, seed_path):
    code, out, err = _run(capsys, "--format", "json", str(seed_path))
    assert code == 0, err
    payload = json.loads(out)
    assert set(payload) == {"article", "claims"}
    article = payload["article"]
    assert {"id", "source", "title", "date", "place", "text", "warnings"} <= set(article)
    assert article["source"] == str(seed_path)
    assert article["place"] == "Mexico City"
    claim = payload["claims"][0]
    assert {"id", "statement", "start", "end", "status", "checkworthiness", "figures"} <= set(claim)
    assert claim["status"] == "unreviewed"
    figure = claim["figures"][0]
    assert {"text", "start", "end", "kind", "value", "unit"} <= set(figure)
    assert article["text"][figure["start"] : figure["end"]] == figure["text"]


def test_default_format_when_piped_is_json_then_jsonl(capsys, seed_path, tmp_path):
    code, out, _ = _run(capsys, str(seed_path))
    assert code == 0
    assert "claims" in json.loads(out)
    other = tmp_path / "other.txt"
    other.write_text("Prices rose 4 per cent in May.", encoding="utf-8")
    code, out, _ = _run(capsys, str(seed_path), str(other))
    assert code == 0
    assert len(out.splitlines()) == 2


def test_jsonl_keeps_input_order_and_reads_stdin(capsys, monkeypatch, seed_path, tmp_path):
    other = tmp_path / "other.md"
    other.write_text("# Budget\n\nSpending rose **12 per cent** in May.\n", encoding="utf-8")
    _stdin(monkeypatch, b"Unemployment fell to 3.9 per cent, officials said.")
    code, out, err = _run(capsys, "--format", "jsonl", str(other), "-", str(seed_path))
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [p["article"]["source"] for p in lines] == [str(other), "-", str(seed_path)]
    assert lines[0]["article"]["format"] == "markdown"
    assert lines[0]["claims"][0]["figures"][0]["value"] == 12
    assert lines[1]["claims"][0]["figures"][0]["value"] == 3.9


def test_stdin_alone(capsys, monkeypatch, seed_text):
    _stdin(monkeypatch, seed_text.encode("utf-8"))
    code, out, _ = _run(capsys, "-")
    assert code == 0
    payload = json.loads(out)
    assert payload["article"]["source"] == "-"
    assert len([c for c in payload["claims"] if c["type"] == "figure"]) == 9


def test_stdin_twice_is_a_usage_error(capsys):
    code, _out, err = _run(capsys, "-", "-")
    assert code == 2
    assert "only once" in err


def test_sort_by_checkworthiness(capsys, seed_path):
    code, out, _ = _run(capsys, "--format", "json", "--sort", "checkworthiness", str(seed_path))
    assert code == 0
    scores = [c["checkworthiness"] for c in json.loads(out)["claims"]]
    assert scores == sorted(scores, reverse=True)
    assert scores[0] > scores[-1]
    code, out, _ = _run(capsys, "--format", "json", str(seed_path))
    starts = [c["start"] for c in json.loads(out)["claims"]]
    assert starts == sorted(starts)


def test_table_output(capsys, seed_path):
    code, out, _ = _run(capsys, "--format", "table", str(seed_path))
    assert code == 0
    (header,) = [line for line in out.splitlines() if "statement" in line]
    for column in ("status", "kind", "figure", "value", "score", "statement"):
        assert column in header
    for expected in ("unreviewed", "percent", "25 per cent", "25 %", "P90D", "2015-02", "Trump"):
        assert expected in out
    flat = " ".join(out.split())
    assert "Mexico City · XXXX-08-13 · 10 claims" in flat
    assert "'Washingtonworking' looks like 'Washington' and 'working'" in flat


def test_missing_trained_pipeline_says_so_once_and_carries_on(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Prices rose 4 per cent in May.", encoding="utf-8")
    result = subprocess.run(
        [str(CLAIMDESK), "extract", "--model", "no_such_pipeline_xyz", str(article)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "claimdesk: spaCy pipeline 'no_such_pipeline_xyz' is not installed; using the "
        "rule-based pipeline (pip install no_such_pipeline_xyz to use it)"
    ]
    assert json.loads(result.stdout)["claims"][0]["figures"][0]["value"] == 4


def test_trained_pipeline_from_a_path_names_speakers_from_its_entities(tmp_path, capsys):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PERSON", "pattern": "Juan Perez"}])
    nlp.add_pipe("sentencizer")
    model = tmp_path / "pipeline"
    nlp.to_disk(model)
    article = tmp_path / "a.txt"
    text = (
        '"We will never accept a 25 per cent tariff on our cars," said the Finance '
        "Ministry spokesman Juan Perez."
    )
    article.write_text(text, encoding="utf-8")

    def quote_speaker(*extra: str) -> str | None:
        code, out, err = _run(capsys, "--format", "json", *extra, str(article))
        assert code == 0, err
        (quote,) = [c for c in json.loads(out)["claims"] if c["type"] == "quote"]
        return quote["speaker"]

    assert quote_speaker() == "Finance Ministry"  # rules: the name nearest "said"
    assert quote_speaker("--model", str(model)) == "Juan Perez"  # the pipeline's entities
    loaded = get_nlp(str(model))
    assert loaded.pipe_names == [
        "entity_ruler",
        "claimdesk_line_breaks",
        "sentencizer",
        "claimdesk_figures",
    ]


def test_model_from_environment(monkeypatch, tmp_path):
    nlp = spacy.blank("en")
    model = tmp_path / "env-pipeline"
    nlp.to_disk(model)
    monkeypatch.setenv("CLAIMDESK_MODEL", str(model))
    loaded = get_nlp()
    assert "claimdesk_figures" in loaded.pipe_names
    assert "sentencizer" in loaded.pipe_names
    monkeypatch.delenv("CLAIMDESK_MODEL")
    assert get_nlp() is not loaded


@pytest.mark.parametrize("argv", [["--format", "xml"], ["--sort", "size"]])
def test_bad_choices_are_usage_errors(capsys, seed_path, argv):
    with pytest.raises(SystemExit) as exc:
        main(["extract", *argv, str(seed_path)])
    assert exc.value.code == 2
    assert "claimdesk: error:" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("figure", "shown"),
    [
        ({"kind": "money", "value": 40_200_000_000, "unit": "GBP"}, "GBP 40.2 bn"),
        ({"kind": "percent", "value": 25}, "25 %"),
        ({"kind": "count", "value": 3500, "qualifier": "about"}, "about 3,500"),
        ({"kind": "count", "value": 10, "upper": 20}, "10 – 20"),
        ({"kind": "duration", "value": "P90D"}, "P90D"),
        ({"kind": "measure", "value": 40.0, "unit": "kilogram"}, "40 kilogram"),
    ],
)
def test_table_values_read_like_people_write_them(figure, shown):
    from cli.cmd_extract import format_value

    assert format_value(figure) == shown


def test_default_format_on_a_terminal_is_the_table(capsys, monkeypatch, seed_path):
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = _run(capsys, str(seed_path))
    assert code == 0
    assert "statement" in out
    assert not out.lstrip().startswith("{")


@pytest.mark.parametrize("fmt", ["table", "jsonl"])
def test_reader_closing_the_pipe_is_not_a_failure(seed_path, fmt):
    # Enough output to overflow the pipe buffer, so the write really hits a closed pipe.
    argv = [str(CLAIMDESK), "extract", "--format", fmt, *[str(seed_path)] * 40]
    proc = warm_command.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    assert proc.wait(timeout=120) == 0
    assert b"Traceback" not in proc.stderr.read()


def test_a_saved_claimdesk_pipeline_loads_as_a_model(tmp_path, seed_path, capsys):
    model = tmp_path / "ours"
    get_nlp(None).to_disk(model)
    loaded = get_nlp(str(model))
    assert loaded.pipe_names.count("claimdesk_figures") == 1
    assert loaded.pipe_names.count("claimdesk_line_breaks") == 1
    code, out, err = _run(capsys, "--format", "json", "--model", str(model), str(seed_path))
    assert code == 0
    assert err == ""
    assert len([c for c in json.loads(out)["claims"] if c["type"] == "figure"]) == 9


def test_narrow_terminal_keeps_the_statement_readable(capsys, monkeypatch, seed_path):
    monkeypatch.setenv("COLUMNS", "60")
    code, out, _ = _run(capsys, "--format", "table", str(seed_path))
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 60
    assert "10 claims, all unreviewed" in " ".join(out.split())
    # The statement column still holds whole words, not a sliver of letters.
    assert "high-ranking" in out


@pytest.mark.parametrize(
    ("name", "hint"),
    [
        ("en_core_web_sm", "python -m spacy download en_core_web_sm"),
        ("de_dep_news_trf", "python -m spacy download de_dep_news_trf"),
        ("my_company_pipeline", "pip install my_company_pipeline"),
    ],
)
def test_install_hint(name, hint):
    from core.extract.pipeline import install_hint

    assert install_hint(name) == hint


def test_table_says_when_there_is_nothing_to_check(capsys, monkeypatch):
    _stdin(monkeypatch, b"Nothing to see here, just words.")
    code, out, _ = _run(capsys, "--format", "table", "-")
    assert code == 0
    assert "No check-worthy claims found." in out
    assert "statement" not in out


def test_an_extractor_failure_is_one_line_not_a_traceback(capsys, monkeypatch, tmp_path):
    # A real pipeline that loads but cannot run: its text classifier was never trained.
    nlp = spacy.blank("en")
    nlp.add_pipe("textcat")
    model = tmp_path / "untrained"
    nlp.to_disk(model)
    article = tmp_path / "a.txt"
    article.write_text("Prices rose 4 per cent in May.", encoding="utf-8")
    code, out, err = _run(capsys, "--format", "json", "--model", str(model), str(article))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1
    assert "claim extraction failed (ValueError" in err
    assert "Traceback" not in err
    monkeypatch.setenv("CLAIMDESK_DEBUG", "1")
    with pytest.raises(ValueError):
        main(["extract", "--format", "json", "--model", str(model), str(article)])


def test_every_claim_carries_its_claimant_in_json_and_jsonl(capsys, seed_path, tmp_path):
    code, out, err = _run(capsys, "--format", "json", str(seed_path))
    assert code == 0, err
    claims = json.loads(out)["claims"]
    assert all("claimant" in c for c in claims)
    (extradited,) = [c for c in claims if c["figures"] and c["figures"][0]["text"] == "26"]
    assert extradited["claimant"] == "Al Jazeera"
    (quote,) = [c for c in claims if c["type"] == "quote"]
    assert quote["claimant"] == "Trump"
    other = tmp_path / "other.txt"
    other.write_text("Prices rose 4 per cent in May, the statistics office said.", encoding="utf-8")
    code, out, err = _run(capsys, "--format", "jsonl", str(other), str(seed_path))
    assert code == 0, err
    first, second = (json.loads(line) for line in out.splitlines())
    assert [c["claimant"] for c in first["claims"]] == ["the statistics office"]
    assert [c["claimant"] for c in second["claims"]] == [c["claimant"] for c in claims]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        (
            "Revenue will reach €3.5bn–€4bn next year.",
            ("€3.5bn–€4bn", "money", 3_500_000_000, 4_000_000_000, "EUR"),
        ),
        ("Turnout was 40–50 per cent.", ("40–50 per cent", "percent", 40, 50, None)),
    ],
)
def test_a_trained_pipeline_splits_dashed_figures_as_the_default_one_does(tmp_path, text, figure):
    # A saved blank pipeline stands for a trained one: --model loads it and customises it
    # the same way (no trained weights are installed here, and none may be downloaded).
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    model = tmp_path / "pipeline"
    nlp.to_disk(model)
    article = article_from_text(text, source="a.txt")

    def figures(model: str | None) -> list[tuple]:
        return [
            (f.text, f.kind, f.value, f.upper, f.unit)
            for claim in extract_claims(article, model=model)
            for f in claim.figures
        ]

    loaded = get_nlp(str(model))
    assert [t.text for t in loaded.make_doc(text)] == [t.text for t in get_nlp().make_doc(text)]
    assert figures(str(model)) == figures(None) == [figure]


def test_a_pipeline_saved_after_customising_gets_the_dash_rule_once(tmp_path):
    from core.extract.pipeline import DIGIT_DASH_INFIX

    first = tmp_path / "first"
    spacy.blank("en").to_disk(first)
    again = tmp_path / "again"
    get_nlp(str(first)).to_disk(again)
    pattern = get_nlp(str(again)).tokenizer.infix_finditer.__self__.pattern
    assert pattern.count(DIGIT_DASH_INFIX) == 1
    assert [t.text for t in get_nlp(str(again)).make_doc("40–50")] == ["40", "–", "50"]


def test_table_names_who_made_each_claim(capsys, monkeypatch, seed_path):
    monkeypatch.setenv("COLUMNS", "120")
    code, out, _ = _run(capsys, "--format", "table", str(seed_path))
    assert code == 0
    (header,) = [line for line in out.splitlines() if "statement" in line]
    assert re.search(r"score\s+claimant\s+statement", header)
    assert re.search(r"count\s+26\s+0\.\d\d\s+Al Jazeera\s+In a renewed push", out)
    assert re.search(r"quote\s+—\s+0\.\d\d\s+Trump\s+“hold Mexico", out)
    assert re.search(r"count\s+29\s+0\.\d\d\s+—\s+In February", out)  # the article's own


@pytest.mark.parametrize("columns", ["80", "60"])
def test_a_narrow_table_puts_the_claimant_before_the_statement(
    capsys, monkeypatch, seed_path, columns
):
    monkeypatch.setenv("COLUMNS", columns)
    code, out, _ = _run(capsys, "--format", "table", str(seed_path))
    assert code == 0
    assert "claimant" not in out
    assert re.search(r"count\s+26\s+0\.\d\d\s+Al Jazeera: In a", out)
    assert re.search(r"quote\s+—\s+0\.\d\d\s+Trump: “hold", out)
    assert re.search(r"count\s+29\s+0\.\d\d\s+In February", out)  # the article's own


def test_the_rule_based_pipeline_builds_its_tokenizer_once():
    """Its tokenizer is built with the dashed-range infixes (not rebuilt after): the same
    tokenizer and configuration as ``split_dashed_numbers(spacy.blank("en"))``."""
    from core.extract.pipeline import DIGIT_DASH_INFIX, blank_english, split_dashed_numbers

    assert DIGIT_DASH_INFIX in get_nlp().Defaults.infixes
    built = blank_english()
    finditer = built.tokenizer.infix_finditer
    assert split_dashed_numbers(built).tokenizer.infix_finditer is finditer
    rebuilt = split_dashed_numbers(spacy.blank("en"))
    assert built.tokenizer.to_bytes() == rebuilt.tokenizer.to_bytes()
    assert built.config == rebuilt.config
