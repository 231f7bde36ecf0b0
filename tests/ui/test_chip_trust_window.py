"""The chip step fails closed in the window: with no CSCA of the card's country installed the chip is
red with "call the administrator"; where a supervisor turned verify.require_trusted_chain off, a
supervisor approves with a reason and the enrollment goes on; the settings page lists the trust
store and imports a CSCA, which counts from the next card on. Screenshots are looked at."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QInputDialog

from workstation.core.enrollment.workflow import Step
from workstation.emulator.fixtures import fixture
from workstation.emulator.pki import PKI_DIR
from workstation.verify.trust_store import TrustStore


def _shot(window, folder: Path, name: str) -> None:  # noqa: ANN001
    assert window.grab().save(str(folder / f"{name}-{window.translations.language}.png"))


def _insert_without_csca(qtbot, window, card: str = "an-genuine") -> None:  # noqa: ANN001
    window.card_session.trust = TrustStore()
    window.simulate_insert(card, fixture(card).qr)
    qtbot.waitUntil(lambda: window.workflow.card is not None, timeout=10_000)


def test_no_csca_installed_blocks_the_chip_with_the_next_step(qtbot, gui, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    _insert_without_csca(qtbot, window)
    qtbot.wait(1200)          # longer than the auto-advance: it must not move on
    page = window.chip_page
    assert window.workflow.step == Step.CHIP and not page.next_button.isEnabled()
    assert "CSCA" in page.verdict.text() and "quản trị viên" in page.findings.text()
    assert not page.approve_button.isVisible()
    _shot(window, screenshot_dir, "error-chip-no-csca")


def test_with_the_rule_off_a_supervisor_approves_and_the_enrollment_goes_on(qtbot, gui, monkeypatch,  # noqa: ANN001
                                                                           screenshot_dir) -> None:  # noqa: ANN001
    from workstation.storage.officers import create_officer
    from workstation.ui import window_approvals

    window = gui.window
    create_officer(window.services.store.sessions, "sup.tran", "mat-khau-123", role="supervisor")
    window.workflow.require_trusted_chain = False
    _insert_without_csca(qtbot, window)
    page = window.chip_page
    qtbot.waitUntil(page.approve_button.isVisible, timeout=5000)
    _shot(window, screenshot_dir, "chip-needs-approval")

    class Approve:
        def __init__(self, title, explanation, check, language, parent=None, evidence=None) -> None:  # noqa: ANN001
            self.check, self.approved_by = check, None

        def exec(self) -> bool:  # noqa: A003
            self.approved_by = self.check("sup.tran", "mat-khau-123")
            return True

    monkeypatch.setattr(window_approvals, "CredentialsDialog", Approve)
    monkeypatch.setattr(QInputDialog, "getText",
                        lambda *a, **k: ("CSCA chưa được cấp cho xã; đã báo cáo", True))
    page.approve_button.click()
    assert window.workflow.step == Step.FACE
    assert window.workflow.chain_approval.supervisor == "sup.tran"
    chip = next(c for c in window.workflow.checks() if c.name == "chip")
    assert chip.level == "warn"


def test_settings_list_the_trust_store_and_import_a_csca(qtbot, gui, tmp_path, screenshot_dir) -> None:  # noqa: ANN001
    window = gui.window
    window.card_session.trust = TrustStore()
    settings = window.settings_page
    settings.trust_store = TrustStore()
    window.toggle_settings()
    assert settings.trust_table.rowCount() == 0 and "quản trị viên" in settings.trust_summary.text()
    source = tmp_path / "csca-vn.pem"
    source.write_bytes((PKI_DIR / "csca.pem").read_bytes())
    settings.import_file(source)
    assert settings.trust_table.rowCount() == 1 and settings.trust_table.item(0, 1).text() == "VN"
    assert len(window.card_session.trust.anchors) == 1               # counts from the next card on
    assert Path(settings.settings.verify.trust_store, "csca-vn.pem").exists()
    _shot(window, screenshot_dir, "settings-trust")
    junk = tmp_path / "notes.pem"
    junk.write_text("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")
    settings.import_file(junk)
    assert "CSCA" in settings.message.text() and settings.trust_table.rowCount() == 1
