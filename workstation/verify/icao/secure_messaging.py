"""Secure messaging (ICAO 9303-11 §9.8): 3DES and AES, the same code on reader and card side.

The two ciphers differ only in block size, MAC (ISO 9797-1 algorithm 3 vs AES-CMAC cut to 8
bytes), the IV (zero vs E(KS_enc, SSC)) and the counter's width. Every MAC is checked, in
constant time, and a failure raises SecureMessagingError: never skipped.
"""
from __future__ import annotations

import hmac

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher as CryptoCipher
from cryptography.hazmat.primitives.ciphers import algorithms, modes
from cryptography.hazmat.primitives.cmac import CMAC

from workstation.verify.apdu import CommandApdu, ResponseApdu
from workstation.verify.errors import SecureMessagingError
from workstation.verify.icao.kdf import Cipher
from workstation.verify.tlv import encode, iter_tlv

MAC_SIZE = 8


def pad(data: bytes, block: int) -> bytes:
    """ISO/IEC 9797-1 padding method 2."""
    data += b"\x80"
    return data + b"\x00" * (-len(data) % block)


def unpad(data: bytes) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80:
        raise SecureMessagingError("bad padding in an encrypted data object")
    return stripped[:-1]


def _tdes(key: bytes) -> TripleDES:
    return TripleDES(key + key[:8] if len(key) == 16 else key)


def _des_cbc_last_block(key8: bytes, data: bytes) -> bytes:
    enc = CryptoCipher(_tdes(key8 * 3), modes.CBC(b"\x00" * 8)).encryptor()
    return (enc.update(data) + enc.finalize())[-8:]


def retail_mac(key: bytes, padded: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 with DES: single-DES CBC, then 3DES on the last block."""
    k1, k2 = key[:8], key[8:16]
    last = _des_cbc_last_block(k1, padded)
    dec = CryptoCipher(_tdes(k2 * 3), modes.ECB()).decryptor()
    step = dec.update(last) + dec.finalize()
    enc = CryptoCipher(_tdes(k1 * 3), modes.ECB()).encryptor()
    return enc.update(step) + enc.finalize()


def compute_mac(cipher: Cipher, key: bytes, padded: bytes) -> bytes:
    if cipher is Cipher.TDES:
        return retail_mac(key, padded)
    c = CMAC(algorithms.AES(key))
    c.update(padded)
    return c.finalize()[:MAC_SIZE]


def cbc_encrypt(cipher: Cipher, key: bytes, iv: bytes, data: bytes) -> bytes:
    algo = _tdes(key) if cipher is Cipher.TDES else algorithms.AES(key)
    enc = CryptoCipher(algo, modes.CBC(iv)).encryptor()
    return enc.update(data) + enc.finalize()


def cbc_decrypt(cipher: Cipher, key: bytes, iv: bytes, data: bytes) -> bytes:
    if len(data) % cipher.block_size:
        raise SecureMessagingError("encrypted data is not a whole number of blocks")
    algo = _tdes(key) if cipher is Cipher.TDES else algorithms.AES(key)
    dec = CryptoCipher(algo, modes.CBC(iv)).decryptor()
    return dec.update(data) + dec.finalize()


def _le_bytes(le: int, extended: bool) -> bytes:
    if extended:
        return (le % 65536).to_bytes(2, "big")
    return bytes([le % 256])


class SecureMessaging:
    """One secure-messaging session: keys, cipher and the send-sequence counter."""

    def __init__(self, cipher: Cipher, ks_enc: bytes, ks_mac: bytes, ssc: int) -> None:
        self.cipher = cipher
        self.ks_enc = ks_enc
        self.ks_mac = ks_mac
        self.ssc = ssc

    @property
    def block(self) -> int:
        return self.cipher.block_size

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << (8 * self.block))
        return self.ssc.to_bytes(self.block, "big")

    def _iv(self, ssc: bytes) -> bytes:
        if self.cipher is Cipher.TDES:
            return b"\x00" * 8
        enc = CryptoCipher(algorithms.AES(self.ks_enc), modes.ECB()).encryptor()
        return enc.update(ssc) + enc.finalize()

    def _mac(self, ssc: bytes, data: bytes) -> bytes:
        return compute_mac(self.cipher, self.ks_mac, pad(ssc + data, self.block))

    # -- reader side ----------------------------------------------------------------------------
    def protect(self, command: CommandApdu, extended: bool = False) -> CommandApdu:
        ssc = self._next_ssc()
        cla = command.cla | 0x0C
        header = pad(bytes((cla, command.ins, command.p1, command.p2)), self.block)
        do87 = b""
        if command.data:
            encrypted = cbc_encrypt(self.cipher, self.ks_enc, self._iv(ssc), pad(command.data, self.block))
            do87 = encode(0x85, encrypted) if command.ins & 1 else encode(0x87, b"\x01" + encrypted)
        do97 = encode(0x97, _le_bytes(command.le, extended)) if command.le is not None else b""
        mac = self._mac(ssc, header + do87 + do97)
        body = do87 + do97 + encode(0x8E, mac)
        return CommandApdu(cla, command.ins, command.p1, command.p2, body, le=65536 if extended else 256)

    def unprotect(self, response: ResponseApdu) -> ResponseApdu:
        """Check and open a protected response (ICAO 9303-11 §9.8.6). A bare error status word
        without SM objects is an ordinary status (many chips answer 6A82 or 6982 that way); only
        6987/6988 (SM objects missing or wrong) and a bare 9000 mean the channel is gone."""
        ssc = self._next_ssc()
        if response.sw in (0x6987, 0x6988) or (not response.data and response.sw in (0x9000, 0x6282)):
            raise SecureMessagingError(f"the chip answered {response.sw:04X} without secure messaging")
        if not response.data:
            return response
        objects = list(iter_tlv(response.data, "secure messaging response"))
        by_tag = {o.tag: o for o in objects}
        mac_obj = by_tag.get(0x8E)
        sw_obj = by_tag.get(0x99)
        if mac_obj is None or sw_obj is None or len(sw_obj.value) != 2:
            raise SecureMessagingError("response without MAC or status object")
        covered = b"".join(encode(o.tag, o.value) for o in objects if o.tag in (0x85, 0x87, 0x99))
        if not hmac.compare_digest(self._mac(ssc, covered), mac_obj.value):
            raise SecureMessagingError("response MAC does not verify")
        data = b""
        enc = by_tag.get(0x87) or by_tag.get(0x85)
        if enc is not None:
            payload = enc.value[1:] if enc.tag == 0x87 else enc.value
            if enc.tag == 0x87 and enc.value[:1] != b"\x01":
                raise SecureMessagingError("unknown padding indicator")
            data = unpad(cbc_decrypt(self.cipher, self.ks_enc, self._iv(ssc), payload))
        return ResponseApdu(data, int.from_bytes(sw_obj.value, "big"))

    # -- card side ------------------------------------------------------------------------------
    def unprotect_command(self, command: CommandApdu) -> CommandApdu:
        ssc = self._next_ssc()
        if command.cla & 0x0C != 0x0C:
            raise SecureMessagingError("plain command inside a secure-messaging session")
        objects = list(iter_tlv(command.data, "secure messaging command"))
        by_tag = {o.tag: o for o in objects}
        mac_obj = by_tag.get(0x8E)
        if mac_obj is None:
            raise SecureMessagingError("command without MAC")
        header = pad(bytes((command.cla, command.ins, command.p1, command.p2)), self.block)
        covered = b"".join(encode(o.tag, o.value) for o in objects if o.tag in (0x85, 0x87, 0x97))
        if not hmac.compare_digest(self._mac(ssc, header + covered), mac_obj.value):
            raise SecureMessagingError("command MAC does not verify")
        data = b""
        enc = by_tag.get(0x87) or by_tag.get(0x85)
        if enc is not None:
            payload = enc.value[1:] if enc.tag == 0x87 else enc.value
            data = unpad(cbc_decrypt(self.cipher, self.ks_enc, self._iv(ssc), payload))
        le = None
        if 0x97 in by_tag:
            raw = by_tag[0x97].value
            value = int.from_bytes(raw, "big") if raw else 0
            le = value or (65536 if len(raw) == 2 else 256)
        return CommandApdu(command.cla & ~0x0C & 0xFF, command.ins, command.p1, command.p2, data, le)

    def protect_response(self, response: ResponseApdu) -> ResponseApdu:
        ssc = self._next_ssc()
        do87 = b""
        if response.data:
            encrypted = cbc_encrypt(self.cipher, self.ks_enc, self._iv(ssc), pad(response.data, self.block))
            do87 = encode(0x87, b"\x01" + encrypted)
        do99 = encode(0x99, response.sw.to_bytes(2, "big"))
        mac = self._mac(ssc, do87 + do99)
        return ResponseApdu(do87 + do99 + encode(0x8E, mac), response.sw)
