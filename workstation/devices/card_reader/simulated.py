"""The simulated card reader: a slot into which testers insert an emulated card.

Any object with `atr` and `process(apdu) -> response` can be inserted; the CCCD card emulator
(workstation.devices.card_reader.emulator, a later slice) is the one the product ships.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from typing import Protocol

from workstation.devices.base import DeviceStatus, Param
from workstation.devices.card_reader.base import (
    CardConnection,
    CardReaderDriver,
    CardRemovedError,
    NoCardError,
    NoReaderError,
)
from workstation.devices.simulation import SimulatedPlug, simulated_status

READER_NAME = "Workstation Simulated Reader 00 00"


class EmulatedCard(Protocol):
    atr: bytes
    label: str

    def process(self, apdu: bytes) -> bytes: ...


class _SimulatedConnection:
    def __init__(self, slot: "SimulatedCardReaderDriver", card: EmulatedCard) -> None:
        self.reader = READER_NAME
        self._slot = slot
        self._card = card

    def atr(self) -> bytes:
        return self._card.atr

    def transmit(self, apdu: bytes) -> bytes:
        if self._slot.card is not self._card or not self._slot.plug.plugged:
            raise CardRemovedError("simulated card removed")
        return self._card.process(bytes(apdu))

    def close(self) -> None:
        pass


class SimulatedCardReaderDriver(CardReaderDriver):
    name = "simulated"
    parameters: dict[str, Param] = {}
    title = "Simulated card reader"
    simulated = True

    def __init__(self, params=None) -> None:  # noqa: ANN001
        super().__init__(params)
        self.plug = SimulatedPlug()
        self._lock = threading.Lock()
        self._card: EmulatedCard | None = None

    @property
    def card(self) -> EmulatedCard | None:
        return self._card

    def insert(self, card: EmulatedCard) -> None:
        with self._lock:
            self._card = card

    def remove(self) -> None:
        with self._lock:
            self._card = None

    def readers(self) -> list[str]:
        return [READER_NAME] if self.plug.plugged else []

    def probe(self) -> DeviceStatus:
        card = self._card
        status = simulated_status(self, READER_NAME + (f" (card {card.label})" if card is not None else ""))
        return replace(status, card_present=card is not None and self.plug.plugged)

    def connect(self, reader: str | None = None) -> CardConnection:
        if not self.plug.plugged or (reader is not None and reader != READER_NAME):
            raise NoReaderError(f"simulated reader {reader or ''} not attached")
        with self._lock:
            card = self._card
        if card is None:
            raise NoCardError("no card inserted in the simulated reader")
        return _SimulatedConnection(self, card)
