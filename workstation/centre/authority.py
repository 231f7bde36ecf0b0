"""The centre's identity: the CA that issues workstation certificates, the TLS certificate of the
intake server, and the key pair packages are encrypted for. Private keys are kept encrypted at rest
(PKCS#8 with the passphrase, scrypt-derived) in the centre's own folder; README "The centre" says
how a deployment moves them into an HSM (PKCS#11).

Trust is what the centre holds: a workstation is known by the certificate this CA issued it at
onboarding, never by a certificate a package brings along (MOSIP's registration processor does
the same with its machine keys).
"""
from __future__ import annotations

import hashlib
import ipaddress
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, x25519
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from workstation.atomic_file import write_atomically
from workstation.errors import WorkstationError
from workstation.messages import Message

if TYPE_CHECKING:
    from workstation.centre.settings import CentreSettings

CA_KEY, CA_CERT = "centre-ca.key.pem", "centre-ca.pem"
PACKAGE_KEY, PACKAGE_PUB = "package.key.pem", "package.pub.pem"
TLS_KEY, TLS_CERT = "intake-tls.key.pem", "intake-tls.pem"
CA_YEARS, TLS_DAYS = 20, 825


class CentreError(WorkstationError):
    pass


class _HoldsCaCertificate:
    """The CA certificate's forms, for the full centre and an intake node alike."""

    ca_certificate: x509.Certificate

    @property
    def ca_pem(self) -> bytes:
        return self.ca_certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def ca_fingerprint(self) -> str:
        return hashlib.sha256(self.ca_certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


@dataclass(frozen=True)
class Centre(_HoldsCaCertificate):
    folder: Path
    ca_key: ec.EllipticCurvePrivateKey
    ca_certificate: x509.Certificate
    package_key: x25519.X25519PrivateKey

    @property
    def package_public_pem(self) -> bytes:
        return self.package_key.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo)

    @property
    def package_public(self) -> x25519.X25519PublicKey:
        return self.package_key.public_key()

    def index_key(self) -> bytes:
        """The key of the citizen index (a keyed hash of ID numbers): derived from the package key,
        so the index cannot be rebuilt without the centre's secret."""
        raw = self.package_key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                                             serialization.NoEncryption())
        return hashlib.sha256(b"workstation-centre/citizen-index/" + raw).digest()


@dataclass(frozen=True)
class IntakeNode(_HoldsCaCertificate):
    """What an intake node holds when the keys are split (docs/centre-storage.md "Who holds the
    package key"): the CA certificate (to check workstations' client certificates), the package
    key's *public* half (to check a package is sealed for this centre) and its TLS key. No CA key
    (it cannot onboard workstations) and no package key (it never opens a package)."""

    folder: Path
    ca_certificate: x509.Certificate
    package_public: x25519.X25519PublicKey


NODE_MARK = "intake-node.json"         # written by `centre intake-node`: this folder holds no private centre key


def is_intake_node(folder: Path) -> bool:
    return (folder / NODE_MARK).exists()


def load_intake_node(folder: Path) -> IntakeNode:
    try:
        ca = x509.load_pem_x509_certificate((folder / CA_CERT).read_bytes())
        public = serialization.load_pem_public_key((folder / PACKAGE_PUB).read_bytes())
    except FileNotFoundError as exc:
        raise CentreError(Message(f"Thư mục nút tiếp nhận {folder} thiếu tệp (tạo lại bằng workstation centre "
                                  "intake-node trên máy chủ chính).",
                                  f"The intake node folder {folder} is missing a file: make it again with "
                                  "'workstation centre intake-node' on the main centre."), str(exc)) from None
    except ValueError as exc:
        raise CentreError(Message("Tệp chứng thư hoặc khoá công khai của nút tiếp nhận bị hỏng.",
                                  "The intake node's certificate or public key file is damaged."), str(exc)) from None
    if not isinstance(public, x25519.X25519PublicKey):
        raise CentreError(Message("Khoá công khai gói hồ sơ không đúng loại.", "The package public key is of the wrong kind."))
    return IntakeNode(folder, ca, public)


def _encrypted(key, passphrase: bytes) -> bytes:  # noqa: ANN001
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase))


def init_centre(folder: Path, passphrase: bytes, name: str = "Trung tâm dữ liệu định danh",
                settings: "CentreSettings | None" = None) -> Centre:
    """Create the centre CA and the package key pair and write the configuration (`settings`, by
    default SQLite in the folder); refuses to overwrite an existing centre."""
    from workstation.centre.settings import CentreSettings, default_database, write_settings

    if len(passphrase) < 12:
        raise CentreError(Message("Mật khẩu bảo vệ khoá của trung tâm cần ít nhất 12 ký tự.",
                                  "The centre's key passphrase needs at least 12 characters."))
    if (folder / NODE_MARK).exists():
        raise CentreError(Message(f"Thư mục {folder} là của một nút tiếp nhận; không ghi đè.",
                                  f"{folder} is an intake node's folder; it is not overwritten."))
    if (folder / CA_KEY).exists():
        raise CentreError(Message(f"Thư mục {folder} đã có trung tâm; không ghi đè.",
                                  f"{folder} already holds a centre; it is not overwritten."))
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, name),
                         x509.NameAttribute(NameOID.COMMON_NAME, "Workstation Centre CA")])
    now = datetime.now(UTC)
    ca = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
          .not_valid_after(now + timedelta(days=365 * CA_YEARS))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                       data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                       crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    package_key = x25519.X25519PrivateKey.generate()
    write_atomically(folder / CA_KEY, _encrypted(ca_key, passphrase), mode=0o600)
    write_atomically(folder / CA_CERT, ca.public_bytes(serialization.Encoding.PEM))
    write_atomically(folder / PACKAGE_KEY, _encrypted(package_key, passphrase), mode=0o600)
    centre = Centre(folder, ca_key, ca, package_key)
    write_atomically(folder / PACKAGE_PUB, centre.package_public_pem)
    write_settings(folder, settings or CentreSettings(default_database(folder)))
    return centre


def load_centre(folder: Path, passphrase: bytes) -> Centre:
    try:
        ca_key = serialization.load_pem_private_key((folder / CA_KEY).read_bytes(), passphrase)
        package_key = serialization.load_pem_private_key((folder / PACKAGE_KEY).read_bytes(), passphrase)
        ca = x509.load_pem_x509_certificate((folder / CA_CERT).read_bytes())
    except FileNotFoundError as exc:
        raise CentreError(Message(f"Chưa khởi tạo trung tâm trong {folder} (workstation centre init).",
                                  f"No centre in {folder}: run 'workstation centre init' first."),
                          str(exc)) from None
    except (ValueError, TypeError) as exc:
        raise CentreError(Message("Sai mật khẩu bảo vệ khoá của trung tâm, hoặc tệp khoá bị hỏng.",
                                  "Wrong centre passphrase, or a damaged key file."), str(exc)) from None
    if not isinstance(ca_key, ec.EllipticCurvePrivateKey) or not isinstance(package_key, x25519.X25519PrivateKey):
        raise CentreError(Message("Tệp khoá của trung tâm không đúng loại.", "The centre's key files are of the wrong kind."))
    return Centre(folder, ca_key, ca, package_key)


LOOPBACK = ("localhost", "127.0.0.1", "::1")
EVERYWHERE = ("0.0.0.0", "::", "")  # noqa: S104 - recognised to be explained, not bound here


_LABEL = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)")


def _is_host_name(host: str) -> bool:
    """An IP address, or a DNS name whose labels follow RFC 1123 §2.1 (a certificate naming
    anything else matches no client)."""
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    return len(host) <= 253 and all(_LABEL.fullmatch(label) for label in host.rstrip(".").split("."))


def certificate_names(listen_host: str, names: list[str]) -> list[str]:
    """Every name the server certificate must carry: each `--name`, the listening host when it is a
    real address, and the loopback names when it listens there (0.0.0.0 listens everywhere but is
    no address a client can check a certificate against, so it needs --name)."""
    hosts = [n for n in names if n]
    for host in hosts:
        if not _is_host_name(host):
            raise CentreError(Message(f"Tên máy chủ không hợp lệ: {host[:80]!r} (tên miền hoặc địa chỉ IP).",
                                      f"Not a host name or address: {host[:80]!r} (RFC 1123 names: letters, "
                                      "digits, '-' and '.'; or an IP address)."))
    if listen_host not in EVERYWHERE:
        hosts.append(listen_host)
    elif not hosts:
        raise CentreError(Message(
            "Nghe trên 0.0.0.0 (mọi địa chỉ) thì cần --name cho từng tên hoặc địa chỉ mà máy trạm dùng.",
            "Listening on 0.0.0.0 means every address, which no certificate can name: give --name for each "
            "name or address workstations reach the centre by."))
    if listen_host in LOOPBACK or listen_host in EVERYWHERE:
        hosts += list(LOOPBACK)
    return list(dict.fromkeys(hosts))


def server_tls(centre: Centre, hosts: list[str], passphrase: bytes,
               files: tuple[str, str] = (TLS_CERT, TLS_KEY)) -> tuple[Path, Path]:
    """A server's TLS key and certificate (issued by the centre CA for `hosts`, every one in its
    subjectAltName; the intake's, or the console's with `files`), made once and kept encrypted;
    made again when a name is missing; returns (certificate file, key file)."""
    cert_file, key_file = centre.folder / files[0], centre.folder / files[1]
    if cert_file.exists() and key_file.exists():
        cert = x509.load_pem_x509_certificate(cert_file.read_bytes())
        names = {str(n) for n in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
                 .get_values_for_type(x509.DNSName)}
        names |= {str(n) for n in cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
                  .get_values_for_type(x509.IPAddress)}
        if set(hosts) <= names and cert.not_valid_after_utc > datetime.now(UTC) + timedelta(days=30):
            return cert_file, key_file
    key = ec.generate_private_key(ec.SECP256R1())
    alt: list[x509.GeneralName] = []
    for host in hosts:
        try:
            alt.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            alt.append(x509.DNSName(host))
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hosts[0])]))
            .issuer_name(centre.ca_certificate.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=TLS_DAYS))
            .add_extension(x509.SubjectAlternativeName(alt), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(centre.ca_key.public_key()),
                           critical=False)
            .sign(centre.ca_key, hashes.SHA256()))
    write_atomically(key_file, _encrypted(key, passphrase), mode=0o600)
    write_atomically(cert_file, cert.public_bytes(serialization.Encoding.PEM) + centre.ca_pem)
    return cert_file, key_file
