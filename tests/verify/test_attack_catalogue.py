"""Every card of the catalogue ends as it should, in process: each variant reads green, each
attack is red for its stated reason, each fault stops with its clear error (ICAO 9303-11 §5-6,
RFC 5652, RFC 5280; the clause is on the card, `FixtureCard.standard`)."""
from __future__ import annotations

import pytest

from workstation.core.card_reading import read_card
from workstation.devices.card_reader.simulated import SimulatedCardReaderDriver
from workstation.emulator.fixtures import FIXTURES, build_card, fixture
from workstation.emulator.simulated_trust import simulated_trust_store
from workstation.errors import WorkstationError
from workstation.verify.access_keys import keys_from_qr
from workstation.verify.qr import parse_qr

TRUST = simulated_trust_store()
CATALOGUE = [f.name for f in FIXTURES if f.kind in ("attack", "fault") or f.name.startswith("variant-")]


def read(name: str):  # noqa: ANN201
    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(name))
    return read_card(reader.connect, keys_from_qr(parse_qr(fixture(name).qr)), TRUST)


def test_the_catalogue_is_large_enough() -> None:
    assert sum(1 for f in FIXTURES if f.kind in ("attack", "fault")) >= 60
    assert len({f.name for f in FIXTURES}) == len(FIXTURES)


@pytest.mark.parametrize("name", CATALOGUE)
def test_every_catalogue_card_ends_as_it_should(name: str) -> None:
    card = fixture(name)
    if card.expect.startswith("error:"):
        with pytest.raises(WorkstationError) as caught:
            read(name)
        assert type(caught.value).__name__ == card.expect.split(":", 1)[1], caught.value
        assert caught.value.one_line()          # the officer gets words, not a traceback
        return
    result = read(name)
    if card.expect == "genuine":
        assert result.verdict.verdict == "genuine", result.verdict.reasons
    else:
        assert result.verdict.verdict == "not_genuine"
        assert card.expect in result.verdict.codes, (result.verdict.codes, result.verdict.reasons)


@pytest.mark.parametrize("name", [f.name for f in FIXTURES if f.kind == "attack" and not f.expect.startswith("error:")])
def test_no_attack_is_ever_genuine_even_without_any_csca(name: str) -> None:
    """With an empty trust store the chain cannot be verified: never "genuine", and the workflow
    blocks "not verified" in real mode (see test_enrollment)."""
    from workstation.verify.trust_store import TrustStore

    reader = SimulatedCardReaderDriver()
    reader.insert(build_card(name))
    result = read_card(reader.connect, keys_from_qr(parse_qr(fixture(name).qr)), TrustStore())
    assert result.verdict.verdict != "genuine"


def test_variants_record_what_differs() -> None:
    assert read("variant-no-sfi").chip.stats.apdus > read("an-genuine").chip.stats.apdus   # SELECT per file
    sha1 = read("variant-sha1-legacy")
    assert any("SHA-1" in n for n in sha1.passive_auth.notes)
    life = read("variant-expired-signer-card-for-life")
    assert any("issue date" in n for n in life.passive_auth.notes)
    assert read("variant-plain-errors").chip.active_auth.status == "not_supported"
    assert len(read("variant-long-dg13").chip.files["dg13"]) > 1024


def test_ec_active_authentication_uses_the_hash_dg14_names() -> None:
    assert read("an-genuine").chip.active_auth.detail == "ECDSA SHA256"
    assert read("variant-sha384").chip.active_auth.detail == "ECDSA SHA384"


def test_com_and_sod_differences_are_reported_and_the_sod_rules() -> None:
    result = read("attack-com-lies")
    assert result.as_dict()["com_vs_sod"] == {"only_in_com": ["dg11"], "only_in_sod": ["dg3"]}
    assert read("an-genuine").as_dict()["com_vs_sod"] == {"only_in_com": [], "only_in_sod": []}
