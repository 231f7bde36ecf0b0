"""The console's parts without a browser: TOTP against the RFCs' test vectors, passwords, the
login's lockout and replay refusal, and the application answering odd input, a forged form and
a database that is down without a 500 (in process, aiohttp's test server)."""
from __future__ import annotations

import asyncio
import base64
import re
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import create_engine, select
from sqlalchemy.orm import sessionmaker

from tests.support.console_data import seed
from workstation.centre.console import passwords, totp
from workstation.centre.console.app import SESSION_KEY, build_app
from workstation.centre.console.models import ConsoleEvent, ConsoleUser
from workstation.centre.console.totp_box import TotpBox
from workstation.centre.console.security import (IDLE_SECONDS, LOGIN_COOKIE, LONGEST_SECONDS, SESSION_COOKIE,
                                                    Sessions)
from workstation.centre.console.users import MAX_FAILURES_PER_NAME, add_user, log_in
from workstation.centre.registry import Registry, default_url
from workstation.errors import WorkstationError

RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()
BOX = TotpBox(bytes(range(32)))


def test_hotp_matches_rfc4226_appendix_d() -> None:
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    assert [totp.hotp(RFC_SECRET, counter) for counter in range(10)] == expected


@pytest.mark.parametrize(("at", "code"), [(59, "94287082"), (1111111109, "07081804"), (1111111111, "14050471"),
                                          (1234567890, "89005924"), (2000000000, "69279037"),
                                          (20000000000, "65353130")])
def test_totp_matches_rfc6238_appendix_b_sha1(at: int, code: str) -> None:
    assert totp.hotp(RFC_SECRET, totp.step_at(at), digits=8) == code


def test_a_code_is_good_one_step_either_side_and_nothing_else() -> None:
    now = 1_800_000_000.0
    assert totp.matching_step(RFC_SECRET, totp.totp(RFC_SECRET, now - 30), now) == totp.step_at(now) - 1
    assert totp.matching_step(RFC_SECRET, totp.totp(RFC_SECRET, now - 90), now) is None
    assert totp.matching_step(RFC_SECRET, "12345x", now) is None
    assert totp.matching_step(RFC_SECRET, "", now) is None
    assert totp.otpauth_uri(RFC_SECRET, "anh").startswith("otpauth://totp/")


def test_passwords_are_scrypt_hashes() -> None:
    stored = passwords.hash_password("mật khẩu đủ dài")
    assert stored.startswith("scrypt$") and "mật" not in stored
    assert passwords.check_password("mật khẩu đủ dài", stored)
    assert not passwords.check_password("mật khẩu sai rồi", stored)
    assert not passwords.check_password("x", "not a hash")


@pytest.fixture
def registry(tmp_path: Path):  # noqa: ANN201
    opened = Registry.open(default_url(tmp_path / "centre"))
    yield opened
    opened.close()


def test_add_user_refuses_short_passwords_and_odd_names(registry: Registry) -> None:
    with pytest.raises(WorkstationError):
        add_user(registry.sessions, BOX, "anh", "ngắn")
    with pytest.raises(WorkstationError):
        add_user(registry.sessions, BOX, "Anh Nguyễn", "mật khẩu đủ dài 2026")
    add_user(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026")
    with pytest.raises(WorkstationError):
        add_user(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026")


def test_login_locks_after_failures_and_a_code_works_once(registry: Registry) -> None:
    user = add_user(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026")
    now = 1_800_000_000.0
    assert log_in(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026", totp.totp(user.totp_secret, now), "10.0.0.1",
                  now).user == "anh"
    replayed = log_in(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026", totp.totp(user.totp_secret, now), "10.0.0.1",
                      now)
    assert replayed.user is None and replayed.refusal == "replay"
    for _ in range(MAX_FAILURES_PER_NAME - 1):     # the replay was one
        assert log_in(registry.sessions, BOX, "anh", "sai", "000000", "10.0.0.2").refusal == "password"
    locked = log_in(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026", totp.totp(user.totp_secret, now + 60),
                    "10.0.0.3", now + 60)
    assert locked.user is None and locked.refusal == "locked"
    assert log_in(registry.sessions, BOX, "nobody", "sai", "000000", "10.0.0.4").refusal == "password"
    with registry.sessions() as session:
        events = [(e.user, e.event, e.detail) for e in session.scalars(select(ConsoleEvent).order_by(ConsoleEvent.id))]
    assert ("anh", "login_ok", "") in events and ("anh", "login_refused", "locked") in events
    assert ("nobody", "login_refused", "password") in events


ODD_PATHS = [
    "/?ngay=2026-02-31", "/?ngay=" + "9" * 5000, "/?ngay=%00", "/?ngay=01/13/2026",
    "/nhat-ky?tu=%00&den=2026-01-01", "/nhat-ky?xa=" + "1" * 300, "/nhat-ky?xa=%27%3B--", "/nhat-ky?may=%00",
    "/nhat-ky?trang_thai=%F0%9F%92%A5", "/nhat-ky?truoc=-1", "/nhat-ky?truoc=" + "9" * 40, "/nhat-ky?truoc=1e9",
    "/nhat-ky?tu=2026-05-01&den=2026-01-01", "/nhat-ky?xa=00001&xa=00002", "/trung-lap?trang=-1",
    "/trung-lap?trang=99999999999", "/trung-lap?trang=%00", "/khong-co", "/static/../../etc/passwd",
    "/may-tram?%ff=%ff",
]


def _run(app, steps):  # noqa: ANN001, ANN202
    async def main():  # noqa: ANN202
        async with TestClient(TestServer(app)) as client:
            return await steps(client)
    return asyncio.run(main())


def test_no_input_gets_a_500(registry: Registry) -> None:
    seed(registry)
    app = build_app(registry, BOX)
    cookie = {"Cookie": f"{SESSION_COOKIE}={app[SESSION_KEY].open('anh')}"}

    async def steps(client: TestClient) -> list[tuple[str, int, str]]:
        seen = []
        for path in ODD_PATHS:
            response = await client.get(path, headers=cookie, allow_redirects=False)
            seen.append((path[:40], response.status, await response.text()))
        for body in (b"\x00" * 100, b"csrf=x&" + b"a" * 20000, b"%ff%fe=%00"):
            response = await client.post("/dang-nhap", data=body, allow_redirects=False,
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
            seen.append(("POST /dang-nhap", response.status, await response.text()))
        response = await client.post("/dang-xuat", data={"csrf": "forged"}, headers=cookie, allow_redirects=False)
        seen.append(("forged logout", response.status, await response.text()))
        return seen
    for path, status, body in _run(app, steps):
        assert status < 500, (path, status)
        assert status in (200, 400, 403, 404, 413), (path, status)
        assert '<html lang="vi">' in body, path
    assert app[SESSION_KEY].live, "the forged logout ended the session"


def test_a_database_that_is_down_is_a_page_not_a_500(tmp_path: Path) -> None:
    engine = create_engine("postgresql+psycopg://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 2})
    app = build_app(Registry(engine, sessionmaker(engine)), BOX)
    cookie = {"Cookie": f"{SESSION_COOKIE}={app[SESSION_KEY].open('anh')}"}

    async def steps(client: TestClient) -> tuple[int, str]:
        response = await client.get("/", headers=cookie)
        return response.status, await response.text()
    status, body = _run(app, steps)
    assert status == 503 and "Cơ sở dữ liệu của trung tâm tạm thời không dùng được" in body


def test_console_user_commands(tmp_path: Path) -> None:
    from tests.support.console_browser import add_user as add_with_cli
    from tests.support.console_browser import cli

    folder = tmp_path / "centre"
    db = default_url(folder)
    folder.mkdir()
    Registry.open(db).close()           # the centre's database (a --db that is not there is refused)
    secret = add_with_cli(folder, db, "chi.le", "mật khẩu đủ dài 2026")
    assert len(base64.b32decode(secret)) == 20
    listed = cli("console-user", "list", "--dir", str(folder), "--db", db, "--json")
    assert listed.returncode == 0 and '"name": "chi.le"' in listed.stdout
    (tmp_path / "short").write_text("ngắn")
    refused = cli("console-user", "add", "dung", "--dir", str(folder), "--db", db, "--password-file",
                  str(tmp_path / "short"))
    assert refused.returncode != 0 and "12" in refused.stderr and "Traceback" not in refused.stderr


def test_the_session_cookie_is_secure_httponly_strict_and_login_needs_its_form_token(registry: Registry) -> None:
    user = add_user(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026")
    app = build_app(registry, BOX)

    async def steps(client: TestClient) -> tuple[int, str, int, str]:
        form = await client.get("/dang-nhap")
        pre = form.cookies[LOGIN_COOKIE].value
        csrf = re.search(r'name="csrf" value="([^"]+)"', await form.text())[1]
        fields = {"ten": "anh", "mat_khau": "mật khẩu đủ dài 2026", "ma_otp": totp.totp(user.totp_secret)}
        forged = await client.post("/dang-nhap", data={**fields, "csrf": "0" * 64}, allow_redirects=False,
                                   headers={"Cookie": f"{LOGIN_COOKIE}={pre}"})
        good = await client.post("/dang-nhap", data={**fields, "csrf": csrf}, allow_redirects=False,
                                 headers={"Cookie": f"{LOGIN_COOKIE}={pre}"})
        cookies = [v for k, v in good.headers.items() if k == "Set-Cookie" and v.startswith(SESSION_COOKIE)]
        return forged.status, await forged.text(), good.status, cookies[0]
    forged_status, forged_body, status, cookie = _run(app, steps)
    assert forged_status == 403 and "Biểu mẫu đăng nhập đã cũ" in forged_body
    assert status == 303
    flags = {part.strip().lower() for part in cookie.split(";")}
    assert {"secure", "httponly", "samesite=strict", "path=/"} <= flags


def test_sessions_end_when_idle_or_too_old() -> None:
    sessions = Sessions()
    token = sessions.open("anh", now=0.0)
    assert sessions.get(token, now=IDLE_SECONDS - 1) is not None
    assert sessions.get(token, now=2 * IDLE_SECONDS) is None
    token = sessions.open("anh", now=0.0)
    for step in range(1, int(LONGEST_SECONDS // 600) + 2):      # active every 10 minutes
        found = sessions.get(token, now=step * 600.0)
    assert found is None
    assert sessions.csrf("s", "a") != sessions.csrf("s", "b") and not sessions.csrf_ok("s", "", "x")


def test_the_console_certificate_names_every_name(tmp_path: Path) -> None:
    from cryptography import x509

    from workstation.centre.authority import init_centre
    from workstation.centre.console.serve import CONSOLE_TLS, console_tls

    centre = init_centre(tmp_path / "centre", b"correct horse battery staple")
    console_tls(centre, ["console.tinh.local", "127.0.0.1"], b"correct horse battery staple")
    cert = x509.load_pem_x509_certificate((tmp_path / "centre" / CONSOLE_TLS[0]).read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["console.tinh.local"]
    assert [str(a) for a in names.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert not (tmp_path / "centre" / "intake-tls.pem").exists()       # the intake's own stays its own


def test_totp_secrets_are_sealed_in_the_database(registry: Registry, tmp_path: Path) -> None:
    user = add_user(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026")
    add_user(registry.sessions, BOX, "binh", "mật khẩu đủ dài 2026")
    with registry.sessions.begin() as session:
        anh, binh = session.get(ConsoleUser, "anh"), session.get(ConsoleUser, "binh")
        assert user.totp_secret not in anh.totp_secret and BOX.open("anh", anh.totp_secret) == user.totp_secret
        binh.totp_secret = anh.totp_secret             # a row copied onto another name does not open
    now = 1_800_000_000.0
    code = totp.totp(user.totp_secret, now)
    assert log_in(registry.sessions, BOX, "binh", "mật khẩu đủ dài 2026", code, "10.0.0.5", now).refusal == "totp"
    other = TotpBox.load(tmp_path / "other")            # another centre's key opens nothing
    assert (tmp_path / "other" / "console-totp.key").stat().st_mode & 0o777 == 0o600
    assert log_in(registry.sessions, other, "anh", "mật khẩu đủ dài 2026", code, "10.0.0.5", now).refusal == "totp"
    assert log_in(registry.sessions, BOX, "anh", "mật khẩu đủ dài 2026", code, "10.0.0.5", now).user == "anh"
