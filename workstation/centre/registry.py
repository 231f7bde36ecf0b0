"""The centre's database: onboarded workstations, one-time enrollment tokens, received packages and
every intake decision. PostgreSQL for a province (intake processes are stateless and share it),
SQLite for a single machine and the tests; the schema comes from Alembic migrations only."""
from __future__ import annotations

import hashlib
import json
import logging
from typing import Any
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import Engine, create_engine, delete, event, inspect, select, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workstation.centre import audit as audit_chain
from workstation.centre.models import IntakeDecision, RateWindow, RegisteredWorkstation
from workstation.core.package.keys import public_raw
from workstation.core.package.verify import RegisteredSigner
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.database import make_engine

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
HEAD_REVISION = "c0014"


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


def centre_engine(url: str | URL) -> Engine:
    """The centre's engine. PostgreSQL: connections are checked before use (pool_pre_ping), so the
    first request after a database restart gets a fresh connection instead of an error. SQLite:
    every transaction takes the write lock at BEGIN (BEGIN IMMEDIATE), so the read-then-write
    steps (the duplicate check, the audit chain) are serialised as they are on PostgreSQL."""
    if make_url(url).get_backend_name() != "sqlite":
        return create_engine(url, future=True, pool_pre_ping=True, pool_size=8, max_overflow=8)
    engine = make_engine(str(url))

    @event.listens_for(engine, "connect")
    def _no_implicit_transactions(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


@dataclass
class Registry:
    engine: Engine
    sessions: sessionmaker[Session]
    # the CA a registered certificate must come from (`trust`): a row in the database is not
    # proof, since whoever can write the table (an intake node's role) could add a workstation
    ca_certificate: x509.Certificate | None = None

    def trust(self, ca_certificate: x509.Certificate) -> "Registry":
        """From now on a workstation's certificate counts only if this CA issued it."""
        self.ca_certificate = ca_certificate
        return self

    @classmethod
    def open(cls, url: str | URL) -> "Registry":
        try:
            engine = centre_engine(url)
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
        return None if record is None else self.signer_of(record)

    def signer_of(self, record: RegisteredWorkstation) -> RegisteredSigner | None:
        """The registered key, or None: not an Ed25519 key, or (once `trust` named the CA) a
        certificate the centre's CA did not issue — a row someone wrote into the table."""
        try:
            certificate = x509.load_pem_x509_certificate(record.certificate.encode())
            if self.ca_certificate is not None:
                certificate.verify_directly_issued_by(self.ca_certificate)
        except (ValueError, TypeError, InvalidSignature):
            log.warning("workstation %s: its certificate was not issued by this centre's CA", record.id[:64])
            return None
        key = certificate.public_key()
        if not isinstance(key, ed25519.Ed25519PublicKey):
            return None
        return RegisteredSigner(record.id, key, record.status != "active", record.commune)

    def revoke(self, workstation_id: str, actor: str) -> None:
        with self.sessions.begin() as session:
            record = session.get(RegisteredWorkstation, workstation_id)
            if record is None:
                raise WorkstationError(Message(f"Không có máy trạm {workstation_id}.",
                                               f"No workstation {workstation_id} is registered."))
            if record.status == "revoked":       # the first revocation's time stays
                self.add_audit(session, workstation_id, workstation_id, "admin", "revoked", "already_revoked", actor)
                return
            record.status, record.revoked_at = "revoked", datetime.now(UTC)
            self.add_audit(session, workstation_id, workstation_id, "admin", "revoked", "revoked", actor)

    def unrevoke(self, workstation_id: str, actor: str) -> None:
        """Undo a revocation (a mistaken one); audited with who did it and when it had been revoked."""
        with self.sessions.begin() as session:
            record = session.get(RegisteredWorkstation, workstation_id)
            if record is None:
                raise WorkstationError(Message(f"Không có máy trạm {workstation_id}.",
                                               f"No workstation {workstation_id} is registered."))
            if record.status != "revoked":
                raise WorkstationError(Message(f"Máy trạm {workstation_id} chưa bị thu hồi.",
                                               f"Workstation {workstation_id} is not revoked."))
            was = record.revoked_at.isoformat() if record.revoked_at else ""
            record.status, record.revoked_at = "active", None
            self.add_audit(session, workstation_id, workstation_id, "admin", "unrevoked", "unrevoked",
                           json.dumps({"by": actor, "revoked_at": was}))

    # -- a rate limit shared by every process --------------------------------------------------
    def count(self, key: str, now: float | None = None) -> int:
        """Add one to `key`'s counter of the current minute and return it: one INSERT .. ON
        CONFLICT DO UPDATE .. RETURNING, atomic in PostgreSQL and SQLite alike, so every intake
        process and node counts in the same row and none can read a stale count."""
        import time

        window = int((time.time() if now is None else now) // 60)
        key = audit_chain.clean(key, 128)
        with self.sessions.begin() as session:
            counted = {"count": RateWindow.count + 1}
            if session.get_bind().dialect.name == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert
                statement: Any = pg_insert(RateWindow).values(key=key, window=window, count=1).on_conflict_do_update(
                    index_elements=["key", "window"], set_=counted)
            else:
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert
                statement = sqlite_insert(RateWindow).values(key=key, window=window, count=1).on_conflict_do_update(
                    index_elements=["key", "window"], set_=counted)
            value = session.scalar(statement.returning(RateWindow.count))
            return int(value or 0)

    def forget_windows(self, keep_minutes: int = 10, now: float | None = None) -> int:
        """Delete counters older than `keep_minutes` (the server does it every half minute, off
        the request path, so `count` stays one statement); returns how many went."""
        import time

        window = int((time.time() if now is None else now) // 60)
        with self.sessions.begin() as session:
            gone = session.execute(delete(RateWindow).where(RateWindow.window < window - keep_minutes))
            return int(getattr(gone, "rowcount", 0) or 0)

    # -- the audit of decisions (workstation/centre/audit.py) ----------------------------------
    @staticmethod
    def add_audit(session: Session, package_id: str, workstation_id: str, channel: str, status: str, reason: str,
                  detail: str = "", source: str = "") -> None:
        audit_chain.append(session, package_id, workstation_id, channel, status, reason, detail, source)

    def audit(self, package_id: str, workstation_id: str, channel: str, status: str, reason: str,
              source: str = "", **detail: object) -> None:
        with self.sessions.begin() as session:
            self.add_audit(session, package_id, workstation_id, channel, status, reason,
                           json.dumps(detail, ensure_ascii=False, default=str), source)

    def decisions(self, package_id: str | None = None) -> list[IntakeDecision]:
        with self.sessions() as session:
            query = select(IntakeDecision).order_by(IntakeDecision.id)
            if package_id is not None:
                query = query.where(IntakeDecision.package_id == package_id)
            return list(session.scalars(query))
