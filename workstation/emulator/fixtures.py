"""The fixture cards: citizens (made up), the field's variants, attack cards and fault cards.

`workstation sim cards` lists them; `build_card(name)` makes the emulator of one. Keys are derived
from the card's name, so a card is the same every time it is built; the SOD is signed by the test
PKI's Document Signer (or the rogue one, for the forged card).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from workstation.emulator.card import CardBehaviour, CardEmulator
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
from workstation.emulator.pki import load_test_pki
from workstation.emulator.portrait import draw_portrait, encode_portrait
from workstation.emulator.profile import CitizenProfile
from workstation.errors import WorkstationError
from workstation.verify.dg14 import OID_ECDSA_PLAIN_SHA256
from workstation.verify.lds import CCCD_CARD_ACCESS, DG_FILE_IDS, FID_CARD_ACCESS, FID_COM, FID_SOD
from workstation.verify.mrz import bac_mrz_info



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
    attack: str | None = None       # cloned | tampered_dg13 | untrusted_signer
    rsa_active_auth: bool = False   # DG15 holds an RSA key (ISO 9796-2 signatures) instead of EC
    tags: tuple[str, ...] = field(default=())

    @property
    def qr(self) -> str:
        if self.qr_override is not None:
            return self.qr_override
        p = self.profile
        return "|".join([p.id_number, p.old_id_number, p.full_name, p.birth_date.strftime("%d%m%Y"), p.sex,
                         p.place_of_residence, p.issue_date.strftime("%d%m%Y")])


AN = CitizenProfile(
    id_number="001099012345", full_name="Nguyễn Văn An", birth_date=date(1999, 1, 1), sex="Nam",
    issue_date=date(2023, 4, 15), expiry_date=date(2039, 1, 1),
    place_of_origin="Xã Đông Hội, Huyện Đông Anh, Hà Nội",
    place_of_residence="Số 1 Ngõ 2, Phường Phúc Xá, Quận Ba Đình, Hà Nội",
    father_name="Nguyễn Văn Bình", mother_name="Trần Thị Cúc", old_id_number="012345678",
    card_serial="4A3F9C21B07D5E16")
BICH = CitizenProfile(
    id_number="079190004321", full_name="Trần Thị Bích Ngọc", birth_date=date(1990, 7, 23), sex="Nữ",
    issue_date=date(2021, 6, 2), expiry_date=date(2030, 7, 23),
    place_of_origin="Phường Bến Nghé, Quận 1, Thành phố Hồ Chí Minh",
    place_of_residence="Số 12 Đường Lê Lợi, Phường Bến Thành, Quận 1, Thành phố Hồ Chí Minh",
    ethnicity="Kinh", religion="Phật giáo", identifying_marks="Sẹo chấm C:2cm dưới sau cằm phải",
    father_name="Trần Văn Đức", mother_name="Lê Thị Hoa", spouse_name="Phạm Minh Quân",
    old_id_number="023456789", card_serial="9E01C7D2A4B35F68")
CUONG = CitizenProfile(
    id_number="038952001122", full_name="Lê Văn Cường", birth_date=date(1952, 3, 9), sex="Nam",
    issue_date=date(2022, 11, 30), expiry_date=None,
    place_of_origin="Xã Hoằng Lộc, Huyện Hoằng Hóa, Thanh Hóa",
    place_of_residence="Thôn Đông, Xã Hoằng Lộc, Huyện Hoằng Hóa, Thanh Hóa",
    ethnicity="Mường", identifying_marks="Nốt ruồi C:0,5cm trên đuôi mắt phải",
    father_name="Lê Văn Tâm", mother_name="Đỗ Thị Lan", spouse_name="Vũ Thị Hằng", card_serial="")
DUNG = CitizenProfile(
    id_number="040203000777", full_name="Phạm Thị Dung", birth_date=date(2003, 12, 31), sex="Nữ",
    issue_date=date(2021, 3, 1), expiry_date=date(2028, 12, 31),
    place_of_origin="Xã Nghi Phong, Huyện Nghi Lộc, Nghệ An",
    place_of_residence="Khối 5, Phường Hưng Bình, Thành phố Vinh, Nghệ An",
    father_name="Phạm Văn Hùng", mother_name="Nguyễn Thị Mai", card_serial="00C4B1A9E2F73D58")
EM = CitizenProfile(
    id_number="002088009999", full_name="Hoàng Văn Em", birth_date=date(1988, 5, 5), sex="Nam",
    issue_date=date(2024, 7, 1), expiry_date=date(2028, 5, 5),
    place_of_origin="Xã Tân Trịnh, Huyện Quang Bình, Hà Giang",
    place_of_residence="Tổ 3, Phường Trần Phú, Thành phố Hà Giang, Hà Giang",
    ethnicity="Tày", father_name="Hoàng Văn Sinh", mother_name="Ma Thị Nụ", old_id_number="073088123",
    card_serial="")

FIXTURES: tuple[FixtureCard, ...] = (
    FixtureCard("an-genuine", "genuine", "Typical CCCD: PACE-CAN, JPEG photo, every data group", AN),
    FixtureCard("bich-variants", "genuine",
                "DG13 parents in one SEQUENCE, long-form lengths, JPEG 2000 photo, married", BICH,
                layout=Dg13Layout(parents_joined=True, long_form_lengths=True), jpeg2000=True),
    FixtureCard("cuong-no-expiry", "genuine", "Holder over 60: 'Không thời hạn', no old ID, no serial", CUONG,
                layout=Dg13Layout(old_id_field=None, serial_field=None)),
    FixtureCard("dung-bac-only", "genuine", "PACE refused and EF.CardAccess unreadable (6982): BAC only", DUNG,
                behaviour=CardBehaviour(pace=False, card_access_readable=False)),
    FixtureCard("em-fields-swapped", "genuine", "Old ID number in field 16, no field 15, RSA active authentication",
                EM, layout=Dg13Layout(old_id_field=16, serial_field=None), rsa_active_auth=True),
    FixtureCard("expired", "fault", "Card past its expiry date (renewal at 40 missed)",
                replace(BICH, id_number="079185004999", full_name="Võ Thị Hạnh", birth_date=date(1985, 7, 23),
                        expiry_date=date(2025, 7, 23))),
    FixtureCard("wrong-key", "fault", "The QR printed on the card does not match the chip (wrong access key)",
                replace(AN, id_number="001099054321", full_name="Đặng Văn Khoa"),
                qr_override="|".join(["001099099999", "", "Đặng Văn Khoa", "01011999", "Nam",
                                      AN.place_of_residence, "15042023"])),
    FixtureCard("pulled-out", "fault", "Card pulled out after the 6th APDU and not put back",
                replace(AN, id_number="001099011111", full_name="Bùi Văn Long"),
                behaviour=CardBehaviour(removed_after=6)),
    FixtureCard("tag-lost", "fault", "Card moves once in the middle of the read (session lost, resumed)",
                replace(AN, id_number="001099022222", full_name="Đỗ Văn Minh"),
                behaviour=CardBehaviour(tag_lost_after=9)),
    FixtureCard("short-apdu-reader", "fault", "Reader or card that refuses extended-length APDUs",
                replace(AN, id_number="001099033333", full_name="Mai Văn Nam"),
                behaviour=CardBehaviour(extended_length=False)),
    FixtureCard("cloned", "attack", "Cloned chip: data copied, keys not (AA and CA fail)",
                replace(AN, id_number="001099044444", full_name="Cao Văn Phúc"), attack="cloned"),
    FixtureCard("tampered-dg13", "attack", "DG13 altered after signing (hash mismatch)",
                replace(AN, id_number="001099055555", full_name="Lý Văn Quang"), attack="tampered_dg13"),
    FixtureCard("untrusted-signer", "attack", "SOD signed by a Document Signer outside the trust store",
                replace(AN, id_number="001099066666", full_name="Tạ Văn Sơn"), attack="untrusted_signer"),
)


def fixture(name: str) -> FixtureCard:
    for card in FIXTURES:
        if card.name == name:
            return card
    raise WorkstationError(f"no fixture card named '{name}' (see: workstation sim cards)")


def _derived_key(card: str, purpose: str, curve: ec.EllipticCurve) -> ec.EllipticCurvePrivateKey:
    seed = int.from_bytes(hashlib.sha256(f"{card}/{purpose}".encode()).digest(), "big")
    return ec.derive_private_key(seed % (2**250) + 1, curve)


@dataclass(frozen=True)
class CardSecrets:
    aa_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    ca_key: ec.EllipticCurvePrivateKey


@cache
def card_files(name: str, portrait: bytes | None = None) -> tuple[dict[int, bytes], CardSecrets]:
    """The chip's files and private keys of fixture `name` (built once per process). `portrait`
    (a 240×320 chip photo of a real face, JPEG 2000 when the card's variant is, see
    portrait.chip_photo) replaces the drawn one, so
    a simulated enrollment can compare a real face with the chip."""
    card = fixture(name)
    pki = load_test_pki()
    # RSA keys cannot be derived from a seed; one made per process is as stable as the card needs
    aa = rsa.generate_private_key(65537, 1024) if card.rsa_active_auth else _derived_key(name, "aa", ec.SECP256R1())
    ca = _derived_key(name, "ca", ec.BrainpoolP256R1())
    if portrait is None:
        drawn = draw_portrait(name)
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
    signer = pki.rogue_document_signer if card.attack == "untrusted_signer" else pki.document_signer
    sod = build_sod(dgs, signer)
    if card.attack == "tampered_dg13":
        dgs[13] = build_dg13(replace(card.profile, place_of_residence="Số 99 Đường Giả Mạo, Hà Nội"), card.layout)
    secrets = CardSecrets(aa, ca)
    if card.attack == "cloned":
        secrets = CardSecrets(_derived_key(name, "clone-aa", ec.SECP256R1()),
                              _derived_key(name, "clone-ca", ec.BrainpoolP256R1()))
    files = {DG_FILE_IDS[dg]: content for dg, content in dgs.items()}
    files[FID_COM] = build_com([1, 2, 3, 13, 15, 14])   # as real CCCDs list them: DG15 before DG14
    files[FID_SOD] = sod
    files[FID_CARD_ACCESS] = CCCD_CARD_ACCESS
    return files, secrets


def build_card(name: str, portrait: bytes | None = None) -> CardEmulator:
    card = fixture(name)
    files, secrets = card_files(name, portrait)
    p = card.profile
    mrz_info = bac_mrz_info(p.document_number, yymmdd(p.birth_date), yymmdd(p.expiry_date))
    emulator = CardEmulator(files, mrz_info, p.can, card.behaviour, aa_key=secrets.aa_key, ca_key=secrets.ca_key)
    emulator.label = name
    return emulator
