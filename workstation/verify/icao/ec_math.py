"""Elliptic-curve arithmetic for PACE's generic mapping, on python-ecdsa.

`cryptography` only gives ECDH's x-coordinate; the mapping G' = s·G + H needs whole points and
addition on an arbitrary generator, which python-ecdsa provides for every standard curve.
"""
from __future__ import annotations

from dataclasses import dataclass

from ecdsa import curves
from ecdsa.ellipticcurve import PointJacobi

from workstation.verify.errors import ChipDataError

# ICAO 9303-11 §9.5.1 standardized domain parameters
STANDARD_CURVES = {
    8: curves.NIST192p, 9: curves.BRAINPOOLP192r1, 10: curves.NIST224p, 11: curves.BRAINPOOLP224r1,
    12: curves.NIST256p, 13: curves.BRAINPOOLP256r1, 14: curves.BRAINPOOLP320r1, 15: curves.NIST384p,
    16: curves.BRAINPOOLP384r1, 17: curves.BRAINPOOLP512r1, 18: curves.NIST521p,
}


@dataclass(frozen=True)
class Domain:
    curve: curves.Curve

    @classmethod
    def standard(cls, parameter_id: int) -> "Domain":
        if parameter_id not in STANDARD_CURVES:
            raise ChipDataError("PACE", f"domain parameter {parameter_id} is not an elliptic curve we support")
        return cls(STANDARD_CURVES[parameter_id])

    @property
    def generator(self) -> PointJacobi:
        return self.curve.generator

    @property
    def order(self) -> int:
        return self.curve.order

    @property
    def field_size(self) -> int:
        return (self.curve.curve.p().bit_length() + 7) // 8

    def encode(self, point: PointJacobi) -> bytes:
        size = self.field_size
        return b"\x04" + point.x().to_bytes(size, "big") + point.y().to_bytes(size, "big")

    def decode(self, data: bytes) -> PointJacobi:
        """A point received from the other side: must be uncompressed and on the curve."""
        size = self.field_size
        if len(data) != 1 + 2 * size or data[0] != 0x04:
            raise ChipDataError("PACE", "public point is not an uncompressed point of the curve")
        x, y = int.from_bytes(data[1:1 + size], "big"), int.from_bytes(data[1 + size:], "big")
        if not self.curve.curve.contains_point(x, y):
            raise ChipDataError("PACE", "public point is not on the curve")
        return PointJacobi(self.curve.curve, x, y, 1, self.order)

    def x_bytes(self, point: PointJacobi) -> bytes:
        return point.x().to_bytes(self.field_size, "big")
