"""The same promises from the folder store and the S3 store (a real SeaweedFS): write once under
the content's SHA-256, idempotent, every read re-verified, typed errors."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
import pytest

from workstation.centre.object_store import ObjectCorrupt, ObjectMissing, ObjectRef, ObjectStore

from .conftest import StoreUnderTest


def test_both_stores_keep_the_protocol(under_test: StoreUnderTest) -> None:
    assert isinstance(under_test.store, ObjectStore)


def test_put_then_get_returns_the_same_bytes_under_a_content_key(under_test: StoreUnderTest, payload: Callable[..., bytes]) -> None:
    data = payload()
    ref = under_test.store.put(data)
    digest = hashlib.sha256(data).hexdigest()
    assert ref == ObjectRef(digest, len(data))
    assert ref.key == f"packages/{digest[:2]}/{digest[2:4]}/{digest}"
    assert under_test.store.exists(ref)
    assert under_test.store.get(ref) == data


def test_putting_the_same_bytes_again_is_a_success_and_one_object(under_test: StoreUnderTest, payload: Callable[..., bytes]) -> None:
    data = payload(seed=2)
    first = under_test.store.put(data)
    assert under_test.store.put(data) == first
    assert under_test.store.get(first) == data


def test_different_packages_get_different_keys(under_test: StoreUnderTest, payload: Callable[..., bytes]) -> None:
    a, b = under_test.store.put(payload(seed=3)), under_test.store.put(payload(seed=4))
    assert a.key != b.key
    assert under_test.store.get(a) == payload(seed=3)
    assert under_test.store.get(b) == payload(seed=4)


def test_an_empty_package_is_stored_like_any_other(under_test: StoreUnderTest) -> None:
    ref = under_test.store.put(b"")
    assert under_test.store.get(ref) == b""


@pytest.mark.parametrize("change", ["flip", "truncate", "replace"])
def test_a_corrupted_object_is_refused_never_returned(under_test: StoreUnderTest, change: str, payload: Callable[..., bytes]) -> None:
    data = payload(seed=5)
    ref = under_test.store.put(data)
    bad = {"flip": data[:1000] + bytes([data[1000] ^ 1]) + data[1001:],
           "truncate": data[:-1],
           "replace": payload(seed=6)}[change]
    under_test.overwrite(ref, bad)
    with pytest.raises(ObjectCorrupt) as caught:
        under_test.store.get(ref)
    assert caught.value.reason == "object_corrupt"
    assert "corrupt" in caught.value.one_line() and ref.sha256[:16] in caught.value.one_line()
    assert "hỏng" in caught.value.officer_text("vi")


def test_putting_over_a_corrupted_object_says_so_and_does_not_hide_it(under_test: StoreUnderTest, payload: Callable[..., bytes]) -> None:
    data = payload(seed=7)
    ref = under_test.store.put(data)
    under_test.overwrite(ref, data[:-10])
    with pytest.raises(ObjectCorrupt):
        under_test.store.put(data)


def test_a_missing_object_is_a_typed_error(under_test: StoreUnderTest) -> None:
    ref = ObjectRef.of(b"never stored")
    assert not under_test.store.exists(ref)
    with pytest.raises(ObjectMissing) as caught:
        under_test.store.get(ref)
    assert caught.value.reason == "object_missing"


def test_an_object_removed_behind_the_stores_back_is_missing(under_test: StoreUnderTest, payload: Callable[..., bytes]) -> None:
    ref = under_test.store.put(payload(seed=8, size=1000))
    under_test.remove(ref)
    assert not under_test.store.exists(ref)
    with pytest.raises(ObjectMissing):
        under_test.store.get(ref)


def test_a_large_object_round_trips(under_test: StoreUnderTest, payload: Callable[..., bytes]) -> None:
    data = payload(size=8 * 1024 * 1024, seed=9)
    ref = under_test.store.put(data)
    assert ref.size == 8 * 1024 * 1024
    assert under_test.store.get(ref) == data


def test_a_healthy_store_says_so(under_test: StoreUnderTest) -> None:
    health = under_test.store.health()
    assert health.ok, health.as_dict()
    assert health.as_dict()["kind"] == under_test.store.kind


def test_a_reference_that_could_escape_the_key_space_is_refused() -> None:
    for digest in ("../" + "a" * 61, "A" * 64, "a" * 63, "a" * 64 + "\n"):
        with pytest.raises(ValueError):
            ObjectRef(digest, 1)
    with pytest.raises(ValueError):
        ObjectRef("a" * 64, -1)


def test_the_listing_is_sorted_and_delete_removes_one_object(under_test: StoreUnderTest,
                                                             payload: Callable[..., bytes]) -> None:
    """What `centre store-sweep` relies on: every package object listed, in ascending SHA-256 order,
    with its size and a UTC time; delete removes only the object named, and a second time is fine."""
    from datetime import UTC, datetime, timedelta

    refs = [under_test.store.put(payload(size=1000 + n, seed=20 + n)) for n in range(3)]
    listed = list(under_test.store.listing())
    shas = [o.sha256 for o in listed]
    assert shas == sorted(shas) and len(set(shas)) == len(shas)
    ours = {o.sha256: o for o in listed if o.sha256 in {r.sha256 for r in refs}}
    assert {s: o.size for s, o in ours.items()} == {r.sha256: r.size for r in refs}
    assert all(abs(o.modified - datetime.now(UTC)) < timedelta(hours=1) for o in ours.values())
    under_test.store.delete(refs[0].sha256)
    under_test.store.delete(refs[0].sha256)
    assert not under_test.store.exists(refs[0])
    assert all(under_test.store.get(r) == payload(size=1000 + n + 1, seed=21 + n) for n, r in enumerate(refs[1:]))
    assert refs[0].sha256 not in {o.sha256 for o in under_test.store.listing()}
