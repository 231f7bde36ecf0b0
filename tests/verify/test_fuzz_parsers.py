"""The parsers of card data are fuzzed: any input ends in a result or a ChipDataError, nothing else.

Inputs are random bytes and, more usefully, genuine files with bytes flipped, inserted or cut, so
the fuzzer reaches deep into the structures.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workstation.emulator.fixtures import card_files
from workstation.verify.card_access import parse_card_access
from workstation.verify.com import parse_com
from workstation.verify.dg1 import parse_dg1
from workstation.verify.dg2 import parse_dg2
from workstation.verify.dg13 import parse_dg13
from workstation.verify.dg14 import parse_dg14, parse_dg15
from workstation.verify.errors import ChipDataError
from workstation.verify.lds import FID_CARD_ACCESS, FID_COM, FID_SOD
from workstation.verify.passive_auth import passive_authentication
from workstation.verify.qr import QrError, parse_qr
from workstation.verify.tlv import parse_all
from workstation.verify.trust_store import TrustStore

FILES, _ = card_files("bich-variants")
SAMPLES = {
    "tlv": (parse_all, FILES[0x010D]),
    "com": (parse_com, FILES[FID_COM]),
    "dg1": (parse_dg1, FILES[0x0101]),
    "dg2": (parse_dg2, FILES[0x0102][:600]),
    "dg13": (parse_dg13, FILES[0x010D]),
    "dg14": (parse_dg14, FILES[0x010E]),
    "dg15": (parse_dg15, FILES[0x010F]),
    "card_access": (parse_card_access, FILES[FID_CARD_ACCESS]),
    "sod": (lambda b: passive_authentication(b, {"dg1": FILES[0x0101]}, TrustStore(), document_country="VN"), FILES[FID_SOD]),
}
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def mutated(draw: st.DrawFn, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 4))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "length"]))
        if action == "flip":
            data[at] ^= draw(st.integers(1, 255))
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 8))]
        elif action == "truncate":
            del data[at:]
        else:
            data[at] = draw(st.sampled_from([0x80, 0x81, 0x82, 0x84, 0x85, 0xFF, 0x00]))
    return bytes(data)


def _only_chip_data_errors(parse, data: bytes) -> None:  # noqa: ANN001
    try:
        parse(data)
    except ChipDataError:
        pass


def _fuzz_case(name: str):  # noqa: ANN202
    parse, original = SAMPLES[name]

    @FUZZ
    @given(data=st.one_of(st.binary(max_size=300), mutated(original)))
    def case(data: bytes) -> None:
        _only_chip_data_errors(parse, data)
    case.__name__ = f"test_fuzz_{name}"
    return case


for _name in SAMPLES:
    globals()[f"test_fuzz_{_name}"] = _fuzz_case(_name)


def test_unmodified_samples_parse() -> None:
    for parse, original in SAMPLES.values():
        if parse is not parse_dg2:
            parse(original)


@FUZZ
@given(st.text(max_size=200))
def test_fuzz_qr(text: str) -> None:
    try:
        parse_qr(text)
    except QrError:
        pass


def test_long_form_and_nested_lengths_are_real_tlv() -> None:
    # the same content, once with long-form lengths: both parse the same
    from workstation.emulator.datagroups import Dg13Layout, build_dg13
    from workstation.emulator.fixtures import BICH

    short = parse_dg13(build_dg13(BICH, Dg13Layout()))
    long = parse_dg13(build_dg13(BICH, Dg13Layout(long_form_lengths=True, parents_joined=True)))
    assert short == long
