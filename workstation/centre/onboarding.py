"""Onboarding a workstation: a one-time token the administrator hands over, then the workstation's
certificate signing request for its existing Ed25519 key, answered with a certificate of the centre
CA that names the workstation id and the commune.

The token carries the first 16 hex digits of the centre CA's fingerprint after a dot, so the
workstation can pin the CA on its very first connection (it holds nothing of the centre yet). Only
the token's SHA-256 is stored; it is single-use (claimed in one UPDATE, so two racing
registrations cannot both win) and expires.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from workstation.centre.authority import Centre
from workstation.centre.models import EnrollmentToken, RegisteredWorkstation
from workstation.centre.registry import Registry, key_sha256
from workstation.errors import WorkstationError
from workstation.messages import Message

TOKEN_HOURS = 24
CERT_DAYS = 3 * 365
COMMUNE = re.compile(r"[0-9]{5}")          # the commune code of the national list of administrative units


class OnboardingRefused(WorkstationError):
    def __init__(self, reason: str, message: Message) -> None:
        super().__init__(message, reason)
        self.reason = reason


@dataclass(frozen=True)
class Registration:
    workstation_id: str
    commune: str
    certificate_pem: bytes
    ca_pem: bytes
    package_public_pem: bytes

    def as_dict(self) -> dict[str, str]:
        return {"workstation_id": self.workstation_id, "commune": self.commune,
                "certificate": self.certificate_pem.decode(), "centre_ca": self.ca_pem.decode(),
                "package_key": self.package_public_pem.decode()}


def _hash(token: str) -> str:
    return hashlib.sha256(token.split(".", 1)[0].encode()).hexdigest()


TOKEN_PREFIX = "t"              # noqa: S105 - a fixed letter, not a secret


def new_token_secret() -> str:
    """192 random bits (secrets.token_urlsafe(24)) behind a fixed letter: about one raw token in 64
    starts with '-', which argparse takes for an option (`register --token -x...` fails with
    "expected one argument"). The prefix adds no secret and takes none away."""
    return TOKEN_PREFIX + secrets.token_urlsafe(24)


def issue_token(registry: Registry, centre: Centre, commune: str, name: str, hours: float = TOKEN_HOURS,
                now: datetime | None = None) -> str:
    if not COMMUNE.fullmatch(commune):
        raise WorkstationError(Message("Mã xã gồm 5 chữ số.", "A commune code is 5 digits."))
    if not name.strip():
        raise WorkstationError(Message("Cần đặt tên cho máy trạm.", "The workstation needs a name."))
    now = now or datetime.now(UTC)
    secret = new_token_secret()
    with registry.sessions.begin() as session:
        session.add(EnrollmentToken(token_sha256=_hash(secret), commune=commune, name=name.strip()[:200],
                                    expires_at=now + timedelta(hours=hours)))
    return f"{secret}.{centre.ca_fingerprint[:16]}"


def ca_pin(token: str) -> str:
    """The CA fingerprint prefix a token carries ("" for a malformed token)."""
    _, _, pin = token.partition(".")
    return pin if re.fullmatch(r"[0-9a-f]{16}", pin) else ""


def _refuse(reason: str, vi: str, en: str) -> OnboardingRefused:
    return OnboardingRefused(reason, Message(vi, en))


def register(registry: Registry, centre: Centre, token: str, csr_pem: bytes,
             now: datetime | None = None, source: str = "") -> Registration:
    """Check the token and the CSR; issue the workstation's certificate. `source`: the caller's
    address, audited with the registration as with every refusal."""
    now = now or datetime.now(UTC)
    try:
        return _register(registry, centre, token, csr_pem, now, source)
    except IntegrityError:
        # a registration racing this one took the id or the key first
        raise _refuse("already_registered", "Máy trạm hoặc khoá này đã được đăng ký.",
                      "This workstation or its key is already registered.") from None


def _register(registry: Registry, centre: Centre, token: str, csr_pem: bytes, now: datetime,
              source: str = "") -> Registration:
    try:
        csr = x509.load_pem_x509_csr(csr_pem)
        valid = csr.is_signature_valid
    except ValueError:
        raise _refuse("csr_malformed", "Yêu cầu cấp chứng thư bị hỏng.", "The certificate request is malformed.") from None
    key = csr.public_key()
    if not valid or not isinstance(key, ed25519.Ed25519PublicKey):
        raise _refuse("csr_invalid", "Yêu cầu cấp chứng thư không hợp lệ (khoá Ed25519, chữ ký đúng).",
                      "The certificate request must be for an Ed25519 key and signed by it.")
    names = csr.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    claimed = str(names[0].value).removeprefix("workstation ") if names else ""
    try:
        workstation_id = str(uuid.UUID(claimed))
    except ValueError:
        raise _refuse("bad_workstation_id", "Mã máy trạm không hợp lệ.", "The workstation id is not a UUID.") from None
    with registry.sessions.begin() as session:
        token_row = session.get(EnrollmentToken, _hash(token))
        if token_row is None:
            raise _refuse("token_unknown", "Mã đăng ký không đúng.", "Unknown enrollment token.")
        if token_row.used_at is not None:
            raise _refuse("token_used", "Mã đăng ký đã được dùng.", "This enrollment token was already used.")
        expires = token_row.expires_at if token_row.expires_at.tzinfo else token_row.expires_at.replace(tzinfo=UTC)
        if expires < now:
            raise _refuse("token_expired", "Mã đăng ký đã hết hạn; xin mã mới.", "The enrollment token has expired.")
        if token_row.cancelled_at is not None:
            raise _refuse("token_cancelled", "Mã đăng ký đã bị huỷ.", "This enrollment token was cancelled.")
        if session.get(RegisteredWorkstation, workstation_id) is not None:
            raise _refuse("already_registered", "Máy trạm này đã được đăng ký.", "This workstation is already registered.")
        if session.scalar(select(RegisteredWorkstation.id).where(RegisteredWorkstation.key_sha256 == key_sha256(key))):
            raise _refuse("key_registered", "Khoá này đã được đăng ký cho một máy trạm khác.",
                          "This key is already registered for another workstation id.")
        claimed_now = session.execute(
            update(EnrollmentToken).where(EnrollmentToken.token_sha256 == token_row.token_sha256,
                                          EnrollmentToken.used_at.is_(None))
            .values(used_at=now, workstation_id=workstation_id))
        if claimed_now.rowcount != 1:
            raise _refuse("token_used", "Mã đăng ký đã được dùng.", "This enrollment token was already used.")
        certificate = _issue(centre, key, workstation_id, token_row.commune, now)
        pem = certificate.public_bytes(serialization.Encoding.PEM)
        session.add(RegisteredWorkstation(id=workstation_id, commune=token_row.commune, name=token_row.name,
                                          certificate=pem.decode(), key_sha256=key_sha256(key), status="active",
                                          registered_at=now))
        Registry.add_audit(session, workstation_id, workstation_id, "register", "registered", "ok", token_row.commune,
                           source)
        session.flush()
    return Registration(workstation_id, token_row.commune, pem, centre.ca_pem, centre.package_public_pem)


def _issue(centre: Centre, key: ed25519.Ed25519PublicKey, workstation_id: str, commune: str,
           now: datetime) -> x509.Certificate:
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, commune),
                         x509.NameAttribute(NameOID.COMMON_NAME, workstation_id)])
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(centre.ca_certificate.subject)
            .public_key(key).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=CERT_DAYS))
            .add_extension(x509.SubjectAlternativeName([x509.UniformResourceIdentifier(f"urn:uuid:{workstation_id}")]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(centre.ca_key.public_key()),
                           critical=False)
            .sign(centre.ca_key, hashes.SHA256()))


def workstation_id_of(certificate: x509.Certificate) -> str:
    """The workstation id a centre-issued certificate names (its CN)."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def token_rows(registry: Registry, now: datetime | None = None) -> list[dict[str, object]]:
    """The tokens for `centre tokens`: an id (the first 12 hex digits of the stored hash; the token
    itself is never stored), commune, name, state (unused | used | expired | cancelled), times."""
    now = now or datetime.now(UTC)
    with registry.sessions() as session:
        rows = list(session.scalars(select(EnrollmentToken).order_by(EnrollmentToken.expires_at)))
    out = []
    for row in rows:
        expires = row.expires_at if row.expires_at.tzinfo else row.expires_at.replace(tzinfo=UTC)
        state = ("cancelled" if row.cancelled_at else "used" if row.used_at else
                 "expired" if expires < now else "unused")
        out.append({"id": row.token_sha256[:12], "commune": row.commune, "name": row.name, "state": state,
                    "expires_at": expires.isoformat(timespec="seconds"),
                    "used_at": row.used_at.isoformat(timespec="seconds") if row.used_at else None,
                    "workstation_id": row.workstation_id})
    return out


def cancel_token(registry: Registry, token_or_id: str, actor: str) -> str:
    """Cancel an unused token, named by itself or by its id; audited. Returns the id."""
    wanted = _hash(token_or_id) if "." in token_or_id or len(token_or_id) > 20 else token_or_id.lower()
    with registry.sessions.begin() as session:
        rows = list(session.scalars(select(EnrollmentToken).where(EnrollmentToken.token_sha256.startswith(wanted))))
        if len(rows) != 1 or len(wanted) < 8:
            raise WorkstationError(Message("Không có mã đăng ký đó.", "No such token (give the token or its id "
                                                                       "from 'centre tokens')."))
        row = rows[0]
        if row.used_at is not None or row.cancelled_at is not None:
            raise WorkstationError(Message("Mã đăng ký đã được dùng hoặc đã huỷ.",
                                           "The token was already used or cancelled."))
        row.cancelled_at = datetime.now(UTC)
        Registry.add_audit(session, "-", "-", "admin", "token_cancelled", row.token_sha256[:12], actor)
    return row.token_sha256[:12]
