"""Every field of a package's manifest replaced by a value of every other JSON type (issue 22: a
manifest with `captures: 5`, `files: 5` or `workstation: "x"`, made with nothing but the server's
public key, crashed the verifier). Verification must end in a report that refuses it, never raise."""
from __future__ import annotations

import json

import pytest

from tests.support.fuzz_targets import _SealedPackage
from workstation.core.package.seal import canonical_json as _canonical


def canonical_json(manifest: dict) -> bytes:
    """The canonical form when there is one; a float has none (a crafted manifest may hold one)."""
    try:
        return _canonical(manifest)
    except TypeError:
        return json.dumps(manifest, sort_keys=True, separators=(",", ":")).encode()

ODD_VALUES = (5, -1, 2.5, "x", "", True, None, [], [5], ["x"], [None], [{}], [{"name": 5, "file": 5}],
              [{"name": ["a"], "file": {"a": 1}, "sha256": 5, "chain": 5}], {}, {"id": 5}, {"id": ["x"]})


@pytest.fixture(scope="module")
def package() -> _SealedPackage:
    return _SealedPackage()


def test_every_field_of_every_type_is_refused_with_a_report(package: _SealedPackage) -> None:
    manifest = json.loads(package.entries["manifest.json"])
    assert package.verify(package.sealed).ok                     # the genuine one passes
    tried = 0
    for key in sorted(manifest):
        for value in ODD_VALUES:
            changed = dict(manifest, **{key: value})
            if changed == manifest:
                continue
            report = package.verify(package.with_manifest(canonical_json(changed)))
            assert not report.ok, (key, value)
            tried += 1
    for key in ("workstation", "citizen"):                        # one level down too
        for inner in sorted(manifest[key]):
            for value in ODD_VALUES:
                changed = dict(manifest, **{key: dict(manifest[key], **{inner: value})})
                if changed != manifest:
                    assert not package.verify(package.with_manifest(canonical_json(changed))).ok, (key, inner, value)
                    tried += 1
    assert tried > 200
