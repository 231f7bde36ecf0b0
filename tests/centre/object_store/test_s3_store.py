"""The S3 store against a real SeaweedFS: refused credentials, an unreachable or stopped server,
a missing bucket, HEAD-then-PUT mode, racing writers - each a typed error or a success."""
from __future__ import annotations

import http.client
import http.server
import random
import threading
from pathlib import Path

import pytest

from workstation.centre.object_store import (
    CredentialsRefused,
    ObjectCorrupt,
    ObjectRef,
    StoreSettingsInvalid,
    StoreUnreachable,
)
from workstation.centre.object_store.s3 import S3Store

from .conftest import s3_store


def data_for(name: str, size: int = 50_000) -> bytes:
    return random.Random(name).randbytes(size)


def test_a_wrong_secret_is_credentials_refused_for_every_operation(seaweedfs, shared_s3_store: S3Store) -> None:  # noqa: ANN001
    data = data_for("wrong-secret")
    ref = shared_s3_store.put(data)
    store = S3Store(seaweedfs.endpoint, seaweedfs.bucket, seaweedfs.access_key, "not-the-secret")
    for operation in (lambda: store.put(data_for("wrong-secret-2")), lambda: store.get(ref),
                      lambda: store.exists(ref)):
        with pytest.raises(CredentialsRefused) as caught:
            operation()
        assert caught.value.reason == "store_credentials_refused"
        assert "not-the-secret" not in caught.value.one_line() + caught.value.detail
    health = store.health()
    assert isinstance(health.error, CredentialsRefused)
    assert "từ chối" in health.error.officer_text("vi")


def test_an_unknown_access_key_is_credentials_refused(seaweedfs) -> None:  # noqa: ANN001
    store = S3Store(seaweedfs.endpoint, seaweedfs.bucket, "NOBODYSKEY", seaweedfs.secret_key)
    with pytest.raises(CredentialsRefused):
        store.put(data_for("unknown-key"))


def test_nothing_listening_is_store_unreachable() -> None:
    from tests.support.seaweedfs import free_ports

    store = S3Store(f"http://127.0.0.1:{free_ports(1)[0]}", "centre-packages", "k", "s", connect_timeout=1)
    with pytest.raises(StoreUnreachable) as caught:
        store.put(b"anything")
    assert caught.value.reason == "store_unreachable"
    with pytest.raises(StoreUnreachable):
        store.get(ObjectRef.of(b"anything"))
    assert isinstance(store.health().error, StoreUnreachable)


@pytest.mark.slow
def test_a_stopped_server_is_store_unreachable_and_its_objects_come_back_intact() -> None:
    """A second SeaweedFS of its own (the session's stays up): write, kill it, every call a typed error."""
    from tests.support.seaweedfs import running_seaweedfs

    with running_seaweedfs() as server:
        store = s3_store(server, connect_timeout=1, read_timeout=2)
        data = data_for("stopped")
        ref = store.put(data)
        server.stop()
        for operation in (lambda: store.put(data_for("stopped-2")), lambda: store.get(ref),
                          lambda: store.exists(ref)):
            with pytest.raises(StoreUnreachable):
                operation()
        assert not store.health().ok


def test_a_missing_bucket_is_a_settings_error_naming_it(seaweedfs) -> None:  # noqa: ANN001
    """(A PUT would make it: SeaweedFS creates a bucket for an Admin identity, which is why the
    docs give the centre's identity only Read and Write on its bucket.)"""
    store = S3Store(seaweedfs.endpoint, "no-such-bucket-here", seaweedfs.access_key, seaweedfs.secret_key)
    with pytest.raises(StoreSettingsInvalid) as caught:
        store.get(ObjectRef.of(b"anything"))
    assert caught.value.key == "bucket" and "no-such-bucket-here" in caught.value.one_line()
    assert isinstance(store.health().error, StoreSettingsInvalid)


def test_head_then_put_mode_is_write_once_and_idempotent_too(seaweedfs) -> None:  # noqa: ANN001
    store = s3_store(seaweedfs, conditional_writes=False)
    data = data_for("head-then-put")
    ref = store.put(data)
    assert store.put(data) == ref
    assert store.get(ref) == data


def test_the_conditional_create_keeps_an_existing_object(seaweedfs, shared_s3_store: S3Store) -> None:  # noqa: ANN001
    """If-None-Match reaches the server: an object already under the key is never replaced,
    so a tampered one stays visible (and refused) instead of being silently rewritten."""
    data = data_for("conditional")
    ref = ObjectRef.of(data)
    seaweedfs.raw.put_object(Bucket=seaweedfs.bucket, Key=ref.key, Body=b"planted first")
    with pytest.raises(ObjectCorrupt):
        shared_s3_store.put(data)
    body = seaweedfs.raw.get_object(Bucket=seaweedfs.bucket, Key=ref.key)["Body"].read()
    assert body == b"planted first"


def test_writers_racing_on_one_package_all_succeed(shared_s3_store: S3Store) -> None:
    data = data_for("race", 480 * 1024)
    start = threading.Barrier(6)
    refs, errors = [], []

    def write() -> None:
        start.wait()
        try:
            refs.append(shared_s3_store.put(data))
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(set(refs)) == 1 and len(refs) == 6
    assert shared_s3_store.get(refs[0]) == data


def test_the_credentials_file_is_never_echoed(tmp_path: Path, seaweedfs) -> None:  # noqa: ANN001
    from workstation.centre.object_store import from_settings

    path = seaweedfs.credentials_file(tmp_path, secret_key="a-wrong-secret-value")
    store = from_settings({"kind": "s3", "endpoint": seaweedfs.endpoint, "bucket": seaweedfs.bucket,
                           "credentials_file": str(path)}, tmp_path)
    health = store.health()
    assert isinstance(health.error, CredentialsRefused)
    assert "a-wrong-secret-value" not in str(health.as_dict()) + health.error.detail


class _NoConditionalWrites(http.server.BaseHTTPRequestHandler):
    """Stands for an older S3 gateway: 501 NotImplemented to a PUT with If-None-Match, everything
    else passed to the real SeaweedFS unchanged (the signature stays valid: nothing is rewritten)."""

    protocol_version = "HTTP/1.1"
    backend = ""
    refused: list[str] = []

    def _forward(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.command == "PUT" and self.headers.get("If-None-Match"):
            type(self).refused.append(self.path)
            answer = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code>'
                      b"<Message>A header you provided implies functionality that is not implemented"
                      b"</Message></Error>")
            self.send_response(501)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
            return
        host, port = self.backend.removeprefix("http://").split(":")
        upstream = http.client.HTTPConnection(host, int(port), timeout=10)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "expect")}
        upstream.request(self.command, self.path, body=body or None, headers=headers)
        response = upstream.getresponse()
        data = response.read()
        self.send_response(response.status)
        for key, value in response.getheaders():
            if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(key, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        upstream.close()

    do_GET = do_PUT = do_HEAD = do_POST = do_DELETE = _forward

    def log_message(self, *args) -> None:  # noqa: ANN002
        pass


def test_a_server_without_conditional_writes_gets_head_then_put(seaweedfs) -> None:  # noqa: ANN001
    handler = type("Handler", (_NoConditionalWrites,), {"backend": seaweedfs.endpoint, "refused": []})
    proxy = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        store = S3Store(f"http://127.0.0.1:{proxy.server_address[1]}", seaweedfs.bucket,
                        seaweedfs.access_key, seaweedfs.secret_key)
        first, second = data_for("fallback-1"), data_for("fallback-2")
        ref = store.put(first)                                # 501, then HEAD + PUT
        assert store.get(ref) == first
        assert store.put(first) == ref                        # idempotent in this mode too
        assert store.get(store.put(second)) == second
        assert len(handler.refused) == 1                      # the header was tried once, then dropped
        seaweedfs.raw.put_object(Bucket=seaweedfs.bucket, Key=ref.key, Body=b"tampered")
        with pytest.raises(ObjectCorrupt):
            store.put(first)                                   # HEAD finds it, the read-back refuses it
    finally:
        proxy.shutdown()
        proxy.server_close()


def test_a_wrong_bucket_with_a_bucket_scoped_identity_is_a_settings_error_not_refused_credentials(seaweedfs) -> None:  # noqa: ANN001
    """The store knew the key and checked the signature, then refused the bucket: saying
    "credentials refused" sent the administrator to the wrong file."""
    from tests.support.seaweedfs import SCOPED_KEY, SCOPED_SECRET

    assert S3Store(seaweedfs.endpoint, seaweedfs.bucket, SCOPED_KEY, SCOPED_SECRET).health().ok
    store = S3Store(seaweedfs.endpoint, "centre-pakages", SCOPED_KEY, SCOPED_SECRET)
    for operation in (lambda: store.put(data_for("scoped")), lambda: store.get(ObjectRef.of(b"scoped"))):
        with pytest.raises(StoreSettingsInvalid) as caught:
            operation()
        assert caught.value.key == "bucket"
        assert "does not exist" in caught.value.one_line() and "may not use it" in caught.value.one_line()
    health = store.health()
    assert isinstance(health.error, StoreSettingsInvalid) and "centre-pakages" in health.error.one_line()
    wrong_secret = S3Store(seaweedfs.endpoint, seaweedfs.bucket, SCOPED_KEY, "not-the-secret")
    assert isinstance(wrong_secret.health().error, CredentialsRefused)
