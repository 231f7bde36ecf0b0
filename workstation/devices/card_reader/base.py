"""The card reader interface: readers, a connection, and APDUs in and out.

Narrow on purpose (the chip protocols in workstation.verify only need `transmit`), so PC/SC, the
simulated reader and any future transport look the same to them.
"""
from __future__ import annotations

import abc
from typing import Protocol

from workstation.devices.base import DeviceKind, Driver
from workstation.errors import DeviceError
from workstation.messages import Message


class CardConnection(Protocol):
    reader: str

    def atr(self) -> bytes: ...

    def transmit(self, apdu: bytes) -> bytes:
        """Send a command APDU; return the response data followed by SW1 SW2."""
        ...

    def close(self) -> None: ...


class CardReaderDriver(Driver):
    kind = DeviceKind.CARD_READER
    poll_interval = 0.25   # a card placed on the reader should be noticed at once

    @abc.abstractmethod
    def readers(self) -> list[str]:
        """Names of the readers attached now."""

    @abc.abstractmethod
    def connect(self, reader: str | None = None) -> CardConnection:
        """Exclusive connection to the card on `reader` (or on the first reader holding a card)."""


class ReaderServiceError(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message(
            "Dịch vụ đọc thẻ (PC/SC) chưa chạy. Hãy khởi động lại máy hoặc báo bộ phận kỹ thuật.",
            "The smart-card service (PC/SC, pcscd) is not running: start it or ask IT support."), detail)


class NoReaderError(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message(
            "Không thấy đầu đọc thẻ. Hãy cắm đầu đọc vào cổng USB.",
            "No card reader found: plug the reader into a USB port."), detail)


class NoCardError(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message(
            "Chưa có thẻ trên đầu đọc. Hãy đặt thẻ căn cước lên đầu đọc.",
            "No card on the reader: place the ID card on the reader."), detail)


class CardRemovedError(DeviceError):
    def __init__(self, detail: str = "") -> None:
        super().__init__(Message(
            "Thẻ đã bị nhấc ra khi đang đọc. Hãy đặt lại thẻ và giữ yên.",
            "The card was removed during the read: put it back and keep it still."), detail)
