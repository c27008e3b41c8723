"""The top-level command: which arguments open the workbench, and one-line usage errors."""

import pytest

from cli import main


def test_unknown_command_exits_2_with_one_line(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid choice" in err[0]


def test_options_without_a_command_belong_to_open(capsys):
    with pytest.raises(SystemExit):
        main(["--desk", "x.json", "--help"])
    captured = capsys.readouterr()
    assert "claimdesk open" in captured.out + captured.err


def test_an_existing_file_opens(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("x")
    with pytest.raises(SystemExit):
        main([str(article), "--help"])
    assert "claimdesk open" in capsys.readouterr().out
