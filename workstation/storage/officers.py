"""Officers and supervisors: passwords kept as scrypt hashes, checked in constant time.

Guessing stops: after MAX_FAILURES wrong passwords in a row a user name is locked for LOCK_MINUTES
(kept in the database, so a restart does not reset it; the caller audits it and shows the time
left). Failures are counted per typed name whether or not an account has it, with the same
message and the same path (a password hash is checked either way), so neither the lockout nor
its timing tells which names exist. A password has at least MIN_LENGTH characters, is not blank, not the user name and not a
common password. scrypt with N = 2^15 (32 MiB, about 0.1 s here); older hashes keep their cost.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.storage.models import LoginFailure, Officer, WorkstationInfo

ROLES = ("officer", "supervisor")
N, R, P = 2**15, 8, 1
MAXMEM = 64 * 1024 * 1024
MAX_FAILURES, LOCK_MINUTES, MIN_LENGTH = 5, 5.0, 10
COMMON = {"password", "password1", "passw0rd", "12345678", "123456789", "1234567890", "0123456789",
          "qwertyuiop", "11111111", "00000000", "abc12345", "matkhau", "matkhau123", "matkhau1234", "congan",
          "congan123", "admin", "admin123", "administrator", "iloveyou", "letmein", "welcome", "123123123"}


class LoginFailed(WorkstationError):
    def __init__(self) -> None:
        super().__init__(Message("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."))


class AccountLocked(WorkstationError):
    def __init__(self, username: str, until: datetime) -> None:
        minutes = max(1, round((until - datetime.now(UTC)).total_seconds() / 60))
        super().__init__(Message(f"Tài khoản tạm khoá do nhập sai mật khẩu nhiều lần; thử lại sau {minutes} phút.",
                                 f"The account is locked after repeated wrong passwords; try again in {minutes} "
                                 "minutes."), username)
        self.username, self.until = username, until


def password_problem(username: str, password: str) -> Message | None:
    """Why `password` is not acceptable, None when it is."""
    if not password.strip():
        return Message("Mật khẩu không được để trống.", "The password must not be blank.")
    if len(password) < MIN_LENGTH:
        return Message(f"Mật khẩu cần ít nhất {MIN_LENGTH} ký tự.", f"A password has at least {MIN_LENGTH} characters.")
    folded = password.strip().casefold()
    if folded in COMMON or folded == username.casefold() or len(set(folded)) <= 2:
        return Message("Mật khẩu quá dễ đoán; hãy chọn mật khẩu khác.", "That password is too easy to guess.")
    return None


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=N, r=R, p=P, dklen=32, maxmem=MAXMEM)
    return f"scrypt${N}${R}${P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                dklen=len(expected), maxmem=MAXMEM)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def create_officer(sessions: sessionmaker[Session], username: str, password: str, role: str = "officer") -> None:
    if role not in ROLES:
        raise WorkstationError(f"role must be one of {', '.join(ROLES)}")
    problem = password_problem(username, password)
    if problem is not None:
        raise WorkstationError(problem)
    with sessions.begin() as session:
        if session.scalar(select(Officer).where(Officer.username == username)) is not None:
            raise WorkstationError(f"officer {username} already exists")
        session.add(Officer(username=username, password_hash=hash_password(password), role=role, active=True,
                            created_at=datetime.now(UTC)))


_DUMMY_HASH = hash_password("x" * 12)


def _name_key(session: Session, username: str) -> str:
    """A keyed hash of the typed name (the key: this database's workstation id), never the name."""
    salt = session.scalar(select(WorkstationInfo.workstation_id).where(WorkstationInfo.id == 1)) or ""
    return hmac.new(f"login-name/{salt}".encode(), username.encode(), hashlib.sha256).hexdigest()


def authenticate(sessions: sessionmaker[Session], username: str, password: str,
                 now: datetime | None = None) -> Officer:
    """The officer whose credentials these are. Raises LoginFailed, or AccountLocked while the
    typed name is locked (the password is not even checked then), for an account or not."""
    now = now or datetime.now(UTC)
    with sessions.begin() as session:
        key = _name_key(session, username)
        failures = session.get(LoginFailure, key)
        locked = failures.locked_until if failures is not None else None
        if locked is not None and locked.tzinfo is None:
            locked = locked.replace(tzinfo=UTC)
        if locked is not None and locked > now:
            raise AccountLocked(username, locked)
        officer = session.scalar(select(Officer).where(Officer.username == username))
        # hash even for unknown users, so timing does not tell which names exist
        stored = officer.password_hash if officer is not None else _DUMMY_HASH
        if not check_password(password, stored) or officer is None or not officer.active:
            if failures is None:
                failures = LoginFailure(name_key=key, failed=0)
                session.add(failures)
            failures.failed += 1
            failures.locked_until = None
            if failures.failed >= MAX_FAILURES:
                failures.failed, failures.locked_until = 0, now + timedelta(minutes=LOCK_MINUTES)
                session.commit()
                raise AccountLocked(username, failures.locked_until)
            session.commit()
            raise LoginFailed()
        if failures is not None:
            session.delete(failures)
        return officer


def list_officers(sessions: sessionmaker[Session]) -> list[Officer]:
    with sessions() as session:
        return list(session.scalars(select(Officer).order_by(Officer.username)))


def has_active_officers(sessions: sessionmaker[Session]) -> bool:
    with sessions() as session:
        return session.scalar(select(Officer.id).where(Officer.active.is_(True)).limit(1)) is not None
