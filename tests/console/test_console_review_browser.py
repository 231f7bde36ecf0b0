"""A duplicate decided and an export made through the console in a real browser (Debian's Chromium
via Selenium) against the real `centre console` process and the real `centre worker`: two
workstations send the same citizen with two different faces, the worker prepares the review, the
reviewer sees both photographs side by side and accepts the second as new (audited with their
name); then an export batch is queued from the console, run by the worker, and verified with the
public export key alone. Screenshots go to $WORKSTATION_SCREENSHOTS (or the temporary folder)."""
from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.centre.conftest import CentreSetting, contents_for
from tests.support.console_browser import PASSPHRASE, add_user, chromium, cli, running_console, screenshot
from workstation.centre.authority import load_centre
from workstation.centre.intake import Intake
from workstation.centre.models import IntakeDecision, ReceivedPackage
from workstation.centre.registry import Registry, default_url
from workstation.centre.console.totp import totp
from workstation.core.package.seal import Capture, seal

from .test_console_browser import PASSWORD, _click, _log_in

pytestmark = [pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                                 reason="chromium and chromium-driver (Debian) are not installed"),
              pytest.mark.timeout(240)]
CITIZEN = "079190005555"


def _send(setting: CentreSetting, identity, face: bytes) -> str:  # noqa: ANN001
    at = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    contents = contents_for(identity.workstation_id, CITIZEN, captures=[
        Capture("chip", "chip/dg1.bin", b"\x61\x5b" + b"M" * 91, at), Capture("face", "face/live.jpg", face, at)])
    data = seal(contents, identity, setting.centre.package_key.public_key())
    return setting.intake.decide(contents.package_id, data, identity.workstation_id, "https").status


def test_decide_a_duplicate_with_both_faces_then_export_a_signed_batch(tmp_path: Path, faces_dir: Path) -> None:
    from selenium.webdriver.common.by import By

    folder = tmp_path / "centre"
    database = default_url(folder)
    folder.mkdir()
    registry = Registry.open(database)             # the database first: a console never makes one silently
    with running_console(folder, database) as console:
        try:
            centre = load_centre(folder, PASSPHRASE.encode())
            setting = CentreSetting(folder, centre, registry, Intake(registry, centre))
            a, b = setting.onboard(tmp_path, "00001"), setting.onboard(tmp_path, "00002")
            assert _send(setting, a, (faces_dir / "obama.jpg").read_bytes()) == "accepted"
            assert _send(setting, b, (faces_dir / "biden.jpg").read_bytes()) == "duplicate"
            with registry.sessions() as session:
                duplicate = session.scalars(select(ReceivedPackage.package_id)
                                            .where(ReceivedPackage.status == "duplicate")).one()
            worked = cli("worker", "--once", "--json", "--dir", str(folder))
            assert worked.returncode == 0, worked.stderr
            assert json.loads(worked.stdout)["queue"] == {"review": {"waiting": 1}}
            secret = add_user(folder, database, "lan.pham", PASSWORD)
            with chromium(console.spki_sha256) as driver:
                _log_in(driver, console.url, "lan.pham", PASSWORD, totp(secret))
                _click(driver, driver.find_element(By.LINK_TEXT, "Trùng lặp"))
                _click(driver, driver.find_element(By.LINK_TEXT, duplicate))
                faces = driver.find_elements(By.CSS_SELECTOR, ".faces img")
                assert len(faces) == 2
                assert all(driver.execute_script("return arguments[0].naturalWidth", f) > 100 for f in faces)
                assert "xã 00001" in driver.find_element(By.ID, "anh-truoc").text
                assert "xã 00002" in driver.find_element(By.ID, "anh-nay").text
                screenshot(driver, "review-side-by-side")
                _click(driver, driver.find_element(By.ID, "quyet-dinh-accepted"))
                decided = driver.find_element(By.ID, "da-quyet-dinh").text
                assert "Chấp nhận là hồ sơ mới" in decided and "lan.pham" in decided
                screenshot(driver, "review-decided")

                _click(driver, driver.find_element(By.LINK_TEXT, "Xuất dữ liệu"))
                assert driver.find_element(By.ID, "chua-xuat").text == "2"
                _click(driver, driver.find_element(By.ID, "xuat-lo"))
                assert "Đang chờ" in driver.find_element(By.ID, "lo-xuat").text
                worked = cli("worker", "--once", "--dir", str(folder), "--export-dir", str(tmp_path / "out"))
                assert worked.returncode == 0, worked.stderr
                driver.get(console.url + "/xuat")                  # (get waits for the page; refresh may not)
                row = driver.find_element(By.ID, "lo-xuat").text
                assert "Xong" in row and row.endswith(" 2") and "lan.pham" in row
                assert driver.find_element(By.ID, "chua-xuat").text == "0"
                screenshot(driver, "export-done")
            with registry.sessions() as session:
                assert session.get(ReceivedPackage, duplicate).status == "accepted"
                reviewed = session.scalars(select(IntakeDecision).where(IntakeDecision.status == "reviewed")).one()
            assert json.loads(reviewed.detail)["by"] == "lan.pham" and reviewed.reason == "review_accepted"
            (batch,) = (tmp_path / "out").glob("batch-*")
            checked = cli("export-verify", str(batch), "--public-key", str(folder / "export-signing.pub.pem"), "--json")
            assert checked.returncode == 0 and json.loads(checked.stdout)["count"] == 2, checked.stderr
        finally:
            registry.close()
