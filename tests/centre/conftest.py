"""A centre in a temporary folder (SQLite registry; the PostgreSQL path is in test_centre_server),
and workstations onboarded at it."""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workstation.centre.authority import init_centre
from workstation.centre.intake import Intake
from workstation.centre.onboarding import issue_token, register
from workstation.centre.registry import Registry, default_url
from workstation.core.package.keys import WorkstationIdentity, certificate_request, load_or_create_identity
from workstation.core.package.seal import Capture, PackageContents, seal

PASSPHRASE = b"correct horse battery staple"


@dataclass
class CentreSetting:
    folder: Path
    centre: object
    registry: Registry
    intake: Intake

    def onboard(self, tmp_path: Path, commune: str = "00001") -> WorkstationIdentity:
        identity = load_or_create_identity(tmp_path / f"ws-{uuid.uuid4().hex[:8]}", str(uuid.uuid4()))
        token = issue_token(self.registry, self.centre, commune, "Công an xã thử nghiệm")
        register(self.registry, self.centre, token, certificate_request(identity))
        return identity

    def package(self, identity: WorkstationIdentity, citizen: str = "001099012345", **changes) -> tuple[str, bytes]:  # noqa: ANN003
        contents = contents_for(identity.workstation_id, citizen, **changes)
        return contents.package_id, seal(contents, identity, self.centre.package_key.public_key())


def contents_for(workstation_id: str, citizen: str = "001099012345", **changes) -> PackageContents:  # noqa: ANN003
    at = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    base = dict(
        workstation_id=workstation_id, officer_id="officer-01", simulated=False,
        citizen={"id_number": citizen, "full_name": "Nguyễn Văn An", "date_of_birth": "1999-01-01",
                 "phone": "0912345678", "email": None, "consent": True},
        verification={"chip": {"verdict": "genuine"}},
        captures=[Capture("chip", "chip/dg1.bin", b"\x61\x5b" + b"M" * 91, at),
                  Capture("face", "face/live.jpg", b"\xff\xd8face", at)],
    )
    base.update(changes)
    return PackageContents(**base)


@pytest.fixture
def centre_setting(tmp_path: Path):  # noqa: ANN201
    folder = tmp_path / "centre"
    centre = init_centre(folder, PASSPHRASE)
    registry = Registry.open(default_url(folder))
    yield CentreSetting(folder, centre, registry, Intake(registry, centre))
    registry.close()
