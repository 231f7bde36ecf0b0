"""Sealing and verifying an enrollment package (chip files, a face, two finger records)."""
from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from bench.harness import benchmark


def _contents():  # noqa: ANN202
    from workstation.core.package.seal import Capture, PackageContents

    at = datetime.now(UTC)
    return PackageContents(
        workstation_id="bench", officer_id="officer", simulated=True,
        citizen={"id_number": "001099012345", "full_name": "Nguyễn Văn An", "date_of_birth": "1999-01-01",
                 "phone": "0912345678", "email": None, "consent": True},
        verification={"chip": {"verdict": "genuine"}},
        captures=[Capture("chip", "chip/dg2.bin", os.urandom(18_000), at),
                  Capture("chip", "chip/sod.bin", os.urandom(1_100), at),
                  Capture("face", "face/live.jpg", os.urandom(60_000), at),
                  Capture("finger", "finger/right_index.iso", os.urandom(200_000), at),
                  Capture("finger", "finger/left_index.iso", os.urandom(200_000), at)])


@benchmark("package.seal", repeat=20, description="build, sign and encrypt a ~480 KB package")
def seal_package():  # noqa: ANN201
    from workstation.core.package.keys import load_or_create_identity, simulated_server_keys
    from workstation.core.package.seal import seal

    identity = load_or_create_identity(Path(tempfile.mkdtemp()), "bench")
    _priv, public = simulated_server_keys()
    return lambda: {"bytes": len(seal(_contents(), identity, public))}


@benchmark("package.verify", repeat=20, baseline="package.seal", description="decrypt and check the same package")
def verify_package_bench():  # noqa: ANN201
    from workstation.core.package.keys import load_or_create_identity, simulated_server_keys
    from workstation.core.package.seal import seal
    from workstation.core.package.verify import verify_package

    identity = load_or_create_identity(Path(tempfile.mkdtemp()), "bench")
    private, public = simulated_server_keys()
    data = seal(_contents(), identity, public)
    return lambda: {"ok": verify_package(data, private, self_signed_ok=True).ok}


@benchmark("package.envelope", repeat=50, baseline="package.verify",
           description="what an intake node checks without the package key: the envelope of the same package")
def check_envelope_bench():  # noqa: ANN201
    from workstation.core.package import envelope
    from workstation.core.package.keys import fingerprint, load_or_create_identity, simulated_server_keys
    from workstation.core.package.seal import seal

    identity = load_or_create_identity(Path(tempfile.mkdtemp()), "bench")
    _private, public = simulated_server_keys()
    data = seal(_contents(), identity, public)
    key, recipient = identity.key.public_key(), fingerprint(public)

    def run() -> dict[str, object]:
        envelope.check(envelope.read(data), key, recipient)
        return {"bytes": len(data)}
    return run
