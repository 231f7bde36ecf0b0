"""Where a scan goes: never into the field that happened to have the focus. The enrollment's QR
step takes it; a campaign's check-in desk (when one is running) can take it instead. Qt-free so
that a campaign check-in is plugged in here, not in the window."""
from __future__ import annotations

from enum import StrEnum

from workstation.core.scanner_input import Scan, ScanKind


class ScanRoute(StrEnum):
    QR_NOW = "qr_now"                # the QR step is waiting for this card's QR: replace and read it
    NEXT_CITIZEN = "next_citizen"    # the last citizen is saved: start the next one with this QR
    HOLD = "hold"                    # a citizen's captures are under way: keep it for the next citizen
    CHECK_IN = "check_in"            # a campaign check-in takes the citizen's QR
    NOT_A_CARD = "not_a_card"        # another code: say so on the page, type nothing


def route_scan(scan: Scan, step: str, check_in: bool = False) -> ScanRoute:
    """`step` is the enrollment's (card, chip, face, fingerprints, review, saved); `check_in` is
    true when a campaign's check-in desk is what this window is doing."""
    if scan.kind != ScanKind.CCCD_QR:
        return ScanRoute.NOT_A_CARD
    if check_in:
        return ScanRoute.CHECK_IN
    if step in ("card", "chip"):
        return ScanRoute.QR_NOW
    if step == "saved":
        return ScanRoute.NEXT_CITIZEN
    return ScanRoute.HOLD
