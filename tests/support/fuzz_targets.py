"""What is fuzzed, shared by the bounded hypothesis tests and the long run (scripts/fuzz.py).

Each target is a parser the workstation or the centre feeds with outside data, a genuine sample to
mutate, and the one exception family that means "refused in words". Anything else escaping is a
defect: a traceback where an officer should have read a sentence.
"""
from __future__ import annotations

import io
import json
import random
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from workstation.errors import WorkstationError


@dataclass(frozen=True)
class FuzzTarget:
    name: str
    samples: tuple[bytes, ...]
    run: Callable[[bytes], object]
    refusal: tuple[type[BaseException], ...]
    mutate_head: int = 0          # > 0: also mutate only the first bytes (headers), keep the rest


def mutate(rng: random.Random, original: bytes, head: int = 0) -> bytes:
    """Flip, insert, delete, cut, or plant length bytes (0x80-0x84, 0xFF, 0x00) at random places."""
    if head and rng.random() < 0.5:
        return mutate(rng, original[:head]) + original[head:]
    data = bytearray(original)
    for _ in range(rng.randint(1, 4)):
        if not data:
            break
        at = rng.randrange(len(data))
        action = rng.randrange(5)
        if action == 0:
            data[at] ^= rng.randint(1, 255)
        elif action == 1:
            data[at:at] = rng.randbytes(rng.randint(1, 4))
        elif action == 2:
            del data[at:at + rng.randint(1, 8)]
        elif action == 3:
            del data[at:]
        else:
            data[at] = rng.choice((0x80, 0x81, 0x82, 0x84, 0x85, 0xFF, 0x00))
    return bytes(data)


def _chip_targets() -> list[FuzzTarget]:
    from workstation.emulator.fixtures import card_files
    from workstation.verify.card_access import parse_card_access
    from workstation.verify.com import parse_com
    from workstation.verify.dg1 import parse_dg1
    from workstation.verify.dg2 import parse_dg2
    from workstation.verify.dg13 import parse_dg13
    from workstation.verify.dg14 import parse_dg14, parse_dg15
    from workstation.verify.errors import ChipDataError
    from workstation.verify.lds import FID_CARD_ACCESS, FID_COM, FID_SOD
    from workstation.verify.passive_auth import passive_authentication
    from workstation.verify.tlv import parse_all
    from workstation.verify.trust_store import TrustStore

    files, _ = card_files("bich-variants")
    store = TrustStore()
    chip = {
        "com": (parse_com, files[FID_COM]), "dg1": (parse_dg1, files[0x0101]),
        "dg2": (parse_dg2, files[0x0102]), "dg13": (parse_dg13, files[0x010D]),
        "dg14": (parse_dg14, files[0x010E]), "dg15": (parse_dg15, files[0x010F]),
        "card_access": (parse_card_access, files[FID_CARD_ACCESS]),
        "sod": (lambda b: passive_authentication(b, {"dg1": files[0x0101]}, store, document_country="VN"),
                files[FID_SOD]),
    }
    return [FuzzTarget("tlv", (files[0x010D],), parse_all, (ChipDataError,))] + [
        FuzzTarget(name, (sample,), parse, (ChipDataError,), mutate_head=600 if name == "dg2" else 0)
        for name, (parse, sample) in chip.items()]


def _qr_target() -> FuzzTarget:
    from datetime import date

    from workstation.verify.qr import QrError, parse_qr

    sample = "001099012345|123456789|Nguyễn Văn An|01011999|Nam|Thôn 1, Xã A, Huyện B, Tỉnh C|15082021".encode()
    return FuzzTarget("qr", (sample,),
                      lambda b: parse_qr(b.decode("utf-8", "replace"), today=date(2026, 12, 1)), (QrError,))


def _image(kind: str, mode: str) -> bytes:
    import numpy as np
    from PIL import Image

    pixels = np.random.default_rng(7).integers(0, 255, (48, 40, 3) if mode == "RGB" else (48, 40), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, mode).save(out, kind, **({"exif": Image.Exif()} if kind == "JPEG" else {}))
    return out.getvalue()


def _image_targets() -> list[FuzzTarget]:
    from workstation.verify.face.image_io import ImageUnreadable, load_rgb
    from workstation.verify.finger import iso19794_4
    from workstation.verify.finger.image_io import FingerImageUnreadable, load_grey
    from workstation.verify.finger.wsq_format import WsqFormatError, parse_wsq_header

    images = tuple(_image(kind, mode) for kind in ("PNG", "JPEG", "BMP") for mode in ("RGB", "L"))
    grey_png = _image("PNG", "L")
    view = iso19794_4.FingerView(position=2, quality=60, width=40, height=48, image=grey_png)
    record = iso19794_4.encode(iso19794_4.FingerImageRecord((view,), 500, iso19794_4.Compression.PNG))
    finger_refusal = (FingerImageUnreadable, iso19794_4.FingerRecordError)
    return [
        FuzzTarget("face_image", images, load_rgb, (ImageUnreadable,), mutate_head=120),
        FuzzTarget("finger_image", images, load_grey, finger_refusal, mutate_head=120),
        FuzzTarget("iso_record", (record,), load_grey, finger_refusal, mutate_head=80),
        FuzzTarget("wsq_structure", (sample_wsq(),), parse_wsq_header, (WsqFormatError,), mutate_head=800),
        FuzzTarget("wsq_decode", (sample_wsq(),), load_grey, finger_refusal, mutate_head=800),
    ]


@cache
def sample_wsq() -> bytes:
    import wsq  # noqa: F401 - registers the WSQ writer with Pillow
    from PIL import Image

    from workstation.devices.fingerprint.simulated import latent_print

    out = io.BytesIO()
    Image.fromarray(latent_print()[100:400, 100:356]).save(out, "WSQ")
    return out.getvalue()


class _SealedPackage:
    """A genuine package and what someone holding the server key could do with it: open it,
    change the content, seal it again. Verification must then answer with a report, never raise."""

    def __init__(self) -> None:
        from workstation.core.package.keys import fingerprint, load_or_create_identity, simulated_server_keys
        from workstation.core.package.seal import seal

        self.server, public = simulated_server_keys()
        folder = Path(tempfile.mkdtemp(prefix="fuzz-keys-"))
        identity = load_or_create_identity(folder, "ws-fuzz")
        from tests.support.sealed_packages import sample_contents

        contents = sample_contents(workstation_id="ws-fuzz", captures=sample_contents().captures[:2])
        self.sealed = seal(contents, identity, public)
        self.signer_key, self.recipient = identity.key.public_key(), fingerprint(public)
        from tests.support.sealed_packages import open_sealed

        self.opened = open_sealed(self.sealed, self.server)
        self.inner = self.opened.inner
        with zipfile.ZipFile(io.BytesIO(self.inner)) as archive:
            self.entries = {name: archive.read(name) for name in archive.namelist()}

    def reseal(self, inner: bytes) -> bytes:
        return self.opened.seal_again(inner)

    def with_manifest(self, manifest: bytes) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as archive:
            for name, content in self.entries.items():
                archive.writestr(name, manifest if name == "manifest.json" else content)
        return self.reseal(out.getvalue())

    def verify(self, package: bytes) -> object:
        from workstation.core.package.verify import verify_package

        return verify_package(package, self.server, self_signed_ok=True)

    def check_envelope(self, package: bytes) -> object:
        """What an intake node without the package key runs (centre/intake.py)."""
        from workstation.core.package import envelope

        envelope.check(envelope.read(package), self.signer_key, self.recipient)
        return None


def _package_targets() -> list[FuzzTarget]:
    from workstation.core.package.envelope import EnvelopeError

    package = _SealedPackage()
    nothing: tuple[type[BaseException], ...] = ()          # a report is the only answer
    return [
        FuzzTarget("package_sealed", (package.sealed,), package.verify, nothing, mutate_head=400),
        FuzzTarget("package_envelope", (package.sealed,), package.check_envelope, (EnvelopeError,), mutate_head=800),
        FuzzTarget("package_content", (package.inner,), lambda b: package.verify(package.reseal(b)), nothing),
        FuzzTarget("package_manifest", (package.entries["manifest.json"],),
                   lambda b: package.verify(package.with_manifest(b)), nothing),
    ]


def _settings_target() -> FuzzTarget:
    from workstation.config import ConfigError, parse_settings, render_settings

    return FuzzTarget("settings", (render_settings().encode(),),
                      lambda b: parse_settings(b.decode("utf-8", "replace"), Path("settings.toml")), (ConfigError,))


class _ExportFolder:
    """A USB export folder whose manifest is mutated; the centre's import must refuse in words."""

    def __init__(self) -> None:
        from workstation.centre.authority import init_centre
        from workstation.centre.intake import Intake
        from workstation.centre.registry import Registry, default_url

        root = Path(tempfile.mkdtemp(prefix="fuzz-centre-"))
        centre = init_centre(root / "centre", b"correct horse battery staple")
        self.registry = Registry.open(default_url(root / "centre"))
        self.intake = Intake(self.registry, centre)
        self.folder = root / "usb"
        self.folder.mkdir()
        body = b"not really a package"
        package_id = "22222222-2222-4222-8222-222222222222"
        (self.folder / f"{package_id}.wspkg").write_bytes(body)
        import hashlib

        self.manifest = json.dumps({"workstation_id": "x", "packages": [
            {"package_id": package_id, "file": f"{package_id}.wspkg", "size": len(body),
             "sha256": hashlib.sha256(body).hexdigest()}]}).encode()

    def run(self, manifest: bytes) -> object:
        from workstation.centre.usb_import import import_folder

        (self.folder / "export-20261201T080000.json").write_bytes(manifest)
        return import_folder(self.folder, self.intake)


def _export_target() -> FuzzTarget:
    export = _ExportFolder()
    return FuzzTarget("export_folder", (export.manifest,), export.run, (WorkstationError,))


def all_targets() -> dict[str, FuzzTarget]:
    targets = [*_chip_targets(), _qr_target(), *_image_targets(), *_package_targets(), _settings_target(),
               _export_target()]
    return {t.name: t for t in targets}


def run_one(target: FuzzTarget, data: bytes) -> BaseException | None:
    """None when the input was parsed or refused in words; the unexpected exception otherwise."""
    try:
        target.run(data)
    except target.refusal:
        return None
    except Exception as exc:  # noqa: BLE001 - this is what the fuzzer is looking for
        return exc
    return None
