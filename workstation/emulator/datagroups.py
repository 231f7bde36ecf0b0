"""Encoding a citizen profile into the chip's files: COM, DG1, DG2, DG13, DG14, DG15 and SOD.

The layouts follow ICAO 9303-10 and, for DG13, the CCCD layout of ../shared/REFERENCE-CCCD.md with
its variants, so the reader meets on the emulator what it meets in the field.
"""
from __future__ import annotations

import hashlib
import struct
import unicodedata
from dataclasses import dataclass
from datetime import date

from asn1crypto import algos, cms, core, x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from workstation.emulator.pki import Signer
from workstation.emulator.profile import CitizenProfile
from workstation.verify.lds import DG_TAGS, OID_LDS_SECURITY_OBJECT, DataGroupHash, LdsSecurityObject
from workstation.verify.mrz import compose_td1
from workstation.verify.names import fold
from workstation.verify.tlv import encode, encode_length

DG13_OID = bytes.fromhex("0606 28D316010008".replace(" ", ""))
NO_EXPIRY_TEXT = "Không thời hạn"
NO_EXPIRY_MRZ = "<<<<<<"   # assumption: the MRZ of a card without expiry leaves the field empty


def tlv(tag: int, value: bytes, long_form: bool = False) -> bytes:
    """BER-TLV; `long_form` writes lengths as 81 xx / 82 xx xx even when one byte would do."""
    if not long_form:
        return encode(tag, value)
    tag_bytes = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")
    n = len(value)
    length = (b"\x81" + bytes([n])) if n < 256 else encode_length(n)
    return tag_bytes + length + value


def yymmdd(d: date | None) -> str:
    return d.strftime("%y%m%d") if d else NO_EXPIRY_MRZ


def mrz_for(profile: CitizenProfile) -> str:
    words = fold(profile.full_name).split()
    return compose_td1(
        document_number=profile.document_number,
        optional_data_1=profile.id_number,
        birth_date=yymmdd(profile.birth_date), sex=profile.mrz_sex, expiry_date=yymmdd(profile.expiry_date),
        nationality="VNM", surname=words[0], given_names=" ".join(words[1:]),
    )


def build_com(data_groups: list[int]) -> bytes:
    tags = bytes(DG_TAGS[dg] for dg in data_groups)
    return tlv(0x60, tlv(0x5F01, b"0107") + tlv(0x5F36, b"040000") + tlv(0x5C, tags))


def build_dg1(profile: CitizenProfile) -> bytes:
    return tlv(0x61, tlv(0x5F1F, mrz_for(profile).encode("ascii")))


def build_dg2(image: bytes, width: int, height: int, jpeg2000: bool = False) -> bytes:
    """ISO/IEC 19794-5:2005 facial record inside the ICAO biometric information template."""
    facial_info = struct.pack(">IHBBB3sH3s3s", 20, 0, 0, 0, 0, b"\x00\x00\x00", 0, b"\x00\x00\x00", b"\x00\x00\x00")
    image_info = struct.pack(">BBHHBBHH", 1, 1 if jpeg2000 else 0, width, height, 1, 2, 0, 0)
    body = facial_info + image_info + image
    header = b"FAC\x00" + b"010\x00" + struct.pack(">IH", 14 + len(body), 1)
    record = header + body
    bht = tlv(0xA1, tlv(0x80, b"\x01\x01") + tlv(0x81, b"\x02") + tlv(0x87, b"\x01\x01") + tlv(0x88, b"\x00\x08"))
    bit = tlv(0x7F60, bht + tlv(0x5F2E, record))
    return tlv(0x75, tlv(0x7F61, tlv(0x02, b"\x01") + bit))


@dataclass(frozen=True)
class Dg13Layout:
    """The DG13 variants seen in the field (see REFERENCE-CCCD.md)."""

    parents_joined: bool = False     # field 13 as one SEQUENCE {father, mother} instead of two
    long_form_lengths: bool = False
    old_id_field: int | None = 15    # where the old ID number goes: 15, 16 or nowhere
    serial_field: int | None = 16    # where the 16-character serial goes


def _printable(text: str) -> bytes:
    return tlv(0x13, text.encode("ascii"))


def _utf8(text: str) -> bytes:
    return tlv(0x0C, unicodedata.normalize("NFC", text).encode("utf-8"))


def build_dg13(profile: CitizenProfile, layout: Dg13Layout = Dg13Layout()) -> bytes:
    L = layout.long_form_lengths
    def entry(n: int, *values: bytes) -> bytes:
        return tlv(0x30, tlv(0x02, bytes([n]), L) + b"".join(values), L)

    expiry = profile.expiry_date.strftime("%d/%m/%Y") if profile.expiry_date else NO_EXPIRY_TEXT
    entries = [
        entry(1, _printable(profile.id_number)),
        entry(2, _utf8(profile.full_name)),
        entry(3, _printable(profile.birth_date.strftime("%d/%m/%Y"))),
        entry(4, _utf8(profile.sex)),
        entry(5, _utf8(profile.nationality)),
        entry(6, _utf8(profile.ethnicity)),
        entry(7, _utf8(profile.religion)),
        entry(8, _utf8(profile.place_of_origin)),
        entry(9, _utf8(profile.place_of_residence)),
        entry(10, _utf8(profile.identifying_marks)),
        entry(11, _printable(profile.issue_date.strftime("%d/%m/%Y"))),
        entry(12, _utf8(expiry)),
    ]
    if layout.parents_joined:
        entries.append(entry(13, tlv(0x30, _utf8(profile.father_name) + _utf8(profile.mother_name), L)))
    else:
        entries.append(entry(13, tlv(0x30, _utf8(profile.father_name), L), tlv(0x30, _utf8(profile.mother_name), L)))
    entries.append(entry(14, tlv(0x30, _utf8(profile.spouse_name), L)) if profile.spouse_name else entry(14))
    extra = {}
    if profile.old_id_number and layout.old_id_field:
        extra[layout.old_id_field] = profile.old_id_number
    if profile.card_serial and layout.serial_field:
        extra[layout.serial_field] = profile.card_serial
    for n in sorted(extra):
        entries.append(entry(n, _printable(extra[n])))
    body = tlv(0x02, b"\x01", L) + DG13_OID + tlv(0x31, b"".join(entries), L)
    return tlv(0x6D, tlv(0x30, body, L), L)


def _spki(public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey) -> bytes:
    return public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


OID_PK_ECDH = "0.4.0.127.0.7.2.2.1.2"
OID_CA_ECDH_AES_CBC_CMAC_128 = "0.4.0.127.0.7.2.2.3.2.2"


def build_dg14(ca_public_key: ec.EllipticCurvePublicKey) -> bytes:
    ca_key = tlv(0x30, core.ObjectIdentifier(OID_PK_ECDH).dump() + _spki(ca_public_key))
    ca_info = tlv(0x30, core.ObjectIdentifier(OID_CA_ECDH_AES_CBC_CMAC_128).dump() + core.Integer(1).dump())
    return tlv(0x6E, tlv(0x31, ca_key + ca_info))


def build_dg15(aa_public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey) -> bytes:
    return tlv(0x6F, _spki(aa_public_key))


def build_sod(data_groups: dict[int, bytes], signer: Signer) -> bytes:
    """EF.SOD: CMS SignedData over the LDS security object (SHA-256 hashes of every DG)."""
    lds = LdsSecurityObject({
        "version": 0,
        "hash_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
        "data_group_hash_values": [
            DataGroupHash({"data_group_number": dg, "data_group_hash_value": hashlib.sha256(content).digest()})
            for dg, content in sorted(data_groups.items())
        ],
    }).dump()
    signed_attrs = cms.CMSAttributes([
        cms.CMSAttribute({"type": "content_type", "values": [OID_LDS_SECURITY_OBJECT]}),
        cms.CMSAttribute({"type": "message_digest", "values": [hashlib.sha256(lds).digest()]}),
    ])
    signature = signer.key.sign(signed_attrs.dump(), ec.ECDSA(hashes.SHA256()))
    cert = asn1_x509.Certificate.load(signer.certificate.public_bytes(serialization.Encoding.DER))
    signed_data = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {"content_type": OID_LDS_SECURITY_OBJECT, "content": lds},
        "certificates": [cert],
        "signer_infos": [{
            "version": "v1",
            "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
                "issuer": cert.issuer, "serial_number": cert.serial_number})}),
            "digest_algorithm": algos.DigestAlgorithm({"algorithm": "sha256"}),
            "signed_attrs": signed_attrs,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            "signature": signature,
        }],
    })
    content_info = cms.ContentInfo({"content_type": "signed_data", "content": signed_data})
    return tlv(0x77, content_info.dump())
