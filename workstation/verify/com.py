"""EF.COM: the LDS version and the list of data groups on the chip."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.verify.lds import TAG_TO_DG
from workstation.verify.tlv import parse_single


@dataclass(frozen=True)
class Com:
    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def parse_com(data: bytes) -> Com:
    root = parse_single(data, 0x60, "EF.COM")
    version = root.find(0x5F01)
    unicode_version = root.find(0x5F36)
    tags = root.require(0x5C, "EF.COM").value
    return Com(
        version.value.decode("ascii", "replace") if version else "",
        unicode_version.value.decode("ascii", "replace") if unicode_version else "",
        tuple(sorted(TAG_TO_DG[t] for t in tags if t in TAG_TO_DG)),
    )
