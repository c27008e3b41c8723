"""The review screen's list, driven without the screen: order, filter, the next
unreviewed claim, repeats and what a saved claim does to the list."""

from __future__ import annotations

from core.model import Claim, Figure, Status
from tui.screens.claim_list import Change, ClaimList


def _claim(cid: str, start: int, figure: str, status: str = "unreviewed", cw: float = 0.5):
    return Claim(
        id=cid,
        article_id="a",
        statement=f"Officials said {figure} people were hurt in district {cid}.",
        start=start,
        end=start + 40,
        figures=[
            Figure(
                text=figure,
                start=start + 15,
                end=start + 15 + len(figure),
                kind="count",
                value=int(figure),
            )
        ],
        checkworthiness=cw,
        status=status,
    )


def _list() -> ClaimList:
    return ClaimList(
        "a",
        [
            _claim("c3", 300, "30", cw=0.9),
            _claim("c1", 100, "10", status="verified", cw=0.2),
            _claim("c2", 200, "20", cw=0.5),
            _claim("gone", 50, "5", status="removed"),
        ],
    )


def test_removed_claims_are_not_listed_and_order_follows_the_text():
    claims = _list()
    assert [c.id for c in claims.ordered()] == ["c1", "c2", "c3"]
    claims.by_checkworthiness = True
    assert [c.id for c in claims.ordered()] == ["c3", "c2", "c1"]
    progress = claims.progress()
    assert (progress.done, progress.total) == (1, 3)


def test_next_unreviewed_wraps_round_and_skips_decided_ones():
    claims = _list()
    assert claims.next_unreviewed(None) == "c2"
    assert claims.next_unreviewed("c2") == "c3"
    assert claims.next_unreviewed("c3") == "c2"
    assert claims.next_unreviewed("c3", rows=["c3"]) is None
    assert claims.first_cursor("c1") == "c1"
    assert claims.first_cursor("nope") == "c2"


def test_filter_keeps_matching_rows_in_list_order():
    claims = _list()
    claims.query = "30"
    rows, ranking = claims.visible()
    assert [c.id for c in rows] == ["c3"]
    assert ranking[0][0] == "c3"
    claims.query = ""
    assert [c.id for c in claims.visible()[0]] == ["c1", "c2", "c3"]


def test_apply_tells_what_changed():
    claims = _list()
    verdict = Claim.from_dict(claims.claims["c2"].to_dict())
    verdict.status = Status.VERIFIED.value
    applied = claims.apply(verdict)
    assert applied.change == Change.UPDATED and not applied.text_changed
    reworded = Claim.from_dict(verdict.to_dict())
    reworded.statement = "Something else entirely."
    assert claims.apply(reworded).text_changed
    assert claims.apply(_claim("c4", 400, "40")).change == Change.ADDED
    removed = Claim.from_dict(verdict.to_dict())
    removed.status = Status.REMOVED.value
    assert claims.apply(removed).change == Change.GONE
    assert "c2" not in claims
    assert claims.forget("c2").change == Change.NONE


def test_repeats_and_cursor():
    claims = _list()
    sizes = claims.set_groups([["c1", "c3"]])
    assert sizes == {"c1": 2, "c3": 2}
    assert [c.id for c in claims.repeats_of(claims.claims["c1"])] == ["c3"]
    assert claims.repeats_of(claims.claims["c2"]) == []
    assert claims.forget("c3").regroup
    assert claims.move("c1") and not claims.move("c1")
    assert claims.current is not None and claims.current.id == "c1"
