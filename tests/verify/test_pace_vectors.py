"""ICAO Doc 9303 part 11, appendix G.1: PACE ECDH generic mapping on brainpoolP256r1 with AES-128."""
from __future__ import annotations

from workstation.verify.access_keys import AccessKey
from workstation.verify.apdu import CommandApdu
from workstation.verify.card_access import PaceInfo
from workstation.verify.channel import ApduChannel
from workstation.verify.icao import pace_crypto as pc
from workstation.verify.icao.ec_math import Domain
from workstation.verify.icao.kdf import Cipher
from workstation.verify.mrz import bac_mrz_info
from workstation.verify.pace import perform_pace
from workstation.verify.tlv import encode, parse_single

H = bytes.fromhex
OID = "0.4.0.127.0.7.2.2.4.2.2"
MRZ = bac_mrz_info("T22000129", "640812", "101031")
SK_MAP_IFD = 0x7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99
SK_MAP_IC = 0x498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560
SK_EPH_IFD = 0xA73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595
SK_EPH_IC = 0x107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A
NONCE = H("3F00C4D39D153F2B2A214A078D899B22")
ENCRYPTED_NONCE = H("95A3A016522EE98D01E76CB6B98B42C3")
DOMAIN = Domain.standard(13)


def test_password_key_and_nonce() -> None:
    k_pi = pc.password_key("mrz", MRZ, Cipher.AES128)
    assert k_pi == H("89DED1B26624EC1E634C1989302849DD")
    assert pc.decrypt_nonce(Cipher.AES128, k_pi, ENCRYPTED_NONCE) == NONCE
    assert pc.encrypt_nonce(Cipher.AES128, k_pi, NONCE) == ENCRYPTED_NONCE


def test_mapping_gives_the_appendix_generator() -> None:
    chip_map = DOMAIN.generator * SK_MAP_IC
    assert DOMAIN.encode(DOMAIN.generator * SK_MAP_IFD).hex().upper() == (
        "04" "7ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
        "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D")
    g = pc.mapped_generator(DOMAIN, NONCE, SK_MAP_IFD, chip_map)
    assert (g.x(), g.y()) == (0x8CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2,
                              0x8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522)


class _AppendixChip:
    """Answers the reader as the appendix's chip, and checks what the reader sends."""

    reader = "appendix G"

    def __init__(self) -> None:
        self.generator = pc.mapped_generator(DOMAIN, NONCE, SK_MAP_IC, DOMAIN.generator * SK_MAP_IFD)
        self.sent_token = b""

    def atr(self) -> bytes:
        return b""

    def close(self) -> None:
        pass

    def transmit(self, raw: bytes) -> bytes:
        c = CommandApdu.decode(raw)
        if c.ins == 0x22:
            assert c.data == H("800A04007F0007020204020283010184010D")
            return H("9000")
        inner = parse_single(c.data, 0x7C, "test").value
        if not inner:
            return encode(0x7C, encode(0x80, ENCRYPTED_NONCE)) + H("9000")
        obj = parse_single(inner, inner[0], "test")
        if obj.tag == 0x81:
            return encode(0x7C, encode(0x82, DOMAIN.encode(DOMAIN.generator * SK_MAP_IC))) + H("9000")
        if obj.tag == 0x83:
            return encode(0x7C, encode(0x84, DOMAIN.encode(self.generator * SK_EPH_IC))) + H("9000")
        assert obj.tag == 0x85
        self.sent_token = obj.value
        return encode(0x7C, encode(0x86, H("3ABB9674BCE93C08"))) + H("9000")


def test_whole_exchange_gives_the_appendix_session_keys_and_tokens() -> None:
    chip = _AppendixChip()
    channel = ApduChannel(chip)
    scalars = iter([SK_MAP_IFD, SK_EPH_IFD])
    perform_pace(channel, PaceInfo(OID, 2, 13), AccessKey("mrz", MRZ, "appendix"), random_scalar=lambda _n: next(scalars))
    assert channel.sm is not None
    assert channel.sm.ks_enc == H("F5F0E35C0D7161EE6724EE513A0D9A7F")
    assert channel.sm.ks_mac == H("FE251C7858B356B24514B3BD5F4297D1")
    assert channel.sm.ssc == 0 and channel.sm.cipher is Cipher.AES128
    assert chip.sent_token == H("C2B0BD78D94BA866")
    assert channel.stats.apdus == 5
