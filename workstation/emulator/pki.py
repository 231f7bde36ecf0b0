"""The emulator's test PKI: a CSCA and its Document Signer, plus an untrusted pair for the forged
card. Generated once with `python -m workstation.emulator.pki` and kept in emulator/pki/: stable
files, so the trust store of simulated mode and the tests never change from run to run."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

PKI_DIR = Path(__file__).with_name("pki")
NOT_BEFORE = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Signer:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class TestPki:
    csca: Signer
    document_signer: Signer
    rogue_csca: Signer            # not in any trust store
    rogue_document_signer: Signer  # signs the forged card's SOD


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Workstation Test PKI"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def _certificate(subject: str, key: ec.EllipticCurvePrivateKey, issuer: Signer | None, years: int) -> x509.Certificate:
    issuer_name = issuer.certificate.subject if issuer else _name(subject)
    signing_key = issuer.key if issuer else key
    builder = (x509.CertificateBuilder()
               .subject_name(_name(subject)).issuer_name(issuer_name).public_key(key.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOT_BEFORE).not_valid_after(NOT_BEFORE.replace(year=NOT_BEFORE.year + years))
               .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=0 if issuer is None else None), critical=True)
               .add_extension(x509.KeyUsage(digital_signature=issuer is not None, content_commitment=False,
                                            key_encipherment=False, data_encipherment=False, key_agreement=False,
                                            key_cert_sign=issuer is None, crl_sign=issuer is None,
                                            encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False))
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()), critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def generate(folder: Path = PKI_DIR) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    def make(cn: str, issuer: Signer | None, years: int) -> Signer:
        key = ec.generate_private_key(ec.SECP256R1())
        return Signer(_certificate(cn, key, issuer, years), key)

    csca = make("CSCA Test Viet Nam", None, 20)
    ds = make("Document Signer Test 01", csca, 10)
    rogue = make("CSCA Rogue", None, 20)
    rogue_ds = make("Document Signer Rogue", rogue, 10)
    for stem, signer in (("csca", csca), ("ds", ds), ("rogue-csca", rogue), ("rogue-ds", rogue_ds)):
        (folder / f"{stem}.pem").write_bytes(signer.certificate.public_bytes(serialization.Encoding.PEM))
        (folder / f"{stem}.key.pem").write_bytes(signer.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


def _load(folder: Path, stem: str) -> Signer:
    cert = x509.load_pem_x509_certificate((folder / f"{stem}.pem").read_bytes())
    key = serialization.load_pem_private_key((folder / f"{stem}.key.pem").read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return Signer(cert, key)


@cache
def load_test_pki(folder: Path = PKI_DIR) -> TestPki:
    return TestPki(_load(folder, "csca"), _load(folder, "ds"), _load(folder, "rogue-csca"), _load(folder, "rogue-ds"))


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else PKI_DIR)
    print(f"written to {PKI_DIR}")
