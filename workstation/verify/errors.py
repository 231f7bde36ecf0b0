"""Errors of the chip's data and protocols, each with the officer's message and the detail."""
from __future__ import annotations

from workstation.errors import WorkstationError
from workstation.messages import Message


class ChipDataError(WorkstationError):
    """A file read from the chip is malformed (a damaged or forged chip, or a reader fault)."""

    def __init__(self, what: str, detail: str) -> None:
        self.what = what
        super().__init__(Message(
            f"Dữ liệu trên chip bị lỗi ({what}). Hãy đọc lại thẻ; nếu vẫn lỗi, không dùng thẻ này để đăng ký.",
            f"The chip's data is malformed ({what}: {detail}). Read the card again; if it persists, "
            "do not enroll with this card."), detail)


class SecureMessagingError(WorkstationError):
    """The secure channel broke: a MAC failed, objects are missing, or the session was lost
    (card moved). The reader recovers by authenticating again and resuming."""

    def __init__(self, detail: str) -> None:
        super().__init__(Message(
            "Mất kết nối an toàn với chip (thẻ bị xê dịch?). Hãy giữ yên thẻ trên đầu đọc.",
            f"The secure channel with the chip broke ({detail}): keep the card still on the reader."), detail)


class AccessDeniedError(WorkstationError):
    """The chip refused the access key (BAC or PACE): wrong CAN, or ID/birth/expiry mistyped."""

    def __init__(self, detail: str, tries_left: int | None = None) -> None:
        self.tries_left = tries_left
        extra_vi = f" Còn {tries_left} lần thử." if tries_left is not None else ""
        extra_en = f" {tries_left} tries left." if tries_left is not None else ""
        super().__init__(Message(
            "Chip từ chối khoá truy cập: mã QR hoặc số CCCD, ngày sinh, ngày hết hạn không khớp với thẻ." + extra_vi,
            "The chip refused the access key: the QR code or the ID number, birth or expiry date do not "
            "match this card." + extra_en), detail)


class CardProtocolError(WorkstationError):
    """The chip answered a command with an unexpected status word."""

    def __init__(self, what: str, sw: int) -> None:
        self.sw = sw
        super().__init__(Message(
            f"Chip trả lời bất thường khi {what} (mã {sw:04X}). Hãy đặt lại thẻ và thử lại.",
            f"The chip answered {sw:04X} to {what}: put the card back and try again."), f"{what}: SW {sw:04X}")
