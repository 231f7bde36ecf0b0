import base64
import subprocess
import sys
from pathlib import Path

import pytest
from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization

from workstation.emulator.fixtures import card_files
from workstation.emulator.pki import PKI_DIR, load_test_pki
from workstation.verify.lds import FID_SOD
from workstation.verify.passive_auth import check_chain, parse_sod
from workstation.verify.trust_store import CscaMasterList, TrustStore, TrustStoreError

PKI = load_test_pki()


def _der(cert) -> bytes:  # noqa: ANN001
    return cert.public_bytes(serialization.Encoding.DER)


def _master_list(*certs) -> bytes:  # noqa: ANN002
    content = CscaMasterList({"version": 0, "cert_list": [asn1_x509.Certificate.load(_der(c)) for c in certs]})
    signed = cms.SignedData({
        "version": "v3", "digest_algorithms": [],
        "encap_content_info": {"content_type": "2.23.136.1.1.2", "content": core.ParsableOctetString(content.dump())},
        "signer_infos": [],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()


@pytest.mark.parametrize("kind", ["pem", "der", "ml", "ldif-ml", "ldif-cert", "folder"])
def test_every_trust_store_format_yields_the_csca(tmp_path: Path, kind: str) -> None:
    csca = PKI.csca.certificate
    if kind == "pem":
        path = tmp_path / "csca.pem"
        path.write_bytes(csca.public_bytes(serialization.Encoding.PEM))
    elif kind == "der":
        path = tmp_path / "csca.cer"
        path.write_bytes(_der(csca))
    elif kind == "ml":
        path = tmp_path / "masterlist.ml"
        path.write_bytes(_master_list(PKI.rogue_csca.certificate, csca))
    elif kind == "ldif-ml":
        path = tmp_path / "icaopkd.ldif"
        blob = base64.b64encode(_master_list(csca)).decode()
        folded = "\n ".join(blob[i:i + 76] for i in range(0, len(blob), 76))
        path.write_text(f"dn: cn=x,o=ml,c=VN\nCscaMasterListData:: {folded}\n\n")
    elif kind == "ldif-cert":
        path = tmp_path / "certs.ldif"
        path.write_text(f"dn: cn=x,o=csca,c=VN\nuserCertificate;binary:: {base64.b64encode(_der(csca)).decode()}\n")
    else:
        path = tmp_path / "store"
        path.mkdir()
        (path / "a.pem").write_bytes(csca.public_bytes(serialization.Encoding.PEM))
        (path / "notes.txt").write_text("not a certificate")
    store = TrustStore.load([path])
    assert csca in store.certificates
    sod = parse_sod(card_files("an-genuine")[0][FID_SOD])
    assert check_chain(sod.certificate, store)[0] == "trusted"


def test_a_store_of_the_country_without_the_issuer_means_untrusted() -> None:
    store = TrustStore.load([PKI_DIR / "csca.pem"])
    forged = parse_sod(card_files("untrusted-signer")[0][FID_SOD])
    assert check_chain(forged.certificate, store)[0] == "untrusted"
    assert check_chain(forged.certificate, TrustStore())[0] == "not_verified"


def test_a_csca_with_the_right_name_but_another_key_is_invalid(tmp_path: Path) -> None:
    # same subject as the real CSCA, different key: the DS signature cannot verify
    from datetime import UTC, datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    name = PKI.csca.certificate.subject
    impostor = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(1).not_valid_before(datetime(2024, 1, 1, tzinfo=UTC))
                .not_valid_after(datetime(2044, 1, 1, tzinfo=UTC)).sign(key, hashes.SHA256()))
    store = TrustStore([impostor])
    sod = parse_sod(card_files("an-genuine")[0][FID_SOD])
    assert check_chain(sod.certificate, store)[0] == "invalid"


def test_unreadable_trust_file_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "broken.der"
    bad.write_bytes(b"\x30\x03\x02\x01")
    with pytest.raises(TrustStoreError, match="broken.der"):
        TrustStore.load([bad])


def test_no_pcscd_is_a_clear_message(tmp_path: Path) -> None:
    """Without the PC/SC service the reader says so in words (libpcsclite is pointed at no socket)."""
    code = ("from workstation.devices.card_reader.pcsc import PcscCardReaderDriver as D\n"
            "from workstation.errors import WorkstationError\n"
            "print(D().probe().detail)\n"
            "try:\n    D().readers()\nexcept WorkstationError as e:\n    print(e.one_line())\n")
    env = {"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert "pcscd" in out.stdout and "not running" in out.stdout, out.stdout + out.stderr
