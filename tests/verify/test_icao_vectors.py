"""ICAO Doc 9303 part 11, appendix D (BAC and 3DES secure messaging), and the CCCD worked example."""
from workstation.devices.card_reader.base import CardConnection
from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.bac import bac_keys, perform_bac
from workstation.verify.channel import ApduChannel
from workstation.verify.icao.kdf import Cipher, bac_key_seed
from workstation.verify.icao.secure_messaging import SecureMessaging
from workstation.verify.mrz import bac_mrz_info

H = bytes.fromhex


def test_appendix_d_key_derivation() -> None:
    info = bac_mrz_info("L898902C", "690806", "940623")
    assert info == "L898902C<369080619406236"
    assert bac_key_seed(info) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    assert bac_keys(info) == (H("AB94FDECF2674FDFB9B391F85D7F76F2"), H("7962D9ECE03D1ACD4C76089DCE131543"))


def test_cccd_worked_example_key_derivation() -> None:
    info = bac_mrz_info("099012345", "990101", "390101")
    assert info == "099012345999010183901016"
    assert bac_key_seed(info) == H("F2A47194A645E21BE092A4D83758F12B")
    assert bac_keys(info) == (H("DAC1641F4F083BBA3273040E7F8AC7D0"), H("618F7619194A102CEA92A789A880237F"))


class _ScriptedCard:
    """Answers each expected command with the appendix's response; anything else fails the test."""

    reader = "scripted"

    def __init__(self, script: list[tuple[str, str]]) -> None:
        self.script = [(H(c), H(r)) for c, r in script]

    def atr(self) -> bytes:
        return b""

    def transmit(self, apdu: bytes) -> bytes:
        expected, response = self.script.pop(0)
        assert apdu.hex().upper() == expected.hex().upper()
        return response

    def close(self) -> None:
        pass


def test_appendix_d_mutual_authentication_gives_the_session_keys() -> None:
    card: CardConnection = _ScriptedCard([
        ("0084000008", "4608F919887022129000"),
        ("0082000028" "72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7" "28",
         "46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449" "9000"),
    ])
    randoms = iter([H("781723860C06C226"), H("0B795240CB7049B01C19B33E32804F0B")])
    channel = ApduChannel(card)
    sm = perform_bac(channel, "L898902C<369080619406236", random=lambda n: next(randoms))
    assert sm.ks_enc == H("979EC13B1CBFE9DCD01AB0FED307EAE5")
    assert sm.ks_mac == H("F1CB1F1FB5ADF208806B89DC579DC1F8")
    assert sm.ssc == 0x887022120C06C226
    assert channel.sm is sm and channel.stats.apdus == 2


def test_appendix_d_secure_messaging_select_and_read() -> None:
    sm = SecureMessaging(Cipher.TDES, H("979EC13B1CBFE9DCD01AB0FED307EAE5"), H("F1CB1F1FB5ADF208806B89DC579DC1F8"),
                         0x887022120C06C226)
    select = sm.protect(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E")))
    assert select.encode(extended=False) == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    assert sm.unprotect(ResponseApdu.decode(H("990290008E08FA855A5D4C50A8ED9000"))).sw == 0x9000
    read = sm.protect(CommandApdu(0x00, 0xB0, 0x00, 0x00, le=4))
    assert read.encode(extended=False) == H("0CB000000D9701048E08ED6705417E96BA5500")
    data = sm.unprotect(ResponseApdu.decode(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")))
    assert data.data == H("60145F01")
    read = sm.protect(CommandApdu(0x00, 0xB0, 0x00, 0x04, le=0x12))
    assert read.encode(extended=False) == H("0CB000040D9701128E082EA28A70F3C7B53500")
    rest = sm.unprotect(ResponseApdu.decode(H(
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")))
    assert rest.data == H("04303130365F36063034303030305C026175")
