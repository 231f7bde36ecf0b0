"""A fixture card read the way the window reads it: the emulated card on the simulated reader, its
printed QR for the access key, the simulated trust store. Shared by the workflow tests."""
from __future__ import annotations

from workstation.core.card_reading import CardRead, read_card
from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
from workstation.emulator.fixtures import build_card, fixture
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.verify.access_keys import keys_from_qr
from workstation.verify.qr import parse_qr


def read_fixture_card(card: str = "an-genuine") -> CardRead:
    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(card))
    qr = parse_qr(fixture(card).qr)
    return read_card(reader.connect, keys_from_qr(qr), simulated_trust_store(), qr=qr)
