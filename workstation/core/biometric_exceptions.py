"""Why a finger cannot be taken: preset reasons an officer picks with one key, free text where
none fits, and a photo of the hand as evidence, kept in the package.

The codes follow the ANSI/NIST-ITL 1-2011 amputated-or-bandaged field (AMP, Table 31): "XX" for
an amputated finger, "UP" for one unable to print (bandaged, injured, scarred, a disability).
The centre's reviewers read the code; the words are for the receipt and the screen.
"""
from __future__ import annotations

from dataclasses import dataclass

from workstation.messages import Message

AMPUTATED, UNABLE_TO_PRINT = "XX", "UP"


@dataclass(frozen=True)
class ExceptionReason:
    key: str
    code: str                # ANSI/NIST-ITL AMP code
    label: Message
    needs_text: bool = False  # the officer must say more (the "other" reason)


REASONS: tuple[ExceptionReason, ...] = (
    ExceptionReason("amputated", AMPUTATED, Message("Mất ngón (cụt)", "Missing finger (amputated)")),
    ExceptionReason("bandaged", UNABLE_TO_PRINT, Message("Đang băng bó", "Bandaged")),
    ExceptionReason("injured", UNABLE_TO_PRINT, Message("Bị thương", "Injured")),
    ExceptionReason("scarred", UNABLE_TO_PRINT, Message("Sẹo hoặc vân tay bị mòn", "Scarred or worn ridges")),
    ExceptionReason("disability", UNABLE_TO_PRINT,
                    Message("Khuyết tật, không đặt được ngón tay", "Disability: the finger cannot be placed")),
    ExceptionReason("other", UNABLE_TO_PRINT, Message("Lý do khác", "Another reason"), needs_text=True),
)
BY_KEY = {reason.key: reason for reason in REASONS}


def reason_text(key: str, note: str = "") -> str:
    """What the package and the receipt record: the preset's Vietnamese words, then the note."""
    preset = BY_KEY[key]
    note = " ".join(note.split())
    if preset.needs_text and not note:
        raise ValueError("this reason needs the officer's words")
    return f"{preset.label.vi}: {note}" if note and not preset.needs_text else (note or preset.label.vi)
