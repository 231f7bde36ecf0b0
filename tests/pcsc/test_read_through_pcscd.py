"""Fixture cards read through pyscard → pcscd → vpcd → the card emulator: the real PC/SC path."""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from workstation.core.card_reading import read_card
from workstation.devices.base import DeviceState, DriverParams
from workstation.devices.card_reader.base import CardRemovedError, NoCardError
from workstation.devices.card_reader.pcsc import PcscCardReaderDriver
from workstation.emulator.fixtures import FIXTURES, build_card, fixture
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.emulator.vpcd import VpcdBridge
from workstation.verify.access_keys import keys_from_qr
from workstation.verify.errors import AccessDeniedError
from workstation.verify.qr import parse_qr

pytestmark = pytest.mark.pcsc
TRUST = simulated_trust_store()


def _wait_for_card(driver: PcscCardReaderDriver, reader: str, present: bool = True, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            driver.connect(reader).close()
            if present:
                return
        except (NoCardError, CardRemovedError):
            if not present:
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"card {'never appeared' if present else 'never left'} in {reader}")
        time.sleep(0.05)


@pytest.fixture
def inserted(pcscd: str) -> Iterator:  # noqa: ANN201
    bridges = []

    def insert(name: str) -> PcscCardReaderDriver:
        bridge = VpcdBridge(build_card(name)).start()
        bridges.append(bridge)
        driver = PcscCardReaderDriver(DriverParams({"reader": pcscd}))
        _wait_for_card(driver, pcscd)
        return driver

    yield insert
    for bridge in bridges:
        bridge.stop()
    _wait_for_card(PcscCardReaderDriver(), pcscd, present=False)


def _read(driver: PcscCardReaderDriver, reader: str, name: str):  # noqa: ANN202
    return read_card(lambda: driver.connect(reader), keys_from_qr(parse_qr(fixture(name).qr)), TRUST)


def test_the_virtual_reader_is_probed_as_connected(pcscd: str) -> None:
    status = PcscCardReaderDriver().probe()
    assert status.state == DeviceState.CONNECTED and pcscd in status.detail


@pytest.mark.parametrize("name", ["an-genuine", "bich-variants", "cuong-no-expiry", "dung-bac-only",
                                  "em-fields-swapped", "expired", "short-apdu-reader"]
                         + [f.name for f in FIXTURES if f.name.startswith("variant-")])
def test_genuine_cards_read_through_pcscd(inserted, pcscd: str, name: str) -> None:  # noqa: ANN001
    result = _read(inserted(name), pcscd, name)
    assert result.dg13.full_name == fixture(name).profile.full_name
    assert result.verdict.verdict == "genuine", result.verdict.reasons
    assert result.photo.decode().size == (240, 320)


@pytest.mark.parametrize(("name", "reason"), [("cloned", "active authentication"), ("tampered-dg13", "DG13"),
                                              ("untrusted-signer", "not trusted")])
def test_attack_cards_are_rejected_through_pcscd(inserted, pcscd: str, name: str, reason: str) -> None:  # noqa: ANN001
    result = _read(inserted(name), pcscd, name)
    assert result.verdict.verdict == "not_genuine"
    assert any(reason in r for r in result.verdict.reasons)


@pytest.mark.parametrize("name", ["attack-ds-other-country", "attack-ds-expired", "attack-sod-signed-by-csca",
                                  "attack-ds-revoked", "attack-sod-md5", "attack-sod-content-type-data",
                                  "attack-hides-dg14", "attack-hides-dg15-plain", "attack-clone-ca-only",
                                  "attack-ca-refused", "attack-sm-bad-mac", "attack-jpeg-bomb", "attack-trickle",
                                  "attack-pace-bad-point"])
def test_catalogue_cards_end_as_they_should_through_pcscd(inserted, pcscd: str, name: str) -> None:  # noqa: ANN001
    from workstation.errors import WorkstationError

    card = fixture(name)
    driver = inserted(name)
    if card.expect.startswith("error:"):
        with pytest.raises(WorkstationError) as caught:
            _read(driver, pcscd, name)
        assert type(caught.value).__name__ == card.expect.split(":", 1)[1]
        return
    result = _read(driver, pcscd, name)
    assert card.expect in result.verdict.codes, result.verdict.reasons


def test_lost_field_is_resumed_through_pcscd(inserted, pcscd: str) -> None:  # noqa: ANN001
    result = _read(inserted("tag-lost"), pcscd, "tag-lost")
    assert result.chip.recoveries >= 1 and result.verdict.genuine


def test_pulled_out_card_is_a_clear_error_through_pcscd(inserted, pcscd: str) -> None:  # noqa: ANN001
    with pytest.raises(CardRemovedError):
        _read(inserted("pulled-out"), pcscd, "pulled-out")


def test_wrong_key_through_pcscd(inserted, pcscd: str) -> None:  # noqa: ANN001
    with pytest.raises(AccessDeniedError):
        _read(inserted("wrong-key"), pcscd, "wrong-key")
