"""The campaign's tests: a small synthetic commune, its store on real SQLite (and PostgreSQL
where the test says so), the same data key every run."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from workstation.campaign import synthetic
from workstation.campaign.importer import import_list
from workstation.campaign.store import CampaignStore
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import open_database, sqlite_url

TODAY = date(2026, 12, 7)          # a Monday
KEY = bytes(range(32))


def fresh_postgres_url(server_url: str) -> str:
    """A new database on the session's PostgreSQL server: each test starts clean."""
    from tests.support.postgres import new_database

    return new_database(server_url, "campaign")


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[CampaignStore]:
    db = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    yield CampaignStore.open(db, BlobCipher(KEY))
    db.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CampaignStore]:
    url = (sqlite_url(tmp_path / "ws.sqlite3") if request.param == "sqlite"
           else fresh_postgres_url(request.getfixturevalue("postgres")))
    db = open_database(url)
    yield CampaignStore.open(db, BlobCipher(KEY))
    db.close()


@pytest.fixture(scope="session")
def commune_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 residents, 4 villages, seed 5: the same commune in every test."""
    path = tmp_path_factory.mktemp("commune") / "commune.xlsx"
    synthetic.write_xlsx(synthetic.generate(600, seed=5, today=TODAY, villages=4), path, seed=5)
    return path


@pytest.fixture
def imported(sqlite_store: CampaignStore, commune_file: Path) -> CampaignStore:
    report = import_list(sqlite_store, commune_file, commune="Xã Minh Khai", today=TODAY)
    assert report.imported == 600 and not report.bad
    return sqlite_store
