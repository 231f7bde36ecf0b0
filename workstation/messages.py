"""Texts shown to the officer, in both UI languages.

The core cannot use Qt's translation machinery (it must stay Qt-free and also serve the CLI), so a
message that the core raises carries its Vietnamese and English texts together; whoever shows it
picks the language. Qt-only strings of the window are translated by Qt in workstation/ui.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")


@dataclass(frozen=True)
class Message:
    """One officer-facing sentence in Vietnamese and English."""

    vi: str
    en: str

    def text(self, language: Language = "en") -> str:
        return self.vi if language == "vi" else self.en

    def format(self, **values: object) -> "Message":
        return Message(self.vi.format(**values), self.en.format(**values))

    def __str__(self) -> str:
        return self.en
