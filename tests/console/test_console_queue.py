"""The console and the queue after intake, in Vietnamese: an intake node's `received` packages
and the worker's `open` decisions in words on the audit page (and its filter), the day's tile of
packages waiting to be opened, and the warnings when they wait longer than 30 minutes or a job
failed for good. Queries on real SQLite and PostgreSQL; the pages through the real application
(aiohttp's test server) and, visibly, in a real browser."""
from __future__ import annotations

import asyncio
import hashlib
import re
import shutil
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.support.console_data import WS_A, WS_B, seed
from tests.support.postgres import new_database
from workstation.centre import jobs
from workstation.centre.audit import append
from workstation.centre.console import words
from workstation.centre.console.app import SESSION_KEY, build_app
from workstation.centre.console.queries import LATE_OPENING, queue_warnings
from workstation.centre.console.security import SESSION_COOKIE
from workstation.centre.console.totp_box import TotpBox
from workstation.centre.models import Job, ReceivedPackage
from workstation.centre.registry import Registry, default_url

BOX = TotpBox(b"k" * 32)


@pytest.fixture(params=["sqlite", "postgresql"])
def registry(request: pytest.FixtureRequest, tmp_path: Path):  # noqa: ANN201
    url = (default_url(tmp_path / "centre") if request.param == "sqlite"
           else new_database(request.getfixturevalue("postgres"), "queue"))
    opened = Registry.open(url)
    yield opened
    opened.close()


def _received(registry: Registry, ws: str, commune: str, at: datetime) -> str:
    """A package as an intake node stores it: `received`, its audit entry, its `open` job."""
    package_id = str(uuid.uuid4())
    with registry.sessions.begin() as session:
        session.add(ReceivedPackage(package_id=package_id, workstation_id=ws, commune=commune,
                                    sha256=hashlib.sha256(package_id.encode()).hexdigest(), size=1000,
                                    received_at=at, status="received", reason="", citizen_key="", package=b"\x00"))
        append(session, package_id, ws, "https", "received", "", at=at)
        jobs.enqueue(session, "open", package_id)
    return package_id


def _opened(registry: Registry, ws: str, at: datetime) -> str:
    package_id = str(uuid.uuid4())
    with registry.sessions.begin() as session:
        append(session, package_id, ws, "open", "accepted", "", at=at)
    return package_id


def _fail_open_jobs(registry: Registry, how_many: int) -> None:
    with registry.sessions.begin() as session:
        for job in session.query(Job).filter(Job.kind == "open").order_by(Job.id).limit(how_many):
            job.state, job.attempts, job.result = jobs.FAILED, jobs.MAX_ATTEMPTS, "ObjectMissing: gone"


def test_the_words_for_received_accepted_and_open() -> None:
    assert words.status_words("accepted") == "Chấp nhận"
    assert words.status_words("received") == "Đã tiếp nhận, chờ mở"
    assert words.channel_words("open") == "Mở và kiểm tra (máy giải mã)"
    assert words.reason_words("job_retry") == "quản trị viên cho chạy lại"
    shown = list(words.STATUSES.values())
    assert len(set(shown)) == len(shown), "two statuses read the same"
    assert not any("nhận" == w.split()[-1] and w.startswith("Đã") for w in shown), "accepted as 'Đã nhận' again"
    offered = words.filter_statuses()
    assert list(offered)[:2] == ["received", "accepted"] and "retried" in offered
    # every status and channel the centre writes to its audit reads in Vietnamese
    written = {"accepted", "received", "duplicate", "already_here", "rejected", "registered", "revoked",
               "unrevoked", "reviewed", "exported", "export_queued", "unavailable", "retried", "swept",
               "token_cancelled", "refusals_sampled"}
    assert {s for s in written if words.status_words(s) == s} == set()
    assert {c for c in ("https", "usb", "register", "admin", "console", "export", "open", "sampled")
            if words.channel_words(c) == c} == set()


def test_queue_warnings_count_late_received_packages_and_failed_jobs(registry: Registry) -> None:
    seed(registry)
    now = datetime.now(UTC)
    with registry.sessions() as session:
        assert queue_warnings(session, now) == type(queue_warnings(session, now))(0, None, 0)
    _received(registry, WS_A, "00001", now - timedelta(minutes=10))         # not late yet
    oldest = now - timedelta(hours=2)
    _received(registry, WS_A, "00001", oldest)
    _received(registry, WS_B, "00002", now - LATE_OPENING - timedelta(seconds=5))
    _fail_open_jobs(registry, 1)
    with registry.sessions() as session:
        found = queue_warnings(session, now)
    assert (found.late_received, found.failed_jobs) == (2, 1)
    assert found.oldest_received is not None and abs(found.oldest_received - oldest) < timedelta(seconds=1)
    with registry.sessions() as session:                   # an hour on, all three are late
        assert queue_warnings(session, now + timedelta(hours=1)).late_received == 3


def _get(app, *paths: str) -> list[tuple[int, str]]:  # noqa: ANN001
    from aiohttp.test_utils import TestClient, TestServer

    cookie = {"Cookie": f"{SESSION_COOKIE}={app[SESSION_KEY].open('anh')}"}

    async def main() -> list[tuple[int, str]]:
        async with TestClient(TestServer(app)) as client:
            out = []
            for path in paths:
                response = await client.get(path, headers=cookie, allow_redirects=False)
                out.append((response.status, await response.text()))
            return out
    return asyncio.run(main())


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_pages_show_received_open_and_the_warnings(registry: Registry) -> None:
    seed(registry)
    now = datetime.now(UTC)
    _received(registry, WS_A, "00001", now - timedelta(minutes=1))
    opened = _opened(registry, WS_B, now - timedelta(minutes=2))
    (status, quiet), = _get(build_app(registry, BOX), "/")
    assert status == 200 and 'id="canh-bao"' not in quiet          # nothing late, nothing failed: no warning
    assert re.search(r'id="so-cho-mo">1<', quiet)
    assert "hồ sơ được chấp nhận" in _text(quiet) and "hồ sơ đã nhận" not in _text(quiet)

    waiting = _received(registry, WS_A, "00001", now - timedelta(hours=1))
    _fail_open_jobs(registry, 1)
    (_, today), (_, audit), (_, received_only), (_, filtered_bad) = _get(
        build_app(registry, BOX), "/", "/nhat-ky", "/nhat-ky?trang_thai=received", "/nhat-ky?trang_thai=R%C3%A9")
    text = _text(today)
    assert "1 hồ sơ chờ mở quá 30 phút" in text and "kiểm tra centre worker" in text
    assert "1 công việc thất bại sau 5 lần thử" in text and "centre jobs --retry-failed" in text
    assert re.search(r'id="so-cho-mo">2<', today)
    rows = {r.split("</td>")[3]: _text(r) for r in re.findall(r"<tr class=.*?</tr>", audit, re.S)}
    assert "Mạng Đã tiếp nhận, chờ mở" in rows[f'<td class="id">{waiting}']
    assert "Mở và kiểm tra (máy giải mã) Chấp nhận" in rows[f'<td class="id">{opened}']
    assert '<option value="received">Đã tiếp nhận, chờ mở</option>' in audit
    assert not re.search(r"<td>(received|open)</td>", audit), "a code shown untranslated"
    listed = re.findall(r'<tr class="([a-z_]+)">', received_only)
    assert listed == ["received", "received"]
    assert '<option value="received" selected>' in received_only
    assert "Trạng thái không hợp lệ" in filtered_bad


@pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                    reason="chromium and chromium-driver (Debian) are not installed: scripts/setup.sh --test")
def test_in_a_browser_the_day_warns_and_the_audit_filters_received(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from tests.console.test_console_browser import PASSWORD, _click, _log_in
    from tests.support.console_browser import add_user, chromium, running_console, screenshot
    from workstation.centre.console.totp import totp

    folder = tmp_path / "centre"
    database = default_url(folder)
    with running_console(folder, database) as console:
        registry = Registry.open(database)
        try:
            seed(registry)
            now = datetime.now(UTC)
            for minutes in (95, 50, 3):
                _received(registry, WS_B, "00002", now - timedelta(minutes=minutes))
            _opened(registry, WS_A, now - timedelta(minutes=1))
            _fail_open_jobs(registry, 1)
            secret = add_user(folder, database, "anh.nguyen", PASSWORD)
            with chromium(console.spki_sha256) as driver:
                _log_in(driver, console.url, "anh.nguyen", PASSWORD, totp(secret))
                assert driver.find_element(By.ID, "so-cho-mo").text == "3"
                assert driver.find_element(By.ID, "canh-bao-cho-mo").text.startswith("2 hồ sơ chờ mở quá 30 phút")
                assert "centre worker" in driver.find_element(By.ID, "canh-bao-cho-mo").text
                assert driver.find_element(By.ID, "canh-bao-that-bai").text.startswith("1 công việc thất bại")
                tiles = driver.find_elements(By.CSS_SELECTOR, ".tiles .tile")
                assert len(tiles) == 5 and len({t.location["y"] for t in tiles}) == 1     # one row, not four and one
                screenshot(driver, "today-waiting")

                _click(driver, driver.find_element(By.LINK_TEXT, "Nhật ký"))
                Select(driver.find_element(By.ID, "trang_thai")).select_by_visible_text("Đã tiếp nhận, chờ mở")
                _click(driver, driver.find_element(By.ID, "tim"))
                rows = driver.find_elements(By.CSS_SELECTOR, "#nhat-ky tbody tr")
                assert len(rows) == 3 and all("Đã tiếp nhận, chờ mở" in r.text for r in rows)
                screenshot(driver, "audit-received")
                driver.get(console.url + "/nhat-ky")
                first = driver.find_element(By.CSS_SELECTOR, "#nhat-ky tbody tr").text
                assert "Mở và kiểm tra (máy giải mã)" in first and "Chấp nhận" in first
                screenshot(driver, "audit-open")
        finally:
            registry.close()
