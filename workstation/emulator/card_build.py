"""Making a fixture card: its files, its keys and its behaviour, the way a personalisation system
would (ICAO 9303-10 files, a SOD signed by a Document Signer), with hooks where an attack or a
real chip's quirk changes one thing.

A card is built in two stages: `before_sign` may change what the issuer signs (data groups, the
signer, the CMS options, the hash); `after_sign` may change what ends up on the chip after the
SOD was made (tampered files, hidden files, a chip using other keys).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from workstation.emulator.card import CardBehaviour, CardEmulator
from workstation.emulator.certificate_factory import seeded_key
from workstation.emulator.cms_builder import CmsOptions
from workstation.emulator.datagroups import (
    Dg13Layout,
    build_com,
    build_dg1,
    build_dg2,
    build_dg3,
    build_dg13,
    build_dg14,
    build_dg15,
    build_sod,
    yymmdd,
)
from workstation.emulator.pki import Signer, load_test_pki
from workstation.emulator.portrait import draw_portrait, encode_portrait
from workstation.emulator.profile import CitizenProfile
from workstation.verify.dg14 import OID_CA_ECDH_AES_CBC_CMAC_128, OID_ECDSA_PLAIN_SHA256
from workstation.verify.lds import CCCD_CARD_ACCESS, DG_FILE_IDS, FID_CARD_ACCESS, FID_COM, FID_SOD
from workstation.verify.mrz import bac_mrz_info

Hook = Callable[["CardBuild"], None]


@dataclass(frozen=True)
class FixtureCard:
    name: str
    kind: str                       # genuine | attack | fault
    description: str
    profile: CitizenProfile
    layout: Dg13Layout = Dg13Layout()
    behaviour: CardBehaviour = CardBehaviour()
    jpeg2000: bool = False
    qr_override: str | None = None  # the QR printed on the card, when it differs from the chip
    rsa_active_auth: bool = False   # DG15 holds an RSA key (ISO 9796-2 signatures) instead of EC
    before_sign: Hook | None = None
    after_sign: Hook | None = None
    expect: str = "genuine"         # genuine | a verdict code (forged:ds_expired) | error:<ErrorClass>
    standard: str = ""              # the clause the expectation rests on

    @property
    def qr(self) -> str:
        if self.qr_override is not None:
            return self.qr_override
        p = self.profile
        return "|".join([p.id_number, p.old_id_number, p.full_name, p.birth_date.strftime("%d%m%Y"), p.sex,
                         p.place_of_residence, p.issue_date.strftime("%d%m%Y")])


@dataclass
class CardBuild:
    """Everything that makes one card, changed by the hooks."""

    card: FixtureCard
    dgs: dict[int, bytes]                       # what the issuer signs (DG number → file)
    signer: Signer
    aa_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    ca_key: ec.EllipticCurvePrivateKey
    cms: CmsOptions = CmsOptions()
    lds_hash: str = "sha256"
    com: list[int] = field(default_factory=lambda: [1, 2, 3, 13, 15, 14])   # as real CCCDs: DG15 before DG14
    card_access: bytes = CCCD_CARD_ACCESS
    aa_hash: hashes.HashAlgorithm = field(default_factory=hashes.SHA256)     # what the chip signs AA with
    ca_protocol: str = OID_CA_ECDH_AES_CBC_CMAC_128
    unsigned: dict[int, bytes] = field(default_factory=dict)                # on the chip, not in the SOD
    files: dict[int, bytes] = field(default_factory=dict)                   # the chip's files (file id → bytes)

    def derived_key(self, purpose: str, curve: ec.EllipticCurve = ec.SECP256R1()) -> ec.EllipticCurvePrivateKey:
        return derived_key(self.card.name, purpose, curve)


def derived_key(card: str, purpose: str, curve: ec.EllipticCurve) -> ec.EllipticCurvePrivateKey:
    """The card's key for `purpose`, the same every time the card is built (seeded by its name, as
    the fixture cards always were: changing the seed would change every card's keys)."""
    return seeded_key(f"{card}/{purpose}", curve)


@cache
def _rsa_key(card: str) -> rsa.RSAPrivateKey:
    # RSA keys cannot be derived from a seed cheaply; one made per process is as stable as the card needs
    return rsa.generate_private_key(65537, 1024)


def _start(card: FixtureCard, portrait: bytes | None) -> CardBuild:
    aa = _rsa_key(card.name) if card.rsa_active_auth else derived_key(card.name, "aa", ec.SECP256R1())
    ca = derived_key(card.name, "ca", ec.BrainpoolP256R1())
    if portrait is None:
        drawn = draw_portrait(card.name)
        dg2 = build_dg2(encode_portrait(drawn, card.jpeg2000), *drawn.size, jpeg2000=card.jpeg2000)
    else:
        # the header's image type follows the photo's own format, as a personalisation system would
        dg2 = build_dg2(portrait, 240, 320, jpeg2000=not portrait.startswith(b"\xff\xd8"))
    dgs = {
        1: build_dg1(card.profile),
        2: dg2,
        3: build_dg3(),
        13: build_dg13(card.profile, card.layout),
        14: build_dg14(ca.public_key(), None if card.rsa_active_auth else OID_ECDSA_PLAIN_SHA256),
        15: build_dg15(aa.public_key()),
    }
    return CardBuild(card, dgs, load_test_pki().document_signer, aa, ca)


def make(card: FixtureCard, portrait: bytes | None = None) -> CardBuild:
    """The card's files and keys: signed, then changed by its hooks."""
    build = _start(card, portrait)
    if card.before_sign is not None:
        card.before_sign(build)
    build.files = {DG_FILE_IDS[dg]: content for dg, content in {**build.dgs, **build.unsigned}.items()}
    build.files[FID_COM] = build_com(build.com)
    build.files[FID_SOD] = build_sod(build.dgs, build.signer, build.cms, build.lds_hash)
    build.files[FID_CARD_ACCESS] = build.card_access
    if card.after_sign is not None:
        card.after_sign(build)
    return build


def emulator_of(build: CardBuild) -> CardEmulator:
    p = build.card.profile
    mrz_info = bac_mrz_info(p.document_number, yymmdd(p.birth_date), yymmdd(p.expiry_date))
    emulator = CardEmulator(build.files, mrz_info, p.can, build.card.behaviour, aa_key=build.aa_key,
                            ca_key=build.ca_key, ca_protocol=build.ca_protocol, aa_hash=build.aa_hash)
    emulator.label = build.card.name
    return emulator
