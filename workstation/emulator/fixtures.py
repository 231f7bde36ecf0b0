"""The fixture cards: citizens (made up), the field's variants, attack cards and fault cards.

`workstation sim cards` lists them with their kind and what a correct reader must conclude
(`expect`); `build_card(name)` makes the emulator of one. Keys are derived from the card's name, so
a card is the same every time it is built; the SOD is signed by the test PKI's Document Signer
unless the card says otherwise. The attack catalogue is in attack_cards.py.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache

from workstation.emulator import variants
from workstation.emulator.attack_cards import ATTACKS
from workstation.emulator.card import CardBehaviour, CardEmulator
from workstation.emulator.card_build import CardBuild, FixtureCard, emulator_of, make
from workstation.emulator.citizens import AN, BICH, CUONG, DUNG, EM
from workstation.emulator.datagroups import Dg13Layout
from workstation.errors import WorkstationError

__all__ = ["FIXTURES", "FixtureCard", "build_card", "card_files", "fixture", "AN", "BICH", "CUONG", "DUNG", "EM"]

GENUINE: tuple[FixtureCard, ...] = (
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
) + variants.VARIANTS

FAULTS: tuple[FixtureCard, ...] = (
    FixtureCard("expired", "fault", "Card past its expiry date (renewal at 40 missed)",
                replace(BICH, id_number="079185004999", full_name="Võ Thị Hạnh", birth_date=date(1985, 7, 23),
                        expiry_date=date(2025, 7, 23))),
    FixtureCard("wrong-key", "fault", "The QR printed on the card does not match the chip (wrong access key)",
                replace(AN, id_number="001099054321", full_name="Đặng Văn Khoa"),
                qr_override="|".join(["001099099999", "", "Đặng Văn Khoa", "01011999", "Nam",
                                      AN.place_of_residence, "15042023"]), expect="error:AccessDeniedError"),
    FixtureCard("pulled-out", "fault", "Card pulled out after the 6th APDU and not put back",
                replace(AN, id_number="001099011111", full_name="Bùi Văn Long"),
                behaviour=CardBehaviour(removed_after=6), expect="error:CardRemovedError"),
    FixtureCard("tag-lost", "fault", "Card moves once in the middle of the read (session lost, resumed)",
                replace(AN, id_number="001099022222", full_name="Đỗ Văn Minh"),
                behaviour=CardBehaviour(tag_lost_after=9)),
    FixtureCard("short-apdu-reader", "fault", "Reader or card that refuses extended-length APDUs",
                replace(AN, id_number="001099033333", full_name="Mai Văn Nam"),
                behaviour=CardBehaviour(extended_length=False)),
)

FIXTURES: tuple[FixtureCard, ...] = GENUINE + FAULTS + ATTACKS
_BY_NAME = {card.name: card for card in FIXTURES}


def fixture(name: str) -> FixtureCard:
    card = _BY_NAME.get(name)
    if card is None:
        raise WorkstationError(f"no fixture card named '{name}' (see: workstation sim cards)")
    return card


@cache
def _build(name: str, portrait: bytes | None) -> CardBuild:
    return make(fixture(name), portrait)


def card_files(name: str, portrait: bytes | None = None) -> tuple[dict[int, bytes], CardBuild]:
    """The chip's files of fixture `name` (built once per process) and the build behind them.
    `portrait` (a 240×320 chip photo of a real face, JPEG 2000 when the card's variant is, see
    portrait.chip_photo) replaces the drawn one, so a simulated enrollment can compare a real face
    with the chip."""
    build = _build(name, portrait)
    return dict(build.files), build


def build_card(name: str, portrait: bytes | None = None) -> CardEmulator:
    return emulator_of(_build(name, portrait))
