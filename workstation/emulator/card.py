"""The card side: an ISO 7816-4 file system with ICAO access control and secure messaging.

Access rules as on the CCCD: EF.CardAccess is readable in the clear; every data group needs BAC or
PACE and secure messaging; DG3 needs Terminal Authentication (6982) and DG11 does not exist (6A82).
A wrong MAC ends the session (6988), as a real chip does when the card was moved.
"""
from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from workstation.devices.card_reader.base import CardRemovedError
from workstation.emulator.chip_keys import general_authenticate as ca_general_authenticate
from workstation.emulator.chip_keys import internal_authenticate, set_at, set_kat
from workstation.emulator.pace_card import PaceExchange
from workstation.emulator.pace_card import general_authenticate as pace_general_authenticate
from workstation.emulator.pace_card import set_at as pace_set_at
from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.bac import bac_keys, session_from_key_material
from workstation.verify.errors import ChipDataError, SecureMessagingError
from workstation.verify.icao.kdf import Cipher
from workstation.verify.chip_auth import CIPHER_BY_OID_SUFFIX as CA_CIPHERS
from workstation.verify.dg14 import OID_CA_ECDH_AES_CBC_CMAC_128
from workstation.verify.icao.secure_messaging import SecureMessaging, cbc_decrypt, cbc_encrypt, pad, retail_mac
from workstation.verify.lds import EMRTD_AID, FID_CARD_ACCESS, SFI
from workstation.verify.tlv import encode, parse_all

log = logging.getLogger(__name__)

ATR = bytes.fromhex("3B8880014241544F8102B39C")
FID_DG3, FID_DG11 = 0x0103, 0x010B

SW_OK, SW_EOF = 0x9000, 0x6282
SW_WRONG_LENGTH, SW_SECURITY, SW_SM_MISSING, SW_SM_WRONG = 0x6700, 0x6982, 0x6987, 0x6988
SW_AUTH_FAILED, SW_NOT_FOUND, SW_WRONG_P1P2, SW_WRONG_DATA = 0x6300, 0x6A82, 0x6B00, 0x6A80
SW_INS_NOT_SUPPORTED, SW_CONDITIONS = 0x6D00, 0x6985


@dataclass(frozen=True)
class CardBehaviour:
    """How this card differs from the common CCCD; also the faults testers can inject."""

    select_mf_sw: int = SW_INS_NOT_SUPPORTED        # CCCD answers 6D00 to SELECT MF
    card_access_readable: bool = True               # False: 6982 on EF.CardAccess (some readers)
    pace: bool = True
    extended_length: bool = True                    # False: extended APDUs are refused with 6700
    max_response: int = 65536                       # most bytes one READ BINARY returns
    tag_lost_after: int | None = None               # the link drops once after this many APDUs
    removed_after: int | None = None                # pulled out for good after this many APDUs
    sfi: bool = True                                # False: READ BINARY by short file id refused (6A86)
    plain_errors: bool = False                      # errors under SM come back as a bare status word
    refuse_at_select: bool = False                  # DG3 answers 6982 at SELECT already, not at READ
    short_reply_256: bool = False                   # a short read gets 256 data bytes whatever Le asked
    refused_files: tuple[tuple[int, int], ...] = ()  # (file id, status word): files the chip will not give
    sm_fault: str | None = None                     # "bad_mac" | "replay" | "bare_ok" | "no_mac": a broken channel
    sm_fault_after: int = 0                         # ... from this protected response on
    pace_fault: str | None = None                   # "bad_point": a mapping point off the curve


@dataclass
class _State:
    app_selected: bool = False
    selected: int | None = None
    sm: SecureMessaging | None = None
    access: str | None = None          # "BAC" | "PACE" once authenticated
    challenge: bytes | None = None
    pace: object | None = None         # the PACE exchange in progress (emulator.pace_card)
    ca_set: bool = False               # MSE:Set AT for chip authentication received


class CardEmulator:
    atr = ATR
    label = "emulated card"

    def __init__(self, files: dict[int, bytes], mrz_info: str, can: str,
                 behaviour: CardBehaviour = CardBehaviour(), random: Callable[[int], bytes] = os.urandom,
                 aa_key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey | None = None,
                 ca_key: ec.EllipticCurvePrivateKey | None = None,
                 ca_protocol: str = OID_CA_ECDH_AES_CBC_CMAC_128, aa_hash: hashes.HashAlgorithm | None = None) -> None:
        self.files = dict(files)
        self.aa_key = aa_key
        self.ca_key = ca_key
        self.ca_protocol = ca_protocol
        self.ca_cipher = CA_CIPHERS[ca_protocol.split(".")[-1]]
        self.aa_hash = aa_hash
        self.mrz_info = mrz_info
        self.can = can
        self.behaviour = behaviour
        self.random = random
        self.state = _State()
        self.apdu_count = 0
        self.removed = False
        self._tag_lost_done = False
        self._protected = 0
        self._last_protected: ResponseApdu | None = None
        self.handlers: dict[int, Callable[[CommandApdu], ResponseApdu]] = {
            0xA4: self._select, 0xB0: self._read_binary, 0xB1: self._read_binary_odd,
            0x84: self._get_challenge, 0x82: self._external_authenticate,
            0x88: self._internal_authenticate, 0x22: self._manage_security_environment,
            0x86: self._general_authenticate,
        }

    # -- the APDU loop -------------------------------------------------------------------------
    def reset(self) -> None:
        """Power cycle: the chip forgets its session and selection."""
        self.state = _State()

    def process(self, raw: bytes) -> bytes:
        self.apdu_count += 1
        b = self.behaviour
        if self.removed or (b.removed_after is not None and self.apdu_count > b.removed_after):
            self.removed = True
            raise CardRemovedError("emulated card pulled out")
        if b.tag_lost_after is not None and self.apdu_count > b.tag_lost_after and not self._tag_lost_done:
            self._tag_lost_done = True
            self.reset()
            raise CardRemovedError("emulated card lost the field once")
        if not b.extended_length and _is_extended(raw):
            return ResponseApdu(b"", SW_WRONG_LENGTH).encode()
        try:
            command = CommandApdu.decode(raw)
        except ChipDataError:
            return ResponseApdu(b"", SW_WRONG_LENGTH).encode()
        return self._dispatch(command).encode()

    def _dispatch(self, command: CommandApdu) -> ResponseApdu:
        sm = self.state.sm
        if sm is not None and command.cla & 0x0C == 0x0C:
            try:
                inner = sm.unprotect_command(command)
            except (SecureMessagingError, ChipDataError) as exc:
                log.debug("emulator: SM error %s, session closed", exc)
                self.state.sm, self.state.access = None, None
                return ResponseApdu(b"", SW_SM_WRONG)
            response = self._handle(inner)
            if self.behaviour.plain_errors and not response.data and response.sw not in (SW_OK, SW_EOF):
                sm.ssc += 1   # the response's counter value is used up all the same
                return response
            # a command that changed the keys (chip authentication) is still answered under the old ones
            return self._faulty(sm.protect_response(response))
        if sm is not None:
            # a plain command ends the secure session (ICAO 9303-11 §9.8.5)
            self.state.sm, self.state.access = None, None
        return self._handle(command)

    def _faulty(self, response: ResponseApdu) -> ResponseApdu:
        """The channel faults a broken or hostile chip shows (ICAO 9303-11 §9.8: each must end in
        a SecureMessagingError at the reader, never in accepted data)."""
        self._protected += 1
        fault, previous = self.behaviour.sm_fault, self._last_protected
        self._last_protected = response
        if fault is None or self._protected <= self.behaviour.sm_fault_after:
            return response
        if fault == "bad_mac":
            return ResponseApdu(response.data[:-1] + bytes([response.data[-1] ^ 0x01]), response.sw)
        if fault == "replay" and previous is not None:
            return previous
        if fault == "bare_ok":
            return ResponseApdu(b"", SW_OK)
        if fault == "no_mac":
            return ResponseApdu(response.data[:-10], response.sw)
        return response

    def _handle(self, command: CommandApdu) -> ResponseApdu:
        handler = self.handlers.get(command.ins)
        if handler is None:
            return ResponseApdu(b"", SW_INS_NOT_SUPPORTED)
        return handler(command)

    # -- files ---------------------------------------------------------------------------------
    def _select(self, c: CommandApdu) -> ResponseApdu:
        if c.p1 == 0x04:
            if c.data != EMRTD_AID:
                return ResponseApdu(b"", SW_NOT_FOUND)
            # a PACE session opened at MF level carries over into the application
            self.state = _State(app_selected=True, sm=self.state.sm, access=self.state.access)
            return ResponseApdu(b"", SW_OK)
        if len(c.data) != 2:
            return ResponseApdu(b"", SW_WRONG_DATA)
        fid = int.from_bytes(c.data, "big")
        if fid == 0x3F00:
            return ResponseApdu(b"", self.behaviour.select_mf_sw)
        if fid == FID_DG3 and self.behaviour.refuse_at_select and self.state.app_selected:
            return ResponseApdu(b"", SW_SECURITY)
        refused = dict(self.behaviour.refused_files).get(fid)
        if refused is not None and self.state.app_selected:
            return ResponseApdu(b"", refused)
        if fid not in self.files and fid != FID_DG3:
            return ResponseApdu(b"", SW_NOT_FOUND)
        if fid != FID_CARD_ACCESS and not self.state.app_selected:
            return ResponseApdu(b"", SW_NOT_FOUND)
        self.state.selected = fid
        return ResponseApdu(b"", SW_OK)

    def _readable(self, fid: int) -> int:
        refused = dict(self.behaviour.refused_files).get(fid)
        if refused is not None:
            return refused
        if fid == FID_CARD_ACCESS:
            return SW_OK if self.behaviour.card_access_readable else SW_SECURITY
        if fid == FID_DG3:
            return SW_SECURITY
        if fid not in self.files:
            return SW_NOT_FOUND
        if self.state.sm is None:
            return SW_SECURITY
        return SW_OK

    def _read(self, fid: int | None, offset: int, le: int | None) -> ResponseApdu:
        if fid is None:
            return ResponseApdu(b"", SW_CONDITIONS)
        status = self._readable(fid)
        if status != SW_OK:
            return ResponseApdu(b"", status)
        content = self.files[fid]
        if offset > len(content):
            return ResponseApdu(b"", SW_WRONG_P1P2)
        want = min(le or 256, self.behaviour.max_response)
        if self.behaviour.short_reply_256 and want < 256:
            want = 256
        chunk = content[offset:offset + want]
        return ResponseApdu(chunk, SW_OK if len(chunk) == want or offset + len(chunk) < len(content) else SW_EOF)

    def _read_binary(self, c: CommandApdu) -> ResponseApdu:
        if c.p1 & 0x80 and not self.behaviour.sfi:
            return ResponseApdu(b"", 0x6A86)
        if c.p1 & 0x80:
            sfi = c.p1 & 0x1F
            fid = next((f for f, s in SFI.items() if s == sfi), None)
            if fid is None or (fid not in self.files and fid != FID_DG3):
                return ResponseApdu(b"", SW_NOT_FOUND)
            if fid != FID_CARD_ACCESS and not self.state.app_selected:
                return ResponseApdu(b"", SW_NOT_FOUND)
            self.state.selected = fid
            return self._read(fid, c.p2, c.le)
        return self._read(self.state.selected, ((c.p1 & 0x7F) << 8) | c.p2, c.le)

    def _read_binary_odd(self, c: CommandApdu) -> ResponseApdu:
        try:
            objects = {t.tag: t for t in parse_all(c.data)}
        except ChipDataError:
            return ResponseApdu(b"", SW_WRONG_DATA)
        if 0x54 not in objects:
            return ResponseApdu(b"", SW_WRONG_DATA)
        inner_le = None if c.le is None else max(1, (c.le or 65536) - 4)
        response = self._read(self.state.selected, int.from_bytes(objects[0x54].value, "big"), inner_le)
        if response.sw not in (SW_OK, SW_EOF):
            return response
        return ResponseApdu(encode(0x53, response.data), response.sw)

    # -- BAC -----------------------------------------------------------------------------------
    def _get_challenge(self, c: CommandApdu) -> ResponseApdu:
        if c.le != 8:
            return ResponseApdu(b"", SW_WRONG_LENGTH)
        self.state.challenge = self.random(8)
        return ResponseApdu(self.state.challenge, SW_OK)

    def _external_authenticate(self, c: CommandApdu) -> ResponseApdu:
        rnd_ic, self.state.challenge = self.state.challenge, None
        if rnd_ic is None or len(c.data) != 40:
            return ResponseApdu(b"", SW_CONDITIONS)
        k_enc, k_mac = bac_keys(self.mrz_info)
        e_ifd, m_ifd = c.data[:32], c.data[32:]
        if not hmac.compare_digest(retail_mac(k_mac, pad(e_ifd, 8)), m_ifd):
            return ResponseApdu(b"", SW_AUTH_FAILED)
        plain = cbc_decrypt(Cipher.TDES, k_enc, b"\x00" * 8, e_ifd)
        rnd_ifd, received_ic, k_ifd = plain[:8], plain[8:16], plain[16:]
        if not hmac.compare_digest(received_ic, rnd_ic):
            return ResponseApdu(b"", SW_AUTH_FAILED)
        k_ic = self.random(16)
        e_ic = cbc_encrypt(Cipher.TDES, k_enc, b"\x00" * 8, rnd_ic + rnd_ifd + k_ic)
        self.state.sm = session_from_key_material(k_ifd, k_ic, rnd_ic, rnd_ifd)
        self.state.access = "BAC"
        return ResponseApdu(e_ic + retail_mac(k_mac, pad(e_ic, 8)), SW_OK)


    # -- active and chip authentication --------------------------------------------------------
    def _internal_authenticate(self, c: CommandApdu) -> ResponseApdu:
        if self.state.sm is None or self.aa_key is None:
            return ResponseApdu(b"", SW_SECURITY if self.aa_key else SW_INS_NOT_SUPPORTED)
        return internal_authenticate(self.aa_key, c, self.random, self.aa_hash)

    def _manage_security_environment(self, c: CommandApdu) -> ResponseApdu:
        if (c.p1, c.p2) in ((0x41, 0xA6), (0x41, 0xA4)):
            if self.state.sm is None or self.ca_key is None:
                return ResponseApdu(b"", SW_SECURITY if self.ca_key else SW_WRONG_DATA)
            if c.p2 == 0xA4:
                self.state.ca_set = set_at(c, self.ca_protocol)
                return ResponseApdu(b"", SW_OK if self.state.ca_set else SW_WRONG_DATA)
            outcome = set_kat(self.ca_key, c, self.ca_cipher)
            if isinstance(outcome, ResponseApdu):
                return outcome
            self.state.sm = outcome
            return ResponseApdu(b"", SW_OK)
        if (c.p1, c.p2) == (0xC1, 0xA4):
            if not self.behaviour.pace:
                return ResponseApdu(b"", SW_INS_NOT_SUPPORTED)
            outcome = pace_set_at(c, self.can, self.mrz_info)
            if isinstance(outcome, ResponseApdu):
                return outcome
            self.state = _State(pace=outcome)   # PACE starts a fresh security state
            return ResponseApdu(b"", SW_OK)
        return ResponseApdu(b"", SW_WRONG_P1P2)

    def _general_authenticate(self, c: CommandApdu) -> ResponseApdu:
        if self.state.ca_set and self.state.sm is not None and self.ca_key is not None:
            self.state.ca_set = False
            outcome = ca_general_authenticate(self.ca_key, c, self.ca_cipher)
            if isinstance(outcome, ResponseApdu):
                return outcome
            response, self.state.sm = outcome
            return response
        exchange = self.state.pace
        if not isinstance(exchange, PaceExchange) or exchange.step < 0:
            return ResponseApdu(b"", SW_CONDITIONS)
        response = pace_general_authenticate(exchange, c)
        if self.behaviour.pace_fault == "bad_point" and exchange.step == 2 and response.ok:
            # the chip's mapping point, moved off the curve (an invalid-curve attack on the reader)
            response = ResponseApdu(response.data[:-1] + bytes([response.data[-1] ^ 0x01]), response.sw)
        if exchange.session is not None:
            self.state.sm, self.state.access, self.state.pace = exchange.session, "PACE", None
        return response


def _is_extended(raw: bytes) -> bool:
    return len(raw) > 5 and raw[4] == 0  # an extended Lc or Le starts with a zero byte
