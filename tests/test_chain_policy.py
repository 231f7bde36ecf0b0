"""Fail closed on the chip's issuer (verify.require_trusted_chain): a chip whose Document Signer
no installed CSCA vouches for blocks the enrollment; where a supervisor turned the setting off,
each such enrollment needs a supervisor's approval, recorded; forged and unknown signers are red
whatever the setting."""
from __future__ import annotations

import pytest

from workstation.core.card_reading import read_card
from workstation.core.enrollment.checks import FAIL, NEEDS_CHAIN_APPROVAL, WARN
from workstation.core.enrollment.workflow import EnrollmentWorkflow, Step
from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
from workstation.emulator.fixtures import build_card, fixture
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.errors import WorkstationError
from workstation.verify.access_keys import keys_from_qr
from workstation.verify.qr import parse_qr
from workstation.verify.trust_store import TrustStore


def _read(name: str, trust: TrustStore):  # noqa: ANN202
    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(name))
    qr = parse_qr(fixture(name).qr)
    return read_card(reader.connect, keys_from_qr(qr), trust, qr=qr)


def _chip(workflow: EnrollmentWorkflow):  # noqa: ANN202
    return next(c for c in workflow.checks() if c.name == "chip")


def test_without_a_csca_of_the_country_the_enrollment_is_blocked_by_default() -> None:
    workflow = EnrollmentWorkflow("officer", simulated=False, workstation_id="ws")
    workflow.chip_read(_read("an-genuine", TrustStore()))
    chip = _chip(workflow)
    assert chip.level == FAIL and workflow.step == Step.CHIP
    assert "CSCA" in chip.message.vi and "administrator" in chip.next_step.en
    with pytest.raises(WorkstationError):
        workflow.approve_chain("sup.tran", "Đã kiểm tra thẻ bằng mắt thường")   # no approval while required


def test_with_the_setting_off_a_supervisor_must_approve_with_a_reason() -> None:
    workflow = EnrollmentWorkflow("officer", simulated=False, workstation_id="ws", require_trusted_chain=False)
    workflow.chip_read(_read("an-genuine", TrustStore()))
    chip = _chip(workflow)
    assert chip.level == FAIL and chip.action == NEEDS_CHAIN_APPROVAL and workflow.step == Step.CHIP
    with pytest.raises(WorkstationError):
        workflow.approve_chain("sup.tran", "short")
    workflow.approve_chain("sup.tran", "CSCA chưa được cấp cho xã, đã báo cáo")
    chip = _chip(workflow)
    assert chip.level == WARN and "sup.tran" in chip.message.en and workflow.step == Step.FACE
    assert workflow.chain_approval is not None and workflow.chain_approval.reason.startswith("CSCA")


def test_a_new_card_needs_its_own_approval() -> None:
    workflow = EnrollmentWorkflow("officer", simulated=False, workstation_id="ws", require_trusted_chain=False)
    workflow.chip_read(_read("an-genuine", TrustStore()))
    workflow.approve_chain("sup.tran", "CSCA chưa được cấp cho xã, đã báo cáo")
    other = EnrollmentWorkflow("officer", simulated=False, workstation_id="ws", require_trusted_chain=False)
    other.chip_read(_read("bich-variants", TrustStore()))
    assert other.chain_approval is None and _chip(other).level == FAIL


@pytest.mark.parametrize(("name", "kind"), [("untrusted-signer", "trust list"), ("attack-ds-expired", "Forged"),
                                            ("attack-hides-dg14", "withholds"), ("cloned", "copy")])
def test_red_chips_stay_red_whatever_the_setting(name: str, kind: str) -> None:
    workflow = EnrollmentWorkflow("officer", simulated=False, workstation_id="ws", require_trusted_chain=False)
    workflow.chip_read(_read(name, simulated_trust_store()))
    chip = _chip(workflow)
    assert chip.level == FAIL and not chip.action and kind in chip.message.en
    with pytest.raises(WorkstationError):
        workflow.approve_chain("sup.tran", "Tôi muốn cho qua thẻ này")
