"""DG1: the MRZ."""
from __future__ import annotations

from workstation.verify.errors import ChipDataError
from workstation.verify.mrz import Td1Mrz, parse_td1
from workstation.verify.tlv import parse_single


def parse_dg1(data: bytes) -> Td1Mrz:
    mrz = parse_single(data, 0x61, "DG1").require(0x5F1F, "DG1").value
    try:
        text = mrz.decode("ascii")
    except UnicodeDecodeError:
        raise ChipDataError("DG1", "the MRZ is not ASCII") from None
    return parse_td1(text)
