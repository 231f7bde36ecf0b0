"""The ICAO Document Type List extension of a Document Signer certificate (ICAO 9303-12 §7.1.1.3).

A Document Signer may say which kinds of document it signs; a DS that lists only passports ("P")
must not vouch for an ID card. The extension (id-icao-mrtd-security-extensions-documentTypeList,
2.23.136.1.1.6.2):

    DocumentTypeListSyntax ::= SEQUENCE {
        version     DocumentTypeListVersion,      -- INTEGER { v0(0) }
        docTypeList SET OF DocumentType }
    DocumentType ::= PrintableString (SIZE(1..2))  -- as in the MRZ, e.g. "P" or "ID"; one letter
                                                   -- stands for every type starting with it

The document's own type comes from the first two characters of its MRZ (ICAO 9303-3 §4.2.2; the
CCCD is "ID", a card of type "I<" is "I" here because the filler is not part of the code).
"""
from __future__ import annotations

from asn1crypto import core

OID_DOCUMENT_TYPE_LIST = "2.23.136.1.1.6.2"


class DocumentTypeListSyntax(core.Sequence):
    _fields = [("version", core.Integer), ("doc_type_list", core.SetOf, {"spec": core.PrintableString})]


class DocumentTypesUnreadable(ValueError):
    """The extension is there but does not follow the syntax above."""


def encode_document_types(types: tuple[str, ...], version: int = 0) -> bytes:
    """The extension's value (the emulator and the tests write it)."""
    return DocumentTypeListSyntax({"version": version, "doc_type_list": list(types)}).dump()


def parse_document_types(value: bytes) -> tuple[str, ...]:
    """The listed types; raises DocumentTypesUnreadable for anything but a v0 list of 1-2 letter
    PrintableStrings with nothing after it (a list the reader cannot read vouches for nothing)."""
    try:
        parsed = DocumentTypeListSyntax.load(value, strict=True)
        version = parsed["version"].native
        types = tuple(str(t) for t in parsed["doc_type_list"].native)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DocumentTypesUnreadable(str(exc) or type(exc).__name__) from None
    if version != 0:
        raise DocumentTypesUnreadable(f"version {version}, only v0 is defined")
    if not types or any(not 1 <= len(t) <= 2 or not t.isascii() or not t.isalpha() for t in types):
        raise DocumentTypesUnreadable(f"document types {list(types)[:8]} are not MRZ document codes")
    return types


def covers(types: tuple[str, ...], document_code: str) -> bool:
    """Does a list allow a document whose MRZ starts with `document_code` (filler "<" stripped)?
    One letter covers every code starting with it; two letters only that code."""
    code = document_code.rstrip("<").upper()
    if not code:
        return False
    return any(code.startswith(t.upper()) if len(t) == 1 else code == t.upper() for t in types)
