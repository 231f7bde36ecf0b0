"""The S3-compatible store: packages as objects in one bucket (SeaweedFS, Ceph RGW, Garage, AWS...).

Why botocore directly: it is the S3 client AWS itself keeps (released every week), it names the
conditional create in its public API (PutObject `IfNoneMatch="*"`) and the SHA-256 integrity
header (`ChecksumSHA256`, checked by the server before it stores anything), and it brings only
urllib3, jmespath and python-dateutil. boto3 would add a resource layer and s3transfer we do not
use; the MinIO client names neither conditional header in `put_object` (it would need its private
`_put_object`) and pulls in pycryptodome and argon2-cffi. A botocore client is thread-safe, so one
store serves all of a server's threads.

Write once:
  * PUT with `If-None-Match: *` (AWS since 2024, SeaweedFS, Ceph, MinIO): the server creates the
    key only if it does not exist; 412 means it does, and we then read it back and check it holds
    our bytes (content addressing: it must, else ObjectCorrupt) - so putting twice is a success.
  * a server that answers 501 NotImplemented to the header (older gateways), or a store configured
    with `conditional_writes = false`, gets HEAD then PUT. The race this leaves: two writers both
    see "absent" and both PUT. Both PUT the same bytes - the key is the SHA-256 of the body we
    send and the server verifies `x-amz-checksum-sha256` before storing - and an S3 PUT replaces
    an object atomically, so a reader sees one complete copy of the same bytes either way. Nothing
    is lost and nothing differs; the cost is one redundant write (and one extra version on a
    versioned bucket). A server that silently ignores the header behaves the same way.
  * every GET re-computes the SHA-256: what an operator with the bucket's keys (or a broken disk)
    changed is refused as ObjectCorrupt, never handed on.

One hash of the bytes per PUT: the SHA-256 that names the object is also the signed
`x-amz-checksum-sha256` header, which the server checks against the body before it stores it
(SeaweedFS in putToFiler, AWS S3). SigV4 may sign the body too (`x-amz-content-sha256`: a second
SHA-256 over 480 KB in the intake process, which SeaweedFS does not even check for a plain PUT);
that adds nothing where nobody can alter the body in transit - over https (TLS) or to a store on
the loopback - so there the request says UNSIGNED-PAYLOAD, the AWS SDKs' own default over https.
To another machine over plain http the body stays signed unless the operator sets
`payload_signing = false` (see `payload_signing_default`). Either way a body altered in transit is
refused by the checksum, and an object altered at rest by the next read.
"""
from __future__ import annotations

import base64
import configparser
import ipaddress
import logging
import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from workstation.centre.object_store.base import (
    KEY_PREFIX,
    CredentialsRefused,
    ObjectCorrupt,
    ObjectMissing,
    ObjectRef,
    ObjectStoreError,
    StoreHealth,
    StoredObject,
    StoreSettingsInvalid,
    StoreUnreachable,
    sha256_of_key,
    verified,
)

log = logging.getLogger(__name__)

# AccessDenied is not among them: the store knew the key and checked the signature, then refused
# this bucket (a bucket-scoped identity asked for another, or a wrong bucket name): a settings error
_CREDENTIAL_CODES = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken",
                     "ExpiredToken", "AuthorizationHeaderMalformed", "403", "401"}
_MISSING_CODES = {"NoSuchKey", "404", "NotFound"}


class S3Store:
    kind = "s3"

    def __init__(self, endpoint: str, bucket: str, access_key: str, secret_key: str, *,
                 region: str = "us-east-1", conditional_writes: bool = True, ca_file: str | None = None,
                 connect_timeout: float = 3.0, read_timeout: float = 30.0, max_connections: int = 16,
                 payload_signing: bool | None = None) -> None:
        import botocore.session                                   # a folder site never loads it
        from botocore.config import Config

        self.endpoint = endpoint.rstrip("/")
        self.bucket = bucket
        self.location = f"{self.endpoint}/{bucket}"
        self._conditional = conditional_writes
        self._lock = threading.Lock()
        # None: the default for this endpoint (off over https and on the loopback, see the docstring)
        self.payload_signing = payload_signing_default(self.endpoint) if payload_signing is None else payload_signing
        config = Config(
            # path style works with every S3 server, no DNS
            s3={"addressing_style": "path", "payload_signing_enabled": self.payload_signing},
            retries={"max_attempts": 2, "mode": "standard"},
            connect_timeout=connect_timeout, read_timeout=read_timeout,
            max_pool_connections=max_connections,               # >= the intake's threads (8): no waits
            # we send and check SHA-256 ourselves: no CRC32 trailers a smaller server may not know
            request_checksum_calculation="when_required", response_checksum_validation="when_required",
        )
        session = botocore.session.get_session()
        session.set_config_variable("credentials_file", os.devnull)   # only what we were given
        session.set_config_variable("config_file", os.devnull)
        self._client = session.create_client(
            "s3", endpoint_url=self.endpoint, region_name=region, aws_access_key_id=access_key,
            aws_secret_access_key=secret_key, config=config,
            verify=ca_file if ca_file else True)

    # --- the contract ----------------------------------------------------------------------------

    def put(self, data: bytes) -> ObjectRef:
        ref = ObjectRef.of(data)
        for attempt in range(3):
            if not self._conditional:
                if self.exists(ref):
                    self.get(ref)                                  # same bytes: idempotent success
                    return ref
                self._put(ref, data, conditional=False)
                return ref
            try:
                self._put(ref, data, conditional=True)
                return ref
            except _PreconditionFailed:
                self.get(ref)                                      # it exists: it must be our bytes
                return ref
            except _NotImplemented:
                log.warning("the store %s does not take If-None-Match: writing with HEAD then PUT", self.location)
                with self._lock:
                    self._conditional = False
            except _ConcurrentCreate:
                # AWS: another create of this key is in flight (409); once it lands it holds our bytes
                time.sleep(0.2 * (attempt + 1))
        raise StoreUnreachable(self.location, "a concurrent create of the same object did not finish")

    def get(self, ref: ObjectRef) -> bytes:
        body = None
        try:
            answer = self._client.get_object(Bucket=self.bucket, Key=ref.key)
            body = answer["Body"]
            data = body.read()
        except Exception as exc:  # noqa: BLE001 - mapped to a typed error, never passed on raw
            raise self._typed(exc, ref) from exc
        finally:
            if body is not None:
                body.close()
        return verified(ref, data, self.location)

    def exists(self, ref: ObjectRef) -> bool:
        try:
            self._client.head_object(Bucket=self.bucket, Key=ref.key)
        except Exception as exc:  # noqa: BLE001
            typed = self._typed(exc, ref)
            if isinstance(typed, ObjectMissing):
                return False
            raise typed from exc
        return True

    def health(self) -> StoreHealth:
        try:
            self._client.head_bucket(Bucket=self.bucket)
        except Exception as exc:  # noqa: BLE001
            if _code(exc) == "403":
                # HEAD has no body to say why: a listing's error code tells a refused key or
                # signature from a bucket these credentials may not see
                try:
                    self._client.list_objects_v2(Bucket=self.bucket, MaxKeys=1)
                except Exception as listed:  # noqa: BLE001
                    exc = listed
            return StoreHealth(self.kind, self.location, self._typed(exc, None))
        return StoreHealth(self.kind, self.location)

    def create_bucket(self) -> None:
        """Set-up only (the bucket is the administrator's, like the database): made if absent."""
        try:
            self._client.create_bucket(Bucket=self.bucket)
        except Exception as exc:  # noqa: BLE001
            if _code(exc) in ("BucketAlreadyOwnedByYou", "BucketAlreadyExists"):
                return
            raise self._typed(exc, None) from exc

    # --- listing and removal (centre store-sweep only) -------------------------------------------

    def listing(self) -> Iterator[StoredObject]:
        """ListObjectsV2 under packages/, page by page (1,000 keys each): S3 lists in ascending
        UTF-8 order of key, which for our keys is the order of the SHA-256."""
        token: str | None = None
        while True:
            request = {"Bucket": self.bucket, "Prefix": f"{KEY_PREFIX}/", "MaxKeys": 1000}
            if token:
                request["ContinuationToken"] = token
            try:
                page = self._client.list_objects_v2(**request)
            except Exception as exc:  # noqa: BLE001
                raise self._typed(exc, None) from exc
            for item in page.get("Contents", []):
                sha256 = sha256_of_key(str(item.get("Key", "")))
                if sha256 is not None:
                    yield StoredObject(sha256, int(item["Size"]), item["LastModified"])
            if not page.get("IsTruncated"):
                return
            token = page.get("NextContinuationToken")
            if not token:
                raise StoreUnreachable(self.location, "a truncated listing without a continuation token")

    def delete(self, sha256: str) -> None:
        ref = ObjectRef(sha256, 0)
        try:
            self._client.delete_object(Bucket=self.bucket, Key=ref.key)
        except Exception as exc:  # noqa: BLE001
            typed = self._typed(exc, ref)
            if not isinstance(typed, ObjectMissing):
                raise typed from exc

    # --- the mechanics ---------------------------------------------------------------------------

    def _put(self, ref: ObjectRef, data: bytes, *, conditional: bool) -> None:
        extra = {"IfNoneMatch": "*"} if conditional else {}
        try:
            self._client.put_object(
                Bucket=self.bucket, Key=ref.key, Body=data, ContentType="application/octet-stream",
                ChecksumSHA256=base64.b64encode(bytes.fromhex(ref.sha256)).decode(), **extra)
        except Exception as exc:  # noqa: BLE001
            code = _code(exc)
            if code in ("PreconditionFailed", "412"):
                raise _PreconditionFailed from exc
            if code == "ConditionalRequestConflict":
                raise _ConcurrentCreate from exc
            if code in ("NotImplemented", "501"):
                raise _NotImplemented from exc
            raise self._typed(exc, ref) from exc

    def _typed(self, exc: Exception, ref: ObjectRef | None) -> ObjectStoreError:
        from botocore import exceptions as bx

        if isinstance(exc, ObjectStoreError):
            return exc
        if isinstance(exc, (bx.EndpointConnectionError, bx.ConnectTimeoutError, bx.ReadTimeoutError,
                            bx.ConnectionClosedError, bx.HTTPClientError)):
            return StoreUnreachable(self.location, f"{type(exc).__name__}: {exc}")
        if isinstance(exc, bx.SSLError):
            return StoreUnreachable(self.location, f"TLS: {exc}")
        if isinstance(exc, bx.ClientError):
            code = _code(exc)
            status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
            if code in _CREDENTIAL_CODES:
                return CredentialsRefused(self.location, code)
            if code in _MISSING_CODES and ref is not None:
                return ObjectMissing(ref, self.location, code)
            if code == "AccessDenied":
                return StoreSettingsInvalid("bucket", f"the bucket '{self.bucket}' does not exist at {self.endpoint} "
                                                      "or these credentials may not use it (AccessDenied)")
            if code in ("NoSuchBucket", "404", "NotFound"):
                return StoreSettingsInvalid("bucket", f"the bucket '{self.bucket}' does not exist at {self.endpoint}")
            if code == "InvalidBucketName":
                return StoreSettingsInvalid("bucket", f"the store refuses '{self.bucket}' as a bucket name")
            if code in ("BadDigest", "XAmzContentSHA256Mismatch", "InvalidDigest") and ref is not None:
                return ObjectCorrupt(ref, self.location, f"the store received other bytes: {code}")
            return StoreUnreachable(self.location, f"HTTP {status} {code}")
        if isinstance(exc, bx.BotoCoreError):
            return StoreUnreachable(self.location, f"{type(exc).__name__}: {exc}")
        if isinstance(exc, OSError):                               # a body read cut short
            return StoreUnreachable(self.location, f"{type(exc).__name__}: {exc}")
        raise exc


class _PreconditionFailed(Exception):
    pass


class _NotImplemented(Exception):
    pass


class _ConcurrentCreate(Exception):
    pass


def payload_signing_default(endpoint: str) -> bool:
    """Whether SigV4 should also sign the body (a second SHA-256 of it) for this endpoint by
    default: not over https, not to a loopback address (nobody stands between the centre and the
    store to alter it, and the signed checksum header covers it anyway); yes over plain http to any
    other host, where only a server that checks the checksum header would notice an altered body."""
    parts = urlsplit(endpoint)
    if parts.scheme == "https":
        return False
    host = (parts.hostname or "").lower()
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True                                            # a name: it may resolve anywhere


def _code(exc: Exception) -> str:
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return ""
    return str(response.get("Error", {}).get("Code", "") or response.get("ResponseMetadata", {}).get("HTTPStatusCode", ""))


def read_credentials(path: Path | str, profile: str = "default") -> tuple[str, str]:
    """The access key and secret from a credentials file in the AWS shared format
    ([profile] aws_access_key_id = ..., aws_secret_access_key = ...), the format the aws CLI,
    rclone and s3cmd read too. Refused when group or others may read it (like ssh's keys): a
    secret others can read is no longer the centre's alone."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as exc:
        raise StoreSettingsInvalid("credentials_file", f"cannot read {path}: {exc.strerror}") from exc
    with os.fdopen(fd, encoding="utf-8") as handle:
        if stat.S_IMODE(os.fstat(handle.fileno()).st_mode) & 0o077:
            raise StoreSettingsInvalid("credentials_file", f"{path} may be read by others: chmod 600 it")
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read_file(handle)
        except (configparser.Error, UnicodeDecodeError) as exc:
            raise StoreSettingsInvalid("credentials_file", f"{path} is not in the credentials format") from exc
    if not parser.has_section(profile):
        raise StoreSettingsInvalid("credentials_profile", f"{path} has no [{profile}] section")
    key = parser.get(profile, "aws_access_key_id", fallback="").strip()
    secret = parser.get(profile, "aws_secret_access_key", fallback="").strip()
    if not key or not secret:
        raise StoreSettingsInvalid("credentials_file",
                                   f"[{profile}] in {path} needs aws_access_key_id and aws_secret_access_key")
    return key, secret
