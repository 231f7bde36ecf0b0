import unicodedata
from datetime import date
from pathlib import Path

import cv2
import numpy as np
import pytest

from workstation.emulator.card_scene import card_front, degrade, place, webcam_frame
from workstation.emulator.fixtures import FIXTURES, card_files, fixture
from workstation.verify.access_keys import expiry_candidates, keys_from_qr
from workstation.verify.cross_check import cross_check
from workstation.verify.dg1 import parse_dg1
from workstation.verify.dg13 import parse_dg13
from workstation.verify.qr import QrError, parse_qr
from workstation.verify.qr_decode import decode_image

QR_2021 = "001099012345|012345678|Nguyễn Văn An|01011999|Nam|Số 1 Ngõ 2, Phường X, Quận Y, Hà Nội|15042023"


def test_parse_2021_format() -> None:
    qr = parse_qr(QR_2021)
    assert (qr.id_number, qr.old_id_number, qr.full_name, qr.sex) == ("001099012345", "012345678", "Nguyễn Văn An", "Nam")
    assert qr.date_of_birth == date(1999, 1, 1) and qr.issue_date == date(2023, 4, 15)
    assert qr.can == "012345" and qr.extra_fields == ()


def test_parse_2024_format_keeps_extra_fields_and_never_fails_on_them() -> None:
    qr = parse_qr(QR_2021 + "|HK001234567|Nguyễn Văn Bình|||x|y|z")
    assert qr.extra_fields == ("HK001234567", "Nguyễn Văn Bình", "", "", "x", "y", "z")


def test_text_is_normalised_to_nfc() -> None:
    qr = parse_qr(unicodedata.normalize("NFD", QR_2021))
    assert qr.full_name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", qr.address)


def test_a_wedge_scanner_that_mangles_letters_still_gives_the_key() -> None:
    qr = parse_qr("001099012345|012345678|Nguy?n V?n An|01011999|N?|S? 1 Ng? 2|15042023\r\n")
    assert qr.can == "012345" and keys_from_qr(qr)[1].secret == "099012345999010183901016"


@pytest.mark.parametrize(("text", "field"), [
    ("00109901234|x|A|01011999|Nam|a|15042023", "id_number"),
    ("001099012345|12345|A|01011999|Nam|a|15042023", "old_id_number"),
    ("001099012345||A|32011999|Nam|a|15042023", "date_of_birth"),
    ("001099012345||A|0101199|Nam|a|15042023", "date_of_birth"),
    ("001099012345||A|01011999|Nam|a|29022023", "issue_date"),
    ("001099012345||A|01011999|Nam|a|15041990", "issue_date"),
    ("001099012345|A|01011999", "format"),
])
def test_malformed_qr_names_the_field(text: str, field: str) -> None:
    with pytest.raises(QrError) as caught:
        parse_qr(text)
    assert caught.value.field == field and field in caught.value.one_line()


@pytest.mark.parametrize(("dob", "issued", "first"), [
    (date(1999, 1, 1), date(2023, 4, 15), date(2039, 1, 1)),     # within 2 years of 25: lasts to 40
    (date(1999, 1, 1), date(2021, 4, 15), date(2024, 1, 1)),     # earlier: renew at 25
    (date(2010, 5, 5), date(2022, 6, 1), date(2035, 5, 5)),      # issued at 12, within 2 years of 14
    (date(2010, 5, 5), date(2020, 1, 1), date(2024, 5, 5)),      # issued at 9: renew at 14
    (date(1970, 6, 1), date(2029, 1, 1), None),                  # within 2 years of 60: no expiry
    (date(1950, 6, 1), date(2022, 1, 1), None),                  # over 60
])
def test_renewal_rule_puts_the_likeliest_expiry_first(dob: date, issued: date, first: date | None) -> None:
    candidates = expiry_candidates(dob, issued)
    # both laws' dates are tried (2014: 25/40/60; 2023: 14/25/40/60), at most five BAC keys
    assert candidates[0] == first and len(set(candidates)) == len(candidates) <= 5


@pytest.mark.parametrize("name", [f.name for f in FIXTURES])
def test_every_fixture_qr_decodes_from_a_clean_webcam_frame(name: str) -> None:
    text = fixture(name).qr
    decoded = decode_image(place(card_front(text), angle=5, seed=3))
    assert decoded is not None and decoded.text == text


@pytest.mark.parametrize(("kind", "level"), [("glare", 0.66), ("rotation", 1.0), ("noise", 0.66), ("dark", 0.66),
                                             ("low_contrast", 1.0), ("jpeg", 0.33), ("shadow", 1.0),
                                             ("bright", 1.0), ("perspective", 0.66)])
def test_webcam_faults_that_the_chain_must_survive(kind: str, level: float) -> None:
    text = fixture("bich-variants").qr
    decoded = decode_image(webcam_frame(text, kind, level))
    assert decoded is not None and decoded.text == text


def test_a_frame_without_a_qr_code_gives_nothing() -> None:
    frame = place(np.full((542, 860, 3), 230, np.uint8))
    assert decode_image(degrade(frame, "noise", 0.3)) is None


def test_decode_from_an_image_file(tmp_path: Path) -> None:
    from workstation.verify.qr_decode import decode_file

    path = tmp_path / "card.jpg"
    cv2.imwrite(str(path), webcam_frame(QR_2021, "jpeg", 0.33))
    assert decode_file(str(path)).text == QR_2021


def _chip(name: str):  # noqa: ANN202
    files, _ = card_files(name)
    return parse_dg13(files[0x010D]), parse_dg1(files[0x0101])


def test_cross_check_of_a_genuine_card_finds_nothing() -> None:
    dg13, mrz = _chip("bich-variants")
    result = cross_check(parse_qr(fixture("bich-variants").qr), dg13, mrz)
    assert result.ok and not result.blocking


def test_cross_check_flags_a_different_birth_date_as_blocking() -> None:
    dg13, mrz = _chip("an-genuine")
    result = cross_check(parse_qr(fixture("an-genuine").qr.replace("01011999", "02011999")), dg13, mrz)
    assert result.blocking
    finding = next(f for f in result.findings if f.field == "date_of_birth")
    assert finding.values == {"qr": "1999-01-02", "chip": "1999-01-01"}
    assert "ngày sinh" in finding.message.vi.lower()


def test_a_garbled_name_is_a_warning_and_mojibake_is_repaired() -> None:
    dg13, mrz = _chip("an-genuine")
    text = fixture("an-genuine").qr
    garbled = cross_check(parse_qr(text.replace("Nguyễn Văn An", "Nguy?n V?n An")), dg13, mrz)
    assert not garbled.blocking and [f.severity for f in garbled.findings] == ["warning"]
    mojibake = text.replace("Nguyễn Văn An", "Nguyễn Văn An".encode("utf-8").decode("latin-1"))
    assert cross_check(parse_qr(mojibake), dg13, mrz).ok


def test_cross_check_compares_the_chip_with_its_own_mrz() -> None:
    from dataclasses import replace

    dg13, mrz = _chip("an-genuine")
    result = cross_check(None, replace(dg13, full_name="Nguyễn Văn Ân Khác"), mrz)
    assert [f.field for f in result.findings] == ["full_name"] and result.blocking


@pytest.mark.parametrize(("text", "field"), [
    ("٠٠١٠٩٩٠١٢٣٤٥||Nguyễn Văn An|01011999|Nam|Hà Nội|15042023", "id_number"),      # Arabic-Indic digits
    ("００１０９９０１２３４５||Nguyễn Văn An|01011999|Nam|Hà Nội|15042023", "id_number"),  # fullwidth digits
    ("001099012345||Nguyễn Văn An|0101９９９|Nam|Hà Nội|15042023", "date_of_birth"),
    ("001099012345||Nguyễn Văn An|01011899|Nam|Hà Nội|15042023", "date_of_birth"),       # before 1900
    ("001099012345||Nguyễn Văn An|01019999|Nam|Hà Nội|15042023", "date_of_birth"),       # in the future
    ("001099012345||Nguyễn Văn An|01011999|Nam|Hà Nội|15049999", "issue_date"),
])
def test_dates_and_digits_are_checked_and_never_echoed(text: str, field: str) -> None:
    with pytest.raises(QrError) as caught:
        parse_qr(text, today=date(2026, 12, 1))
    assert caught.value.field == field
    assert "1999" not in caught.value.one_line() and "001099" not in caught.value.one_line()
