"""A chip that answers random bytes, random status words or truncated data at any step of the read
never causes an unhandled exception and always stops within the caps (ChipReader's ReadLimits):
every outcome is a CardRead or a WorkstationError with the officer's words. Property-based, at
the APDU level, on the genuine emulator with one or every answer replaced from a chosen step on.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workstation.core.card_reading import read_card
from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
from workstation.emulator.card import CardEmulator
from workstation.emulator.fixtures import build_card, fixture
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.errors import WorkstationError
from workstation.verify.access_keys import keys_from_qr
from workstation.verify.channel import ReadLimits
from workstation.verify.chip_reader import ChipReader
from workstation.verify.qr import parse_qr

TRUST = simulated_trust_store()
KEYS = keys_from_qr(parse_qr(fixture("an-genuine").qr))
LIMITS = ReadLimits(max_apdus=200, max_seconds=10.0)


@dataclass
class HostileCard:
    """The genuine card, its answers replaced from APDU `at` on (once, or for good)."""

    inner: CardEmulator
    at: int
    mode: str                     # random | status | truncate | garbage
    payload: bytes
    persistent: bool
    seen: int = 0
    label: str = "hostile"
    atr: bytes = field(default=b"\x3b\x80\x80\x01\x01")

    def process(self, apdu: bytes) -> bytes:
        self.seen += 1
        answer = self.inner.process(apdu)
        if self.seen < self.at or (self.seen > self.at and not self.persistent):
            return answer
        if self.mode == "random":
            return self.payload
        if self.mode == "status":
            return self.payload[:2].rjust(2, b"\x6f")
        if self.mode == "truncate":
            return answer[:len(self.payload) % max(1, len(answer))]
        return self.payload + b"\x90\x00"


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(at=st.integers(1, 22), mode=st.sampled_from(["random", "status", "truncate", "garbage"]),
       payload=st.binary(max_size=300), persistent=st.booleans())
def test_a_hostile_chip_ends_in_a_result_or_a_clear_error(at: int, mode: str, payload: bytes, persistent: bool) -> None:
    card = HostileCard(build_card("an-genuine"), at, mode, payload, persistent)
    reader = SimulatedCardReaderDriver()
    reader.insert(card)
    try:
        read = read_card(reader.connect, KEYS, TRUST)
    except WorkstationError as exc:
        assert exc.one_line()
    else:
        # whatever the chip said, a result that reads as genuine was proved genuine
        if read.verdict.verdict == "genuine":
            assert read.passive_auth.ok and read.passive_auth.chain == "trusted"
    assert card.seen <= 4 * 600      # the reader's default caps, across its recoveries


@settings(max_examples=60, deadline=None)
@given(at=st.integers(1, 22), payload=st.binary(max_size=40))
def test_the_caps_stop_a_chip_that_never_finishes(at: int, payload: bytes) -> None:
    card = HostileCard(build_card("an-genuine"), at, "status", payload, persistent=True)
    reader = SimulatedCardReaderDriver()
    reader.insert(card)
    chip_reader = ChipReader(reader.connect, KEYS, limits=LIMITS)
    try:
        chip_reader.read()
    except WorkstationError:
        pass
    assert card.seen <= LIMITS.max_apdus
