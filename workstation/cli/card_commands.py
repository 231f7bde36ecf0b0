"""`workstation card read` and `workstation sim cards`: the chip reader for testers."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from typing import TYPE_CHECKING

from workstation.errors import WorkstationError

if TYPE_CHECKING:  # the chip stack is imported when a card command runs, not for every command
    from workstation.core.card_reading import CardRead
    from workstation.core.context import AppContext
    from workstation.devices.card_reader.base import CardConnection
    from workstation.verify.access_keys import AccessKey
    from workstation.verify.qr import QrData
    from workstation.verify.trust_store import TrustStore


def register(sub: argparse._SubParsersAction) -> None:
    card = sub.add_parser("card", help="read the chip of an ID card")
    card_sub = card.add_subparsers(dest="card_command", metavar="ACTION", required=True)
    p = card_sub.add_parser("read", help="read and authenticate the chip")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--reader", metavar="NAME", help="PC/SC reader (part of its name)")
    where.add_argument("--sim", metavar="CARD", help="a fixture card on the simulated reader (workstation sim cards)")
    access = p.add_mutually_exclusive_group()
    access.add_argument("--qr", metavar="TEXT", help="the card's QR text (gives CAN and MRZ keys)")
    access.add_argument("--can", metavar="DIGITS", help="the 6-digit CAN")
    access.add_argument("--mrz", metavar="DOCNO,YYMMDD,YYMMDD",
                        help="document number (9 characters, or the 12-digit ID), birth and expiry dates")
    p.add_argument("--trust", metavar="PATH", action="append", type=Path,
                   help="CSCA certificates, master list or LDIF (repeatable; default: settings verify.trust_store)")
    p.add_argument("--photo", metavar="FILE", type=Path, help="write the chip's photo (.jpg/.jp2 as stored, else converted)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_card_read)

    sim = sub.add_parser("sim", help="the simulated devices")
    sim_sub = sim.add_subparsers(dest="sim_command", metavar="ACTION", required=True)
    from workstation.cli.campaign_commands import register_sim

    register_sim(sim_sub)
    p = sim_sub.add_parser("cards", help="list the fixture cards of the card emulator")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_sim_cards)
    p = sim_sub.add_parser("face-scenes", help="camera scenarios for the simulated camera, from a photograph")
    p.add_argument("photo", type=Path, metavar="PHOTO", help="a photograph of one person, face visible")
    p.add_argument("out", type=Path, metavar="OUTDIR", help="one folder of PNG frames per scenario is written here")
    p.add_argument("--other", type=Path, metavar="PHOTO", help="someone else (impostor, two faces); default: PHOTO mirrored")
    p.set_defaults(run=run_sim_face_scenes)
    p = sim_sub.add_parser("finger-scenarios", help="list the simulated fingerprint scanner's scenarios")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_sim_finger_scenarios)
    p = sim_sub.add_parser("vpcd", help="put a fixture card into pcscd's virtual reader until Ctrl+C")
    p.add_argument("card", metavar="CARD", help="fixture card name (workstation sim cards)")
    p.add_argument("--port", type=int, default=35963, help="vpcd port (35963 = 'Virtual PCD 00 00')")
    p.set_defaults(run=run_sim_vpcd)


def _keys(args: argparse.Namespace, default_qr: str | None) -> "tuple[list[AccessKey], QrData | None]":
    from workstation.verify.access_keys import can_key, keys_from_qr, mrz_key
    from workstation.verify.qr import parse_qr

    if args.can:
        return [can_key(args.can)], None
    if args.mrz:
        parts = [p.strip() for p in args.mrz.split(",")]
        if len(parts) != 3:
            raise WorkstationError("--mrz takes DOCNO,YYMMDD,YYMMDD")
        return [mrz_key(*parts)], None
    text = args.qr if args.qr is not None else default_qr
    if text is None:
        raise WorkstationError("give the access key: --qr TEXT, --can DIGITS or --mrz DOCNO,YYMMDD,YYMMDD")
    qr = parse_qr(text)
    return keys_from_qr(qr), qr


def _trust_store(args: argparse.Namespace, ctx: "AppContext", simulated: bool) -> "TrustStore":
    from workstation.core.card_session import trust_store_for
    from workstation.verify.trust_store import TrustStore

    return TrustStore.load(args.trust) if args.trust else trust_store_for(ctx.settings, simulated)


def _connector(args: argparse.Namespace) -> "tuple[Callable[[], CardConnection], str | None, str]":
    if args.sim:
        from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
        from workstation.emulator.fixtures import build_card, fixture

        reader = SimulatedCardReaderDriver()
        reader.insert(build_card(args.sim))
        return reader.connect, fixture(args.sim).qr, "simulated"
    from workstation.devices.base import DriverParams
    from workstation.devices.card_reader.pcsc import PcscCardReaderDriver

    missing = PcscCardReaderDriver.missing_library()
    if missing:
        raise WorkstationError(missing)
    driver = PcscCardReaderDriver(DriverParams({"reader": args.reader or ""}))
    names = driver.readers()
    if not names:
        from workstation.devices.card_reader.base import NoReaderError

        raise NoReaderError(f"no PC/SC reader matches {args.reader!r}" if args.reader else "")

    def connect() -> "CardConnection":
        last: Exception | None = None
        for name in names:
            try:
                return driver.connect(name)
            except WorkstationError as exc:
                last = exc
        assert last is not None
        raise last
    return connect, None, names[0]


_PIL_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".bmp": "BMP", ".tif": "TIFF", ".tiff": "TIFF",
                ".jp2": "JPEG2000", ".j2k": "JPEG2000", ".webp": "WEBP"}


def _write_photo(result: "CardRead", target: Path) -> None:
    import io

    from workstation.atomic_file import write_atomically
    from workstation.disk_space import write_error

    suffix = target.suffix.lower()
    native = {"JPEG": (".jpg", ".jpeg"), "JPEG2000": (".jp2", ".j2k")}[result.photo.format]
    try:
        if suffix in native:
            data = result.photo.data
        else:
            converted = io.BytesIO()
            result.photo.decode().save(converted, format=_PIL_FORMATS.get(suffix, "PNG"))
            data = converted.getvalue()
    except (OSError, ValueError, KeyError) as exc:
        raise WorkstationError(f"cannot write the photo to {target} ({exc})") from None
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise write_error(exc, target.parent) from None


def run_card_read(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.core.card_reading import read_card
    from workstation.core.context import AppContext

    ctx = AppContext.load(args.config, args.mode)
    connect, default_qr, reader_name = _connector(args)
    keys, qr = _keys(args, default_qr)
    result = read_card(connect, keys, _trust_store(args, ctx, simulated=bool(args.sim)), qr=qr)
    if args.photo:
        _write_photo(result, args.photo)
    data = {"reader": reader_name, **result.as_dict()}
    if args.json:
        print_json(data)
        return 0
    d = result.dg13
    print(f"{d.full_name}  {d.id_number}  born {d.date_of_birth.isoformat()}  {d.sex}")
    print(f"verdict: {result.verdict.verdict}" + (f" ({'; '.join(result.verdict.reasons)})" if result.verdict.reasons else ""))
    pa = result.passive_auth
    print(f"passive auth: signature {pa.signature}, hashes {pa.hashes}, chain {pa.chain}"
          + (f" ({pa.chain_reason})" if pa.chain_reason else ""))
    if result.verdict.codes:
        print("verdict codes: " + ", ".join(result.verdict.codes))
    print(f"active auth: {result.chip.active_auth.status}; chip auth: {result.chip.chip_auth.status}")
    print(f"access: {result.chip.access} ({result.chip.access_key}); expired: {'yes' if result.expired else 'no'}")
    print(f"photo: {result.photo.format} {result.photo.width}x{result.photo.height}")
    if result.cross_check is not None:
        findings = result.cross_check.findings
        print("QR ↔ chip: " + ("match" if not findings else "; ".join(f.message.en for f in findings)))
    print(f"{data['apdu_count']} APDUs, {data['seconds']} s")
    return 0


def run_sim_cards(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.emulator.fixtures import FIXTURES

    cards = [{"name": c.name, "kind": c.kind, "qr": c.qr, "description": c.description, "expect": c.expect,
              "standard": c.standard} for c in FIXTURES]
    if args.json:
        print_json(cards)
        return 0
    width = max(len(c["name"]) for c in cards)
    for c in cards:
        print(f"{c['name'].ljust(width)}  {c['kind']:<8} {c['expect']:<40} {c['description']}")
    sys.stdout.flush()
    return 0


def run_sim_vpcd(args: argparse.Namespace) -> int:
    import time

    from workstation.emulator.fixtures import build_card
    from workstation.emulator.vpcd import VpcdBridge

    from workstation.emulator.pcscd import ensure_virtual_reader

    service = ensure_virtual_reader() if args.port == 35963 else None
    try:
        bridge = VpcdBridge(build_card(args.card), port=args.port).start()
    except ConnectionError as exc:
        if service:
            service.stop()
        raise WorkstationError(str(exc)) from None
    print(f"card {args.card} is in the virtual reader on port {args.port}; Ctrl+C takes it out", flush=True)
    try:
        while bridge.thread.is_alive():
            time.sleep(0.2)
    finally:
        bridge.stop()
        if service:
            service.stop()
    return 0


def run_sim_face_scenes(args: argparse.Namespace) -> int:
    from workstation.emulator.face_scenes import SCENARIOS, make_scenario, write_scenario
    from workstation.verify.face.engine import default_engine
    from workstation.verify.face.image_io import load_rgb

    person = load_rgb(args.photo)
    other = load_rgb(args.other) if args.other else person[:, ::-1].copy()
    engine = default_engine()
    if len(engine.locate(person)) != 1:
        raise WorkstationError(f"{args.photo}: the photograph must show exactly one face")
    for kind in SCENARIOS:
        folder = write_scenario(make_scenario(kind, person, other, engine), args.out / kind)
        print(folder)
    print("play one with drivers_config/camera-simulated.toml: scenario = \"<folder>\"")
    return 0


def run_sim_finger_scenarios(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.devices.fingerprint.simulated import SCENARIOS

    if args.json:
        print_json([{"name": s.name, "description": s.description} for s in SCENARIOS.values()])
    else:
        for s in SCENARIOS.values():
            print(f"{s.name:<20} {s.description}")
    return 0
