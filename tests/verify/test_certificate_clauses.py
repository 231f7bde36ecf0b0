"""Two clauses of the certificate rules (issue 20, finding 19): a critical extension the reader does
not recognise refuses the certificate (RFC 5280 §4.2), DS and CSCA alike; a Document Signer whose
ICAO Document Type List (9303-12 §7.1.1.3) does not include the document does not vouch for it."""
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from workstation.core.enrollment.checks import chip_checks
from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
from workstation.core.card_reading import read_card
from workstation.emulator.certificate_factory import (
    Profile,
    csca_profile,
    derived_ec_key,
    document_type_list,
    issue,
)
from workstation.emulator.fixtures import build_card, fixture
from workstation.emulator.pki import PKI_DIR, load_test_pki
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.verify.access_keys import keys_from_qr
from workstation.verify.certificates import Certificate, csca_problems
from workstation.verify.document_types import (
    DocumentTypesUnreadable,
    covers,
    encode_document_types,
    parse_document_types,
)
from workstation.verify.passive_auth import check_chain
from workstation.verify.qr import parse_qr
from workstation.verify.trust_store import TrustStore

PKI = load_test_pki()
UNKNOWN = x509.UnrecognizedExtension(x509.ObjectIdentifier("1.3.6.1.4.1.55555.1.9"), b"\x05\x00")


def _cert(signer) -> Certificate:  # noqa: ANN001
    return Certificate.load(signer.certificate.public_bytes(serialization.Encoding.DER))


def _ds(name: str, **profile: object) -> Certificate:
    return _cert(issue(Profile(name, **profile), derived_ec_key(name), PKI.csca))  # type: ignore[arg-type]


STORE = TrustStore.load([PKI_DIR / "csca.pem"])


@pytest.mark.parametrize(("types", "code", "allowed"), [
    (("P",), "ID", False), (("P",), "P", True), (("P",), "PO", True),     # one letter: every P... type
    (("ID",), "ID", True), (("ID",), "I", False), (("I",), "ID", True),   # MRZ "I<" is code "I"
    (("I",), "I<", True), (("AC", "P"), "ID", False), (("P", "ID"), "ID", True), (("ID",), "", False),
])
def test_which_document_a_type_list_covers(types: tuple[str, ...], code: str, allowed: bool) -> None:
    assert covers(types, code) is allowed


def test_the_list_round_trips_and_anything_else_is_unreadable() -> None:
    assert parse_document_types(encode_document_types(("P", "ID"))) == ("P", "ID")
    for bad in (b"\x05\x00", encode_document_types(("ID",), version=1), encode_document_types(("IDX",)),
                encode_document_types(()), encode_document_types(("ID",)) + b"\x00"):
        with pytest.raises(DocumentTypesUnreadable):
            parse_document_types(bad)


def test_a_signer_of_passports_only_does_not_vouch_for_an_id_card() -> None:
    ds = _ds("DS Passports Unit", extra=(document_type_list("P"),))
    result = check_chain(ds, STORE, "VN", document_code="ID")
    assert (result.state, result.reason) == ("invalid", "ds_document_type")
    assert "P documents only" in result.detail
    assert check_chain(ds, STORE, "VN", document_code="P").state == "trusted"
    assert check_chain(ds, STORE, "VN").state == "invalid"              # document type unknown: fail closed


def test_a_recognised_critical_extension_is_applied_an_unknown_one_refuses() -> None:
    listed = _ds("DS Critical Types Unit", critical_extra=(document_type_list("ID"),))
    assert check_chain(listed, STORE, "VN", document_code="ID").state == "trusted"
    unknown = _ds("DS Critical Unknown Unit", critical_extra=(UNKNOWN,))
    result = check_chain(unknown, STORE, "VN", document_code="ID")
    assert (result.state, result.reason) == ("invalid", "ds_unknown_critical_extension")
    assert "1.3.6.1.4.1.55555.1.9" in result.detail
    harmless = _ds("DS Noncritical Unknown Unit", extra=(UNKNOWN,))          # non-critical: ignored (§4.2)
    assert check_chain(harmless, STORE, "VN", document_code="ID").state == "trusted"


def test_a_csca_with_an_unknown_critical_extension_is_not_installed(tmp_path: Path) -> None:
    csca = issue(csca_profile("CSCA Critical Unknown", critical_extra=(UNKNOWN,)), derived_ec_key("csca-crit"), None)
    assert [p.code for p in csca_problems(_cert(csca))] == ["csca_unknown_critical_extension"]
    (tmp_path / "csca.pem").write_bytes(csca.certificate.public_bytes(serialization.Encoding.PEM))
    store = TrustStore.load([tmp_path])
    assert not store.anchors
    assert "critical extension" in store.skipped[0].reason
    assert not csca_problems(_cert(PKI.csca))


def _read(name: str):  # noqa: ANN202
    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(name))
    return read_card(reader.connect, keys_from_qr(parse_qr(fixture(name).qr)), simulated_trust_store())


@pytest.mark.parametrize(("name", "code", "words"), [
    ("attack-ds-passports-only", "forged:ds_document_type", "không được phép ký loại giấy tờ này"),
    ("attack-ds-unknown-critical-extension", "forged:ds_unknown_critical_extension", "máy trạm không hiểu"),
])
def test_the_officer_is_told_in_words_and_the_chip_is_red(name: str, code: str, words: str) -> None:
    read = _read(name)
    assert read.verdict.codes[0] == code
    chip = chip_checks(read)[0]
    assert chip.level == "fail"
    assert words in chip.message.vi and chip.next_step is not None


def test_a_signer_that_may_sign_id_cards_stays_green() -> None:
    read = _read("variant-ds-document-types")
    assert read.verdict.verdict == "genuine", read.verdict.reasons
    assert chip_checks(read)[0].level == "ok"
