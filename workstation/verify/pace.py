"""PACE (ICAO 9303-11 §4.4): ECDH generic mapping with AES, CAN or MRZ password."""
from __future__ import annotations

from workstation.verify.access_keys import AccessKey
from workstation.verify.apdu import CommandApdu
from workstation.verify.card_access import PaceInfo
from workstation.verify.channel import ApduChannel


class PaceNotSupported(Exception):
    """The chip refused MSE:Set AT for PACE: use BAC."""


def perform_pace(channel: ApduChannel, info: PaceInfo, key: AccessKey) -> None:
    raise PaceNotSupported("PACE is not implemented yet")
