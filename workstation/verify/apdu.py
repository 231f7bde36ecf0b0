"""Command and response APDUs (ISO/IEC 7816-4), short and extended length."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.verify.errors import ChipDataError

SW_OK = 0x9000


@dataclass(frozen=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None   # expected response length: None = no Le; 256 / 65536 = the maximum

    @property
    def needs_extended(self) -> bool:
        return len(self.data) > 255 or (self.le is not None and self.le > 256)

    def encode(self, extended: bool | None = None) -> bytes:
        ext = self.needs_extended if extended is None else extended
        out = bytes((self.cla, self.ins, self.p1, self.p2))
        if self.data:
            out += (b"\x00" + len(self.data).to_bytes(2, "big")) if ext else bytes([len(self.data)])
            out += self.data
        if self.le is not None:
            if ext:
                le = b"" if self.data else b"\x00"
                out += le + (self.le % 65536).to_bytes(2, "big")
            else:
                out += bytes([self.le % 256])
        return out

    @classmethod
    def decode(cls, raw: bytes) -> "CommandApdu":
        """Parse the four cases of ISO 7816-3 §12.1, short and extended."""
        if len(raw) < 4:
            raise ChipDataError("APDU", f"command of {len(raw)} bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0:  # short Lc
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, body[1:])
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, body[1:1 + lc], le=body[-1] or 256)
            raise ChipDataError("APDU", "short Lc does not match the data")
        if len(body) == 3:  # extended Le only
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:], "big") or 65536)
        lc = int.from_bytes(body[1:3], "big")
        if lc == 0:
            raise ChipDataError("APDU", "extended Lc of zero")
        rest = body[3:]
        if len(rest) == lc:
            return cls(cla, ins, p1, p2, rest)
        if len(rest) == lc + 2:
            return cls(cla, ins, p1, p2, rest[:lc], le=int.from_bytes(rest[lc:], "big") or 65536)
        raise ChipDataError("APDU", "extended Lc does not match the data")


@dataclass(frozen=True)
class ResponseApdu:
    data: bytes
    sw: int

    @classmethod
    def decode(cls, raw: bytes) -> "ResponseApdu":
        if len(raw) < 2:
            raise ChipDataError("APDU", f"response of {len(raw)} bytes")
        return cls(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))

    def encode(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK
