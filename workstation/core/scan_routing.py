"""Where a scan goes: never into the field that happened to have the focus. The enrollment's QR
step takes the card's QR; when a campaign is loaded on this workstation, an invitation slip's QR
and the card's QR also check the citizen in (campaign_route). Qt-free so that the decision is
tested here, not in the window."""
from __future__ import annotations

from enum import StrEnum

from workstation.core.scanner_input import Scan, ScanKind


class ScanRoute(StrEnum):
    QR_NOW = "qr_now"                # the QR step is waiting for this card's QR: replace and read it
    NEXT_CITIZEN = "next_citizen"    # the last citizen is saved: start the next one with this QR
    HOLD = "hold"                    # a citizen's captures are under way: keep it for the next citizen
    CHECK_IN = "check_in"            # an invitation slip: the campaign's check-in takes it, nothing else
    NOT_A_CARD = "not_a_card"        # another code: say so on the page, type nothing


class CampaignRoute(StrEnum):
    NONE = "none"                    # no check-in: no campaign loaded, or not a citizen's code
    CHECK_IN = "check_in"            # the slip's QR: check in (the enrollment still needs the card's QR)
    CHECK_IN_AND_CARD = "check_in_and_card"  # the card's QR: check in, and the enrollment takes it too
    NO_CAMPAIGN = "no_campaign"      # a slip scanned on a workstation without a campaign: say so


def route_scan(scan: Scan, step: str, check_in: bool = False) -> ScanRoute:
    """`step` is the enrollment's (card, chip, face, fingerprints, review, saved); `check_in` is
    true when a campaign is loaded (an invitation slip is then the check-in's alone)."""
    if scan.kind == ScanKind.INVITATION and check_in:
        return ScanRoute.CHECK_IN
    if scan.kind != ScanKind.CCCD_QR:
        return ScanRoute.NOT_A_CARD
    if step in ("card", "chip"):
        return ScanRoute.QR_NOW
    if step == "saved":
        return ScanRoute.NEXT_CITIZEN
    return ScanRoute.HOLD


def campaign_route(scan: Scan, campaign_loaded: bool) -> CampaignRoute:
    """Whether a scan checks a citizen in: the slip's QR and the card's QR do, wherever the focus
    is and whatever step the enrollment is at (the next citizen arrives while one is served)."""
    if scan.kind == ScanKind.INVITATION:
        return CampaignRoute.CHECK_IN if campaign_loaded else CampaignRoute.NO_CAMPAIGN
    if scan.kind == ScanKind.CCCD_QR and campaign_loaded:
        return CampaignRoute.CHECK_IN_AND_CARD
    return CampaignRoute.NONE
