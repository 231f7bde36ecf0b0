"""Packages (sealed, their envelope as an intake node checks it, their content, their manifest),
USB export folders and settings files are fuzzed: each input ends in a report or the parser's own refusal, never another exception. The same
targets run 100,000 inputs each in scripts/fuzz.py; this is the bounded share CI runs."""
from __future__ import annotations

import random
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.fuzz_targets import FuzzTarget, all_targets, mutate, run_one

NAMES = ("package_sealed", "package_envelope", "package_content", "package_manifest", "settings", "export_folder")


@cache
def _targets() -> dict[str, FuzzTarget]:
    return all_targets()


@pytest.mark.parametrize("name", NAMES)
def test_the_genuine_sample_is_accepted(name: str) -> None:
    target = _targets()[name]
    for sample in target.samples:
        target.run(sample)          # raises on a sample that is itself refused: the fuzzing would be shallow


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_fuzz(name: str, seed: int) -> None:
    target = _targets()[name]
    rng = random.Random(seed)
    data = mutate(rng, target.samples[seed % len(target.samples)], target.mutate_head)
    escaped = run_one(target, data)
    assert escaped is None, f"{type(escaped).__name__}: {escaped}"


def test_the_known_escapes_stay_refused() -> None:
    """What the long run found once, kept: a content archive with a damaged deflate stream, and an
    entry flagged as encrypted (zipfile raised zlib.error and RuntimeError past the verifier)."""
    import io
    import zipfile

    package = _targets()["package_content"]
    inner = bytearray(package.samples[0])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", str(list(range(300))).encode())     # compresses to ~600 bytes
    damaged = bytearray(out.getvalue())
    stream = 30 + len("manifest.json")                             # local header, then the deflate stream
    damaged[stream + 2:stream + 10] = b"\xff" * 8
    assert run_one(package, bytes(damaged)) is None
    flagged = bytearray(inner)
    at = flagged.find(b"PK\x01\x02")                               # central directory entry
    flagged[at + 8] |= 0x01                                        # general purpose flag: encrypted
    assert run_one(package, bytes(flagged)) is None
