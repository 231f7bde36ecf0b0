"""PostgreSQL: the package index partitioned by month (c0013, workstation/centre/partitions.py):
an upgrade keeps every row, in its month; the months ahead are made at start; a row without its
month lands in the default partition instead of failing; one id stays unique without a unique key
on it alone (the intake's lock). SQLite keeps its plain table."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from tests.support.postgres import new_database
from workstation.centre import partitions
from workstation.centre.authority import init_centre
from workstation.centre.intake import Intake
from workstation.centre.registry import MIGRATIONS, Registry, centre_engine, default_url

from .conftest import PASSPHRASE, CentreSetting


@pytest.fixture
def fresh_database(postgres: str):  # noqa: ANN201
    return new_database(postgres, "months")


def _where(engine, package_id: str) -> str:  # noqa: ANN001
    with engine.connect() as connection:
        return connection.execute(text("SELECT tableoid::regclass::text FROM centre_packages WHERE package_id = :p"),
                                  {"p": package_id}).scalar_one()


def test_an_upgrade_keeps_every_row_in_its_month_and_intake_writes_into_this_month(fresh_database, tmp_path) -> None:  # noqa: ANN001
    from alembic import command
    from alembic.config import Config

    engine = centre_engine(fresh_database)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    command.upgrade(cfg, "c0012")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO centre_workstations VALUES ('ws-1', '00001', 'x', 'pem', 'k', 'active', "
                                "'2026-01-01 00:00:00+00', NULL)"))
        for n, at in enumerate(("2026-03-15 10:00:00+00", "2026-03-31 23:59:59+00", "2026-07-01 00:00:00+00")):
            connection.execute(text(
                "INSERT INTO centre_packages VALUES (:id, 'ws-1', '00001', :sha, 3, :at, 'accepted', '', 'c', 'abc')"),
                {"id": f"00000000-0000-0000-0000-00000000000{n}", "sha": "0" * 64, "at": at})
    engine.dispose()
    folder = tmp_path / "centre"
    centre = init_centre(folder, PASSPHRASE)
    registry = Registry.open(fresh_database)                                  # upgrades to c0013
    try:
        now = datetime.now(UTC)
        this_month = partitions.month_name(now.date().replace(day=1))
        assert {"centre_packages_default", "centre_packages_y2026m03", "centre_packages_y2026m07",
                this_month} <= set(partitions.months(registry.engine))
        assert [_where(registry.engine, f"00000000-0000-0000-0000-00000000000{n}") for n in range(3)] == [
            "centre_packages_y2026m03", "centre_packages_y2026m03", "centre_packages_y2026m07"]
        with registry.engine.connect() as connection:
            assert connection.execute(text("SELECT package FROM centre_packages WHERE package_id = "
                                            "'00000000-0000-0000-0000-000000000002'")).scalar_one() == b"abc"
        setting = CentreSetting(folder, centre, registry, Intake(registry, centre))
        identity = setting.onboard(tmp_path)
        package_id, data = setting.package(identity)
        assert setting.intake.decide(package_id, data, identity.workstation_id, "https").status == "accepted"
        assert _where(registry.engine, package_id) == this_month
        assert setting.intake.decide(package_id, data, identity.workstation_id, "https").status == "already_here"
        other = bytearray(data)
        other[-5] ^= 1
        assert setting.intake.decide(package_id, bytes(other), identity.workstation_id, "https").reason in (
            "conflict", "decryption")
        with registry.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM centre_packages WHERE package_id = :p"),
                                      {"p": package_id}).scalar_one() == 1
    finally:
        registry.close()


def test_months_ahead_are_made_at_start_and_a_row_without_its_month_goes_to_default(fresh_database) -> None:  # noqa: ANN001
    registry = Registry.open(fresh_database)
    try:
        made = partitions.ensure_months(registry.engine, datetime(2031, 12, 10, tzinfo=UTC))
        assert made == ["centre_packages_y2031m12", "centre_packages_y2032m01"]
        assert partitions.ensure_months(registry.engine, datetime(2031, 12, 10, tzinfo=UTC)) == made   # idempotent
        with registry.engine.begin() as connection:
            connection.execute(text("INSERT INTO centre_workstations VALUES ('ws-1', '00001', 'x', 'pem', 'k', "
                                    "'active', '2026-01-01 00:00:00+00', NULL)"))
            for package_id, at in (("a", "2032-01-31 23:00:00+00"), ("b", "2035-05-05 00:00:00+00")):
                connection.execute(text("INSERT INTO centre_packages VALUES (:id, 'ws-1', '00001', :sha, 3, :at, "
                                        "'accepted', '', 'c', NULL)"), {"id": package_id, "sha": "0" * 64, "at": at})
        assert _where(registry.engine, "a") == "centre_packages_y2032m01"
        assert _where(registry.engine, "b") == "centre_packages_default"     # stored, not refused
        # that month cannot be made while the default partition holds its rows: reported, not raised
        assert partitions.ensure_months(registry.engine, datetime(2035, 5, 1, tzinfo=UTC), ahead=0) == []
    finally:
        registry.close()


def test_sqlite_keeps_one_plain_table(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "c").mkdir()
    registry = Registry.open(default_url(tmp_path / "c"))
    try:
        assert partitions.ensure_months(registry.engine) == [] and partitions.months(registry.engine) == []
    finally:
        registry.close()
