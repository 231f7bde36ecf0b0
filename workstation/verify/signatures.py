"""Checking one signature with exactly the algorithm it declares, never a default.

Shared by certificates (RFC 5280 §4.1.1.2 signatureAlgorithm), the SOD and master lists (RFC 5652
§5.3 SignerInfo.signatureAlgorithm). The declared algorithm decides the padding and the hash:
ECDSA with its hash (RFC 5758 §3.2), RSA PKCS#1 v1.5 with its hash (RFC 8017 §8.2), RSASSA-PSS with
the hash, MGF1 hash and salt length of its parameters (RFC 4055 §3.1). Hashes come from an
allow-list: the SHA-2 family; SHA-1 only where the caller accepts legacy; MD5 and anything else never.
"""
from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import algos
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from workstation.verify.public_keys import PublicKey

SHA2 = {"sha224": hashes.SHA224, "sha256": hashes.SHA256, "sha384": hashes.SHA384, "sha512": hashes.SHA512}
LEGACY = {"sha1": hashes.SHA1}


class SignatureRefused(ValueError):
    """The signature is not acceptable, before or after the mathematics: the message says why."""


@dataclass(frozen=True)
class Algorithm:
    kind: str                 # "ecdsa" | "rsa_pkcs1v15" | "rsa_pss"
    hash_name: str
    pss_salt: int = 0
    legacy: bool = False      # SHA-1: accepted, and said so


def hash_of(name: str | None, *, allow_sha1: bool) -> type[hashes.HashAlgorithm]:
    if name in SHA2:
        return SHA2[name]
    if name in LEGACY and allow_sha1:
        return LEGACY[name]
    raise SignatureRefused(f"hash algorithm {name or 'unknown'} is not accepted")


def declared_algorithm(algorithm: algos.SignedDigestAlgorithm, digest_name: str | None, *,
                       allow_sha1: bool) -> Algorithm:
    """The algorithm a signature declares. `digest_name` is the CMS digestAlgorithm, the hash for a
    bare rsaEncryption OID (RFC 3370 §3.2: the digest algorithm then names the hash)."""
    try:
        kind = algorithm.signature_algo
    except ValueError as exc:
        raise SignatureRefused(f"signature algorithm {algorithm['algorithm'].dotted} is not accepted") from exc
    if kind == "rsassa_pss":
        params = algorithm["parameters"]
        hash_name = params["hash_algorithm"]["algorithm"].native
        mgf = params["mask_gen_algorithm"]
        if mgf["algorithm"].native != "mgf1" or mgf["parameters"]["algorithm"].native != hash_name:
            raise SignatureRefused("RSA-PSS with a mask generation other than MGF1 of the same hash")
        if params["trailer_field"].native not in ("trailer_field_bc", 1):
            raise SignatureRefused("RSA-PSS with an unknown trailer field")
        hash_of(hash_name, allow_sha1=allow_sha1)
        return Algorithm("rsa_pss", hash_name, int(params["salt_length"].native), hash_name == "sha1")
    if kind not in ("ecdsa", "rsassa_pkcs1v15"):
        raise SignatureRefused(f"signature algorithm {algorithm['algorithm'].native} is not accepted")
    try:
        hash_name = algorithm.hash_algo
    except ValueError:
        hash_name = None
    if algorithm["algorithm"].native == "rsassa_pkcs1v15":   # bare rsaEncryption: the digest names the hash
        hash_name = digest_name
    if hash_name is None:
        raise SignatureRefused(f"signature algorithm {algorithm['algorithm'].native} names no hash")
    hash_of(hash_name, allow_sha1=allow_sha1)
    return Algorithm("ecdsa" if kind == "ecdsa" else "rsa_pkcs1v15", hash_name, 0, hash_name == "sha1")


def verify(key: PublicKey, signature: bytes, data: bytes, algorithm: Algorithm) -> None:
    """Raises InvalidSignature when the signature does not verify, SignatureRefused when the key
    does not fit the declared algorithm."""
    chosen = hash_of(algorithm.hash_name, allow_sha1=True)()
    if algorithm.kind == "ecdsa":
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise SignatureRefused("an ECDSA signature declared for a key that is not EC")
        key.verify(signature, data, ec.ECDSA(chosen))
    elif isinstance(key, rsa.RSAPublicKey):
        if algorithm.kind == "rsa_pss":
            key.verify(signature, data, padding.PSS(padding.MGF1(chosen), algorithm.pss_salt), chosen)
        else:
            key.verify(signature, data, padding.PKCS1v15(), chosen)
    else:
        raise SignatureRefused("an RSA signature declared for a key that is not RSA")


def verifies(key: PublicKey, signature: bytes, data: bytes, algorithm: Algorithm) -> bool:
    try:
        verify(key, signature, data, algorithm)
        return True
    except (InvalidSignature, SignatureRefused, ValueError, TypeError):
        return False
