"""Login: a lockout after repeated failures (kept across restarts, audited, the time left shown),
a password policy, and the scrypt cost (issue 15)."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from workstation.errors import WorkstationError
from workstation.storage.database import open_database, sqlite_url
from workstation.storage.officers import (
    MAX_FAILURES,
    AccountLocked,
    LoginFailed,
    authenticate,
    create_officer,
    hash_password,
)


@pytest.fixture
def db(tmp_path: Path):  # noqa: ANN201
    database = open_database(sqlite_url(tmp_path / "ws.sqlite3"))
    create_officer(database.sessions, "cb.le", "mat-khau-456", role="officer")
    yield database
    database.close()


def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_one(db, tmp_path) -> None:  # noqa: ANN001
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(LoginFailed):
            authenticate(db.sessions, "cb.le", "wrong password")
    with pytest.raises(AccountLocked) as locked:
        authenticate(db.sessions, "cb.le", "wrong password")
    assert "phút" in locked.value.officer_text("vi") and "minutes" in locked.value.one_line()
    with pytest.raises(AccountLocked):
        authenticate(db.sessions, "cb.le", "mat-khau-456")                # the right one, too late
    again = open_database(sqlite_url(tmp_path / "ws.sqlite3"))             # a restart does not reset it
    with pytest.raises(AccountLocked):
        authenticate(again.sessions, "cb.le", "mat-khau-456")
    later = datetime.now(UTC) + timedelta(minutes=6)
    assert authenticate(again.sessions, "cb.le", "mat-khau-456", now=later).username == "cb.le"
    again.close()


def test_a_success_resets_the_count(db) -> None:  # noqa: ANN001
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(LoginFailed):
            authenticate(db.sessions, "cb.le", "wrong password")
    authenticate(db.sessions, "cb.le", "mat-khau-456")
    with pytest.raises(LoginFailed):                                       # counting starts again
        authenticate(db.sessions, "cb.le", "wrong password")


@pytest.mark.parametrize("password", ["password", "        ", "short", "1234567890", "cb.new.user", "aaaaaaaaaaaa",
                                      "matkhau123"])
def test_weak_passwords_are_refused(db, password: str) -> None:  # noqa: ANN001
    with pytest.raises(WorkstationError):
        create_officer(db.sessions, "cb.new.user", password)


def test_the_scrypt_cost_is_raised_and_old_hashes_still_verify(db) -> None:  # noqa: ANN001
    assert hash_password("mat-khau-456").split("$")[1] == str(2**15)


def test_a_lockout_is_audited(tmp_path: Path) -> None:
    from workstation.core.context import AppContext
    from workstation.core.enrollment.services import EnrollmentServices

    context = AppContext.load(mode="simulated")
    database = context.open_database()
    create_officer(database.sessions, "cb.le", "mat-khau-456", role="officer")
    services = EnrollmentServices.from_context(context, database, simulated=True)
    for _ in range(MAX_FAILURES):
        with pytest.raises((LoginFailed, AccountLocked)):
            services.log_in("cb.le", "wrong password")
    from sqlalchemy import select

    from workstation.storage.models import AuditEntry

    with database.sessions() as session:
        actions = [e.action for e in session.scalars(select(AuditEntry))]
    assert actions.count("login_failed") == MAX_FAILURES - 1 and actions.count("account_locked") == 1
    database.close()


def _outcomes(db, username: str, monkeypatch) -> list[tuple[str, str, int]]:  # noqa: ANN001
    """What a guesser sees for MAX_FAILURES + 1 wrong passwords: the error, its words, and how many
    password hashes were checked (the timing path)."""
    from workstation.storage import officers

    checked = []
    real = officers.check_password
    monkeypatch.setattr(officers, "check_password", lambda *a: checked.append(1) or real(*a))
    seen = []
    for _ in range(MAX_FAILURES + 1):
        checked.clear()
        with pytest.raises((LoginFailed, AccountLocked)) as failed:
            authenticate(db.sessions, username, "wrong password")
        seen.append((type(failed.value).__name__, failed.value.officer_text("vi"), len(checked)))
    return seen


def test_unknown_names_lock_like_existing_ones_so_names_cannot_be_told_apart(db, monkeypatch) -> None:  # noqa: ANN001
    existing = _outcomes(db, "cb.le", monkeypatch)
    unknown = _outcomes(db, "cb.nobody", monkeypatch)
    assert existing == unknown
    assert [kind for kind, _, _ in unknown] == ["LoginFailed"] * (MAX_FAILURES - 1) + ["AccountLocked"] * 2
    assert [n for _, _, n in unknown] == [1] * MAX_FAILURES + [0]       # a hash checked, then none while locked
    from sqlalchemy import text

    with db.engine.connect() as conn:                                     # the typed names are not kept in clear
        keys = [row[0] for row in conn.execute(text("SELECT name_key FROM login_failures"))]
    assert len(keys) == 2 and not any("cb." in k for k in keys)


def test_a_lock_on_one_typed_name_does_not_lock_another(db) -> None:  # noqa: ANN001
    for _ in range(MAX_FAILURES):
        with pytest.raises((LoginFailed, AccountLocked)):
            authenticate(db.sessions, "cb.nobody", "wrong password")
    assert authenticate(db.sessions, "cb.le", "mat-khau-456").username == "cb.le"
