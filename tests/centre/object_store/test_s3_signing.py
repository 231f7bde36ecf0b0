"""One SHA-256 per PUT: where SigV4 leaves the body unsigned (https, the loopback), the signed
`x-amz-checksum-sha256` header still binds the body, and the real SeaweedFS refuses a body altered
after signing - so dropping the second hash weakens nothing."""
from __future__ import annotations

import base64
import hashlib
import io
import random

import pytest

from workstation.centre.object_store import ObjectCorrupt, ObjectRef
from workstation.centre.object_store.s3 import S3Store, payload_signing_default

from .conftest import s3_store


@pytest.mark.parametrize(("endpoint", "signed"), [
    ("https://store.province.example:8333", False),     # TLS protects the body
    ("https://10.0.0.5:8333", False),
    ("http://127.0.0.1:8333", False),                   # nobody between the centre and the store
    ("http://127.9.9.9:8333/", False),
    ("http://localhost:8333", False),
    ("http://[::1]:8333", False),
    ("http://10.0.0.5:8333", True),                     # plain http to another machine: signed
    ("http://store.province.example:8333", True),       # a name may resolve anywhere
    ("http://127.0.0.1.example:8333", True),
])
def test_the_body_is_signed_by_default_only_over_plain_http_to_another_machine(endpoint: str, signed: bool) -> None:
    assert payload_signing_default(endpoint) is signed


def _sent_puts(store: S3Store) -> list:  # noqa: ANN202 - the signed requests as they leave botocore
    sent: list = []
    store._client.meta.events.register("before-send.s3.PutObject", lambda request, **_: sent.append(request))
    return sent


def test_a_loopback_put_sends_one_hash_the_signed_checksum(seaweedfs) -> None:  # noqa: ANN001
    store = s3_store(seaweedfs)
    sent = _sent_puts(store)
    data = random.Random("one hash").randbytes(300_000)
    ref = store.put(data)
    assert store.get(ref) == data
    headers = {k.lower(): (v.decode() if isinstance(v, bytes) else v) for k, v in sent[-1].headers.items()}
    assert headers["x-amz-content-sha256"] == "UNSIGNED-PAYLOAD"
    assert headers["x-amz-checksum-sha256"] == base64.b64encode(hashlib.sha256(data).digest()).decode()
    signed = headers["authorization"].split("SignedHeaders=")[1].split(",")[0].split(";")
    assert "x-amz-checksum-sha256" in signed and "if-none-match" in signed


def test_payload_signing_when_asked_signs_the_body(seaweedfs) -> None:  # noqa: ANN001
    store = s3_store(seaweedfs, payload_signing=True)
    sent = _sent_puts(store)
    data = random.Random("signed body").randbytes(100_000)
    store.put(data)
    headers = {k.lower(): v for k, v in sent[-1].headers.items()}
    assert headers["x-amz-content-sha256"] in (hashlib.sha256(data).hexdigest(),
                                               hashlib.sha256(data).hexdigest().encode())


def test_a_body_altered_after_signing_is_refused_and_nothing_is_stored(seaweedfs) -> None:  # noqa: ANN001
    """What someone between the centre and the store could do to an unsigned payload: swap the
    bytes, same length. The server checks them against the signed checksum and stores nothing."""
    store = s3_store(seaweedfs)
    data = random.Random("altered in transit").randbytes(200_000)
    ref = ObjectRef.of(data)
    other = bytes(b ^ 0xFF for b in data[:64]) + data[64:]

    def tamper(request, **_) -> None:  # noqa: ANN001, ANN003
        request.body = io.BytesIO(other)
    store._client.meta.events.register("before-send.s3.PutObject", tamper)
    with pytest.raises(ObjectCorrupt) as caught:
        store.put(data)
    assert "BadDigest" in caught.value.detail
    assert not s3_store(seaweedfs).exists(ref)
