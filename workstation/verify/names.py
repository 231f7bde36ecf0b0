"""Comparing Vietnamese names across the QR (UTF-8, sometimes mangled by a keyboard-wedge
scanner), DG13 (UTF-8) and the MRZ (A-Z only, at most 30 characters with the separators)."""
from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Upper case without diacritics, Đ as D, single spaces: the MRZ's alphabet."""
    text = unicodedata.normalize("NFC", text).replace("Đ", "D").replace("đ", "d")
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return " ".join(stripped.upper().replace("<", " ").split())


def repair_mojibake(text: str) -> str:
    """UTF-8 read as Latin-1 or CP1252 (a scanner set to the wrong code page), when it is that."""
    for codec in ("latin-1", "cp1252"):
        try:
            fixed = text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text:
            return fixed
    return text


def looks_mangled(text: str) -> bool:
    return "?" in text or "\ufffd" in text or any(unicodedata.category(c) == "Cc" for c in text)


def same_name(a: str, b: str) -> bool:
    return fold(a) == fold(b)


def matches_mrz(full_name: str, mrz_name: str) -> bool:
    """The MRZ name field is cut at 30 characters: a prefix match is a match."""
    folded, mrz = fold(full_name), fold(mrz_name)
    return bool(mrz) and (folded == mrz or (len(mrz) >= 20 and folded.startswith(mrz)))
