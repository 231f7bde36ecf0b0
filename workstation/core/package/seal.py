"""Sealing an enrollment package: sign the manifest, encrypt everything for the server, and put
the result in a signed envelope (envelope.py) that an intake node checks without decrypting.

The sealed part's layout: MAGIC, a 4-byte header length, the header (canonical JSON: algorithm, ephemeral key,
wrapped content key, nonces, recipient), then AES-256-GCM over an in-memory ZIP of manifest.json,
manifest.sig (Ed25519 over the manifest's bytes), workstation.pem and the listed files. The header
is the cipher's associated data, so changing any byte of the file is detected. Nothing plain is
ever written: the ZIP exists only in memory.
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import secrets
import struct
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from workstation.core.package.canonical import canonical_json
from workstation.core.package.keys import WorkstationIdentity, fingerprint, public_raw

MAGIC = b"WSPKG1\n"
ALGORITHM = "X25519-HKDF-SHA256/A256GCM"
SCHEMA_ID = "workstation.enrollment/1"
SCHEMA_FILE = Path(__file__).with_name("schema") / "manifest-v1.json"
ZERO_CHAIN = "0" * 64


@dataclass
class Capture:
    kind: str            # "chip" | "face" | "finger"
    name: str            # file name inside the package, e.g. "face/live.jpg"
    data: bytes
    at: datetime


@dataclass
class PackageContents:
    workstation_id: str
    officer_id: str
    citizen: dict[str, Any]
    verification: dict[str, Any]
    simulated: bool
    files: dict[str, bytes] = field(default_factory=dict)      # files that are not captures
    captures: list[Capture] = field(default_factory=list)      # in capture order
    devices: list[dict[str, Any]] = field(default_factory=list)
    package_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def chain_next(previous: str, file_hash: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(file_hash)).hexdigest()


def build_manifest(contents: PackageContents, identity: WorkstationIdentity) -> tuple[dict[str, Any], dict[str, bytes]]:
    files = dict(contents.files)
    for capture in contents.captures:
        files[capture.name] = capture.data
    chain, captures = ZERO_CHAIN, []
    for capture in contents.captures:
        chain = chain_next(chain, sha256(capture.data))
        captures.append({"kind": capture.kind, "file": capture.name, "at": capture.at.isoformat(), "chain": chain})
    manifest = {
        "schema": SCHEMA_ID,
        "package_id": contents.package_id,
        "created_at": contents.created_at.isoformat(),
        "simulated": contents.simulated,
        "workstation": {"id": contents.workstation_id, "certificate_sha256": identity.certificate_sha256},
        "officer": {"id": contents.officer_id},
        "citizen": contents.citizen,
        "verification": contents.verification,
        "devices": contents.devices,
        "files": [{"name": name, "sha256": sha256(data), "size": len(data)} for name, data in sorted(files.items())],
        "captures": captures,
    }
    return manifest, files


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + recipient, info=b"workstation package key wrap v1").derive(shared)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def seal(contents: PackageContents, identity: WorkstationIdentity, server: x25519.X25519PublicKey) -> bytes:
    """The package as it is kept and sent: the sealed part (`seal_inner`) in its signed envelope."""
    from workstation.core.package.envelope import wrap

    return wrap(seal_inner(contents, identity, server), identity, contents.package_id, contents.simulated,
                contents.created_at)


def seal_inner(contents: PackageContents, identity: WorkstationIdentity, server: x25519.X25519PublicKey) -> bytes:
    """The sealed part alone (`WSPKG1`, the whole package before envelopes existed)."""
    manifest, files = build_manifest(contents, identity)
    validate_manifest(manifest)
    manifest_bytes = canonical_json(manifest)
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("manifest.json", manifest_bytes, compress_type=zipfile.ZIP_DEFLATED)
        z.writestr("manifest.sig", identity.key.sign(manifest_bytes))
        z.writestr("workstation.pem", identity.certificate_pem)
        for name, data in sorted(files.items()):
            z.writestr(name, data, compress_type=zipfile.ZIP_STORED)
    content_key, nonce, wrap_nonce = AESGCM.generate_key(256), secrets.token_bytes(12), secrets.token_bytes(12)
    ephemeral = x25519.X25519PrivateKey.generate()
    ephemeral_raw, recipient_raw = public_raw(ephemeral.public_key()), public_raw(server)
    kek = _kek(ephemeral.exchange(server), ephemeral_raw, recipient_raw)
    wrapped = AESGCM(kek).encrypt(wrap_nonce, content_key, contents.package_id.encode())
    header = canonical_json({"alg": ALGORITHM, "package_id": contents.package_id, "epk": b64(ephemeral_raw),
                             "wrap_nonce": b64(wrap_nonce), "wrapped_key": b64(wrapped), "nonce": b64(nonce),
                             "recipient": fingerprint(server)})
    aad = MAGIC + header
    return MAGIC + struct.pack(">I", len(header)) + header + AESGCM(content_key).encrypt(nonce, inner.getvalue(), aad)


@cache
def _validator():  # noqa: ANN202
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def schema_errors(manifest: Any) -> list[str]:
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in sorted(_validator().iter_errors(manifest), key=lambda e: list(e.absolute_path))]


def validate_manifest(manifest: dict[str, Any]) -> None:
    errors = schema_errors(manifest)
    if errors:
        raise ValueError("manifest does not follow its schema: " + "; ".join(errors))
