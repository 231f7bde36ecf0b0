"""Canonical JSON: one byte string per value, so a signature over it is reproducible.

Keys sorted, no insignificant white space, UTF-8 without escapes, integers only (floats are
written as strings by the builder), as RFC 8785 requires for the values this package uses.
"""
from __future__ import annotations

import json
from typing import Any


def _check(value: Any, path: str = "$") -> None:
    if isinstance(value, float):
        raise TypeError(f"{path}: floats are not canonical; write them as strings")
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: keys must be strings")
            _check(item, f"{path}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check(item, f"{path}[{i}]")


def canonical_json(value: Any) -> bytes:
    _check(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
