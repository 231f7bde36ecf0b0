"""The QR text the officer scans (keyboard-wedge scanner) or pastes into the window."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.messages import Message
from workstation.verify.access_keys import AccessKey, keys_from_qr
from workstation.verify.qr import QrData, QrError, parse_qr


@dataclass(frozen=True)
class QrEntry:
    qr: QrData | None
    keys: tuple[AccessKey, ...]
    error: Message | None = None

    @property
    def ok(self) -> bool:
        return self.qr is not None


def enter_qr(text: str) -> QrEntry:
    try:
        qr = parse_qr(text)
    except QrError as exc:
        return QrEntry(None, (), exc.message)
    return QrEntry(qr, tuple(keys_from_qr(qr)))
