"""A keyboard-wedge scanner is a keyboard that types fast: telling its keystrokes from a person's.

The scanner "types" the QR text a few milliseconds per character and ends with Enter (or Tab); a
person leaves 80 ms and more between keys and never types twenty characters without a pause. The
window feeds every keystroke here with the time the window system stamped on it (so tests inject
times, no sleeps); the tracker says whether to let the key through, to hold it (it may be part of
a scan), or that a scan just ended, with its text. Held keys that turn out to be a person's are
given back to be replayed, in order. Qt-free: the window's event filter (ui/scan_catcher.py)
only translates.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

MAX_GAP_S = 0.05      # between two keys of a scan (scanners: 1–20 ms; people: 80 ms and more)
MIN_CHARS = 20        # a CCCD QR is 60–200 characters; nobody types 20 keys 50 ms apart
END_KEYS = ("enter", "tab")
# the shape of the card's QR: it starts with the 12-digit ID (9 on the oldest cards) and a '|'; a
# scan cut short keeps that start and goes to the QR step, which says what is wrong with it
CCCD_SHAPE = re.compile(r"^\s*[0-9]{9,12}\|")


@dataclass(frozen=True)
class Stroke:
    """One key press: `char` the text it types ("" for an end key), `key` "char", "enter" or "tab",
    `at` the window system's time in seconds."""
    char: str
    key: str
    at: float


class ScanKind(StrEnum):
    CCCD_QR = "cccd_qr"      # the ID card's QR
    INVITATION = "invitation"  # a campaign invitation slip's QR (campaign.refs: "L2C1|...")
    OTHER = "other"          # a fast burst of another shape (another code): still a scan, never typed


@dataclass(frozen=True)
class Scan:
    text: str
    kind: ScanKind


def looks_like_cccd_qr(text: str) -> bool:
    return bool(CCCD_SHAPE.match(text))


def kind_of(text: str) -> ScanKind:
    """The card's QR, an invitation slip's QR (this is where a campaign check-in plugs in), or another code."""
    from workstation.campaign.refs import is_invitation

    if looks_like_cccd_qr(text):
        return ScanKind.CCCD_QR
    return ScanKind.INVITATION if is_invitation(text) else ScanKind.OTHER


def classify(strokes: Sequence[Stroke]) -> Scan | None:
    """The whole burst, its end key last: a scan when there are MIN_CHARS characters or more, each
    key (the end key too) within MAX_GAP_S of the one before. None: a person typed it."""
    if len(strokes) < 2 or strokes[-1].key not in END_KEYS:
        return None
    chars = strokes[:-1]
    if any(s.key != "char" for s in chars) or sum(len(s.char) for s in chars) < MIN_CHARS:
        return None
    if any(b.at - a.at > MAX_GAP_S or b.at < a.at for a, b in zip(strokes, strokes[1:])):
        return None
    text = "".join(s.char for s in chars)
    return Scan(text, kind_of(text))


class Action(StrEnum):
    PASS = "pass"  # noqa: S105 - an action, not a password: let the key reach the focused widget
    HOLD = "hold"                    # keep it back: it may be part of a scan
    HOLD_TAKE_BACK = "hold_take_back"  # keep it back and undo the burst's first key, which went through


@dataclass
class BurstTracker:
    """Follows keystrokes as they come. The first key of a burst goes through (nothing can tell
    yet); from the second fast key on, keys are held and the first is taken back from the field."""
    max_gap: float = MAX_GAP_S
    strokes: list[Stroke] = field(default_factory=list)
    holding: bool = False

    def char(self, char: str, at: float) -> tuple[Action, list[str]]:
        """A printable key. Returns what to do with it and the held characters to replay first
        (a burst that turned out to be a person's)."""
        replay: list[str] = []
        if self.strokes and at - self.strokes[-1].at > self.max_gap:
            replay = self.give_back()
        self.strokes.append(Stroke(char, "char", at))
        if len(self.strokes) == 1:
            return Action.PASS, replay
        if not self.holding:
            self.holding = True
            return Action.HOLD_TAKE_BACK, replay
        return Action.HOLD, replay

    def end(self, key: str, at: float) -> tuple[Scan | None, list[str]]:
        """Enter or Tab: the scan if the burst was one (the end key is then swallowed), otherwise
        the held characters to replay before the end key goes through."""
        scan = classify([*self.strokes, Stroke("", key, at)])
        if scan is not None:
            self.strokes, self.holding = [], False
            return scan, []
        return None, self.give_back()

    def give_back(self) -> list[str]:
        """The burst is over and was not a scan: the characters held (with the first, taken back)."""
        held = [s.char for s in self.strokes] if self.holding else []
        self.strokes, self.holding = [], False
        return held
