"""The campaign offline, by USB: a workstation (a mobile team's laptop at the end of its day)
exports its check-ins of the commune's shared plan, and the plan itself without its key, signed
by its registered key, with its certificate; another workstation of the commune imports them with
the same checks as a package at the centre, done here against what this workstation holds:

- the exporter's certificate must be issued by the centre CA pinned at registration, valid, and
  name this commune; the file must be signed by that certificate's key (Ed25519 over
  "workstation-campaign-export/1\\n" + canonical JSON), and name the same workstation and commune;
- the plan on the stick carries no key, only the key's id: it is taken only by a workstation that
  already holds that commune key (fetched once online), so a lost stick gives away no key.
Check-ins merge first-wins (campaign/shared.merge_checkins); the exporter posts its own to the
centre when it is online again, whose answer then decides."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import NameOID

from workstation.atomic_file import write_atomically
from workstation.core.centre_client import CentreLink
from workstation.core.package.keys import WorkstationIdentity
from workstation.core.signed_report import ReportRefused, open_report, seal_report
from workstation.errors import WorkstationError
from workstation.messages import Message

EXPORT_FORMAT = "workstation-campaign-export/1"
SUFFIX = ".campaign.json"
MAX_FILE = 32 * 1024 * 1024
REF = re.compile(r"[A-HJ-NP-Z2-9]{8}")


def _refused(vi: str, en: str) -> WorkstationError:
    return WorkstationError(Message(vi, en))


def member_key(link: CentreLink, certificate_pem: str, workstation_id: str) -> ed25519.Ed25519PublicKey:
    """The Ed25519 key of `workstation_id`'s certificate when the centre CA pinned here issued it
    for this commune and it is valid now; WorkstationError otherwise (fail closed)."""
    try:
        certificate = x509.load_pem_x509_certificate(certificate_pem.encode())
        certificate.verify_directly_issued_by(x509.load_pem_x509_certificate(link.ca_file.read_bytes()))
    except (ValueError, TypeError, InvalidSignature, OSError):
        raise _refused("Chứng thư của máy trạm gửi không do trung tâm cấp.",
                       "The sending workstation's certificate was not issued by the centre.") from None
    names = {a.oid: str(a.value) for a in certificate.subject}
    now = datetime.now(UTC)
    key = certificate.public_key()
    if not certificate.not_valid_before_utc <= now <= certificate.not_valid_after_utc \
            or names.get(NameOID.COMMON_NAME) != workstation_id or not isinstance(key, ed25519.Ed25519PublicKey):
        raise _refused("Chứng thư của máy trạm gửi đã hết hạn hoặc không khớp.",
                       "The sending workstation's certificate is expired or does not match.")
    if names.get(NameOID.ORGANIZATIONAL_UNIT_NAME) != link.commune:
        raise _refused("Dữ liệu này của máy trạm thuộc xã khác.", "This comes from a workstation of another commune.")
    return key


def _checkins_ok(items: Any) -> bool:
    if not isinstance(items, list):
        return False
    for item in items:
        if not isinstance(item, dict) or set(item) != {"ref", "at", "outcome"} or not isinstance(item["ref"], str) \
                or not REF.fullmatch(item["ref"]) or item["outcome"] not in (None, "enrolled", "refused"):
            return False
        try:
            if datetime.fromisoformat(str(item["at"])).tzinfo is None:
                return False
        except ValueError:
            return False
    return True


def export_day(link: CentreLink, identity: WorkstationIdentity, folder: Path, checkins: list[dict[str, object]],
               plan: dict[str, Any] | None, key_id: str, team: str, place: str) -> Path:
    payload = {"workstation_id": link.workstation_id, "commune": link.commune,
               "made_at": datetime.now(UTC).isoformat(timespec="microseconds"), "team": team[:64], "place": place[:200],
               "key_id": key_id, "plan": plan, "checkins": checkins}
    envelope = json.loads(seal_report(payload, identity.key, EXPORT_FORMAT))
    envelope["certificate"] = link.certificate_file.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    path = folder / f"{link.workstation_id}-{stamp}{SUFFIX}"
    write_atomically(path, json.dumps(envelope, ensure_ascii=False).encode())
    return path


@dataclass(frozen=True)
class Imported:
    path: Path
    workstation_id: str
    team: str
    place: str
    key_id: str
    plan: dict[str, Any] | None
    checkins: list[dict[str, Any]]


def read_exports(link: CentreLink, folder: Path) -> list[Imported]:
    """Every export file in `folder`, verified (WorkstationError naming the first bad file)."""
    if not folder.exists():
        raise _refused(f"Không có thư mục {folder}.", f"The folder {folder} does not exist.")
    if not folder.is_dir():
        raise _refused(f"{folder} không phải thư mục: chọn thư mục chứa các tệp *{SUFFIX}.",
                       f"{folder} is not a folder: give the folder that holds the *{SUFFIX} files.")
    paths = sorted(folder.glob(f"*{SUFFIX}"))
    if not paths:
        raise _refused(f"Không có tệp chiến dịch (*{SUFFIX}) trong {folder}.", f"No campaign files (*{SUFFIX}) in {folder}.")
    out = []
    for path in paths:
        try:
            raw = path.read_bytes()
            if len(raw) > MAX_FILE:
                raise ValueError("too large")
            envelope = json.loads(raw)
            certificate = envelope.pop("certificate")
            payload = envelope["report"]
            workstation_id = str(payload["workstation_id"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            raise _refused(f"Tệp {path.name} hỏng hoặc không đúng định dạng.",
                           f"{path.name} is damaged or not a campaign export.") from None
        key = member_key(link, str(certificate), workstation_id)
        try:
            payload = open_report(json.dumps(envelope, ensure_ascii=False).encode(), key, EXPORT_FORMAT)
        except ReportRefused:
            raise _refused(f"Tệp {path.name} không có chữ ký hợp lệ của máy trạm gửi (bị sửa hoặc giả).",
                           f"{path.name} is not validly signed by its workstation (altered or forged).") from None
        if payload.get("commune") != link.commune or payload.get("workstation_id") != workstation_id \
                or not _checkins_ok(payload.get("checkins")):
            raise _refused(f"Tệp {path.name} của xã khác hoặc thiếu dữ liệu.",
                           f"{path.name} is for another commune or incomplete.")
        out.append(Imported(path, workstation_id, str(payload.get("team") or ""), str(payload.get("place") or ""),
                            str(payload.get("key_id") or ""), payload.get("plan"), payload["checkins"]))
    return out
