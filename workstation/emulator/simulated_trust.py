"""What a simulated workstation trusts: the test CSCA (stable files in pki/), a second test CSCA
whose keys use explicit brainpool domain parameters, and a CRL of the test CSCA that revokes one
Document Signer of the attack catalogue. Made in process (keys derived from names), so every
process that builds a card and every process that checks it agree."""
from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from workstation.emulator.certificate_factory import csca_profile, derived_ec_key, issue, serial_of
from workstation.emulator.pki import PKI_DIR, Signer, load_test_pki
from workstation.verify.trust_store import RevocationList, TrustStore

REVOKED_SIGNER_CN = "Document Signer Revoked"


@cache
def explicit_csca() -> Signer:
    return issue(csca_profile("CSCA Test Viet Nam Explicit", explicit=True, hash=hashes.SHA512),
                 derived_ec_key("csca-explicit", ec.BrainpoolP512R1()), None)


@cache
def revocation_list() -> x509.CertificateRevocationList:
    csca = load_test_pki().csca
    revoked = (x509.RevokedCertificateBuilder().serial_number(serial_of(REVOKED_SIGNER_CN))
               .revocation_date(datetime(2025, 3, 1, tzinfo=UTC)).build())
    return (x509.CertificateRevocationListBuilder().issuer_name(csca.certificate.subject)
            .last_update(datetime(2025, 3, 1, tzinfo=UTC)).next_update(datetime(2044, 1, 1, tzinfo=UTC))
            .add_revoked_certificate(revoked).sign(csca.key, hashes.SHA256()))


def simulated_trust_store() -> TrustStore:
    store = TrustStore.load([PKI_DIR / "csca.pem"])
    store.add_der(explicit_csca().certificate.public_bytes(serialization.Encoding.DER), "test PKI (explicit)")
    store.crls.append(RevocationList(revocation_list(), "test PKI CRL"))
    return store
