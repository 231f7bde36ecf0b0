"""What can be wrong with a fingerprint image file, as one family: whoever loads an image (a file, a
WSQ, an ISO/IEC 19794-4 record) catches FingerImageUnreadable and has every refusal, whichever
layer found it (a record inside which a WSQ turns out broken used to escape as a record error)."""
from __future__ import annotations

from workstation.errors import WorkstationError


class FingerImageUnreadable(WorkstationError):
    """A fingerprint image that cannot be used: unreadable, malformed, too large, or undecodable."""


class FingerRecordError(FingerImageUnreadable):
    """A finger image record that is not a well-formed ISO/IEC 19794-4:2005 record."""
