"""The team desk on a real PostgreSQL server: revisions, conflicts, undo between reviewers,
the schema version, and reading without loading the desk."""

from __future__ import annotations

import psycopg
import pytest
from desk_samples import TEXT_V2, article, claims_v1, claims_v2

from core.desk import open_desk
from core.errors import ConflictError, DeskError, UserError
from core.importing import _first_import
from core.model import Status
from core.review import Review
from core.team.desk import TeamDesk
from core.team.schema import SCHEMA_VERSION


def test_a_url_opens_a_team_desk_and_every_read_answers(team, ids, pg_url):
    assert isinstance(team, TeamDesk)
    assert [a.id for a in team.articles()] == ["art000000001"]
    assert team.article("art000000001").version == 1
    assert [c.statement.split()[0] for c in team.claims("art000000001")] == [
        "Mexico",
        "Tariffs",
        "The",
    ]
    assert team.resolve_claim_id(ids[1][:5]) == ids[1]
    assert team.progress("art000000001")["unreviewed"] == 3
    assert [e.action for e in team.events(ids[0])] == ["import"]
    assert team.has_claim(ids[0]) and not team.has_claim("nope")
    with pytest.raises(KeyError):
        team.article("missing")
    with pytest.raises(UserError, match="no claim with id starting"):
        team.resolve_claim_id("zzz")


def test_the_display_form_of_the_url_has_no_password(team, pg_cluster):
    assert (
        team.path
        == f"postgresql://claimdesk@127.0.0.1:{pg_cluster.port}/{team.path.rsplit('/', 1)[1]}"
    )
    assert pg_cluster.url().split(":")[2].split("@")[0] not in team.path


def test_a_stale_edit_is_refused_with_who_changed_it_when_and_to_what(team, ids, pg_url):
    mine = Review(team, "ann")
    team.claims("art000000001")  # what ann's screen shows
    with open_desk(pg_url) as other:
        Review(other, "reviewer2").set_status(ids[0], "verified")
    with pytest.raises(ConflictError) as refused:
        mine.set_status(ids[0], "false")
    message = str(refused.value)
    assert "changed by reviewer2 at " in message and ": verified;" in message
    assert "not saved" in message
    assert team.claim_dict(ids[0])["status"] == "verified"  # ann now sees the new state
    assert [e.reviewer for e in team.events(ids[0])] == ["importer", "reviewer2"]
    # deciding again on what is now shown works
    assert mine.set_status(ids[0], "false").status == Status.FALSE


def test_a_refused_batch_writes_nothing_at_all(team, ids, pg_url):
    mine = Review(team, "ann")
    team.claims("art000000001")
    with open_desk(pg_url) as other:
        Review(other, "bob").add_note(ids[2], "looked at it")
    with pytest.raises(ConflictError), mine.batch():
        for cid in ids:
            mine.set_status(cid, "verified")
    with open_desk(pg_url) as fresh:
        assert [c.status for c in fresh.claims()] == ["unreviewed"] * 3
        assert sum(1 for _ in fresh.iter_events()) == 4  # 3 imports + bob's note


def test_undo_never_takes_back_another_reviewers_later_change(team, ids, pg_url):
    ann = Review(team, "ann")
    ann.set_status(ids[0], "verified")
    with open_desk(pg_url) as other:
        other.claims("art000000001")
        Review(other, "bob").set_status(ids[0], "false")
    team.claims("art000000001")  # ann's screen has caught up with bob's verdict
    with pytest.raises(UserError, match=r"changed again since \(status by bob at .*undo would"):
        ann.undo()
    assert team.claim(ids[0]).status == Status.FALSE


def test_undo_on_a_screen_that_had_not_caught_up_is_refused_by_the_server(team, ids, pg_url):
    ann = Review(team, "ann")
    ann.set_status(ids[0], "verified")
    with open_desk(pg_url) as other:
        Review(other, "bob").set_status(ids[0], "false")
    with pytest.raises(ConflictError, match=r"changed by bob at .*: false"):
        ann.undo()
    assert team.claim(ids[0]).status == Status.FALSE


def test_undo_is_per_reviewer_across_processes(team, ids, pg_url):
    Review(team, "ann").set_status(ids[0], "verified")
    with open_desk(pg_url) as other:
        Review(other, "bob").set_status(ids[1], "false")
        assert Review(other, "bob").undo().claim_id == ids[1]
        assert Review(other, "ann").undo().claim_id == ids[0]
    assert [c.status for c in team.claims()] == ["unreviewed"] * 3


def test_a_claim_created_meanwhile_by_someone_else_is_a_conflict(pg_url):
    art = article()
    with open_desk(pg_url) as one, open_desk(pg_url) as two:
        first = Review(one, "ann")
        ann_claims = claims_v1(art)
        assert all(one.claim_dict(c.id) is None for c in ann_claims)  # shown as absent
        Review(two, "bob").import_article(art, claims_v1(art))
        with pytest.raises(ConflictError, match="changed by bob"):
            _first_import(first, art, ann_claims, "2026-01-01T00:00:00+00:00")
        assert len(two.claims()) == 3


def test_reimport_carries_reviews_on_the_team_desk(team, ids):
    review = Review(team, "ann")
    review.set_status(ids[1], "verified")
    art2 = article(TEXT_V2)
    report = review.import_article(art2, claims_v2(art2))
    assert report.article.version == 2
    versions = [a.version for a in team.articles(all_versions=True) if a.id == "art000000001"]
    assert sorted(versions) == [1, 2]
    assert team.claim(ids[1]).status == Status.VERIFIED
    assert len(team.articles(all_versions=True)) == 2
    removed = [c for c in team.claims(all_versions=True) if c.status == Status.REMOVED]
    assert [c.id for c in removed] == [ids[2]]


def test_the_schema_carries_its_version_and_a_newer_one_is_refused(pg_url):
    with open_desk(pg_url) as desk:
        assert desk.schema_found == 0  # created on this first use
        assert desk.meta["schema"] == SCHEMA_VERSION
    with open_desk(pg_url) as desk:
        assert desk.schema_found == SCHEMA_VERSION  # nothing to do the second time
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("UPDATE claimdesk_meta SET value = '99' WHERE key = 'schema'")
    with pytest.raises(DeskError, match=r"newer claimdesk \(schema 99"):
        open_desk(pg_url)


def test_a_read_only_team_desk_refuses_changes(team, ids, pg_url):
    with open_desk(pg_url, readonly=True) as desk, pytest.raises(DeskError, match="read-only"):
        Review(desk, "ann").set_status(ids[0], "verified")


def test_opening_loads_nothing_and_an_article_loads_that_article(team, pg_url):
    other = article("Another story with 12 people.", article_id="art000000002", title="Other")
    Review(team, "importer").import_article(other, [])
    with open_desk(pg_url) as desk:
        assert desk._shown == {}
        desk.claims("art000000001")
        assert len(desk._shown) == 3
        assert all(doc["article_id"] == "art000000001" for _rev, doc in desk._shown.values())
        list(desk.iter_claims())  # a whole-desk read (export) is streamed, not remembered
        assert len(desk._shown) == 3


def test_the_revision_grows_with_every_commit_by_anyone(team, ids, pg_url):
    before = team.revision
    with open_desk(pg_url) as other:
        Review(other, "bob").set_status(ids[0], "verified")
    assert team.revision > before
    assert team.compact() == 0
