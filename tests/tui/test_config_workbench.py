"""The configuration file in the workbench: keys remapped by binding id, the theme, and
one line before the screen takes over when either is wrong."""

from __future__ import annotations

import pytest

from core.errors import UserError
from core.model import Status
from tests.tui.pilot_helpers import SIZE, go_to_claim, settle
from tui import launch
from tui.keymap import binding_ids

pytestmark = pytest.mark.anyio


def test_every_workbench_binding_has_an_id():
    from tui.keymap import _binding_owners

    for owner in _binding_owners():
        for binding in vars(owner).get("BINDINGS", []):
            assert getattr(binding, "id", None), f"{owner.__name__}: {binding}"
    assert {"review.verified", "app.quit", "form.save", "export.run"} <= set(binding_ids())


async def test_a_remapped_key_runs_the_action_and_the_old_key_does_not(seeded_desk, seed_article):
    from tui.app import ClaimdeskApp

    app = ClaimdeskApp(seeded_desk, "tester", [seed_article], keymap={"review.verified": "y"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await pilot.press("v")
        await pilot.pause()
        assert seeded_desk.claim(first.id).status == Status.UNREVIEWED
        await pilot.press("y")
        await pilot.pause()
        assert seeded_desk.claim(first.id).status == Status.VERIFIED
        # The help screen lists the key as remapped.
        await pilot.press("question_mark")
        await pilot.pause()
        table = app.screen.query_one("#help-table")
        row = table.get_row("review.verified")
        assert str(row[0]) == "y"


async def test_the_theme_comes_from_the_configuration(seeded_desk, seed_article):
    from tui.app import ClaimdeskApp

    app = ClaimdeskApp(seeded_desk, "tester", [seed_article], theme="textual-light")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-light"
        assert not app.current_theme.dark


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[keys]\n"review.verifed" = "y"\n', "unknown key 'keys.review.verifed'"),
        ('theme = "no-such-theme"\n', "key 'theme' has unknown value 'no-such-theme'"),
    ],
)
def test_a_wrong_key_id_or_theme_stops_before_the_screen(tmp_path, monkeypatch, text, message):
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("CLAIMDESK_CONFIG", str(config))
    with pytest.raises(UserError) as caught:
        launch([], tmp_path / "desk.json", "tester")
    assert str(caught.value).startswith(f"{config}: ")
    assert message in str(caught.value)
    assert not (tmp_path / "desk.json").exists()  # nothing opened, nothing written
