"""The campaign's data in the workstation's database: open (migrating the campaign's own schema),
settings, residents encrypted at rest, and the look-ups the plan and the counter need."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import inspect, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workstation.campaign.errors import CampaignError
from workstation.campaign.models import CampaignInfo, Resident, Village
from workstation.storage.at_rest import BlobCipher
from workstation.storage.database import Database

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = "c003"          # tests/campaign/test_store.py checks it against the migrations folder
VERSION_TABLE = "campaign_alembic_version"


@dataclass(frozen=True)
class CampaignSettings:
    """What the commune decides. Ages: Decree 69/2024/NĐ-CP lets citizens of 14 and over apply
    themselves (younger ones through a guardian); the Law on the Elderly (39/2009/QH12, art. 2)
    makes 60 the age of "người cao tuổi", who are invited first or visited at home."""

    commune: str
    place: str = "Trụ sở Công an xã"
    min_age: int = 14
    elderly_age: int = 60
    max_misses: int = 2                   # no-shows before a home visit is proposed
    valid_days: int = 14                  # an invitation's QR is accepted until its slot day + this
    plan: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> str:
        data = asdict(self)
        data.pop("commune")
        return json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class Person:
    """A resident decrypted, for a slip, an SMS or the counter's screen."""

    resident_id: int
    id_number: str
    full_name: str
    birth: date
    gender: str
    phone: str
    relation: str
    household: str = ""


def campaign_revision(engine) -> str | None:  # noqa: ANN001
    with engine.connect() as connection:
        if not inspect(connection).has_table(VERSION_TABLE):
            return None
        query = text(f"select version_num from {VERSION_TABLE}")  # noqa: S608 - a constant name
        return connection.execute(query).scalar()


def migrate(engine, revision: str = "head") -> None:  # noqa: ANN001
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    command.upgrade(cfg, revision)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


def now() -> datetime:
    return datetime.now(UTC)


class CampaignStore:
    def __init__(self, sessions: sessionmaker[Session], cipher: BlobCipher) -> None:
        self.sessions = sessions
        self.cipher = cipher

    @classmethod
    def open(cls, database: Database, cipher: BlobCipher) -> "CampaignStore":
        try:
            if campaign_revision(database.engine) != HEAD_REVISION:
                log.info("migrating the campaign's tables to %s", HEAD_REVISION)
                migrate(database.engine)
        except SQLAlchemyError as exc:
            raise CampaignError("Không mở được dữ liệu chiến dịch. Hãy báo bộ phận kỹ thuật.",
                                f"The campaign's data cannot be opened ({exc}).") from exc
        return cls(database.sessions, cipher)

    @contextmanager
    def writing(self) -> Iterator[Session]:
        """One write transaction: all of it or none (a failed import or plan leaves what was there)."""
        try:
            with self.sessions.begin() as session:
                yield session
        except SQLAlchemyError as exc:
            raise CampaignError("Không ghi được dữ liệu chiến dịch (dữ liệu cũ vẫn còn nguyên).",
                                f"The campaign's data could not be written; nothing changed ({exc}).") from exc

    # -- settings --------------------------------------------------------------------------------
    def settings(self) -> CampaignSettings | None:
        with self.sessions() as session:
            info = session.get(CampaignInfo, 1)
            if info is None:
                return None
            data = json.loads(info.settings)
            return CampaignSettings(commune=info.commune, **data)

    def require_settings(self) -> CampaignSettings:
        found = self.settings()
        if found is None:
            raise CampaignError("Chưa có danh sách cư dân: nhập trước (workstation campaign import TỆP).",
                                "No resident list yet: import one first (workstation campaign import FILE).")
        return found

    def save_settings(self, settings: CampaignSettings, session: Session | None = None) -> None:
        def write(s: Session) -> None:
            info = s.get(CampaignInfo, 1)
            if info is None:
                s.add(CampaignInfo(id=1, commune=settings.commune, settings=settings.as_json(), created_at=now()))
            else:
                info.commune, info.settings = settings.commune, settings.as_json()
        if session is not None:
            write(session)
        else:
            with self.writing() as s:
                write(s)

    def update_settings(self, **changes: object) -> CampaignSettings:
        updated = replace(self.require_settings(), **changes)
        self.save_settings(updated)
        return updated

    # -- villages ----------------------------------------------------------------------------------
    def villages(self) -> list[Village]:
        with self.sessions() as session:
            return list(session.scalars(select(Village).order_by(Village.name)))

    def set_village(self, name: str, officer: str | None = None, quota: int | None = None) -> Village:
        with self.writing() as session:
            village = self.village_named(session, name)
            if officer is not None:
                village.officer = officer or None
            if quota is not None:
                village.quota = quota
            return village

    def village_named(self, session: Session, name: str) -> Village:
        """The village called `name` (compared without diacritics), or a refusal listing them."""
        from workstation.campaign.text import fold

        for village in session.scalars(select(Village)):
            if fold(village.name) == fold(name):
                return village
        names = ", ".join(v.name for v in session.scalars(select(Village).order_by(Village.name)))
        raise CampaignError(f"Không có thôn/tổ dân phố '{name}'. Có: {names}.",
                            f"There is no village '{name}'. Villages: {names}.")

    # -- residents ---------------------------------------------------------------------------------
    def seal_person(self, id_key: str, data: dict[str, object]) -> tuple[bytes, bytes]:
        return self.cipher.seal(json.dumps(data, ensure_ascii=False, default=str).encode(), f"campaign/{id_key}")

    def person(self, resident: Resident) -> Person:
        data = json.loads(self.cipher.open(resident.nonce, resident.blob, f"campaign/{resident.id_key}"))
        return Person(resident.id, str(data["id"]), str(data["name"]), date.fromisoformat(str(data["birth"])),
                      str(data.get("gender", "")), str(data.get("phone", "")), str(data.get("relation", "")),
                      str(data.get("household", "")))

    def find(self, id_number: str, session: Session | None = None) -> Resident | None:
        key = self.cipher.index(id_number)
        if session is not None:
            return session.scalar(select(Resident).where(Resident.id_key == key))
        with self.sessions() as s:
            return s.scalar(select(Resident).where(Resident.id_key == key))

    def count(self) -> int:
        from sqlalchemy import func

        with self.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Resident)) or 0)
