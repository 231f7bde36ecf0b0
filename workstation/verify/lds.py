"""ASN.1 structures of the eMRTD logical data structure (ICAO 9303-10/11) on asn1crypto."""
from __future__ import annotations

from asn1crypto import algos, cms, core, keys

OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
EMRTD_AID = bytes.fromhex("A0000002471001")
# EF.CardAccess as published for CCCD: TA v1, CA ECDH-AES-128 v1, PACE ECDH-GM-AES-128 v2, param 13.
# The reader falls back to it when the chip refuses the file; the emulator's cards carry it.
CCCD_CARD_ACCESS = bytes.fromhex(
    "3134300d060804007f0007020202020101300f060a04007f000702020302020201013012060a04007f0007020204"
    "020202010202010d")
cms.ContentType._map[OID_LDS_SECURITY_OBJECT] = "ldsSecurityObject"  # noqa: SLF001 - asn1crypto's registry

# Data groups 1-16: file id 01nn and short file id nn (ICAO 9303-10 §3.6.2, table 3 / §4.6.1 tags)
DG_FILE_IDS = {n: 0x0100 + n for n in range(1, 17)}
DG_TAGS = {1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68, 9: 0x69, 10: 0x6A,
           11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70}
TAG_TO_DG = {tag: dg for dg, tag in DG_TAGS.items()}
FID_COM, FID_SOD, FID_CARD_ACCESS = 0x011E, 0x011D, 0x011C
SFI = {FID_COM: 0x1E, FID_SOD: 0x1D, FID_CARD_ACCESS: 0x1C, **{fid: dg for dg, fid in DG_FILE_IDS.items()}}


class DataGroupHash(core.Sequence):
    _fields = [("data_group_number", core.Integer), ("data_group_hash_value", core.OctetString)]


class DataGroupHashValues(core.SequenceOf):
    _child_spec = DataGroupHash


class LdsVersionInfo(core.Sequence):
    _fields = [("lds_version", core.PrintableString), ("unicode_version", core.PrintableString)]


class LdsSecurityObject(core.Sequence):
    _fields = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("data_group_hash_values", DataGroupHashValues),
        ("lds_version_info", LdsVersionInfo, {"optional": True}),
    ]


class SecurityInfo(core.Sequence):
    """Any SecurityInfo of EF.CardAccess / DG14: a protocol OID and its protocol-specific data."""

    _fields = [
        ("protocol", core.ObjectIdentifier),
        ("required_data", core.Any),
        ("optional_data", core.Any, {"optional": True}),
    ]


class SecurityInfos(core.SetOf):
    _child_spec = SecurityInfo


__all__ = ["DataGroupHash", "DataGroupHashValues", "LdsSecurityObject", "SecurityInfo", "SecurityInfos",
           "keys", "cms"]
