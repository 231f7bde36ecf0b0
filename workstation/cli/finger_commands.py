"""`workstation finger capture|quality|match`: fingerprint capture and checks for testers."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from workstation.devices.fingerprint.base import FingerprintDriver


def register(sub: argparse._SubParsersAction) -> None:
    finger = sub.add_parser("finger", help="fingerprint capture, quality and matching")
    finger_sub = finger.add_subparsers(dest="finger_command", metavar="ACTION", required=True)
    p = finger_sub.add_parser("capture", help="capture one finger through a scanner driver")
    p.add_argument("--driver", required=True, metavar="NAME", help="fingerprint driver (see: workstation devices)")
    p.add_argument("--finger", required=True, metavar="FINGER",
                   help="right_thumb, right_index, ..., left_little")
    p.add_argument("--out", type=Path, metavar="FILE",
                   help="write the capture: an ISO/IEC 19794-4 record, or the bare image for .png/.wsq")
    p.add_argument("--format", choices=("wsq", "png"), default="wsq", help="image inside the record (default wsq)")
    p.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS", help="wait this long for the finger")
    p.add_argument("--scenario", metavar="NAME", help="simulated scanner only: a scenario (workstation sim finger-scenarios)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_capture)
    p = finger_sub.add_parser("quality", help="NFIQ 2 quality of a fingerprint image (PNG, BMP, JPEG, WSQ, ISO 19794-4)")
    p.add_argument("image", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_quality)
    p = finger_sub.add_parser("match", help="are two images the same finger (bozorth3)?")
    p.add_argument("image_a", type=Path, metavar="IMAGE_A")
    p.add_argument("image_b", type=Path, metavar="IMAGE_B")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_match)


def _driver(args: argparse.Namespace) -> "FingerprintDriver":
    from workstation.core.context import AppContext
    from workstation.devices.base import DeviceKind
    from workstation.errors import WorkstationError

    ctx = AppContext.load(args.config, args.mode)
    entries = [e for e in ctx.registry.entries() if e.kind == DeviceKind.FINGERPRINT]
    entry = next((e for e in entries if e.name == args.driver), None)
    if entry is None:
        raise WorkstationError(f"no fingerprint driver named '{args.driver}' "
                               f"(installed: {', '.join(e.name for e in entries) or 'none'})")
    reason = entry.unavailable_reason()
    if reason:
        raise WorkstationError(f"fingerprint driver '{args.driver}' is unavailable: {reason}")
    driver = entry.create()
    if args.scenario:
        if not hasattr(driver, "load_scenario"):
            raise WorkstationError("--scenario works with the simulated scanner only")
        try:
            driver.load_scenario(args.scenario)  # type: ignore[attr-defined]
        except ValueError as exc:
            raise WorkstationError(str(exc)) from None
    return driver  # type: ignore[return-value]


def run_capture(args: argparse.Namespace) -> int:
    import time

    from workstation.cli.main import print_json
    from workstation.core.finger_sequence import FingerprintSequence
    from workstation.errors import WorkstationError
    from workstation.verify.finger import positions
    from workstation.verify.finger.nbis_engine import analyse

    try:
        positions.finger(args.finger)
    except ValueError as exc:
        raise WorkstationError(str(exc)) from None
    driver = _driver(args)
    start = time.perf_counter()
    try:
        scanner = driver.info()
        if not args.json:
            print(f"Place the {positions.FINGERS[args.finger].label.en} on the scanner ({scanner.model})...")
        image = driver.capture(args.finger, args.timeout)
    finally:
        driver.close()
    analysis = analyse(image.pixels)
    # a one-finger sequence with one try: the same record and metadata an enrolment keeps
    sequence = FingerprintSequence(max_attempts=1, image_format=args.format, orders=((args.finger,),))
    sequence.submit(image, analysis, scanner)
    capture = sequence.captures[0]
    data = capture.as_dict() | {"minutiae": analysis.minutiae, "device_quality": image.device_quality,
                                "ms": round((time.perf_counter() - start) * 1000, 1)}
    if args.out:
        data["out"] = str(_write(args.out, capture.record, image.pixels, image.dpi))
    if args.json:
        print_json(data)
    else:
        print(f"{args.finger}: NFIQ 2 {capture.nfiq2} ({'passed' if capture.passed else 'below'} "
              f"{data['threshold']}), {analysis.minutiae} minutiae" + (f", written to {args.out}" if args.out else ""))
    return 0


def _write(target: Path, record: bytes, pixels, dpi: int) -> Path:  # noqa: ANN001
    from workstation.atomic_file import write_atomically
    from workstation.disk_space import write_error
    from workstation.verify.finger import iso19794_4

    suffix = target.suffix.lower()
    data = iso19794_4.compress(pixels, suffix[1:], dpi)[1] if suffix in (".png", ".wsq") else record
    try:
        write_atomically(target, data)
    except OSError as exc:
        raise write_error(exc, target.parent) from None
    return target


def run_quality(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.verify.finger.image_io import load_grey
    from workstation.verify.finger.nbis_engine import analyse

    result = analyse(load_grey(args.image)).as_dict()
    if args.json:
        print_json(result)
    else:
        print(f"NFIQ 2 {result['nfiq2']} ({'passed' if result['passed'] else 'below'} {result['threshold']}), "
              f"{result['minutiae']} minutiae, {result['ms']} ms")
    return 0


def run_match(args: argparse.Namespace) -> int:
    import time

    from workstation.cli.main import print_json
    from workstation.verify.finger.image_io import load_grey
    from workstation.verify.finger.nbis_engine import MATCH_THRESHOLD, analyse, match_score

    start = time.perf_counter()
    score = match_score(analyse(load_grey(args.image_a)), analyse(load_grey(args.image_b)))
    data = {"score": score, "threshold": MATCH_THRESHOLD, "same_finger": score >= MATCH_THRESHOLD,
            "ms": round((time.perf_counter() - start) * 1000, 1)}
    if args.json:
        print_json(data)
    else:
        print(f"{'same finger' if data['same_finger'] else 'different fingers'}: score {score} (>= {MATCH_THRESHOLD})")
    return 0
