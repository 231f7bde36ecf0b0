"""The document's issuing state as the certificates spell it.

The MRZ names states with ICAO 9303-3 §5 three-letter codes (ISO 3166-1 alpha-3, plus ICAO's own:
"D" for Germany, UN bodies); certificates carry the two-letter ISO 3166-1 code in C (9303-12
§7.1.1, "countryName SHALL be present"). Passive authentication binds the two (9303-11 §5.1).
"""
from __future__ import annotations

import iso3166

ICAO_ONLY = {"D": "DE", "UNO": "UN", "UNA": "UN", "UNK": "XK", "RKS": "XK"}


def alpha2_of(issuing_state: str) -> str:
    """"VNM" → "VN"; "" when the code is no known state (the caller then cannot bind the chain)."""
    code = issuing_state.replace("<", "").strip().upper()
    if code in ICAO_ONLY:
        return ICAO_ONLY[code]
    country = iso3166.countries_by_alpha3.get(code)
    return country.alpha2 if country else ""
