"""A keyboard-wedge scanner told from a person by the timing of its keys (issue 20 finding 3):
times are injected, no sleeps."""
from __future__ import annotations

from workstation.core.scan_routing import ScanRoute, route_scan
from workstation.core.scanner_input import (
    MAX_GAP_S,
    Action,
    BurstTracker,
    Scan,
    ScanKind,
    Stroke,
    classify,
    looks_like_cccd_qr,
)

QR = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|12 Hàng Bạc, Hà Nội|01012021"


def strokes(text: str, gap: float, end: str = "enter", start: float = 100.0) -> list[Stroke]:
    out = [Stroke(c, "char", start + i * gap) for i, c in enumerate(text)]
    return [*out, Stroke("", end, start + len(text) * gap)]


def test_a_fast_burst_ending_with_enter_is_a_scan_of_the_card_s_qr() -> None:
    assert classify(strokes(QR, 0.004)) == Scan(QR, ScanKind.CCCD_QR)
    assert classify(strokes(QR, 0.004, end="tab")) == Scan(QR, ScanKind.CCCD_QR)
    assert classify(strokes("https://example.vn/abcdefghijkl", 0.004)).kind == ScanKind.OTHER


def test_a_person_typing_is_not_a_scan() -> None:
    assert classify(strokes(QR, 0.09)) is None                      # 90 ms a key
    assert classify(strokes("0912345678", 0.004)) is None           # too short to be a QR
    slow_end = strokes(QR, 0.004)
    slow_end[-1] = Stroke("", "enter", slow_end[-2].at + 0.5)       # Enter pressed by hand afterwards
    assert classify(slow_end) is None
    one_pause = strokes(QR, 0.004)
    one_pause[30] = Stroke(one_pause[30].char, "char", one_pause[29].at + MAX_GAP_S + 0.01)
    assert classify(one_pause[:31] + [Stroke(c.char, c.key, c.at + 0.1) for c in one_pause[31:]]) is None
    assert classify(strokes(QR, 0.004)[:-1]) is None                # no end key yet


def test_the_shape_of_a_cccd_qr() -> None:
    assert looks_like_cccd_qr(QR) and looks_like_cccd_qr("123456789||An|01011960|Nam|Huế|01012016")
    assert looks_like_cccd_qr("001099012345|0123")                    # cut short: the QR step says so
    assert not looks_like_cccd_qr("Nguyễn Văn An 0912345678") and not looks_like_cccd_qr("https://a.vn/0012")


def test_the_tracker_holds_a_burst_and_gives_a_person_s_keys_back() -> None:
    tracker = BurstTracker()
    assert tracker.char("0", 1.000) == (Action.PASS, [])
    assert tracker.char("9", 1.010) == (Action.HOLD_TAKE_BACK, [])   # fast: the first key is taken back
    assert tracker.char("1", 1.020) == (Action.HOLD, [])
    assert tracker.end("enter", 1.030) == (None, ["0", "9", "1"])   # three keys: a person's, given back
    assert tracker.char("2", 2.000) == (Action.PASS, [])
    assert tracker.char("3", 2.300) == (Action.PASS, [])            # slow: each key goes straight through
    times = [3.0 + i * 0.005 for i in range(len(QR))]
    actions = [tracker.char(c, t)[0] for c, t in zip(QR, times)]
    assert actions[0] == Action.PASS and actions[1] == Action.HOLD_TAKE_BACK and set(actions[2:]) == {Action.HOLD}
    assert tracker.end("enter", times[-1] + 0.005) == (Scan(QR, ScanKind.CCCD_QR), [])
    assert tracker.strokes == []


def test_a_scan_goes_to_the_qr_step_or_waits_for_the_next_citizen() -> None:
    scan = Scan(QR, ScanKind.CCCD_QR)
    assert route_scan(scan, "card") == route_scan(scan, "chip") == ScanRoute.QR_NOW
    assert route_scan(scan, "saved") == ScanRoute.NEXT_CITIZEN
    assert {route_scan(scan, s) for s in ("face", "fingerprints", "review")} == {ScanRoute.HOLD}
    assert route_scan(scan, "review", check_in=True) == ScanRoute.HOLD       # the card's QR still goes on
    assert route_scan(Scan("x" * 30, ScanKind.OTHER), "card") == ScanRoute.NOT_A_CARD


SLIP = "L2C1|XA-MINH-KHAI|ABCDEFGH|20261221|ABCDEFGHIJKLM"


def test_an_invitation_slip_is_recognised_and_checks_in_only_when_a_campaign_is_loaded() -> None:
    from workstation.core.scan_routing import CampaignRoute, campaign_route

    tracker = BurstTracker()
    times = [5.0 + i * 0.004 for i in range(len(SLIP))]
    for char, at in zip(SLIP, times):
        tracker.char(char, at)
    slip, _ = tracker.end("enter", times[-1] + 0.004)
    assert slip == Scan(SLIP, ScanKind.INVITATION)
    card = Scan(QR, ScanKind.CCCD_QR)
    assert campaign_route(slip, True) == CampaignRoute.CHECK_IN
    assert campaign_route(slip, False) == CampaignRoute.NO_CAMPAIGN
    assert campaign_route(card, True) == CampaignRoute.CHECK_IN_AND_CARD
    assert campaign_route(card, False) == CampaignRoute.NONE
    assert campaign_route(Scan("x" * 30, ScanKind.OTHER), True) == CampaignRoute.NONE
    # the slip never reaches the QR step; without a campaign it is "not a card"
    assert {route_scan(slip, s, check_in=True) for s in ("card", "chip", "review", "saved")} == {ScanRoute.CHECK_IN}
    assert route_scan(slip, "card") == ScanRoute.NOT_A_CARD
