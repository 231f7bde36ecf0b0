"""The console's "Chiến dịch" page in a real browser (Chromium via Selenium) against the real
`centre console` process, SQLite and PostgreSQL: communes' progress against their quotas from
signed daily reports the centre decided (CampaignReports.decide, the same code as the HTTPS
route): the newest report of a commune speaks for it, an unsigned or forged one never shows."""
from __future__ import annotations

import shutil
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.console.test_console_browser import PASSWORD, _click, _log_in, database  # noqa: F401 - the fixture
from tests.support.console_browser import PASSPHRASE, add_user, chromium, running_console, screenshot
from workstation.centre.authority import load_centre
from workstation.centre.campaign_reports import CampaignReports
from workstation.centre.console.campaign_page import bars, communes
from workstation.centre.console.totp import totp
from workstation.centre.onboarding import issue_token, register
from workstation.centre.registry import Registry
from workstation.core.package.keys import certificate_request, load_or_create_identity
from workstation.core.signed_report import seal_report

pytestmark = pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                                reason="chromium and chromium-driver (Debian) are not installed: scripts/setup.sh --test")
TODAY = date.today()


def _report(ws: str, commune: str, name: str, day: date, quota: int | None, enrolled: int, forecast: date | None,
            made: datetime) -> dict:
    counts = dict.fromkeys(("eligible", "invited", "came", "enrolled", "refused", "no_show", "still_due"), 0)
    totals = {**counts, "eligible": 2 * (quota or 100), "enrolled": enrolled, "still_due": 2 * (quota or 100) - enrolled}
    return {"workstation_id": ws, "commune": commune, "commune_name": name, "day": day.isoformat(),
            "made_at": made.isoformat(), "quota": quota, "totals": totals,
            "today": {k: v for k, v in counts.items() if k != "eligible"}, "shifts": [], "villages": [],
            "officers": [], "pace_per_day": "41.5", "forecast_date": forecast.isoformat() if forecast else None,
            "planned_date": None}


def _seed(folder: Path, registry: Registry, tmp_path: Path) -> None:
    centre = load_centre(folder, PASSPHRASE.encode())
    reports = CampaignReports(registry)

    def onboard(commune: str):  # noqa: ANN202
        identity = load_or_create_identity(tmp_path / f"ws-{uuid.uuid4().hex[:8]}", str(uuid.uuid4()))
        register(registry, centre, issue_token(registry, centre, commune, "Công an xã"), certificate_request(identity))
        return identity

    now = datetime.now(UTC)
    a1, a2, b, c = onboard("00001"), onboard("00001"), onboard("00002"), onboard("00003")
    sent = [
        (a1, _report(a1.workstation_id, "00001", "Xã Minh Khai", TODAY - timedelta(days=1), 12000, 3000, None,
                     now - timedelta(days=1))),
        (a2, _report(a2.workstation_id, "00001", "Xã Minh Khai", TODAY, 12000, 4830, TODAY + timedelta(days=60),
                     now - timedelta(hours=1))),
        (b, _report(b.workstation_id, "00002", "Phường Đông Hưng", TODAY, 8000, 8400, TODAY, now)),
        (c, _report(c.workstation_id, "00003", "Xã Tân Lập", TODAY, None, 25, None, now)),
    ]
    for identity, report in sent:
        decision = reports.decide(identity.workstation_id, report["commune"], report["day"],
                                  seal_report(report, identity.key))
        assert decision.status == "accepted", decision
    forged = _report(c.workstation_id, "00003", "Xã Tân Lập", TODAY, 100, 99, None, now + timedelta(minutes=1))
    refused = reports.decide(c.workstation_id, "00003", TODAY.isoformat(),
                             seal_report(forged, ed25519.Ed25519PrivateKey.generate()))
    assert refused.reason == "signature"


def test_the_campaign_page_shows_communes_against_their_quotas(tmp_path: Path, database: str) -> None:  # noqa: F811
    from selenium.webdriver.common.by import By

    folder = tmp_path / "centre"
    with running_console(folder, database) as console:
        registry = Registry.open(database)
        try:
            _seed(folder, registry, tmp_path)
            with registry.sessions() as session:
                rows = communes(session)
            assert [(r.commune, r.enrolled, r.workstations) for r in rows] == [("00001", 4830, 2), ("00002", 8400, 1),
                                                                                ("00003", 25, 1)]
            chart, _, _ = bars(rows)
            assert chart[1].done == 420 and chart[2].done == 0 and chart[2].text == "chưa có chỉ tiêu"
            secret = add_user(folder, database, "anh.nguyen", PASSWORD)
            with chromium(console.spki_sha256) as driver:
                _log_in(driver, console.url, "anh.nguyen", PASSWORD, totp(secret))
                _click(driver, driver.find_element(By.LINK_TEXT, "Chiến dịch"))
                table = [r.text for r in driver.find_elements(By.CSS_SELECTOR, "#chien-dich tbody tr")]
                assert table[0].startswith("00001 Xã Minh Khai 12.000 4.830 40 19.170 41,5"), table
                assert (TODAY + timedelta(days=60)).strftime("%d/%m/%Y") in table[0] and table[0].endswith(" 2")
                assert table[1].startswith("00002 Phường Đông Hưng 8.000 8.400 105")
                assert table[2].startswith("00003 Xã Tân Lập — 25 —") and "chưa tính được" in table[2]
                enrolled = driver.find_elements(By.CSS_SELECTOR, "#bieu-do-chien-dich rect.enrolled")
                assert len(enrolled) == 2 and len(driver.find_elements(By.CSS_SELECTOR, "#bieu-do-chien-dich rect.quota")) == 3
                assert float(enrolled[0].get_attribute("width")) == pytest.approx(420 * 4830 / 12000, abs=0.1)
                screenshot(driver, "campaign")
        finally:
            registry.close()
