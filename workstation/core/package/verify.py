"""Opening and checking a sealed package, naming precisely what was tampered with."""
from __future__ import annotations

import base64
import io
import json
import struct
import zipfile
from dataclasses import dataclass, field
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.core.package.canonical import canonical_json
from workstation.core.package.keys import fingerprint, public_raw
from workstation.core.package.seal import ALGORITHM, MAGIC, ZERO_CHAIN, _kek, chain_next, schema_errors, sha256


@dataclass
class PackageReport:
    problems: list[str] = field(default_factory=list)
    checks: dict[str, str] = field(default_factory=dict)   # check → "ok" | "failed" | "not_checked"
    manifest: dict[str, Any] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and all(v == "ok" for v in self.checks.values())

    def fail(self, check: str, problem: str) -> "PackageReport":
        self.checks[check] = "failed"
        self.problems.append(problem)
        return self

    def as_dict(self) -> dict[str, object]:
        m = self.manifest or {}
        return {"ok": self.ok, "checks": self.checks, "problems": self.problems,
                "package_id": m.get("package_id"), "simulated": m.get("simulated"),
                "citizen_id": (m.get("citizen") or {}).get("id_number"), "files": len(m.get("files", []))}


CHECKS = ("format", "recipient", "decryption", "signature", "certificate", "schema", "files", "capture_chain")


def verify_package(data: bytes, server: x25519.X25519PrivateKey) -> PackageReport:
    report = PackageReport(checks={c: "not_checked" for c in CHECKS})
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        return report.fail("format", "not a workstation package (bad magic)")
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    header_bytes = data[len(MAGIC) + 4:len(MAGIC) + 4 + length]
    try:
        header = json.loads(header_bytes)
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
        manifest_bytes = archive.read("manifest.json")
        signature = archive.read("manifest.sig")
        certificate = x509.load_pem_x509_certificate(archive.read("workstation.pem"))
        manifest = json.loads(manifest_bytes)
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        return report.fail("format", f"package content is incomplete ({exc})")
    report.manifest = manifest
    public = certificate.public_key()
    try:
        if not isinstance(public, ed25519.Ed25519PublicKey):
            raise InvalidSignature()
        public.verify(signature, manifest_bytes)
        report.checks["signature"] = "ok"
    except InvalidSignature:
        report.fail("signature", "the manifest's signature does not verify with the workstation certificate")
    if canonical_json(manifest) != manifest_bytes:
        report.fail("signature", "the manifest is not in canonical form")
    digest = sha256(certificate.public_bytes(serialization.Encoding.DER))
    if (manifest.get("workstation") or {}).get("certificate_sha256") == digest:
        report.checks["certificate"] = "ok"
    else:
        report.fail("certificate", "the workstation certificate is not the one the manifest names")
    errors = schema_errors(manifest)
    if errors:
        report.fail("schema", "manifest does not follow its schema: " + "; ".join(errors))
    else:
        report.checks["schema"] = "ok"
    _check_files(archive, manifest, report)
    _check_chain(archive, manifest, report)
    return report


def _check_files(archive: zipfile.ZipFile, manifest: dict[str, Any], report: PackageReport) -> None:
    listed = {f.get("name"): f for f in manifest.get("files", []) if isinstance(f, dict)}
    present = set(archive.namelist()) - {"manifest.json", "manifest.sig", "workstation.pem"}
    before = len(report.problems)
    for name, entry in sorted(listed.items()):
        if name not in present:
            report.problems.append(f"file {name} is missing")
        elif sha256(archive.read(name)) != entry.get("sha256"):
            report.problems.append(f"file {name} was modified (its hash does not match the manifest)")
    for name in sorted(present - set(listed)):
        report.problems.append(f"file {name} is not listed in the manifest")
    report.checks["files"] = "ok" if len(report.problems) == before else "failed"


def _check_chain(archive: zipfile.ZipFile, manifest: dict[str, Any], report: PackageReport) -> None:
    chain = ZERO_CHAIN
    for i, capture in enumerate(manifest.get("captures", [])):
        try:
            chain = chain_next(chain, sha256(archive.read(capture["file"])))
        except (KeyError, TypeError):
            report.fail("capture_chain", f"capture {i + 1} names a file that is not in the package")
            return
        if capture.get("chain") != chain:
            report.fail("capture_chain", f"the capture chain is broken at capture {i + 1} ({capture.get('file')})")
            return
    report.checks["capture_chain"] = "ok"
