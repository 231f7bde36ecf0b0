"""Public keys as eMRTD PKIs write them, including EC keys with explicit domain parameters.

ICAO 9303-11 §9.4 / BSI TR-03111 §4.1 let an EC key carry its curve as explicit parameters
(prime, a, b, generator, order, cofactor) instead of a named-curve OID, and most national PKIs do
(151 of the 155 EC CSCAs of the German master list; Vietnam's passport CSCA: brainpoolP512r1,
explicit). `cryptography` refuses such keys unless they are one of three NIST curves, so here the
explicit parameters are compared with every standard curve python-ecdsa knows and, when they equal
one, the key is re-encoded with that curve's OID. Parameters that equal no known curve are refused:
we never do arithmetic on a curve we cannot vouch for.
"""
from __future__ import annotations

from functools import cache

from asn1crypto import keys
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.serialization import load_der_public_key
from ecdsa import curves as ecdsa_curves

PublicKey = (rsa.RSAPublicKey | ec.EllipticCurvePublicKey | dsa.DSAPublicKey | ed25519.Ed25519PublicKey
             | ed448.Ed448PublicKey)


class UnusableKey(ValueError):
    """A public key that cannot be used; the message says why (the caller names the file)."""


@cache
def _known_curves() -> dict[tuple[int, int, int, int, int, int], str]:
    """(p, a, b, Gx, Gy, n) → dotted OID of every short-Weierstrass curve python-ecdsa defines."""
    table = {}
    for curve in ecdsa_curves.curves:
        if curve.name.startswith("Ed"):
            continue
        c, g = curve.curve, curve.generator
        table[(c.p(), c.a() % c.p(), c.b() % c.p(), g.x(), g.y(), curve.order)] = ".".join(map(str, curve.oid))
    return table


def named_curve_of(specified: keys.SpecifiedECDomain) -> str:
    """The OID of the standard curve that explicit parameters describe; UnusableKey if none."""
    field = specified["field_id"]
    if field["field_type"].native != "prime_field":
        raise UnusableKey("EC key on a binary field (not used by eMRTDs)")
    p = int(field["parameters"].native)
    curve = specified["curve"]
    a = int.from_bytes(curve["a"].native, "big") % p
    b = int.from_bytes(curve["b"].native, "big") % p
    base = bytes(specified["base"].native)
    size = (p.bit_length() + 7) // 8
    if len(base) != 1 + 2 * size or base[0] != 0x04:
        raise UnusableKey("EC key whose explicit generator is not an uncompressed point")
    gx, gy = int.from_bytes(base[1:1 + size], "big"), int.from_bytes(base[1 + size:], "big")
    order = int(specified["order"].native)
    oid = _known_curves().get((p, a, b, gx, gy, order))
    if oid is None:
        raise UnusableKey("EC key on explicit domain parameters that match no standard curve")
    return oid


def normalise_spki(spki_der: bytes) -> bytes:
    """The SubjectPublicKeyInfo with explicit EC parameters replaced by their named curve."""
    info = keys.PublicKeyInfo.load(spki_der)
    algorithm = info["algorithm"]
    if algorithm["algorithm"].native != "ec":
        return spki_der
    params = algorithm["parameters"]
    if params.name != "specified":
        return spki_der
    oid = named_curve_of(params.chosen)
    named = keys.PublicKeyInfo({
        "algorithm": keys.PublicKeyAlgorithm({
            "algorithm": "ec", "parameters": keys.ECDomainParameters(name="named", value=oid)}),
        "public_key": info["public_key"],
    })
    return named.dump(force=True)


def load_public_key(spki_der: bytes) -> PublicKey:
    """Load a DER SubjectPublicKeyInfo; explicit EC parameters are accepted when they are a
    standard curve. Raises UnusableKey with the reason otherwise."""
    try:
        return load_der_public_key(normalise_spki(spki_der))
    except UnusableKey:
        raise
    except (ValueError, TypeError, KeyError, UnsupportedAlgorithm) as exc:
        raise UnusableKey(f"public key unreadable ({exc})") from None
