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

from asn1crypto import algos, core
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from workstation.emulator.cms_builder import CmsOptions, signed_data
from workstation.emulator.pki import Signer
from workstation.emulator.profile import CitizenProfile
from workstation.verify.dg14 import OID_CA_ECDH_AES_CBC_CMAC_128, OID_PK_ECDH
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
    """ISO/IEC 19794-5:2005 facial record inside the ICAO biometric information template
    (ICAO 9303-10 §4.7.2). §5.5.1: the facial record block length counts the whole block: the
    20-byte facial information, no feature points, the 12-byte image information and the image."""
    block_length = 20 + 12 + len(image)
    facial_info = struct.pack(">IHBBB3sH3s3s", block_length, 0, 0, 0, 0, b"\x00\x00\x00", 0, b"\x00\x00\x00",
                              b"\x00\x00\x00")
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
    L = layout.long_form_lengths  # noqa: N806
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


OID_AA = "2.23.136.1.1.5"


def build_dg14(ca_public_key: ec.EllipticCurvePublicKey, aa_signature_oid: str | None = None,
               ca_protocol: str = OID_CA_ECDH_AES_CBC_CMAC_128) -> bytes:
    """SecurityInfos (ICAO 9303-11 §9.2): the chip authentication key and protocol, and for an
    ECDSA active-authentication key the ActiveAuthenticationInfo naming its signature algorithm
    (§6.1: it SHALL be present for ECDSA)."""
    ca_key = tlv(0x30, core.ObjectIdentifier(OID_PK_ECDH).dump() + _spki(ca_public_key))
    ca_info = tlv(0x30, core.ObjectIdentifier(ca_protocol).dump() + core.Integer(1).dump())
    aa_info = b""
    if aa_signature_oid is not None:
        aa_info = tlv(0x30, core.ObjectIdentifier(OID_AA).dump() + core.Integer(1).dump()
                      + core.ObjectIdentifier(aa_signature_oid).dump())
    return tlv(0x6E, tlv(0x31, ca_key + ca_info + aa_info))


def build_dg3() -> bytes:
    """DG3 as the chip holds it: a biometric information group template (ICAO 9303-10 §4.7.3) with
    no finger records. Never given out (it needs Terminal Authentication); only its hash in the
    SOD matters to the reader, as on real EAC chips."""
    return tlv(0x63, tlv(0x7F61, tlv(0x02, b"\x00")))


def build_dg15(aa_public_key: ec.EllipticCurvePublicKey | rsa.RSAPublicKey) -> bytes:
    return tlv(0x6F, _spki(aa_public_key))


def build_sod(data_groups: dict[int, bytes], signer: Signer, options: CmsOptions = CmsOptions(),
              lds_hash: str = "sha256") -> bytes:
    """EF.SOD (ICAO 9303-10 §4.6.2): CMS SignedData over the LDS security object, which holds
    the `lds_hash` of every data group."""
    lds = LdsSecurityObject({
        "version": 0,
        "hash_algorithm": algos.DigestAlgorithm({"algorithm": lds_hash}),
        "data_group_hash_values": [
            DataGroupHash({"data_group_number": dg, "data_group_hash_value": hashlib.new(lds_hash, content).digest()})
            for dg, content in sorted(data_groups.items())
        ],
    }).dump()
    return tlv(0x77, signed_data(OID_LDS_SECURITY_OBJECT, lds, signer, options))
