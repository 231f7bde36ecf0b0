"""The workstation's side of the centre: onboarding, then uploads over HTTPS with mutual TLS.

A workstation holds no database URL or credentials: it holds its own signing key, the
certificate the centre issued for it, the centre CA and the centre's package key (keys/centre/).
First contact (`register`): the enrollment token carries a prefix of the CA's fingerprint, so the
CA fetched from the server is checked against what the administrator handed over before anything
else is trusted; every later connection verifies the server against that CA and presents the
workstation's certificate.
"""
from __future__ import annotations

import hashlib
import json
import socket
import ssl
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from workstation.atomic_file import write_atomically
from workstation.core.package.keys import WorkstationIdentity, certificate_request, public_raw
from workstation.errors import WorkstationError
from workstation.messages import Message

TIMEOUT = 30.0
LINK_FILE = "centre.json"


class CentreUnreachable(WorkstationError):
    def __init__(self, detail: str) -> None:
        super().__init__(Message("Không kết nối được trung tâm. Hồ sơ vẫn được giữ an toàn; hãy thử lại sau.",
                                 "The centre cannot be reached; the packages are kept safely: try again later."),
                         detail)


class CentreRefused(WorkstationError):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(Message(f"Trung tâm từ chối ({reason}).", f"The centre refused ({reason})."), detail)
        self.reason = reason


@dataclass(frozen=True)
class CentreLink:
    url: str
    workstation_id: str
    commune: str
    folder: Path          # keys/centre: ca.pem, workstation.pem, package.pub.pem

    @property
    def ca_file(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def certificate_file(self) -> Path:
        return self.folder / "workstation.pem"

    @property
    def package_key_file(self) -> Path:
        return self.folder / "package.pub.pem"


def link_folder(keys_dir: Path) -> Path:
    return keys_dir / "centre"


def load_link(keys_dir: Path) -> CentreLink | None:
    folder = link_folder(keys_dir)
    try:
        data = json.loads((folder / LINK_FILE).read_text(encoding="utf-8"))
        return CentreLink(str(data["url"]), str(data["workstation_id"]), str(data["commune"]), folder)
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise WorkstationError(f"{folder / LINK_FILE} is damaged ({exc}): register again") from None


def _request(url: str, context: ssl.SSLContext, method: str = "GET", body: bytes | None = None,
             content_type: str = "application/octet-stream") -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT, context=context) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except (urllib.error.URLError, socket.timeout, ConnectionError, ssl.SSLError) as exc:
        raise CentreUnreachable(str(getattr(exc, "reason", exc))) from None


def _json(status: int, body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        raise CentreRefused("bad_answer", f"HTTP {status}: not JSON") from None
    if not isinstance(data, dict):
        raise CentreRefused("bad_answer", f"HTTP {status}: not a JSON object")
    return data


def register(url: str, token: str, identity: WorkstationIdentity, keys_dir: Path) -> CentreLink:
    from workstation.centre.onboarding import ca_pin

    url = url.rstrip("/")
    pin = ca_pin(token)
    if not pin:
        raise WorkstationError(Message("Mã đăng ký không đúng dạng.", "The enrollment token is malformed."))
    first_contact = ssl.create_default_context()
    first_contact.check_hostname = False
    first_contact.verify_mode = ssl.CERT_NONE          # nothing is trusted yet: the pin decides
    status, ca_pem = _request(f"{url}/ca", first_contact)
    try:
        ca = x509.load_pem_x509_certificate(ca_pem)
    except ValueError:
        raise CentreRefused("no_ca", f"HTTP {status}: the server sent no CA certificate") from None
    if not hashlib.sha256(ca.public_bytes(serialization.Encoding.DER)).hexdigest().startswith(pin):
        raise WorkstationError(Message(
            "Máy chủ này không phải trung tâm đã cấp mã đăng ký (chứng thư gốc không khớp).",
            "This server is not the centre that issued the token (its CA does not match)."))
    folder = link_folder(keys_dir)
    folder.mkdir(parents=True, exist_ok=True)
    write_atomically(folder / "ca.pem", ca_pem)
    pinned = ssl.create_default_context(cafile=str(folder / "ca.pem"))
    body = json.dumps({"token": token, "csr": certificate_request(identity).decode()}).encode()
    status, answer = _request(f"{url}/register", pinned, "POST", body, "application/json")
    data = _json(status, answer)
    if status != 200 or data.get("status") != "registered":
        raise CentreRefused(str(data.get("reason", f"HTTP {status}")), str(data.get("message", "")))
    certificate = str(data["certificate"]).encode()
    issued = x509.load_pem_x509_certificate(certificate).public_key()
    if not isinstance(issued, ed25519.Ed25519PublicKey) or public_raw(issued) != public_raw(identity.key.public_key()):
        raise CentreRefused("wrong_certificate", "the certificate is not for this workstation's key")
    write_atomically(folder / "workstation.pem", certificate)
    write_atomically(folder / "package.pub.pem", str(data["package_key"]).encode())
    link = CentreLink(url, str(data["workstation_id"]), str(data["commune"]), folder)
    write_atomically(folder / LINK_FILE, json.dumps({"url": url, "workstation_id": link.workstation_id,
                                                     "commune": link.commune}).encode())
    return link


def client_context(link: CentreLink, keys_dir: Path) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=str(link.ca_file))
    context.load_cert_chain(str(link.certificate_file), str(keys_dir / "workstation-key.pem"),
                            password=(keys_dir / ".key-secret").read_bytes())
    return context


def upload(link: CentreLink, context: ssl.SSLContext, package_id: str, data: bytes) -> dict[str, Any]:
    """PUT one package; the centre's decision (accepted | duplicate | already_here | rejected)."""
    status, body = _request(f"{link.url}/packages/{package_id}", context, "PUT", data)
    answer = _json(status, body)
    if status == 429:
        raise CentreUnreachable("rate limited by the centre")
    if status in (401, 403) and answer.get("reason") in ("no_client_certificate", "caller_unknown", "caller_revoked"):
        raise CentreRefused(str(answer.get("reason")), "this workstation is not (or no longer) onboarded")
    return answer


def package_status(link: CentreLink, context: ssl.SSLContext, package_id: str) -> dict[str, Any]:
    return _json(*_request(f"{link.url}/packages/{package_id}/status", context))


@dataclass
class CentreSyncReport:
    accepted: list[str]
    duplicate: list[str]
    already_here: list[str]
    rejected: dict[str, str]          # package id → the centre's reason

    def as_dict(self) -> dict[str, object]:
        return {"accepted": len(self.accepted), "duplicate": len(self.duplicate),
                "already_here": len(self.already_here), "rejected": self.rejected,
                "acknowledged": len(self.accepted) + len(self.duplicate) + len(self.already_here)}


def sync(store, link: CentreLink, keys_dir: Path, officer: str) -> CentreSyncReport:  # noqa: ANN001 - EnrollmentStore
    """Upload every sealed package not yet acknowledged; the centre's answer is kept per package
    (audit log). A rejected package stays on the workstation, flagged, for the officer to see."""
    from workstation.storage.central import pending
    from workstation.storage.enrollments import ACKNOWLEDGED, COMPLETE, EXPORTED, SYNCED

    report = CentreSyncReport([], [], [], {})
    todo = pending(store, (COMPLETE, EXPORTED, SYNCED))
    if not todo:
        return report
    context = client_context(link, keys_dir)
    for enrollment in todo:
        package_id = str(enrollment.package_id)
        answer = upload(link, context, package_id, enrollment.package or b"")
        status = str(answer.get("status"))
        if status in ("accepted", "duplicate", "already_here"):
            if enrollment.state != SYNCED:
                store.set_state(enrollment.id, SYNCED, officer)
            store.set_state(enrollment.id, ACKNOWLEDGED, officer)
            store.audit(officer, "centre_answer", enrollment.id, status=status, reason=answer.get("reason", ""))
            {"accepted": report.accepted, "duplicate": report.duplicate,
             "already_here": report.already_here}[status].append(package_id)
        else:
            reason = str(answer.get("reason") or status)
            store.audit(officer, "centre_rejected", enrollment.id, reason=reason)
            report.rejected[package_id] = reason
    return report
