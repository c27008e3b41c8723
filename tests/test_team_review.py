"""Every reviewer action, batch and undo test of the TinyDB desk, run again on a team desk.

The tests are the very functions of test_review.py and test_review_batch.py; only the
desk they get is a PostgreSQL one, so both backends are held to one behaviour.
"""

from __future__ import annotations

import inspect

import pytest
import test_review
import test_review_batch
from desk_samples import article, claims_v1

from core.desk import open_desk
from core.review import Review


class _AnyDesk:
    """``Desk.open`` for a path or a URL, standing in for the module's ``Desk``."""

    @staticmethod
    def open(location, **kwargs):
        return open_desk(location, **kwargs)


@pytest.fixture(autouse=True)
def _team_desks(monkeypatch):
    monkeypatch.setattr(test_review_batch, "Desk", _AnyDesk)


@pytest.fixture
def desk(pg_url):
    with open_desk(pg_url) as opened:
        art = article()
        Review(opened, "importer").import_article(art, claims_v1(art))
        yield opened


@pytest.fixture
def path(pg_url):
    return pg_url


ids = test_review_batch.ids


def _takes_a_desk(func) -> bool:
    params = inspect.signature(func).parameters
    return "tmp_path" not in params


for _module in (test_review, test_review_batch):
    for _name, _func in list(vars(_module).items()):
        if _name.startswith("test_") and callable(_func) and _takes_a_desk(_func):
            globals()[_name] = _func


def test_these_run_on_a_team_desk(desk):
    from core.team.desk import TeamDesk

    assert isinstance(desk, TeamDesk)
