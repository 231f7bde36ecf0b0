"""The trust store (ICAO 9303-12 §7-8): what loads, what is skipped and reported, and why."""
import base64
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from asn1crypto import core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workstation.emulator.certificate_factory import Profile, csca_profile, derived_ec_key, issue
from workstation.emulator.cms_builder import signed_data
from workstation.emulator.fixtures import card_files
from workstation.emulator.pki import PKI_DIR, load_test_pki
from workstation.verify.certificates import OID_MASTER_LIST_SIGNER, Certificate
from workstation.verify.lds import FID_SOD
from workstation.verify.passive_auth import check_chain, check_signature, parse_sod
from workstation.verify.public_keys import load_public_key
from workstation.verify.trust_store import OID_CSCA_MASTER_LIST, CscaMasterList, TrustStore, TrustStoreError

PKI = load_test_pki()
MLS = issue(Profile("Master List Signer Test", extended_key_usage=(OID_MASTER_LIST_SIGNER,)),
            derived_ec_key("mls"), PKI.csca)


def _der(cert) -> bytes:  # noqa: ANN001
    return cert.public_bytes(serialization.Encoding.DER)


def _master_list(*entries: bytes, signer=MLS) -> bytes:  # noqa: ANN001
    content = CscaMasterList({"version": 0, "cert_list": [core.Any.load(e) for e in entries]})
    return signed_data(OID_CSCA_MASTER_LIST, content.dump(), signer)


def _genuine_ds() -> Certificate:
    sod = parse_sod(card_files("an-genuine")[0][FID_SOD])
    return check_signature(sod)[0]


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
        path.write_bytes(_master_list(_der(PKI.rogue_csca.certificate), _der(csca)))
    elif kind == "ldif-ml":
        path = tmp_path / "icaopkd.ldif"
        blob = base64.b64encode(_master_list(_der(csca))).decode()
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
    assert check_chain(_genuine_ds(), store, "VN").state == "trusted"


def test_a_master_list_loads_certificate_by_certificate(tmp_path: Path) -> None:
    """One entry a strict DER parser refuses (here: a BOOLEAN encoded 0x01 instead of 0xFF, as
    in certificates of real master lists) is skipped and reported; the rest load."""
    csca = _der(PKI.csca.certificate)
    bad = bytearray(_der(PKI.rogue_csca.certificate))
    at = bad.find(bytes.fromhex("0101ff"))      # basicConstraints cA TRUE
    bad[at + 2] = 0x01
    (tmp_path / "list.ml").write_bytes(_master_list(bytes(bad), csca))
    store = TrustStore.load([tmp_path / "list.ml"])
    assert [a.cert for a in store.anchors] == [PKI.csca.certificate]
    assert any("#1" in s.source and "cannot be parsed" in s.reason for s in store.skipped)


def test_a_master_list_whose_signature_fails_is_refused(tmp_path: Path) -> None:
    csca = _der(PKI.csca.certificate)
    forged = bytearray(_master_list(csca))
    forged[-10] ^= 0x01                                   # inside the signature
    (tmp_path / "forged.ml").write_bytes(bytes(forged))
    (tmp_path / "outsider.ml").write_bytes(_master_list(csca, signer=issue(
        Profile("Master List Signer Rogue", extended_key_usage=(OID_MASTER_LIST_SIGNER,)),
        derived_ec_key("mls-rogue"), PKI.rogue_csca)))
    (tmp_path / "not-mls.ml").write_bytes(_master_list(csca, signer=PKI.document_signer))
    for name, why in (("forged.ml", "signature"), ("outsider.ml", "not issued by a CSCA of the list"),
                      ("not-mls.ml", "not a Master List Signer")):
        store = TrustStore.load([tmp_path / name])
        assert store.anchors == [], name
        assert any(why in s.reason for s in store.skipped), (name, store.skipped)


def test_end_entity_and_unsigned_certificates_are_not_cscas(tmp_path: Path) -> None:
    (tmp_path / "ds.pem").write_bytes(PKI.document_signer.certificate.public_bytes(serialization.Encoding.PEM))
    no_sign = issue(csca_profile("CSCA without keyCertSign", key_usage=frozenset({"crl_sign"})),
                    derived_ec_key("no-kcs"), None)
    (tmp_path / "nokcs.pem").write_bytes(no_sign.certificate.public_bytes(serialization.Encoding.PEM))
    store = TrustStore.load([tmp_path])
    assert store.anchors == []
    reasons = " ".join(s.reason for s in store.skipped)
    assert "not a CA" in reasons and "keyCertSign" in reasons


def test_a_link_certificate_joins_the_anchors_only_through_an_installed_csca(tmp_path: Path) -> None:
    new_key = derived_ec_key("csca-2")
    link = issue(csca_profile("CSCA Test Viet Nam"), new_key, PKI.csca)      # new key, same name
    (tmp_path / "link.pem").write_bytes(link.certificate.public_bytes(serialization.Encoding.PEM))
    alone = TrustStore.load([tmp_path / "link.pem"])
    assert alone.anchors == [] and "link certificate" in alone.skipped[0].reason
    (tmp_path / "csca.pem").write_bytes((PKI_DIR / "csca.pem").read_bytes())
    both = TrustStore.load([tmp_path])
    assert len(both.anchors) == 2
    ds = issue(Profile("Document Signer under the new key"), derived_ec_key("ds-2"), link)
    assert check_chain(Certificate.load(_der(ds.certificate)), both, "VN").state == "trusted"


def test_explicit_brainpool_keys_are_used() -> None:
    """151 of the 155 EC CSCAs of the German master list give explicit domain parameters
    (Vietnam's: brainpoolP512r1): they must load as the named curve they equal."""
    csca = issue(csca_profile("CSCA Explicit", explicit=True, hash=hashes.SHA512),
                 derived_ec_key("explicit-csca", ec.BrainpoolP512R1()), None)
    ds = issue(Profile("DS Explicit", explicit=True), derived_ec_key("explicit-ds", ec.BrainpoolP256R1()), csca)
    spki = asn1_x509.Certificate.load(_der(ds.certificate))["tbs_certificate"]["subject_public_key_info"]
    assert spki["algorithm"]["parameters"].name == "specified"
    with pytest.raises((ValueError, UnsupportedAlgorithm)):
        ds.certificate.public_key()                      # what cryptography alone does
    key = load_public_key(spki.dump())
    assert isinstance(key, ec.EllipticCurvePublicKey) and key.curve.name == "brainpoolP256r1"
    store = TrustStore()
    store.add_der(_der(csca.certificate), "explicit")
    assert check_chain(Certificate.load(_der(ds.certificate)), store, "VN").state == "trusted"


def test_explicit_parameters_of_no_known_curve_are_refused() -> None:
    from workstation.emulator.certificate_factory import explicit_spki
    from workstation.verify.public_keys import UnusableKey

    spki = explicit_spki(derived_ec_key("odd", ec.BrainpoolP256R1()).public_key())
    spki["algorithm"]["parameters"].chosen["curve"]["b"] = b"\x05" * 32
    with pytest.raises(UnusableKey, match="no standard curve"):
        load_public_key(spki.dump(force=True))


def test_a_store_of_the_country_without_the_issuer_means_untrusted() -> None:
    store = TrustStore.load([PKI_DIR / "csca.pem"])
    forged = check_signature(parse_sod(card_files("untrusted-signer")[0][FID_SOD]))[0]
    assert check_chain(forged, store, "VN").state == "untrusted"
    assert check_chain(forged, TrustStore(), "VN").state == "not_verified"


def test_a_csca_with_the_right_name_but_another_key_is_invalid() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = PKI.csca.certificate.subject
    impostor = issue(csca_profile("CSCA Test Viet Nam"), key, None)
    assert impostor.certificate.subject == name
    store = TrustStore()
    store.add_der(_der(impostor.certificate), "impostor")
    result = check_chain(_genuine_ds(), store, "VN")
    assert (result.state, result.reason) == ("invalid", "ds_signature_broken")


def test_a_revoked_document_signer_is_invalid_and_the_crl_counts_only_if_its_csca_signed_it(tmp_path: Path) -> None:
    ds = _genuine_ds()
    now = datetime.now(UTC)

    def crl(signer) -> bytes:  # noqa: ANN001
        builder = (x509.CertificateRevocationListBuilder().issuer_name(PKI.csca.certificate.subject)
                   .last_update(now - timedelta(days=3)).next_update(now + timedelta(days=30))
                   .add_revoked_certificate(x509.RevokedCertificateBuilder().serial_number(ds.serial)
                                            .revocation_date(now - timedelta(days=3)).build()))
        return builder.sign(signer.key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)

    (tmp_path / "csca.pem").write_bytes((PKI_DIR / "csca.pem").read_bytes())
    (tmp_path / "fake.crl").write_bytes(crl(PKI.rogue_csca))
    assert check_chain(ds, TrustStore.load([tmp_path]), "VN").state == "trusted"
    (tmp_path / "real.crl").write_bytes(crl(PKI.csca))
    result = check_chain(ds, TrustStore.load([tmp_path]), "VN")
    assert (result.state, result.reason) == ("invalid", "ds_revoked")


def test_a_crl_carried_in_a_master_list_counts(tmp_path: Path) -> None:
    from workstation.emulator.cms_builder import CmsOptions
    from workstation.emulator.simulated_trust import revocation_list

    content = CscaMasterList({"version": 0, "cert_list": [core.Any.load(_der(PKI.csca.certificate))]})
    crl_der = revocation_list().public_bytes(serialization.Encoding.DER)
    (tmp_path / "with-crl.ml").write_bytes(signed_data(OID_CSCA_MASTER_LIST, content.dump(), MLS,
                                                       CmsOptions(crls=(crl_der,))))
    store = TrustStore.load([tmp_path / "with-crl.ml"])
    assert len(store.crls) == 1 and store.crl_of(store.anchors[0]) is not None


def test_unreadable_trust_file_is_skipped_and_named(tmp_path: Path) -> None:
    bad = tmp_path / "broken.der"
    bad.write_bytes(b"\x30\x03\x02\x01")
    store = TrustStore.load([bad])
    assert store.anchors == [] and "broken.der" in store.skipped[0].source
    with pytest.raises(TrustStoreError, match="no such file"):
        TrustStore.load([tmp_path / "missing.pem"])


def test_no_pcscd_is_a_clear_message(tmp_path: Path) -> None:
    """Without the PC/SC service the reader says so in words (libpcsclite is pointed at no socket)."""
    code = ("from workstation.devices.card_reader.pcsc import PcscCardReaderDriver as D\n"
            "from workstation.errors import WorkstationError\n"
            "print(D().probe().detail)\n"
            "try:\n    D().readers()\nexcept WorkstationError as e:\n    print(e.one_line())\n")
    env = {"PCSCLITE_CSOCK_NAME": str(tmp_path / "no-pcscd.comm"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert "pcscd" in out.stdout and "not running" in out.stdout, out.stdout + out.stderr
