"""Opening the database: SQLite in the data directory by default (WAL), or any SQLAlchemy URL,
migrated to the newest schema with Alembic before first use."""
from __future__ import annotations

import logging
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, select, text
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.models import WorkstationInfo

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).with_name("migrations")
# The newest migration. Kept here so that opening an up-to-date database does not import Alembic
# (a third of the start-up time); tests/test_storage.py checks it against the migrations folder.
HEAD_REVISION = "0007"


class StorageError(WorkstationError):
    def __init__(self, detail: str) -> None:
        super().__init__(Message(
            "Không mở được cơ sở dữ liệu. Hãy báo bộ phận kỹ thuật (dữ liệu đã lưu vẫn còn).",
            f"The database cannot be opened ({detail})."), detail)


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    # WAL: readers never block the writer and a power cut loses at most the last transaction.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA secure_delete=ON")     # freed pages zeroed: no old row content left behind
    cursor.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() and os.name == "posix":
            # the owner only from the first byte; SQLite gives its -wal and -shm files the same mode
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        elif os.name == "posix":
            os.chmod(path, 0o600)
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine, revision: str = "head") -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    command.upgrade(cfg, revision)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("select version_num from alembic_version")).scalar()


def head_revision() -> str | None:
    """The newest revision in the migrations folder, as Alembic sees it."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(MIGRATIONS)).get_current_head()


@dataclass
class Database:
    engine: Engine
    sessions: sessionmaker[Session]
    workstation_id: str

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str) -> Database:
    """Migrate to the newest schema and make sure this workstation has an id."""
    try:
        engine = make_engine(url)
        if current_revision(engine) != HEAD_REVISION:
            log.info("migrating database to %s", HEAD_REVISION)
            migrate(engine)
        sessions = sessionmaker(engine, expire_on_commit=False)
        with sessions.begin() as session:
            info = session.scalar(select(WorkstationInfo).where(WorkstationInfo.id == 1))
            if info is None:
                info = WorkstationInfo(id=1, workstation_id=str(uuid.uuid4()), created_at=datetime.now(UTC))
                session.add(info)
            workstation_id = info.workstation_id
    except (SQLAlchemyError, OSError) as exc:
        raise _open_error(url, exc) from exc
    return Database(engine, sessions, workstation_id)


def _open_error(url: str, exc: BaseException) -> WorkstationError:
    """A read-only data folder said as such (the folder named), anything else as "cannot be opened"."""
    from workstation.disk_space import ReadOnlyError, is_read_only

    if is_read_only(exc) and url.startswith("sqlite:///"):
        return ReadOnlyError(Path(url.removeprefix("sqlite:///")).parent, str(exc).splitlines()[0])
    return StorageError(str(exc.orig) if isinstance(exc, OperationalError) else str(exc))
