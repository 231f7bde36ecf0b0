"""EF.CardAccess and DG14: the SecurityInfos that say which protocols the chip offers."""
from __future__ import annotations

import logging
from dataclasses import dataclass

from asn1crypto import core

from workstation.verify.errors import ChipDataError
from workstation.verify.lds import SecurityInfos
from workstation.verify.tlv import check_depth

log = logging.getLogger(__name__)
PACE_PREFIX = "0.4.0.127.0.7.2.2.4."
CA_PREFIX = "0.4.0.127.0.7.2.2.3."
PK_PREFIX = "0.4.0.127.0.7.2.2.1."
TA_OID = "0.4.0.127.0.7.2.2.2"
AA_OID = "2.23.136.1.1.5"

# PACE protocol OIDs: 0.4.0.127.0.7.2.2.4.<mapping>.<cipher>
PACE_MAPPINGS = {"1": "DH-GM", "2": "ECDH-GM", "3": "DH-IM", "4": "ECDH-IM", "6": "ECDH-CAM"}
PACE_CIPHERS = {"1": "3DES", "2": "AES-128", "3": "AES-192", "4": "AES-256"}


@dataclass(frozen=True)
class PaceInfo:
    oid: str
    version: int
    parameter_id: int | None

    @property
    def mapping(self) -> str:
        return PACE_MAPPINGS.get(self.oid.split(".")[-2], "unknown")

    @property
    def cipher(self) -> str:
        return PACE_CIPHERS.get(self.oid.split(".")[-1], "unknown")


@dataclass(frozen=True)
class CardAccessInfo:
    pace: PaceInfo | None
    protocols: tuple[str, ...]


def _int(value: core.Any) -> int:
    return int(core.Integer.load(value.dump()).native)


def parse_security_infos(data: bytes, what: str) -> list[tuple[str, core.Any, core.Any | None]]:
    check_depth(data, what)
    try:
        infos = SecurityInfos.load(data)
        return [(i["protocol"].dotted, i["required_data"], i["optional_data"] if i["optional_data"].contents else None)
                for i in infos]
    except (ValueError, TypeError) as exc:
        raise ChipDataError(what, str(exc)) from None


def parse_card_access(data: bytes) -> CardAccessInfo:
    pace: PaceInfo | None = None
    protocols = []
    for oid, required, optional in parse_security_infos(data, "EF.CardAccess"):
        protocols.append(oid)
        if oid.startswith(PACE_PREFIX) and oid.count(".") == 10 and pace is None:
            # only what this reader can do is taken; anything else is skipped, never an error
            # (ICAO 9303-11 §9.2: a reader ignores SecurityInfos it does not know)
            mapping, cipher = PACE_MAPPINGS.get(oid.split(".")[-2]), PACE_CIPHERS.get(oid.split(".")[-1])
            if mapping != "ECDH-GM" or cipher is None:
                log.info("EF.CardAccess: PACE %s skipped (not supported)", oid)
                continue
            try:
                version = _int(required)
                parameter = _int(optional) if optional is not None else None
            except (ValueError, TypeError, OverflowError):
                log.info("EF.CardAccess: a malformed PACEInfo skipped")
                continue
            pace = PaceInfo(oid, version, parameter)
    return CardAccessInfo(pace, tuple(protocols))
