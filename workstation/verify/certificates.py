"""X.509 certificates of an eMRTD PKI and the profiles of ICAO 9303-12 §7.1.1 (table 6).

A certificate is checked for what it *is* before its key is used for anything: a Document Signer
(DS) signs SODs only (keyUsage digitalSignature, not a CA, no signer role of another kind such as
Master List Signer, extKeyUsage 2.23.136.1.1.3, or Deviation List Signer, 2.23.136.1.1.8), within
its validity; a CSCA is a CA (basicConstraints cA, keyUsage keyCertSign, RFC 5280 §4.2.1.9 and
§4.2.1.3). Keys come through `public_keys`, so explicit EC domain parameters work.

RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a critical
extension it does not recognize". The extensions this reader recognises are the ones it acts on
(RECOGNISED_EXTENSIONS): basicConstraints, keyUsage and extKeyUsage (what a certificate is),
subject and authority key identifiers (finding the issuer), and for a DS the ICAO Document Type
List (ICAO 9303-12 §7.1.1.3, document_types.py: which documents it may sign). Anything else marked
critical (nameConstraints, policyConstraints, a private extension...) refuses the DS or the CSCA:
ICAO 9303-12 table 6 marks no other extension critical in this PKI, so a reader that ignored one
would accept a restriction it did not apply.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import ExtensionOID, NameOID

from workstation.verify.document_types import (
    OID_DOCUMENT_TYPE_LIST,
    DocumentTypesUnreadable,
    covers,
    parse_document_types,
)
from workstation.verify.public_keys import PublicKey, UnusableKey, load_public_key
from workstation.verify.signatures import SignatureRefused, declared_algorithm, verifies

OID_MASTER_LIST_SIGNER = "2.23.136.1.1.3"     # id-icao-mrtd-security-cscaMasterListSigningKey
OID_DEVIATION_LIST_SIGNER = "2.23.136.1.1.8"  # id-icao-mrtd-security-DeviationListSigningKey
RECOGNISED_EXTENSIONS = frozenset({
    ExtensionOID.BASIC_CONSTRAINTS.dotted_string,         # 2.5.29.19, RFC 5280 §4.2.1.9
    ExtensionOID.KEY_USAGE.dotted_string,                 # 2.5.29.15, §4.2.1.3
    ExtensionOID.EXTENDED_KEY_USAGE.dotted_string,        # 2.5.29.37, §4.2.1.12 (the signer roles)
    ExtensionOID.SUBJECT_KEY_IDENTIFIER.dotted_string,    # 2.5.29.14, §4.2.1.2
    ExtensionOID.AUTHORITY_KEY_IDENTIFIER.dotted_string,  # 2.5.29.35, §4.2.1.1
    OID_DOCUMENT_TYPE_LIST,                               # ICAO 9303-12 §7.1.1.3
})
OTHER_ROLES = {OID_MASTER_LIST_SIGNER: "Master List Signer", OID_DEVIATION_LIST_SIGNER: "Deviation List Signer"}


class CertificateUnreadable(ValueError):
    pass


@dataclass(frozen=True)
class Problem:
    code: str        # machine-readable, stable: testers and the verdict use it
    text: str        # technical English, for the log and the details panel


@dataclass(frozen=True, eq=False)
class Certificate:
    """One certificate, parsed strictly by `cryptography` (names, extensions, validity) and by
    asn1crypto for the parts `cryptography` will not give (the raw key info, the declared
    signature algorithm)."""

    der: bytes
    cert: x509.Certificate
    asn1: asn1_x509.Certificate

    @classmethod
    def load(cls, der: bytes) -> "Certificate":
        try:
            with warnings.catch_warnings():
                # real master lists hold CSCAs with non-positive serial numbers: reported by
                # cryptography as a deprecation, and harmless for a trust anchor
                warnings.simplefilter("ignore", CryptographyDeprecationWarning)
                cert = x509.load_der_x509_certificate(der)
                cert.extensions  # noqa: B018
            asn1 = asn1_x509.Certificate.load(der)
            # both parse lazily: touch what every check needs, so a malformed one fails here, once
            cert.subject.rfc4514_string()
            cert.issuer.rfc4514_string()
            asn1["tbs_certificate"]["subject_public_key_info"].dump()
            asn1["signature_algorithm"]["algorithm"].dotted  # noqa: B018
        except (ValueError, TypeError, KeyError, AttributeError, x509.InvalidVersion,
                x509.DuplicateExtension, x509.UnsupportedGeneralNameType) as exc:
            raise CertificateUnreadable(str(exc) or type(exc).__name__) from None
        return cls(der, cert, asn1)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Certificate) and other.der == self.der

    def __hash__(self) -> int:
        return hash(self.der)

    # -- names and identifiers -----------------------------------------------------------------
    @property
    def subject(self) -> x509.Name:
        return self.cert.subject

    @property
    def issuer(self) -> x509.Name:
        return self.cert.issuer

    @property
    def country(self) -> str:
        return _country(self.cert.subject)

    @property
    def issuer_country(self) -> str:
        return _country(self.cert.issuer)

    @property
    def self_issued(self) -> bool:
        return self.cert.subject == self.cert.issuer

    @property
    def serial(self) -> int:
        return self.cert.serial_number

    def _extension(self, oid: x509.ObjectIdentifier) -> x509.ExtensionType | None:
        try:
            return self.cert.extensions.get_extension_for_oid(oid).value
        except x509.ExtensionNotFound:
            return None

    @cached_property
    def subject_key_id(self) -> bytes | None:
        ext = self._extension(ExtensionOID.SUBJECT_KEY_IDENTIFIER)
        return ext.digest if isinstance(ext, x509.SubjectKeyIdentifier) else None

    @cached_property
    def authority_key_id(self) -> bytes | None:
        ext = self._extension(ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
        return ext.key_identifier if isinstance(ext, x509.AuthorityKeyIdentifier) else None

    # -- what it is ----------------------------------------------------------------------------
    @cached_property
    def is_ca(self) -> bool:
        ext = self._extension(ExtensionOID.BASIC_CONSTRAINTS)
        return isinstance(ext, x509.BasicConstraints) and ext.ca

    @cached_property
    def key_usage(self) -> frozenset[str]:
        ext = self._extension(ExtensionOID.KEY_USAGE)
        if not isinstance(ext, x509.KeyUsage):
            return frozenset()
        names = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                 "key_agreement", "key_cert_sign", "crl_sign")
        return frozenset(n for n in names if getattr(ext, n))

    @cached_property
    def extended_key_usage(self) -> frozenset[str]:
        ext = self._extension(ExtensionOID.EXTENDED_KEY_USAGE)
        return frozenset(o.dotted_string for o in ext) if isinstance(ext, x509.ExtendedKeyUsage) else frozenset()

    @cached_property
    def unrecognised_critical(self) -> tuple[str, ...]:
        """Dotted OIDs of the critical extensions this reader does not act on (RFC 5280 §4.2)."""
        return tuple(e.oid.dotted_string for e in self.cert.extensions
                     if e.critical and e.oid.dotted_string not in RECOGNISED_EXTENSIONS)

    @cached_property
    def document_types(self) -> tuple[str, ...] | None:
        """The ICAO Document Type List, None when the certificate has none; raises
        DocumentTypesUnreadable for one that cannot be read."""
        ext = self._extension(x509.ObjectIdentifier(OID_DOCUMENT_TYPE_LIST))
        if ext is None:
            return None
        if not isinstance(ext, x509.UnrecognizedExtension):
            raise DocumentTypesUnreadable("not the ICAO syntax")
        return parse_document_types(ext.value)

    def valid_at(self, when: datetime) -> bool:
        return self.cert.not_valid_before_utc <= when <= self.cert.not_valid_after_utc

    # -- keys and signatures -------------------------------------------------------------------
    @cached_property
    def public_key(self) -> PublicKey:
        """Raises UnusableKey (explicit parameters of no known curve, unknown algorithm)."""
        return load_public_key(self.asn1["tbs_certificate"]["subject_public_key_info"].dump())

    def signed_with(self, key: PublicKey) -> bool:
        """Does `key` verify this certificate's signature, with the algorithm it declares?"""
        try:
            algorithm = declared_algorithm(self.asn1["signature_algorithm"], None, allow_sha1=True)
        except SignatureRefused:
            return False
        return verifies(key, self.cert.signature, self.cert.tbs_certificate_bytes, algorithm)

    def signed_with_own_key(self) -> bool:
        try:
            return self.signed_with(self.public_key)
        except UnusableKey:
            return False

    def issued_by(self, issuer: "Certificate") -> bool:
        try:
            return self.issuer == issuer.subject and self.signed_with(issuer.public_key)
        except UnusableKey:
            return False

    def describe(self) -> str:
        return self.cert.subject.rfc4514_string()


def _country(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COUNTRY_NAME)
    return str(values[0].value).upper() if len(values) == 1 else ""


def _unrecognised_critical_problem(cert: Certificate, code: str) -> Problem | None:
    if not cert.unrecognised_critical:
        return None
    return Problem(code, "the certificate carries a critical extension this reader does not recognise "
                         f"({', '.join(cert.unrecognised_critical[:4])}; RFC 5280 §4.2)")


def document_type_problem(ds: Certificate, document_code: str) -> Problem | None:
    """The DS lists the documents it may sign and this one is not among them (ICAO 9303-12
    §7.1.1.3); a list that cannot be read vouches for nothing (fail closed)."""
    try:
        types = ds.document_types
    except DocumentTypesUnreadable as exc:
        return Problem("ds_document_type", f"the Document Signer's document type list cannot be read ({exc})")
    if types is None or covers(types, document_code):
        return None
    return Problem("ds_document_type", f"the Document Signer may sign {', '.join(sorted(types))} documents only, "
                                       f"not this {document_code.rstrip('<') or 'unknown'} document")


def document_signer_problems(ds: Certificate, when: datetime, issued_on: datetime | None = None,
                             document_code: str = "") -> list[Problem]:
    """What makes `ds` unfit to sign a SOD at `when` (ICAO 9303-12 §7.1.1). `issued_on`: the
    card's issue date, used only for a card without expiry whose DS certificate has since expired
    (ICAO 9303-12 §7.1.1.2 makes a DS certificate outlive the documents it signs; a card valid
    for life outlives any certificate). `document_code`: the MRZ's document code ("ID" for the
    CCCD), checked against the DS's Document Type List when it has one ("" matches no list)."""
    problems = []
    critical = _unrecognised_critical_problem(ds, "ds_unknown_critical_extension")
    if critical:
        problems.append(critical)
    if when < ds.cert.not_valid_before_utc:
        problems.append(Problem("ds_not_yet_valid", "the Document Signer certificate is not valid yet"))
    elif when > ds.cert.not_valid_after_utc and not (issued_on is not None and ds.valid_at(issued_on)):
        problems.append(Problem("ds_expired", "the Document Signer certificate has expired"))
    if ds.is_ca or "key_cert_sign" in ds.key_usage:
        problems.append(Problem("ds_is_ca", "the SOD is signed with a CA certificate, not a Document Signer's"))
    if "digital_signature" not in ds.key_usage:
        problems.append(Problem("ds_key_usage", "the Document Signer certificate does not allow digital signatures"))
    roles = [OTHER_ROLES[o] for o in sorted(ds.extended_key_usage) if o in OTHER_ROLES]
    if roles:
        problems.append(Problem("ds_wrong_role", f"the SOD is signed with a {roles[0]} certificate"))
    doc_type = document_type_problem(ds, document_code)
    if doc_type:
        problems.append(doc_type)
    return problems


def csca_problems(csca: Certificate) -> list[Problem]:
    """What makes `csca` unfit to be a trust anchor or link certificate (ICAO 9303-12 §7.1.1)."""
    problems = []
    critical = _unrecognised_critical_problem(csca, "csca_unknown_critical_extension")
    if critical:
        problems.append(critical)
    if not csca.is_ca:
        problems.append(Problem("csca_not_ca", "not a CA certificate (basicConstraints cA missing)"))
    if "key_cert_sign" not in csca.key_usage:
        problems.append(Problem("csca_key_usage", "keyUsage keyCertSign missing"))
    if not csca.country:
        problems.append(Problem("csca_no_country", "no country in the subject"))
    return problems
