"""What someone holding the server's key could do to a sealed package: open it, change the inner
archive, seal it again with the same content key. The verifier must then still answer with a
report (tests/test_package.py names each tampering; the fuzzer mutates the content at random).
Without the workstation's key they cannot sign an envelope again, so what they send back is the
sealed part alone (an envelope stripped, as packages were before envelopes)."""
from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.hazmat.primitives.asymmetric import x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from workstation.core.package import envelope
from workstation.core.package.keys import public_raw
from workstation.core.package.seal import MAGIC, Capture, PackageContents, _kek

AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def sample_contents(**changes: object) -> PackageContents:
    """A small package's contents: a chip file, a face, a print (the fields each test changes)."""
    base: dict[str, object] = dict(
        workstation_id="ws-test", officer_id="officer-01", simulated=True,
        citizen={"id_number": "001099012345", "full_name": "Nguyễn Văn An", "date_of_birth": "1999-01-01",
                 "phone": "0912345678", "email": None, "consent": True},
        verification={"chip": {"verdict": "genuine"}},
        captures=[Capture("chip", "chip/dg1.bin", b"\x61\x5b" + b"M" * 91, AT),
                  Capture("face", "face/live.jpg", b"\xff\xd8face", AT),
                  Capture("finger", "finger/right_index.iso", b"FIR\x00" + b"x" * 50, AT)],
    )
    base.update(changes)
    return PackageContents(**base)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Opened:
    header: dict
    header_bytes: bytes
    key: bytes          # the package's content key
    inner: bytes        # the inner zip archive

    def seal_again(self, inner: bytes) -> bytes:
        """`inner` in place of the archive, under the same header and content key."""
        body = AESGCM(self.key).encrypt(base64.b64decode(self.header["nonce"]), inner, MAGIC + self.header_bytes)
        return MAGIC + struct.pack(">I", len(self.header_bytes)) + self.header_bytes + body


def open_sealed(data: bytes, server: x25519.X25519PrivateKey) -> Opened:
    if envelope.is_enveloped(data):
        data = envelope.read(data).sealed
    (length,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    header_bytes = data[len(MAGIC) + 4:len(MAGIC) + 4 + length]
    header = json.loads(header_bytes)
    epk = base64.b64decode(header["epk"])
    kek = _kek(server.exchange(x25519.X25519PublicKey.from_public_bytes(epk)), epk, public_raw(server.public_key()))
    key = AESGCM(kek).decrypt(base64.b64decode(header["wrap_nonce"]), base64.b64decode(header["wrapped_key"]),
                              header["package_id"].encode())
    inner = AESGCM(key).decrypt(base64.b64decode(header["nonce"]), data[len(MAGIC) + 4 + length:], MAGIC + header_bytes)
    return Opened(header, header_bytes, key, inner)
