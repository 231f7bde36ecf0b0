"""Is the chip genuine? One verdict from passive, active and chip authentication.

A chip whose signature, hashes, active or chip authentication fail is never genuine. A chain that
cannot be verified (no CSCA configured, today's usual case) gives "genuine_chain_not_verified":
everything the chip can prove held, and the officer is told the issuer was not checked.
"""
from __future__ import annotations

from dataclasses import dataclass

from workstation.verify.chip_reader import AuthOutcome
from workstation.verify.passive_auth import PassiveAuthResult

GENUINE = "genuine"
GENUINE_CHAIN_NOT_VERIFIED = "genuine_chain_not_verified"
NOT_GENUINE = "not_genuine"


@dataclass(frozen=True)
class ChipVerdict:
    verdict: str
    reasons: tuple[str, ...]

    @property
    def genuine(self) -> bool:
        return self.verdict != NOT_GENUINE


def chip_verdict(passive: PassiveAuthResult, active: AuthOutcome, chip: AuthOutcome) -> ChipVerdict:
    reasons = []
    if passive.signature != "valid":
        reasons.append("SOD signature invalid")
    if passive.hashes != "valid":
        names = ", ".join(n.upper() for n in passive.mismatched + passive.unsigned)
        reasons.append(f"data group hashes do not match the SOD ({names})")
    if passive.chain in ("untrusted", "invalid"):
        reasons.append(f"Document Signer not trusted: {passive.detail}")
    if active.failed:
        reasons.append(f"active authentication failed: {active.detail}")
    if chip.failed:
        reasons.append(f"chip authentication failed: {chip.detail}")
    if active.status in ("not_supported", "not_performed") and chip.status in ("not_supported", "not_performed"):
        reasons.append("neither active nor chip authentication proved the chip is not a copy")
    if reasons:
        return ChipVerdict(NOT_GENUINE, tuple(reasons))
    if passive.chain == "not_verified":
        return ChipVerdict(GENUINE_CHAIN_NOT_VERIFIED, (passive.detail,))
    return ChipVerdict(GENUINE, ())
