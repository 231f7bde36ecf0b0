"""Opening and checking a sealed package, naming precisely what was tampered with.

Whose signature counts is decided by the verifier, never by the package: with a registry (the
centre's onboarded workstations, `SignerLookup`), the manifest must verify with the key registered
for the workstation it names, which must not be revoked; without one the signer is "unknown" and
the package does not pass, unless the caller accepts self-signed packages (testers) — the
certificate inside a package proves nothing about who made it.
"""
from __future__ import annotations

import base64
import io
import json
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.core.package import envelope as outer
from workstation.core.package.canonical import canonical_json
from workstation.core.package.keys import fingerprint, public_raw
from workstation.core.package.seal import ALGORITHM, MAGIC, ZERO_CHAIN, _kek, chain_next, schema_errors, sha256


@dataclass(frozen=True)
class RegisteredSigner:
    """What the centre holds of a workstation: its registered Ed25519 key and its standing."""

    workstation_id: str
    key: ed25519.Ed25519PublicKey
    revoked: bool = False
    commune: str = ""


SignerLookup = Callable[[str], "RegisteredSigner | None"]


@dataclass
class PackageReport:
    problems: list[str] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)   # check → "ok" | "failed" | "not_checked"
    manifest: dict[str, Any] | None = None
    signer_key: ed25519.Ed25519PublicKey | None = None     # the key the manifest was checked with

    @property
    def ok(self) -> bool:
        return not self.problems and all(v in ("ok", "skipped") for v in self.checks.values())

    def first_failure(self) -> str:
        """The first failed check's name (a machine-readable reason), "" when none failed."""
        return next((c for c, v in self.checks.items() if v == "failed"), "")

    def fail(self, check: str, problem: str) -> "PackageReport":
        self.checks[check] = "failed"
        self.problems.append(problem)
        return self

    def as_dict(self) -> dict[str, object]:
        m = self.manifest or {}
        return {"ok": self.ok, "checks": self.checks, "problems": self.problems,
                "package_id": m.get("package_id"), "simulated": m.get("simulated"),
                "citizen_id": (m.get("citizen") or {}).get("id_number"), "files": len(m.get("files", []))}


MAX_ENTRIES, MAX_ENTRY, MAX_TOTAL, MAX_RATIO = 64, 16 * 1024 * 1024, 32 * 1024 * 1024, 50


def _archive_problem(archive: zipfile.ZipFile) -> str:
    """What makes the inner archive unsafe to read before anything is decompressed: too many
    entries, names that are paths, names twice, sizes or compression ratios no package has (a zip
    bomb sealed by a registered but hostile workstation must not take the centre's memory)."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        return f"{len(entries)} entries"
    names = [e.filename for e in entries]
    if len(set(names)) != len(names):
        return "an entry name appears twice"
    total = 0
    for e in entries:
        if e.filename.startswith(("/", "\\")) or ".." in e.filename.split("/") or "\\" in e.filename:
            return f"entry name {e.filename[:60]!r} is a path outside the package"
        if e.flag_bits & 0x1:                  # APPNOTE 4.4.4 bit 0: the entry is encrypted
            return f"entry {e.filename[:60]!r} is marked encrypted"
        if e.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return f"entry {e.filename[:60]!r} uses compression method {e.compress_type}"
        if e.file_size > MAX_ENTRY or e.file_size > MAX_RATIO * max(e.compress_size, 1024):
            return f"entry {e.filename[:60]!r} would expand to {e.file_size} bytes"
        total += e.file_size
    if total > MAX_TOTAL:
        return f"the content would expand to {total} bytes"
    return ""


CHECKS = ("format", "recipient", "decryption", "signer", "signature", "certificate", "schema", "files",
          "capture_chain", "envelope")


def verify_package(data: bytes, server: x25519.X25519PrivateKey, signers: SignerLookup | None = None,
                   self_signed_ok: bool = False, checked_envelope: outer.Envelope | None = None) -> PackageReport:
    """`signers`: the registry of onboarded workstations. Without it the signer is unknown and the
    package fails, unless `self_signed_ok` (the embedded certificate is then used, for testers).
    An enveloped package (envelope.py) is checked whole: the sealed part as below, then the
    envelope's signature with the same key, and the envelope against the manifest; a package from
    before envelopes has its `envelope` check "skipped". `checked_envelope`: this package's
    envelope, already read and checked (`envelope.check`) by the caller against the same registry
    (the centre's intake does so first): not read and verified a second time, only held against
    the manifest."""
    if not outer.is_enveloped(data):
        report = _verify_sealed(data, server, signers, self_signed_ok)
        report.checks["envelope"] = "skipped"
        return report
    try:
        envelope = checked_envelope or outer.read(data)
    except outer.EnvelopeError as exc:
        return PackageReport(checks={c: "not_checked" for c in CHECKS}).fail("format", exc.detail)
    report = _verify_sealed(envelope.sealed, server, signers, self_signed_ok)
    if report.signer_key is None:
        return report                       # the signer failed already: the envelope stays not checked
    if checked_envelope is None:
        try:
            outer.check(envelope, report.signer_key, fingerprint(server.public_key()))
        except outer.EnvelopeError as exc:
            return report.fail("envelope", exc.detail)
    problem = outer.consistency_problem(envelope, report.manifest or {})
    if problem:
        return report.fail("envelope", problem)
    report.checks["envelope"] = "ok"
    return report


def _verify_sealed(data: bytes, server: x25519.X25519PrivateKey, signers: SignerLookup | None,
                   self_signed_ok: bool) -> PackageReport:
    report = PackageReport(checks={c: "not_checked" for c in CHECKS})
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        return report.fail("format", "not a workstation package (bad magic)")
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    header_bytes = data[len(MAGIC) + 4:len(MAGIC) + 4 + length]
    try:
        header = json.loads(header_bytes)
        if not isinstance(header, dict):
            raise TypeError("the header is not a JSON object")
        if header.get("alg") != ALGORITHM:
            return report.fail("format", f"unknown algorithm {header.get('alg')!r}")
        epk, wrap_nonce, wrapped, nonce = (base64.b64decode(header[k]) for k in ("epk", "wrap_nonce", "wrapped_key", "nonce"))
        package_id = str(header["package_id"])
    except (ValueError, KeyError, TypeError):
        return report.fail("format", "package header is corrupted")
    report.checks["format"] = "ok"
    if header.get("recipient") != fingerprint(server.public_key()):
        return report.fail("recipient", "the package was sealed for another server key")
    report.checks["recipient"] = "ok"
    try:
        kek = _kek(server.exchange(x25519.X25519PublicKey.from_public_bytes(epk)), epk, public_raw(server.public_key()))
        content_key = AESGCM(kek).decrypt(wrap_nonce, wrapped, package_id.encode())
        inner = AESGCM(content_key).decrypt(nonce, data[len(MAGIC) + 4 + length:], MAGIC + header_bytes)
    except (InvalidTag, ValueError):
        return report.fail("decryption", "the package was modified after sealing (header or encrypted content)")
    report.checks["decryption"] = "ok"
    try:
        archive = zipfile.ZipFile(io.BytesIO(inner))
        problem = _archive_problem(archive)
        if problem:
            return report.fail("format", f"package content refused: {problem}")
        manifest_bytes = archive.read("manifest.json")
        signature = archive.read("manifest.sig")
        certificate = x509.load_pem_x509_certificate(archive.read("workstation.pem"))
        manifest = json.loads(manifest_bytes)
    except (KeyError, ValueError, zipfile.BadZipFile, zlib.error, RecursionError, NotImplementedError, EOFError) as exc:
        return report.fail("format", f"package content is incomplete ({exc})")
    if not isinstance(manifest, dict):
        return report.fail("format", "the manifest is not a JSON object")
    report.manifest = manifest
    embedded = certificate.public_key()
    public = _signer_key(manifest, embedded, signers, self_signed_ok, report)
    report.signer_key = public
    if public is not None:
        try:
            public.verify(signature, manifest_bytes)
            report.checks["signature"] = "ok"
        except InvalidSignature:
            report.fail("signature", "the manifest's signature does not verify with the workstation's key")
    try:
        canonical = canonical_json(manifest) == manifest_bytes
    except (TypeError, ValueError):          # e.g. a float, which the canonical form never holds
        canonical = False
    if not canonical:
        report.fail("signature", "the manifest is not in canonical form")
    digest = sha256(certificate.public_bytes(serialization.Encoding.DER))
    workstation = manifest.get("workstation")
    if isinstance(workstation, dict) and workstation.get("certificate_sha256") == digest:
        report.checks["certificate"] = "ok"
    else:
        report.fail("certificate", "the workstation certificate is not the one the manifest names")
    errors = schema_errors(manifest)
    if errors:
        report.fail("schema", "manifest does not follow its schema: " + "; ".join(errors))
    else:
        report.checks["schema"] = "ok"
    hashes = _check_files(archive, manifest, report)
    _check_chain(archive, manifest, report, hashes)
    return report


def _signer_key(manifest: dict[str, Any], embedded: object, signers: SignerLookup | None, self_signed_ok: bool,
                report: PackageReport) -> ed25519.Ed25519PublicKey | None:
    """The key the signature must verify with: the registered one, or (testers) the embedded one."""
    workstation = manifest.get("workstation")
    workstation_id = workstation.get("id") if isinstance(workstation, dict) else None
    if signers is None:
        if not self_signed_ok:
            report.fail("signer", "signer unknown: no registry of workstations to check it against "
                                  "(--centre DIR, or --self-signed-ok for test packages)")
            return None
        report.checks["signer"] = "skipped"
        return embedded if isinstance(embedded, ed25519.Ed25519PublicKey) else None
    registered = signers(workstation_id) if isinstance(workstation_id, str) else None
    if registered is None:
        report.fail("signer", f"signer not registered: workstation {workstation_id!s:.64} is not onboarded")
        return None
    if registered.revoked:
        report.fail("signer", f"signer revoked: workstation {workstation_id} was revoked")
        return None
    if not isinstance(embedded, ed25519.Ed25519PublicKey) or public_raw(embedded) != public_raw(registered.key):
        report.fail("certificate", "the certificate in the package is not the registered workstation's key")
    report.checks["signer"] = "ok"
    return registered.key


def _check_files(archive: zipfile.ZipFile, manifest: dict[str, Any], report: PackageReport) -> dict[str, str]:
    """Every listed file present and unmodified; returns each present file's hash (hashed once)."""
    files = manifest.get("files", [])
    listed = {f["name"]: f for f in (files if isinstance(files, list) else [])
              if isinstance(f, dict) and isinstance(f.get("name"), str)}
    present = set(archive.namelist()) - {"manifest.json", "manifest.sig", "workstation.pem"}
    before = len(report.problems)
    hashes: dict[str, str] = {}
    for name in sorted(present):
        try:
            hashes[name] = sha256(archive.read(name))
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
            report.problems.append(f"file {name[:60]} is damaged inside the package ({exc})")
    for name, entry in sorted(listed.items(), key=lambda item: str(item[0])):
        if name not in present:
            report.problems.append(f"file {name} is missing")
        elif name not in hashes:
            continue                                   # damaged: already said
        elif hashes[name] != entry.get("sha256"):
            report.problems.append(f"file {name} was modified (its hash does not match the manifest)")
    for name in sorted(present - set(listed)):
        report.problems.append(f"file {name} is not listed in the manifest")
    report.checks["files"] = "ok" if len(report.problems) == before else "failed"
    return hashes


def _check_chain(archive: zipfile.ZipFile, manifest: dict[str, Any], report: PackageReport,
                 hashes: dict[str, str]) -> None:
    chain = ZERO_CHAIN
    captures = manifest.get("captures", [])
    if not isinstance(captures, list):       # a crafted manifest: the schema check already said so
        report.fail("capture_chain", "the manifest's captures are not a list")
        return
    for i, capture in enumerate(captures):
        try:
            chain = chain_next(chain, hashes[capture["file"]])
        except (KeyError, TypeError, IndexError):
            report.fail("capture_chain", f"capture {i + 1} names a file that is not in the package")
            return
        if not isinstance(capture, dict) or capture.get("chain") != chain:
            report.fail("capture_chain", f"the capture chain is broken at capture {i + 1} ({capture.get('file')})")
            return
    report.checks["capture_chain"] = "ok"


def open_package(data: bytes, server: x25519.X25519PrivateKey) -> zipfile.ZipFile:
    """The decrypted content of a package (its archive), for the node that holds the package key
    and has to look inside (the centre's duplicate review shows the face photographs). Only for
    packages `verify_package` already accepted; ValueError when it cannot be opened."""
    if outer.is_enveloped(data):
        try:
            data = outer.read(data).sealed
        except outer.EnvelopeError as exc:
            raise ValueError(exc.detail) from None
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise ValueError("not a workstation package")
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    header_bytes = data[len(MAGIC) + 4:len(MAGIC) + 4 + length]
    try:
        header = json.loads(header_bytes)
        epk, wrap_nonce, wrapped, nonce = (base64.b64decode(header[k]) for k in ("epk", "wrap_nonce", "wrapped_key", "nonce"))
        kek = _kek(server.exchange(x25519.X25519PublicKey.from_public_bytes(epk)), epk, public_raw(server.public_key()))
        content_key = AESGCM(kek).decrypt(wrap_nonce, wrapped, str(header["package_id"]).encode())
        inner = AESGCM(content_key).decrypt(nonce, data[len(MAGIC) + 4 + length:], MAGIC + header_bytes)
        archive = zipfile.ZipFile(io.BytesIO(inner))
    except (InvalidTag, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        raise ValueError(f"the package cannot be opened ({type(exc).__name__})") from None
    problem = _archive_problem(archive)
    if problem:
        raise ValueError(f"package content refused: {problem}")
    return archive
