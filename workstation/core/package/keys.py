"""The workstation's signing identity and the central server's encryption key.

The workstation signs with an Ed25519 key made on first start, with a self-signed certificate
naming the workstation id. The key is kept encrypted (PKCS#8, scrypt-based) with a random secret
stored beside it readable by its owner only: that protects a copied key file, not a copied
folder — a deployment should move the secret to the OS keyring or a TPM (README).
Packages are encrypted for the server's X25519 public key.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.x509.oid import NameOID

from workstation.atomic_file import write_atomically
from workstation.disk_space import is_disk_full, write_error
from workstation.errors import WorkstationError
from workstation.messages import Message


@dataclass(frozen=True)
class WorkstationIdentity:
    workstation_id: str
    key: ed25519.Ed25519PrivateKey
    certificate: x509.Certificate

    @property
    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def certificate_sha256(self) -> str:
        return hashlib.sha256(self.certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def _certificate(workstation_id: str, key: ed25519.Ed25519PrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Workstation"),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"workstation {workstation_id}")])
    now = datetime.now(UTC)
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=3650))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, None))


def load_or_create_identity(folder: Path, workstation_id: str, protection: str = "auto") -> WorkstationIdentity:
    """The workstation's Ed25519 signing key (made on first use) and its certificate. The key file
    is encrypted PKCS#8 whose password is a secret kept like the data key: wrapped by the OS
    keyring when there is one (storage.key_vault), so a copied folder alone cannot sign."""
    from workstation.storage.key_vault import KeyringVault, protected_secret

    folder.mkdir(parents=True, exist_ok=True)
    key_file, cert_file, secret_file = folder / "workstation-key.pem", folder / "workstation.pem", folder / ".key-secret"
    damaged = Message(
        f"Bí mật của khoá ký {secret_file} bị hỏng và không có bản dự phòng dùng được: máy trạm không ký được hồ sơ. "
        "Báo bộ phận kỹ thuật (đăng ký lại máy trạm với trung tâm).",
        f"The signing key's secret {secret_file} is damaged and its backup is unusable: this workstation cannot "
        "sign packages. Call technical support (register the workstation with the centre again).")
    try:
        if key_file.exists() and cert_file.exists() and secret_file.exists():
            secret = protected_secret(secret_file, protection, KeyringVault.system, damaged)
            key = serialization.load_pem_private_key(key_file.read_bytes(), password=secret)
            certificate = x509.load_pem_x509_certificate(cert_file.read_bytes())
            if not isinstance(key, ed25519.Ed25519PrivateKey):
                raise WorkstationError(f"{key_file} is not an Ed25519 key")
            return WorkstationIdentity(workstation_id, key, certificate)
        for stale in (secret_file, secret_file.with_name(secret_file.name + ".backup")):
            stale.unlink(missing_ok=True)           # a secret without its key file opens nothing: start anew
        secret = protected_secret(secret_file, protection, KeyringVault.system, damaged)
        key = ed25519.Ed25519PrivateKey.generate()
        certificate = _certificate(workstation_id, key)
        write_atomically(key_file, key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                     serialization.BestAvailableEncryption(secret)), mode=0o600)
        write_atomically(cert_file, certificate.public_bytes(serialization.Encoding.PEM))
        return WorkstationIdentity(workstation_id, key, certificate)
    except OSError as exc:
        if is_disk_full(exc):
            raise write_error(exc, folder) from exc
        raise WorkstationError(f"the workstation's signing key in {folder} cannot be used ({exc})") from None
    except (ValueError, TypeError) as exc:
        raise WorkstationError(f"the workstation's signing key in {folder} cannot be used ({exc})") from None


def load_server_public(path: Path) -> x25519.X25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise WorkstationError(f"server key {path} cannot be read ({exc})") from None
    if not isinstance(key, x25519.X25519PublicKey):
        raise WorkstationError(f"server key {path} is not an X25519 public key")
    return key


def load_server_private(path: Path) -> x25519.X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as exc:
        raise WorkstationError(f"server key {path} cannot be read ({exc})") from None
    if not isinstance(key, x25519.X25519PrivateKey):
        raise WorkstationError(f"server key {path} is not an X25519 private key")
    return key


def public_raw(key: x25519.X25519PublicKey | ed25519.Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def fingerprint(key: x25519.X25519PublicKey) -> str:
    return hashlib.sha256(public_raw(key)).hexdigest()


def simulated_server_keys() -> tuple[x25519.X25519PrivateKey, x25519.X25519PublicKey]:
    """The simulated server's key pair (workstation/emulator/pki/test-server-*.pem)."""
    from workstation.emulator.pki import PKI_DIR

    private = load_server_private(PKI_DIR / "test-server-key.pem")
    return private, private.public_key()


def certificate_request(identity: WorkstationIdentity) -> bytes:
    """A CSR for the workstation's existing signing key (onboarding at the centre): the key that
    signs packages is the key the centre registers, so its certificate can be checked against it."""
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.COMMON_NAME, f"workstation {identity.workstation_id}")])
    return x509.CertificateSigningRequestBuilder().subject_name(name).sign(identity.key, None).public_bytes(
        serialization.Encoding.PEM)
