"""Genuine cards that differ from the common CCCD the way real chips do. Every one must read green.

From the standards (what a chip may do) and from public CCCD reader projects (what real cards do,
../shared/REFERENCE-CCCD.md "What real cards show"): no short file identifiers (ICAO 9303-10
§3.6.2 makes them optional), error status words answered in plain under secure messaging, DG3
refused at SELECT, replies over 256 bytes to short reads, a long DG13, explicit EC domain
parameters in the PKI, SHA-1 (legacy) and RSA-PSS signers, ECDSA active authentication with
another hash, a card without expiry whose Document Signer certificate has expired since.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from workstation.emulator.card import CardBehaviour
from workstation.emulator.card_build import CardBuild, FixtureCard
from workstation.emulator.certificate_factory import Profile, document_type_list, issue, rsa_key
from workstation.emulator.citizens import AN, CUONG
from workstation.emulator.cms_builder import CmsOptions
from workstation.emulator.datagroups import build_dg14
from workstation.emulator.pki import load_test_pki
from workstation.emulator.simulated_trust import explicit_csca
from workstation.verify.dg14 import ECDSA_PLAIN

SHA384_PLAIN = next(oid for oid, name in ECDSA_PLAIN.items() if name == "sha384")


def _citizen(n: int, name: str, **changes: object):  # noqa: ANN202 - CitizenProfile
    return replace(AN, id_number=f"0010990{n:05d}", full_name=name, **changes)  # type: ignore[arg-type]


def _no_dg15(b: CardBuild) -> None:
    del b.dgs[15]
    b.com.remove(15)


def _explicit_signer(b: CardBuild) -> None:
    b.signer = issue(Profile("Document Signer Explicit", explicit=True),
                     b.derived_key("ds-explicit", ec.BrainpoolP256R1()), explicit_csca())


def _sha1(b: CardBuild) -> None:
    b.cms, b.lds_hash = CmsOptions(digest="sha1"), "sha1"


def _rsa_pss(b: CardBuild) -> None:
    b.signer = issue(Profile("Document Signer RSA-PSS"), rsa_key("ds-rsa-pss"), load_test_pki().csca)
    b.cms = CmsOptions(rsa_pss=True)


def _sha384_everywhere(b: CardBuild) -> None:
    b.cms, b.lds_hash = CmsOptions(digest="sha384"), "sha384"
    b.dgs[14] = build_dg14(b.ca_key.public_key(), SHA384_PLAIN)
    b.aa_hash = hashes.SHA384()


def _document_types_with_id(b: CardBuild) -> None:
    b.signer = issue(Profile("Document Signer P and ID", critical_extra=(document_type_list("P", "ID"),)),
                     b.derived_key("ds-types"), load_test_pki().csca)


def _expired_signer_of_a_card_for_life(b: CardBuild) -> None:
    b.signer = issue(Profile("Document Signer 2024-2026", not_before=datetime(2024, 1, 1, tzinfo=UTC),
                             not_after=datetime(2026, 1, 1, tzinfo=UTC)), b.derived_key("ds-2024"), load_test_pki().csca)


LONG_PROFILE = _citizen(77001, "Nguyễn Thị Phương Thảo",
                        place_of_origin="Thôn Thượng Phúc, Xã Tả Thanh Oai, Huyện Thanh Trì, Thành phố Hà Nội " * 6,
                        place_of_residence="Số 123 Ngõ 456 Ngách 78 Hẻm 9, Đường Nguyễn Khánh Toàn, Phường Quan "
                                           "Hoa, Quận Cầu Giấy, Thành phố Hà Nội",
                        identifying_marks="Sẹo chấm C:1cm dưới sau cánh mũi phải; nốt ruồi C:2cm trên trước "
                                          "đuôi mắt trái " * 4)


VARIANTS: tuple[FixtureCard, ...] = (
    FixtureCard("variant-no-sfi", "genuine", "No short file identifiers: every file by SELECT (ICAO 9303-10 §3.6.2)",
                _citizen(70001, "Vương Văn Sáu"), behaviour=CardBehaviour(sfi=False, refuse_at_select=True),
                standard="ICAO 9303-10 §3.6.2; ISO/IEC 7816-4 §11.2.3"),
    FixtureCard("variant-plain-errors", "genuine",
                "Errors under secure messaging answered in plain (6A82 for the absent DG15); chip authentication only",
                _citizen(70002, "Kiều Thị Bảy"), behaviour=CardBehaviour(plain_errors=True), before_sign=_no_dg15,
                standard="ICAO 9303-11 §9.8.6"),
    FixtureCard("variant-short-reply-256", "genuine",
                "Short APDUs only, and 256 data bytes (a 283-byte SM reply) whatever Le asked",
                _citizen(70003, "Lục Văn Tám"), behaviour=CardBehaviour(extended_length=False, short_reply_256=True)),
    FixtureCard("variant-long-dg13", "genuine", "A DG13 of more than 1 KB (long names and addresses)",
                LONG_PROFILE),
    FixtureCard("variant-explicit-brainpool", "genuine",
                "CSCA (brainpoolP512r1) and Document Signer (brainpoolP256r1) keys with explicit domain parameters",
                _citizen(70004, "Thân Văn Chín"), before_sign=_explicit_signer, standard="BSI TR-03111 §4.1.2"),
    FixtureCard("variant-sha1-legacy", "genuine", "SOD hashed and signed with SHA-1 (legacy, noted)",
                _citizen(70005, "Ông Văn Mười"), before_sign=_sha1, standard="ICAO 9303-12 §5 (SHA-1 legacy)"),
    FixtureCard("variant-rsa-pss-signer", "genuine", "Document Signer with an RSA key, SOD signed with RSASSA-PSS",
                _citizen(70006, "Âu Thị Mai"), before_sign=_rsa_pss, standard="RFC 4055 §3.1"),
    FixtureCard("variant-sha384", "genuine",
                "SHA-384 hashes and signature; ECDSA active authentication with SHA-384 named in DG14",
                _citizen(70007, "Bế Văn Cao"), before_sign=_sha384_everywhere, standard="ICAO 9303-11 §6.1"),
    FixtureCard("variant-expired-signer-card-for-life", "genuine",
                "A card without expiry whose Document Signer certificate has expired since (valid on the issue date)",
                replace(CUONG, id_number="038952007777", full_name="Lê Văn Thọ", issue_date=date(2024, 6, 1)),
                before_sign=_expired_signer_of_a_card_for_life, standard="ICAO 9303-12 §7.1.1.2"),
    FixtureCard("variant-ds-document-types", "genuine",
                "Document Signer with a Document Type List (\"P\", \"ID\") marked critical: it may sign this ID card",
                _citizen(70008, "Lò Văn Hải"), before_sign=_document_types_with_id,
                standard="ICAO 9303-12 §7.1.1.3; RFC 5280 §4.2"),
)
