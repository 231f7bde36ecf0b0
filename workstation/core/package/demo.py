"""A package from a simulated card read, for testers until the whole enrollment lands."""
from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from workstation.atomic_file import write_atomically
from workstation.core.card_reading import CardRead, chip_verification, read_card
from workstation.core.package.keys import WorkstationIdentity, load_or_create_identity, simulated_server_keys
from workstation.core.package.seal import Capture, PackageContents, seal
from workstation.disk_space import write_error


def contents_from_card(read: CardRead, workstation_id: str, officer_id: str, phone: str, simulated: bool,
                       face_jpeg: bytes | None = None) -> PackageContents:
    d = read.dg13
    now = datetime.now(UTC)
    captures = [Capture("chip", f"chip/{name}.bin", data, now) for name, data in sorted(read.chip.files.items())]
    if face_jpeg is not None:
        captures.append(Capture("face", "face/live.jpg", face_jpeg, now))
    return PackageContents(
        workstation_id=workstation_id, officer_id=officer_id, simulated=simulated,
        citizen={"id_number": d.id_number, "full_name": d.full_name, "date_of_birth": d.date_of_birth.isoformat(),
                 "sex": d.sex, "phone": phone, "email": None, "consent": True},
        verification={"chip": chip_verification(read)},
        captures=captures,
    )


def demo_package(card: str, out: Path, keys_dir: Path, workstation_id: str) -> Path:
    from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
    from workstation.emulator.fixtures import build_card, fixture
    from workstation.emulator.simulated_trust import simulated_trust_store
    from workstation.emulator.portrait import draw_portrait, encode_portrait
    from workstation.verify.access_keys import keys_from_qr
    from workstation.verify.qr import parse_qr

    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(card))
    qr = parse_qr(fixture(card).qr)
    read = read_card(reader.connect, keys_from_qr(qr), simulated_trust_store(), qr=qr)
    identity: WorkstationIdentity = load_or_create_identity(keys_dir, workstation_id)
    contents = contents_from_card(read, workstation_id, "tester", "0912345678", simulated=True,
                                  face_jpeg=encode_portrait(draw_portrait(card + "/live")))
    _private, public = simulated_server_keys()
    target = out / f"{contents.package_id}.wspkg"
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_atomically(target, seal(contents, identity, public))
    except OSError as exc:
        raise write_error(exc, out) from None
    return target
