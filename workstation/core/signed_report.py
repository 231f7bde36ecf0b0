"""A campaign progress report signed by the workstation's own Ed25519 key (the key that signs its
packages and that the centre registered at onboarding).

Wire format (the body of PUT /campaign/reports/{commune}/{day}), JSON:
  {"format": "workstation-campaign-report/1", "report": {...}, "signature": "<base64>"}
The signature is Ed25519 over  b"workstation-campaign-report/1\\n" + canonical_json(report)
(canonical JSON as for packages, core/package/canonical.py: sorted keys, no floats). The prefix
keeps a report signature from ever being taken for a package's manifest signature. The centre
checks it against the key it *registered* for the calling workstation, never a key the report
brings (it brings none)."""
from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519

from workstation.core.package.canonical import canonical_json

FORMAT = "workstation-campaign-report/1"
PLAN_FORMAT = "workstation-campaign-plan/1"     # the commune's published plan, the same envelope


class ReportRefused(ValueError):
    """The envelope is not a signed report of this format (`reason` is the centre's code)."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def signed_bytes(report: dict[str, Any], fmt: str = FORMAT) -> bytes:
    return fmt.encode() + b"\n" + canonical_json(report)


def seal_report(report: dict[str, Any], key: ed25519.Ed25519PrivateKey, fmt: str = FORMAT) -> bytes:
    signature = base64.b64encode(key.sign(signed_bytes(report, fmt))).decode()
    return json.dumps({"format": fmt, "report": report, "signature": signature},
                      ensure_ascii=False, sort_keys=True).encode()


def open_report(envelope: bytes, key: ed25519.Ed25519PublicKey, fmt: str = FORMAT) -> dict[str, Any]:
    """The report when the envelope is well formed and signed by `key`; ReportRefused otherwise
    ("format": not this JSON shape, "signature": not signed by `key`)."""
    try:
        data = json.loads(envelope)
    except (ValueError, UnicodeError):
        raise ReportRefused("format", "the body is not JSON") from None
    if not isinstance(data, dict) or data.get("format") != fmt or not isinstance(data.get("report"), dict) \
            or not isinstance(data.get("signature"), str):
        raise ReportRefused("format", f"not a {fmt} envelope")
    report: dict[str, Any] = data["report"]
    try:
        signature = base64.b64decode(data["signature"], validate=True)
        key.verify(signature, signed_bytes(report, fmt))
    except (binascii.Error, ValueError):
        raise ReportRefused("signature", "the signature is not base64 of 64 bytes") from None
    except TypeError:
        raise ReportRefused("format", "the report holds values canonical JSON does not take (floats)") from None
    except InvalidSignature:
        raise ReportRefused("signature", "not signed with this workstation's registered key") from None
    return report
