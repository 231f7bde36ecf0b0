"""Is the chip genuine? One verdict from passive, active and chip authentication.

Fail closed: a chip whose signature, hashes, chain, active or chip authentication fail, or that
withholds a file its SOD lists, is never genuine. "genuine_chain_not_verified" exists for one case
only: everything the chip can prove held and no CSCA of the document's country is installed at
all; the workflow blocks it in real mode unless a supervisor has chosen otherwise.

Each reason comes with a stable code (`codes`), for the officer's message and for testers:
  forged            the data or the signer is not what the issuer made (do not enroll)
  unknown_signer    a signer no installed CSCA of the country issued (call the administrator)
  withheld          the chip refused a file its SOD lists (do not enroll)
  clone             active or chip authentication failed, or neither could be done
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
    codes: tuple[str, ...] = ()     # e.g. "forged:ds_expired", "withheld:dg14", "clone:active_auth"

    @property
    def genuine(self) -> bool:
        return self.verdict != NOT_GENUINE

    @property
    def kind(self) -> str:
        """The first reason's class (forged | unknown_signer | withheld | clone), "" when genuine."""
        return self.codes[0].split(":")[0] if self.codes else ""


def chip_verdict(passive: PassiveAuthResult, active: AuthOutcome, chip: AuthOutcome,
                 withheld: tuple[str, ...] = ()) -> ChipVerdict:
    """`withheld`: files the SOD lists that the chip refused to give (not DG3/DG4)."""
    reasons: list[str] = []
    codes: list[str] = []

    def add(code: str, reason: str) -> None:
        codes.append(code)
        reasons.append(reason)

    if passive.signature != "valid":
        add(f"forged:{passive.signature_reason or 'signature'}", f"SOD signature invalid: {passive.detail}")
    if passive.mismatched or passive.unsigned:
        names = ", ".join(n.upper() for n in passive.mismatched + passive.unsigned)
        add("forged:hashes", f"data group hashes do not match the SOD ({names})")
    if passive.chain == "invalid":
        add(f"forged:{passive.chain_reason}", f"Document Signer not trusted: {passive.detail}")
    elif passive.chain == "untrusted":
        add(f"unknown_signer:{passive.chain_reason}", f"Document Signer not trusted: {passive.detail}")
    for name in withheld:
        add(f"withheld:{name}", f"the chip refused {name.upper()}, which its SOD lists")
    for name in passive.missing:
        if name not in withheld:
            add(f"withheld:{name}", f"{name.upper()} was not read although the SOD lists it or the card must carry it")
    if active.failed:
        add("clone:active_auth", f"active authentication failed: {active.detail}")
    if chip.failed:
        add("clone:chip_auth", f"chip authentication failed: {chip.detail}")
    if active.status in ("not_supported", "not_performed") and chip.status in ("not_supported", "not_performed"):
        add("clone:no_proof", "neither active nor chip authentication proved the chip is not a copy")
    if reasons:
        return ChipVerdict(NOT_GENUINE, tuple(reasons), tuple(codes))
    if passive.chain == "not_verified":
        return ChipVerdict(GENUINE_CHAIN_NOT_VERIFIED, (passive.detail,), ("not_verified:no_csca_of_country",))
    return ChipVerdict(GENUINE, ())
