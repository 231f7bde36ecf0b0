"""PACE computations both sides share (ICAO 9303-11 §4.4): password key, nonce encryption,
generic mapping, session keys and authentication tokens."""
from __future__ import annotations

import hashlib

from asn1crypto import core
from ecdsa.ellipticcurve import INFINITY, PointJacobi

from workstation.verify.icao.ec_math import Domain
from workstation.verify.icao.kdf import ENC, MAC, PACE_PASSWORD, Cipher, derive_key
from workstation.verify.icao.secure_messaging import SecureMessaging, cbc_decrypt, cbc_encrypt, compute_mac, pad
from workstation.verify.tlv import encode

PASSWORD_MRZ, PASSWORD_CAN = 1, 2
CIPHERS = {"1": Cipher.TDES, "2": Cipher.AES128, "3": Cipher.AES192, "4": Cipher.AES256}


def cipher_of(oid: str) -> Cipher:
    return CIPHERS[oid.split(".")[-1]]


def oid_bytes(oid: str) -> bytes:
    """The OID's value bytes, as tag 80 of MSE:Set AT and tag 06 of the token's key object carry."""
    return core.ObjectIdentifier(oid).dump()[2:]


def password_key(kind: str, secret: str, cipher: Cipher) -> bytes:
    """K_π: from the CAN digits, or from SHA-1 of the MRZ information (all 20 bytes)."""
    pi = secret.encode("ascii") if kind == "can" else hashlib.sha1(secret.encode("ascii")).digest()
    return derive_key(pi, PACE_PASSWORD, cipher)


def encrypt_nonce(cipher: Cipher, k_pi: bytes, nonce: bytes) -> bytes:
    return cbc_encrypt(cipher, k_pi, b"\x00" * cipher.block_size, nonce)


def decrypt_nonce(cipher: Cipher, k_pi: bytes, encrypted: bytes) -> bytes:
    return cbc_decrypt(cipher, k_pi, b"\x00" * cipher.block_size, encrypted)


def mapped_generator(domain: Domain, nonce: bytes, own_secret: int, peer_public: PointJacobi) -> PointJacobi:
    """G' = s·G + H with H = own_secret · peer_public (generic mapping)."""
    h = peer_public * own_secret
    if h == INFINITY:
        raise ValueError("mapping produced the point at infinity")
    return domain.generator * int.from_bytes(nonce, "big") + h


def session(domain: Domain, cipher: Cipher, shared: PointJacobi) -> SecureMessaging:
    k = domain.x_bytes(shared)
    return SecureMessaging(cipher, derive_key(k, ENC, cipher), derive_key(k, MAC, cipher), 0)


def auth_token(cipher: Cipher, ks_mac: bytes, oid: str, domain: Domain, peer_ephemeral: PointJacobi) -> bytes:
    """T = MAC(KS_mac, public key data object of the other side's ephemeral key)."""
    key_object = encode(0x7F49, encode(0x06, oid_bytes(oid)) + encode(0x86, domain.encode(peer_ephemeral)))
    data = pad(key_object, cipher.block_size) if cipher is Cipher.TDES else key_object
    return compute_mac(cipher, ks_mac, data)
