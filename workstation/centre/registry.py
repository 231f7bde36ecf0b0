"""The centre's database: onboarded workstations, one-time enrollment tokens, received packages and
every intake decision. PostgreSQL for a province (intake processes are stateless and share it),
SQLite for a single machine and the tests; the schema comes from Alembic migrations only."""
from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workstation.centre.models import IntakeDecision, RegisteredWorkstation
from workstation.core.package.keys import public_raw
from workstation.core.package.verify import RegisteredSigner
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.database import make_engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = "c0010"


class RegistryError(WorkstationError):
    def __init__(self, detail: str) -> None:
        super().__init__(Message("Không mở được cơ sở dữ liệu của trung tâm.",
                                 f"The centre's database cannot be opened ({detail})."), detail)


def default_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'centre.sqlite3'}"


def key_sha256(key: ed25519.Ed25519PublicKey) -> str:
    return hashlib.sha256(public_raw(key)).hexdigest()


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    command.upgrade(cfg, "head")


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("centre_alembic_version"):
            return None
        return connection.execute(text("select version_num from centre_alembic_version")).scalar()


@dataclass
class Registry:
    engine: Engine
    sessions: sessionmaker[Session]

    @classmethod
    def open(cls, url: str) -> "Registry":
        try:
            engine = make_engine(url)
            if _revision(engine) != HEAD_REVISION:
                log.info("migrating the centre's database to %s", HEAD_REVISION)
                _migrate(engine)
        except (OperationalError, SQLAlchemyError, OSError) as exc:
            raise RegistryError(str(getattr(exc, "orig", exc))) from None
        return cls(engine, sessionmaker(engine, expire_on_commit=False))

    def close(self) -> None:
        self.engine.dispose()

    # -- workstations --------------------------------------------------------------------------
    def workstation(self, workstation_id: str) -> RegisteredWorkstation | None:
        with self.sessions() as session:
            return session.get(RegisteredWorkstation, workstation_id)

    def workstations(self) -> list[RegisteredWorkstation]:
        with self.sessions() as session:
            return list(session.scalars(select(RegisteredWorkstation).order_by(RegisteredWorkstation.registered_at)))

    def signer(self, workstation_id: str) -> RegisteredSigner | None:
        """The registered key of `workstation_id`, for package verification."""
        record = self.workstation(workstation_id)
        if record is None:
            return None
        key = x509.load_pem_x509_certificate(record.certificate.encode()).public_key()
        if not isinstance(key, ed25519.Ed25519PublicKey):
            return None
        return RegisteredSigner(record.id, key, record.status != "active", record.commune)

    def revoke(self, workstation_id: str, actor: str) -> None:
        with self.sessions.begin() as session:
            record = session.get(RegisteredWorkstation, workstation_id)
            if record is None:
                raise WorkstationError(Message(f"Không có máy trạm {workstation_id}.",
                                               f"No workstation {workstation_id} is registered."))
            record.status, record.revoked_at = "revoked", datetime.now(UTC)
            self.add_audit(session, workstation_id, workstation_id, "admin", "revoked", "revoked", actor)

    # -- the audit of decisions ----------------------------------------------------------------
    @staticmethod
    def add_audit(session: Session, package_id: str, workstation_id: str, channel: str, status: str, reason: str,
               detail: str = "") -> None:
        session.add(IntakeDecision(at=datetime.now(UTC), package_id=package_id[:64], workstation_id=workstation_id[:64],
                                   channel=channel, status=status, reason=reason[:200], detail=detail))

    def audit(self, package_id: str, workstation_id: str, channel: str, status: str, reason: str,
              **detail: object) -> None:
        with self.sessions.begin() as session:
            self.add_audit(session, package_id, workstation_id, channel, status, reason,
                        json.dumps(detail, ensure_ascii=False, default=str))

    def decisions(self, package_id: str | None = None) -> list[IntakeDecision]:
        with self.sessions() as session:
            query = select(IntakeDecision).order_by(IntakeDecision.id)
            if package_id is not None:
                query = query.where(IntakeDecision.package_id == package_id)
            return list(session.scalars(query))
