"""Writing CMS SignedData (RFC 5652) as an issuer would: the SOD (ICAO 9303-10 §4.6.2) and CSCA
master lists (ICAO 9303-12 §8). `CmsOptions` lets the attack catalogue make each of the mistakes
and tricks a strict reader must refuse: another digest, a signature algorithm that lies, signed
attributes missing or contradicting the content, two signers, a signer identifier that names
another certificate.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from asn1crypto import algos, cms, core, crl
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from workstation.emulator.pki import Signer

HASHES = {"md5": hashes.MD5, "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
          "sha384": hashes.SHA384, "sha512": hashes.SHA512}


@dataclass(frozen=True)
class CmsOptions:
    digest: str = "sha256"                   # digestAlgorithm, and the hash of the message digest
    signature_hash: str | None = None        # the hash actually signed with (None: digest)
    declared_signature: str | None = None    # signatureAlgorithm written (None: the true one)
    signed_attributes: bool = True
    content_type_attribute: str | None = None  # None: the eContentType; "" : leave it out
    message_digest_of: bytes | None = None   # hash this instead of eContent
    second_signer: bool = False
    sid_serial_offset: int = 0               # the sid names another serial number
    certificates: tuple[Signer, ...] | None = None   # carried certificates (None: the signer's)
    rsa_pss: bool = False
    extra_attribute_der: bytes = b""          # one more signed attribute with this DER value
    crls: tuple[bytes, ...] = ()              # DER CRLs carried in the SignedData (RFC 5652 §10.2.1)


def _true_signature_name(key: object, hash_name: str, pss: bool) -> str:
    if isinstance(key, rsa.RSAPrivateKey):
        return "rsassa_pss" if pss else f"{hash_name}_rsa"
    return f"{hash_name}_ecdsa"


def _signature_algorithm(name: str, hash_name: str) -> algos.SignedDigestAlgorithm:
    if name == "rsassa_pss":
        return algos.SignedDigestAlgorithm({"algorithm": "rsassa_pss", "parameters": algos.RSASSAPSSParams({
            "hash_algorithm": {"algorithm": hash_name},
            "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": hash_name}},
            "salt_length": HASHES[hash_name].digest_size, "trailer_field": "trailer_field_bc"})})
    return algos.SignedDigestAlgorithm({"algorithm": name})


def _sign(key: object, data: bytes, hash_name: str, pss: bool) -> bytes:
    chosen = HASHES[hash_name]()
    if isinstance(key, rsa.RSAPrivateKey):
        pad = padding.PSS(padding.MGF1(chosen), chosen.digest_size) if pss else padding.PKCS1v15()
        return key.sign(data, pad, chosen)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return key.sign(data, ec.ECDSA(chosen))


def _signer_info(signer: Signer, econtent: bytes, content_type: str, o: CmsOptions) -> cms.SignerInfo:
    cert = asn1_x509.Certificate.load(signer.certificate.public_bytes(serialization.Encoding.DER))
    signature_hash = o.signature_hash or o.digest
    digest = hashlib.new(o.digest, o.message_digest_of if o.message_digest_of is not None else econtent).digest()
    attributes = []
    if o.content_type_attribute != "":
        attributes.append(cms.CMSAttribute({"type": "content_type",
                                            "values": [o.content_type_attribute or content_type]}))
    attributes.append(cms.CMSAttribute({"type": "message_digest", "values": [digest]}))
    if o.extra_attribute_der:
        attributes.append(cms.CMSAttribute({"type": "1.3.6.1.4.1.99999.1", "values": [core.Any.load(o.extra_attribute_der)]}))
    signed_attrs = cms.CMSAttributes(attributes)
    to_sign = signed_attrs.dump() if o.signed_attributes else econtent
    signature = _sign(signer.key, to_sign, signature_hash, o.rsa_pss)
    declared = o.declared_signature or _true_signature_name(signer.key, signature_hash, o.rsa_pss)
    info = {
        "version": "v1",
        "sid": cms.SignerIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber({
            "issuer": cert.issuer, "serial_number": cert.serial_number + o.sid_serial_offset})}),
        "digest_algorithm": algos.DigestAlgorithm({"algorithm": o.digest}),
        "signature_algorithm": _signature_algorithm(declared, signature_hash),
        "signature": signature,
    }
    if o.signed_attributes:
        info["signed_attrs"] = signed_attrs
    return cms.SignerInfo(info)


def signed_data(content_type: str, econtent: bytes, signer: Signer, options: CmsOptions = CmsOptions()) -> bytes:
    """A DER ContentInfo holding SignedData over `econtent`."""
    carried = options.certificates if options.certificates is not None else (signer,)
    infos = [_signer_info(signer, econtent, content_type, options)]
    if options.second_signer:
        infos.append(_signer_info(signer, econtent, content_type, CmsOptions(digest=options.digest)))
    sd = cms.SignedData({
        "version": "v3",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": options.digest})],
        "encap_content_info": {"content_type": content_type, "content": core.ParsableOctetString(econtent)},
        "certificates": [asn1_x509.Certificate.load(s.certificate.public_bytes(serialization.Encoding.DER))
                         for s in carried],
        "signer_infos": infos,
        **({"crls": [cms.RevocationInfoChoice(name="crl", value=crl.CertificateList.load(c))
                     for c in options.crls]} if options.crls else {}),
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": sd}).dump()
