import os

import pytest

from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.errors import SecureMessagingError
from workstation.verify.icao.kdf import Cipher
from workstation.verify.icao.secure_messaging import SecureMessaging


def _pair(cipher: Cipher) -> tuple[SecureMessaging, SecureMessaging]:
    size = 16 if cipher in (Cipher.TDES, Cipher.AES128) else (24 if cipher is Cipher.AES192 else 32)
    enc, mac, ssc = os.urandom(size), os.urandom(size), int.from_bytes(os.urandom(cipher.block_size), "big")
    return SecureMessaging(cipher, enc, mac, ssc), SecureMessaging(cipher, enc, mac, ssc)


@pytest.mark.parametrize("cipher", list(Cipher))
@pytest.mark.parametrize("extended", [False, True])
def test_reader_and_card_sides_round_trip(cipher: Cipher, extended: bool) -> None:
    reader, card = _pair(cipher)
    for command, answer in [
        (CommandApdu(0x00, 0xA4, 0x02, 0x0C, b"\x01\x1e"), ResponseApdu(b"", 0x9000)),
        (CommandApdu(0x00, 0xB0, 0x00, 0x00, le=4), ResponseApdu(b"\x60\x14\x5f\x01", 0x9000)),
        (CommandApdu(0x00, 0xB0, 0x12, 0x34, le=1000 if extended else 200), ResponseApdu(os.urandom(1000 if extended else 200), 0x9000)),
        (CommandApdu(0x00, 0xB1, 0x00, 0x00, b"\x54\x02\x01\x00", le=100), ResponseApdu(b"", 0x6282)),
    ]:
        wire = reader.protect(command, extended=extended).encode()
        seen = card.unprotect_command(CommandApdu.decode(wire))
        assert (seen.ins, seen.p1, seen.p2, seen.data) == (command.ins, command.p1, command.p2, command.data)
        assert seen.le == command.le
        back = reader.unprotect(ResponseApdu.decode(card.protect_response(answer).encode()))
        assert back == answer


@pytest.mark.parametrize("cipher", [Cipher.TDES, Cipher.AES128])
def test_any_flipped_bit_in_a_response_is_refused(cipher: Cipher) -> None:
    reader, card = _pair(cipher)
    card.unprotect_command(CommandApdu.decode(reader.protect(CommandApdu(0, 0xB0, 0, 0, le=8)).encode()))
    wire = bytearray(card.protect_response(ResponseApdu(b"12345678", 0x9000)).encode())
    wire[5] ^= 0x01
    with pytest.raises(SecureMessagingError, match="MAC does not verify"):
        reader.unprotect(ResponseApdu.decode(bytes(wire)))


def test_a_replayed_command_is_refused_because_the_counter_moved() -> None:
    reader, card = _pair(Cipher.AES128)
    wire = reader.protect(CommandApdu(0, 0xB0, 0, 0, le=8)).encode()
    card.unprotect_command(CommandApdu.decode(wire))
    card.protect_response(ResponseApdu(b"x", 0x9000))
    with pytest.raises(SecureMessagingError):
        card.unprotect_command(CommandApdu.decode(wire))


def test_plain_error_status_in_a_session_means_the_session_is_lost() -> None:
    reader, _card = _pair(Cipher.TDES)
    reader.protect(CommandApdu(0, 0xB0, 0, 0, le=8))
    with pytest.raises(SecureMessagingError, match="6988"):
        reader.unprotect(ResponseApdu(b"", 0x6988))
