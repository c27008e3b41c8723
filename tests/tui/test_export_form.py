"""The workbench's export form: the format and the file name follow each other, a file is
never replaced without a second Export, the last settings come back, the ClaimReview
fields Google requires are named before exporting, and claims without a verdict can go
in too."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from core.export.naming import format_for_path, path_for_format
from core.model import Status
from tests.tui.pilot_helpers import SIZE, go_to_claim, notified, settle
from tui.screens.export import ExportForm

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("x.csv", "csv"),
        ("x.CSV", "csv"),
        ("x.md", "markdown"),
        ("x.markdown", "markdown"),
        ("x.jsonl", "jsonl"),
        ("x.json", "json"),
        ("x.claimreview.json", "claimreview"),
        ("x.jsonld", "claimreview"),
        ("x.txt", None),
        ("x", None),
        (".csv", None),
    ],
)
def test_the_format_a_file_name_asks_for(name, fmt):
    assert format_for_path(f"/tmp/out/{name}") == fmt


@pytest.mark.parametrize(
    ("path", "fmt", "renamed"),
    [
        ("/o/claimdesk-export.json", "claimreview", "/o/claimdesk-export.claimreview.json"),
        ("/o/claimdesk-export.claimreview.json", "json", "/o/claimdesk-export.json"),
        ("/o/report.csv", "markdown", "/o/report.md"),
        ("/o/report.md", "jsonl", "/o/report.jsonl"),
        ("/o/report", "csv", "/o/report.csv"),
        ("/o/notes.txt", "csv", "/o/notes.txt"),  # a suffix of the reviewer's own: kept
    ],
)
def test_the_file_name_a_format_asks_for(path, fmt, renamed):
    assert path_for_format(path, fmt) == renamed


async def _open_form(pilot, tmp_path) -> ExportForm:
    await pilot.press("e")
    await pilot.pause()
    form = pilot.app.screen
    assert isinstance(form, ExportForm)
    return form


async def _export(pilot) -> None:
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_format_and_file_name_follow_each_other(
    seeded_desk, seed_article, make_app, tmp_path
):
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _open_form(pilot, tmp_path)
        fmt, path = form.query_one("#format"), form.query_one("#path")
        path.value = str(tmp_path / "evening.json")
        await pilot.pause()
        fmt.value = "claimreview"
        await pilot.pause()
        # Not the JSON dump's name: exporting it would replace the dump.
        assert path.value == str(tmp_path / "evening.claimreview.json")
        fmt.value = "csv"
        await pilot.pause()
        assert path.value == str(tmp_path / "evening.csv")
        path.value = str(tmp_path / "evening.md")
        await pilot.pause()
        assert fmt.value == "markdown"
        path.value = str(tmp_path / "evening.jsonl")
        await pilot.pause()
        assert fmt.value == "jsonl"


async def test_an_existing_file_is_replaced_only_after_a_second_export(
    seeded_desk, seed_article, make_app, tmp_path
):
    target = tmp_path / "out.json"
    target.write_text("the earlier export", encoding="utf-8")
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await pilot.press("v")
        form = await _open_form(pilot, tmp_path)
        form.query_one("#path").value = str(target)
        await pilot.pause()
        await _export(pilot)
        assert isinstance(app.screen, ExportForm)
        assert "out.json exists" in str(form.query_one("#error").render())
        assert str(form.query_one("#save").label) == "Replace"
        assert target.read_text(encoding="utf-8") == "the earlier export"
        # Another name, then this one again: asked again.
        form.query_one("#path").value = str(tmp_path / "other.json")
        await pilot.pause()
        form.query_one("#path").value = str(target)
        await pilot.pause()
        await _export(pilot)
        assert isinstance(app.screen, ExportForm)
        assert target.read_text(encoding="utf-8") == "the earlier export"
        await _export(pilot)  # the second Export is the answer
        assert not isinstance(app.screen, ExportForm)
    assert json.loads(target.read_text(encoding="utf-8"))["claims"]


async def test_the_last_settings_come_back(seeded_desk, seed_article, make_app, tmp_path):
    target = tmp_path / "tonight.csv"
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _open_form(pilot, tmp_path)
        form.query_one("#path").value = str(target)
        form.query_one("#statuses").value = "verified,needs_source"
        form.query_one("#only").value = False
        await pilot.pause()
        await _export(pilot)
        assert target.exists()
    # A new session on the same desk.
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _open_form(pilot, tmp_path)
        assert form.query_one("#format").value == "csv"
        assert form.query_one("#statuses").value == "verified,needs_source"
        assert form.query_one("#only").value is False
        assert form.query_one("#needs").value is True
        assert form.query_one("#path").value == str(target)


async def test_the_configuration_gives_the_first_settings(
    seeded_desk, seed_article, make_app, tmp_path, monkeypatch
):
    config = tmp_path / "config.toml"
    config.write_text('[export]\nformat = "markdown"\nstatus = ["verified"]\n', encoding="utf-8")
    monkeypatch.setenv("CLAIMDESK_CONFIG", str(config))
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _open_form(pilot, tmp_path)
        assert form.query_one("#format").value == "markdown"
        assert form.query_one("#statuses").value == "verified"
        assert form.query_one("#path").value.endswith("claimdesk-export.md")


async def test_the_claimreview_fields_google_requires_are_named_before_exporting(
    seeded_desk, seed_article, make_app, tmp_path, monkeypatch
):
    for name in ("CLAIMDESK_ORG_NAME", "CLAIMDESK_ORG_URL", "CLAIMDESK_REVIEW_URL"):
        monkeypatch.delenv(name, raising=False)
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await pilot.press("v")
        form = await _open_form(pilot, tmp_path)
        missing = form.query_one("#missing")
        assert not missing.display  # json: nothing to say
        form.query_one("#format").value = "claimreview"
        await pilot.pause()
        text = str(missing.render())
        assert missing.display
        assert "Google requires" in text and "url" in text and "author" in text
        form.query_one("#path").value = str(tmp_path / "reviews.claimreview.json")
        await _export(pilot)
        assert not isinstance(app.screen, ExportForm)
        # After the export, the notification says how many objects lack them.
        shown = notified(app)
        assert any("lack required url" in line for line in shown), shown
    monkeypatch.setenv("CLAIMDESK_ORG_NAME", "Desk Checks")
    monkeypatch.setenv("CLAIMDESK_REVIEW_URL", "https://checks.example.org/c/")
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        form = await _open_form(pilot, tmp_path)
        form.query_one("#format").value = "claimreview"
        await pilot.pause()
        assert not form.query_one("#missing").display


async def test_needs_source_and_dismissed_claims_can_be_included(
    seeded_desk, seed_article, make_app, tmp_path
):
    target = tmp_path / "all.csv"
    app = make_app(seeded_desk, [seed_article])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await go_to_claim(pilot, seeded_desk, seed_article.id, "26")
        await pilot.press("s")
        await go_to_claim(pilot, seeded_desk, seed_article.id, "29")
        await pilot.press("d")
        await go_to_claim(pilot, seeded_desk, seed_article.id, "1985")
        await pilot.press("v")
        form = await _open_form(pilot, tmp_path)
        form.query_one("#path").value = str(target)
        await pilot.pause()
        await pilot.click("#needs")
        await pilot.click("#dismissed")
        await pilot.pause()
        statuses = form.query_one("#statuses").value.split(",")
        assert {"needs_source", "dismissed", "verified"} <= set(statuses)
        await _export(pilot)
    with Path(target).open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert sorted(r["status"] for r in rows) == sorted(
        [Status.NEEDS_SOURCE.value, Status.DISMISSED.value, Status.VERIFIED.value]
    )
