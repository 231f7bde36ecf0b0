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
import secrets
import socket
import ssl
import tempfile
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from workstation.atomic_file import write_atomically
from workstation.core.centre_answers import (
    MAX_ANSWER_BYTES,
    CentreDecision,
    CentreFault,
    CentreRefused,
    CentreUnavailable,
    CentreUnreachable,
    decision_of,
    json_object,
    status_of,
    refusal_words,
    safe_reason,
)
from workstation.core.package import envelope
from workstation.core.package.seal import MAGIC as SEALED_MAGIC
from workstation.core.package.keys import WorkstationIdentity, certificate_request, public_raw
from workstation.errors import WorkstationError
from workstation.messages import Message

TIMEOUT = 30.0
LINK_FILE = "centre.json"
__all__ = ["CentreDecision", "CentreFault", "CentreRefused", "CentreUnavailable", "CentreUnreachable", "CentreLink",
           "CentreSyncReport", "client_context", "load_link", "package_status", "register", "sync", "upload"]


@dataclass(frozen=True)
class CentreLink:
    url: str
    workstation_id: str
    commune: str
    folder: Path          # keys/centre: ca.pem, workstation.pem, package.pub.pem
    intake_url: str = ""  # where packages and reports go when the centre said so at registration (intake nodes)

    @property
    def api(self) -> str:
        """The address for everything after registration: the intake nodes' when the centre named
        one, else the centre's own."""
        return self.intake_url or self.url

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
        return CentreLink(str(data["url"]), str(data["workstation_id"]), str(data["commune"]), folder,
                          str(data.get("intake_url", "")))
    except FileNotFoundError:
        return None
    except (ValueError, KeyError, TypeError) as exc:
        raise WorkstationError(f"{folder / LINK_FILE} is damaged ({exc}): register again") from None


def _request(url: str, context: ssl.SSLContext, method: str = "GET", body: bytes | None = None,
             content_type: str = "application/octet-stream", max_answer: int = MAX_ANSWER_BYTES) -> tuple[int, bytes]:
    """(HTTP status, body); a body over `max_answer` bytes (MAX_ANSWER_BYTES unless a larger
    answer is expected: a campaign plan) is not read on (CentreFault)."""
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT, context=context) as response:  # noqa: S310
            return response.status, _bounded(response.status, response, max_answer)
    except urllib.error.HTTPError as exc:
        return exc.code, _bounded(exc.code, exc, max_answer)
    except (urllib.error.URLError, socket.timeout, ConnectionError, ssl.SSLError) as exc:
        parts = urllib.parse.urlsplit(url)
        raise CentreUnreachable(str(getattr(exc, "reason", exc)), f"{parts.scheme}://{parts.netloc}") from None


def _bounded(status: int, response, limit: int = MAX_ANSWER_BYTES) -> bytes:  # noqa: ANN001 - an HTTP response or HTTPError
    data = response.read(limit + 1)
    if len(data) > limit:
        raise CentreFault("too_large", f"HTTP {status}: an answer of more than {limit} bytes")
    return data


def _json(status: int, body: bytes) -> dict[str, Any]:
    if status >= 500:
        raise CentreUnavailable(status)
    return json_object(status, body)


def register(url: str, token: str, identity: WorkstationIdentity, keys_dir: Path) -> CentreLink:
    from workstation.centre.onboarding import ca_pin

    url = url.rstrip("/")
    existing = load_link(keys_dir)
    if existing is not None and existing.url == url:
        raise WorkstationError(Message(
            f"Máy trạm đã đăng ký với {existing.url} (mã máy {existing.workstation_id}); không cần đăng ký lại.",
            f"This workstation is already registered with {existing.url} as {existing.workstation_id}."))
    pin = ca_pin(token)
    if not pin:
        raise WorkstationError(Message("Mã đăng ký không đúng dạng.", "The enrollment token is malformed."))
    first_contact = ssl.create_default_context()
    first_contact.check_hostname = False
    first_contact.verify_mode = ssl.CERT_NONE          # nothing is trusted yet: the pin decides
    try:
        status, ca_pem = _request(f"{url}/ca", first_contact)
    except CentreUnreachable as exc:
        # not sync's words: there is nothing kept to speak of, and the address may simply be wrong
        raise WorkstationError(Message(
            f"Không kết nối được trung tâm tại {url}; chưa đăng ký. Kiểm tra địa chỉ, cổng và trung tâm đang chạy.",
            f"The centre at {url} cannot be reached ({exc.detail}); nothing was registered: check the "
            "address and port, and that the centre is serving."), exc.detail) from None
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
        raise CentreRefused(safe_reason(data.get("reason")), f"HTTP {status}")
    certificate = str(data["certificate"]).encode()
    issued = x509.load_pem_x509_certificate(certificate).public_key()
    if not isinstance(issued, ed25519.Ed25519PublicKey) or public_raw(issued) != public_raw(identity.key.public_key()):
        raise CentreRefused("wrong_certificate", "the certificate is not for this workstation's key")
    write_atomically(folder / "workstation.pem", certificate)
    write_atomically(folder / "package.pub.pem", str(data["package_key"]).encode())
    told = data.get("intake_url", "")
    if not isinstance(told, str) or (told and not told.startswith("https://")) or len(told) > 300:
        raise CentreFault("bad_intake_url", "the centre named an intake address that is not https://")
    link = CentreLink(url, str(data["workstation_id"]), str(data["commune"]), folder, told.rstrip("/"))
    write_atomically(folder / LINK_FILE, json.dumps({"url": url, "workstation_id": link.workstation_id,
                                                     "commune": link.commune, "intake_url": link.intake_url}).encode())
    return link


def client_context(link: CentreLink, identity: WorkstationIdentity) -> ssl.SSLContext:
    """Mutual TLS with the workstation's own key, taken from the identity already opened (the
    secret that protects the key file may be wrapped by the OS keyring: only
    load_or_create_identity knows how to open it). `ssl` loads keys from files only, so the key
    goes through a private temporary file encrypted with a one-time password held in memory."""
    context = ssl.create_default_context(cafile=str(link.ca_file))
    password = secrets.token_bytes(32)
    pem = identity.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.BestAvailableEncryption(password))
    with tempfile.TemporaryDirectory(prefix="workstation-tls-") as folder:
        key_file = Path(folder) / "key.pem"
        key_file.touch(mode=0o600)
        key_file.write_bytes(pem)
        context.load_cert_chain(str(link.certificate_file), str(key_file), password=password)
    return context


def upload(link: CentreLink, context: ssl.SSLContext, package_id: str, data: bytes) -> CentreDecision:
    """PUT one package; the centre's decision about *this* package (accepted | duplicate |
    received | already_here | rejected), checked (centre_answers.decision_of). Raises CentreUnreachable
    (no answer, rate limited), CentreUnavailable (5xx), CentreRefused (this workstation is not
    onboarded), CentreFault (an answer that is not a decision about this package)."""
    status, body = _request(f"{link.api}/packages/{package_id}", context, "PUT", data)
    if status == 429:
        raise CentreUnreachable("rate limited by the centre")
    if status in (401, 403):
        reason = _json(status, body).get("reason")
        if reason in ("no_client_certificate", "caller_unknown", "caller_revoked"):
            raise CentreRefused(str(reason), "this workstation is not (or no longer) onboarded")
    return decision_of(package_id, status, body)


def package_status(link: CentreLink, context: ssl.SSLContext, package_id: str) -> dict[str, Any]:
    return _json(*_request(f"{link.api}/packages/{package_id}/status", context))


def decided(link: CentreLink, context: ssl.SSLContext, package_id: str) -> CentreDecision | None:
    """The centre's decision about a package sent before (centre_answers.status_of); None when
    the centre holds nothing of it under that id."""
    return status_of(package_id, *_request(f"{link.api}/packages/{package_id}/status", context))


@dataclass
class CentreSyncReport:
    accepted: list[str]
    duplicate: list[str]
    already_here: list[str]
    rejected: dict[str, str]          # package id → the centre's reason (a code: centre_answers.REFUSALS)
    faults: dict[str, str] = field(default_factory=dict)   # package id → what was wrong with the answer
    received: list[str] = field(default_factory=list)      # held by an intake node, decided later

    def as_dict(self) -> dict[str, object]:
        return {"accepted": len(self.accepted), "duplicate": len(self.duplicate), "received": len(self.received),
                "already_here": len(self.already_here), "rejected": self.rejected,
                "rejected_words": {p: refusal_words(r).en for p, r in self.rejected.items()},
                "rejected_words_vi": {p: refusal_words(r).vi for p, r in self.rejected.items()},
                "faults": self.faults,
                "acknowledged": len(self.accepted) + len(self.duplicate) + len(self.already_here)}

    @property
    def level(self) -> str:
        """ok: everything sent was acknowledged; warn: something was refused or answered oddly."""
        return "warn" if self.rejected or self.faults else "ok"

    def summary(self) -> Message:
        """One sentence for the officer (the window's message after a sync, the CLI's line)."""
        done = len(self.accepted) + len(self.duplicate) + len(self.already_here)
        vi = [f"Trung tâm đã nhận {done} hồ sơ."]
        en = [f"{done} packages received by the centre."]
        if self.received:
            vi.append(f"{len(self.received)} hồ sơ đã đến trung tâm, đang chờ trung tâm kiểm tra (lần đồng bộ sau sẽ "
                      "cho biết kết quả).")
            en.append(f"{len(self.received)} reached the centre and wait for its checks (the next sync tells the "
                      "outcome).")
        reasons: dict[str, int] = {}
        for reason in self.rejected.values():
            reasons[reason] = reasons.get(reason, 0) + 1
        for reason, count in sorted(reasons.items()):
            words = refusal_words(reason)
            vi.append(f"Trung tâm từ chối {count} hồ sơ: {words.vi}.")
            en.append(f"The centre refused {count}: {words.en}.")
        if self.faults:
            vi.append(f"{len(self.faults)} hồ sơ nhận được câu trả lời không hợp lệ từ trung tâm; sẽ gửi lại lần sau.")
            en.append(f"{len(self.faults)} got an invalid answer from the centre; they go again next time.")
        return Message(" ".join(vi), " ".join(en))


def _as_sent(enrollment, identity: WorkstationIdentity, package_id: str) -> bytes:  # noqa: ANN001 - Enrollment
    """The package's bytes as they go to the centre: one saved before packages had envelopes is
    wrapped now (this workstation sealed it and signs what it sends; the same bytes every time)."""
    data: bytes = enrollment.package or b""
    if data.startswith(SEALED_MAGIC):
        data = envelope.wrap(data, identity, package_id, enrollment.simulated, enrollment.created_at)
    return data


def _keep_answer(store, enrollment, decision: CentreDecision, officer: str,  # noqa: ANN001 - EnrollmentStore, Enrollment
                 report: "CentreSyncReport") -> None:
    """The centre's answer about one package, kept: decided (accepted, duplicate, already here) is
    acknowledged; held but not yet decided ("received", or already there and still "received")
    stays `synced`, asked about at the next sync; rejected stays on the workstation, flagged."""
    from workstation.storage.enrollments import ACKNOWLEDGED, SYNCED

    package_id = str(enrollment.package_id)
    if decision.status == "rejected":
        store.audit(officer, "centre_rejected", enrollment.id, reason=decision.reason)
        report.rejected[package_id] = decision.reason
        return
    pending_here = decision.status == "received" or (decision.status == "already_here" and decision.reason == "received")
    if enrollment.state != SYNCED:
        store.set_state(enrollment.id, SYNCED, officer)
    store.audit(officer, "centre_answer", enrollment.id, status=decision.status, reason=decision.reason)
    if pending_here:
        report.received.append(package_id)
        return
    store.set_state(enrollment.id, ACKNOWLEDGED, officer)
    {"accepted": report.accepted, "duplicate": report.duplicate,
     "already_here": report.already_here}[decision.status].append(package_id)


def sync(store, link: CentreLink, identity: WorkstationIdentity, officer: str) -> CentreSyncReport:  # noqa: ANN001 - EnrollmentStore
    """Upload every sealed package not yet acknowledged (one already sent whose decision was
    pending is asked about instead); the centre's answer is kept per package (audit log). A
    rejected package stays on the workstation, flagged, for the officer to see; an answer that is
    not a decision about the package sent is recorded as a fault ("centre_fault") and the package
    stays unsent. No answer or a centre that is down (5xx) stops the sync: what was acknowledged
    before stays acknowledged."""
    from workstation.storage.central import pending
    from workstation.storage.enrollments import COMPLETE, EXPORTED, SYNCED

    report = CentreSyncReport([], [], [], {})
    todo = pending(store, (COMPLETE, EXPORTED, SYNCED))
    if not todo:
        return report
    context = client_context(link, identity)
    for enrollment in todo:
        package_id = str(enrollment.package_id)
        try:
            decision = None
            if enrollment.state == SYNCED:
                # sent before, its decision pending (an intake node's "received"): ask, don't resend
                decision = decided(link, context, package_id)
            if decision is None:
                decision = upload(link, context, package_id, _as_sent(enrollment, identity, package_id))
        except CentreFault as fault:
            store.audit(officer, "centre_fault", enrollment.id, fault=fault.code, detail=fault.detail)
            report.faults[package_id] = fault.code
            continue
        _keep_answer(store, enrollment, decision, officer, report)
    return report
