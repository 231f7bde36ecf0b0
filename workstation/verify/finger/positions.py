"""Finger names the program uses, their ISO/IEC 19794-4 position codes, and what the officer
reads. The capture order follows common enrolment practice (and Circular 110/2020/TT-BCA's
passport use): the two index fingers, falling back thumb → middle → ring on the same hand."""
from __future__ import annotations

from dataclasses import dataclass

from workstation.messages import Message


@dataclass(frozen=True)
class Finger:
    name: str          # "right_index": the name in the CLI, JSON and the database
    iso_code: int      # ISO/IEC 19794-4 finger position code
    label: Message


_TABLE = [
    ("right_thumb", 1, "ngón cái tay phải", "right thumb"),
    ("right_index", 2, "ngón trỏ tay phải", "right index finger"),
    ("right_middle", 3, "ngón giữa tay phải", "right middle finger"),
    ("right_ring", 4, "ngón áp út tay phải", "right ring finger"),
    ("right_little", 5, "ngón út tay phải", "right little finger"),
    ("left_thumb", 6, "ngón cái tay trái", "left thumb"),
    ("left_index", 7, "ngón trỏ tay trái", "left index finger"),
    ("left_middle", 8, "ngón giữa tay trái", "left middle finger"),
    ("left_ring", 9, "ngón áp út tay trái", "left ring finger"),
    ("left_little", 10, "ngón út tay trái", "left little finger"),
]
FINGERS: dict[str, Finger] = {name: Finger(name, code, Message(vi, en)) for name, code, vi, en in _TABLE}

# One finger is wanted from each hand; within a hand, the next finger when one is missing or too poor.
HAND_ORDER: dict[str, tuple[str, ...]] = {
    "right": ("right_index", "right_thumb", "right_middle", "right_ring"),
    "left": ("left_index", "left_thumb", "left_middle", "left_ring"),
}


def finger(name: str) -> Finger:
    try:
        return FINGERS[name]
    except KeyError:
        raise ValueError(f"unknown finger '{name}' (one of: {', '.join(FINGERS)})") from None
