"""The reader's channel to the chip: plain or secure messaging, with counters for benchmarks."""
from __future__ import annotations

import time
from dataclasses import dataclass

from workstation.devices.card_reader.base import CardConnection
from workstation.errors import WorkstationError
from workstation.messages import Message
from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.icao.secure_messaging import SecureMessaging


@dataclass
class ChannelStats:
    apdus: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    transmit_seconds: float = 0.0   # time inside the transport (reader, pcscd, card)
    total_seconds: float = 0.0      # time inside send(), host work included

    @property
    def host_seconds(self) -> float:
        return max(0.0, self.total_seconds - self.transmit_seconds)


@dataclass(frozen=True)
class ReadLimits:
    """Caps on one whole read (all sessions of it): a genuine CCCD needs ~16 APDUs and well under
    a second; a chip that trickles one byte per READ BINARY, or never finishes, is stopped here."""

    max_apdus: int = 600
    max_seconds: float = 20.0


class ReadLimitExceeded(WorkstationError):
    def __init__(self, detail: str) -> None:
        super().__init__(Message(
            "Chip trả lời quá chậm hoặc gửi quá nhiều dữ liệu; đã dừng đọc. Không dùng thẻ này để đăng ký; "
            "báo cáo lãnh đạo.",
            "The chip answers too slowly or sends too much; reading was stopped. Do not enroll with this "
            "card; report it to your supervisor."), detail)


class ApduChannel:
    def __init__(self, connection: CardConnection, extended_length: bool = True,
                 limits: ReadLimits | None = None, started: float | None = None) -> None:
        self.connection = connection
        self.extended_length = extended_length
        self.sfi_supported = True
        self.selected: int | None = None     # the current EF as far as the reader knows
        self.sm: SecureMessaging | None = None
        self.stats = ChannelStats()
        self.limits = limits or ReadLimits()
        self.started = time.monotonic() if started is None else started

    def transmit_raw(self, raw: bytes) -> bytes:
        if self.stats.apdus >= self.limits.max_apdus:
            raise ReadLimitExceeded(f"more than {self.limits.max_apdus} APDUs")
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise ReadLimitExceeded(f"longer than {self.limits.max_seconds:.0f} s")
        start = time.perf_counter()
        try:
            response = self.connection.transmit(raw)
        finally:
            self.stats.transmit_seconds += time.perf_counter() - start
        self.stats.apdus += 1
        self.stats.bytes_sent += len(raw)
        self.stats.bytes_received += len(response)
        return response

    def send(self, command: CommandApdu) -> ResponseApdu:
        """Send `command`, protected when a secure-messaging session is active."""
        start = time.perf_counter()
        try:
            if self.sm is None:
                raw = command.encode(extended=self.extended_length and command.needs_extended)
                return ResponseApdu.decode(self.transmit_raw(raw))
            extended = self.extended_length and command.le is not None and command.le > 223
            protected = self.sm.protect(command, extended=extended)
            raw = protected.encode(extended=extended or protected.needs_extended)
            return self.sm.unprotect(ResponseApdu.decode(self.transmit_raw(raw)))
        finally:
            self.stats.total_seconds += time.perf_counter() - start
