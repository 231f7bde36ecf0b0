"""Every fixture card read end to end through the simulated reader, in process."""
from __future__ import annotations

import pytest

from workstation.core.card_reading import read_card
from workstation.devices.card_reader.base import CardRemovedError
from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
from workstation.emulator.fixtures import FIXTURES, build_card, fixture
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.verify.access_keys import can_key, keys_from_qr, mrz_key
from workstation.verify.errors import AccessDeniedError
from workstation.verify.qr import parse_qr
from workstation.verify.trust_store import TrustStore

TRUST = simulated_trust_store()
# every card that reads through to its data (the catalogue's other cards: test_attack_catalogue)
READABLE = [f.name for f in FIXTURES if f.kind != "attack" and not f.expect.startswith("error:")]


def _read(name: str, keys=None, trust: TrustStore = TRUST):  # noqa: ANN001, ANN202
    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(name))
    return read_card(reader.connect, keys or keys_from_qr(parse_qr(fixture(name).qr)), trust)


@pytest.mark.parametrize("name", READABLE)
def test_fixture_card_reads_completely_and_matches_its_profile(name: str) -> None:
    card = fixture(name)
    result = _read(name)
    profile = card.profile
    assert result.dg13.id_number == profile.id_number
    assert result.dg13.full_name == profile.full_name
    assert result.dg13.date_of_birth == profile.birth_date
    assert result.dg13.expiry_date == profile.expiry_date
    assert result.dg13.no_expiry == (profile.expiry_date is None)
    assert result.dg13.father_name == profile.father_name and result.dg13.mother_name == profile.mother_name
    assert result.dg13.spouse_name == profile.spouse_name
    assert result.dg13.old_id_number == profile.old_id_number
    assert result.mrz.id_number == profile.id_number and result.mrz.checks_ok
    assert result.photo.format == ("JPEG2000" if card.jpeg2000 else "JPEG")
    assert result.photo.decode().size == (240, 320)
    without_dg15 = name == "variant-plain-errors"          # that card has no DG15 (and its SOD lists none)
    assert result.chip.not_readable.keys() == ({"dg3", "dg15"} if without_dg15 else {"dg3"})
    assert set(result.chip.files) >= {"card_access", "com", "dg1", "dg2", "dg13", "dg14", "sod"} | (
        set() if without_dg15 else {"dg15"})


@pytest.mark.parametrize("name", [f.name for f in FIXTURES if f.kind == "genuine"] + ["expired", "tag-lost", "short-apdu-reader"])
def test_genuine_chips_are_genuine(name: str) -> None:
    result = _read(name)
    assert result.verdict.verdict == "genuine", result.verdict.reasons
    assert result.chip.chip_auth.status == "passed"
    assert result.chip.active_auth.status == ("not_supported" if name == "variant-plain-errors" else "passed")
    assert result.passive_auth.as_dict()["chain"] == "trusted"


@pytest.mark.parametrize(("name", "reason"), [
    ("cloned", "active authentication failed"),
    ("tampered-dg13", "DG13"),
    ("untrusted-signer", "Document Signer not trusted"),
])
def test_attack_cards_are_never_genuine(name: str, reason: str) -> None:
    result = _read(name)
    assert result.verdict.verdict == "not_genuine"
    assert any(reason in r for r in result.verdict.reasons), result.verdict.reasons


def test_cloned_chip_fails_chip_authentication_too() -> None:
    assert _read("cloned").chip.chip_auth.status == "failed"


def test_without_a_trust_store_the_chain_is_not_verified_not_failed() -> None:
    result = _read("an-genuine", trust=TrustStore())
    assert result.passive_auth.chain == "not_verified"
    assert result.verdict.verdict == "genuine_chain_not_verified"
    # the forged signer cannot be told apart without a CSCA, but it is never "genuine"
    assert _read("untrusted-signer", trust=TrustStore()).verdict.verdict != "genuine"


def test_expired_card_is_flagged() -> None:
    assert _read("expired").expired
    assert not _read("an-genuine").expired


def test_wrong_access_key_is_a_clear_refusal() -> None:
    with pytest.raises(AccessDeniedError) as caught:
        _read("wrong-key")
    assert "refused the access key" in caught.value.one_line()


def test_card_pulled_out_for_good_ends_in_a_clear_error() -> None:
    with pytest.raises(CardRemovedError) as caught:
        _read("pulled-out")
    assert "removed" in caught.value.one_line()


def test_lost_session_is_resumed_not_restarted() -> None:
    result = _read("tag-lost")
    assert result.chip.recoveries == 1
    assert result.verdict.genuine


def test_short_apdus_only_still_reads_everything() -> None:
    short = _read("short-apdu-reader")
    normal = _read("an-genuine")
    assert short.chip.stats.apdus > normal.chip.stats.apdus
    assert short.photo.decode().size == normal.photo.decode().size


def test_full_read_takes_few_apdus() -> None:
    # card access, PACE (MSE + 4 steps), select, 7 files, chip auth (Set AT + GENERAL
    # AUTHENTICATE, ICAO 9303-11 §6.2.4.2), active auth: 17; DG3 is listed but never asked for
    assert _read("an-genuine").chip.stats.apdus <= 17
    # BAC-only card: card access (refused), MSE (refused), select, BAC (2), 7 files, CA (2), AA: 15
    assert _read("dung-bac-only").chip.stats.apdus <= 15


def test_pace_with_the_can_from_the_qr_is_tried_first() -> None:
    result = _read("an-genuine")
    assert result.chip.access == "PACE" and result.chip.access_key.startswith("CAN")
    assert _read("an-genuine", keys=[can_key("012345")]).chip.access == "PACE"
    with pytest.raises(AccessDeniedError):
        _read("an-genuine", keys=[can_key("543210")])


def test_pace_with_the_mrz_password() -> None:
    key = mrz_key("099012345", "990101", "390101")
    assert _read("an-genuine", keys=[key]).chip.access == "PACE"


def test_bac_only_card_falls_back_from_pace() -> None:
    result = _read("dung-bac-only")
    assert result.chip.access == "BAC" and not result.chip.card_access_from_chip


def test_typed_keys_open_the_chip() -> None:
    profile = fixture("an-genuine").profile
    assert _read("an-genuine", keys=[mrz_key(profile.id_number, "990101", "390101")]).chip.access == "PACE"
    assert _read("dung-bac-only", keys=[mrz_key("040203000777", "031231", "281231")]).chip.access == "BAC"
    with pytest.raises(AccessDeniedError):
        _read("an-genuine", keys=[mrz_key("099012345", "990101", "400101")])
    with pytest.raises(AccessDeniedError):
        _read("dung-bac-only", keys=[can_key("000777")])  # BAC-only card, and BAC needs the MRZ


def test_the_photo_format_is_the_image_s_own_not_the_header_s_flag() -> None:
    """A facial record whose header says JPEG 2000 but holds a JPEG (or the other way round) is
    reported by what the image is, and still decodes."""
    from workstation.emulator.datagroups import build_dg2
    from workstation.emulator.portrait import draw_portrait, encode_portrait
    from workstation.verify.dg2 import parse_dg2

    drawn = draw_portrait("an-genuine")
    jpeg, jp2 = encode_portrait(drawn, False), encode_portrait(drawn, True)
    for image, flag, expected in ((jpeg, True, "JPEG"), (jp2, False, "JPEG2000"), (jpeg, False, "JPEG")):
        photo = parse_dg2(build_dg2(image, *drawn.size, jpeg2000=flag))
        assert photo.format == expected and photo.data == image
        assert photo.decode().size == drawn.size


def test_a_tester_s_photo_goes_on_any_card_in_that_card_s_format(faces_dir) -> None:  # noqa: ANN001
    from workstation.core.enrollment.simulated_run import chip_portrait_for

    for name in ("an-genuine", "bich-variants"):
        portrait = chip_portrait_for(name, faces_dir / "obama.jpg")
        reader = SimulatedCardReaderDriver()
        reader.insert(build_card(name, portrait))
        result = read_card(reader.connect, keys_from_qr(parse_qr(fixture(name).qr)), TRUST)
        assert result.photo.format == ("JPEG2000" if fixture(name).jpeg2000 else "JPEG")
        assert result.photo.data == portrait and result.verdict.genuine
    assert chip_portrait_for("an-genuine", faces_dir / "obama.jpg") is chip_portrait_for("an-genuine", faces_dir / "obama.jpg")
