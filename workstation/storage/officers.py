"""Officers and supervisors: passwords kept as scrypt hashes, checked in constant time."""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.models import Officer

ROLES = ("officer", "supervisor")
N, R, P = 2**14, 8, 1


class LoginFailed(WorkstationError):
    def __init__(self) -> None:
        super().__init__(Message("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32)
    return f"scrypt${N}${R}${P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def create_officer(sessions: sessionmaker[Session], username: str, password: str, role: str = "officer") -> None:
    if role not in ROLES:
        raise WorkstationError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise WorkstationError("a password has at least 8 characters")
    with sessions.begin() as session:
        if session.scalar(select(Officer).where(Officer.username == username)) is not None:
            raise WorkstationError(f"officer {username} already exists")
        session.add(Officer(username=username, password_hash=hash_password(password), role=role, active=True,
                            created_at=datetime.now(UTC)))


def authenticate(sessions: sessionmaker[Session], username: str, password: str) -> Officer:
    with sessions() as session:
        officer = session.scalar(select(Officer).where(Officer.username == username))
        # hash even for unknown users, so timing does not tell which names exist
        stored = officer.password_hash if officer is not None else hash_password("x" * 12)
        if not check_password(password, stored) or officer is None or not officer.active:
            raise LoginFailed()
        return officer


def list_officers(sessions: sessionmaker[Session]) -> list[Officer]:
    with sessions() as session:
        return list(session.scalars(select(Officer).order_by(Officer.username)))


def has_active_officers(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return session.scalar(select(Officer.id).where(Officer.active.is_(True)).limit(1)) is not None
