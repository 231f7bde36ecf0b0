"""The typed errors of the workstation.

Every error a person can cause or meet (a bad config file, a missing reader, a card pulled out)
derives from WorkstationError, which carries the officer's message separately from the technical
detail: the UI and the CLI show the first, the log keeps the second, and nobody sees a traceback.
"""
from __future__ import annotations

from pathlib import Path

from workstation.messages import Language, Message


class WorkstationError(Exception):
    """Root of every expected failure."""

    def __init__(self, message: Message | str, detail: str = "") -> None:
        self.message = message if isinstance(message, Message) else Message(message, message)
        self.detail = detail
        super().__init__(self.message.en)

    def officer_text(self, language: Language = "vi") -> str:
        return self.message.text(language)

    def one_line(self) -> str:
        """The reason on one line, for the CLI's stderr."""
        return " ".join(self.message.en.split())


class ConfigError(WorkstationError):
    """A settings or driver file is unreadable or holds a wrong value; names file and key."""

    def __init__(self, file: Path | str, key: str | None, problem: str) -> None:
        self.file = Path(file)
        self.key = key
        self.problem = problem
        where = f"{self.file}" + (f": key '{key}'" if key else "")
        super().__init__(
            Message(f"Tệp cấu hình {where}: {problem}", f"config file {where}: {problem}"),
            detail=problem,
        )


class DeviceError(WorkstationError):
    """A device could not be reached or stopped answering."""
