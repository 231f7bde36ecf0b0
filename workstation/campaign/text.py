"""Text helpers shared by the importer and the exports: comparing headers without diacritics, and
writing cells that no spreadsheet program will read as a formula."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s_/\\.\-:()]+")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def strip_diacritics(text: str) -> str:
    """Vietnamese without its marks, đ/Đ as d/D: "Lê Văn Đạt" -> "Le Van Dat"."""
    text = unicodedata.normalize("NFD", str(text)).replace("\u0111", "d").replace("\u0110", "D")
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


@lru_cache(maxsize=4096)          # villages, sexes, relations, notes repeat on every row
def fold(text: str) -> str:
    """Lower case, without diacritics, runs of spaces and punctuation as one space:
    "Thôn/Tổ dân phố" and "thon to dan pho" compare equal."""
    return _SPACES.sub(" ", strip_diacritics(text).lower()).strip()


def safe_cell(value: object) -> object:
    """A value for a CSV or XLSX export: a text that a spreadsheet would take as a formula
    (= + - @, or a tab or carriage return before one) is prefixed with an apostrophe (OWASP
    "CSV injection"). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
