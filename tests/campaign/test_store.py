"""The campaign's own schema in the workstation's database, on SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect

from tests.campaign.conftest import TODAY
from workstation.campaign import store as campaign_store
from workstation.campaign.importer import import_list
from workstation.campaign.roster import roster
from workstation.campaign.store import CampaignStore
from workstation.storage import database


def test_head_revision_constant_matches_the_migrations_folder() -> None:
    assert campaign_store.head_revision() == campaign_store.HEAD_REVISION


def test_the_campaign_keeps_its_own_version_beside_the_storage_one(any_store: CampaignStore,
                                                                   commune_file: Path) -> None:
    engine = any_store.sessions.kw["bind"]
    assert campaign_store.campaign_revision(engine) == campaign_store.HEAD_REVISION
    assert database.current_revision(engine) == database.HEAD_REVISION
    assert {"campaign_residents", "campaign_invitations", "enrollments"} <= set(inspect(engine).get_table_names())
    report = import_list(any_store, commune_file, commune="Xã Minh Khai", today=TODAY)
    assert report.imported == 600
    again = import_list(any_store, commune_file, commune="Xã Minh Khai", today=TODAY)
    assert (again.imported, again.updated) == (0, 600)
    assert sum(roster(any_store, day=TODAY)["counts"][c] for c in ("due", "under_age", "level2")) == 600
