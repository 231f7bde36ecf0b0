"""The signed outer envelope of a package: what an intake node checks without the package key.

A sealed package (seal.py, `WSPKG1`) keeps the workstation's signature and the citizen inside the
encryption, so checking who sent it meant decrypting it, and every intake node held the key that
opens every citizen's data. The envelope puts a second signature outside:

    WSPKG2\\n | u32 length | envelope (canonical JSON) | the sealed WSPKG1 package, unchanged

    envelope = {"signed": {format, package_id, workstation_id, certificate_sha256, sealed_at,
                           simulated, recipient, sealed_sha256, sealed_size},
                "signature": base64(Ed25519(DOMAIN + canonical_json(signed)))}

An intake node checks the signature against the key *it registered* for `workstation_id`, the
sealed part's SHA-256 and size, and that the sealed part's plain header names the same package id
and the centre's package key (`recipient`); then it stores the bytes without opening them. The
node that holds the package key later checks that the manifest inside says the same as the
envelope (id, workstation, certificate, simulated): a workstation that lied outside is caught
there. The citizen's ID number is deliberately not in the envelope, not even hashed: a hash
of 12 digits keyed with anything a workstation holds can be reversed by trying them all.

The domain string keeps an envelope signature from ever being valid as a manifest signature (or
anything else the workstation key signs), and the other way round.
"""
from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from workstation.core.package.canonical import canonical_json
from workstation.core.package.keys import WorkstationIdentity

MAGIC2 = b"WSPKG2\n"
FORMAT = "workstation.envelope/1"
DOMAIN = b"workstation package envelope v1\n"
MAX_ENVELOPE = 4096                  # the envelope is ~600 bytes; anything larger is not one
FIELDS = ("format", "package_id", "workstation_id", "certificate_sha256", "sealed_at", "simulated",
          "recipient", "sealed_sha256", "sealed_size")


class EnvelopeError(ValueError):
    """An envelope that cannot be read or does not hold: `reason` is the intake's refusal code."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason, self.detail = reason, detail


@dataclass(frozen=True)
class Envelope:
    package_id: str
    workstation_id: str
    certificate_sha256: str
    sealed_at: str
    simulated: bool
    recipient: str                   # the fingerprint of the package key the sealed part is for
    sealed_sha256: str
    sealed_size: int
    signed_bytes: bytes              # DOMAIN + canonical_json(signed): what the signature covers
    signature: bytes
    sealed: bytes                    # the WSPKG1 package inside


def is_enveloped(data: bytes) -> bool:
    return data.startswith(MAGIC2)


def wrap(sealed: bytes, identity: WorkstationIdentity, package_id: str, simulated: bool, sealed_at: datetime) -> bytes:
    """Put a sealed (WSPKG1) package in its signed envelope. Also used for packages saved before
    envelopes existed: the workstation that sealed them signs what it sends."""
    header = sealed_header(sealed)
    signed = {"format": FORMAT, "package_id": package_id, "workstation_id": identity.workstation_id,
              "certificate_sha256": identity.certificate_sha256, "sealed_at": sealed_at.isoformat(),
              "simulated": bool(simulated), "recipient": str(header.get("recipient", "")),
              "sealed_sha256": hashlib.sha256(sealed).hexdigest(), "sealed_size": len(sealed)}
    signature = identity.key.sign(DOMAIN + canonical_json(signed))
    body = canonical_json({"signed": signed, "signature": base64.b64encode(signature).decode("ascii")})
    return MAGIC2 + struct.pack(">I", len(body)) + body + sealed


def read(data: bytes) -> Envelope:
    """The envelope's fields, parsed and typed, nothing checked yet (see `check`). EnvelopeError
    `format` for anything that is not a well-formed envelope."""
    if not data.startswith(MAGIC2) or len(data) < len(MAGIC2) + 4:
        raise EnvelopeError("format", "not an enveloped package")
    (length,) = struct.unpack(">I", data[len(MAGIC2):len(MAGIC2) + 4])
    if length > MAX_ENVELOPE or len(data) < len(MAGIC2) + 4 + length:
        raise EnvelopeError("format", "the envelope's length is not plausible")
    body = data[len(MAGIC2) + 4:len(MAGIC2) + 4 + length]
    try:
        outer = json.loads(body)
        signed = outer["signed"]
        signature = base64.b64decode(outer["signature"], validate=True)
        if not isinstance(signed, dict) or set(signed) != set(FIELDS) or signed["format"] != FORMAT:
            raise TypeError("the envelope's fields are not the expected ones")
        if not all(isinstance(signed[k], str) for k in FIELDS if k not in ("simulated", "sealed_size")):
            raise TypeError("a text field is not text")
        if not isinstance(signed["simulated"], bool) or type(signed["sealed_size"]) is not int:
            raise TypeError("a flag or a size has the wrong type")
        if canonical_json(outer) != body:
            raise ValueError("the envelope is not in canonical form")
    except (ValueError, KeyError, TypeError, binascii.Error, RecursionError) as exc:
        raise EnvelopeError("format", f"the envelope is corrupted ({type(exc).__name__})") from None
    return Envelope(signed["package_id"], signed["workstation_id"], signed["certificate_sha256"],
                    signed["sealed_at"], signed["simulated"], signed["recipient"], signed["sealed_sha256"],
                    signed["sealed_size"], DOMAIN + canonical_json(signed), signature,
                    data[len(MAGIC2) + 4 + length:])


def check(envelope: Envelope, key: ed25519.Ed25519PublicKey, recipient: str) -> None:
    """Everything an intake node can know without the package key, against what *it* holds: the
    registered workstation key and its own package key's fingerprint. EnvelopeError otherwise,
    reason `signature`, `envelope` (the sealed part altered), `id_mismatch` or `recipient`."""
    try:
        key.verify(envelope.signature, envelope.signed_bytes)
    except InvalidSignature:
        raise EnvelopeError("signature", "the envelope's signature does not verify with the workstation's "
                                         "registered key") from None
    if len(envelope.sealed) != envelope.sealed_size or \
            hashlib.sha256(envelope.sealed).hexdigest() != envelope.sealed_sha256:
        raise EnvelopeError("envelope", "the package was modified after sealing (the sealed part is not the one "
                                        "the envelope signs)")
    header = sealed_header(envelope.sealed)
    if str(header.get("package_id")) != envelope.package_id:
        raise EnvelopeError("id_mismatch", "the sealed package's id is not the envelope's")
    if header.get("recipient") != envelope.recipient or envelope.recipient != recipient:
        raise EnvelopeError("recipient", "the package was sealed for another centre's key")


def sealed_header(sealed: bytes) -> dict[str, Any]:
    """The plain header of a WSPKG1 package (algorithm, package id, recipient: no personal data),
    readable without the key. EnvelopeError `format` when there is none."""
    from workstation.core.package.seal import MAGIC

    if not sealed.startswith(MAGIC) or len(sealed) < len(MAGIC) + 4:
        raise EnvelopeError("format", "the sealed package inside the envelope has no header")
    (length,) = struct.unpack(">I", sealed[len(MAGIC):len(MAGIC) + 4])
    try:
        header = json.loads(sealed[len(MAGIC) + 4:len(MAGIC) + 4 + min(length, MAX_ENVELOPE)])
    except (ValueError, RecursionError):
        header = None
    if not isinstance(header, dict):
        raise EnvelopeError("format", "the sealed package's header is corrupted")
    return header


def consistency_problem(envelope: Envelope, manifest: dict[str, Any]) -> str:
    """What the manifest inside contradicts in the envelope outside ("" when nothing): checked by
    the node that opens the package, so a workstation cannot say one thing to intake and another
    inside."""
    workstation = manifest.get("workstation")
    workstation = workstation if isinstance(workstation, dict) else {}
    pairs = (("package_id", envelope.package_id, manifest.get("package_id")),
             ("workstation", envelope.workstation_id, workstation.get("id")),
             ("certificate", envelope.certificate_sha256, workstation.get("certificate_sha256")),
             ("simulated", envelope.simulated, manifest.get("simulated")))
    for name, outside, inside in pairs:
        if outside != inside:
            return f"the envelope's {name} is not the manifest's"
    return ""
