"""The attack catalogue: cards a forger, a cloner or a broken chip would present, each wrong in one
way, each with what a correct reader must conclude (`expect`) and the clause that says so.

expect is a verdict code (verify.verdict: forged:<reason>, unknown_signer:<reason>,
withheld:<dg>, clone:<proof>) or error:<class> for a read that must stop with that clear error.
Tests read every card in process and the important ones through pcscd; `workstation sim cards`
lists them.
"""
from __future__ import annotations

import io
import struct
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime

from asn1crypto import cms, core
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image

from workstation.emulator.card import CardBehaviour
from workstation.emulator.card_build import CardBuild, FixtureCard, Hook
from workstation.emulator.certificate_factory import Profile, csca_profile, derived_ec_key, document_type_list, issue
from workstation.emulator.citizens import AN
from workstation.emulator.cms_builder import CmsOptions
from workstation.emulator.datagroups import build_dg1, build_dg2, build_dg13, build_dg14, build_dg15, tlv
from workstation.emulator.pki import Signer, load_test_pki
from workstation.emulator.portrait import draw_portrait, encode_portrait
from workstation.emulator.simulated_trust import REVOKED_SIGNER_CN
from workstation.verify.certificates import OID_DEVIATION_LIST_SIGNER, OID_MASTER_LIST_SIGNER
from workstation.verify.dg14 import ECDSA_PLAIN
from workstation.verify.document_types import OID_DOCUMENT_TYPE_LIST
from workstation.verify.lds import DG_FILE_IDS, FID_CARD_ACCESS, FID_COM, FID_SOD, LdsSecurityObject
from workstation.verify.tlv import parse_single

PKI = load_test_pki()
SHA512_PLAIN = next(oid for oid, name in ECDSA_PLAIN.items() if name == "sha512")
_numbers = iter(range(1, 1000))


def _citizen(name: str):  # noqa: ANN202 - CitizenProfile
    return replace(AN, id_number=f"0010991{next(_numbers):05d}", full_name=name)


def card(name: str, description: str, expect: str, standard: str, *, before: Hook | None = None,
         after: Hook | None = None, behaviour: CardBehaviour = CardBehaviour(), kind: str = "attack",
         citizen: str = "Tạ Văn Giả") -> FixtureCard:
    return FixtureCard(name, kind, description, _citizen(citizen), behaviour=behaviour, before_sign=before,
                       after_sign=after, expect=expect, standard=standard)


# -- signers ---------------------------------------------------------------------------------------
def _signed_by(profile: Profile, issuer: Callable[[], Signer] = lambda: PKI.csca,
               curve: ec.EllipticCurve = ec.SECP256R1()) -> Hook:
    def hook(b: CardBuild) -> None:
        b.signer = issue(profile, b.derived_key(f"signer/{profile.cn}", curve), issuer())
    return hook


def _foreign_csca() -> Signer:
    return issue(csca_profile("CSCA Test Germany", country="DE"), derived_ec_key("csca-de"), None)


def _forged_issuer_name(b: CardBuild) -> None:
    """A DS that names the trusted CSCA as issuer but is signed by the forger's own CSCA key."""
    b.signer = issue(Profile("Document Signer Forged", issuer_name=PKI.csca.certificate.subject),
                     b.derived_key("forged-ds"), PKI.rogue_csca)


def _sod_by_csca(b: CardBuild) -> None:
    b.signer = PKI.csca


def _ds_issued_by_ds(b: CardBuild) -> None:
    b.signer = issue(Profile("Document Signer Under A Signer"), b.derived_key("ds-under-ds"), PKI.document_signer)


def _cms(**options: object) -> Hook:
    def hook(b: CardBuild) -> None:
        b.cms = CmsOptions(**options)  # type: ignore[arg-type]
    return hook


def _lds_md5(b: CardBuild) -> None:
    b.lds_hash = "md5"


def _other_key_same_certificate(b: CardBuild) -> None:
    b.signer = Signer(PKI.document_signer.certificate, PKI.rogue_document_signer.key)


# -- the SOD changed after signing ------------------------------------------------------------------
def _edit_sod(edit: Callable[[cms.SignedData], None]) -> Hook:
    def hook(b: CardBuild) -> None:
        info = cms.ContentInfo.load(parse_single(b.files[FID_SOD], 0x77, "EF.SOD").value)
        signed = info["content"]
        edit(signed)
        b.files[FID_SOD] = tlv(0x77, info.dump(force=True))
    return hook


def _flip_signature(signed: cms.SignedData) -> None:
    info = signed["signer_infos"][0]
    sig = bytearray(info["signature"].native)
    sig[len(sig) // 2] ^= 0x01
    info["signature"] = bytes(sig)


def _alter_lds_hash(signed: cms.SignedData) -> None:
    encap = signed["encap_content_info"]
    lds = LdsSecurityObject.load(encap["content"].native)
    value = bytearray(lds["data_group_hash_values"][0]["data_group_hash_value"].native)
    value[0] ^= 0xFF
    lds["data_group_hash_values"][0]["data_group_hash_value"] = bytes(value)
    encap["content"] = core.ParsableOctetString(lds.dump(force=True))


def _alter_ds_certificate(signed: cms.SignedData) -> None:
    cert = signed["certificates"][0].chosen
    value = bytearray(cert["signature_value"].native)
    value[-1] ^= 0x01
    cert["signature_value"] = bytes(value)


def _deeply_nested_attribute(b: CardBuild) -> None:
    nested = b"\x05\x00"
    for _ in range(3000):
        nested = tlv(0x30, nested)
    b.cms = CmsOptions(extra_attribute_der=nested)


# -- files changed, hidden or unsigned --------------------------------------------------------------
def _replace_file(dg: int, make: Callable[[CardBuild], bytes]) -> Hook:
    def hook(b: CardBuild) -> None:
        b.files[DG_FILE_IDS[dg]] = make(b)
    return hook


def _attacker_ca_key(b: CardBuild) -> None:
    b.ca_key = b.derived_key("attacker-ca", ec.BrainpoolP256R1())
    b.files[DG_FILE_IDS[14]] = build_dg14(b.ca_key.public_key(), ECDSA_PLAIN_SHA256)


def _attacker_aa_key(b: CardBuild) -> None:
    b.aa_key = b.derived_key("attacker-aa")
    b.files[DG_FILE_IDS[15]] = build_dg15(b.aa_key.public_key())


def _unsigned(dg: int) -> Hook:
    """The issuer's SOD does not list `dg`; the chip carries it all the same."""
    def before(b: CardBuild) -> None:
        b.unsigned[dg] = b.dgs.pop(dg)
    return before


def _list_dg11(b: CardBuild) -> None:
    b.dgs[11] = tlv(0x6B, tlv(0x5C, b"\x5f\x0e") + tlv(0x5F0E, "Nguyễn Văn A".encode()))


def _drop(*dgs: int) -> Hook:
    def hook(b: CardBuild) -> None:
        for dg in dgs:
            b.dgs.pop(dg, None)
            if dg in b.com:
                b.com.remove(dg)
    return hook


def _aa_hash_lie(b: CardBuild) -> None:
    b.dgs[14] = build_dg14(b.ca_key.public_key(), SHA512_PLAIN)    # says SHA-512; the chip signs SHA-256


def _no_aa_info_unknown_ca(b: CardBuild) -> None:
    b.dgs[14] = build_dg14(b.ca_key.public_key(), None, ca_protocol="0.4.0.127.0.7.2.2.3.2.9")


def _chip_speaks_another_ca_protocol(b: CardBuild) -> None:
    b.ca_protocol = "0.4.0.127.0.7.2.2.3.2.4"


def _clone_keys(aa: bool, ca: bool) -> Hook:
    def hook(b: CardBuild) -> None:
        if aa:
            b.aa_key = b.derived_key("clone-aa")
        if ca:
            b.ca_key = b.derived_key("clone-ca", ec.BrainpoolP256R1())
    return hook


# -- bombs -----------------------------------------------------------------------------------------
def _huge_length(b: CardBuild) -> bytes:
    return b"\x6d\x84\xff\xff\xff\xff\x30\x00"


def _too_large(b: CardBuild) -> bytes:
    return tlv(0x75, b"\x00" * 400_000)


def _jpeg_bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (16, 16)).save(buffer, "JPEG")
    data = bytearray(buffer.getvalue())
    sof = data.find(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", 65000, 65000)
    return bytes(data)


def _j2k_bomb() -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (16, 16)).save(buffer, "JPEG2000", no_jp2=True)
    data = bytearray(buffer.getvalue())
    siz = data.find(b"\xff\x51")
    data[siz + 6:siz + 14] = struct.pack(">II", 60000, 60000)
    return bytes(data)


def _photo(image: Callable[[], bytes]) -> Hook:
    def hook(b: CardBuild) -> None:
        b.dgs[2] = build_dg2(image(), 240, 320)
    return hook


def _wrong_block_length(b: CardBuild) -> None:
    """The block length our emulator wrote before: 20 instead of the whole block (19794-5 §5.5.1)."""
    dg2 = bytearray(b.dgs[2])
    at = dg2.find(b"FAC\x0001\x30\x00") + 14
    dg2[at:at + 4] = struct.pack(">I", 20)
    b.dgs[2] = bytes(dg2)


def _bad_date(b: CardBuild) -> None:
    b.dgs[13] = b.dgs[13].replace(b"01/01/1999", b"31/02/1999")


def _unknown_card_access(b: CardBuild) -> None:
    """EF.CardAccess with an unknown protocol and a PACE OID of an unknown cipher (suffix 9): the
    reader skips both (ICAO 9303-11 §9.2: unknown SecurityInfos are ignored) and uses BAC."""
    unknown = tlv(0x30, core.ObjectIdentifier("1.2.3.4.5").dump() + core.Integer(1).dump())
    pace = tlv(0x30, core.ObjectIdentifier("0.4.0.127.0.7.2.2.4.2.9").dump() + core.Integer(2).dump()
               + core.Integer(13).dump())
    b.files[FID_CARD_ACCESS] = tlv(0x31, unknown + pace)


def _com_lies(b: CardBuild) -> None:
    from workstation.emulator.datagroups import build_com
    b.files[FID_COM] = build_com([1, 2, 11, 13, 14, 15])


OID_PRIVATE_TEST = "1.3.6.1.4.1.55555.1.1"     # a private extension no reader knows


ECDSA_PLAIN_SHA256 = next(oid for oid, name in ECDSA_PLAIN.items() if name == "sha256")
_DS = "ICAO 9303-12 §7.1.1 (Document Signer profile)"
_CMS = "RFC 5652 §5.3-5.4; ICAO 9303-10 §4.6.2"
_COMPLETE = "ICAO 9303-11 §5.1 (passive authentication of every data group read)"


ATTACKS: tuple[FixtureCard, ...] = (
    # -- the Document Signer's chain ----------------------------------------------------------------
    FixtureCard("untrusted-signer", "attack", "SOD signed by a Document Signer outside the trust store",
                replace(AN, id_number="001099066666", full_name="Tạ Văn Sơn"),
                before_sign=lambda b: setattr(b, "signer", PKI.rogue_document_signer),
                expect="unknown_signer:ds_issuer_not_installed", standard="ICAO 9303-11 §5.1.1"),
    card("attack-ds-other-country", "A German Document Signer under a German CSCA signs a Vietnamese card",
         "forged:country_mismatch", "ICAO 9303-11 §5.1.1; 9303-12 §7.1.1",
         before=_signed_by(Profile("Document Signer Germany", country="DE"), _foreign_csca)),
    card("attack-ds-issuer-other-country", "A DS of VN issued by a CSCA of another country",
         "forged:country_mismatch", "ICAO 9303-12 §7.1.1", before=_signed_by(Profile("Document Signer VN under DE"),
                                                                             _foreign_csca)),
    card("attack-ds-no-country", "A Document Signer certificate without a country", "forged:country_mismatch",
         "ICAO 9303-12 §7.1.1 (countryName SHALL be present)",
         before=_signed_by(Profile("Document Signer Stateless", country=None))),
    card("attack-ds-issuer-name-forged", "Names the trusted CSCA as issuer, signed by the forger's key",
         "forged:ds_signature_broken", "RFC 5280 §6.1.3 (a)(1)", before=_forged_issuer_name),
    card("attack-ds-issued-by-a-signer", "A Document Signer certificate issued by another Document Signer",
         "unknown_signer:ds_issuer_not_installed", "ICAO 9303-12 §7.1.1", before=_ds_issued_by_ds),
    card("attack-ds-expired", "Document Signer certificate expired (the card has an expiry date)",
         "forged:ds_expired", _DS, before=_signed_by(Profile(
             "Document Signer Expired", not_after=datetime(2025, 6, 1, tzinfo=UTC)))),
    card("attack-ds-not-yet-valid", "Document Signer certificate valid only from 2030", "forged:ds_not_yet_valid",
         _DS, before=_signed_by(Profile("Document Signer Future", not_before=datetime(2030, 1, 1, tzinfo=UTC),
                                        not_after=datetime(2040, 1, 1, tzinfo=UTC)))),
    card("attack-ds-before-its-csca", "Document Signer issued before its CSCA's validity began",
         "forged:ds_outside_csca_validity", _DS, before=_signed_by(Profile(
             "Document Signer Backdated", not_before=datetime(2023, 6, 1, tzinfo=UTC)))),
    card("attack-ds-no-digital-signature", "Document Signer whose keyUsage is key agreement only",
         "forged:ds_key_usage", "RFC 5280 §4.2.1.3; " + _DS,
         before=_signed_by(Profile("Document Signer Key Agreement", key_usage=frozenset({"key_agreement"})))),
    card("attack-ds-no-key-usage", "Document Signer certificate without keyUsage", "forged:ds_key_usage", _DS,
         before=_signed_by(Profile("Document Signer No Usage", key_usage=None))),
    card("attack-ds-is-a-ca", "The SOD signed with a CA certificate (basicConstraints cA)", "forged:ds_is_ca", _DS,
         before=_signed_by(Profile("Document Signer CA", ca=True,
                                   key_usage=frozenset({"digital_signature", "key_cert_sign"})))),
    card("attack-ds-master-list-signer", "The SOD signed by a Master List Signer", "forged:ds_wrong_role",
         "ICAO 9303-12 §7.1.1 (extKeyUsage 2.23.136.1.1.3)",
         before=_signed_by(Profile("Master List Signer Misused", extended_key_usage=(OID_MASTER_LIST_SIGNER,)))),
    card("attack-ds-deviation-list-signer", "The SOD signed by a Deviation List Signer", "forged:ds_wrong_role",
         "ICAO 9303-12 §7.1.1 (extKeyUsage 2.23.136.1.1.8)",
         before=_signed_by(Profile("Deviation List Signer Misused",
                                   extended_key_usage=(OID_DEVIATION_LIST_SIGNER,)))),
    card("attack-sod-signed-by-csca", "The SOD signed with the CSCA's own key and certificate", "forged:ds_is_ca",
         _DS, before=_sod_by_csca),
    card("attack-ds-revoked", "Document Signer revoked by the CSCA's CRL", "forged:ds_revoked", "RFC 5280 §6.3",
         before=_signed_by(Profile(REVOKED_SIGNER_CN))),
    card("attack-ds-unknown-critical-extension",
         "Document Signer certificate with a critical private extension the reader does not recognise",
         "forged:ds_unknown_critical_extension", "RFC 5280 §4.2",
         before=_signed_by(Profile("Document Signer Critical Unknown", critical_extra=(
             x509.UnrecognizedExtension(x509.ObjectIdentifier(OID_PRIVATE_TEST), b"\x05\x00"),)))),
    card("attack-ds-passports-only", "Document Signer whose Document Type List says passports only (\"P\")",
         "forged:ds_document_type", "ICAO 9303-12 §7.1.1.3",
         before=_signed_by(Profile("Document Signer Passports", extra=(document_type_list("P"),)))),
    card("attack-ds-document-types-unreadable", "Document Signer whose Document Type List is not the ICAO syntax",
         "forged:ds_document_type", "ICAO 9303-12 §7.1.1.3 (a list the reader cannot read vouches for nothing)",
         before=_signed_by(Profile("Document Signer Garbled Types", extra=(x509.UnrecognizedExtension(
             x509.ObjectIdentifier(OID_DOCUMENT_TYPE_LIST), b"\x05\x00"),)))),
    card("attack-ds-certificate-altered", "The carried DS certificate altered (its CSCA signature breaks)",
         "forged:ds_signature_broken", "RFC 5280 §6.1.3", after=_edit_sod(_alter_ds_certificate)),
    # -- CMS laxity -------------------------------------------------------------------------------
    card("attack-sod-md5", "SOD digest algorithm MD5", "forged:cms_algorithm", _CMS, before=_cms(digest="md5", signature_hash="sha256")),
    card("attack-sod-lds-md5", "LDS security object hashes the data groups with MD5", "error:ChipDataError",
         "ICAO 9303-10 §4.6.2.3", before=_lds_md5),
    card("attack-sod-declared-sha512", "Declares ecdsa-with-SHA512, signed with SHA-256",
         "forged:signature_invalid", "RFC 5652 §5.3 (signatureAlgorithm)",
         before=_cms(declared_signature="sha512_ecdsa")),
    card("attack-sod-declared-rsa", "Declares sha256WithRSAEncryption for an EC key", "forged:cms_algorithm",
         _CMS, before=_cms(declared_signature="sha256_rsa")),
    card("attack-sod-no-signed-attributes", "SignerInfo without signed attributes", "forged:cms_signed_attributes",
         "ICAO 9303-10 §4.6.2.2", before=_cms(signed_attributes=False)),
    card("attack-sod-content-type-data", "Signed content-type id-data instead of the LDS security object",
         "forged:cms_content_type", "RFC 5652 §11.1", before=_cms(content_type_attribute="1.2.840.113549.1.7.1")),
    card("attack-sod-no-content-type", "Signed attributes without content-type", "forged:cms_signed_attributes",
         "RFC 5652 §11.1", before=_cms(content_type_attribute="")),
    card("attack-sod-message-digest-other", "Signed message digest of other content", "forged:cms_message_digest",
         "RFC 5652 §11.2", before=_cms(message_digest_of=b"another security object")),
    card("attack-sod-two-signers", "Two SignerInfos", "forged:cms_signer_count", "ICAO 9303-10 §4.6.2.2",
         before=_cms(second_signer=True)),
    card("attack-sod-sid-other-serial", "SignerInfo names a serial number no carried certificate has",
         "forged:cms_sid", "RFC 5652 §5.3 (sid)", before=_cms(sid_serial_offset=1)),
    card("attack-sod-no-certificate", "No Document Signer certificate in the SOD", "forged:cms_sid",
         "RFC 5652 §5.3", before=_cms(certificates=())),
    card("attack-sod-other-key", "The genuine DS certificate, the SOD signed with another key",
         "forged:signature_invalid", _CMS, before=_other_key_same_certificate),
    card("attack-sod-signature-flipped", "One bit of the SOD signature flipped", "forged:signature_invalid",
         _CMS, after=_edit_sod(_flip_signature)),
    card("attack-sod-hash-altered", "A hash in the security object altered after signing",
         "forged:cms_message_digest", "RFC 5652 §11.2", after=_edit_sod(_alter_lds_hash)),
    card("attack-sod-deep-nesting", "A signed attribute nested 3000 levels deep", "error:ChipDataError",
         "ISO/IEC 8825-1 (bounded by the reader)", before=_deeply_nested_attribute),
    # -- each data group tampered, unsigned or hidden ------------------------------------------------
    FixtureCard("tampered-dg13", "attack", "DG13 altered after signing (hash mismatch)",
                replace(AN, id_number="001099055555", full_name="Lý Văn Quang"),
                after_sign=_replace_file(13, lambda b: build_dg13(
                    replace(b.card.profile, place_of_residence="Số 99 Đường Giả Mạo, Hà Nội"), b.card.layout)),
                expect="forged:hashes", standard=_COMPLETE),
    card("attack-tampered-dg1", "DG1 (MRZ) altered after signing", "forged:hashes", _COMPLETE,
         after=_replace_file(1, lambda b: build_dg1(replace(b.card.profile, sex="Nữ")))),
    card("attack-tampered-dg2", "The chip photo replaced after signing", "forged:hashes", _COMPLETE,
         after=_replace_file(2, lambda b: build_dg2(encode_portrait(draw_portrait("someone else")), 240, 320))),
    card("attack-tampered-dg14", "DG14 holds the attacker's chip-authentication key (CA passes, hash fails)",
         "forged:hashes", _COMPLETE, after=_attacker_ca_key),
    card("attack-tampered-dg15", "DG15 holds the attacker's active-authentication key (AA passes, hash fails)",
         "forged:hashes", _COMPLETE, after=_attacker_aa_key),
    card("attack-unsigned-dg14", "DG14 on the chip, not in the SOD", "forged:hashes", _COMPLETE,
         before=_unsigned(14)),
    card("attack-unsigned-dg13", "DG13 on the chip, not in the SOD", "forged:hashes", _COMPLETE,
         before=_unsigned(13)),
    card("attack-unsigned-dg2", "The photo on the chip, not in the SOD", "forged:hashes", _COMPLETE,
         before=_unsigned(2)),
    card("attack-hides-dg14", "The SOD lists DG14; the chip answers 6A82 (hides its CA key)", "withheld:dg14",
         _COMPLETE, behaviour=CardBehaviour(refused_files=((0x010E, 0x6A82),))),
    card("attack-hides-dg14-6982", "The SOD lists DG14; the chip answers 6982", "withheld:dg14", _COMPLETE,
         behaviour=CardBehaviour(refused_files=((0x010E, 0x6982),))),
    card("attack-hides-dg15", "The SOD lists DG15; the chip answers 6A82 (hides its AA key)", "withheld:dg15",
         _COMPLETE, behaviour=CardBehaviour(refused_files=((0x010F, 0x6A82),))),
    card("attack-hides-dg15-plain", "DG15 refused with a bare status word under secure messaging",
         "withheld:dg15", _COMPLETE, behaviour=CardBehaviour(refused_files=((0x010F, 0x6A82),), plain_errors=True)),
    card("attack-hides-listed-dg11", "The SOD lists DG11; the chip refuses it", "withheld:dg11", _COMPLETE,
         before=_list_dg11, behaviour=CardBehaviour(refused_files=((0x010B, 0x6A82),))),
    card("attack-com-lies", "EF.COM lists DG11 and not DG3 (EF.COM is unsigned: the SOD rules, difference reported)",
         "genuine", "ICAO 9303-10 §4.6.1", after=_com_lies, kind="fault"),
    # -- clones -----------------------------------------------------------------------------------
    FixtureCard("cloned", "attack", "Cloned chip: data copied, keys not (AA and CA fail)",
                replace(AN, id_number="001099044444", full_name="Cao Văn Phúc"),
                after_sign=_clone_keys(aa=True, ca=True), expect="clone:active_auth", standard="ICAO 9303-11 §6"),
    card("attack-clone-aa-only", "Copy with the chip-authentication key but not the AA key", "clone:active_auth",
         "ICAO 9303-11 §6.1", after=_clone_keys(aa=True, ca=False)),
    card("attack-clone-ca-only", "Copy with the AA key but not the chip-authentication key", "clone:chip_auth",
         "ICAO 9303-11 §6.2", after=_clone_keys(aa=False, ca=True)),
    card("attack-no-aa-no-ca", "No DG14, no DG15: nothing proves the chip is not a copy", "clone:no_proof",
         "ICAO 9303-11 §6", before=_drop(14, 15)),
    card("attack-aa-hash-lie", "DG14 names SHA-512 for active authentication; the chip signs SHA-256",
         "clone:active_auth", "ICAO 9303-11 §6.1", before=_aa_hash_lie),
    card("attack-no-aa-info-no-ca", "EC active-authentication key without ActiveAuthenticationInfo, CA of an "
         "unknown cipher", "clone:no_proof", "ICAO 9303-11 §6.1", before=_no_aa_info_unknown_ca),
    card("attack-ca-refused", "The chip refuses the chip-authentication protocol its DG14 names",
         "clone:chip_auth", "ICAO 9303-11 §6.2.4", before=_chip_speaks_another_ca_protocol),
    # -- the channel ------------------------------------------------------------------------------
    card("attack-pace-bad-point", "PACE mapping point off the curve (invalid-curve attack)", "error:ChipDataError",
         "BSI TR-03111 §3.2.2 (public key validation)", behaviour=CardBehaviour(pace_fault="bad_point")),
    card("attack-sm-bad-mac", "Secure-messaging responses with a wrong MAC", "error:SecureMessagingError",
         "ICAO 9303-11 §9.8.6", behaviour=CardBehaviour(sm_fault="bad_mac", sm_fault_after=3)),
    card("attack-sm-replay", "A previous secure-messaging response replayed", "error:SecureMessagingError",
         "ICAO 9303-11 §9.8.2 (send sequence counter)", behaviour=CardBehaviour(sm_fault="replay", sm_fault_after=3)),
    card("attack-sm-bare-ok", "9000 answered without secure messaging", "error:SecureMessagingError",
         "ICAO 9303-11 §9.8.6", behaviour=CardBehaviour(sm_fault="bare_ok", sm_fault_after=3)),
    card("attack-sm-no-mac", "Responses without their MAC object", "error:SecureMessagingError",
         "ICAO 9303-11 §9.8.6", behaviour=CardBehaviour(sm_fault="no_mac", sm_fault_after=3)),
    # -- bombs and trickles -----------------------------------------------------------------------
    card("attack-tlv-huge-length", "DG13 declares a length of 0xFFFFFFFF", "error:ChipDataError",
         "ISO/IEC 7816-4 §5.2 (bounded by the reader)", after=_replace_file(13, _huge_length)),
    card("attack-file-too-large", "DG2 declares 400 KB", "error:ChipDataError", "bounded by the reader",
         after=_replace_file(2, _too_large)),
    card("attack-trickle", "Four bytes per READ BINARY of a 10 KB photo", "error:ReadLimitExceeded", "bounded by the reader",
         behaviour=CardBehaviour(max_response=4)),
    card("attack-jpeg-bomb", "A signed JPEG photo that claims 65000 × 65000 pixels", "error:ChipDataError",
         "ISO/IEC 19794-5 (bounded by the reader)", before=_photo(_jpeg_bomb)),
    card("attack-jpeg2000-bomb", "A signed JPEG 2000 photo that claims 60000 × 60000 pixels", "error:ChipDataError",
         "ISO/IEC 19794-5 (bounded by the reader)", before=_photo(_j2k_bomb)),
    card("attack-dg2-block-length", "Facial record block length that does not count the image",
         "error:ChipDataError", "ISO/IEC 19794-5:2005 §5.5.1", before=_wrong_block_length),
    card("attack-dg13-impossible-date", "DG13 birth date 31/02/1999 (signed)", "error:ChipDataError",
         "REFERENCE-CCCD DG13 field 3", before=_bad_date),
    card("attack-card-access-unknown", "EF.CardAccess with unknown protocols only: BAC still opens the chip",
         "genuine", "ICAO 9303-11 §9.2", after=_unknown_card_access, kind="fault"),
)
