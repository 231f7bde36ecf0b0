"""`workstation qr decode` and `workstation qr parse`: the QR code for testers."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from typing import TYPE_CHECKING

from workstation.errors import WorkstationError

if TYPE_CHECKING:
    from workstation.verify.qr import QrData


def register(sub: argparse._SubParsersAction) -> None:
    qr = sub.add_parser("qr", help="the QR code printed on the card")
    qr_sub = qr.add_subparsers(dest="qr_command", metavar="ACTION", required=True)
    p = qr_sub.add_parser("decode", help="find and decode the QR code in image files")
    p.add_argument("images", nargs="+", type=Path, metavar="IMAGE")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_decode)
    p = qr_sub.add_parser("parse", help="parse a QR text (as a keyboard-wedge scanner types it)")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run_parse)


def qr_as_dict(qr: "QrData") -> dict[str, object]:
    from workstation.verify.access_keys import NO_EXPIRY_MRZ, expiry_candidates

    dob = qr.date_of_birth.strftime("%y%m%d")
    return {
        "format": "can_cuoc_2024" if qr.extra_fields else "cccd_2021",
        "id_number": qr.id_number, "old_id_number": qr.old_id_number, "full_name": qr.full_name,
        "date_of_birth": qr.date_of_birth.isoformat(), "sex": qr.sex, "address": qr.address,
        "issue_date": qr.issue_date.isoformat(), "extra_fields": list(qr.extra_fields),
        "can": qr.can,
        "bac_keys": [{"document_number": qr.id_number[3:], "birth_date": dob,
                      "expiry_date": e.strftime("%y%m%d") if e else NO_EXPIRY_MRZ,
                      "expiry": e.isoformat() if e else None}
                     for e in expiry_candidates(qr.date_of_birth, qr.issue_date)],
    }


def run_parse(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.verify.qr import parse_qr

    data = qr_as_dict(parse_qr(args.text))
    if args.json:
        print_json(data)
    else:
        for key, value in data.items():
            print(f"{key:15} {value}")
    return 0


def run_decode(args: argparse.Namespace) -> int:
    from workstation.cli.main import print_json
    from workstation.verify.qr import QrError, parse_qr
    from workstation.verify.qr_decode import decode_file

    results, failures = [], 0
    for image in args.images:
        entry: dict[str, object] = {"file": str(image)}
        try:
            decoded = decode_file(str(image))
        except (OSError, ValueError) as exc:
            raise WorkstationError(f"{image}: cannot be read as an image ({exc})") from None
        if decoded is None:
            failures += 1
            entry.update(decoded=False, error="no QR code found")
            print(f"workstation: {image}: no QR code found", file=sys.stderr)
        else:
            entry.update(decoded=True, text=decoded.text, step=decoded.step, ms=round(decoded.ms, 2))
            try:
                entry["parsed"] = qr_as_dict(parse_qr(decoded.text))
            except QrError as exc:
                failures += 1
                entry["error"] = exc.one_line()
                print(f"workstation: {image}: {exc.one_line()}", file=sys.stderr)
        results.append(entry)
    if args.json:
        print_json(results)
    else:
        for entry in results:
            print(f"{entry['file']}: {entry.get('text', entry.get('error'))}")
    return 1 if failures else 0
