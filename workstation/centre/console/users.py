"""Console users and logging in: a password (scrypt) and a TOTP code (RFC 6238), both required.
Every success and failure is written to console_events; the recent failures there are the rate
limit (per typed name and per source address), so it holds across restarts and processes."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, sessionmaker

from workstation.centre.console import passwords, totp
from workstation.centre.console.models import ConsoleEvent, ConsoleUser
from workstation.centre.console.totp_box import TotpBox
from workstation.errors import WorkstationError
from workstation.messages import Message

NAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
LOCK_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_NAME = 5
MAX_FAILURES_PER_SOURCE = 20
REFUSED = "login_refused"


@dataclass(frozen=True)
class NewUser:
    name: str
    totp_secret: str
    otpauth_uri: str


@dataclass(frozen=True)
class LoginResult:
    user: str | None                 # the name logged in, None when refused
    refusal: str = ""                # password | totp | replay | locked (recorded; the page says less)


def add_user(sessions: sessionmaker[Session], box: TotpBox, name: str, password: str) -> NewUser:
    if not NAME.fullmatch(name):
        raise WorkstationError(Message(
            "Tên người dùng gồm 2–64 chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.",
            "A user name is 2-64 lower-case letters, digits, '.', '-' or '_'."))
    if len(password) < passwords.MIN_LENGTH:
        raise WorkstationError(Message(f"Mật khẩu cần ít nhất {passwords.MIN_LENGTH} ký tự.",
                                       f"The password needs at least {passwords.MIN_LENGTH} characters."))
    secret = totp.new_secret()
    with sessions.begin() as session:
        if session.get(ConsoleUser, name) is not None:
            raise WorkstationError(Message(f"Đã có người dùng {name}.", f"User {name} already exists."))
        session.add(ConsoleUser(name=name, password_hash=passwords.hash_password(password),
                                totp_secret=box.seal(name, secret),
                                last_totp_step=0, created_at=datetime.now(UTC)))
        record(session, name, "user_added", "cli")
    return NewUser(name, secret, totp.otpauth_uri(secret, name))


def list_users(sessions: sessionmaker[Session]) -> list[ConsoleUser]:
    with sessions() as session:
        return list(session.scalars(select(ConsoleUser).order_by(ConsoleUser.name)))


def record(session: Session, user: str, event: str, source: str, detail: str = "") -> None:
    session.add(ConsoleEvent(at=datetime.now(UTC), user=user[:64], event=event, source=source[:64],
                             detail=detail[:200]))


def record_event(sessions: sessionmaker[Session], user: str, event: str, source: str, detail: str = "") -> None:
    with sessions.begin() as session:
        record(session, user, event, source, detail)


def _locked(session: Session, name: str, source: str, now: datetime) -> bool:
    since = now - LOCK_WINDOW
    by_name = session.scalar(select(func.count()).select_from(ConsoleEvent)
                             .where(ConsoleEvent.user == name[:64], ConsoleEvent.event == REFUSED,
                                    ConsoleEvent.at >= since))
    by_source = session.scalar(select(func.count()).select_from(ConsoleEvent)
                               .where(ConsoleEvent.source == source[:64], ConsoleEvent.event == REFUSED,
                                      ConsoleEvent.at >= since))
    return (by_name or 0) >= MAX_FAILURES_PER_NAME or (by_source or 0) >= MAX_FAILURES_PER_SOURCE


def log_in(sessions: sessionmaker[Session], box: TotpBox, name: str, password: str, code: str, source: str,
           at: float | None = None) -> LoginResult:
    """Both factors, checked in full whatever the name (an unknown name costs the same scrypt),
    a TOTP step used once; refused while the name or the address has too many recent failures."""
    now = datetime.now(UTC)
    name = name.strip().lower()[:64]
    with sessions() as session:
        if _locked(session, name, source, now):
            refusal = "locked"
            user = None
        else:
            user = session.get(ConsoleUser, name) if NAME.fullmatch(name) else None
            refusal = ""
    if refusal:
        record_event(sessions, name, REFUSED, source, refusal)
        return LoginResult(None, refusal)
    good_password = passwords.check_password(password, user.password_hash if user else passwords.DUMMY_HASH)
    if user is None or user.disabled_at is not None or not good_password:
        record_event(sessions, name, REFUSED, source, "password")
        return LoginResult(None, "password")
    secret = box.open(name, user.totp_secret)
    step = totp.matching_step(secret, code, at) if secret is not None else None
    if step is None:
        record_event(sessions, name, REFUSED, source, "totp")
        return LoginResult(None, "totp")
    with sessions.begin() as session:
        # the step is taken atomically: two logins with one code cannot both pass (RFC 6238 §5.2)
        taken = session.execute(update(ConsoleUser).where(ConsoleUser.name == name,
                                                          ConsoleUser.last_totp_step < step)
                                .values(last_totp_step=step)).rowcount
        if taken != 1:
            record(session, name, REFUSED, source, "replay")
            return LoginResult(None, "replay")
        record(session, name, "login_ok", source)
    return LoginResult(name)
