"""The console end to end in a real browser (Debian's Chromium via Selenium) against the real
`centre console` process, on SQLite and on PostgreSQL: log in with password and TOTP, what the
pages show from rows the centre's models wrote, refusals in Vietnamese, the audit search, CSRF,
log out. Screenshots go to $WORKSTATION_SCREENSHOTS (or the temporary folder)."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.support.console_browser import add_user, chromium, running_console, screenshot
from tests.support.console_data import WS_A, WS_B, WS_OLD, seed
from tests.support.postgres import new_database
from workstation.centre.console.models import ConsoleEvent
from workstation.centre.console.totp import totp
from workstation.centre.registry import Registry, default_url

pytestmark = pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                                reason="chromium and chromium-driver (Debian) are not installed: scripts/setup.sh --test")
PASSWORD = "mật khẩu đủ dài 2026"


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return default_url(tmp_path / "centre")
    return new_database(request.getfixturevalue("postgres"), "console")


def _log_in(driver, url: str, name: str, password: str, code: str) -> None:  # noqa: ANN001
    from selenium.webdriver.common.by import By

    driver.get(url + "/dang-nhap")
    driver.find_element(By.ID, "ten").clear()
    driver.find_element(By.ID, "ten").send_keys(name)
    driver.find_element(By.ID, "mat_khau").send_keys(password)
    driver.find_element(By.ID, "ma_otp").send_keys(code)
    _click(driver, driver.find_element(By.ID, "dang-nhap"))


def _click(driver, element) -> None:  # noqa: ANN001
    """Click and wait for the next page (a click returns before the browser navigates): the old
    page carries a mark the new one does not. (Waiting for the old <html> to go stale raced with
    Chromium, which may answer 'node does not belong to the document' instead of 'stale'.)"""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    driver.execute_script("window.__before_click = true")
    element.click()

    def next_page_loaded(d) -> bool:  # noqa: ANN001
        try:
            return bool(d.execute_script(
                "return window.__before_click === undefined && document.readyState === 'complete'"))
        except WebDriverException:          # between the two pages
            return False
    WebDriverWait(driver, 15).until(next_page_loaded)


def _wrong_code(secret: str) -> str:
    now = time.time()
    good = {totp(secret, now + d) for d in (-60, -30, 0, 30, 60)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in good)


def test_log_in_see_the_day_search_the_audit_log_out(tmp_path: Path, database: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    folder = tmp_path / "centre"
    with running_console(folder, database) as console:
        registry = Registry.open(database)
        try:
            seeded = seed(registry)
            secret = add_user(folder, database, "anh.nguyen", PASSWORD)
            with chromium(console.spki_sha256) as driver:
                driver.get(console.url + "/")
                assert driver.current_url.endswith("/dang-nhap")
                assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "vi"

                _log_in(driver, console.url, "anh.nguyen", "sai mật khẩu rồi", totp(secret))
                assert "mật khẩu hoặc mã xác thực không đúng" in driver.find_element(By.ID, "thong-bao").text
                _log_in(driver, console.url, "anh.nguyen", PASSWORD, _wrong_code(secret))
                assert "mật khẩu hoặc mã xác thực không đúng" in driver.find_element(By.ID, "thong-bao").text
                screenshot(driver, "login-refused")

                _log_in(driver, console.url, "anh.nguyen", PASSWORD, totp(secret))
                assert driver.current_url == console.url + "/"
                assert driver.find_element(By.ID, "so-da-nhan").text == str(seeded.accepted_today)
                assert driver.find_element(By.ID, "so-trung-lap").text == str(seeded.duplicate_today)
                assert driver.find_element(By.ID, "so-tu-choi").text == str(seeded.rejected_today)
                communes = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#theo-xa tbody tr")]
                assert communes[0].startswith("00002 3 2 2") and communes[1].startswith("00001 5 0 1"), communes
                assert len(driver.find_elements(By.CSS_SELECTOR, "svg.chart rect")) >= 5
                screenshot(driver, "today")

                _click(driver, driver.find_element(By.LINK_TEXT, "Máy trạm"))
                old = driver.find_element(By.XPATH, f"//tr[td/a[text()='{WS_OLD}']]").text
                assert "Đã thu hồi" in old and "Máy cũ xã Đông Hưng" in old
                screenshot(driver, "workstations")

                _click(driver, driver.find_element(By.LINK_TEXT, "Trùng lặp"))
                listed = driver.find_element(By.ID, "trung-lap").text
                assert all(package_id in listed for package_id in seeded.duplicate_ids)
                assert "xã 00001" in listed            # the same citizen's earlier package
                screenshot(driver, "duplicates")

                _click(driver, driver.find_element(By.LINK_TEXT, "Nhật ký"))
                Select(driver.find_element(By.ID, "xa")).select_by_value("00002")
                Select(driver.find_element(By.ID, "trang_thai")).select_by_value("rejected")
                _click(driver, driver.find_element(By.ID, "tim"))
                rows = driver.find_elements(By.CSS_SELECTOR, "#nhat-ky tbody tr")
                assert len(rows) == 2 and all("Từ chối" in r.text for r in rows)
                assert {WS_B, WS_OLD} == {r.find_elements(By.TAG_NAME, "td")[2].text for r in rows}
                assert any("thu hồi" in r.text for r in rows)      # caller_revoked, in words
                screenshot(driver, "audit")
                driver.find_element(By.ID, "tu").send_keys("31/02/2026")
                _click(driver, driver.find_element(By.ID, "tim"))
                assert "Ngày bắt đầu không hợp lệ" in driver.find_element(By.ID, "loi-loc").text
                driver.get(console.url + f"/nhat-ky?may={WS_A}&trang_thai=rejected")
                assert "tệp trong hồ sơ bị thiếu" in driver.find_element(By.ID, "nhat-ky").text

                _click(driver, driver.find_element(By.ID, "dang-xuat"))
                assert driver.current_url.endswith("/dang-nhap")
                driver.get(console.url + "/nhat-ky")
                assert driver.current_url.endswith("/dang-nhap")
            with registry.sessions() as session:
                events = [(e.user, e.event, e.detail) for e in session.scalars(select(ConsoleEvent).order_by(ConsoleEvent.id))]
            assert ("anh.nguyen", "login_refused", "password") in events
            assert ("anh.nguyen", "login_refused", "totp") in events
            assert ("anh.nguyen", "login_ok", "") in events and ("anh.nguyen", "logout", "") in events
        finally:
            registry.close()


def test_a_forged_form_is_refused(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    folder = tmp_path / "centre"
    database = default_url(folder)
    with running_console(folder, database) as console:
        secret = add_user(folder, database, "binh.tran", PASSWORD)
        with chromium(console.spki_sha256) as driver:
            _log_in(driver, console.url, "binh.tran", PASSWORD, totp(secret))
            assert driver.current_url == console.url + "/"
            driver.execute_script("document.querySelector('form.logout input[name=csrf]').value = 'forged'")
            _click(driver, driver.find_element(By.ID, "dang-xuat"))
            assert "mã chống giả mạo không khớp" in driver.find_element(By.CSS_SELECTOR, "p.message").text
            screenshot(driver, "csrf-refused")
            driver.get(console.url + "/")          # still logged in: the forged form did nothing
            assert driver.current_url == console.url + "/"
        registry = Registry.open(database)
        try:
            with registry.sessions() as session:
                assert session.scalar(select(ConsoleEvent.user).where(ConsoleEvent.event == "csrf_refused")) == "binh.tran"
        finally:
            registry.close()
